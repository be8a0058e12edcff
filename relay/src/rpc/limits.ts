/** The request rates the RPC server enforces, and the source a rate is kept for. */
import { IpNet } from '@chainsafe/netmask'
import type { RatePolicy } from '../rate-limiter.js'

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

/**
 * The source a request rate is kept for: an IPv4 address, or the /64 network of an IPv6 one (a
 * single host is routinely given a whole /64, so counting addresses would count nothing).
 */
export function rateSource (ip: string): string {
  if (!ip.includes(':')) return ip
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped !== null) return mapped[1] as string
  try {
    return new IpNet(ip, 64).toString()
  } catch {
    return ip
  }
}
