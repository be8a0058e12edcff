import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { utf8Encode } from '@parley/protocol'
import { startSmtp, codeFrom, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, parley, tempDir, cleanup, PARLEY_BIN, type RelayProcess } from '../support/processes.js'
import { scanForSecrets, type Secret } from '../support/scan.js'

const PASSPHRASE = 'correct horse battery staple'
const users = {
  alice: { email: 'alice@example.org', password: 'alice: a long and secret password' },
  bob: { email: 'bob@example.org', password: 'bob: another long secret password' }
}

describe('Walking skeleton: alice to bob through a real relay', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const home = (name: string): string => join(dir, name)
  const plaintexts: string[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('skeleton')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
  })

  after(async () => {
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('registers alice and bob with the CLI, verifies them with the mailed codes, and logs them in', async () => {
    for (const [name, u] of Object.entries(users)) {
      const reg = await parley(home(name), ['register', '--relay', relay.http, '--name', name, '--email', u.email], { PARLEY_PASSWORD: u.password })
      expect(reg.code, reg.stdout + reg.stderr).to.equal(0)
      expect(reg.json.address).to.equal(`${name}@relay.test`)
      const mail = await smtp.next(u.email)
      const code = codeFrom(mail)
      const wrong = code === '000000' ? '111111' : '000000'
      const bad = await parley(home(name), ['verify', wrong])
      expect(bad.code).to.equal(1)
      expect(bad.json.error.relayCode).to.equal('INVALID_CODE')
      const ok = await parley(home(name), ['verify', code])
      expect(ok.code, ok.stdout + ok.stderr).to.equal(0)
      const wrongPassword = await parley(home(name), ['login'], { PARLEY_PASSWORD: 'not the password' })
      expect(wrongPassword.code).to.equal(1)
      expect(wrongPassword.json.error.relayCode).to.equal('INVALID_CREDENTIALS')
      const login = await parley(home(name), ['login'], { PARLEY_PASSWORD: u.password })
      expect(login.code, login.stdout + login.stderr).to.equal(0)
    }
  })

  it('delivers three messages to an offline bob in order, and alice sees them stored by the relay', async () => {
    const texts = ['first: the eagle lands at dawn', 'second: bring the blue folder', 'third: the password is swordfish']
    plaintexts.push(...texts)
    for (const text of texts) {
      const sent = await parley(home('alice'), ['send', 'bob@relay.test', text])
      expect(sent.code, sent.stdout + sent.stderr).to.equal(0)
      expect(sent.json.state).to.equal('sent')
      expect(sent.json.path).to.equal('relay')
    }
    const history = await parley(home('alice'), ['history', 'bob@relay.test'])
    expect(history.json.map((m: any) => [m.text, m.state])).to.deep.equal(texts.map(t => [t, 'sent']))

    const inbox = await parley(home('bob'), ['inbox'])
    expect(inbox.code, inbox.stdout + inbox.stderr).to.equal(0)
    expect(inbox.json.map((m: any) => m.text)).to.deep.equal(texts)
    expect(inbox.json.every((m: any) => m.sender === 'alice@relay.test' && m.direction === 'in')).to.equal(true)

    const again = await parley(home('bob'), ['inbox'])
    expect(again.json, 'acknowledged mail is gone from the mailbox').to.deep.equal([])
    const bobHistory = await parley(home('bob'), ['history', 'alice@relay.test'])
    expect(bobHistory.json.map((m: any) => m.text)).to.deep.equal(texts)
    // Bob's inbox printed them, so alice gets delivered and read receipts with her next fetch.
    await parley(home('alice'), ['inbox'])
    const after = await parley(home('alice'), ['history', 'bob@relay.test'])
    expect(after.json.map((m: any) => m.state)).to.deep.equal(['read', 'read', 'read'])
    const contacts = await parley(home('bob'), ['contacts'])
    expect(contacts.json.map((c: any) => c.address)).to.include('alice@relay.test')
  })

  it('pushes a message to an online bob without polling', async () => {
    const child = spawn(process.execPath, [PARLEY_BIN, 'listen', '--json', '--data', home('bob')], { env: { ...process.env, PARLEY_PASSPHRASE: PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const lines = createInterface({ input: child.stdout })
      const received: any[] = []
      let notify: (() => void) | undefined
      lines.on('line', line => { received.push(JSON.parse(line)); notify?.() })
      const waitFor = async (pred: (x: any) => boolean, ms: number): Promise<any> => {
        const deadline = Date.now() + ms
        while (true) {
          const hit = received.find(pred)
          if (hit !== undefined) return hit
          if (Date.now() > deadline) throw new Error('timed out waiting for listen output')
          await new Promise<void>(resolve => { notify = resolve; setTimeout(resolve, 100) })
        }
      }
      await waitFor(x => x.listening === true, 30_000)
      const text = 'pushed: are you there, bob?'
      plaintexts.push(text)
      const sentAt = Date.now()
      const sent = await parley(home('alice'), ['send', 'bob@relay.test', text])
      expect(sent.code, sent.stderr).to.equal(0)
      const got = await waitFor(x => x.text === text, 15_000)
      expect(got.sender).to.equal('alice@relay.test')
      expect(got.id).to.equal(sent.json.id)
      expect(Date.now() - sentAt).to.be.lessThan(15_000)
    } finally {
      child.kill('SIGINT')
      await new Promise(resolve => child.once('exit', resolve))
    }
    const inbox = await parley(home('bob'), ['inbox'])
    expect(inbox.json, 'the pushed message was acknowledged').to.deep.equal([])
  })

  it('leaves no plaintext, password or private key anywhere in the relay data folder', async () => {
    await relay.stop()
    const secrets: Secret[] = []
    for (const text of plaintexts) secrets.push({ label: `plaintext "${text.slice(0, 12)}…"`, value: utf8Encode(text) })
    for (const [name, u] of Object.entries(users)) {
      secrets.push({ label: `${name}'s password`, value: utf8Encode(u.password) })
      const node = await ParleyNode.open({ dataDir: home(name), passphrase: PASSPHRASE })
      const keys = (node as any).keys
      await node.close()
      secrets.push({ label: `${name}'s identity private key`, value: keys.identity.privateKey })
      secrets.push({ label: `${name}'s RSA private key`, value: keys.rsa.privateKey })
      secrets.push({ label: `${name}'s peer private key`, value: keys.peerKey })
      secrets.push({ label: `${name}'s keystore passphrase`, value: utf8Encode(PASSPHRASE) })
    }
    // Sanity: the scanner does find a secret that is there.
    const probe = await scanForSecrets(join(dir, 'relay'), join(dir, 'relay', 'db'), [{ label: "alice's email address", value: utf8Encode('alice@example.org') }])
    expect(probe.length, 'the scan reads the data folder').to.be.greaterThan(0)
    const findings = await scanForSecrets(join(dir, 'relay'), join(dir, 'relay', 'db'), secrets)
    expect(findings).to.deep.equal([])
  })
})
