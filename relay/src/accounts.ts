import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { formatAddress, isValidName, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { RelayError } from './errors.js'
import { hashPassword, verifyPassword } from './password.js'
import { KeyedLock } from './keyed-lock.js'
import { Semaphore } from './semaphore.js'
import { MAX_CACHED_ACCOUNTS, RESEND_INTERVAL_MS, UNVERIFIED_ACCOUNT_TTL_MS, VERIFY_CODE_MAX_ATTEMPTS, VERIFY_CODE_TTL_MS } from './constants.js'
import { TwoFactor } from './two-factor.js'
import { cachedRecords, type ReadCache } from './read-cache.js'
import type { RelayDb } from './store.js'
import type { Mailer, OutgoingMail } from './mailer.js'
import type { Logger } from './logger.js'
import type { RelayKeys } from './relay-keys.js'
import type { BackoffPolicy, RateLimiter, Reservation } from './rate-limiter.js'
import type { SessionRecord, Sessions } from './sessions.js'
import type { Metrics } from './metrics.js'

/** An emailed code as stored: only its HMAC. */
export interface PendingCode { mac: string, issuedAt: number, expiresAt: number, attempts: number }

/** An account as stored: the password only as a scrypt hash, codes only as HMACs, the TOTP secret encrypted. */
export interface AccountRecord {
  name: string
  email: string
  passwordHash: string
  verified: boolean
  createdAt: number
  /** The email verification code, while unverified. */
  code?: PendingCode
  /** A new address waiting for its code. */
  emailChange?: PendingCode & { email: string }
  /** A password reset code. */
  reset?: PendingCode
  /** TOTP, once confirmed: the secret sealed with the relay's TOTP key, and the last accepted time step. */
  totp?: { secret: string, lastStep: number, enabledAt: number }
  /** A TOTP secret enrolled but not yet confirmed with a code. */
  pendingTotp?: { secret: string, createdAt: number }
  /** MACs of the unused recovery codes. */
  recovery?: string[]
  /** Devices that logged in successfully: their failed attempts are counted apart from strangers'. */
  knownPeers?: string[]
}

/** Who is asking: the Noise-authenticated PeerId and the IP address of the connection. */
export interface Caller { peerId: string, ip: string }

/** Limits on guessing and on mail; every one has a default. */
export interface AccountLimits {
  /** Failures per account and device (or per account for unknown devices) before back-off. */
  guess: BackoffPolicy
  /** Failures per peer and per IP address, across accounts, before back-off. */
  guessPerSource: BackoffPolicy
  /** Registrations per IP address per hour. */
  registrationsPerIpPerHour: number
  /** Mails to one address per hour. */
  mailsPerAddressPerHour: number
  /** Mails in total per hour (so the relay cannot be used to spam). */
  mailsPerHour: number
  /** How long an emailed code (and an unconfirmed TOTP enrolment) stays valid. */
  codeTtlMs: number
}

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
/** Defaults: 5 free guesses, then 1 s, 2 s, 4 s... up to 15 minutes between guesses. */
export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  guess: { free: 5, baseMs: 1000, maxMs: 15 * 60 * 1000, forgetMs: DAY },
  guessPerSource: { free: 20, baseMs: 1000, maxMs: 15 * 60 * 1000, forgetMs: DAY },
  registrationsPerIpPerHour: 20,
  mailsPerAddressPerHour: 5,
  mailsPerHour: 500,
  codeTtlMs: VERIFY_CODE_TTL_MS
}
/** Devices remembered per account. */
const MAX_KNOWN_PEERS = 16

/** What the accounts service needs from the relay. */
export interface AccountsComponents {
  db: RelayDb
  mailer: Mailer
  log: Logger
  relayName: string
  keys: RelayKeys
  limiter: RateLimiter
  sessions: Sessions
  metrics: Metrics
  limits?: Partial<AccountLimits>
  now?: () => number
}

type SecretKind = 'password' | 'second-factor' | 'email-code'
const WRONG_LOGIN = 'wrong name or password'

/**
 * Accounts: registration with email verification, password login with an optional TOTP second
 * factor and recovery codes, sessions, email change, password reset and deletion, with rate
 * limits on every guessable secret and on mail.
 */
