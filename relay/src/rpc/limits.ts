/** The request rates the RPC server enforces, and the source a rate is kept for. */
import type { RatePolicy } from '../rate-limiter.js'

// The source a rate is kept for is shared with the guessing limits, which live beside the buckets.
export { rateSource } from '../rate-limiter.js'

/** Request rates the RPC server enforces (token buckets, in memory). */
export interface RequestLimits {
  /** Directory lookups per account on logged-in streams: a client syncing many contacts at once fits in the burst. */
  lookupsPerAccount: RatePolicy
  /** Directory lookups per IP address from streams without a session: enough to look someone up, too few to crawl the directory. */
  strangerLookupsPerIp: RatePolicy
  /** Every request made without a session, and the `auth: 'none'` ones on any stream, per IP address. */
  unauthenticatedPerIp: RatePolicy
  /** The same per PeerId: one peer cannot use up its IP address's budget alone. */
  unauthenticatedPerPeer: RatePolicy
  /** Group messages per account: a lively group fits in the burst, a flood does not fill the log. */
  groupPostsPerAccount: RatePolicy
  /** The other group requests (members, fetch, ack, read, leave) per account: a device in many groups catching up fits in the burst. */
  groupRequestsPerAccount: RatePolicy
  /**
   * Users looked up in bulk per account, in users: the burst takes in the members of the largest
   * groups at once; the refill is the single lookups' rate, so the directory is not crawled faster.
   */
  bulkLookupsPerAccount: RatePolicy
}

/** Defaults; PROTOCOL.md ("Limits") and the README state them. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  lookupsPerAccount: { perSecond: 20, burst: 200 },
  strangerLookupsPerIp: { perSecond: 10, burst: 10 },
  unauthenticatedPerIp: { perSecond: 20, burst: 40 },
  unauthenticatedPerPeer: { perSecond: 10, burst: 20 },
  groupPostsPerAccount: { perSecond: 10, burst: 200 },
  groupRequestsPerAccount: { perSecond: 50, burst: 2000 },
  bulkLookupsPerAccount: { perSecond: 20, burst: 10_000 }
}

/** Rate buckets held in memory per kind; the least recently used goes first beyond it (~100 bytes each). */
export const MAX_RATE_BUCKETS = 100_000

/**
 * Per-request deadlines the table's entries declare (ms). A request is answered long before these
 * on a healthy relay; they bound what a stuck handler (a hung disk, an SMTP server that does not
 * answer) holds: one of the stream's in-flight slots and the client's wait.
 */
export const REQUEST_DEADLINES = {
  /** Reads and small writes, a deposit's synced group commit included. */
  quick: 10_000,
  /** A mail page, which waits until the page before it is written to the client. */
  paged: 30_000,
  /** A batch of deposits (`deposit-many`), each checked and written in the relay's group commits. */
  batch: 30_000,
  /** Password hashing queued behind the two hashing slots, or a mail handed to the SMTP server. */
  slow: 60_000
} as const
