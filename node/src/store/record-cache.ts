/**
 * The opened records a device reads again and again (its contacts, the messages a receipt moves
 * along), kept in memory so a read costs no disk trip and no AES-GCM open. It holds only what this
 * process wrote, or read and authenticated, while the store is unlocked; it is emptied when the
 * store locks. Bounded by entries and by the characters held.
 *
 * A read fills it only when no write overlapped that read (`generation`), so an old value read
 * from below can never overwrite a newer one written meanwhile.
 */

/** Records kept. */
export const RECORD_CACHE_ENTRIES = 2048
/** Characters kept over all values (UTF-16: about twice as many bytes). */
export const RECORD_CACHE_CHARS = 2 * 1024 * 1024
/** A value longer than this is never kept (one long text must not push out every contact). */
export const RECORD_CACHE_MAX_VALUE_CHARS = 16 * 1024

/** Least recently used records by key, within an entry and a character budget. */
export class RecordCache {
  private readonly entries = new Map<string, string>()
  private chars = 0
  /** Moves on at the start and at the end of every write below. */
  private writes = 0
  /** Writes under way, by key. */
  private readonly inFlight = new Map<string, number>()
  /** Keys written by writes that overlapped (kept out until those are done). */
  private readonly overlapped = new Set<string>()

  constructor (
    readonly maxEntries = RECORD_CACHE_ENTRIES,
    readonly maxChars = RECORD_CACHE_CHARS,
    readonly maxValueChars = RECORD_CACHE_MAX_VALUE_CHARS
  ) {}

  /** Records held. */
  get size (): number { return this.entries.size }

  /** Characters held. */
  get heldChars (): number { return this.chars }

  /** The cached value of `key`, marked as most recently used. */
  get (key: string): string | undefined {
    const value = this.entries.get(key)
    if (value === undefined) return undefined
    this.entries.delete(key)
    this.entries.set(key, value)
    return value
  }

  /** A mark to take before reading below; `filled` accepts the value read only if no write overlapped. */
  generation (): number { return this.writes }

  /** Keeps a value read below since `generation`, unless a write started or ended meanwhile. */
  filled (key: string, value: string, generation: number): void {
    if (generation === this.writes) this.set(key, value)
  }

  /**
   * Runs a write below of `puts` and `dels`: their cached values are dropped first, the written
   * values kept once it succeeded. A failed write leaves them uncached (the next read goes below),
   * and so do writes of one key that overlap: which of them landed last is the database's to say.
   */
  async write<T> (puts: Array<[string, string]>, dels: string[], write: () => Promise<T>): Promise<T> {
    const keys = [...puts.map(([key]) => key), ...dels]
    this.writes++
    for (const key of keys) {
      this.delete(key)
      const n = (this.inFlight.get(key) ?? 0) + 1
      this.inFlight.set(key, n)
      if (n > 1) this.overlapped.add(key)
    }
    let ok = false
    try {
      const result = await write()
      ok = true
      return result
    } finally {
      for (const key of keys) {
        const n = (this.inFlight.get(key) ?? 1) - 1
        if (n === 0) this.inFlight.delete(key)
        else this.inFlight.set(key, n)
      }
      if (ok) for (const [key, value] of puts) if (!this.overlapped.has(key)) this.set(key, value)
      for (const key of keys) {
        if (this.overlapped.has(key)) this.delete(key)
        if (!this.inFlight.has(key)) this.overlapped.delete(key)
      }
      this.writes++
    }
  }

  /** Runs a write below that may touch any key (a range cleared): everything is forgotten. */
  async writeAny<T> (write: () => Promise<T>): Promise<T> {
    this.writes++
    this.clear()
    try {
      return await write()
    } finally {
      this.clear()
      this.writes++
    }
  }

  /** Forgets everything (the store locks, or was changed below this layer). */
  clear (): void {
    this.entries.clear()
    this.chars = 0
  }

  private set (key: string, value: string): void {
    this.delete(key)
    if (value.length > this.maxValueChars || this.maxEntries === 0) return
    this.entries.set(key, value)
    this.chars += value.length
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.entries().next()
      if (oldest.done === true) break
      this.entries.delete(oldest.value[0])
      this.chars -= oldest.value[1].length
    }
  }

  private delete (key: string): void {
    const value = this.entries.get(key)
    if (value === undefined) return
    this.entries.delete(key)
    this.chars -= value.length
  }
}
