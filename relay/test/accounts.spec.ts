import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { Accounts } from '../src/accounts.js'
import { createLogger } from '../src/logger.js'
import { SESSION_TTL_MS, VERIFY_CODE_MAX_ATTEMPTS, VERIFY_CODE_TTL_MS } from '../src/constants.js'
import type { Mailer, OutgoingMail } from '../src/mailer.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir } from './helpers.js'

const PASSWORD = 'a long and secret passphrase'
const PEER = '12D3KooWPeerOfTheDeviceThatLoggedIn'
const OTHER_PEER = '12D3KooWSomeOtherDevice'

/** A Mailer that keeps what it would have sent: a stand-in for the mail transport only. */
class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = []
  async send (mail: OutgoingMail): Promise<void> { this.sent.push(mail) }
  close (): void {}

  /** The code in the last mail to `to`; its subject and body must carry the same 6 digits. */
  codeFor (to: string): string {
    const mail = this.sent.filter(m => m.to === to).at(-1)
    expect(mail, `no mail was sent to ${to}`).to.not.equal(undefined)
    const inSubject = /\b(\d{6})\b/.exec(mail?.subject ?? '')?.[1]
    const inText = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1]
    expect(inSubject, 'the subject carries no 6-digit code').to.match(/^\d{6}$/)
    expect(inText).to.equal(inSubject)
    return inSubject as string
  }
}

/** A 6-digit code that is not `code`. */
function wrongCode (code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')
}

