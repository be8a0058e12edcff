import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { registerWithCli } from '../support/users.js'
import { startRelayProcess, parley, parleyHuman, tempDir, cleanup, PARLEY_BIN, type RelayProcess } from '../support/processes.js'
import { until } from '../support/until.js'

const PASSPHRASE = 'correct horse battery staple'

/** A long-running `parley listen` or `parley daemon`, up once it said so on stderr. */
interface Running { child: ChildProcess, stdout: () => string, stderr: () => string, stop: (signal?: NodeJS.Signals) => Promise<void> }

async function serve (home: string, command: 'listen' | 'daemon' | 'lan'): Promise<Running> {
  const args = command === 'lan' ? ['lan', '--name', 'lena', '--listen', '/ip4/127.0.0.1/tcp/0'] : [command]
  const child = spawn(process.execPath, [PARLEY_BIN, ...args, '--data', home], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PARLEY_PASSPHRASE: PASSPHRASE } })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { err += d.toString() })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  await until(() => /Listening as|Serving .* for parley commands|LAN mode, no relay/.test(err) || child.exitCode !== null, 60_000, `${command} to start`, () => err)
  if (child.exitCode !== null) throw new Error(`${command} exited: ${err}`)
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async stop (signal = 'SIGTERM') { if (child.exitCode === null && child.signalCode === null) child.kill(signal); await exited }
  }
}

