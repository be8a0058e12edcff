/** Verification codes live 15 minutes: long enough to switch to a mail client, short enough to limit guessing. */
export const VERIFY_CODE_TTL_MS = 15 * 60 * 1000
/** Wrong verification codes allowed before the code is burnt and a new one must be requested. */
export const VERIFY_CODE_MAX_ATTEMPTS = 5
/** Sessions expire after 30 days without renewal. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
/** Default mailbox quota per device: 20,000 envelopes (a long absence in a busy group). */
export const DEFAULT_MAILBOX_MAX_MESSAGES = 20_000
/** Default mailbox quota per device in bytes (64 MiB). */
export const DEFAULT_MAILBOX_MAX_BYTES = 64 * 1024 * 1024
/** A mail page stays under the relay frame limit with room to spare. */
export const MAIL_PAGE_MAX_BYTES = 3 * 1024 * 1024
/** scrypt cost: N=2^15, r=8 uses 32 MiB per hash (OWASP's minimum for scrypt is N=2^17 with r=8 and p=1 ~ 128 MiB; 2^15 with p=3 is the cheaper equivalent). */
export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 3, keyLength: 32, maxmem: 64 * 1024 * 1024 } as const
/** Devices one account may publish. */
export const MAX_DEVICES_PER_USER = 8
/** Shortest gap between two verification mails for one account (limits mail the relay can be made to send). */
export const RESEND_INTERVAL_MS = 60 * 1000
/** An account nobody verified within a day gives its name back. */
export const UNVERIFIED_ACCOUNT_TTL_MS = 24 * 60 * 60 * 1000
/** How often expired mail, acknowledged ids and sessions are swept. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000
/** How far in the future a device's clock may put a bundle's creation time. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
