/** Password reset with an emailed code; every session ends with it. */
import { formatAddress } from '@parley/protocol'
import { hashPassword } from '../password.js'
import { RESEND_INTERVAL_MS } from '../constants.js'
import { codeMail } from './mail.js'
import type { AccountRecord, Caller } from './records.js'
import type { AccountsCore } from './core.js'

/** Password reset: one flow of the accounts service, over the shared core. */
export class PasswordReset {
  constructor (private readonly core: AccountsCore) {}

  /** Mails a password reset code if the name is a verified account; answers the same either way. */
  async requestPasswordReset (name: string): Promise<void> {
    await this.core.lock.run(name, async () => {
      const account = await this.core.accounts.get(name)
      if (account === undefined || !account.verified) return
      const previous = account.reset
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.core.now()) return
      if (!await this.core.mail.mailQuota(account.email)) return
      const { code, pending } = this.core.mail.newCode(name, 'reset', previous)
      account.reset = pending
      await this.core.save(account)
      await this.core.mail.send(account.email, codeMail(formatAddress(name, this.core.c.relayName), code, 'reset', this.core.limits.codeTtlMs), false)
    })
  }

  /** Sets a new password with an emailed reset code, and ends every session of the account. */
  async resetPassword (name: string, code: string, password: string, caller: Caller): Promise<void> {
    await this.core.lock.run(name, async () => {
      const account = await this.core.accounts.get(name)
      // The code is checked (and rate-limited) before any hashing, so a flood of resets costs nothing.
      await this.core.checkCode(account, 'reset', 'reset', name, code, caller)
      const a = account as AccountRecord
      a.passwordHash = await this.core.hashing.run(async () => await hashPassword(password))
      delete a.reset
      await this.core.save(a)
      // Under the lock: a login that checked the old password either made its session before
      // (ended here) or finds the new hash and fails.
      await this.core.c.sessions.revokeAll(name)
    })
  }
}