describe('A running parley listen or daemon serves the other commands on its folder', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const home = (name: string): string => join(dir, name)
  const running: Running[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('daemon')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    for (const name of ['alice', 'bob']) await registerWithCli(home(name), relay.http, smtp, name)
    expect((await parley(home('alice'), ['send', 'bob@relay.test', 'hello bob'])).json.state).to.equal('sent')
    expect((await parley(home('bob'), ['inbox'])).json.map((m: any) => m.text)).to.deep.equal(['hello bob'])
    // Bob's read receipt reaches alice now, so her history does not change under the comparison below.
    expect((await parley(home('alice'), ['inbox'])).code).to.equal(0)
  })

  afterEach(async () => { for (const r of running.splice(0)) await r.stop() })

  after(async () => {
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  const alone = [
    ['history', 'bob@relay.test'],
    ['history', 'bob@relay.test', '--json'],
    ['contacts'],
    ['contacts', '--json'],
    ['safety-number', 'bob@relay.test'],
    ['safety-number', 'bob@relay.test', '--json'],
    ['whoami', '--json'],
    ['history'],
    ['history', 'bob@relay.test', '--limit', 'lots', '--json'],
    ['frobnicate']
  ]

  it('gives the same output, errors and exit status as the command run alone', async () => {
    const before = []
    for (const args of alone) before.push(await parleyHuman(home('alice'), args))
    const wrongAlone = await parleyHuman(home('alice'), ['whoami'], { PARLEY_PASSPHRASE: 'not the passphrase' })
    const wrongAloneJson = await parleyHuman(home('alice'), ['whoami', '--json'], { PARLEY_PASSPHRASE: 'not the passphrase' })
    running.push(await serve(home('alice'), 'listen'))
    for (const [i, args] of alone.entries()) expect(await parleyHuman(home('alice'), args), args.join(' ')).to.deep.equal(before[i])
    // A wrong passphrase is refused as the keystore refuses it.
    expect(wrongAlone.stderr).to.equal('parley whoami: wrong passphrase\n')
    expect(await parleyHuman(home('alice'), ['whoami'], { PARLEY_PASSPHRASE: 'not the passphrase' })).to.deep.equal(wrongAlone)
    expect(await parleyHuman(home('alice'), ['whoami', '--json'], { PARLEY_PASSPHRASE: 'not the passphrase' })).to.deep.equal(wrongAloneJson)
  })

  it('sends and reads beside a running listen, which shows what arrives', async () => {
    const listen = await serve(home('alice'), 'listen')
    running.push(listen)
    const sent = await parley(home('alice'), ['send', 'bob@relay.test', 'sent beside listen'])
    expect(sent.code, sent.stdout + sent.stderr).to.equal(0)
    expect(sent.json.state).to.equal('sent')
    const plain = await parleyHuman(home('alice'), ['send', 'bob@relay.test', 'and a second one'])
    expect(plain.code).to.equal(0)
    expect(plain.stdout).to.match(/^sent: \S+\n$/)
    expect((await parley(home('bob'), ['send', 'alice@relay.test', 'hi alice, listening?'])).json.state).to.equal('sent')
    await until(() => listen.stdout().includes('hi alice, listening?'), 30_000, 'listen to show the message', () => listen.stdout())
    const history = await parley(home('alice'), ['history', 'bob@relay.test'])
    expect(history.json.map((m: any) => m.text)).to.deep.equal(['hello bob', 'sent beside listen', 'and a second one', 'hi alice, listening?'])
    expect((await parley(home('alice'), ['inbox'])).json).to.deep.equal([])
    // Another serving command on the same folder is refused: it is in use.
    const second = await parley(home('alice'), ['listen'])
    expect(second.code).to.equal(1)
    expect(second.json.error.code).to.equal('STORE_BUSY')
  })

  it('keeps messages that reach a daemon for parley inbox, each once', async () => {
    // What waited for bob before is read first: the daemon would keep it for inbox too.
    expect((await parley(home('bob'), ['inbox'])).code).to.equal(0)
    const daemon = await serve(home('bob'), 'daemon')
    running.push(daemon)
    expect((await parley(home('alice'), ['send', 'bob@relay.test', 'for the daemon'])).json.state).to.equal('sent')
    await until(async () => (await parley(home('bob'), ['history', 'alice@relay.test'])).json.some((m: any) => m.text === 'for the daemon'), 30_000, 'the daemon to take the message in')
    const inbox = await parley(home('bob'), ['inbox'])
    expect(inbox.code, inbox.stdout + inbox.stderr).to.equal(0)
    expect(inbox.json.map((m: any) => m.text)).to.deep.equal(['for the daemon'])
    expect((await parley(home('bob'), ['inbox'])).json).to.deep.equal([])
    expect(daemon.stdout(), 'a daemon prints no messages').to.equal('')
  })

  it('serves the other commands beside parley lan too', async () => {
    const lan = await serve(home('lena'), 'lan')
    running.push(lan)
    expect(lan.stderr()).to.include('lena@lan')
    const whoami = await parley(home('lena'), ['whoami'])
    expect(whoami.code, whoami.stdout + whoami.stderr).to.equal(0)
    expect(whoami.json.peerId).to.be.a('string')
    expect((await parley(home('lena'), ['contacts'])).json).to.deep.equal([])
  })

  it('answers a garbage line on its socket with an error and goes on serving', async () => {
    running.push(await serve(home('alice'), 'listen'))
    const socket = connect(join(home('alice'), 'control.sock'))
    const reply = await new Promise<string>((resolve, reject) => {
      let text = ''
      socket.on('data', (d: Buffer) => { text += d.toString(); if (text.includes('\n')) resolve(text) })
      socket.on('error', reject)
      socket.write('\u0000garbage{{{\n')
    })
    socket.destroy()
    expect(JSON.parse(reply)).to.deep.include({ jsonrpc: '2.0', id: null })
    expect(JSON.parse(reply).error.code).to.equal(-32700)
    const whoami = await parley(home('alice'), ['whoami'])
    expect(whoami.json.address).to.equal('alice@relay.test')
  })

  it('a socket left by a killed listen does not block the next command', async () => {
    const listen = await serve(home('alice'), 'listen')
    const socket = join(home('alice'), 'control.sock')
    expect((await stat(socket)).isSocket()).to.equal(true)
    expect((await stat(socket)).mode & 0o777).to.equal(0o600)
    await listen.stop('SIGKILL')
    expect((await stat(socket)).isSocket(), 'the kill leaves the socket behind').to.equal(true)
    const history = await parley(home('alice'), ['history', 'bob@relay.test'])
    expect(history.code, history.stdout + history.stderr).to.equal(0)
    expect(history.json.length).to.be.greaterThan(0)
    expect(await stat(socket).catch(() => undefined), 'the stale socket is removed').to.equal(undefined)
    // A clean stop removes it too.
    const again = await serve(home('alice'), 'listen')
    await again.stop()
    expect(await stat(socket).catch(() => undefined)).to.equal(undefined)
  })
})
