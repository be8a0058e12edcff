import { chmod } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { NodeError } from '../../errors.js'
import { COMMAND_ENV, type CliIo, type StreamName } from '../io.js'
import { CliError } from '../output.js'
import { PassphraseCheck } from './auth.js'
import { IDLE_TIMEOUT_MS, MAX_ARGS, MAX_CONNECTIONS, MAX_LINE_BYTES, MAX_PASSPHRASE_LENGTH, REQUEST_DEADLINE_MS, WRITE_CHUNK_UNITS } from './constants.js'
import { FrameEncodingError, FrameTooLargeError, frame, LineFramer } from './framing.js'
import { errorResponse, parseRpcMessage, request, result, RpcErrorCode, RpcFailure, type RpcErrorObject, type RpcId, type RpcMessage } from './rpc.js'
import { clientSocketPath, removeSocket, serverSocketPlace, writePointer, type SocketPlace } from './socket-path.js'

/** One command line sent to the running node, with what it needs from the client's side. */
export interface RunRequest {
  argv: string[]
  passphrase: string
  /** The client's values of the environment variables in COMMAND_ENV. */
  env: Record<string, string>
  /** Whether the client has a person at a terminal. */
  interactive: boolean
}

/** Runs a command line against the running node, through `io`; resolves with its exit status. */
export type RunHandler = (request: RunRequest, io: CliIo) => Promise<number>

/** The bounds of the control socket (see constants.ts for the defaults and their reasons). */
export interface ControlLimits {
  maxLineBytes: number
  requestDeadlineMs: number
  idleTimeoutMs: number
  maxConnections: number
  /** How long a wrong passphrase waits for its answer, one at a time: no faster to guess than the keystore's KDF. */
  refusalDelayMs: number
}

/** How a control server is started. */
export interface ControlServerOptions {
  dataDir: string
  /** The passphrase the node was opened with: only its keyed digest is kept. */
  passphrase: string
  run: RunHandler
  limits?: Partial<ControlLimits>
}

/** The local control socket of a running node: serves the other `parley` commands on its data folder. */
export class ControlServer {
  private readonly connections = new Set<Connection>()
  private queue: Promise<void> = Promise.resolve()
  private refusals: Promise<void> = Promise.resolve()

  private constructor (private readonly server: Server, private readonly place: SocketPlace, readonly check: PassphraseCheck, readonly limits: ControlLimits, readonly run: RunHandler) {
    server.on('connection', socket => { this.accept(socket) })
    // A failed accept must not end the node; the socket stays for the next one.
    server.on('error', () => {})
  }

  /** Where the socket is. */
  get path (): string { return this.place.path }

  /** Opens the socket (0600); one left by a node that is gone is replaced: the caller holds the store, so no live node serves it. */
  static async start (options: ControlServerOptions): Promise<ControlServer> {
    const limits: ControlLimits = { maxLineBytes: MAX_LINE_BYTES, requestDeadlineMs: REQUEST_DEADLINE_MS, idleTimeoutMs: IDLE_TIMEOUT_MS, maxConnections: MAX_CONNECTIONS, refusalDelayMs: 1000, ...options.limits }
    const check = new PassphraseCheck(options.passphrase)
    const place = await serverSocketPlace(options.dataDir)
    const previous = await clientSocketPath(options.dataDir)
    await removeSocket({ path: previous })
    await removeSocket(place)
    const server = createServer({ allowHalfOpen: false })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(place.path, () => { server.off('error', reject); resolve() })
    })
    // Node has no SO_PEERCRED: the guard is the owner-only socket in an owner-only folder, then the passphrase.
    await chmod(place.path, 0o600)
    await writePointer(place)
    return new ControlServer(server, place, check, limits, options.run)
  }

  /** Stops serving: the running command gets a moment to finish, then the socket is removed. */
  async close (graceMs = 5000): Promise<void> {
    const closed = new Promise<void>(resolve => this.server.close(() => { resolve() }))
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.queue, new Promise<void>(resolve => { timer = setTimeout(resolve, graceMs) })])
    clearTimeout(timer)
    for (const c of this.connections) c.destroy()
    await closed
    await removeSocket(this.place).catch(() => {})
  }

  /** Runs commands one after another: they share one node, as they would share its folder. */
  enqueue (job: () => Promise<void>, expired: Promise<void>): void {
    this.queue = this.queue.then(async () => { await Promise.race([job(), expired]) }).catch(() => {})
  }

  /** Whether `passphrase` is right; a wrong one is answered only after the others before it, each after a delay. */
  async authorise (passphrase: string): Promise<boolean> {
    if (this.check.matches(passphrase)) return true
    const turn = this.refusals.then(async () => { await new Promise(resolve => setTimeout(resolve, this.limits.refusalDelayMs)) })
    this.refusals = turn
    await turn
    return false
  }

  /** Forgets a connection that closed. */
  forget (c: Connection): void { this.connections.delete(c) }

  private accept (socket: Socket): void {
    if (this.connections.size >= this.limits.maxConnections) {
      socket.on('error', () => {})
      socket.end(frame(errorResponse(null, { code: RpcErrorCode.BUSY, message: 'the running node is serving too many connections: try again' })))
      return
    }
    this.connections.add(new Connection(socket, this))
  }
}