export class Accounts {
  private readonly accounts
  /** Frozen records for `get`, read on every deposit; exact because every account write is a commit. */
  private readonly cache: ReadCache<AccountRecord | undefined>
  private readonly lock = new KeyedLock()
  /** scrypt shares libuv's thread pool with LevelDB: two at a time leaves the database room to work. */
  private readonly hashing = new Semaphore(2)
  private readonly twoFactor: TwoFactor
  private readonly limits: AccountLimits
  private readonly now: () => number
  private readonly deleteHooks = new Set<(name: string) => Promise<void>>()
  private dummyHash: Promise<string> | undefined

  constructor (private readonly c: AccountsComponents) {
    this.accounts = c.db.json<AccountRecord>('accounts')
    this.cache = cachedRecords<AccountRecord>(c.db, this.accounts, MAX_CACHED_ACCOUNTS)
    this.twoFactor = new TwoFactor(c.keys, c.relayName)
    this.limits = { ...DEFAULT_ACCOUNT_LIMITS, ...c.limits }
    this.now = c.now ?? Date.now
  }

  /** Runs `hook` when an account is deleted (the directory and mailboxes drop their data). */
  onDelete (hook: (name: string) => Promise<void>): void {
    this.deleteHooks.add(hook)
  }

  // Registration and email verification

  /** Creates an unverified account and mails a verification code. */
  async register (name: string, email: string, password: string, caller: Caller): Promise<void> {
    if (!isValidName(name)) throw new RelayError('BAD_REQUEST', 'names are 1-32 characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit')
    checkEmail(email)
    if (!await this.c.limiter.take([{ key: `register:ip:${caller.ip}`, policy: { limit: this.limits.registrationsPerIpPerHour, windowMs: HOUR } }])) {
      this.c.metrics.rateLimited++
      throw new RelayError('RATE_LIMITED', 'too many registrations from this address; try again in an hour', HOUR)
    }
    const passwordHash = await this.hashing.run(async () => await hashPassword(password))
    await this.lock.run(name, async () => {
      const existing = await this.accounts.get(name)
      // A name held by an account nobody verified for a day is free again, so names cannot be squatted.
      if (existing !== undefined && (existing.verified || existing.createdAt + UNVERIFIED_ACCOUNT_TTL_MS > this.now())) {
        throw new RelayError('NAME_TAKEN', `the name "${name}" is taken; choose another`)
      }
      const { code, pending } = this.newCode(name, 'verify')
      const account: AccountRecord = { name, email, passwordHash, verified: false, createdAt: this.now(), code: pending, knownPeers: [caller.peerId] }
      await this.save(account)
      try {
        if (!await this.mailQuota(email)) throw new RelayError('RATE_LIMITED', 'the relay has sent too much mail to that address or in total; try again in an hour', HOUR)
        await this.send(email, codeMail(formatAddress(name, this.c.relayName), code, 'verify', this.limits.codeTtlMs), true)
      } catch (err) {
        // Without the mail the account cannot be verified: undo it so the name can be tried again.
        await this.c.db.commit([existing !== undefined
          ? { type: 'put', sublevel: this.accounts, key: name, value: existing }
          : { type: 'del', sublevel: this.accounts, key: name }])
        throw err
      }
      if (existing !== undefined) await this.c.sessions.revokeAll(name)
    })
  }

