import { expect } from 'chai'
import { Accounts } from '../../src/accounts.js'
import { VERIFY_CODE_MAX_ATTEMPTS, VERIFY_CODE_TTL_MS } from '../../src/constants.js'
import { expectRelayError, totpAt } from '../helpers.js'
import { AccountsHarness, PASSWORD, HOUR, DAY, wrongCode, caller, email } from './harness.js'

describe('Accounts: registration and email verification', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('register', () => {
    it('stores an unverified account, remembers the registering device and mails a 6-digit code to its address', async () => {
      expect(h.mailer.codeFor(email('ann'))).to.match(/^\d{6}$/)
      const mail = h.mailer.to(email('ann')).at(-1)
      expect(mail?.subject).to.match(/^Your Parley verification code: \d{6}$/)
      expect(mail?.text).to.include('ann@relay.test')
      const account = await h.accounts.get('ann')
      expect(account).to.include({ name: 'ann', email: email('ann'), verified: false, createdAt: h.start })
      expect(account?.code?.attempts).to.equal(0)
      expect(account?.code?.expiresAt).to.equal(h.start + VERIFY_CODE_TTL_MS)
      expect(account?.knownPeers).to.deep.equal([caller('ann').peerId])
    })

    it('refuses a taken name with NAME_TAKEN and keeps the first account', async () => {
      const before = h.mailer.sent.length
      await expectRelayError(async () => { await h.accounts.register('ann', 'intruder@mail.test', 'another password', caller('intruder')) }, 'NAME_TAKEN')
      expect((await h.accounts.get('ann'))?.email).to.equal(email('ann'))
      expect(h.mailer.sent.length).to.equal(before)
    })

    it('gives a name to only one of two concurrent registrations', async () => {
      const outcomes = await Promise.allSettled([
        h.accounts.register('twin', 'one@mail.test', PASSWORD, caller('twin', 'one')),
        h.accounts.register('twin', 'two@mail.test', PASSWORD, caller('twin', 'two'))
      ])
      expect(outcomes.filter(o => o.status === 'fulfilled')).to.have.length(1)
      const refused = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult
      expect(refused.reason.code).to.equal('NAME_TAKEN')
    })

    it('refuses invalid names with BAD_REQUEST and mails nothing', async () => {
      const before = h.mailer.sent.length
      for (const name of ['', 'Ann', '-ann', '.ann', 'an n', 'ann@relay.test', 'a'.repeat(33), 'ännchen', 'ann\u0000']) {
        await expectRelayError(async () => { await h.accounts.register(name, 'x@mail.test', PASSWORD, caller('x')) }, 'BAD_REQUEST')
        expect(await h.accounts.get(name)).to.equal(undefined)
      }
      expect(h.mailer.sent.length).to.equal(before)
    })

    it('refuses an invalid email address with BAD_REQUEST', async () => {
      for (const address of ['', 'no-at-sign', 'two words@mail.test', '@mail.test', 'x@']) {
        await expectRelayError(async () => { await h.accounts.register('zed', address, PASSWORD, caller('zed')) }, 'BAD_REQUEST')
      }
      expect(await h.accounts.get('zed')).to.equal(undefined)
    })
  })

  describe('verify', () => {
    it('verifies the account with the mailed code, once', async () => {
      const code = h.mailer.codeFor(email('ben'))
      await h.accounts.verify('ben', ` ${code} `, caller('ben'))
      const account = await h.accounts.get('ben')
      expect(account?.verified).to.equal(true)
      expect(account?.code).to.equal(undefined)
      await expectRelayError(async () => { await h.accounts.verify('ben', code, caller('ben')) }, 'INVALID_CODE')
    })

    it('refuses a wrong code with INVALID_CODE and counts the attempt', async () => {
      const code = h.mailer.codeFor(email('cat'))
      await expectRelayError(async () => { await h.accounts.verify('cat', wrongCode(code), caller('cat')) }, 'INVALID_CODE')
      await expectRelayError(async () => { await h.accounts.verify('cat', 'abcdef', caller('cat')) }, 'INVALID_CODE')
      const account = await h.accounts.get('cat')
      expect(account?.verified).to.equal(false)
      expect(account?.code?.attempts).to.equal(2)
    })

    it('accepts the right code after fewer wrong ones than the limit', async () => {
      const code = h.mailer.codeFor(email('cat'))
      const used = (await h.accounts.get('cat'))?.code?.attempts ?? 0
      for (let i = used; i < VERIFY_CODE_MAX_ATTEMPTS - 1; i++) {
        await expectRelayError(async () => { await h.accounts.verify('cat', wrongCode(code), caller('cat')) }, 'INVALID_CODE')
      }
      await h.accounts.verify('cat', code, caller('cat'))
      expect((await h.accounts.get('cat'))?.verified).to.equal(true)
    })

    it('refuses even the right code after 5 wrong ones, and a resend buys no more guesses until the code expires', async () => {
      const code = h.mailer.codeFor(email('dan'))
      for (let i = 0; i < 5; i++) {
        await expectRelayError(async () => { await h.accounts.verify('dan', wrongCode(code), caller('dan')) }, 'INVALID_CODE')
      }
      const locked = await expectRelayError(async () => { await h.accounts.verify('dan', code, caller('dan')) }, 'INVALID_CODE')
      expect(locked.retryAfterMs).to.equal(VERIFY_CODE_TTL_MS)
      expect((await h.accounts.get('dan'))?.verified).to.equal(false)

      h.clock = h.start + 2 * 60 * 1000
      await h.accounts.resendCode('dan')
      const resent = h.mailer.codeFor(email('dan'))
      await expectRelayError(async () => { await h.accounts.verify('dan', resent, caller('dan')) }, 'INVALID_CODE')

      h.clock = h.start + 2 * 60 * 1000 + VERIFY_CODE_TTL_MS
      await h.accounts.resendCode('dan')
      const fresh = h.mailer.codeFor(email('dan'))
      await h.accounts.verify('dan', fresh, caller('dan'))
      expect((await h.accounts.get('dan'))?.verified).to.equal(true)
    })

    it('sends at most one code a minute per account', async () => {
      const before = h.mailer.sent.length
      await h.accounts.resendCode('dot')
      expect(h.mailer.sent.length, 'a resend straight after registering is ignored').to.equal(before)
      h.clock = h.start + 60 * 1000
      await h.accounts.resendCode('dot')
      await h.accounts.resendCode('dot')
      expect(h.mailer.sent.length).to.equal(before + 1)
    })

    it('refuses an expired code with INVALID_CODE', async () => {
      const code = h.mailer.codeFor(email('eve'))
      h.clock = h.start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => { await h.accounts.verify('eve', code, caller('eve')) }, 'INVALID_CODE')
      h.clock = h.start
      // The expired code is burnt, not revived by turning the h.clock back.
      await expectRelayError(async () => { await h.accounts.verify('eve', code, caller('eve')) }, 'INVALID_CODE')
      expect((await h.accounts.get('eve'))?.verified).to.equal(false)
    })

    it('makes a resent code replace the old one', async () => {
      const old = h.mailer.codeFor(email('fay'))
      h.clock = h.start + 60 * 1000
      await h.accounts.resendCode('fay')
      const fresh = h.mailer.codeFor(email('fay'))
      if (fresh !== old) {
        await expectRelayError(async () => { await h.accounts.verify('fay', old, caller('fay')) }, 'INVALID_CODE')
      }
      await h.accounts.verify('fay', fresh, caller('fay'))
      expect((await h.accounts.get('fay'))?.verified).to.equal(true)
    })

    it('gives back the name of an account nobody verified within a day', async () => {
      await expectRelayError(async () => { await h.accounts.register('eve', 'squatter@mail.test', PASSWORD, caller('eve', 'squatter')) }, 'NAME_TAKEN')
      h.clock = h.start + DAY
      await h.accounts.register('eve', 'real-eve@mail.test', PASSWORD, caller('eve', 'real'))
      expect((await h.accounts.get('eve'))?.email).to.equal('real-eve@mail.test')
      await expectRelayError(async () => { await h.accounts.register('gus', 'late@mail.test', PASSWORD, caller('gus', 'late')) }, 'NAME_TAKEN')
    })

    it('undoes a registration whose verification mail could not be sent', async () => {
      const broken = new Accounts({ ...h.f.components, mailer: { async send () { throw new Error('smtp down') }, close () {} } })
      await expectRelayError(async () => { await broken.register('ida', email('ida'), PASSWORD, caller('ida')) }, 'INTERNAL')
      expect(await h.accounts.get('ida')).to.equal(undefined)
      await h.accounts.register('ida', email('ida'), PASSWORD, caller('ida'))
      expect(h.mailer.codeFor(email('ida'))).to.match(/^\d{6}$/)
    })

    it('kills the sessions of an unverified account whose name was taken over after a day', async () => {
      await h.accounts.register('jon', 'squatter@mail.test', PASSWORD, caller('jon', 'squatter'))
      const squatter = await h.accounts.login('jon', PASSWORD, undefined, caller('jon', 'squatter'))
      h.clock = h.start + DAY
      await h.accounts.register('jon', 'real-jon@mail.test', PASSWORD, caller('jon', 'real'))
      await expectRelayError(async () => { await h.accounts.authenticate(squatter.token, caller('jon', 'squatter').peerId) }, 'UNAUTHENTICATED')
      expect(await h.f.sessions.list('jon')).to.deep.equal([])
    })

    it('mails nothing when resending to an unknown or verified name', async () => {
      const before = h.mailer.sent.length
      await h.accounts.resendCode('nobody')
      await h.accounts.resendCode('gus')
      expect(h.mailer.sent.length).to.equal(before)
    })

    it('refuses a code for an unknown name with INVALID_CODE', async () => {
      await expectRelayError(async () => { await h.accounts.verify('nobody', '123456', caller('nobody')) }, 'INVALID_CODE')
    })
  })

  describe('registration and mail quotas', () => {
    it('refuses more than registrationsPerIpPerHour registrations from one IP with RATE_LIMITED, mailing nothing', async () => {
      const q = await h.fixture('register-quota', { registrationsPerIpPerHour: 2 })
      const ip = '198.51.100.50'
      await q.accounts.register('r1', email('r1'), PASSWORD, { peerId: 'p1', ip })
      await q.accounts.register('r2', email('r2'), PASSWORD, { peerId: 'p2', ip })
      const refused = await expectRelayError(async () => { await q.accounts.register('r3', email('r3'), PASSWORD, { peerId: 'p3', ip }) }, 'RATE_LIMITED')
      expect(refused.retryAfterMs).to.equal(HOUR)
      expect(await q.accounts.get('r3')).to.equal(undefined)
      expect(q.mailer.to(email('r3'))).to.deep.equal([])
      expect(q.metrics.rateLimited).to.equal(1)
      await q.accounts.register('r3', email('r3'), PASSWORD, { peerId: 'p3', ip: '198.51.100.51' })
      h.clock = h.start + HOUR
      await q.accounts.register('r4', email('r4'), PASSWORD, { peerId: 'p4', ip })
    })

    it('keeps to the mail quotas per address and in total: RATE_LIMITED on register, silence on resend and reset', async () => {
      const q = await h.fixture('mail-quota', { mailsPerAddressPerHour: 2, mailsPerHour: 4 })
      const shared = 'shared@mail.test'
      await q.accounts.register('ma', shared, PASSWORD, caller('ma'))
      h.clock += 60_000
      await q.accounts.resendCode('ma')
      expect(q.mailer.to(shared)).to.have.length(2)
      h.clock += 60_000
      await q.accounts.resendCode('ma')
      expect(q.mailer.to(shared)).to.have.length(2)
      expect(q.metrics.mailsRefused).to.equal(1)
      // The address quota holds across h.accounts, and a refused registration is undone.
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
      h.clock += 60_000
      await q.accounts.resendCode('md')
      expect(q.mailer.sent.length).to.equal(sent)
      expect(q.metrics.mailsSent).to.equal(4)
      expect(q.metrics.mailsRefused).to.equal(5)

      h.clock = h.start + HOUR + 2 * 60_000
      await q.accounts.register('me', email('me'), PASSWORD, caller('me'))
      expect(q.mailer.to(email('me'))).to.have.length(1)
    })
  })

  describe('code lifetime', () => {
    it('keeps emailed codes and TOTP enrolments for codeTtlMs', async () => {
      const t = await h.fixture('code-ttl', { codeTtlMs: 1000 })
      const tom = caller('tom')
      await t.accounts.register('tom', email('tom'), PASSWORD, tom)
      expect((await t.accounts.get('tom'))?.code?.expiresAt).to.equal(h.start + 1000)
      h.clock = h.start + 1000
      await expectRelayError(async () => { await t.accounts.verify('tom', t.mailer.codeFor(email('tom')), tom) }, 'INVALID_CODE')
      await t.accounts.resendCode('tom')
      h.clock += 999
      await t.accounts.verify('tom', t.mailer.codeFor(email('tom')), tom)
      const { secret } = await t.accounts.enrolTotp('tom')
      h.clock += 1000
      await expectRelayError(async () => await t.accounts.confirmTotp('tom', totpAt(secret, h.clock), tom), 'BAD_REQUEST')
      expect((await t.accounts.info('tom')).totpEnabled).to.equal(false)
    })
  })
})
