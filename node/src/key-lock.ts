/**
 * Runs tasks one after another per key, so a read-modify-write under one key never overwrites
 * another's; tasks under different keys run at once.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>()

  /** Runs `fn` once every earlier task under `key` has settled; resolves or rejects as `fn` does. */
  async run<T> (key: string, fn: () => Promise<T>): Promise<T> {
    const place = this.enter(key)
    try {
      await place.ready
      return await fn()
    } finally {
      place.leave()
    }
  }

  /**
   * Takes the next place under `key` now, for a task whose first part may run at once and whose
   * second part must wait its turn: `ready` resolves once every earlier place has been left, and
   * `leave` (call it once, always) lets the next one go.
   */
  enter (key: string): { ready: Promise<void>, leave: () => void } {
    const previous = this.tails.get(key) ?? Promise.resolve()
    let leave!: () => void
    const left = new Promise<void>(resolve => { leave = resolve })
    const tail = previous.then(async () => await left)
    this.tails.set(key, tail)
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key) })
    return { ready: previous, leave }
  }
}
