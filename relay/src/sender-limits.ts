import { createHmac } from 'node:crypto'
import { RelayError } from './errors.js'
import { formatWait } from './rate-limiter.js'
import {
  CONTACT_DEPOSITS_PER_WINDOW, CONTACT_TTL_MS, MAX_CACHED_PAIRS, RATE_WINDOW_MS, STRANGER_DEPOSITS_PER_WINDOW
} from './constants.js'
import type { AbstractBatchOperation } from 'abstract-level'
import type { RelayDb } from './store.js'

/** An account as the pair records know it: its name and creation time (a re-created name is another party). */
export interface Party { name: string, createdAt: number }

/** Deposit rates per sender per recipient, in deposits per window. */
export interface SenderRateLimits { strangerPerWindow: number, contactPerWindow: number, windowMs: number, contactTtlMs: number }

/** Defaults from constants.ts. */
export const DEFAULT_SENDER_RATE_LIMITS: SenderRateLimits = {
  strangerPerWindow: STRANGER_DEPOSITS_PER_WINDOW,
  contactPerWindow: CONTACT_DEPOSITS_PER_WINDOW,
  windowMs: RATE_WINDOW_MS,
  contactTtlMs: CONTACT_TTL_MS
}

/**
 * What the relay keeps per ordered (sender, recipient) pair, under an HMAC of the pair: the
 * current rate window and when the sender last wrote to the recipient by choice.
 */
interface PairRecord { windowStart: number, windowCount: number, chosenAt?: number }

interface CachedPair { record: PairRecord, busy: number }

/** A deposit let through the rate limit: what the mailbox needs to count it, and how to settle it. */
export interface Admission {
  /** HMAC tag of the (sender, recipient) pair: the mailbox counts waiting mail under it. */
  tag: string
  /** The recipient wrote to the sender by choice lately, or sender and recipient are one account. */
  contact: boolean
  /** The pair record as it stands when called, to be written with the deposit. */
  ops: () => Array<AbstractBatchOperation<any, any, any>>
  /** Ends the admission; a refused deposit gives its rate slot back. */
  settle: (stored: boolean) => void
}

/**
 * Per-sender limits that depend on who writes to whom: deposit rates per (sender, recipient)
 * and the "recipient has written to this sender" relation that makes a sender a contact. Pairs
 * are stored only as HMAC-SHA-256 tags under a key derived from the relay's secret, and expire.
 */
