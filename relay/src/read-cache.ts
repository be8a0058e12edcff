import type { RelayDb } from './store.js'

/**
 * A bounded, least-recently-used cache of values read from the relay's store. It is kept exact
 * by invalidation, never by time: whoever writes the underlying records calls `invalidate` once
 * the write is on disk (RelayDb.watch does so for every commit touching a sublevel), and a read
 * that raced with an invalidation is returned to its caller but not kept.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, V>()
  private readonly loading = new Map<string, Promise<V>>()
  /** Bumped by every invalidation: a load that began before one must not fill the cache. */
  private generation = 0
  /** Reads answered from memory (for tests and metrics). */
  hits = 0
  /** Reads that went to the store. */
  misses = 0

  constructor (private readonly max: number, private readonly load: (key: string) => Promise<V>) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('"max" must be a positive integer')
  }

  /** The value for `key`, from memory when it has not changed since it was read. */
  async get (key: string): Promise<V> {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as V
      // Most recently used last: trimming starts from the front.
      this.entries.delete(key)
      this.entries.set(key, value)
      this.hits++
      return value
    }
    const inFlight = this.loading.get(key)
    if (inFlight !== undefined) return await inFlight
    this.misses++
    const generation = this.generation
    const loading = this.load(key)
    this.loading.set(key, loading)
    try {
      const value = await loading
      if (this.generation === generation) this.keep(key, value)
      return value
    } finally {
      if (this.loading.get(key) === loading) this.loading.delete(key)
    }
  }

  /** Forgets `key`: the next read goes to the store, and reads already under way are not kept. */
  invalidate (key: string): void {
    this.generation++
    this.entries.delete(key)
    // Later readers must not join a read that may have seen the old value.
    this.loading.delete(key)
  }

  /** Entries held now. */
  get size (): number {
    return this.entries.size
  }

  private keep (key: string, value: V): void {
    this.entries.set(key, value)
    if (this.entries.size <= this.max) return
    const oldest = this.entries.keys().next()
    if (oldest.done !== true) this.entries.delete(oldest.value)
  }
}

/**
 * A cache of the records of `sublevel` by key, forgotten whenever a commit writes them; values
 * are frozen, since every caller shares them.
 */
export function cachedRecords<V> (db: RelayDb, sublevel: { prefix: string, get: (key: string) => Promise<V | undefined> }, max: number): ReadCache<V | undefined> {
  const cache = new ReadCache<V | undefined>(max, async key => deepFreeze(await sublevel.get(key)))
  db.watch(sublevel, key => { cache.invalidate(key) })
  return cache
}

/** Freezes `value` and everything it holds, so a cached record cannot be changed by one caller under another. */
export function deepFreeze<T> (value: T): T {
  // Byte arrays cannot be frozen; cached records are decoded JSON and hold none.
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
