import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import * as OTPAuth from 'otpauth'
import { Accounts, type AccountLimits, type Caller } from '../src/accounts.js'
import { tokenHash } from '../src/sessions.js'
import { SESSION_TTL_MS, VERIFY_CODE_MAX_ATTEMPTS, VERIFY_CODE_TTL_MS } from '../src/constants.js'
import type { RelayDb } from '../src/store.js'
import type { SecondFactorInput } from '@parley/protocol'
import { expectRelayError, makeAccounts, makeTempDir, openDb, removeTempDir, totpAt, type AccountsFixture } from './helpers.js'

const PASSWORD = 'a long and secret passphrase'
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const STEP = 30_000

/** A 6-digit code that is not `code`. */
function wrongCode (code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')
}

const ips = new Map<string, string>()
/** Device `device` of user `name`; each user connects from an address of their own. */
function caller (name: string, device = 'phone'): Caller {
  if (!ips.has(name)) ips.set(name, `10.0.${ips.size >> 8}.${ips.size & 255}`)
  return { peerId: `12D3KooW-${name}-${device}`, ip: ips.get(name) as string }
}

const email = (name: string): string => `${name}@mail.test`

describe('Accounts', function () {
  // scrypt costs ~0.15-0.3 s per hash; registrations are made together up front.
  this.timeout(30_000)
  const start = Date.UTC(2030, 0, 1)
  let clock = start
  const now = (): number => clock
  const opened: Array<{ db: RelayDb, dir: string }> = []
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  let accounts: AccountsFixture['accounts']
  let mailer: AccountsFixture['mailer']

  /** A fresh database and accounts service on the test clock. */
  async function fixture (label: string, limits?: Partial<AccountLimits>): Promise<AccountsFixture & { db: RelayDb, dir: string }> {
    const d = await makeTempDir(label)
    const database = await openDb(d)
    opened.push({ db: database, dir: d })
    return { ...makeAccounts(database, { now, ...(limits !== undefined ? { limits } : {}) }), db: database, dir: d }
  }

  /** Registers `names` at once (each from its own phone) and verifies them with the mailed codes. */
  async function registerVerified (fx: AccountsFixture, names: string[]): Promise<void> {
    await Promise.all(names.map(async n => { await fx.accounts.register(n, email(n), PASSWORD, caller(n)) }))
    await Promise.all(names.map(async n => { await fx.accounts.verify(n, fx.mailer.codeFor(email(n)), caller(n)) }))
  }

  /** Turns TOTP on for `name`; returns the secret and the recovery codes. */
  async function enableTotp (fx: AccountsFixture, name: string): Promise<{ secret: string, codes: string[] }> {
    const { secret } = await fx.accounts.enrolTotp(name)
    const codes = await fx.accounts.confirmTotp(name, totpAt(secret, clock), caller(name))
    return { secret, codes }
  }

  before(async () => {
    const main = await fixture('accounts')
    ;({ db, dir } = main)
    f = main
    accounts = f.accounts
    mailer = f.mailer
    await Promise.all(['ann', 'ben', 'cat', 'dan', 'dot', 'eve', 'fay'].map(async n => { await accounts.register(n, email(n), PASSWORD, caller(n)) }))
    await registerVerified(f, ['gus', 'tia', 'una', 'rex', 'sue', 'del', 'dee', 'lou'])
  })

  after(async () => {
    for (const o of opened) {
      await o.db.close()
      await removeTempDir(o.dir)
    }
  })

  afterEach(() => { clock = start })

  describe('register', () => {
    it('stores an unverified account, remembers the registering device and mails a 6-digit code to its address', async () => {
      expect(mailer.codeFor(email('ann'))).to.match(/^\d{6}$/)
      const mail = mailer.to(email('ann')).at(-1)
      expect(mail?.subject).to.match(/^Your Parley verification code: \d{6}$/)
      expect(mail?.text).to.include('ann@relay.test')
      const account = await accounts.get('ann')
      expect(account).to.include({ name: 'ann', email: email('ann'), verified: false, createdAt: start })
      expect(account?.code?.attempts).to.equal(0)
      expect(account?.code?.expiresAt).to.equal(start + VERIFY_CODE_TTL_MS)
      expect(account?.knownPeers).to.deep.equal([caller('ann').peerId])
    })

    it('refuses a taken name with NAME_TAKEN and keeps the first account', async () => {
      const before = mailer.sent.length
      await expectRelayError(async () => { await accounts.register('ann', 'intruder@mail.test', 'another password', caller('intruder')) }, 'NAME_TAKEN')
      expect((await accounts.get('ann'))?.email).to.equal(email('ann'))
      expect(mailer.sent.length).to.equal(before)
    })

    it('gives a name to only one of two concurrent registrations', async () => {
      const outcomes = await Promise.allSettled([
        accounts.register('twin', 'one@mail.test', PASSWORD, caller('twin', 'one')),
        accounts.register('twin', 'two@mail.test', PASSWORD, caller('twin', 'two'))
      ])
      expect(outcomes.filter(o => o.status === 'fulfilled')).to.have.length(1)
      const refused = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult
      expect(refused.reason.code).to.equal('NAME_TAKEN')
    })

    it('refuses invalid names with BAD_REQUEST and mails nothing', async () => {
      const before = mailer.sent.length
      for (const name of ['', 'Ann', '-ann', '.ann', 'an n', 'ann@relay.test', 'a'.repeat(33), 'ännchen', 'ann\u0000']) {
        await expectRelayError(async () => { await accounts.register(name, 'x@mail.test', PASSWORD, caller('x')) }, 'BAD_REQUEST')
        expect(await accounts.get(name)).to.equal(undefined)
      }
      expect(mailer.sent.length).to.equal(before)
    })

    it('refuses an invalid email address with BAD_REQUEST', async () => {
      for (const address of ['', 'no-at-sign', 'two words@mail.test', '@mail.test', 'x@']) {
        await expectRelayError(async () => { await accounts.register('zed', address, PASSWORD, caller('zed')) }, 'BAD_REQUEST')
      }
      expect(await accounts.get('zed')).to.equal(undefined)
    })
  })

  describe('verify', () => {
    it('verifies the account with the mailed code, once', async () => {
      const code = mailer.codeFor(email('ben'))
      await accounts.verify('ben', ` ${code} `, caller('ben'))
      const account = await accounts.get('ben')
      expect(account?.verified).to.equal(true)
      expect(account?.code).to.equal(undefined)
      await expectRelayError(async () => { await accounts.verify('ben', code, caller('ben')) }, 'INVALID_CODE')
    })

    it('refuses a wrong code with INVALID_CODE and counts the attempt', async () => {
      const code = mailer.codeFor(email('cat'))
      await expectRelayError(async () => { await accounts.verify('cat', wrongCode(code), caller('cat')) }, 'INVALID_CODE')
      await expectRelayError(async () => { await accounts.verify('cat', 'abcdef', caller('cat')) }, 'INVALID_CODE')
      const account = await accounts.get('cat')
      expect(account?.verified).to.equal(false)
      expect(account?.code?.attempts).to.equal(2)
    })

    it('accepts the right code after fewer wrong ones than the limit', async () => {
      const code = mailer.codeFor(email('cat'))
      const used = (await accounts.get('cat'))?.code?.attempts ?? 0
      for (let i = used; i < VERIFY_CODE_MAX_ATTEMPTS - 1; i++) {
        await expectRelayError(async () => { await accounts.verify('cat', wrongCode(code), caller('cat')) }, 'INVALID_CODE')
      }
      await accounts.verify('cat', code, caller('cat'))
      expect((await accounts.get('cat'))?.verified).to.equal(true)
    })

    it('refuses even the right code after 5 wrong ones, and a resend buys no more guesses until the code expires', async () => {
      const code = mailer.codeFor(email('dan'))
      for (let i = 0; i < 5; i++) {
        await expectRelayError(async () => { await accounts.verify('dan', wrongCode(code), caller('dan')) }, 'INVALID_CODE')
      }
      const locked = await expectRelayError(async () => { await accounts.verify('dan', code, caller('dan')) }, 'INVALID_CODE')
      expect(locked.retryAfterMs).to.equal(VERIFY_CODE_TTL_MS)
      expect((await accounts.get('dan'))?.verified).to.equal(false)

      clock = start + 2 * 60 * 1000
      await accounts.resendCode('dan')
      const resent = mailer.codeFor(email('dan'))
      await expectRelayError(async () => { await accounts.verify('dan', resent, caller('dan')) }, 'INVALID_CODE')

      clock = start + 2 * 60 * 1000 + VERIFY_CODE_TTL_MS
      await accounts.resendCode('dan')
      const fresh = mailer.codeFor(email('dan'))
      await accounts.verify('dan', fresh, caller('dan'))
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
      await expectRelayError(async () => { await accounts.verify('eve', code, caller('eve')) }, 'INVALID_CODE')
      clock = start
      // The expired code is burnt, not revived by turning the clock back.
      await expectRelayError(async () => { await accounts.verify('eve', code, caller('eve')) }, 'INVALID_CODE')
      expect((await accounts.get('eve'))?.verified).to.equal(false)
    })

    it('makes a resent code replace the old one', async () => {
      const old = mailer.codeFor(email('fay'))
      clock = start + 60 * 1000
      await accounts.resendCode('fay')
      const fresh = mailer.codeFor(email('fay'))
      if (fresh !== old) {
        await expectRelayError(async () => { await accounts.verify('fay', old, caller('fay')) }, 'INVALID_CODE')
      }
      await accounts.verify('fay', fresh, caller('fay'))
      expect((await accounts.get('fay'))?.verified).to.equal(true)
    })

    it('gives back the name of an account nobody verified within a day', async () => {
      await expectRelayError(async () => { await accounts.register('eve', 'squatter@mail.test', PASSWORD, caller('eve', 'squatter')) }, 'NAME_TAKEN')
      clock = start + DAY
      await accounts.register('eve', 'real-eve@mail.test', PASSWORD, caller('eve', 'real'))
      expect((await accounts.get('eve'))?.email).to.equal('real-eve@mail.test')
      await expectRelayError(async () => { await accounts.register('gus', 'late@mail.test', PASSWORD, caller('gus', 'late')) }, 'NAME_TAKEN')
    })

    it('undoes a registration whose verification mail could not be sent', async () => {
      const broken = new Accounts({ ...f.components, mailer: { async send () { throw new Error('smtp down') }, close () {} } })
      await expectRelayError(async () => { await broken.register('ida', email('ida'), PASSWORD, caller('ida')) }, 'INTERNAL')
      expect(await accounts.get('ida')).to.equal(undefined)
      await accounts.register('ida', email('ida'), PASSWORD, caller('ida'))
      expect(mailer.codeFor(email('ida'))).to.match(/^\d{6}$/)
    })

    it('kills the sessions of an unverified account whose name was taken over after a day', async () => {
      await accounts.register('jon', 'squatter@mail.test', PASSWORD, caller('jon', 'squatter'))
      const squatter = await accounts.login('jon', PASSWORD, undefined, caller('jon', 'squatter'))
      clock = start + DAY
      await accounts.register('jon', 'real-jon@mail.test', PASSWORD, caller('jon', 'real'))
      await expectRelayError(async () => { await accounts.authenticate(squatter.token, caller('jon', 'squatter').peerId) }, 'UNAUTHENTICATED')
      expect(await f.sessions.list('jon')).to.deep.equal([])
    })

    it('mails nothing when resending to an unknown or verified name', async () => {
      const before = mailer.sent.length
      await accounts.resendCode('nobody')
      await accounts.resendCode('gus')
      expect(mailer.sent.length).to.equal(before)
    })

    it('refuses a code for an unknown name with INVALID_CODE', async () => {
      await expectRelayError(async () => { await accounts.verify('nobody', '123456', caller('nobody')) }, 'INVALID_CODE')
    })
  })

  describe('login and sessions', () => {
    const phone = caller('gus')
    const laptop = caller('gus', 'laptop')
    let token: Uint8Array

    before(async () => {
      const session = await accounts.login('gus', PASSWORD, undefined, phone)
      token = session.token
      expect(session.user).to.equal('gus@relay.test')
      expect(session.expiresAt).to.equal(start + SESSION_TTL_MS)
    })

    it('returns a 32-byte token that authenticates the same device', async () => {
      expect(token).to.be.instanceOf(Uint8Array)
      expect(token).to.have.length(32)
      const session = await accounts.authenticate(token, phone.peerId)
      expect(session).to.include({ user: 'gus', peerId: phone.peerId, tokenHash: tokenHash(token) })
    })

    it('refuses a wrong password and an unknown name alike, with INVALID_CREDENTIALS', async () => {
      const [wrong, unknown] = await Promise.all([
        expectRelayError(async () => await accounts.login('gus', `${PASSWORD}!`, undefined, phone), 'INVALID_CREDENTIALS'),
        expectRelayError(async () => await accounts.login('nobody', PASSWORD, undefined, phone), 'INVALID_CREDENTIALS')
      ])
      expect(unknown.message).to.equal(wrong.message)
    })

    it('refuses the token from another device with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await accounts.authenticate(token, laptop.peerId), 'UNAUTHENTICATED')
    })

    it('refuses a token it never issued with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await accounts.authenticate(new Uint8Array(randomBytes(32)), phone.peerId), 'UNAUTHENTICATED')
      const altered = token.slice()
      altered[0] = (altered[0] ?? 0) ^ 1
      await expectRelayError(async () => await accounts.authenticate(altered, phone.peerId), 'UNAUTHENTICATED')
    })

    it('refuses an expired session with UNAUTHENTICATED', async () => {
      clock = start + SESSION_TTL_MS - 1
      await accounts.authenticate(token, phone.peerId)
      clock = start + SESSION_TTL_MS
      await expectRelayError(async () => await accounts.authenticate(token, phone.peerId), 'UNAUTHENTICATED')
    })

    it('ends only the logged-out session', async () => {
      const other = await accounts.login('gus', PASSWORD, undefined, laptop)
      await accounts.logout('gus', tokenHash(other.token))
      await expectRelayError(async () => await accounts.authenticate(other.token, laptop.peerId), 'UNAUTHENTICATED')
      expect((await accounts.authenticate(token, phone.peerId)).user).to.equal('gus')
    })

    it('lists the user\'s sessions marking the current one, and revokes by id, all others, or all', async () => {
      const a = await accounts.login('lou', PASSWORD, undefined, caller('lou'))
      clock += 1000
      const b = await accounts.login('lou', PASSWORD, undefined, caller('lou', 'laptop'))
      clock += 1000
      const c = await accounts.login('lou', PASSWORD, undefined, caller('lou', 'tablet'))
      const current = tokenHash(a.token)
      const listed = await accounts.listSessions('lou', current)
      expect(listed.map(s => [s.peerId, s.current])).to.deep.equal([[caller('lou').peerId, true], [caller('lou', 'laptop').peerId, false], [caller('lou', 'tablet').peerId, false]])
      expect(listed[0]).to.have.keys('id', 'peerId', 'createdAt', 'lastSeen', 'expiresAt', 'current')
      const [, second] = listed
      await expectRelayError(async () => await accounts.revokeSessions('lou', { ids: ['0000000000000000'], all: false, others: false }, current), 'NOT_FOUND')
      // An id of another user's session is not found either.
      const gusId = (await accounts.listSessions('gus', ''))[0]?.id as string
      await expectRelayError(async () => await accounts.revokeSessions('lou', { ids: [gusId], all: false, others: false }, current), 'NOT_FOUND')
      await accounts.authenticate(token, phone.peerId)
      expect(await accounts.revokeSessions('lou', { ids: [second?.id as string], all: false, others: false }, current)).to.equal(1)
      await expectRelayError(async () => await accounts.authenticate(b.token, caller('lou', 'laptop').peerId), 'UNAUTHENTICATED')
      expect(await accounts.revokeSessions('lou', { ids: [], all: false, others: true }, current)).to.equal(1)
      await expectRelayError(async () => await accounts.authenticate(c.token, caller('lou', 'tablet').peerId), 'UNAUTHENTICATED')
      await accounts.authenticate(a.token, caller('lou').peerId)
      expect(await accounts.revokeSessions('lou', { ids: [], all: true, others: false }, current)).to.equal(1)
      await expectRelayError(async () => await accounts.authenticate(a.token, caller('lou').peerId), 'UNAUTHENTICATED')
    })

    it('sweeps expired sessions only', async () => {
      const kept = await accounts.login('gus', PASSWORD, undefined, caller('gus', 'kept'))
      clock = start + SESSION_TTL_MS - 1000
      const fresh = await accounts.login('gus', PASSWORD, undefined, caller('gus', 'fresh'))
      clock = start + SESSION_TTL_MS
      expect(await f.sessions.sweep()).to.be.greaterThan(0)
      await expectRelayError(async () => { await accounts.authenticate(kept.token, caller('gus', 'kept').peerId) }, 'UNAUTHENTICATED')
      expect((await accounts.authenticate(fresh.token, caller('gus', 'fresh').peerId)).user).to.equal('gus')
    })
  })

  describe('two-factor login', () => {
    it('enrols, confirms, asks for a code, refuses replays, burns recovery codes, regenerates them and turns off only with a factor', async () => {
      const tia = caller('tia')
      const login = async (factor?: SecondFactorInput, from = tia): Promise<{ token: Uint8Array, user: string }> => await accounts.login('tia', PASSWORD, factor, from)
      clock = start + 10_000
      const { secret, uri } = await accounts.enrolTotp('tia')
      expect(OTPAuth.URI.parse(uri).secret.base32).to.equal(secret)
      // Enrolment alone changes nothing: the secret counts only once a current code confirms it.
      await login()
      expect((await accounts.info('tia')).totpEnabled).to.equal(false)
      await expectRelayError(async () => await accounts.confirmTotp('tia', wrongCode(totpAt(secret, clock)), tia), 'INVALID_CODE')
      expect((await accounts.info('tia')).totpEnabled).to.equal(false)
      const codes = await accounts.confirmTotp('tia', totpAt(secret, clock), tia)
      expect(codes).to.have.length(10)
      expect(await accounts.info('tia')).to.include({ totpEnabled: true, recoveryCodesLeft: 10 })

      const required = await expectRelayError(async () => await login(), 'SECOND_FACTOR_REQUIRED')
      expect(required.message).to.match(/authenticator/)
      // The code that confirmed enrolment is spent: it cannot log in within its own step.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, clock) }), 'INVALID_CODE')
      await expectRelayError(async () => await login({ totpCode: wrongCode(totpAt(secret, clock + STEP)) }), 'INVALID_CODE')
      // A wrong password is refused whatever the code.
      await expectRelayError(async () => await accounts.login('tia', 'wrong', { totpCode: totpAt(secret, clock + STEP) }, tia), 'INVALID_CREDENTIALS')
      clock += STEP
      const session = await login({ totpCode: totpAt(secret, clock) })
      expect(session.user).to.equal('tia@relay.test')
      // The same code again is a replay, from any device.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, clock) }), 'INVALID_CODE')
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, clock) }, caller('tia', 'laptop')), 'INVALID_CODE')
      // So is the previous step's code, although it is within the clock-skew window.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, clock - STEP) }), 'INVALID_CODE')

      // A recovery code logs in once, whatever its case and dashes.
      const [first, second, third] = codes as [string, string, string]
      await login({ recoveryCode: first.toLowerCase().replace('-', '') })
      expect((await accounts.info('tia')).recoveryCodesLeft).to.equal(9)
      await expectRelayError(async () => await login({ recoveryCode: first }), 'INVALID_CODE')
      expect((await accounts.info('tia')).recoveryCodesLeft).to.equal(9)

      // Regenerating needs a valid factor and burns the whole old set.
      await expectRelayError(async () => await accounts.regenerateRecoveryCodes('tia', { recoveryCode: first }, tia), 'INVALID_CODE')
      const fresh = await accounts.regenerateRecoveryCodes('tia', { recoveryCode: second }, tia)
      expect(fresh).to.have.length(10)
      expect(fresh.filter(c => codes.includes(c))).to.deep.equal([])
      expect((await accounts.info('tia')).recoveryCodesLeft).to.equal(10)
      await expectRelayError(async () => await login({ recoveryCode: third }), 'INVALID_CODE')
      await login({ recoveryCode: fresh[0] })
      expect((await accounts.info('tia')).recoveryCodesLeft).to.equal(9)

      // Enrolling again while on is refused; turning off needs a valid factor.
      await expectRelayError(async () => await accounts.enrolTotp('tia'), 'BAD_REQUEST')
      await expectRelayError(async () => await accounts.disableTotp('tia', {}, tia), 'SECOND_FACTOR_REQUIRED')
      await expectRelayError(async () => await accounts.disableTotp('tia', { totpCode: totpAt(secret, clock) }, tia), 'INVALID_CODE')
      await expectRelayError(async () => await accounts.disableTotp('tia', { recoveryCode: third }, tia), 'INVALID_CODE')
      expect((await accounts.info('tia')).totpEnabled).to.equal(true)
      clock += STEP
      await accounts.disableTotp('tia', { totpCode: totpAt(secret, clock) }, tia)
      expect(await accounts.info('tia')).to.include({ totpEnabled: false, recoveryCodesLeft: 0 })
      await login()
      await expectRelayError(async () => await accounts.disableTotp('tia', { totpCode: totpAt(secret, clock + STEP) }, tia), 'BAD_REQUEST')
    })

    it('refuses a confirmation after the 15 minutes enrolment lasts', async () => {
      const { secret } = await accounts.enrolTotp('rex')
      clock = start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => await accounts.confirmTotp('rex', totpAt(secret, clock), caller('rex')), 'BAD_REQUEST')
      expect((await accounts.info('rex')).totpEnabled).to.equal(false)
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
      for (const file of await readdir(dir)) out.push(await readFile(join(dir, file)))
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
      await accounts.register('hal', email('hal'), password, caller('hal'))
      const code = mailer.codeFor(email('hal'))
      const pending = await everything()
      expect(pending.some(b => b.includes(Buffer.from('hal@mail.test'))), 'the scan sees the stored account').to.equal(true)
      expectCodeAbsent(pending, code)
      expectAbsent(pending, encodings(Buffer.from(password)), 'the password')

      await accounts.verify('hal', code, caller('hal'))
      const { token } = await accounts.login('hal', password, undefined, caller('hal'))
      const after = await everything()
      expectCodeAbsent(after, code)
      expectAbsent(after, encodings(Buffer.from(password)), 'the password')
      expectAbsent(after, encodings(token), 'the session token')
    })

    it('never writes the TOTP secret or a recovery code in clear, nor the reset and email-change codes', async () => {
      const { secret } = await accounts.enrolTotp('una')
      const secretForms = [
        ...encodings(Buffer.from(secret)),
        Buffer.from(secret.toLowerCase()),
        ...encodings(OTPAuth.Secret.fromBase32(secret).bytes)
      ]
      const enrolled = await everything()
      expect(enrolled.some(b => b.includes(Buffer.from('pendingTotp'))), 'the scan sees the pending enrolment').to.equal(true)
      expectAbsent(enrolled, secretForms, 'the TOTP secret')

      const codes = await accounts.confirmTotp('una', totpAt(secret, clock), caller('una'))
      clock += STEP
      const more = await accounts.regenerateRecoveryCodes('una', { totpCode: totpAt(secret, clock) }, caller('una'))
      await accounts.requestPasswordReset('una')
      const resetCode = mailer.codeFor(email('una'))
      await accounts.changeEmail('una', 'una.new@mail.test')
      const changeCode = mailer.codeFor('una.new@mail.test')
      const stored = await everything()
      expect(stored.some(b => b.includes(Buffer.from('"recovery"'))), 'the scan sees the recovery MACs').to.equal(true)
      expectAbsent(stored, secretForms, 'the TOTP secret')
      for (const code of [...codes, ...more]) {
        const plain = code.replace('-', '')
        expectAbsent(stored, [Buffer.from(code), Buffer.from(code.toLowerCase()), Buffer.from(plain.toLowerCase()), ...encodings(Buffer.from(plain))], 'a recovery code')
      }
      expectCodeAbsent(stored, resetCode)
      expectCodeAbsent(stored, changeCode)
    })
  })

  describe('password reset', () => {
    it('mails nothing and answers alike for unknown and unverified names', async () => {
      const before = mailer.sent.length
      const answers = [await accounts.requestPasswordReset('nobody'), await accounts.requestPasswordReset('ann')]
      expect(answers).to.deep.equal([undefined, undefined])
      expect(mailer.sent.length).to.equal(before)
      await expectRelayError(async () => { await accounts.resetPassword('nobody', '123456', 'whatever new', caller('nobody')) }, 'INVALID_CODE')
    })

    it('sets a new password with the mailed code, refuses the old one and ends every session', async () => {
      const phone = await accounts.login('rex', PASSWORD, undefined, caller('rex'))
      const laptop = await accounts.login('rex', PASSWORD, undefined, caller('rex', 'laptop'))
      const heard: string[] = []
      const stop = f.sessions.onRevoke(hashes => { heard.push(...hashes) })
      try {
        await accounts.requestPasswordReset('rex')
        expect(mailer.to(email('rex')).at(-1)?.subject).to.match(/^Your Parley password reset code: \d{6}$/)
        const code = mailer.codeFor(email('rex'))
        const renewed = 'a brand new passphrase'
        await expectRelayError(async () => { await accounts.resetPassword('rex', wrongCode(code), renewed, caller('rex')) }, 'INVALID_CODE')
        await accounts.authenticate(phone.token, caller('rex').peerId)
        expect(heard).to.deep.equal([])

        await accounts.resetPassword('rex', code, renewed, caller('rex'))
        expect(heard.sort()).to.deep.equal([tokenHash(phone.token), tokenHash(laptop.token)].sort())
        await expectRelayError(async () => await accounts.authenticate(phone.token, caller('rex').peerId), 'UNAUTHENTICATED')
        await expectRelayError(async () => await accounts.authenticate(laptop.token, caller('rex', 'laptop').peerId), 'UNAUTHENTICATED')
        await expectRelayError(async () => await accounts.login('rex', PASSWORD, undefined, caller('rex')), 'INVALID_CREDENTIALS')
        await accounts.login('rex', renewed, undefined, caller('rex'))
        // The code is spent.
        await expectRelayError(async () => { await accounts.resetPassword('rex', code, PASSWORD, caller('rex')) }, 'INVALID_CODE')
      } finally {
        stop()
      }
    })
  })

  describe('email change', () => {
    it('mails a code to the new address and switches only once it is confirmed, telling the old address', async () => {
      await accounts.changeEmail('sue', 'sue.new@mail.test')
      expect(mailer.to('sue.new@mail.test').at(-1)?.subject).to.match(/^Your Parley code to confirm this address: \d{6}$/)
      const code = mailer.codeFor('sue.new@mail.test')
      expect(await accounts.info('sue')).to.include({ email: email('sue'), pendingEmail: 'sue.new@mail.test' })
      await expectRelayError(async () => { await accounts.confirmEmail('sue', wrongCode(code), caller('sue')) }, 'INVALID_CODE')
      expect((await accounts.info('sue')).email).to.equal(email('sue'))
      const toOld = mailer.to(email('sue')).length
      await accounts.confirmEmail('sue', code, caller('sue'))
      const info = await accounts.info('sue')
      expect(info.email).to.equal('sue.new@mail.test')
      expect(info.pendingEmail).to.equal(undefined)
      const notice = mailer.to(email('sue')).at(-1)
      expect(mailer.to(email('sue'))).to.have.length(toOld + 1)
      expect(notice?.subject).to.equal('Your Parley email address was changed')
      expect(notice?.text).to.include('sue@relay.test')
      await expectRelayError(async () => { await accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
    })

    it('refuses the address the account already has, in any case, and mails nothing', async () => {
      const before = mailer.to('sue.new@mail.test').length
      await expectRelayError(async () => { await accounts.changeEmail('sue', 'SUE.NEW@mail.test') }, 'BAD_REQUEST')
      expect(mailer.to('sue.new@mail.test')).to.have.length(before)
      expect((await accounts.info('sue')).pendingEmail).to.equal(undefined)
    })

    it('refuses an expired code and keeps the address', async () => {
      await accounts.changeEmail('sue', 'sue.later@mail.test')
      const code = mailer.codeFor('sue.later@mail.test')
      clock = start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => { await accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
      clock = start
      await expectRelayError(async () => { await accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
      expect((await accounts.info('sue')).email).to.equal('sue.new@mail.test')
    })

    it('sends at most one code a minute, to any address, and only for a verified account', async () => {
      clock = start + 10 * 60 * 1000
      await accounts.changeEmail('sue', 'sue.a@mail.test')
      await expectRelayError(async () => { await accounts.changeEmail('sue', 'victim.b@mail.test') }, 'RATE_LIMITED')
      expect(mailer.to('victim.b@mail.test')).to.have.length(0)
      clock += 60 * 1000
      await accounts.changeEmail('sue', 'sue.b@mail.test')
      expect(mailer.to('sue.b@mail.test')).to.have.length(1)
      await accounts.register('uma', email('uma'), PASSWORD, caller('uma'))
      await expectRelayError(async () => { await accounts.changeEmail('uma', 'elsewhere@mail.test') }, 'NOT_VERIFIED')
      expect(mailer.to('elsewhere@mail.test')).to.have.length(0)
    })

    it('refuses an invalid address with BAD_REQUEST and mails nothing', async () => {
      const before = mailer.sent.length
      await expectRelayError(async () => { await accounts.changeEmail('sue', 'not an address') }, 'BAD_REQUEST')
      expect(mailer.sent.length).to.equal(before)
    })
  })

  describe('deletion', () => {
    const deleted: string[] = []
    before(() => { accounts.onDelete(async name => { deleted.push(name) }) })

    it('deletes the account with its password, ends its sessions, runs the delete hooks and frees the name', async () => {
      const session = await accounts.login('del', PASSWORD, undefined, caller('del'))
      await expectRelayError(async () => { await accounts.deleteAccount('del', 'wrong password', undefined, caller('del')) }, 'INVALID_CREDENTIALS')
      expect(await accounts.get('del')).to.not.equal(undefined)
      expect(deleted).to.deep.equal([])
      const heard: string[] = []
      const stop = f.sessions.onRevoke(hashes => { heard.push(...hashes) })
      try {
        await accounts.deleteAccount('del', PASSWORD, undefined, caller('del'))
      } finally {
        stop()
      }
      expect(await accounts.get('del')).to.equal(undefined)
      expect(deleted).to.deep.equal(['del'])
      // The sessions end with the account (open streams are cut through the revoke listeners).
      expect(heard).to.deep.equal([tokenHash(session.token)])
      expect(await f.sessions.list('del')).to.deep.equal([])
      await expectRelayError(async () => await accounts.authenticate(session.token, caller('del').peerId), 'UNAUTHENTICATED')

      await accounts.register('del', 'another-del@mail.test', 'someone else entirely', caller('del', 'newcomer'))
      expect((await accounts.get('del'))?.email).to.equal('another-del@mail.test')
      await expectRelayError(async () => await accounts.authenticate(session.token, caller('del').peerId), 'UNAUTHENTICATED')
      await expectRelayError(async () => await accounts.login('del', PASSWORD, undefined, caller('del')), 'INVALID_CREDENTIALS')
    })

    it('needs a second factor to delete an account with two-factor login on', async () => {
      const { codes } = await enableTotp(f, 'dee')
      deleted.length = 0
      await expectRelayError(async () => { await accounts.deleteAccount('dee', PASSWORD, undefined, caller('dee')) }, 'SECOND_FACTOR_REQUIRED')
      await expectRelayError(async () => { await accounts.deleteAccount('dee', PASSWORD, { recoveryCode: 'AAAAA-AAAAA' }, caller('dee')) }, 'INVALID_CODE')
      await expectRelayError(async () => { await accounts.deleteAccount('dee', 'wrong password', { recoveryCode: codes[0] }, caller('dee')) }, 'INVALID_CREDENTIALS')
      expect(await accounts.get('dee')).to.not.equal(undefined)
      expect(deleted).to.deep.equal([])
      await accounts.deleteAccount('dee', PASSWORD, { recoveryCode: codes[0] }, caller('dee'))
      expect(await accounts.get('dee')).to.equal(undefined)
      expect(deleted).to.deep.equal(['dee'])
    })
  })

  describe('guessing limits', () => {
    /** Small budgets so a test reaches them quickly; time is the test clock. */
    const GUESS = { free: 2, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
    /** Large here, so only the per-account buckets bind; the per-source ones are tested below. */
    const LOOSE = { free: 50, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
    /** 200 attempts, one every 50 ms. */
    const ATTEMPTS = 200
    const GAP_MS = 50
    const SPAN_MS = ATTEMPTS * GAP_MS
    /** What the policy lets through the account's bucket for new devices in SPAN_MS (see BackoffPolicy). */
    const BOUND = GUESS.free + 1 + Math.floor(Math.log2(SPAN_MS / GUESS.baseMs + 1))
    let g: AccountsFixture

    before(async () => {
      g = await fixture('guessing', { guess: GUESS, guessPerSource: LOOSE })
      await registerVerified(g, ['vic', 'val', 'kim', 'vera'])
      // vic's laptop becomes known by logging in once.
      await g.accounts.login('vic', PASSWORD, undefined, caller('vic', 'laptop'))
    })

    it(`lets ${ATTEMPTS} wrong passwords from ${ATTEMPTS} new devices on one IP over ${SPAN_MS / 1000} s cost at most free + 1 + ⌊log2(T/base + 1)⌋ = ${BOUND} password checks, and vic's known devices still log in`, async () => {
      const checks = g.metrics.passwordChecks
      const limited = g.metrics.rateLimited
      for (let i = 0; i < ATTEMPTS; i++) {
        clock = start + i * GAP_MS
        const stranger = { peerId: `12D3KooW-stranger-${i}`, ip: '203.0.113.7' }
        const err = await g.accounts.login('vic', `guess ${i}`, undefined, stranger).then(() => undefined, (e: { code?: string }) => e)
        expect(err?.code).to.be.oneOf(['INVALID_CREDENTIALS', 'RATE_LIMITED'])
      }
      const spent = g.metrics.passwordChecks - checks
      expect(spent).to.be.at.most(BOUND)
      expect(spent, 'the strangers got their free guesses').to.be.greaterThan(GUESS.free)
      expect(g.metrics.rateLimited - limited).to.equal(ATTEMPTS - spent)
      // The strangers' bucket is locked, so a new device is refused even with the right password...
      const locked = await expectRelayError(async () => await g.accounts.login('vic', PASSWORD, undefined, caller('vic', 'new tablet')), 'RATE_LIMITED')
      expect(locked.retryAfterMs).to.be.greaterThan(0)
      // ...but the device that registered and the one that logged in before have budgets of their own.
      await g.accounts.login('vic', PASSWORD, undefined, caller('vic'))
      await g.accounts.login('vic', PASSWORD, undefined, { ...caller('vic', 'laptop'), ip: '203.0.113.7' })
    })

    it(`lets 200 simultaneous wrong passwords from new devices cost exactly free + 1 = ${GUESS.free + 1} password checks`, async () => {
      const checks = g.metrics.passwordChecks
      const outcomes = await Promise.allSettled(Array.from({ length: 200 }, async (_, i) =>
        await g.accounts.login('val', `guess ${i}`, undefined, { peerId: `12D3KooW-crowd-${i}`, ip: '203.0.113.8' })))
      const codes = outcomes.map(o => o.status === 'rejected' ? o.reason.code : 'LOGGED_IN')
      expect(codes.filter(c => c === 'INVALID_CREDENTIALS')).to.have.length(GUESS.free + 1)
      expect(codes.filter(c => c === 'RATE_LIMITED')).to.have.length(200 - GUESS.free - 1)
      expect(g.metrics.passwordChecks - checks).to.equal(GUESS.free + 1)
      await g.accounts.login('val', PASSWORD, undefined, caller('val'))
    })

    it('gives a known device its budget back after a right password', async () => {
      const kim = caller('kim')
      for (let i = 0; i < GUESS.free; i++) await expectRelayError(async () => await g.accounts.login('kim', 'wrong', undefined, kim), 'INVALID_CREDENTIALS')
      await g.accounts.login('kim', PASSWORD, undefined, kim)
      for (let i = 0; i < GUESS.free + 1; i++) await expectRelayError(async () => await g.accounts.login('kim', 'wrong', undefined, kim), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await g.accounts.login('kim', PASSWORD, undefined, kim), 'RATE_LIMITED')
      clock = start + GUESS.baseMs
      await g.accounts.login('kim', PASSWORD, undefined, kim)
    })

    it('counts a right password as a guess until the second factor is right too', async () => {
      const { secret } = await enableTotp(g, 'val')
      const val = caller('val')
      const checks = g.metrics.passwordChecks
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => await g.accounts.login('val', PASSWORD, undefined, val), 'SECOND_FACTOR_REQUIRED')
      }
      await expectRelayError(async () => await g.accounts.login('val', PASSWORD, { totpCode: totpAt(secret, clock + STEP) }, val), 'RATE_LIMITED')
      expect(g.metrics.passwordChecks - checks).to.equal(GUESS.free + 1)
      clock = start + GUESS.baseMs
      await g.accounts.login('val', PASSWORD, { totpCode: totpAt(secret, clock + STEP) }, val)
      // The full login cleared the count: the next attempt is not locked.
      await expectRelayError(async () => await g.accounts.login('val', PASSWORD, undefined, val), 'SECOND_FACTOR_REQUIRED')
    })

    it('limits guesses at second factors and emailed codes per device too', async () => {
      const { secret } = await enableTotp(g, 'vera')
      const vera = caller('vera')
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => await g.accounts.regenerateRecoveryCodes('vera', { totpCode: wrongCode(totpAt(secret, clock + STEP)) }, vera), 'INVALID_CODE')
      }
      await expectRelayError(async () => await g.accounts.regenerateRecoveryCodes('vera', { totpCode: totpAt(secret, clock + STEP) }, vera), 'RATE_LIMITED')
      await expectRelayError(async () => await g.accounts.disableTotp('vera', { recoveryCode: 'AAAAA-AAAAA' }, vera), 'RATE_LIMITED')
      await g.accounts.changeEmail('vera', 'vera.new@mail.test')
      const code = g.mailer.codeFor('vera.new@mail.test')
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => { await g.accounts.confirmEmail('vera', wrongCode(code), vera) }, 'INVALID_CODE')
      }
      await expectRelayError(async () => { await g.accounts.confirmEmail('vera', code, vera) }, 'RATE_LIMITED')
      expect((await g.accounts.info('vera')).email).to.equal(email('vera'))
    })

    describe('per source', () => {
      /** Each peer and each IP address gets this many checks across all accounts. */
      const PER_SOURCE = { free: 2, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
      let s: AccountsFixture

      /** Wrong passwords at `names` until the first RATE_LIMITED; returns how many were checked. */
      async function spray (names: string[], from: (i: number) => Caller): Promise<number> {
        let checked = 0
        for (const [i, name] of names.entries()) {
          const err = await s.accounts.login(name, 'password123', undefined, from(i)).then(() => undefined, (e: { code?: string }) => e)
          if (err?.code === 'RATE_LIMITED') break
          expect(err?.code).to.equal('INVALID_CREDENTIALS')
          checked++
        }
        return checked
      }

      before(async () => {
        s = await fixture('guessing-sources', { guess: LOOSE, guessPerSource: PER_SOURCE })
        await s.accounts.register('kim', email('kim'), PASSWORD, caller('kim'))
      })

      it(`stops one IP address after free + 1 = ${PER_SOURCE.free + 1} checks across accounts, but not known devices behind it or other addresses`, async () => {
        const ip = '198.51.100.1'
        const checks = s.metrics.passwordChecks
        expect(await spray(Array.from({ length: 10 }, (_, i) => `spray${i}`), i => ({ peerId: `12D3KooW-sprayer-${i}`, ip }))).to.equal(PER_SOURCE.free + 1)
        expect(s.metrics.passwordChecks - checks).to.equal(PER_SOURCE.free + 1)
        await expectRelayError(async () => await s.accounts.login('kim', PASSWORD, undefined, { peerId: '12D3KooW-kim-new', ip }), 'RATE_LIMITED')
        await s.accounts.login('kim', PASSWORD, undefined, { ...caller('kim'), ip })
        await expectRelayError(async () => await s.accounts.login('spray99', 'password123', undefined, { peerId: '12D3KooW-sprayer-99', ip: '198.51.100.2' }), 'INVALID_CREDENTIALS')
      })

      it('does not reset a per-source budget when the guesser logs in to an account of their own', async () => {
        const ip = '198.51.100.77'
        const mallory = { peerId: '12D3KooW-mallory', ip }
        await s.accounts.register('mallory', email('mallory'), PASSWORD, { peerId: '12D3KooW-mallory-home', ip: '198.51.100.78' })
        const checks = s.metrics.passwordChecks
        let guesses = 0
        for (let i = 0; i < 10; i++) {
          const err = await s.accounts.login(`victim${i}`, 'password123', undefined, { peerId: `12D3KooW-fresh-${i}`, ip }).then(() => undefined, (e: { code?: string }) => e)
          if (err?.code === 'RATE_LIMITED') break
          guesses++
          // A success from the same address, on an account the guesser owns, between guesses.
          await s.accounts.login('mallory', PASSWORD, undefined, { ...mallory, peerId: `12D3KooW-mallory-${i}` }).catch(() => {})
        }
        expect(guesses, 'the per-IP budget still ran out').to.be.at.most(PER_SOURCE.free + 1)
        expect(s.metrics.passwordChecks - checks).to.be.at.most(2 * (PER_SOURCE.free + 1))
      })

      it(`stops one PeerId after free + 1 = ${PER_SOURCE.free + 1} checks across accounts, whatever its IP address`, async () => {
        const peerId = '12D3KooW-roamer'
        expect(await spray(Array.from({ length: 10 }, (_, i) => `roam${i}`), i => ({ peerId, ip: `192.0.2.${i}` }))).to.equal(PER_SOURCE.free + 1)
        await expectRelayError(async () => await s.accounts.login('roam99', 'password123', undefined, { peerId: '12D3KooW-other', ip: '192.0.2.200' }), 'INVALID_CREDENTIALS')
      })
    })
  })

  describe('registration and mail quotas', () => {
    it('refuses more than registrationsPerIpPerHour registrations from one IP with RATE_LIMITED, mailing nothing', async () => {
      const q = await fixture('register-quota', { registrationsPerIpPerHour: 2 })
      const ip = '198.51.100.50'
      await q.accounts.register('r1', email('r1'), PASSWORD, { peerId: 'p1', ip })
      await q.accounts.register('r2', email('r2'), PASSWORD, { peerId: 'p2', ip })
      const refused = await expectRelayError(async () => { await q.accounts.register('r3', email('r3'), PASSWORD, { peerId: 'p3', ip }) }, 'RATE_LIMITED')
      expect(refused.retryAfterMs).to.equal(HOUR)
      expect(await q.accounts.get('r3')).to.equal(undefined)
      expect(q.mailer.to(email('r3'))).to.deep.equal([])
      expect(q.metrics.rateLimited).to.equal(1)
      await q.accounts.register('r3', email('r3'), PASSWORD, { peerId: 'p3', ip: '198.51.100.51' })
      clock = start + HOUR
      await q.accounts.register('r4', email('r4'), PASSWORD, { peerId: 'p4', ip })
    })

    it('keeps to the mail quotas per address and in total: RATE_LIMITED on register, silence on resend and reset', async () => {
      const q = await fixture('mail-quota', { mailsPerAddressPerHour: 2, mailsPerHour: 4 })
      const shared = 'shared@mail.test'
      await q.accounts.register('ma', shared, PASSWORD, caller('ma'))
      clock += 60_000
      await q.accounts.resendCode('ma')
      expect(q.mailer.to(shared)).to.have.length(2)
      clock += 60_000
      await q.accounts.resendCode('ma')
      expect(q.mailer.to(shared)).to.have.length(2)
      expect(q.metrics.mailsRefused).to.equal(1)
      // The address quota holds across accounts, and a refused registration is undone.
      const perAddress = await expectRelayError(async () => { await q.accounts.register('mb', shared.toUpperCase(), PASSWORD, caller('mb')) }, 'RATE_LIMITED')
      expect(perAddress.retryAfterMs).to.equal(HOUR)
      expect(await q.accounts.get('mb')).to.equal(undefined)

      // Two more mails reach the total of four.
      await q.accounts.register('mc', email('mc'), PASSWORD, caller('mc'))
      await q.accounts.verify('mc', q.mailer.codeFor(email('mc')), caller('mc'))
      await q.accounts.register('md', email('md'), PASSWORD, caller('md'))
      expect(q.metrics.mailsSent).to.equal(4)
      await expectRelayError(async () => { await q.accounts.register('me', email('me'), PASSWORD, caller('me')) }, 'RATE_LIMITED')
      expect(await q.accounts.get('me')).to.equal(undefined)
      const sent = q.mailer.sent.length
      await q.accounts.requestPasswordReset('mc')
      clock += 60_000
      await q.accounts.resendCode('md')
      expect(q.mailer.sent.length).to.equal(sent)
      expect(q.metrics.mailsSent).to.equal(4)
      expect(q.metrics.mailsRefused).to.equal(5)

      clock = start + HOUR + 2 * 60_000
      await q.accounts.register('me', email('me'), PASSWORD, caller('me'))
      expect(q.mailer.to(email('me'))).to.have.length(1)
    })
  })

  describe('code lifetime', () => {
    it('keeps emailed codes and TOTP enrolments for codeTtlMs', async () => {
      const t = await fixture('code-ttl', { codeTtlMs: 1000 })
      const tom = caller('tom')
      await t.accounts.register('tom', email('tom'), PASSWORD, tom)
      expect((await t.accounts.get('tom'))?.code?.expiresAt).to.equal(start + 1000)
      clock = start + 1000
      await expectRelayError(async () => { await t.accounts.verify('tom', t.mailer.codeFor(email('tom')), tom) }, 'INVALID_CODE')
      await t.accounts.resendCode('tom')
      clock += 999
      await t.accounts.verify('tom', t.mailer.codeFor(email('tom')), tom)
      const { secret } = await t.accounts.enrolTotp('tom')
      clock += 1000
      await expectRelayError(async () => await t.accounts.confirmTotp('tom', totpAt(secret, clock), tom), 'BAD_REQUEST')
      expect((await t.accounts.info('tom')).totpEnabled).to.equal(false)
    })
  })

  describe('metrics', () => {
    it('counts password, emailed-code and second-factor checks, refusals and mails', async () => {
      const m = await fixture('metrics', { guess: { free: 1, baseMs: 60_000, maxMs: 60_000, forgetMs: DAY } })
      const mo = caller('mo')
      const counts = (): Record<string, number> => ({ ...m.metrics })
      await m.accounts.register('mo', email('mo'), PASSWORD, mo)
      expect(counts()).to.deep.equal({ passwordChecks: 0, secondFactorChecks: 0, emailCodeChecks: 0, rateLimited: 0, requestsRateLimited: 0, mailsSent: 1, mailsRefused: 0 })
      const code = m.mailer.codeFor(email('mo'))
      await expectRelayError(async () => { await m.accounts.verify('mo', wrongCode(code), mo) }, 'INVALID_CODE')
      await m.accounts.verify('mo', code, mo)
      expect(m.metrics.emailCodeChecks).to.equal(2)
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await m.accounts.login('mo', PASSWORD, undefined, mo)
      await expectRelayError(async () => await m.accounts.login('nobody', PASSWORD, undefined, mo), 'INVALID_CREDENTIALS')
      expect(m.metrics.passwordChecks).to.equal(3)
      const { secret } = await m.accounts.enrolTotp('mo')
      await expectRelayError(async () => await m.accounts.confirmTotp('mo', wrongCode(totpAt(secret, clock)), mo), 'INVALID_CODE')
      await m.accounts.confirmTotp('mo', totpAt(secret, clock), mo)
      clock += STEP
      await m.accounts.login('mo', PASSWORD, { totpCode: totpAt(secret, clock) }, mo)
      expect(m.metrics.secondFactorChecks).to.equal(3)
      expect(m.metrics.passwordChecks).to.equal(4)
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'RATE_LIMITED')
      expect(counts()).to.deep.equal({ passwordChecks: 6, secondFactorChecks: 3, emailCodeChecks: 2, rateLimited: 1, requestsRateLimited: 0, mailsSent: 1, mailsRefused: 0 })
      expect(m.metrics.render()).to.include('parley_password_checks_total 6\n').and.include('parley_rate_limited_total 1\n')
    })
  })
})
