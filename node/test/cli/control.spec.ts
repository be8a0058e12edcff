import { expect } from 'chai'
import { mkdtemp, rm, stat, readFile, writeFile } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassphraseCheck } from '../../src/cli/control/auth.js'
import { forwardToRunningNode } from '../../src/cli/control/client.js'
import { FrameEncodingError, FrameTooLargeError, LineFramer } from '../../src/cli/control/framing.js'
import { parseRpcMessage, RpcErrorCode, RpcFailure } from '../../src/cli/control/rpc.js'
import { ControlServer, type RunHandler } from '../../src/cli/control/server.js'
import type { CliIo } from '../../src/cli/io.js'

const PASSPHRASE = 'the right passphrase'

/** A CliIo that keeps what is written, with secrets from a table. */
function capture (secrets: Record<string, string> = {}): CliIo & { stdout: string, stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    async write (stream: 'stdout' | 'stderr', text: string) { io[stream] += text; return true },
    async secret (_file: string | undefined, env: string, prompt: string) {
      const value = secrets[env]
      if (value === undefined) throw Object.assign(new Error(`${prompt} needed`), { code: 'BAD_INPUT' })
      return value
    },
    async askHidden () { return '' },
    env: { PARLEY_RELAY: 'http://relay.example' },
    interactive: false,
    async drain () {}
  }
  return io
}

/** Sends raw lines on the socket and collects the lines that come back. */
async function rawExchange (path: string, data: string | Buffer, expectLines: number): Promise<any[]> {
  const socket = connect(path)
  let text = ''
  const lines = await new Promise<string[]>((resolve, reject) => {
    socket.on('data', (d: Buffer) => { text += d.toString(); const l = text.split('\n').filter(x => x !== ''); if (l.length >= expectLines) resolve(l) })
    socket.on('error', reject)
    socket.on('close', () => resolve(text.split('\n').filter(x => x !== '')))
    socket.write(data)
  })
  socket.destroy()
  return lines.map(l => JSON.parse(l))
}

describe('LineFramer', () => {
  it('cuts a stream into lines, across chunks, dropping CR before a newline', () => {
    const f = new LineFramer(100)
    expect(f.push(Buffer.from('{"a":1}\n{"b"'))).to.deep.equal(['{"a":1}'])
    expect(f.push(Buffer.from(':2}\r\n\n'))).to.deep.equal(['{"b":2}', ''])
  })

  it('refuses a line over the limit, even one that never ends', () => {
    const f = new LineFramer(10)
    expect(f.push(Buffer.from('0123456789\n'))).to.deep.equal(['0123456789'])
    expect(() => f.push(Buffer.from('01234567890'))).to.throw(FrameTooLargeError)
    const g = new LineFramer(10)
    g.push(Buffer.from('012345'))
    expect(() => g.push(Buffer.from('6789A'))).to.throw(FrameTooLargeError)
  })

  it('gives an undecodable line as an error in its place and goes on', () => {
    const f = new LineFramer(100)
    const lines = f.push(Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('ok\n')]))
    expect(lines[0]).to.be.instanceOf(FrameEncodingError)
    expect(lines[1]).to.equal('ok')
  })
})

describe('parseRpcMessage', () => {
  const codeOf = (text: string): number => { try { parseRpcMessage(text); return 0 } catch (err) { return (err as RpcFailure).code } }

  it('reads requests, notifications, results and errors', () => {
    expect(parseRpcMessage('{"jsonrpc":"2.0","id":1,"method":"run","params":{}}')).to.deep.equal({ kind: 'request', id: 1, method: 'run', params: {} })
    expect(parseRpcMessage('{"jsonrpc":"2.0","method":"x"}').kind).to.equal('notification')
    expect(parseRpcMessage('{"jsonrpc":"2.0","id":"s1","result":{"written":true}}')).to.deep.equal({ kind: 'result', id: 's1', result: { written: true } })
    expect(parseRpcMessage('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"no"}}')).to.deep.equal({ kind: 'error', id: null, error: { code: -32700, message: 'no' } })
  })

  it('answers garbage with a parse error and wrong shapes with an invalid request', () => {
    expect(codeOf('garbage')).to.equal(RpcErrorCode.PARSE_ERROR)
    expect(codeOf('')).to.equal(RpcErrorCode.PARSE_ERROR)
    for (const bad of ['[]', '1', '{"id":1,"method":"run"}', '{"jsonrpc":"1.0","id":1,"method":"run"}', '{"jsonrpc":"2.0","id":{},"method":"run"}', '{"jsonrpc":"2.0","id":1,"method":"run","params":3}', '{"jsonrpc":"2.0","id":1}', `{"jsonrpc":"2.0","id":"${'x'.repeat(65)}","method":"run"}`]) {
      expect(codeOf(bad), bad).to.equal(RpcErrorCode.INVALID_REQUEST)
    }
  })
})

