/** Serialises async work per key (a name, a mailbox) without blocking other keys. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>()

  /** Whether a call for `key` runs or waits. */
  busy (key: string): boolean { return this.tails.has(key) }

  /** Runs `fn` once every earlier call for `key` has finished. */
  async run<T> (key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const current = new Promise<void>(resolve => { release = resolve })
    const tail = previous.then(async () => await current)
    this.tails.set(key, tail)
    try {
      await previous
      return await fn()
    } finally {
      release()
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }
}
