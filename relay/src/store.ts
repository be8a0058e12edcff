import { Level } from 'level'
import type { AbstractBatchOperation } from 'abstract-level'

type Bytes = Uint8Array
type Op = AbstractBatchOperation<any, any, any>
/** A sublevel with string keys and binary values. */
export type BinSub = ReturnType<RelayDb['binary']>
/** A sublevel with string keys and JSON values. */
export type JsonSub<T> = ReturnType<RelayDb['json']> & { __t?: T }
/** Writes operations durably; resolves once they are on disk (RelayDb.commit, or a group member's). */
export type Committer = (ops: Op[]) => Promise<void>

/** One writer of a commit group (see RelayDb.group). */
export interface GroupMember {
  /** Adds `ops` to the group's batch; resolves once that batch is on disk. */
  commit: Committer
  /** This member commits nothing (more): the group no longer waits for it. Harmless after `commit`. */
  leave: () => void
}

/** Told the key of every record of a watched sublevel a commit wrote or deleted, once it is on disk. */
export type WriteWatcher = (key: string) => void

/** The relay's LevelDB, with one sublevel per concern and a group-committing durable writer. */
export class RelayDb {
  readonly level: Level<string, Bytes>
  private queue: Array<{ ops: Op[], resolve: () => void, reject: (e: unknown) => void }> = []
  private flushing = false
  /** The flush loop under way, so close waits for the batch it is writing. */
  private flushed: Promise<void> = Promise.resolve()
  /** Watchers per sublevel prefix (`!name!`). */
  private readonly watchers = new Map<string, Set<WriteWatcher>>()

  constructor (path: string) {
    this.level = new Level<string, Bytes>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
  }

  async open (): Promise<void> { await this.level.open() }
  /** Closes the database once the batch being written is on disk (later commits then fail as closed). */
  async close (): Promise<void> {
    await this.flushed
    await this.level.close()
  }

  /** A sublevel holding binary values. */
  binary (name: string) {
    return this.level.sublevel<string, Bytes>(name, { keyEncoding: 'utf8', valueEncoding: 'view' })
  }

  /** A sublevel holding JSON values. */
  json<T> (name: string) {
    return this.level.sublevel<string, T>(name, { keyEncoding: 'utf8', valueEncoding: 'json' })
  }

  /**
   * Calls `watcher` with the key of every put or del in `sublevel` that a commit makes, after the
   * batch holding it is written and before its committer resumes: the hook that keeps read caches
   * exact, since every write of the relay goes through `commit`. Returns the way to stop.
   */
  watch (sublevel: { prefix: string }, watcher: WriteWatcher): () => void {
    let set = this.watchers.get(sublevel.prefix)
    if (set === undefined) { set = new Set(); this.watchers.set(sublevel.prefix, set) }
    set.add(watcher)
    return () => { set.delete(watcher) }
  }

