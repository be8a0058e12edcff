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

// Per-sender mailbox limits. A "contact" is a sender the recipient has written to by choice
// (a text, not a receipt) within CONTACT_TTL_MS, or the recipient's own account; anyone else is a
// "stranger". Figures are per (sender, recipient device mailbox) unless said otherwise.

/** Messages one stranger may have waiting in one mailbox: a few dozen is a long first approach, not a flood. */
export const STRANGER_MAX_WAITING_MESSAGES = 50
/** Bytes one stranger may have waiting in one mailbox: a few full-size attachments' worth (envelopes are up to 256 KiB). */
export const STRANGER_MAX_WAITING_BYTES = 2 * 1024 * 1024
/** Deposits one stranger may make to one recipient per RATE_WINDOW_MS: a conversation's opening, not a stream. */
export const STRANGER_DEPOSITS_PER_WINDOW = 60
/** Messages one contact may have waiting in one mailbox: a tenth of the mailbox, so ten busy contacts are needed to fill it. */
export const CONTACT_MAX_WAITING_MESSAGES = 2_000
/** Bytes one contact may have waiting in one mailbox: a quarter of the mailbox (attachments are large). */
export const CONTACT_MAX_WAITING_BYTES = 16 * 1024 * 1024
/** Deposits one contact may make to one recipient per RATE_WINDOW_MS: a fast typist with receipts, or a chatty bot, fits. */
export const CONTACT_DEPOSITS_PER_WINDOW = 1_200
/** Share of a mailbox all strangers together may fill, so a crowd of fresh accounts leaves room for contacts. */
export const STRANGER_SHARE_OF_MAILBOX = 0.25
/** Length of the fixed window deposit rates are counted in (one hour). */
export const RATE_WINDOW_MS = 60 * 60 * 1000
/** "The recipient wrote to this sender" lapses this long after the recipient's last text to them. */
export const CONTACT_TTL_MS = 180 * 24 * 60 * 60 * 1000
/**
 * Mailboxes whose counters stay in memory; the least recently used idle ones unload beyond this.
 * A loaded mailbox costs a few hundred bytes plus one entry per sender with mail waiting.
 */
export const MAX_LOADED_MAILBOXES = 10_000
/** Sender-pair records (rate window, contact time) cached in memory; the rest are read from disk. */
export const MAX_CACHED_PAIRS = 20_000
/** Device lists (a few PeerIds each) cached for deposits; a miss costs one short range read. */
export const MAX_CACHED_DEVICE_LISTS = 20_000
/** Account records cached for deposits (sender and recipient checks); a miss costs one point read. */
export const MAX_CACHED_ACCOUNTS = 20_000
/** Answers coalesced into one stream write at most (about one Noise message), so a burst is not copied into one huge buffer. */
export const COALESCED_WRITE_BYTES = 64 * 1024
/**
 * Users one logged-in stream may watch for device-list changes (memory only): a 5,000-member
 * group plus as many contacts again. Beyond it the longest-watched user is dropped first.
 */
export const MAX_WATCHED_USERS_PER_STREAM = 10_000
/** Device-list changes are gathered this long before they are pushed, so a burst makes one push per stream. */
export const DEVICE_PUSH_COALESCE_MS = 50
/** Watches (user, stream pairs) the whole relay holds, about 100 bytes each: ~200 MB at most, whoever asks. */
export const MAX_WATCHES_PER_RELAY = 2_000_000
/** Watches one account holds over all its streams: a few devices' worth, so no account can take the relay's share. */
export const MAX_WATCHES_PER_ACCOUNT = 50_000
