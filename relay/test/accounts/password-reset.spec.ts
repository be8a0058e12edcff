import { expect } from 'chai'
import { tokenHash } from '../../src/sessions.js'
import { expectRelayError } from '../helpers.js'
import { AccountsHarness, PASSWORD, wrongCode, caller, email } from './harness.js'

describe('Accounts: password reset', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('password reset', () => {
    it('mails nothing and answers alike for unknown and unverified names', async () => {
      const before = h.mailer.sent.length
      const answers = [await h.accounts.requestPasswordReset('nobody'), await h.accounts.requestPasswordReset('ann')]
      expect(answers).to.deep.equal([undefined, undefined])
      expect(h.mailer.sent.length).to.equal(before)
      await expectRelayError(async () => { await h.accounts.resetPassword('nobody', '123456', 'whatever new', caller('nobody')) }, 'INVALID_CODE')
    })

    it('sets a new password with the mailed code, refuses the old one and ends every session', async () => {
      const phone = await h.accounts.login('rex', PASSWORD, undefined, caller('rex'))
      const laptop = await h.accounts.login('rex', PASSWORD, undefined, caller('rex', 'laptop'))
      const heard: string[] = []
      const stop = h.f.sessions.onRevoke(hashes => { heard.push(...hashes) })
      try {
        await h.accounts.requestPasswordReset('rex')
        expect(h.mailer.to(email('rex')).at(-1)?.subject).to.match(/^Your Parley password reset code: \d{6}$/)
        const code = h.mailer.codeFor(email('rex'))
        const renewed = 'a brand new passphrase'
        await expectRelayError(async () => { await h.accounts.resetPassword('rex', wrongCode(code), renewed, caller('rex')) }, 'INVALID_CODE')
        await h.accounts.authenticate(phone.token, caller('rex').peerId)
        expect(heard).to.deep.equal([])

        await h.accounts.resetPassword('rex', code, renewed, caller('rex'))
        expect(heard.sort()).to.deep.equal([tokenHash(phone.token), tokenHash(laptop.token)].sort())
        await expectRelayError(async () => await h.accounts.authenticate(phone.token, caller('rex').peerId), 'UNAUTHENTICATED')
        await expectRelayError(async () => await h.accounts.authenticate(laptop.token, caller('rex', 'laptop').peerId), 'UNAUTHENTICATED')
        await expectRelayError(async () => await h.accounts.login('rex', PASSWORD, undefined, caller('rex')), 'INVALID_CREDENTIALS')
        await h.accounts.login('rex', renewed, undefined, caller('rex'))
        // The code is spent.
        await expectRelayError(async () => { await h.accounts.resetPassword('rex', code, PASSWORD, caller('rex')) }, 'INVALID_CODE')
      } finally {
        stop()
      }
    })
  })
})