export class SenderLimits {
  private readonly pairs
  private readonly cache = new Map<string, CachedPair>()
  private readonly loading = new Map<string, Promise<CachedPair>>()
  /** Tags of recent pairs: an HMAC per direction per deposit otherwise (a pure function, so never stale). */
  private readonly tags = new Map<string, string>()
  private readonly limits: SenderRateLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, private readonly key: Uint8Array, limits?: Partial<SenderRateLimits>, now?: () => number) {
    this.pairs = db.json<PairRecord>('mail-pairs')
    this.limits = { ...DEFAULT_SENDER_RATE_LIMITS, ...limits }
    this.now = now ?? Date.now
  }

  /** The tag naming "`from` deposits for `to`": 128 bits of HMAC, so it cannot be inverted or collide. */
  tag (from: Party, to: Party): string {
    const pair = JSON.stringify([from.name, from.createdAt, to.name, to.createdAt])
    let tag = this.tags.get(pair)
    if (tag === undefined) {
      tag = createHmac('sha256', this.key).update(pair).digest('hex').slice(0, 32)
      if (this.tags.size >= MAX_CACHED_PAIRS) this.tags.delete(this.tags.keys().next().value as string)
      this.tags.set(pair, tag)
    }
    return tag
  }

  /**
   * Counts one deposit of `from` for `to` against the pair's rate, or throws RATE_LIMITED with
   * the wait. `chosen` (a text, not a receipt) records that `from` wrote to `to` by choice, which
   * makes `to` a contact when it writes back; automatic traffic never does.
   */
  async admit (from: Party, to: Party, chosen: boolean): Promise<Admission> {
    const self = from.name === to.name && from.createdAt === to.createdAt
    const tag = this.tag(from, to)
    const pair = await this.load(tag)
    const reverse = self ? pair : await this.load(this.tag(to, from))
    const now = this.now()
    const contact = self || (reverse.record.chosenAt !== undefined && now - reverse.record.chosenAt < this.limits.contactTtlMs)
    const r = pair.record
    if (now - r.windowStart >= this.limits.windowMs || now < r.windowStart) { r.windowStart = now; r.windowCount = 0 }
    const limit = contact ? this.limits.contactPerWindow : this.limits.strangerPerWindow
    if (r.windowCount >= limit) {
      const wait = Math.max(1, r.windowStart + this.limits.windowMs - now)
      throw new RelayError('RATE_LIMITED', `you have sent ${to.name} as much as the relay takes in an hour${contact ? '' : ' from someone they have not written to'}; try again in ${formatWait(wait)}`, wait)
    }
    const windowStart = r.windowStart
    const previousChosen = r.chosenAt
    r.windowCount++
    if (chosen) r.chosenAt = now
    pair.busy++
    let settled = false
    return {
      tag,
      contact,
      ops: () => [{ type: 'put', sublevel: this.pairs, key: tag, value: { ...pair.record } }],
      settle: stored => {
        if (settled) return
        settled = true
        pair.busy--
        if (!stored) {
          if (r.windowStart === windowStart && r.windowCount > 0) r.windowCount--
          if (chosen && r.chosenAt === now) {
            if (previousChosen === undefined) delete r.chosenAt
            else r.chosenAt = previousChosen
          }
        }
        this.trim()
      }
    }
  }

  /**
   * Records that `from` wrote to `to` by choice where no deposit showed it (a text delivered peer
   * to peer), so `to` counts as a contact in `from`'s mailbox as after a `contact: true` deposit.
   */
  async noteContact (from: Party, to: Party): Promise<void> {
    const tag = this.tag(from, to)
    const pair = await this.load(tag)
    pair.busy++
    try {
      pair.record.chosenAt = this.now()
      await this.db.commit([{ type: 'put', sublevel: this.pairs, key: tag, value: { ...pair.record } }])
    } finally {
      pair.busy--
      this.trim()
    }
  }

  /** Deletes pair records whose window is over and whose contact time has lapsed. Returns how many went. */
  async sweep (): Promise<number> {
    const now = this.now()
    const stale: string[] = []
    for await (const [key, record] of this.pairs.iterator()) {
      const cached = this.cache.get(key)
      if (cached !== undefined && cached.busy > 0) continue
      if (this.expiresAt(cached?.record ?? record) <= now) stale.push(key)
    }
    for (let i = 0; i < stale.length; i += 1000) {
      const chunk = stale.slice(i, i + 1000)
      await this.db.commit(chunk.map(key => ({ type: 'del' as const, sublevel: this.pairs, key })))
      for (const key of chunk) if (this.cache.get(key)?.busy === 0) this.cache.delete(key)
    }
    return stale.length
  }

  /** Pair records held in memory (for tests and metrics). */
  get cachedPairs (): number {
    return this.cache.size
  }

  private expiresAt (r: PairRecord): number {
    return Math.max(r.windowStart + this.limits.windowMs, (r.chosenAt ?? 0) + this.limits.contactTtlMs)
  }

  private async load (tag: string): Promise<CachedPair> {
    const cached = this.cache.get(tag)
    if (cached !== undefined) {
      // Most recently used last, so trim() drops the idle ones first.
      this.cache.delete(tag)
      this.cache.set(tag, cached)
      return cached
    }
    const inFlight = this.loading.get(tag)
    if (inFlight !== undefined) return await inFlight
    const loading = (async () => {
      const stored = await this.pairs.get(tag)
      const entry: CachedPair = { record: stored !== undefined ? checkRecord(stored) : { windowStart: 0, windowCount: 0 }, busy: 0 }
      this.cache.set(tag, entry)
      this.trim()
      return entry
    })()
    this.loading.set(tag, loading)
    try {
      return await loading
    } finally {
      this.loading.delete(tag)
    }
  }

  /** Drops the least recently used idle records beyond MAX_CACHED_PAIRS (they are on disk). */
  private trim (): void {
    if (this.cache.size <= MAX_CACHED_PAIRS) return
    for (const [tag, entry] of this.cache) {
      if (this.cache.size <= MAX_CACHED_PAIRS) break
      if (entry.busy === 0) this.cache.delete(tag)
    }
  }
}

/** A record read back from disk, checked field by field (a damaged one starts over). */
function checkRecord (value: unknown): PairRecord {
  const v = value as Partial<PairRecord> | null
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
  if (v === null || typeof v !== 'object' || !ok(v.windowStart) || !ok(v.windowCount)) return { windowStart: 0, windowCount: 0 }
  return { windowStart: v.windowStart, windowCount: v.windowCount, ...(ok(v.chosenAt) ? { chosenAt: v.chosenAt } : {}) }
}
