/** PBKDF2-SHA256 iterations for the keystore key: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const KEYSTORE_PBKDF2_ITERATIONS = 600_000
/** Envelopes stay in a mailbox at most 30 days before the relay may drop them. */
export const MESSAGE_TTL_MS = 30 * 24 * 60 * 60 * 1000
/** Longest text message, in UTF-8 bytes (envelopes are capped at 256 KiB). */
export const MAX_TEXT_BYTES = 64 * 1024
/** How long a relay request may take before it is abandoned. */
export const REQUEST_TIMEOUT_MS = 20_000
/** Mail fetched per page when draining a mailbox. */
export const MAIL_PAGE_SIZE = 500
/** Envelopes opened at once while draining a mailbox (RSA runs on WebCrypto's worker threads). */
export const OPEN_CONCURRENCY = 4
/** How long a direct dial (circuit, then WebRTC upgrade) may take before the mailbox is used instead. */
export const DIRECT_DIAL_TIMEOUT_MS = 5_000
/** How long a direct acknowledgement may take before the mailbox is used instead. */
export const DIRECT_ACK_TIMEOUT_MS = 3_000
