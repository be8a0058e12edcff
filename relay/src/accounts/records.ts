/** What the accounts service stores and is configured with. */
import { VERIFY_CODE_TTL_MS } from '../constants.js'
import type { RelayDb } from '../store.js'
import type { Mailer } from '../mailer.js'
import type { Logger } from '../logger.js'
import type { RelayKeys } from '../relay-keys.js'
import type { BackoffPolicy, RateLimiter } from '../rate-limiter.js'
import type { Sessions } from '../sessions.js'
import type { Metrics } from '../metrics.js'

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

/** One hour, the window of the registration and mail quotas. */
export const HOUR = 60 * 60 * 1000
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
export const MAX_KNOWN_PEERS = 16

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
