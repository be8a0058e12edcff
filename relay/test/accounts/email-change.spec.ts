import { expect } from 'chai'
import { VERIFY_CODE_TTL_MS } from '../../src/constants.js'
import { expectRelayError } from '../helpers.js'
import { AccountsHarness, PASSWORD, wrongCode, caller, email } from './harness.js'

describe('Accounts: email change', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('email change', () => {
    it('mails a code to the new address and switches only once it is confirmed, telling the old address', async () => {
      await h.accounts.changeEmail('sue', 'sue.new@mail.test')
      expect(h.mailer.to('sue.new@mail.test').at(-1)?.subject).to.match(/^Your Parley code to confirm this address: \d{6}$/)
      const code = h.mailer.codeFor('sue.new@mail.test')
      expect(await h.accounts.info('sue')).to.include({ email: email('sue'), pendingEmail: 'sue.new@mail.test' })
      await expectRelayError(async () => { await h.accounts.confirmEmail('sue', wrongCode(code), caller('sue')) }, 'INVALID_CODE')
      expect((await h.accounts.info('sue')).email).to.equal(email('sue'))
      const toOld = h.mailer.to(email('sue')).length
      await h.accounts.confirmEmail('sue', code, caller('sue'))
      const info = await h.accounts.info('sue')
      expect(info.email).to.equal('sue.new@mail.test')
      expect(info.pendingEmail).to.equal(undefined)
      const notice = h.mailer.to(email('sue')).at(-1)
      expect(h.mailer.to(email('sue'))).to.have.length(toOld + 1)
      expect(notice?.subject).to.equal('Your Parley email address was changed')
      expect(notice?.text).to.include('sue@relay.test')
      await expectRelayError(async () => { await h.accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
    })

    it('refuses the address the account already has, in any case, and mails nothing', async () => {
      const before = h.mailer.to('sue.new@mail.test').length
      await expectRelayError(async () => { await h.accounts.changeEmail('sue', 'SUE.NEW@mail.test') }, 'BAD_REQUEST')
      expect(h.mailer.to('sue.new@mail.test')).to.have.length(before)
      expect((await h.accounts.info('sue')).pendingEmail).to.equal(undefined)
    })

    it('refuses an expired code and keeps the address', async () => {
      await h.accounts.changeEmail('sue', 'sue.later@mail.test')
      const code = h.mailer.codeFor('sue.later@mail.test')
      h.clock = h.start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => { await h.accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
      h.clock = h.start
      await expectRelayError(async () => { await h.accounts.confirmEmail('sue', code, caller('sue')) }, 'INVALID_CODE')
      expect((await h.accounts.info('sue')).email).to.equal('sue.new@mail.test')
    })

    it('sends at most one code a minute, to any address, and only for a verified account', async () => {
      h.clock = h.start + 10 * 60 * 1000
      await h.accounts.changeEmail('sue', 'sue.a@mail.test')
      await expectRelayError(async () => { await h.accounts.changeEmail('sue', 'victim.b@mail.test') }, 'RATE_LIMITED')
      expect(h.mailer.to('victim.b@mail.test')).to.have.length(0)
      h.clock += 60 * 1000
      await h.accounts.changeEmail('sue', 'sue.b@mail.test')
      expect(h.mailer.to('sue.b@mail.test')).to.have.length(1)
      await h.accounts.register('uma', email('uma'), PASSWORD, caller('uma'))
      await expectRelayError(async () => { await h.accounts.changeEmail('uma', 'elsewhere@mail.test') }, 'NOT_VERIFIED')
      expect(h.mailer.to('elsewhere@mail.test')).to.have.length(0)
    })

    it('refuses an invalid address with BAD_REQUEST and mails nothing', async () => {
      const before = h.mailer.sent.length
      await expectRelayError(async () => { await h.accounts.changeEmail('sue', 'not an address') }, 'BAD_REQUEST')
      expect(h.mailer.sent.length).to.equal(before)
    })
  })
})
