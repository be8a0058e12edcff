/** Registration: an unverified account, its emailed verification code, resending it. */
import { formatAddress, isValidName } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { hashPassword } from '../password.js'
import { rateSource } from '../rate-limiter.js'
import { RESEND_INTERVAL_MS, UNVERIFIED_ACCOUNT_TTL_MS } from '../constants.js'
import { HOUR, type AccountRecord, type Caller } from './records.js'
import { checkEmail, codeMail } from './mail.js'
import type { AccountsCore } from './core.js'

/** Registration: one flow of the accounts service, over the shared core. */
export class Registration {
  constructor (private readonly core: AccountsCore) {}

  /** Creates an unverified account and mails a verification code. */
  async register (name: string, email: string, password: string, caller: Caller): Promise<void> {
    if (!isValidName(name)) throw new RelayError('BAD_REQUEST', 'names are 1-32 characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit')
    checkEmail(email)
    if (!await this.core.c.limiter.take([{ key: `register:ip:${rateSource(caller.ip)}`, policy: { limit: this.core.limits.registrationsPerIpPerHour, windowMs: HOUR } }])) {
      this.core.c.metrics.rateLimited++
      throw new RelayError('RATE_LIMITED', 'too many registrations from this address; try again in an hour', HOUR)
    }
    const passwordHash = await this.core.hashing.run(async () => await hashPassword(password))
    await this.core.lock.run(name, async () => {
      const existing = await this.core.accounts.get(name)
      // A name held by an account nobody verified for a day is free again, so names cannot be squatted.
      if (existing !== undefined && (existing.verified || existing.createdAt + UNVERIFIED_ACCOUNT_TTL_MS > this.core.now())) {
        throw new RelayError('NAME_TAKEN', `the name "${name}" is taken; choose another`)
      }
      const { code, pending } = this.core.mail.newCode(name, 'verify')
      const account: AccountRecord = { name, email, passwordHash, verified: false, createdAt: this.core.now(), code: pending, knownPeers: [caller.peerId] }
      await this.core.save(account)
      try {
        if (!await this.core.mail.mailQuota(email)) throw new RelayError('RATE_LIMITED', 'the relay has sent too much mail to that address or in total; try again in an hour', HOUR)
        await this.core.mail.send(email, codeMail(formatAddress(name, this.core.c.relayName), code, 'verify', this.core.limits.codeTtlMs), true)
      } catch (err) {
        // Without the mail the account cannot be verified: undo it so the name can be tried again.
        await this.core.c.db.commit([existing !== undefined
          ? { type: 'put', sublevel: this.core.accounts, key: name, value: existing }
          : { type: 'del', sublevel: this.core.accounts, key: name }])
        throw err
      }
      if (existing !== undefined) await this.core.c.sessions.revokeAll(name)
    })
  }

  /**
   * Mails a fresh code to an unverified account; silent for unknown or verified names and when
   * the last code is under a minute old. The new code keeps the old one's window and wrong
   * attempts, so resending buys neither guesses nor a longer lock.
   */
  async resendCode (name: string): Promise<void> {
    await this.core.lock.run(name, async () => {
      const account = await this.core.accounts.get(name)
      if (account === undefined || account.verified) return
      const previous = account.code
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.core.now()) return
      if (!await this.core.mail.mailQuota(account.email)) return
      const { code, pending } = this.core.mail.newCode(name, 'verify', previous)
      account.code = pending
      await this.core.save(account)
      await this.core.mail.send(account.email, codeMail(formatAddress(name, this.core.c.relayName), code, 'verify', this.core.limits.codeTtlMs), false)
    })
  }

  /** Marks the account verified when the code is right, unexpired and within its budgets. */
  async verify (name: string, code: string, caller: Caller): Promise<void> {
    await this.core.lock.run(name, async () => {
      const account = await this.core.accounts.get(name)
      await this.core.checkCode(account, 'code', 'verify', name, code, caller)
      const a = account as AccountRecord
      a.verified = true
      delete a.code
      await this.core.save(a)
    })
  }
}
