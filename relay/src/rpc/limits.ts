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
}

/** Defaults; PROTOCOL.md ("Limits") and the README state them. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  lookupsPerAccount: { perSecond: 20, burst: 200 },
  strangerLookupsPerIp: { perSecond: 10, burst: 10 },
  unauthenticatedPerIp: { perSecond: 20, burst: 40 },
  unauthenticatedPerPeer: { perSecond: 10, burst: 20 }
}

/** Rate buckets held in memory per kind; the least recently used goes first beyond it (~100 bytes each). */
export const MAX_RATE_BUCKETS = 100_000