describe('PassphraseCheck', () => {
  it('accepts the passphrase, refuses any other, and reads it as the keystore does (NFKC)', () => {
    const check = new PassphraseCheck('caf\u00e9 au lait')
    expect(check.matches('caf\u00e9 au lait')).to.equal(true)
    expect(check.matches('cafe\u0301 au lait')).to.equal(true)
    expect(check.matches('cafe au lait')).to.equal(false)
    expect(check.matches('')).to.equal(false)
    expect(check.matches(undefined as unknown as string)).to.equal(false)
    expect(() => new PassphraseCheck('')).to.throw(TypeError)
  })

  it('keeps neither the passphrase nor its plain hash', () => {
    const check = new PassphraseCheck(PASSPHRASE)
    expect(JSON.stringify(Object.values(check).map(v => Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))).to.not.include(PASSPHRASE)
  })
})

describe('ControlServer', function () {
  this.timeout(10_000)
  let dir: string
  let server: ControlServer | undefined
  const runs: string[][] = []
  const echo: RunHandler = async (request, io) => {
    runs.push(request.argv)
    if (request.argv[0] === 'slow') await new Promise(resolve => setTimeout(resolve, 2000))
    if (request.argv[0] === 'secret') {
      const value = await io.secret(undefined, 'PARLEY_PASSWORD', 'Account password')
      void io.write('stdout', `got ${value.length} characters\n`)
      return 0
    }
    void io.write('stdout', `ran ${request.argv.join(' ')} with relay ${request.env.PARLEY_RELAY ?? 'none'}\n`)
    void io.write('stderr', 'a note\n')
    void io.write('stdout', 'x'.repeat(200_000) + '\n')
    return 3
  }
  const start = async (limits = {}): Promise<ControlServer> => { server = await ControlServer.start({ dataDir: dir, passphrase: PASSPHRASE, run: echo, limits: { refusalDelayMs: 10, ...limits } }); return server }
  const forward = async (argv: string[], passphrase = PASSPHRASE, io = capture()): Promise<{ code: number | undefined, io: typeof io }> => ({ code: await forwardToRunningNode({ dataDir: dir, argv, passphrase, io, command: argv[0] ?? '', json: true }), io })

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-control-')); runs.length = 0 })
  afterEach(async () => { await server?.close(100); server = undefined; await rm(dir, { recursive: true, force: true }) })

  it('runs a command for its owner and gives back its exact output and exit status', async () => {
    await start()
    expect((await stat(server!.path)).mode & 0o777).to.equal(0o600)
    const { code, io } = await forward(['inbox', '--json'])
    expect(code).to.equal(3)
    expect(io.stdout).to.equal(`ran inbox --json with relay http://relay.example\n${'x'.repeat(200_000)}\n`)
    expect(io.stderr).to.equal('a note\n')
  })

  it('asks the client for the secrets a command reads', async () => {
    await start()
    const { code, io } = await forward(['secret'], PASSPHRASE, capture({ PARLEY_PASSWORD: 'hunter22' }))
    expect(code).to.equal(0)
    expect(io.stdout).to.equal('got 8 characters\n')
  })

  it('refuses a wrong passphrase with the keystore\'s own error, running nothing', async () => {
    await start()
    const { code, io } = await forward(['inbox'], 'a wrong passphrase')
    expect(code).to.equal(1)
    expect(JSON.parse(io.stdout).error).to.include({ code: 'WRONG_PASSPHRASE', message: 'wrong passphrase' })
    expect(runs).to.deep.equal([])
  })

  it('answers garbage, bad params and unknown methods with JSON-RPC errors and keeps serving', async () => {
    await start()
    const answers = await rawExchange(server!.path, 'this is not json\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}\n{"jsonrpc":"2.0","id":8,"method":"run","params":{"argv":"inbox"}}\n', 3)
    expect(answers.map(a => a.error.code)).to.deep.equal([RpcErrorCode.PARSE_ERROR, RpcErrorCode.METHOD_NOT_FOUND, RpcErrorCode.INVALID_PARAMS])
    expect(answers.map(a => a.id)).to.deep.equal([null, 7, 8])
    expect((await forward(['inbox'])).code).to.equal(3)
  })

  it('hangs up on a message over the size limit, and keeps serving', async () => {
    await start({ maxLineBytes: 1000 })
    const answers = await rawExchange(server!.path, 'x'.repeat(5000), 1)
    expect(answers[0].error.code).to.equal(RpcErrorCode.TOO_LARGE)
    expect((await forward(['inbox'])).code).to.equal(3)
  })

  it('answers a command that overruns its deadline with an error, and keeps serving', async () => {
    await start({ requestDeadlineMs: 300 })
    const { code, io } = await forward(['slow'])
    expect(code).to.equal(1)
    expect(JSON.parse(io.stdout).error.message).to.match(/did not finish within/)
    await new Promise(resolve => setTimeout(resolve, 2000))
    expect((await forward(['inbox'])).code).to.equal(3)
  })

  it('cancels a served command whose client went away: its signal aborts, and the next command runs', async () => {
    let cancelled: (reason: unknown) => void = () => {}
    const aborted = new Promise<unknown>(resolve => { cancelled = resolve })
    server = await ControlServer.start({
      dataDir: dir,
      passphrase: PASSPHRASE,
      limits: { refusalDelayMs: 10 },
      run: async (request, io) => {
        if (request.argv[0] !== 'inbox') return 0
        // A long command (an inbox waiting on the relay) stops only when told to.
        await new Promise<void>(resolve => { io.signal?.addEventListener('abort', () => { cancelled(io.signal?.reason); resolve() }) })
        return 1
      }
    })
    const socket = connect(server.path)
    await new Promise<void>(resolve => socket.on('connect', resolve))
    socket.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'run', params: { argv: ['inbox'], passphrase: PASSPHRASE, env: {}, interactive: false } }) + '\n')
    await new Promise(resolve => setTimeout(resolve, 100))
    socket.destroy()
    const reason = await aborted as { code?: string, message?: string }
    expect(reason.code).to.equal('CONTROL_FAILED')
    expect(reason.message).to.match(/client went away/)
    expect((await forward(['whoami'])).code, 'the queue moved on').to.equal(0)
  })

  it('cancels a served command that overruns its deadline', async () => {
    let seen: AbortSignal | undefined
    server = await ControlServer.start({
      dataDir: dir,
      passphrase: PASSPHRASE,
      limits: { refusalDelayMs: 10, requestDeadlineMs: 200 },
      run: async (_request, io) => {
        seen = io.signal
        await new Promise<void>(resolve => { io.signal?.addEventListener('abort', () => { resolve() }); setTimeout(resolve, 3000) })
        return 0
      }
    })
    const { code } = await forward(['inbox'])
    expect(code).to.equal(1)
    expect(seen?.aborted).to.equal(true)
  })

  it('removes its socket when closed; a client then opens the folder itself', async () => {
    await start()
    const path = server!.path
    await server!.close()
    server = undefined
    expect(await stat(path).catch(() => undefined)).to.equal(undefined)
    expect((await forward(['inbox'])).code).to.equal(undefined)
  })

  it('treats a socket nobody listens on (a killed node) as stale: removed, and the folder opened directly', async () => {
    const path = join(dir, 'control.sock')
    // A process that listens on the socket and is killed with SIGKILL leaves the file behind.
    const dead = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise(resolve => dead.stdout.once('data', resolve))
    dead.kill('SIGKILL')
    await new Promise(resolve => dead.once('exit', resolve))
    expect((await stat(path)).isSocket()).to.equal(true)
    expect((await forward(['inbox'])).code).to.equal(undefined)
    expect(await stat(path).catch(() => undefined)).to.equal(undefined)
  })

  it('refuses to talk to something that is not a socket', async () => {
    await writeFile(join(dir, 'control.sock'), 'not a socket')
    const refused = await forward(['inbox']).then(() => undefined, (err: Error) => err)
    expect(refused?.message).to.match(/is not a socket/)
  })

  it('puts the socket elsewhere, with a pointer file, when the folder\'s path is too long for one', async () => {
    dir = join(dir, 'd'.repeat(100))
    const { mkdir } = await import('node:fs/promises')
    await mkdir(dir, { mode: 0o700 })
    await start()
    expect(server!.path.startsWith(dir)).to.equal(false)
    expect((await readFile(join(dir, 'control.sock.path'), 'utf8')).trim()).to.equal(server!.path)
    expect((await forward(['inbox'])).code).to.equal(3)
  })
})