  /**
   * Mails a fresh code to an unverified account; silent for unknown or verified names and when
   * the last code is under a minute old. The new code keeps the old one's window and wrong
   * attempts, so resending buys neither guesses nor a longer lock.
   */
  async resendCode (name: string): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      if (account === undefined || account.verified) return
      const previous = account.code
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.now()) return
      if (!await this.mailQuota(account.email)) return
      const { code, pending } = this.newCode(name, 'verify', previous)
      account.code = pending
      await this.save(account)
      await this.send(account.email, codeMail(formatAddress(name, this.c.relayName), code, 'verify', this.limits.codeTtlMs), false)
    })
  }

  /** Marks the account verified when the code is right, unexpired and within its budgets. */
  async verify (name: string, code: string, caller: Caller): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      await this.checkCode(account, 'code', 'verify', name, code, caller)
      const a = account as AccountRecord
      a.verified = true
      delete a.code
      await this.save(a)
    })
  }

  // Login, sessions

  /**
   * Checks the password (and the second factor when TOTP is on) and opens a session bound to the
   * caller's PeerId. Unknown name and wrong password get the same answer after the same work.
   */
  async login (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<{ token: Uint8Array, user: string, expiresAt: number }> {
    const account = await this.accounts.get(name)
    const passwordTry = await this.attempt('password', name, account, caller)
    this.c.metrics.passwordChecks++
    if (account === undefined) {
      this.dummyHash ??= hashPassword('parley-timing-equaliser')
      const dummy = await this.dummyHash
      await this.hashing.run(async () => await verifyPassword(password, dummy))
      throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
    }
    if (!await this.hashing.run(async () => await verifyPassword(password, account.passwordHash))) throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
    // The attempt stays counted until the whole login succeeds: someone who knows the password
    // but not the second factor must not get unlimited password hashing (or guesses) for free.
    // The password was checked outside the lock (hashing is slow); under it, the account must
    // still be the one checked against: a reset or deletion in between wins. The session is
    // made under the lock too, so a reset or deletion after it finds the session and ends it.
    const { token, record } = await this.lock.run(name, async () => {
      const current = await this.accounts.get(name)
      // The hash is salted afresh by every reset, so a reset to the same password changes it too.
      if (current === undefined || current.createdAt !== account.createdAt || current.passwordHash !== account.passwordHash) throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
      if (current.totp !== undefined) {
        if (factor === undefined) throw new RelayError('SECOND_FACTOR_REQUIRED', 'this account uses two-factor login: give the code from the authenticator app, or a recovery code')
        await this.checkSecondFactor(current, factor, caller)
      }
      current.knownPeers = [caller.peerId, ...(current.knownPeers ?? []).filter(p => p !== caller.peerId)].slice(0, MAX_KNOWN_PEERS)
      await this.save(current)
      await this.c.limiter.clear(passwordTry)
      return await this.c.sessions.create(name, account.createdAt, caller.peerId)
    })
    return { token, user: formatAddress(name, this.c.relayName), expiresAt: record.expiresAt }
  }

  /** The session for a token presented by `peerId`; it must belong to the account as it is now. */
  async authenticate (token: Uint8Array, peerId: string): Promise<SessionRecord & { tokenHash: string }> {
    const session = await this.c.sessions.get(token, peerId)
    const account = await this.accounts.get(session.user)
    if (account === undefined || account.createdAt !== session.account) {
      await this.c.sessions.revoke(session.user, [session.tokenHash])
      throw new RelayError('UNAUTHENTICATED', 'the session is not valid for this device; log in again')
    }
    return session
  }

  /** Ends one session. */
  async logout (name: string, tokenHash: string): Promise<void> {
    await this.c.sessions.revoke(name, [tokenHash])
  }

  /** The user's live sessions; `current` marks the caller's. */
  async listSessions (name: string, currentHash: string): Promise<SessionInfo[]> {
    return (await this.c.sessions.list(name)).map(s => ({ id: s.id, peerId: s.peerId, createdAt: s.createdAt, lastSeen: s.lastSeen, expiresAt: s.expiresAt, current: s.tokenHash === currentHash }))
  }

  /** Revokes sessions by id, all of them, or all but the caller's; returns how many ended. */
  async revokeSessions (name: string, which: { ids: string[], all: boolean, others: boolean }, currentHash: string): Promise<number> {
    if (which.all) return await this.c.sessions.revokeAll(name)
    if (which.others) return await this.c.sessions.revokeAll(name, currentHash)
    const sessions = await this.c.sessions.list(name)
    const hashes = sessions.filter(s => which.ids.includes(s.id)).map(s => s.tokenHash)
    if (hashes.length < new Set(which.ids).size) throw new RelayError('NOT_FOUND', 'no such session (list them with sessions)')
    return await this.c.sessions.revoke(name, hashes)
  }

  // Two-factor login

  /** Starts TOTP enrolment: a new secret, active only once `confirmTotp` gets a current code. */
  async enrolTotp (name: string): Promise<{ uri: string, secret: string }> {
    return await this.lock.run(name, async () => {
      const account = await this.require(name)
      if (account.totp !== undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is already on; disable it first to enrol a new authenticator')
      const { secret, uri } = this.twoFactor.newSecret(formatAddress(name, this.c.relayName))
      account.pendingTotp = { secret: this.twoFactor.seal(name, secret), createdAt: this.now() }
      await this.save(account)
      return { uri, secret }
    })
  }

  /** Turns TOTP on once a current code proves the authenticator has the secret; returns ten recovery codes, shown once. */
  async confirmTotp (name: string, code: string, caller: Caller): Promise<string[]> {
    return await this.lock.run(name, async () => {
      const account = await this.require(name)
      const pending = account.pendingTotp
      if (pending === undefined || pending.createdAt + this.limits.codeTtlMs <= this.now()) throw new RelayError('BAD_REQUEST', `start enrolment first (it is valid for ${formatDuration(this.limits.codeTtlMs)})`)
      const attempt = await this.attempt('second-factor', name, account, caller)
      this.c.metrics.secondFactorChecks++
      const step = this.twoFactor.check(this.twoFactor.open(name, pending.secret), code, 0, this.now())
      if (step === undefined) throw new RelayError('INVALID_CODE', 'that code does not match; check the authenticator app and the clock')
      await this.c.limiter.clear(attempt)
      const { codes, macs } = this.twoFactor.newRecoveryCodes(name)
      account.totp = { secret: pending.secret, lastStep: step, enabledAt: this.now() }
      account.recovery = macs
      delete account.pendingTotp
      await this.save(account)
      return codes
    })
  }

  /** Turns TOTP off; needs a valid second factor. */
  async disableTotp (name: string, factor: SecondFactorInput, caller: Caller): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.require(name)
      if (account.totp === undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is not on')
      await this.checkSecondFactor(account, factor, caller)
      delete account.totp
      delete account.recovery
      await this.save(account)
    })
  }

  /** Replaces the recovery codes (the old set stops working); needs a valid second factor. */
  async regenerateRecoveryCodes (name: string, factor: SecondFactorInput, caller: Caller): Promise<string[]> {
    return await this.lock.run(name, async () => {
      const account = await this.require(name)
      if (account.totp === undefined) throw new RelayError('BAD_REQUEST', 'two-factor login is not on')
      await this.checkSecondFactor(account, factor, caller)
      const { codes, macs } = this.twoFactor.newRecoveryCodes(name)
      account.recovery = macs
      await this.save(account)
      return codes
    })
  }

  // Email change, password reset, deletion

  /** Mails a code to a new address; the address changes only once that code is confirmed. */
  async changeEmail (name: string, email: string): Promise<void> {
    checkEmail(email)
    await this.lock.run(name, async () => {
      const account = await this.require(name)
      if (!account.verified) throw new RelayError('NOT_VERIFIED', 'verify the current address first')
      // Confirming it would tell that same address it is no longer the account's: a false alarm.
      if (email.toLowerCase() === account.email.toLowerCase()) throw new RelayError('BAD_REQUEST', 'that is already the account\'s email address')
      const previous = account.emailChange
      // One code mail a minute per account, whatever the address: the relay mails only on the owner's behalf.
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.now()) {
        throw new RelayError('RATE_LIMITED', 'a code was sent less than a minute ago; wait for it, or try again in a minute', previous.issuedAt + RESEND_INTERVAL_MS - this.now())
      }
      if (!await this.mailQuota(email)) throw new RelayError('RATE_LIMITED', 'the relay has sent too much mail to that address or in total; try again in an hour', HOUR)
      const { code, pending } = this.newCode(name, 'email', previous?.email === email ? previous : undefined)
      account.emailChange = { ...pending, email }
      await this.save(account)
      await this.send(email, codeMail(formatAddress(name, this.c.relayName), code, 'email', this.limits.codeTtlMs), true)
    })
  }

  /** Switches to the new address once its code is right; the old address is told. */
  async confirmEmail (name: string, code: string, caller: Caller): Promise<void> {
    const old = await this.lock.run(name, async () => {
      const account = await this.require(name)
      await this.checkCode(account, 'emailChange', 'email', name, code, caller)
      const change = account.emailChange as NonNullable<AccountRecord['emailChange']>
      const previous = account.email
      account.email = change.email
      delete account.emailChange
      await this.save(account)
      return previous
    })
    if (await this.mailQuota(old)) {
      await this.send(old, {
        subject: 'Your Parley email address was changed',
        text: `The email address of ${formatAddress(name, this.c.relayName)} is no longer this one. If you did not do this, reset your password at once.\n`
      }, false)
    }
  }

  /** Mails a password reset code if the name is a verified account; answers the same either way. */
  async requestPasswordReset (name: string): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      if (account === undefined || !account.verified) return
      const previous = account.reset
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.now()) return
      if (!await this.mailQuota(account.email)) return
      const { code, pending } = this.newCode(name, 'reset', previous)
      account.reset = pending
      await this.save(account)
      await this.send(account.email, codeMail(formatAddress(name, this.c.relayName), code, 'reset', this.limits.codeTtlMs), false)
    })
  }

  /** Sets a new password with an emailed reset code, and ends every session of the account. */
  async resetPassword (name: string, code: string, password: string, caller: Caller): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      // The code is checked (and rate-limited) before any hashing, so a flood of resets costs nothing.
      await this.checkCode(account, 'reset', 'reset', name, code, caller)
      const a = account as AccountRecord
      a.passwordHash = await this.hashing.run(async () => await hashPassword(password))
      delete a.reset
      await this.save(a)
      // Under the lock: a login that checked the old password either made its session before
      // (ended here) or finds the new hash and fails.
      await this.c.sessions.revokeAll(name)
    })
  }

  /** Deletes the account and, through the delete hooks, its directory entries and mail. */
  async deleteAccount (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<void> {
    const account = await this.require(name)
    const passwordTry = await this.attempt('password', name, account, caller)
    this.c.metrics.passwordChecks++
    if (!await this.hashing.run(async () => await verifyPassword(password, account.passwordHash))) throw new RelayError('INVALID_CREDENTIALS', 'wrong password')
    await this.lock.run(name, async () => {
      const current = await this.require(name)
      // A password reset since the check above: the old password no longer speaks for the account.
      if (current.passwordHash !== account.passwordHash) throw new RelayError('INVALID_CREDENTIALS', 'wrong password')
      if (current.totp !== undefined) {
        if (factor === undefined) throw new RelayError('SECOND_FACTOR_REQUIRED', 'give a code from the authenticator app, or a recovery code')
        await this.checkSecondFactor(current, factor, caller)
      }
      await this.c.db.commit([{ type: 'del', sublevel: this.accounts, key: name }])
      await this.c.sessions.revokeAll(name)
      // Inside the lock: a registration of the same name waits until the old data is gone.
      for (const hook of this.deleteHooks) await hook(name)
    })
    await this.c.limiter.clear(passwordTry)
  }

  /** What the user may see about their account. */
  async info (name: string): Promise<{ user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }> {
    const a = await this.require(name)
    return {
      user: formatAddress(name, this.c.relayName),
      email: a.email,
      totpEnabled: a.totp !== undefined,
      recoveryCodesLeft: a.recovery?.length ?? 0,
      ...(a.emailChange !== undefined ? { pendingEmail: a.emailChange.email } : {})
    }
  }

  /** The account, if it exists (frozen: change it through the flows here). */
  async get (name: string): Promise<AccountRecord | undefined> {
    return await this.cache.get(name)
  }

  /** Whether `name` is a verified account. */
  async isVerified (name: string): Promise<boolean> {
    return (await this.accounts.get(name))?.verified === true
  }

  // Internals

  private async require (name: string): Promise<AccountRecord> {
    const account = await this.accounts.get(name)
    if (account === undefined) throw new RelayError('UNAUTHENTICATED', 'the account no longer exists')
    return account
  }

  private async save (account: AccountRecord): Promise<void> {
    await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: account.name, value: account }])
  }

  /**
   * Counts a guess at a secret of `kind` for `name`. A device that logged in to this account
   * before has a budget of its own; everyone else shares one per account, and each peer and IP
   * address has one across accounts. So strangers cannot lock the owner's devices out, and the
   * guesses strangers get are bounded however many PeerIds they make.
   */
  private async attempt (kind: SecretKind, name: string, account: AccountRecord | undefined, caller: Caller): Promise<Reservation> {
    const known = account?.knownPeers?.includes(caller.peerId) === true
    const buckets = known
      ? [{ key: `${kind}:${name}:device:${caller.peerId}`, policy: this.limits.guess }]
      : [
          { key: `${kind}:${name}:new`, policy: this.limits.guess },
          { key: `${kind}:peer:${caller.peerId}`, policy: this.limits.guessPerSource, keep: true },
          { key: `${kind}:ip:${caller.ip}`, policy: this.limits.guessPerSource, keep: true }
        ]
    try {
      return await this.c.limiter.attempt(buckets)
    } catch (err) {
      if (err instanceof RelayError && err.code === 'RATE_LIMITED') this.c.metrics.rateLimited++
      throw err
    }
  }

  /** Checks a TOTP code (once per time step) or burns a recovery code; INVALID_CODE otherwise. */
  private async checkSecondFactor (account: AccountRecord, factor: SecondFactorInput, caller: Caller): Promise<void> {
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
  private async checkCode (account: AccountRecord | undefined, field: 'code' | 'emailChange' | 'reset', purpose: string, name: string, code: string, caller: Caller): Promise<void> {
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
    const given = Buffer.from(this.mac(purpose, name, code.trim()), 'hex')
    const expected = Buffer.from(stored.mac, 'hex')
    // A stored MAC of another length (a damaged record) is a mismatch, not a crash.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      stored.attempts += 1
      await this.save(account)
      throw new RelayError('INVALID_CODE', 'that code is not valid; check the mail or request a new one')
    }
    await this.c.limiter.clear(attempt)
  }

  /** A six-digit code and its stored form; a replacement keeps the window and wrong attempts of `previous` if it is still running. */
  private newCode (name: string, purpose: string, previous?: PendingCode): { code: string, pending: PendingCode } {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
    const now = this.now()
    const running = previous !== undefined && previous.expiresAt > now
    return {
      code,
      pending: {
        mac: this.mac(purpose, name, code),
        issuedAt: now,
        expiresAt: running ? previous.expiresAt : now + this.limits.codeTtlMs,
        attempts: running ? previous.attempts : 0
      }
    }
  }

  /** Takes one mail from the quotas (per address, and in total); false when one is used up. */
  private async mailQuota (to: string): Promise<boolean> {
    const address = createHmac('sha256', this.c.keys.limitKey).update(to.toLowerCase()).digest('hex').slice(0, 32)
    const ok = await this.c.limiter.take([
      { key: `mail:to:${address}`, policy: { limit: this.limits.mailsPerAddressPerHour, windowMs: HOUR } },
      { key: 'mail:all', policy: { limit: this.limits.mailsPerHour, windowMs: HOUR } }
    ])
    if (!ok) this.c.metrics.mailsRefused++
    return ok
  }

  /**
   * Sends a mail (its quota already taken). `strict` mails fail loudly when undeliverable; the
   * others are skipped quietly, so their callers answer the same whether or not an account exists.
   */
  private async send (to: string, mail: Omit<OutgoingMail, 'to'>, strict: boolean): Promise<void> {
    try {
      await this.c.mailer.send({ to, ...mail })
      this.c.metrics.mailsSent++
    } catch (err: any) {
      this.c.log.error(`mail could not be sent: ${err?.code ?? err?.name ?? 'error'}`)
      if (strict) throw new RelayError('INTERNAL', 'the relay could not send the mail; try again later')
    }
  }

  private mac (purpose: string, name: string, code: string): string {
    return createHmac('sha256', this.c.keys.codeMac).update(`${purpose}\0${name}\0${code}`).digest('hex')
  }
}

function checkEmail (email: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RelayError('BAD_REQUEST', 'that email address is not valid')
}

function codeMail (address: string, code: string, purpose: 'verify' | 'email' | 'reset', ttlMs: number): Omit<OutgoingMail, 'to'> {
  const what = purpose === 'verify' ? 'verification code' : purpose === 'email' ? 'code to confirm this address' : 'password reset code'
  return {
    subject: `Your Parley ${what}: ${code}`,
    text: `Your ${what} for ${address} is ${code}\n\nIt expires in ${formatDuration(ttlMs)}. If you did not ask for it, ignore this mail${purpose === 'reset' ? ' (your password stays as it is)' : ''}.\n`
  }
}

/** "15 minutes", "30 seconds": how long a code lasts, for mails and messages. */
function formatDuration (ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 120) return `${seconds} seconds`
  const minutes = Math.round(seconds / 60)
  return minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`
}