/** One client connection: one command at a time, then perhaps another. */
class Connection {
  private readonly framer: LineFramer
  private active: ActiveRun | undefined

  constructor (private readonly socket: Socket, private readonly server: ControlServer) {
    this.framer = new LineFramer(server.limits.maxLineBytes)
    socket.on('data', (chunk: Buffer) => { this.receive(chunk) })
    socket.on('error', () => {})
    socket.on('close', () => { this.active?.abandon(); server.forget(this) })
    socket.on('timeout', () => { if (this.active === undefined) socket.destroy() })
    socket.setTimeout(server.limits.idleTimeoutMs)
  }

  destroy (): void { this.socket.destroy() }

  /** Sends one message; false once the connection is gone. */
  send (message: unknown): boolean {
    if (this.socket.destroyed || !this.socket.writable) return false
    this.socket.write(frame(message))
    return true
  }

  /** The run on this connection ended (answered, timed out or abandoned). */
  ended (run: ActiveRun): void {
    if (this.active === run) this.active = undefined
  }

  private receive (chunk: Buffer): void {
    let lines
    try {
      lines = this.framer.push(chunk)
    } catch (err) {
      if (!(err instanceof FrameTooLargeError)) throw err
      // The rest of the stream cannot be cut into messages any more: answer and hang up.
      this.send(errorResponse(null, { code: RpcErrorCode.TOO_LARGE, message: err.message }))
      this.socket.end()
      this.socket.pause()
      return
    }
    for (const text of lines) {
      try {
        if (text instanceof FrameEncodingError) throw new RpcFailure(RpcErrorCode.PARSE_ERROR, text.message)
        this.handle(parseRpcMessage(text))
      } catch (err) {
        const failure = err instanceof RpcFailure ? err : new RpcFailure(RpcErrorCode.INTERNAL_ERROR, 'the message could not be handled')
        this.send(errorResponse(null, failure.toObject()))
      }
    }
  }

  private handle (message: RpcMessage): void {
    if (message.kind === 'result' || message.kind === 'error') { this.active?.settle(message); return }
    // Notifications get no answer (JSON-RPC 2.0 §4.1), and this server has none to act on.
    if (message.kind === 'notification') return
    const { id } = message
    if (message.method !== 'run') { this.send(errorResponse(id, { code: RpcErrorCode.METHOD_NOT_FOUND, message: `no method "${message.method.slice(0, 64)}": the control socket has "run"` })); return }
    if (this.active !== undefined) { this.send(errorResponse(id, { code: RpcErrorCode.BUSY, message: 'a command is already running on this connection' })); return }
    let params: RunRequest
    try {
      params = runParams(message.params)
    } catch (err) {
      this.send(errorResponse(id, (err as RpcFailure).toObject()))
      return
    }
    const run = new ActiveRun(this, id, this.server.limits.requestDeadlineMs)
    this.active = run
    this.server.enqueue(async () => {
      if (!await this.server.authorise(params.passphrase)) {
        run.answer(undefined, { code: RpcErrorCode.UNAUTHORIZED, message: 'wrong passphrase', data: { code: 'WRONG_PASSPHRASE' } })
        return
      }
      if (run.over) return
      const io = run.io(params)
      let exitCode: number
      try {
        exitCode = await this.server.run(params, io)
        await io.drain()
      } catch {
        run.answer(undefined, { code: RpcErrorCode.INTERNAL_ERROR, message: 'the command failed inside the running node', data: { code: 'INTERNAL' } })
        return
      }
      run.answer({ exitCode })
    }, run.expired)
  }
}

/** A command running for a connection: its deadline, and the calls it makes back to the client. */
class ActiveRun {
  private readonly pending = new Map<string, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  private next = 0
  private readonly timer: NodeJS.Timeout
  private expire: (() => void) | undefined
  /** Aborted once nobody waits for the command (the client went away, or its time ran out): its node calls stop. */
  private readonly cancel = new AbortController()
  /** Settles when the deadline passes (or the client goes away): the queue moves on then. */
  readonly expired = new Promise<void>(resolve => { this.expire = resolve })
  /** Set once the request is answered, timed out or abandoned: nothing more goes to the client. */
  over = false

  constructor (private readonly connection: Connection, private readonly id: RpcId, deadlineMs: number) {
    this.timer = setTimeout(() => {
      const message = `the command did not finish within ${Math.round(deadlineMs / 1000)} s`
      this.answer(undefined, { code: RpcErrorCode.DEADLINE_EXCEEDED, message, data: { code: 'CONTROL_FAILED' } })
      this.cancel.abort(new CliError('CONTROL_FAILED', message))
    }, deadlineMs)
  }

