/** Deletion: password (and second factor) checked, then the account and, through hooks, its data go. */
import type { SecondFactorInput } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { verifyPassword } from '../password.js'
import type { Caller } from './records.js'
import type { AccountsCore } from './core.js'

/** Deletion: one flow of the accounts service, over the shared core. */
export class Deletion {
  private readonly deleteHooks = new Set<(name: string) => Promise<void>>()

  constructor (private readonly core: AccountsCore) {}

  /** Runs `hook` when an account is deleted (the directory and mailboxes drop their data). */
  onDelete (hook: (name: string) => Promise<void>): void {
    this.deleteHooks.add(hook)
  }

  /** Deletes the account and, through the delete hooks, its directory entries and mail. */
  async deleteAccount (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<void> {
    const account = await this.core.require(name)
    const passwordTry = await this.core.attempt('password', name, account, caller)
    this.core.c.metrics.passwordChecks++
    if (!await this.core.hashing.run(async () => await verifyPassword(password, account.passwordHash))) throw new RelayError('INVALID_CREDENTIALS', 'wrong password')
    await this.core.lock.run(name, async () => {
      const current = await this.core.require(name)
      // A password reset since the check above: the old password no longer speaks for the account.
      if (current.passwordHash !== account.passwordHash) throw new RelayError('INVALID_CREDENTIALS', 'wrong password')
      if (current.totp !== undefined) {
        if (factor === undefined) throw new RelayError('SECOND_FACTOR_REQUIRED', 'give a code from the authenticator app, or a recovery code')
        await this.core.checkSecondFactor(current, factor, caller)
      }
      await this.core.c.db.commit([{ type: 'del', sublevel: this.core.accounts, key: name }])
      await this.core.c.sessions.revokeAll(name)
      // Inside the lock: a registration of the same name waits until the old data is gone.
      for (const hook of this.deleteHooks) await hook(name)
    })
    await this.core.c.limiter.clear(passwordTry)
  }
}
