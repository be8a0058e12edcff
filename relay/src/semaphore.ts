/** Lets at most `limit` async tasks run at once; the rest wait in order. */
export class Semaphore {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor (private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('"limit" must be a positive integer')
  }

  /** Runs `fn` once a slot is free. */
  async run<T> (fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>(resolve => this.waiting.push(resolve))
    else this.running++
    try {
      return await fn()
    } finally {
      const next = this.waiting.shift()
      if (next !== undefined) next()
      else this.running--
    }
  }
}
