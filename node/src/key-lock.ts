/**
 * Runs tasks one after another per key, so a read-modify-write under one key never overwrites
 * another's; tasks under different keys run at once.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>()

  /** Runs `fn` once every earlier task under `key` has settled; resolves or rejects as `fn` does. */
  async run<T> (key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const run = previous.then(fn)
    const tail = run.then(() => {}, () => {})
    this.tails.set(key, tail)
    try {
      return await run
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }
}
