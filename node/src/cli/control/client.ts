import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, reportFailure } from '../output.js'
import { COMMAND_ENV, type CliIo } from '../io.js'
import { MAX_LINE_BYTES, POINTER_NAME, REQUEST_DEADLINE_MS, SOCKET_NAME } from './constants.js'
import { FrameEncodingError, frame, LineFramer } from './framing.js'
import { errorResponse, parseRpcMessage, request, result, RpcErrorCode, type RpcId, type RpcMessage } from './rpc.js'
import { clientSocketPath, removeSocket, socketIsThere } from './socket-path.js'

/** How a command line goes to a running node. */
export interface ForwardOptions {
  dataDir: string
  /** The whole command line, command first. */
  argv: string[]
  passphrase: string
  /** This process's side: output, secrets and prompts, environment. */
  io: CliIo
  /** For reporting a failure of the channel itself the way the command would. */
  command: string
  json: boolean
  /** How long to wait for the answer; a little over the server's own deadline by default. */
  timeoutMs?: number
}

/** Only secrets of the CLI's own are read for a running node. */
const SECRET_ENV = /^PARLEY_[A-Z_]{1,40}$/

/**
 * Runs the command through the node serving `dataDir`, if one does: resolves with its exit
 * status, or undefined when none runs (no socket, or a stale one left by a killed node, which is
 * removed) so that the caller opens the folder itself.
 */
export async function forwardToRunningNode (options: ForwardOptions): Promise<number | undefined> {
  const path = await clientSocketPath(options.dataDir)
  if (!await socketIsThere(path)) return undefined
  let socket: Socket
  try {
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(path)
      s.once('connect', () => { s.off('error', reject); resolve(s) })
      s.once('error', reject)
    })
  } catch (err: any) {
    // Nobody listens: the node that made it is gone (killed). Its store lock went with it.
    if (err?.code === 'ECONNREFUSED' || err?.code === 'ENOENT') {
      await removeSocket({ path, ...(path === join(options.dataDir, SOCKET_NAME) ? {} : { pointer: join(options.dataDir, POINTER_NAME) }) }).catch(() => {})
      return undefined
    }
    throw err
  }
  try {
    return await exchange(socket, options)
  } finally {
    socket.destroy()
  }
}

/** Sends "run" and serves the node's calls back until the answer comes. */
async function exchange (socket: Socket, options: ForwardOptions): Promise<number> {
  const { io } = options
  const env: Record<string, string> = {}
  for (const name of COMMAND_ENV) { const v = io.env[name]; if (v !== undefined) env[name] = v }
  const runId: RpcId = 1
  const framer = new LineFramer(MAX_LINE_BYTES)
  const send = (message: unknown): void => { if (!socket.destroyed) socket.write(frame(message)) }
  const fail = (message: string, code = 'CONTROL_FAILED'): number => {
    reportFailure(io, options.json, options.command, { code, message })
    return 1
  }
  return await new Promise<number>(resolve => {
    let settled = false
    const finish = (code: number): void => { if (!settled) { settled = true; clearTimeout(timer); resolve(code) } }
    const timer = setTimeout(() => { finish(fail('the running parley node did not answer in time')) }, options.timeoutMs ?? REQUEST_DEADLINE_MS + 5000)
    // Calls are answered one after another, so output keeps its order.
    let queue = Promise.resolve()
    socket.on('data', (chunk: Buffer) => {
      let lines
      try {
        lines = framer.push(chunk)
      } catch {
        finish(fail('the running parley node sent a message that was too long'))
        return
      }
      for (const text of lines) {
        queue = queue.then(async () => {
          if (settled) return
          if (text instanceof FrameEncodingError) { finish(fail('the running parley node sent a message that was not UTF-8')); return }
          let message: RpcMessage
          try {
            message = parseRpcMessage(text)
          } catch {
            finish(fail('the running parley node sent something that is not JSON-RPC'))
            return
          }
          if (message.kind === 'request') { send(await answer(message.id, message.method, message.params, io)); return }
          if (message.kind === 'result' && message.id === runId) {
            const exitCode = (message.result as { exitCode?: unknown } | null)?.exitCode
            finish(Number.isSafeInteger(exitCode) ? exitCode as number : fail('the running parley node gave no exit status'))
          } else if (message.kind === 'error' && (message.id === runId || message.id === null)) {
            finish(fail(message.error.message, message.error.data?.code ?? 'CONTROL_FAILED'))
          }
        })
      }
    })
    socket.on('close', () => { void queue.then(() => { finish(fail('the running parley node stopped before the command finished')) }) })
    socket.on('error', () => {})
    send(request(runId, 'run', { argv: options.argv, passphrase: options.passphrase, env, interactive: io.interactive }))
  })
}

/** Does what the node asks of this side: print, read a secret, ask the person. */
async function answer (id: RpcId, method: string, params: unknown, io: CliIo): Promise<unknown> {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>
  try {
    if (method === 'write' && (p.stream === 'stdout' || p.stream === 'stderr') && typeof p.text === 'string') {
      return result(id, { written: await io.write(p.stream, p.text) })
    }
    if (method === 'secret' && typeof p.env === 'string' && SECRET_ENV.test(p.env) && typeof p.prompt === 'string' && (p.file === undefined || typeof p.file === 'string')) {
      return result(id, { value: await io.secret(p.file as string | undefined, p.env, p.prompt) })
    }
    if (method === 'ask' && typeof p.question === 'string') return result(id, { answer: await io.askHidden(p.question) })
    return errorResponse(id, { code: RpcErrorCode.METHOD_NOT_FOUND, message: `no method "${method.slice(0, 64)}" with those params here` })
  } catch (err) {
    const { code, message } = describe(err)
    return errorResponse(id, { code: RpcErrorCode.CLIENT_FAILED, message, data: { code } })
  }
}
