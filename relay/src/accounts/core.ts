import { timingSafeEqual } from 'node:crypto'
import { RelayError } from '../errors.js'
import { KeyedLock } from '../keyed-lock.js'
import { Semaphore } from '../semaphore.js'
import { VERIFY_CODE_MAX_ATTEMPTS } from '../constants.js'
import { TwoFactor } from '../two-factor.js'
import { DEFAULT_ACCOUNT_LIMITS, type AccountLimits, type AccountRecord, type AccountsComponents, type Caller } from './records.js'
import { AccountMail } from './mail.js'
import { rateSource, type Reservation } from '../rate-limiter.js'
import type { SecondFactorInput } from '@parley/protocol'

/** The secrets whose guesses are counted, each in budgets of its own. */
export type SecretKind = 'password' | 'second-factor' | 'email-code'

/**
 * What every account flow shares: the stored records, the per-account lock, the hashing slots,
 * the limits, and the checks of guessable secrets (password attempts, second factors, emailed codes).
 */
export class AccountsCore {
  /** The account records, by name. */
  readonly accounts
  /** Held around every read-modify-write of one account. */
  readonly lock = new KeyedLock()
  /** scrypt shares libuv's thread pool with LevelDB: two at a time leaves the database room to work. */
  readonly hashing = new Semaphore(2)
  /** TOTP secrets and recovery codes. */
  readonly twoFactor: TwoFactor
  /** The limits, defaults filled. */
  readonly limits: AccountLimits
  /** The clock. */
  readonly now: () => number
  /** Codes and the mails that carry them. */
  readonly mail: AccountMail

  constructor (readonly c: AccountsComponents) {
    this.accounts = c.db.json<AccountRecord>('accounts')
    this.twoFactor = new TwoFactor(c.keys, c.relayName)
    this.limits = { ...DEFAULT_ACCOUNT_LIMITS, ...c.limits }
    this.now = c.now ?? Date.now
    this.mail = new AccountMail(c, this.limits, this.now)
  }

  /** The account, or UNAUTHENTICATED when it no longer exists (a session outliving it). */
  async require (name: string): Promise<AccountRecord> {
    const account = await this.accounts.get(name)
    if (account === undefined) throw new RelayError('UNAUTHENTICATED', 'the account no longer exists')
    return account
  }

  /** Writes the account record. */
  async save (account: AccountRecord): Promise<void> {
    await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: account.name, value: account }])
  }

  /**
   * Counts a guess at a secret of `kind` for `name`. A device that logged in to this account
   * before has a budget of its own; everyone else shares one per account, and each peer and IP
   * address has one across accounts. So strangers cannot lock the owner's devices out, and the
   * guesses strangers get are bounded however many PeerIds they make.
   */
  async attempt (kind: SecretKind, name: string, account: AccountRecord | undefined, caller: Caller): Promise<Reservation> {
    const known = account?.knownPeers?.includes(caller.peerId) === true
    const buckets = known
      ? [{ key: `${kind}:${name}:device:${caller.peerId}`, policy: this.limits.guess }]
      : [
          { key: `${kind}:${name}:new`, policy: this.limits.guess },
          { key: `${kind}:peer:${caller.peerId}`, policy: this.limits.guessPerSource, keep: true },
          { key: `${kind}:ip:${rateSource(caller.ip)}`, policy: this.limits.guessPerSource, keep: true }
        ]
    try {
      return await this.c.limiter.attempt(buckets)
    } catch (err) {
      if (err instanceof RelayError && err.code === 'RATE_LIMITED') this.c.metrics.rateLimited++
      throw err
    }
  }

  /** Checks a TOTP code (once per time step) or burns a recovery code; INVALID_CODE otherwise. */
  async checkSecondFactor (account: AccountRecord, factor: SecondFactorInput, caller: Caller): Promise<void> {
    const totp = account.totp
    if (totp === undefined) return
    const attempt = await this.attempt('second-factor', account.name, account, caller)
    this.c.metrics.secondFactorChecks++
    if (factor.totpCode !== undefined) {
      const step = this.twoFactor.check(this.twoFactor.open(account.name, totp.secret), factor.totpCode, totp.lastStep, this.now())
      if (step === undefined) throw new RelayError('INVALID_CODE', 'that code is wrong or was already used; wait for the next one')
      totp.lastStep = step
    } else if (factor.recoveryCode !== undefined) {
      const index = this.twoFactor.matchRecovery(account.name, factor.recoveryCode, account.recovery ?? [])
      if (index < 0) throw new RelayError('INVALID_CODE', 'that recovery code is wrong or was already used')
      account.recovery = (account.recovery ?? []).filter((_, i) => i !== index)
    } else {
      throw new RelayError('SECOND_FACTOR_REQUIRED', 'give a code from the authenticator app, or a recovery code')
    }
    await this.save(account)
    await this.c.limiter.clear(attempt)
  }

  /** Checks an emailed code in `field` of the account: expiry, per-code attempts, rate limits, then the MAC. */
  async checkCode (account: AccountRecord | undefined, field: 'code' | 'emailChange' | 'reset', purpose: string, name: string, code: string, caller: Caller): Promise<void> {
    const attempt = await this.attempt('email-code', name, account, caller)
    const stored = account?.[field]
    if (account === undefined || stored === undefined || (field === 'code' && account.verified)) {
      throw new RelayError('INVALID_CODE', 'that code is not valid; request a new one')
    }
    const now = this.now()
    if (stored.expiresAt <= now) {
      delete account[field]
      await this.save(account)
      throw new RelayError('INVALID_CODE', 'that code has expired; request a new one')
    }
    if (stored.attempts >= VERIFY_CODE_MAX_ATTEMPTS) {
      throw new RelayError('INVALID_CODE', 'too many wrong codes; request a new code once this one expires', stored.expiresAt - now)
    }
    this.c.metrics.emailCodeChecks++
    const given = Buffer.from(this.mail.mac(purpose, name, code.trim()), 'hex')
    const expected = Buffer.from(stored.mac, 'hex')
    // A stored MAC of another length (a damaged record) is a mismatch, not a crash.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      stored.attempts += 1
      await this.save(account)
      throw new RelayError('INVALID_CODE', 'that code is not valid; check the mail or request a new one')
    }
    await this.c.limiter.clear(attempt)
  }
}
