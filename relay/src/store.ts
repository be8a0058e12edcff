import { Level } from 'level'
import type { AbstractBatchOperation } from 'abstract-level'

type Bytes = Uint8Array
/** A sublevel with string keys and binary values. */
export type BinSub = ReturnType<RelayDb['binary']>
/** A sublevel with string keys and JSON values. */
export type JsonSub<T> = ReturnType<RelayDb['json']> & { __t?: T }

/** The relay's LevelDB, with one sublevel per concern and a group-committing durable writer. */
export class RelayDb {
  readonly level: Level<string, Bytes>
  private queue: Array<{ ops: any[], resolve: () => void, reject: (e: unknown) => void }> = []
  private flushing = false

  constructor (path: string) {
    this.level = new Level<string, Bytes>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
  }

  async open (): Promise<void> { await this.level.open() }
  async close (): Promise<void> { await this.level.close() }

  /** A sublevel holding binary values. */
  binary (name: string) {
    return this.level.sublevel<string, Bytes>(name, { keyEncoding: 'utf8', valueEncoding: 'view' })
  }

  /** A sublevel holding JSON values. */
  json<T> (name: string) {
    return this.level.sublevel<string, T>(name, { keyEncoding: 'utf8', valueEncoding: 'json' })
  }

  /**
   * Writes operations durably (fsync) and resolves only once they are on disk. Concurrent callers
   * share one synced batch (group commit), so durability costs one fsync per batch, not per write.
   */
  async commit (ops: Array<AbstractBatchOperation<any, any, any>>): Promise<void> {
    return await new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject })
      if (!this.flushing) {
        this.flushing = true
        setImmediate(() => { void this.flush() })
      }
    })
  }

  private async flush (): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      try {
        await this.level.batch(batch.flatMap(b => b.ops), { sync: true } as any)
        for (const b of batch) b.resolve()
      } catch (err) {
        for (const b of batch) b.reject(err)
      }
    }
    this.flushing = false
  }
}
