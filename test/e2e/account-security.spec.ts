import { expect } from 'chai'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import * as OTPAuth from 'otpauth'
import { ParleyNode, RelayClient } from '@parley/node'
import { outcome } from '../support/outcome.js'
import { until } from '../support/until.js'
import { randomBytes, utf8Encode } from '@parley/protocol'
import { startSmtp, codeFrom, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, parley, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { rawPeer } from '../support/raw-client.js'
import { scanForSecrets, type Secret } from '../support/scan.js'
import type { Libp2p } from 'libp2p'

/** The TOTP code `steps` periods from now, as an authenticator app would show it. */
function totp (secret: string, steps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 })
}

describe('Account security against a real relay and a real SMTP server', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let peer: Libp2p
  const nodes: ParleyNode[] = []
  const secrets: Secret[] = []
  const home = (name: string): string => join(dir, name)
  const alicePassword = 'alice: a long and secret password'

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('account-security')
    // Codes live 20 s here, so a test can watch one expire.
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, args: ['--code-ttl', '20'] })
    peer = await rawPeer()
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await peer?.stop()
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('enrols TOTP, then logs in with a code, refuses a replayed code, burns a recovery code, regenerates and disables', async () => {
    const env = { PARLEY_PASSWORD: alicePassword }
    expect((await parley(home('alice'), ['register', '--relay', relay.http, '--name', 'alice', '--email', 'alice@example.org'], env)).code).to.equal(0)
    expect((await parley(home('alice'), ['verify', codeFrom(await smtp.next('alice@example.org'))])).code).to.equal(0)
    expect((await parley(home('alice'), ['login'], env)).code).to.equal(0)
    secrets.push({ label: "alice's password", value: utf8Encode(alicePassword) })

    const enrol = await parley(home('alice'), ['2fa-enrol'])
    expect(enrol.code, enrol.stderr).to.equal(0)
    expect(enrol.json.uri).to.match(/^otpauth:\/\/totp\/.*secret=/)
    const secret: string = enrol.json.secret
    secrets.push({ label: 'the TOTP secret (base32)', value: utf8Encode(secret) }, { label: 'the TOTP secret (raw)', value: OTPAuth.Secret.fromBase32(secret).bytes })
    const human = await parley(home('alice'), ['account'])
    expect(human.json.totpEnabled, 'not active before confirmation').to.equal(false)

    const wrongConfirm = await parley(home('alice'), ['2fa-confirm', totp(secret, 5)])
    expect(wrongConfirm.json.error.relayCode).to.equal('INVALID_CODE')
    const confirmCode = totp(secret)
    const confirm = await parley(home('alice'), ['2fa-confirm', confirmCode])
    expect(confirm.code, confirm.stdout + confirm.stderr).to.equal(0)
    const recovery: string[] = confirm.json.recoveryCodes
    expect(recovery).to.have.length(10)
    expect(new Set(recovery).size).to.equal(10)
    for (const c of recovery) secrets.push({ label: `recovery code ${c.slice(0, 2)}…`, value: utf8Encode(c) })

    const noCode = await parley(home('alice'), ['login'], env)
    expect(noCode.json.error.relayCode).to.equal('SECOND_FACTOR_REQUIRED')
    const replay = await parley(home('alice'), ['login', '--code', confirmCode], env)
    expect(replay.json.error.relayCode, 'the code used to confirm is spent').to.equal('INVALID_CODE')
    const next = totp(secret, 1)
    const withCode = await parley(home('alice'), ['login', '--code', next], env)
    expect(withCode.code, withCode.stdout + withCode.stderr).to.equal(0)
    const replayed = await parley(home('alice'), ['login', '--code', next], env)
    expect(replayed.json.error.relayCode, 'a code is accepted once').to.equal('INVALID_CODE')

    const byRecovery = await parley(home('alice'), ['login', '--recovery-code', recovery[0]!.toLowerCase()], env)
    expect(byRecovery.code, byRecovery.stdout).to.equal(0)
    const burnt = await parley(home('alice'), ['login', '--recovery-code', recovery[0]!], env)
    expect(burnt.json.error.relayCode, 'a recovery code is single use').to.equal('INVALID_CODE')
    expect((await parley(home('alice'), ['account'])).json.recoveryCodesLeft).to.equal(9)

    const regenerated = await parley(home('alice'), ['recovery-codes', '--recovery-code', recovery[1]!])
    expect(regenerated.code, regenerated.stdout).to.equal(0)
    const fresh: string[] = regenerated.json.recoveryCodes
    for (const c of fresh) secrets.push({ label: `recovery code ${c.slice(0, 2)}…`, value: utf8Encode(c) })
    const old = await parley(home('alice'), ['login', '--recovery-code', recovery[2]!], env)
    expect(old.json.error.relayCode, 'the old set is burnt').to.equal('INVALID_CODE')

    const disableWithout = await parley(home('alice'), ['2fa-disable'])
    expect(disableWithout.json.error.code).to.equal('BAD_INPUT')
    const disableWrong = await parley(home('alice'), ['2fa-disable', '--recovery-code', recovery[3]!])
    expect(disableWrong.json.error.relayCode).to.equal('INVALID_CODE')
    const disabled = await parley(home('alice'), ['2fa-disable', '--recovery-code', fresh[0]!])
    expect(disabled.code, disabled.stdout).to.equal(0)
    expect((await parley(home('alice'), ['account'])).json.totpEnabled).to.equal(false)
    expect((await parley(home('alice'), ['login'], env)).code, 'password alone works again').to.equal(0)
  })

  it('refuses reused and expired email codes', async () => {
    const dan = await ParleyNode.open({ dataDir: home('dan'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    nodes.push(dan)
    await dan.register({ relayUrl: relay.http, name: 'dan', email: 'dan@example.org', password: "dan's password, long enough" })
    const first = codeFrom(await smtp.next('dan@example.org'))
    const started = Date.now()
    // Let the first code expire (20 s here), then ask for a new one.
    await new Promise(resolve => setTimeout(resolve, Math.max(0, 21_000 - (Date.now() - started))))
    expect(await outcome(dan.verify(first)), 'an expired code').to.equal('INVALID_CODE')
    await dan.resendCode()
    const second = codeFrom(await smtp.next('dan@example.org'))
    expect(await outcome(dan.verify(second))).to.equal('OK')
    expect(await outcome(dan.verify(second)), 'a used code').to.equal('INVALID_CODE')
  })

  it('lists sessions and cuts off a revoked one at once', async () => {
    const bob = await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })
    nodes.push(bob.node)
    secrets.push({ label: "bob's password", value: utf8Encode(bob.password) })
    const laptop = await ParleyNode.open({ dataDir: home('bob-laptop'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    nodes.push(laptop)
    await laptop.login(bob.password, { account: { relayUrl: relay.http, name: 'bob' } })
    await laptop.listen()
    const events: string[] = []
    laptop.on(e => events.push(e.type))

    // A third session, opened straight over the protocol, to have a token to look for on disk.
    const raw = await RelayClient.connect(peer, { name: relay.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs })
    const session = await raw.request({ type: 'login', name: 'bob', password: bob.password }, 'session')
    secrets.push({ label: "a session token of bob's", value: session.token })

    const list = await bob.node.sessions()
    expect(list.map(s => s.peerId)).to.include.members([bob.node.peerId, laptop.peerId, peer.peerId.toString()])
    expect(list.filter(s => s.current).map(s => s.peerId)).to.deep.equal([bob.node.peerId])
    const laptopSession = list.find(s => s.peerId === laptop.peerId)!

    const cut = Date.now()
    await bob.node.revokeSessions({ ids: [laptopSession.id] })
    await until(() => events.includes('disconnected'), 5_000, 'the revoked device to be cut off')
    expect(Date.now() - cut).to.be.lessThan(5_000)
    expect(await outcome(laptop.sync()), 'the revoked device must log in again').to.equal('NOT_LOGGED_IN')

    await bob.node.revokeSessions({ others: true })
    await until(() => !raw.open, 5_000, 'the raw session to be cut off')
    expect((await bob.node.sessions()).map(s => s.peerId)).to.deep.equal([bob.node.peerId])
    expect((await bob.node.sync()).length).to.be.a('number')
  })

  it('changes the email address only after the new one is verified, and tells the old one', async () => {
    const bob = nodes.find(n => n.profile?.name === 'bob')!
    await bob.changeEmail('bob@new.example.org')
    const code = codeFrom(await smtp.next('bob@new.example.org'))
    expect((await bob.accountInfo()).email, 'unchanged until confirmed').to.equal('bob@example.org')
    expect(await outcome(bob.confirmEmail(code === '000000' ? '111111' : '000000'))).to.equal('INVALID_CODE')
    await bob.confirmEmail(code)
    expect((await bob.accountInfo()).email).to.equal('bob@new.example.org')
    const notice = await smtp.next('bob@example.org')
    expect(notice.subject).to.match(/address was changed/)
  })

  it('resets a password by emailed code, which ends every session', async () => {
    const carol = await makeUser({ dir, name: 'carol', relayUrl: relay.http, smtp })
    nodes.push(carol.node)
    const phone = await ParleyNode.open({ dataDir: home('carol-phone'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    nodes.push(phone)
    await phone.login(carol.password, { account: { relayUrl: relay.http, name: 'carol' } })
    const events: string[] = []
    phone.on(e => events.push(e.type))

    const stranger = await ParleyNode.open({ dataDir: home('stranger'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    nodes.push(stranger)
    await stranger.requestPasswordReset({ relayUrl: relay.http, name: 'nobody' })
    await stranger.requestPasswordReset({ relayUrl: relay.http, name: 'carol' })
    const code = codeFrom(await smtp.next('carol@example.org'))
    const newPassword = 'carol: the new and better password'
    secrets.push({ label: "carol's old password", value: utf8Encode(carol.password) }, { label: "carol's new password", value: utf8Encode(newPassword) })
    expect(await outcome(stranger.resetPassword('000001', newPassword, { relayUrl: relay.http, name: 'carol' }))).to.equal('INVALID_CODE')
    await stranger.resetPassword(code, newPassword, { relayUrl: relay.http, name: 'carol' })

    await until(() => events.includes('disconnected'), 5_000, "carol's phone to be cut off")
    expect(await outcome(phone.sync())).to.equal('NOT_LOGGED_IN')
    expect(await outcome(carol.node.sync())).to.equal('NOT_LOGGED_IN')
    expect(await outcome(carol.node.login(carol.password))).to.equal('INVALID_CREDENTIALS')
    expect(await outcome(carol.node.login(newPassword))).to.equal('OK')
    expect(await outcome(stranger.resetPassword(code, 'and yet another password', { relayUrl: relay.http, name: 'carol' })), 'the reset code is single use').to.equal('INVALID_CODE')
  })

  it('deletes an account with its keys and mail, and frees the name', async () => {
    const erin = await makeUser({ dir, name: 'erin', relayUrl: relay.http, smtp })
    nodes.push(erin.node)
    const sender = nodes.find(n => n.profile?.name === 'carol')!
    await sender.send('erin@relay.test', 'a message erin will never read')
    expect(await outcome(erin.node.deleteAccount('not her password'))).to.equal('INVALID_CREDENTIALS')
    await erin.node.deleteAccount(erin.password)
    expect(await outcome(sender.lookup('erin@relay.test'))).to.equal('NOT_FOUND')
    expect(await outcome(sender.send('erin@relay.test', 'hello?'))).to.equal('NOT_FOUND')
    const again = await ParleyNode.open({ dataDir: home('erin-2'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    nodes.push(again)
    await again.register({ relayUrl: relay.http, name: 'erin', email: 'erin2@example.org', password: 'a different erin entirely' })
    await again.verify(codeFrom(await smtp.next('erin2@example.org')))
    await again.login('a different erin entirely')
    expect(await again.sync(), "the old account's mail is gone").to.deep.equal([])
  })

  it('does all of it from the command line too: sessions, email change, password reset, revoke, delete', async () => {
    const password = 'frank: long enough to pass'
    const newPassword = 'frank: and a new one after the reset'
    secrets.push({ label: "frank's password", value: utf8Encode(password) }, { label: "frank's new password", value: utf8Encode(newPassword) })
    const run = async (args: string[], env: Record<string, string> = {}): Promise<any> => {
      const r = await parley(home('frank'), args, env)
      return r.json
    }
    await run(['register', '--relay', relay.http, '--name', 'frank', '--email', 'frank@example.org'], { PARLEY_PASSWORD: password })
    await run(['verify', codeFrom(await smtp.next('frank@example.org'))])
    await run(['login'], { PARLEY_PASSWORD: password })
    const sessions = await run(['sessions'])
    expect(sessions.map((x: any) => x.current)).to.deep.equal([true])

    expect((await run(['change-email', 'frank@new.example.org'])).pendingEmail).to.equal('frank@new.example.org')
    expect((await run(['confirm-email', codeFrom(await smtp.next('frank@new.example.org'))])).ok).to.equal(true)
    expect((await run(['account'])).email).to.equal('frank@new.example.org')

    expect((await run(['forgot-password'])).ok).to.equal(true)
    const reset = await run(['reset-password', codeFrom(await smtp.next('frank@new.example.org'))], { PARLEY_NEW_PASSWORD: newPassword })
    expect(reset.ok).to.equal(true)
    expect((await run(['sessions'])).error.code, 'the reset ended this session too').to.equal('NOT_LOGGED_IN')
    expect((await run(['login'], { PARLEY_PASSWORD: password })).error.relayCode).to.equal('INVALID_CREDENTIALS')
    expect((await run(['login'], { PARLEY_PASSWORD: newPassword })).address).to.equal('frank@relay.test')

    // From a machine with no device: the reset needs none, and makes no folder and no keys.
    const elsewhere = home('frank-elsewhere')
    const keyless = async (args: string[], env: Record<string, string> = {}): Promise<any> => (await parley(elsewhere, [...args, '--relay', relay.http, '--name', 'frank'], env)).json
    expect((await keyless(['forgot-password'])).ok).to.equal(true)
    expect(existsSync(elsewhere), 'asking for a code makes no device folder').to.equal(false)
    const thirdPassword = 'frank: a third one, reset from elsewhere'
    secrets.push({ label: "frank's third password", value: utf8Encode(thirdPassword) })
    expect((await keyless(['reset-password', codeFrom(await smtp.next('frank@new.example.org'))], { PARLEY_NEW_PASSWORD: thirdPassword })).ok).to.equal(true)
    expect(existsSync(elsewhere), 'resetting makes no device folder').to.equal(false)
    expect((await run(['login'], { PARLEY_PASSWORD: newPassword })).error.relayCode).to.equal('INVALID_CREDENTIALS')
    expect((await run(['login'], { PARLEY_PASSWORD: thirdPassword })).address).to.equal('frank@relay.test')

    expect((await run(['revoke', '--all'])).ok).to.equal(true)
    expect((await run(['sessions'])).error.code).to.equal('NOT_LOGGED_IN')
    await run(['login'], { PARLEY_PASSWORD: thirdPassword })
    expect((await run(['delete-account'], { PARLEY_PASSWORD: thirdPassword })).error.code, 'needs --yes').to.equal('BAD_INPUT')
    expect((await run(['delete-account', '--yes'], { PARLEY_PASSWORD: thirdPassword })).deleted).to.equal('frank@relay.test')
    expect((await run(['whoami'])).address).to.equal(null)
  })

  it('keeps no TOTP secret, recovery code, password or session token in clear in the relay data folder', async () => {
    await relay.stop()
    const probe = await scanForSecrets(join(dir, 'relay'), join(dir, 'relay', 'db'), [{ label: 'an address', value: utf8Encode('bob@new.example.org') }])
    expect(probe.length, 'the scan reads the data').to.be.greaterThan(0)
    expect(secrets.length).to.be.greaterThan(20)
    const findings = await scanForSecrets(join(dir, 'relay'), join(dir, 'relay', 'db'), [...secrets, { label: 'random control', value: randomBytes(16) }])
    expect(findings).to.deep.equal([])
  })
})
