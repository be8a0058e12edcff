/** PBKDF2-SHA256 iterations for the keystore key: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const KEYSTORE_PBKDF2_ITERATIONS = 600_000
/** Envelopes stay in a mailbox at most 30 days before the relay may drop them. */
export const MESSAGE_TTL_MS = 30 * 24 * 60 * 60 * 1000
/** How long a relay request may take before it is abandoned. */
export const REQUEST_TIMEOUT_MS = 20_000
/**
 * A request refused by a relay's request rate with a wait this short is sent again by itself: a
 * token bucket shared with others (one IP address behind a NAT) refills in tens of milliseconds.
 * The guessing back-off starts at 1 s and is never waited out automatically.
 */
export const RATE_LIMIT_RETRY_MAX_MS = 500
/** Times a rate-limited request is sent again before its refusal reaches the caller. */
export const RATE_LIMIT_RETRIES = 3
/**
 * How often a device tells its relay that the user writes to someone peer to peer (the relay counts
 * them a contact for 180 days after; once a day keeps that fresh at one small request).
 */
export const CONTACT_NOTE_INTERVAL_MS = 24 * 60 * 60 * 1000
/** Mail fetched per page when draining a mailbox. */
export const MAIL_PAGE_SIZE = 500
/** Envelopes opened at once while draining a mailbox (RSA runs on WebCrypto's worker threads). */
export const OPEN_CONCURRENCY = 4
/** How long a direct dial (circuit, then WebRTC upgrade) may take before the mailbox is used instead. */
export const DIRECT_DIAL_TIMEOUT_MS = 5_000
/** How long a direct acknowledgement may take before the mailbox is used instead. */
export const DIRECT_ACK_TIMEOUT_MS = 3_000
/** How long a direct connection attempt may go on in the background after the send used the mailbox. */
export const DIRECT_CONNECT_TIMEOUT_MS = 20_000
/** After a failed direct connection to a device, the mailbox is used for this long (doubling per failure)... */
export const DIRECT_RETRY_MIN_MS = 10_000
/** ...up to this long, or until that device connects to us directly. */
export const DIRECT_RETRY_MAX_MS = 5 * 60_000
/** First wait before reconnecting to the relay after a drop; doubles per failure... */
export const RECONNECT_MIN_MS = 250
/** ...up to this. */
export const RECONNECT_MAX_MS = 15_000
/** How long a user's verified device list vouches for a direct sender before the directory is asked again. */
export const KNOWN_DEVICES_TTL_MS = 60_000
/** How long dialling the home relay may take. */
export const RELAY_DIAL_TIMEOUT_MS = 15_000
/** Refused envelopes one direct stream may bring before it is cut off. */
export const MAX_DIRECT_REFUSALS = 8
/** Delivered receipts for direct messages are gathered this long per sender and sent as one. */
export const RECEIPT_BATCH_MS = 100
/** How long close() lets receipts under way finish before it cuts the connections. */
export const CLOSE_GRACE_MS = 2_000
/**
 * Rejected incoming messages remembered (with their notices in conversations); the oldest go
 * first, so a sender of bad mail can fill neither the disk nor a conversation.
 */
export const MAX_REJECTED_RECORDS = 1000
/**
 * Messages held per sender while their changed identity key waits to be accepted or refused; more
 * than this are rejected (the person has had plenty of reminders to decide).
 */
export const MAX_HELD_PER_SENDER = 1000
/** A listening node fetches mail that a passing failure left in its mailbox again after this long; doubles per try... */
export const REFETCH_MIN_MS = 2_000
/** ...up to this, and starts over once a fetch leaves nothing behind. */
export const REFETCH_MAX_MS = 60_000
/**
 * How long a contact's verified device list is used for sending and checking without asking the
 * directory again. Bounded so a device the contact added is reached within minutes even when
 * nothing else tells this device about it.
 */
export const DIRECTORY_CACHE_TTL_MS = 5 * 60_000
/**
 * A device list fetched this recently is believed as it is: a message under a key or from a device
 * it does not show does not make the directory be asked again (a page of forged mail would
 * otherwise spend the relay's lookup budget one lookup per envelope).
 */
export const DIRECTORY_REFRESH_MIN_MS = 60_000
/**
 * Users whose device lists are cached at once (the least recently fetched go first): the members
 * of the largest group (MAX_GROUP_MEMBERS) and then some, a few kilobytes each.
 */
export const MAX_DIRECTORY_CACHE = 6000

/**
 * A listening node tries the outbox again this often while something waits in it and the relay
 * is connected (a busy relay, a lookup that timed out); a reconnect tries at once.
 */
export const OUTBOX_RETRY_MS = 15_000

/**
 * Waits before a receipt whose deposit failed for a passing reason (a busy relay, a dropped
 * stream) is tried again; after the last it is given up with a warning (the sender's message
 * then shows sent, not delivered, which is the truth it can see).
 */
export const RECEIPT_RETRY_MS: readonly number[] = [500, 2_000, 5_000]

/** How long after a missed group invitation it is sent again first; each later try waits twice as long, up to INVITE_RETRY_MAX_MS. */
export const INVITE_RETRY_MS = 60_000
export const INVITE_RETRY_MAX_MS = 6 * 60 * 60 * 1000