describe('Accounts', function () {
  // scrypt costs ~0.3 s per hash on this machine; registrations are made together up front.
  this.timeout(30_000)
  const start = Date.UTC(2030, 0, 1)
  let clock = start
  let dir: string | undefined
  let db: RelayDb
  let mailer: RecordingMailer
  let accounts: Accounts
  const secret = new Uint8Array(randomBytes(32))

  const email = (name: string): string => `${name}@mail.test`

  before(async () => {
    dir = await makeTempDir('accounts')
    db = await openDb(dir)
    mailer = new RecordingMailer()
    accounts = new Accounts({ db, mailer, log: createLogger('test', 'silent'), relayName: 'relay.test', secret, now: () => clock })
    await Promise.all(['ann', 'ben', 'cat', 'dan', 'dot', 'eve', 'fay', 'gus'].map(async n => { await accounts.register(n, email(n), PASSWORD) }))
    await accounts.verify('gus', mailer.codeFor(email('gus')))
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  afterEach(() => { clock = start })

  describe('register', () => {
    it('stores an unverified account and mails a 6-digit code to its address', async () => {
      expect(mailer.codeFor(email('ann'))).to.match(/^\d{6}$/)
      const mail = mailer.sent.find(m => m.to === email('ann'))
      expect(mail?.text).to.include('ann@relay.test')
      const account = await accounts.get('ann')
      expect(account).to.include({ name: 'ann', email: email('ann'), verified: false, createdAt: start })
      expect(account?.code?.attempts).to.equal(0)
      expect(account?.code?.expiresAt).to.equal(start + VERIFY_CODE_TTL_MS)
    })

    it('refuses a taken name with NAME_TAKEN and keeps the first account', async () => {
      const before = mailer.sent.length
      await expectRelayError(async () => { await accounts.register('ann', 'intruder@mail.test', 'another password') }, 'NAME_TAKEN')
      expect((await accounts.get('ann'))?.email).to.equal(email('ann'))
      expect(mailer.sent.length).to.equal(before)
    })

    it('gives a name to only one of two concurrent registrations', async () => {
      const outcomes = await Promise.allSettled([
        accounts.register('twin', 'one@mail.test', PASSWORD),
        accounts.register('twin', 'two@mail.test', PASSWORD)
      ])
      expect(outcomes.filter(o => o.status === 'fulfilled')).to.have.length(1)
      const refused = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult
      expect(refused.reason.code).to.equal('NAME_TAKEN')
    })

    it('refuses invalid names with BAD_REQUEST and mails nothing', async () => {
      const before = mailer.sent.length
      for (const name of ['', 'Ann', '-ann', '.ann', 'an n', 'ann@relay.test', 'a'.repeat(33), 'ännchen', 'ann\u0000']) {
        await expectRelayError(async () => { await accounts.register(name, 'x@mail.test', PASSWORD) }, 'BAD_REQUEST')
        expect(await accounts.get(name)).to.equal(undefined)
      }
      expect(mailer.sent.length).to.equal(before)
    })

    it('refuses an invalid email address with BAD_REQUEST', async () => {
      for (const address of ['', 'no-at-sign', 'two words@mail.test', '@mail.test', 'x@']) {
        await expectRelayError(async () => { await accounts.register('zed', address, PASSWORD) }, 'BAD_REQUEST')
      }
      expect(await accounts.get('zed')).to.equal(undefined)
    })
  })

  describe('verify', () => {
    it('verifies the account with the mailed code, once', async () => {
      const code = mailer.codeFor(email('ben'))
      await accounts.verify('ben', ` ${code} `)
      const account = await accounts.get('ben')
      expect(account?.verified).to.equal(true)
      expect(account?.code).to.equal(undefined)
      await expectRelayError(async () => { await accounts.verify('ben', code) }, 'INVALID_CODE')
    })

    it('refuses a wrong code with INVALID_CODE and counts the attempt', async () => {
      const code = mailer.codeFor(email('cat'))
      await expectRelayError(async () => { await accounts.verify('cat', wrongCode(code)) }, 'INVALID_CODE')
      await expectRelayError(async () => { await accounts.verify('cat', 'abcdef') }, 'INVALID_CODE')
      const account = await accounts.get('cat')
      expect(account?.verified).to.equal(false)
      expect(account?.code?.attempts).to.equal(2)
    })

    it('accepts the right code after fewer wrong ones than the limit', async () => {
      const code = mailer.codeFor(email('cat'))
      const used = (await accounts.get('cat'))?.code?.attempts ?? 0
      for (let i = used; i < VERIFY_CODE_MAX_ATTEMPTS - 1; i++) {
        await expectRelayError(async () => { await accounts.verify('cat', wrongCode(code)) }, 'INVALID_CODE')
      }
      await accounts.verify('cat', code)
      expect((await accounts.get('cat'))?.verified).to.equal(true)
    })

    it('refuses even the right code after 5 wrong ones, and a resend buys no more guesses until the code expires', async () => {
      const code = mailer.codeFor(email('dan'))
      for (let i = 0; i < 5; i++) {
        await expectRelayError(async () => { await accounts.verify('dan', wrongCode(code)) }, 'INVALID_CODE')
      }
      const locked = await expectRelayError(async () => { await accounts.verify('dan', code) }, 'INVALID_CODE')
      expect(locked.retryAfterMs).to.equal(VERIFY_CODE_TTL_MS)
      expect((await accounts.get('dan'))?.verified).to.equal(false)

      clock = start + 2 * 60 * 1000
      await accounts.resendCode('dan')
      const resent = mailer.codeFor(email('dan'))
      await expectRelayError(async () => { await accounts.verify('dan', resent) }, 'INVALID_CODE')

      clock = start + 2 * 60 * 1000 + VERIFY_CODE_TTL_MS
      await accounts.resendCode('dan')
      const fresh = mailer.codeFor(email('dan'))
      await accounts.verify('dan', fresh)
      expect((await accounts.get('dan'))?.verified).to.equal(true)
    })

    it('sends at most one code a minute per account', async () => {
      const before = mailer.sent.length
      await accounts.resendCode('dot')
      expect(mailer.sent.length, 'a resend straight after registering is ignored').to.equal(before)
      clock = start + 60 * 1000
      await accounts.resendCode('dot')
      await accounts.resendCode('dot')
      expect(mailer.sent.length).to.equal(before + 1)
    })

    it('refuses an expired code with INVALID_CODE', async () => {
      const code = mailer.codeFor(email('eve'))
      clock = start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => { await accounts.verify('eve', code) }, 'INVALID_CODE')
      clock = start
      // The expired code is burnt, not revived by turning the clock back.
      await expectRelayError(async () => { await accounts.verify('eve', code) }, 'INVALID_CODE')
      expect((await accounts.get('eve'))?.verified).to.equal(false)
    })

    it('makes a resent code replace the old one', async () => {
      const old = mailer.codeFor(email('fay'))
      clock = start + 60 * 1000
      await accounts.resendCode('fay')
      const fresh = mailer.codeFor(email('fay'))
      if (fresh !== old) {
        await expectRelayError(async () => { await accounts.verify('fay', old) }, 'INVALID_CODE')
      }
      await accounts.verify('fay', fresh)
      expect((await accounts.get('fay'))?.verified).to.equal(true)
    })

    it('gives back the name of an account nobody verified within a day', async () => {
      await expectRelayError(async () => { await accounts.register('eve', 'squatter@mail.test', PASSWORD) }, 'NAME_TAKEN')
      clock = start + 24 * 60 * 60 * 1000
      await accounts.register('eve', 'real-eve@mail.test', PASSWORD)
      expect((await accounts.get('eve'))?.email).to.equal('real-eve@mail.test')
      await expectRelayError(async () => { await accounts.register('gus', 'late@mail.test', PASSWORD) }, 'NAME_TAKEN')
    })

    it('undoes a registration whose verification mail could not be sent', async () => {
      const broken = new Accounts({ db, mailer: { async send () { throw new Error('smtp down') }, close () {} }, log: createLogger('test', 'silent'), relayName: 'relay.test', secret, now: () => clock })
      await expectRelayError(async () => { await broken.register('ida', email('ida'), PASSWORD) }, 'INTERNAL')
      expect(await accounts.get('ida')).to.equal(undefined)
      await accounts.register('ida', email('ida'), PASSWORD)
      expect(mailer.codeFor(email('ida'))).to.match(/^\d{6}$/)
    })

    it('sweeps expired sessions only', async () => {
      const kept = await accounts.login('gus', PASSWORD, 'peer-kept')
      clock = start + SESSION_TTL_MS - 1000
      const fresh = await accounts.login('gus', PASSWORD, 'peer-fresh')
      clock = start + SESSION_TTL_MS
      expect(await accounts.sweepSessions()).to.be.greaterThan(0)
      await expectRelayError(async () => { await accounts.authenticate(kept.token, 'peer-kept') }, 'UNAUTHENTICATED')
      expect((await accounts.authenticate(fresh.token, 'peer-fresh')).user).to.equal('gus')
    })

    it('kills the sessions of an unverified account whose name was taken over after a day', async () => {
      await accounts.register('jon', 'squatter@mail.test', PASSWORD)
      const squatter = await accounts.login('jon', PASSWORD, 'peer-squatter')
      clock = start + 24 * 60 * 60 * 1000
      await accounts.register('jon', 'real-jon@mail.test', PASSWORD)
      await expectRelayError(async () => { await accounts.authenticate(squatter.token, 'peer-squatter') }, 'UNAUTHENTICATED')
    })

    it('mails nothing when resending to an unknown or verified name', async () => {
      const before = mailer.sent.length
      await accounts.resendCode('nobody')
      await accounts.resendCode('gus')
      expect(mailer.sent.length).to.equal(before)
    })

    it('refuses a code for an unknown name with INVALID_CODE', async () => {
      await expectRelayError(async () => { await accounts.verify('nobody', '123456') }, 'INVALID_CODE')
    })
  })

  describe('login and sessions', () => {
    let token: Uint8Array

    before(async () => {
      const session = await accounts.login('gus', PASSWORD, PEER)
      token = session.token
      expect(session.user).to.equal('gus@relay.test')
      expect(session.expiresAt).to.equal(start + SESSION_TTL_MS)
    })

    it('returns a 32-byte token that authenticates the same device', async () => {
      expect(token).to.be.instanceOf(Uint8Array)
      expect(token).to.have.length(32)
      const session = await accounts.authenticate(token, PEER)
      expect(session).to.include({ user: 'gus', peerId: PEER })
    })

    it('refuses a wrong password and an unknown name alike, with INVALID_CREDENTIALS', async () => {
      const [wrong, unknown] = await Promise.all([
        expectRelayError(async () => await accounts.login('gus', `${PASSWORD}!`, PEER), 'INVALID_CREDENTIALS'),
        expectRelayError(async () => await accounts.login('nobody', PASSWORD, PEER), 'INVALID_CREDENTIALS')
      ])
      expect(unknown.message).to.equal(wrong.message)
    })

    it('refuses the token from another device with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await accounts.authenticate(token, OTHER_PEER), 'UNAUTHENTICATED')
    })

    it('refuses a token it never issued with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await accounts.authenticate(new Uint8Array(randomBytes(32)), PEER), 'UNAUTHENTICATED')
      const altered = token.slice()
      altered[0] = (altered[0] ?? 0) ^ 1
      await expectRelayError(async () => await accounts.authenticate(altered, PEER), 'UNAUTHENTICATED')
    })

    it('refuses an expired session with UNAUTHENTICATED', async () => {
      clock = start + SESSION_TTL_MS - 1
      await accounts.authenticate(token, PEER)
      clock = start + SESSION_TTL_MS
      await expectRelayError(async () => await accounts.authenticate(token, PEER), 'UNAUTHENTICATED')
    })

    it('ends only the logged-out session', async () => {
      const other = await accounts.login('gus', PASSWORD, OTHER_PEER)
      await accounts.logout(other.token)
      await expectRelayError(async () => await accounts.authenticate(other.token, OTHER_PEER), 'UNAUTHENTICATED')
      expect((await accounts.authenticate(token, PEER)).user).to.equal('gus')
    })
  })

  describe('storage', () => {
    /** Every way a secret could be written: raw bytes, text, hex, base64 and base64url. */
    function encodings (secret: Uint8Array): Buffer[] {
      const b = Buffer.from(secret)
      return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b.toString('base64').replace(/=+$/, '')), Buffer.from(b.toString('base64url'))]
    }

    /** Every stored key and value, read raw from LevelDB, plus every file in the database folder. */
    async function everything (): Promise<Buffer[]> {
      const out: Buffer[] = []
      for await (const [key, value] of db.level.iterator({ keyEncoding: 'view', valueEncoding: 'view' } as any) as AsyncIterable<[Uint8Array, Uint8Array]>) {
        out.push(Buffer.from(key), Buffer.from(value))
      }
      for (const file of await readdir(dir as string)) out.push(await readFile(join(dir as string, file)))
      return out
    }

    function expectAbsent (haystacks: Buffer[], needles: Buffer[], what: string): void {
      for (const h of haystacks) {
        for (const n of needles) expect(h.includes(n), `${what} found in storage`).to.equal(false)
      }
    }

    /** The 6-digit code as a stand-alone number (not a piece of a timestamp or hash). */
    function expectCodeAbsent (haystacks: Buffer[], code: string): void {
      const standalone = new RegExp(`(?<![0-9a-fA-F])${code}(?![0-9a-fA-F])`)
      for (const h of haystacks) expect(standalone.test(h.toString('latin1')), 'the verification code found in storage').to.equal(false)
      expectAbsent(haystacks, encodings(Buffer.from(code)).slice(1), 'the verification code')
    }

    it('never writes the password, the verification code or a session token', async () => {
      const password = 'Storage-Test passphrase 42'
      await accounts.register('hal', email('hal'), password)
      const code = mailer.codeFor(email('hal'))
      const pending = await everything()
      expect(pending.some(b => b.includes(Buffer.from('hal@mail.test'))), 'the scan sees the stored account').to.equal(true)
      expectCodeAbsent(pending, code)
      expectAbsent(pending, encodings(Buffer.from(password)), 'the password')

      await accounts.verify('hal', code)
      const { token } = await accounts.login('hal', password, PEER)
      const after = await everything()
      expectCodeAbsent(after, code)
      expectAbsent(after, encodings(Buffer.from(password)), 'the password')
      expectAbsent(after, encodings(token), 'the session token')
    })
  })
})
