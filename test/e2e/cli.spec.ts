import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { registerWithCli } from '../support/users.js'
import { startRelayProcess, parley, tempDir, cleanup, PARLEY_BIN, type RelayProcess } from '../support/processes.js'

async function run (args: string[], env: Record<string, string> = {}): Promise<{ code: number, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [PARLEY_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number>(resolve => child.on('exit', c => resolve(c ?? 1)))
  return { code, stdout, stderr }
}

describe('The parley CLI', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const home = (name: string): string => join(dir, name)

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('cli')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, web: resolve('client/dist') })
  })

  after(async () => {
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('has help for itself and every command, without touching any keystore', async () => {
    const top = await run(['--help'])
    expect(top.code).to.equal(0)
    const commands = ['relay', 'register', 'verify', 'resend-code', 'login', 'logout', 'send', 'inbox', 'listen', 'history', 'contacts', 'trust', 'whoami', 'account', '2fa-enrol', '2fa-confirm', '2fa-disable', 'recovery-codes', 'sessions', 'revoke', 'change-email', 'confirm-email', 'forgot-password', 'reset-password', 'delete-account', 'safety-number', 'verify-contact', 'read']
    for (const c of commands) expect(top.stdout, c).to.match(new RegExp(`^  ${c} `, 'm'))
    for (const c of commands) {
      const r = await run([c, '--help'], { PARLEY_HOME: home('nobody') })
      expect(r.code, c).to.equal(0)
      expect(r.stdout, c).to.match(/Usage: parley/)
    }
    const unknown = await run(['frobnicate'])
    expect(unknown.code).to.equal(2)
    expect(unknown.stderr).to.include('unknown command')
  })

  it('refuses a wrong passphrase without damaging the keystore', async () => {
    const made = await parley(home('pat'), ['register', '--relay', relay.http, '--name', 'pat', '--email', 'pat@example.org'], { PARLEY_PASSPHRASE: 'the right passphrase', PARLEY_PASSWORD: 'pat has a good password' })
    expect(made.code, made.stdout + made.stderr).to.equal(0)
    const first = await parley(home('pat'), ['whoami'], { PARLEY_PASSPHRASE: 'the right passphrase' })
    expect(first.code).to.equal(0)
    const wrong = await parley(home('pat'), ['whoami'], { PARLEY_PASSPHRASE: 'a wrong passphrase' })
    expect(wrong.code).to.equal(1)
    expect(wrong.json.error.code).to.equal('WRONG_PASSPHRASE')
    const again = await parley(home('pat'), ['whoami'], { PARLEY_PASSPHRASE: 'the right passphrase' })
    expect(again.json.peerId).to.equal(first.json.peerId)
  })

  it('serves the web client, health and discovery over HTTP', async () => {
    const page = await fetch(relay.http + '/')
    expect(page.status).to.equal(200)
    expect(await page.text()).to.include('<div id="root">')
    expect(await (await fetch(relay.http + '/healthz')).json()).to.deep.include({ ok: true, name: 'relay.test' })
    const doc = await (await fetch(relay.http + '/.well-known/parley')).json()
    expect(doc.peerId).to.equal(relay.peerId)
    expect(doc.multiaddrs[0]).to.include('/ws')
  })

  it('blocks sending to a contact whose identity key changed until the user accepts it', async () => {
    for (const name of ['alice', 'bob']) await registerWithCli(home(name), relay.http, smtp, name)
    expect((await parley(home('alice'), ['send', 'bob@relay.test', 'hello old bob'])).json.state).to.equal('sent')
    const unknown = await parley(home('alice'), ['send', 'nobody@relay.test', 'hello?'])
    expect(unknown.code).to.equal(1)
    expect(unknown.json.error.relayCode).to.equal('NOT_FOUND')

    // Safety numbers: the same on both sides; verifying with a wrong number is refused.
    const fromAlice = await parley(home('alice'), ['safety-number', 'bob@relay.test'])
    const fromBob = await parley(home('bob'), ['safety-number', 'alice@relay.test'])
    expect(fromAlice.json.digits).to.match(/^(\d{5} ){11}\d{5}$/)
    expect(fromBob.json.digits).to.equal(fromAlice.json.digits)
    expect(fromBob.json.qr).to.equal(fromAlice.json.qr)
    const wrong = await parley(home('alice'), ['verify-contact', 'bob@relay.test', '--number', '1'.repeat(60)])
    expect(wrong.json.error.code).to.equal('IDENTITY_CHANGED')
    expect((await parley(home('alice'), ['verify-contact', 'bob@relay.test', '--number', fromBob.json.digits])).json.verified).to.equal(true)
    expect((await parley(home('alice'), ['safety-number', 'bob@relay.test'])).json.verified).to.equal(true)

    // Bob sets up a new device from scratch: new identity key, same account.
    const login = await parley(home('bob-new'), ['login', '--relay', relay.http, '--name', 'bob'], { PARLEY_PASSWORD: 'bob has a good password' })
    expect(login.code, login.stdout + login.stderr).to.equal(0)
    const blocked = await parley(home('alice'), ['send', 'bob@relay.test', 'are you really bob?'])
    expect(blocked.code).to.equal(1)
    expect(blocked.json.error.code).to.equal('IDENTITY_CHANGED')
    expect(blocked.json.error.message).to.include('safety numbers')
    const contacts = await parley(home('alice'), ['contacts'])
    expect(contacts.json.find((c: any) => c.address === 'bob@relay.test').pendingKey).to.be.a('string')

    // The number to compare now is the new key's, the same on bob's new device; only it is accepted.
    const changed = await parley(home('alice'), ['safety-number', 'bob@relay.test'])
    expect(changed.json.pending).to.equal(true)
    expect(changed.json.digits, 'a new key, a new safety number').to.not.equal(fromAlice.json.digits)
    const onBobsNewDevice = await parley(home('bob-new'), ['safety-number', 'alice@relay.test'])
    expect(onBobsNewDevice.json.digits).to.equal(changed.json.digits)
    expect((await parley(home('alice'), ['trust', 'bob@relay.test', '--number', '2'.repeat(60)])).json.error.code).to.equal('IDENTITY_CHANGED')
    expect((await parley(home('alice'), ['trust', 'bob@relay.test', '--number', onBobsNewDevice.json.digits])).code).to.equal(0)
    const after = await parley(home('alice'), ['safety-number', 'bob@relay.test'])
    expect(after.json).to.include({ digits: changed.json.digits, verified: true, pending: false })
    expect((await parley(home('alice'), ['send', 'bob@relay.test', 'welcome back, bob'])).json.state).to.equal('sent')
    const inbox = await parley(home('bob-new'), ['inbox'])
    expect(inbox.json.map((m: any) => m.text)).to.deep.equal(['welcome back, bob'])
  })
})
