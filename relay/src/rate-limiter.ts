import { IpNet } from '@chainsafe/netmask'
import { RelayError } from './errors.js'
import type { RelayDb } from './store.js'

/**
 * How a failure bucket backs off: `free` failures pass, then each further failure locks the
 * bucket for base·2^k (k = 0, 1, ...), never longer than `maxMs`; a bucket with no failure for
 * `forgetMs` starts over. In T seconds a bucket lets through at most free + 1 + ⌊log2(T/base + 1)⌋
 * attempts until the lock reaches its cap, then one per `maxMs`.
 */
export interface BackoffPolicy { free: number, baseMs: number, maxMs: number, forgetMs: number }

/** A fixed-window quota: at most `limit` events per `windowMs`. */
export interface QuotaPolicy { limit: number, windowMs: number }

interface Bucket { failures: number, lockedUntil: number, last: number }
interface Window { start: number, count: number }
type Entry = { kind: 'backoff' } & Bucket | { kind: 'quota' } & Window

/** Counted attempts: the buckets a success clears. */
export interface Reservation { keys: string[] }

/** A bucket to count an attempt in; `keep` buckets are not cleared by a success (per-source budgets). */
export interface BucketSpec { key: string, policy: BackoffPolicy, keep?: boolean }

/**
 * Rate limits on guessable secrets and on mail, kept in memory and written through to LevelDB so
 * they survive a restart. Attempts are counted before the secret is checked, so concurrent
 * guesses cannot slip past the limit together.
 */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>()
  private readonly store
  private readonly now: () => number

  constructor (private readonly db: RelayDb, now?: () => number) {
    this.store = db.json<Entry>('limits')
    this.now = now ?? Date.now
  }

  /** Loads the persisted state (call once at start-up). */
  async load (): Promise<void> {
    for await (const [key, entry] of this.store.iterator()) this.entries.set(key, entry)
  }

  /**
   * Counts one attempt against every bucket, or throws RATE_LIMITED (with the wait) if any of
   * them is locked. The count stands unless `clear` (success) follows, and even then in `keep`
   * buckets: otherwise someone with an account of their own could reset a per-source budget by
   * logging in to it between guesses at others.
   */
  async attempt (buckets: BucketSpec[]): Promise<Reservation> {
    const now = this.now()
    let wait = 0
    const current = buckets.map(({ key, policy }) => {
      let entry = this.entries.get(key)
      if (entry?.kind !== 'backoff' || now - entry.last > policy.forgetMs) entry = { kind: 'backoff', failures: 0, lockedUntil: 0, last: now }
      wait = Math.max(wait, entry.lockedUntil - now)
      return { key, policy, entry }
    })
    if (wait > 0) throw new RelayError('RATE_LIMITED', `too many attempts; try again in ${formatWait(wait)}`, wait)
    const ops = current.map(({ key, policy, entry }) => {
      const failures = entry.failures + 1
      const over = failures - policy.free
      const lockedUntil = over > 0 ? now + Math.min(policy.baseMs * 2 ** Math.min(over - 1, 40), policy.maxMs) : 0
      const next: Entry = { kind: 'backoff', failures, lockedUntil, last: now }
      this.entries.set(key, next)
      return { type: 'put' as const, sublevel: this.store, key, value: next }
    })
    await this.db.commit(ops)
    return { keys: buckets.filter(b => b.keep !== true).map(b => b.key) }
  }

  /** A success: the buckets start over. */
  async clear (reservation: Reservation): Promise<void> {
    for (const key of reservation.keys) this.entries.delete(key)
    await this.db.commit(reservation.keys.map(key => ({ type: 'del' as const, sublevel: this.store, key })))
  }

  /**
   * Takes one event from each quota, or returns false (taking nothing) if any is used up.
   */
  async take (quotas: Array<{ key: string, policy: QuotaPolicy }>): Promise<boolean> {
    const now = this.now()
    const next = quotas.map(({ key, policy }) => {
      const entry = this.entries.get(key)
      const window: Window = entry?.kind === 'quota' && now - entry.start < policy.windowMs ? entry : { start: now, count: 0 }
      return { key, policy, window }
    })
    if (next.some(({ policy, window }) => window.count >= policy.limit)) return false
    const ops = next.map(({ key, window }) => {
      const entry: Entry = { kind: 'quota', start: window.start, count: window.count + 1 }
      this.entries.set(key, entry)
      return { type: 'put' as const, sublevel: this.store, key, value: entry }
    })
    await this.db.commit(ops)
    return true
  }

  /** Forgets buckets and windows that no longer limit anything; returns how many. */
  async sweep (maxAgeMs: number): Promise<number> {
    const now = this.now()
    const stale: string[] = []
    for (const [key, entry] of this.entries) {
      const last = entry.kind === 'backoff' ? Math.max(entry.last, entry.lockedUntil) : entry.start
      if (now - last > maxAgeMs) stale.push(key)
    }
    for (const key of stale) this.entries.delete(key)
    if (stale.length > 0) await this.db.commit(stale.map(key => ({ type: 'del' as const, sublevel: this.store, key })))
    return stale.length
  }
}

/** A wait as a person reads it: seconds under 90 s, else minutes. */
export function formatWait (ms: number): string {
  const s = Math.ceil(ms / 1000)
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`
}

/** A token bucket: `perSecond` tokens a second, holding at most `burst`. */
export interface RatePolicy { perSecond: number, burst: number }

/**
 * Token buckets for request rates (per IP address, PeerId or account), in memory only: they
 * refill in seconds, so writing them to disk would cost more than a restart gives an attacker.
 * At most `maxKeys` buckets are kept; the one touched longest ago goes first, so memory stays
 * bounded however many PeerIds a flooder makes (its IP address bucket still holds it).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()
  private readonly now: () => number

  constructor (private readonly maxKeys: number, now?: () => number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer')
    this.now = now ?? Date.now
  }

  /**
   * Takes one token (or `cost` tokens) from each bucket, or none if any holds too few; returns 0
   * when taken, else the milliseconds until every one of them holds enough again. A cost above a
   * bucket's burst is taken as the whole burst, so a request is never refused for good.
   */
  take (buckets: Array<{ key: string, policy: RatePolicy, cost?: number }>): number {
    const now = this.now()
    const current = buckets.map(({ key, policy, cost }) => {
      const b = this.buckets.get(key)
      const tokens = b === undefined ? policy.burst : Math.min(policy.burst, b.tokens + (now - b.at) * policy.perSecond / 1000)
      const need = Math.min(Math.max(cost ?? 1, 1), policy.burst)
      return { key, policy, tokens, need }
    })
    const wait = Math.max(0, ...current.map(({ policy, tokens, need }) => tokens >= need ? 0 : Math.ceil((need - tokens) * 1000 / policy.perSecond)))
    for (const { key, tokens, need } of current) {
      // Re-inserted, so the map's order is least recently used first.
      this.buckets.delete(key)
      this.buckets.set(key, { tokens: wait > 0 ? tokens : tokens - need, at: now })
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string)
    }
    return wait
  }

  /** Buckets held (for tests and metrics). */
  get size (): number { return this.buckets.size }
}

/**
 * The source a rate or guessing budget is kept for: an IPv4 address, or the /64 network of an IPv6 one (a
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