  /** Answers the request once; later answers are dropped. */
  answer (value: unknown, error?: RpcErrorObject): void {
    if (this.over) return
    this.connection.send(error === undefined ? result(this.id, value) : errorResponse(this.id, error))
    this.end()
  }

  /** The client went away: the command's output has nowhere to go, so the command is cancelled. */
  abandon (): void {
    if (this.over) return
    this.cancel.abort(new CliError('CONTROL_FAILED', 'the command was cancelled: its client went away'))
    this.end()
  }

  /** A response from the client to one of this run's calls. */
  settle (message: Extract<RpcMessage, { kind: 'result' | 'error' }>): void {
    const waiting = typeof message.id === 'string' ? this.pending.get(message.id) : undefined
    if (waiting === undefined || message.id === null) return
    this.pending.delete(message.id as string)
    if (message.kind === 'result') waiting.resolve(message.result)
    else waiting.reject(message.error.data?.code === 'BAD_INPUT' ? new NodeError('BAD_INPUT', message.error.message) : new CliError('CONTROL_FAILED', message.error.message))
  }

  /** The client's side as the command's CliIo. */
  io (params: RunRequest): CliIo {
    const writes = new Set<Promise<boolean>>()
    const write = async (stream: StreamName, text: string): Promise<boolean> => {
      const calls = chunks(text).map(async piece => (await this.call('write', { stream, text: piece }) as { written?: unknown })?.written === true)
      return (await Promise.all(calls)).every(Boolean)
    }
    return {
      write: (stream, text) => {
        const done = write(stream, text).catch(() => false)
        writes.add(done)
        void done.then(() => writes.delete(done))
        return done
      },
      secret: async (file, env, prompt) => answerText(await this.call('secret', { file, env, prompt }), 'value'),
      askHidden: async question => answerText(await this.call('ask', { question }), 'answer'),
      env: params.env,
      interactive: params.interactive,
      drain: async () => { await Promise.all([...writes]) },
      signal: this.cancel.signal
    }
  }

  private call (method: string, params: unknown): Promise<unknown> {
    if (this.over) return Promise.reject(new CliError('CONTROL_FAILED', 'the command is over: its client is gone or its time ran out'))
    const id = `s${++this.next}`
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      if (!this.connection.send(request(id, method, params))) { this.pending.delete(id); reject(new CliError('CONTROL_FAILED', 'the client is gone')) }
    })
  }

  private end (): void {
    if (this.over) return
    this.over = true
    clearTimeout(this.timer)
    for (const { reject } of this.pending.values()) reject(new CliError('CONTROL_FAILED', 'the command is over: its client is gone or its time ran out'))
    this.pending.clear()
    this.expire?.()
    this.connection.ended(this)
  }
}

/** `text` in pieces of at most WRITE_CHUNK_UNITS, never cutting a surrogate pair. */
function chunks (text: string): string[] {
  if (text.length <= WRITE_CHUNK_UNITS) return [text]
  const out: string[] = []
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + WRITE_CHUNK_UNITS, text.length)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
    out.push(text.slice(i, end))
    i = end
  }
  return out
}

function answerText (answer: unknown, field: string): string {
  const value = (answer as Record<string, unknown> | null)?.[field]
  if (typeof value !== 'string') throw new CliError('CONTROL_FAILED', `the client's answer had no "${field}" text`)
  return value
}

/** The params of "run", checked field by field. */
function runParams (params: unknown): RunRequest {
  const bad = (why: string): RpcFailure => new RpcFailure(RpcErrorCode.INVALID_PARAMS, `"run" params: ${why}`)
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw bad('expected an object { argv, passphrase, env, interactive }')
  const p = params as Record<string, unknown>
  if (!Array.isArray(p.argv) || p.argv.length === 0 || p.argv.length > MAX_ARGS || !p.argv.every(a => typeof a === 'string')) throw bad(`"argv" expected 1 to ${MAX_ARGS} strings`)
  if (typeof p.passphrase !== 'string' || p.passphrase.length === 0 || p.passphrase.length > MAX_PASSPHRASE_LENGTH) throw bad(`"passphrase" expected a string of 1 to ${MAX_PASSPHRASE_LENGTH} characters`)
  if (typeof p.interactive !== 'boolean') throw bad('"interactive" expected true or false')
  const env: Record<string, string> = {}
  if (p.env !== undefined) {
    if (typeof p.env !== 'object' || p.env === null || Array.isArray(p.env)) throw bad('"env" expected an object')
    for (const [name, value] of Object.entries(p.env)) {
      if (!(COMMAND_ENV as readonly string[]).includes(name)) throw bad(`"env" may hold only ${COMMAND_ENV.join(', ')}`)
      if (typeof value !== 'string') throw bad(`"env.${name}" expected a string`)
      env[name] = value
    }
  }
  return { argv: p.argv as string[], passphrase: p.passphrase, env, interactive: p.interactive }
}
