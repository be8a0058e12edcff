/** Two-factor login: TOTP enrolment and confirmation, disabling it, recovery codes. */
import { formatAddress, type SecondFactorInput } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { formatDuration } from './mail.js'
import type { Caller } from './records.js'
import type { AccountsCore } from './core.js'

/** Two-factor enrolment: one flow of the accounts service, over the shared core. */
export class TwoFactorEnrolment {
  constructor (private readonly core: AccountsCore) {}

  /** Starts TOTP enrolment: a new secret, active only once `confirmTotp` gets a current code. */
  async enrolTotp (name: string): Promise<{ uri: string, secret: string }> {
    return await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      if (account.totp !== undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is already on; disable it first to enrol a new authenticator')
      const { secret, uri } = this.core.twoFactor.newSecret(formatAddress(name, this.core.c.relayName))
      account.pendingTotp = { secret: this.core.twoFactor.seal(name, secret), createdAt: this.core.now() }
      await this.core.save(account)
      return { uri, secret }
    })
  }

  /** Turns TOTP on once a current code proves the authenticator has the secret; returns ten recovery codes, shown once. */
  async confirmTotp (name: string, code: string, caller: Caller): Promise<string[]> {
    return await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      const pending = account.pendingTotp
      if (pending === undefined || pending.createdAt + this.core.limits.codeTtlMs <= this.core.now()) throw new RelayError('BAD_REQUEST', `start enrolment first (it is valid for ${formatDuration(this.core.limits.codeTtlMs)})`)
      const attempt = await this.core.attempt('second-factor', name, account, caller)
      this.core.c.metrics.secondFactorChecks++
      const step = this.core.twoFactor.check(this.core.twoFactor.open(name, pending.secret), code, 0, this.core.now())
      if (step === undefined) throw new RelayError('INVALID_CODE', 'that code does not match; check the authenticator app and the clock')
      await this.core.c.limiter.clear(attempt)
      const { codes, macs } = this.core.twoFactor.newRecoveryCodes(name)
      account.totp = { secret: pending.secret, lastStep: step, enabledAt: this.core.now() }
      account.recovery = macs
      delete account.pendingTotp
      await this.core.save(account)
      return codes
    })
  }

  /** Turns TOTP off; needs a valid second factor. */
  async disableTotp (name: string, factor: SecondFactorInput, caller: Caller): Promise<void> {
    await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      if (account.totp === undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is not on')
      await this.core.checkSecondFactor(account, factor, caller)
      delete account.totp
      delete account.recovery
      await this.core.save(account)
    })
  }

  /** Replaces the recovery codes (the old set stops working); needs a valid second factor. */
  async regenerateRecoveryCodes (name: string, factor: SecondFactorInput, caller: Caller): Promise<string[]> {
    return await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      if (account.totp === undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is not on')
      await this.core.checkSecondFactor(account, factor, caller)
      const { codes, macs } = this.core.twoFactor.newRecoveryCodes(name)
      account.recovery = macs
      await this.core.save(account)
      return codes
    })
  }
}