  /**
   * Writes operations durably (fsync) and resolves only once they are on disk. Concurrent callers
   * share one synced batch (group commit), so durability costs one fsync per batch, not per write.
   */
  async commit (ops: Op[]): Promise<void> {
    return await new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject })
      if (!this.flushing) {
        this.flushing = true
        this.flushed = new Promise<void>(resolve => { setImmediate(() => { void this.flush().finally(resolve) }) })
      }
    })
  }

  /**
   * `size` writers whose commits go to disk in one synced batch: the batch is committed once
   * every member has committed or left, so a request of many deposits costs one group commit
   * even when some of its deposits are refused or finish at different times. A member must not
   * wait on another member's commit, or neither ever finishes.
   */
  group (size: number): GroupMember[] {
    if (!Number.isInteger(size) || size < 0) throw new RangeError('"size" must be a non-negative integer')
    let waiting = size
    const ops: Op[] = []
    const committed: Array<{ resolve: () => void, reject: (e: unknown) => void }> = []
    const settle = (): void => {
      if (--waiting > 0) return
      if (ops.length === 0) { for (const c of committed) c.resolve(); return }
      this.commit(ops).then(() => { for (const c of committed) c.resolve() }, err => { for (const c of committed) c.reject(err) })
    }
    return Array.from({ length: size }, () => {
      let done = false
      return {
        commit: async (memberOps: Op[]) => {
          // A second commit of one member is on its own: the group may be on disk already.
          if (done) { await this.commit(memberOps); return }
          done = true
          ops.push(...memberOps)
          await new Promise<void>((resolve, reject) => { committed.push({ resolve, reject }); settle() })
        },
        leave: () => { if (!done) { done = true; settle() } }
      }
    })
  }

  private async flush (): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      const ops = lastWritePerKey(batch.flatMap(b => b.ops))
      try {
        await this.write(ops)
        this.notify(ops)
        for (const b of batch) b.resolve()
      } catch (err) {
        // Nothing of a failed batch is on disk, but a cache forgetting a record costs only a read.
        this.notify(ops)
        for (const b of batch) b.reject(err)
      }
    }
    this.flushing = false
  }

  /**
   * Writes one synced batch. Every operation the relay makes (string keys, values a sublevel's
   * encoding turns into bytes or a string) is prefixed and encoded here, then handed to the
   * database's own batch (abstract-level's `_batch`, the implementation its public `batch` calls
   * once it has done that same work per operation, a tenth of a deposit's CPU in a batch of
   * thousands). Anything else, or a database not open, goes through the public `batch`, which
   * checks everything and gives its usual errors.
   */
  private async write (ops: Op[]): Promise<void> {
    const root: RootOp[] = []
    for (const op of ops) {
      const converted = atRoot(op, this.level)
      if (converted === undefined) break
      root.push(converted)
    }
    const level = this.level as unknown as { status: string, _batch: (ops: RootOp[], options: { sync: boolean }) => Promise<void> }
    if (root.length === ops.length && level.status === 'open') {
      await level._batch(root, { sync: true })
    } else {
      await this.level.batch(ops, { sync: true } as any)
    }
  }

  private notify (ops: Op[]): void {
    if (this.watchers.size === 0) return
    for (const op of ops) {
      const set = this.watchers.get(op.sublevel?.prefix ?? '')
      if (set === undefined || typeof op.key !== 'string') continue
      for (const watcher of set) {
        // A watcher that throws must not fail a batch already on disk, nor stall the writes after it.
        try { watcher(op.key) } catch (err: any) { console.error(`relay: a store watcher failed (${err?.name ?? 'Error'})`) }
      }
    }
  }
}

/** A put or del as LevelDB itself takes it: the whole key, the value in bytes or as a string. */
type RootOp = { type: 'put', key: string, value: Uint8Array | string } | { type: 'del', key: string }

/**
 * One operation as the root database writes it: a sublevel's key is its prefix and the key, and
 * its value is what its value encoding makes of it (the same bytes the sublevel would write).
 * Undefined for what only the public batch may judge: a key that is not a string, an encoding
 * that gives neither bytes nor a string, a missing value, or a sublevel of another database.
 */
function atRoot (op: Op, root: unknown): RootOp | undefined {
  if (typeof op.key !== 'string') return undefined
  const sublevel = op.sublevel
  if (sublevel != null && sublevel.db !== root) return undefined
  const prefix = sublevel == null ? '' : sublevel.prefix
  if (typeof prefix !== 'string') return undefined
  const key = prefix + op.key
  if (op.type === 'del') return { type: 'del', key }
  if (op.type !== 'put' || op.value === undefined || op.value === null) return undefined
  if (sublevel == null) return op.value instanceof Uint8Array ? { type: 'put', key, value: op.value } : undefined
  const encoding = sublevel.valueEncoding()
  if (encoding.format !== 'view' && encoding.format !== 'utf8') return undefined
  const value: unknown = encoding.encode(op.value)
  return typeof value === 'string' || value instanceof Uint8Array ? { type: 'put', key, value } : undefined
}

/**
 * The operations of one atomic batch without those a later one on the same key overrides
 * (LevelDB applies a batch in order, so only the last write of a key is seen). Group commit puts
 * many deposits in one batch, and each rewrites its mailbox's sequence number and its sender
 * pair's record: those are written once per batch instead of once per deposit.
 */
function lastWritePerKey (ops: Op[]): Op[] {
  const seen = new Set<string>()
  const kept: Op[] = []
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i] as Op
    if (typeof op.key === 'string') {
      const id = `${op.sublevel?.prefix ?? ''}\x00${op.key}`
      if (seen.has(id)) continue
      seen.add(id)
    }
    kept.push(op)
  }
  return kept.reverse()
}
