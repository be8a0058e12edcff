/**
 * A small least-recently-used map with a fixed bound, for the per-instance key caches of the
 * crypto suites. Never used as a module-level singleton: each owner constructs its own.
 */

/** A Map that keeps at most `max` entries, dropping the least recently used first. */
export class LruCache<K, V> {
  readonly max: number
  private readonly entries = new Map<K, V>()

  /** `max` entries at most; 0 keeps nothing (every `get` misses). */
  constructor (max: number) {
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError('"max" expected a non-negative integer')
    this.max = max
  }

  /** Number of entries held. */
  get size (): number { return this.entries.size }

  /** The value for `key`, marked as most recently used, or undefined. */
  get (key: K): V | undefined {
    const value = this.entries.get(key)
    if (value === undefined) return undefined
    // Map keeps insertion order: re-inserting moves the entry to the young end.
    this.entries.delete(key)
    this.entries.set(key, value)
    return value
  }

  /** Store `value` under `key` as most recently used, evicting the oldest entry over the bound. */
  set (key: K, value: V): void {
    if (this.max === 0) return
    this.entries.delete(key)
    this.entries.set(key, value)
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next()
      if (oldest.done === true) break
      this.entries.delete(oldest.value)
    }
  }

  /** Forget `key`. */
  delete (key: K): void { this.entries.delete(key) }

  /** Forget everything. */
  clear (): void { this.entries.clear() }
}
