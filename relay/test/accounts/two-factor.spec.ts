import { expect } from 'chai'
import * as OTPAuth from 'otpauth'
import { VERIFY_CODE_TTL_MS } from '../../src/constants.js'
import type { SecondFactorInput } from '@parley/protocol'
import { expectRelayError, totpAt } from '../helpers.js'
import { AccountsHarness, PASSWORD, STEP, wrongCode, caller } from './harness.js'

describe('Accounts: two-factor login', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('two-factor login', () => {
    it('enrols, confirms, asks for a code, refuses replays, burns recovery codes, regenerates them and turns off only with a factor', async () => {
      const tia = caller('tia')
      const login = async (factor?: SecondFactorInput, from = tia): Promise<{ token: Uint8Array, user: string }> => await h.accounts.login('tia', PASSWORD, factor, from)
      h.clock = h.start + 10_000
      const { secret, uri } = await h.accounts.enrolTotp('tia')
      expect(OTPAuth.URI.parse(uri).secret.base32).to.equal(secret)
      // Enrolment alone changes nothing: the secret counts only once a current code confirms it.
      await login()
      expect((await h.accounts.info('tia')).totpEnabled).to.equal(false)
      await expectRelayError(async () => await h.accounts.confirmTotp('tia', wrongCode(totpAt(secret, h.clock)), tia), 'INVALID_CODE')
      expect((await h.accounts.info('tia')).totpEnabled).to.equal(false)
      const codes = await h.accounts.confirmTotp('tia', totpAt(secret, h.clock), tia)
      expect(codes).to.have.length(10)
      expect(await h.accounts.info('tia')).to.include({ totpEnabled: true, recoveryCodesLeft: 10 })

      const required = await expectRelayError(async () => await login(), 'SECOND_FACTOR_REQUIRED')
      expect(required.message).to.match(/authenticator/)
      // The code that confirmed enrolment is spent: it cannot log in within its own step.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, h.clock) }), 'INVALID_CODE')
      await expectRelayError(async () => await login({ totpCode: wrongCode(totpAt(secret, h.clock + STEP)) }), 'INVALID_CODE')
      // A wrong password is refused whatever the code.
      await expectRelayError(async () => await h.accounts.login('tia', 'wrong', { totpCode: totpAt(secret, h.clock + STEP) }, tia), 'INVALID_CREDENTIALS')
      h.clock += STEP
      const session = await login({ totpCode: totpAt(secret, h.clock) })
      expect(session.user).to.equal('tia@relay.test')
      // The same code again is a replay, from any device.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, h.clock) }), 'INVALID_CODE')
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, h.clock) }, caller('tia', 'laptop')), 'INVALID_CODE')
      // So is the previous step's code, although it is within the h.clock-skew window.
      await expectRelayError(async () => await login({ totpCode: totpAt(secret, h.clock - STEP) }), 'INVALID_CODE')

      // A recovery code logs in once, whatever its case and dashes.
      const [first, second, third] = codes as [string, string, string]
      await login({ recoveryCode: first.toLowerCase().replace('-', '') })
      expect((await h.accounts.info('tia')).recoveryCodesLeft).to.equal(9)
      await expectRelayError(async () => await login({ recoveryCode: first }), 'INVALID_CODE')
      expect((await h.accounts.info('tia')).recoveryCodesLeft).to.equal(9)

      // Regenerating needs a valid factor and burns the whole old set.
      await expectRelayError(async () => await h.accounts.regenerateRecoveryCodes('tia', { recoveryCode: first }, tia), 'INVALID_CODE')
      const fresh = await h.accounts.regenerateRecoveryCodes('tia', { recoveryCode: second }, tia)
      expect(fresh).to.have.length(10)
      expect(fresh.filter(c => codes.includes(c))).to.deep.equal([])
      expect((await h.accounts.info('tia')).recoveryCodesLeft).to.equal(10)
      await expectRelayError(async () => await login({ recoveryCode: third }), 'INVALID_CODE')
      await login({ recoveryCode: fresh[0] })
      expect((await h.accounts.info('tia')).recoveryCodesLeft).to.equal(9)

      // Enrolling again while on is refused; turning off needs a valid factor.
      await expectRelayError(async () => await h.accounts.enrolTotp('tia'), 'BAD_REQUEST')
      await expectRelayError(async () => await h.accounts.disableTotp('tia', {}, tia), 'SECOND_FACTOR_REQUIRED')
      await expectRelayError(async () => await h.accounts.disableTotp('tia', { totpCode: totpAt(secret, h.clock) }, tia), 'INVALID_CODE')
      await expectRelayError(async () => await h.accounts.disableTotp('tia', { recoveryCode: third }, tia), 'INVALID_CODE')
      expect((await h.accounts.info('tia')).totpEnabled).to.equal(true)
      h.clock += STEP
      await h.accounts.disableTotp('tia', { totpCode: totpAt(secret, h.clock) }, tia)
      expect(await h.accounts.info('tia')).to.include({ totpEnabled: false, recoveryCodesLeft: 0 })
      await login()
      await expectRelayError(async () => await h.accounts.disableTotp('tia', { totpCode: totpAt(secret, h.clock + STEP) }, tia), 'BAD_REQUEST')
    })

    it('refuses a confirmation after the 15 minutes enrolment lasts', async () => {
      const { secret } = await h.accounts.enrolTotp('rex')
      h.clock = h.start + VERIFY_CODE_TTL_MS
      await expectRelayError(async () => await h.accounts.confirmTotp('rex', totpAt(secret, h.clock), caller('rex')), 'BAD_REQUEST')
      expect((await h.accounts.info('rex')).totpEnabled).to.equal(false)
    })
  })
})
