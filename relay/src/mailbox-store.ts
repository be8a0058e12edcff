import { inspectEnvelope, toHex, type EnvelopeHeaderInfo, type MailItem } from '@parley/protocol'
import { RelayError, readFrame } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { MAIL_PAGE_MAX_BYTES } from './constants.js'
import { ITEM_HEADER, boxKey, mailboxTables, seqKey, waitOf, type IndexEntry, type MailboxState, type MailboxTables, type Op, type Usage, type WaitEntry } from './mailbox-layout.js'
import { DEFAULT_MAILBOX_LIMITS, checkRoom, count, type DepositSender, type MailboxLimits } from './mailbox-quota.js'
import { LoadedMailboxes } from './mailbox-states.js'
import { MailboxMaintenance } from './mailbox-maintenance.js'
import type { GroupMember, RelayDb } from './store.js'

export { DEFAULT_MAILBOX_LIMITS, type DepositSender, type MailboxLimits } from './mailbox-quota.js'

/** Furthest in the future an envelope may ask to be kept (90 days). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000

/** Called after a deposit is durable, once per receiving device. */
export type DepositListener = (user: string, device: string, item: MailItem) => void

/** How one deposit is written. */
export interface DepositOptions {
  /** A member of a commitGroup: the deposit's writes go in that group's batch. By default they join RelayDb.commit's. */
  group?: GroupMember
}

/**
 * Offline mailboxes, one per (user, device). A deposit is acknowledged only once it is synced to
 * disk; an envelope is deleted only when its device acknowledges it or it expires; a message id is
 * stored once, and an acknowledged id is remembered on disk until its expiry so a replay is not
 * delivered again. Only the counters of recently used mailboxes are held in memory.
 */
export class MailboxStore {
  private readonly tables: MailboxTables
  private readonly lock = new KeyedLock()
  private readonly states: LoadedMailboxes
  private readonly maintenance: MailboxMaintenance
  /** `${box}${id}` whose first deposit is being written; a duplicate waits for it. */
  private readonly pending = new Map<string, Promise<void>>()
  private readonly listeners = new Set<DepositListener>()
  /** Index reads asked for in this turn of the event loop, read together with one getMany. */
  private reads: Array<{ key: string, resolve: (e: IndexEntry | undefined) => void, reject: (err: unknown) => void }> = []
  private readonly limits: MailboxLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, limits?: Partial<MailboxLimits>, now?: () => number) {
    this.tables = mailboxTables(db)
    this.limits = { ...DEFAULT_MAILBOX_LIMITS, ...limits }
    this.now = now ?? Date.now
    this.states = new LoadedMailboxes(this.tables, this.limits.maxLoaded)
    this.maintenance = new MailboxMaintenance(this.tables, this.states, this.lock, this.now)
  }

  /** Registers a listener for durable deposits (used to push to online devices). */
  onDeposit (listener: DepositListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Validates an envelope's outer header as the relay sees it. */
  inspect (envelope: Uint8Array): EnvelopeHeaderInfo {
    return readFrame('envelope', () => inspectEnvelope(envelope))
  }

  /**
   * `size` committers whose deposits go to disk in one synced batch, once each has deposited or
   * left (see RelayDb.group); pass one to each deposit as `options.group`.
   */
  commitGroup (size: number): GroupMember[] {
    return this.db.group(size)
  }

  /**
   * Stores `envelope` for each of `devices` of `user` and resolves once it is durable. With a
   * `sender`, that sender's quota (tighter for strangers) and the strangers' share apply too.
   * Returns `duplicate: true` when every device already had this message id.
   */
  async deposit (user: string, devices: string[], header: EnvelopeHeaderInfo, envelope: Uint8Array, sender?: DepositSender, options: DepositOptions = {}): Promise<{ duplicate: boolean, storedAt: number }> {
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'envelope refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'envelope refused: expiry is more than 90 days away')
    const { mail, index, wait, meta } = this.tables
    const idHex = header.messageIdHex
    const size = envelope.length
    const boxes = [...new Set(devices)].map(device => ({ device, box: boxKey(user, device) }))

    // Claim the id in every mailbox at once (no await between check and claim): a concurrent
    // deposit of the same id waits for this one and then finds it on disk.
    while (true) {
      const earlier = boxes.map(b => this.pending.get(`${b.box}${idHex}`)).filter(p => p !== undefined)
      if (earlier.length === 0) break
      // The earlier deposit may sit in this one's group, or in a group waiting on a member of
      // this one's: leave the group first (the deposit then commits alone), so none waits forever.
      options.group?.leave()
      await Promise.allSettled(earlier)
    }
    let written!: () => void
    let failed!: (err: unknown) => void
    const durable = new Promise<void>((resolve, reject) => { written = resolve; failed = reject })
    durable.catch(() => {})
    for (const b of boxes) this.pending.set(`${b.box}${idHex}`, durable)

    const states: MailboxState[] = []
    let reserved: Array<{ device: string, state: MailboxState, item: MailItem }> = []
    try {
      // One point read per mailbox: the ids a mailbox knows live on disk, not in memory. A replay
      // is answered from it without loading the mailbox.
      const known = await Promise.all(boxes.map(async b => await this.lookup(`${b.box}${idHex}`)))
      const unknown = boxes.filter((_, i) => known[i] === undefined)
      for (const b of unknown) states.push(await this.states.acquire(b.box))
      const fresh = unknown.map((b, i) => ({ ...b, state: states[i] as MailboxState }))

      // From here to the commit nothing awaits, so checks and reservations cannot interleave.
      for (const { state } of fresh) checkRoom(this.limits, state, size, sender)
      const value = new Uint8Array(ITEM_HEADER + size)
      const view = new DataView(value.buffer)
      view.setBigUint64(0, BigInt(now))
      view.setBigUint64(8, BigInt(header.expiresAt))
      value.set(header.messageId, 16)
      value.set(envelope, ITEM_HEADER)
      const stranger = sender !== undefined && !sender.contact
      const who = sender !== undefined ? { tag: sender.tag, ...(stranger ? { stranger: true } : {}) } : {}
      const ops: Op[] = []
      reserved = fresh.map(({ box, device, state }) => {
        const seq = state.nextSeq++
        count(state, { size, ...who }, +1)
        ops.push({ type: 'put', sublevel: mail, key: `${box}${seqKey(seq)}`, value })
        ops.push({ type: 'put', sublevel: index, key: `${box}${idHex}`, value: { seq, size, expiresAt: header.expiresAt, ...who } })
        ops.push({ type: 'put', sublevel: wait, key: `${box}${seqKey(seq)}`, value: { size, ...who } })
        // Sequence numbers never go back, even once a mailbox is emptied and the relay restarts.
        ops.push({ type: 'put', sublevel: meta, key: box, value: seq })
        return { device, state, item: { seq, envelope, receivedAt: now } }
      })
      if (ops.length > 0) {
        try {
          const all = [...ops, ...sender?.ops?.() ?? []]
          await (options.group !== undefined ? options.group.commit(all) : this.db.commit(all))
        } catch (err) {
          for (const r of reserved) count(r.state, { size, ...who }, -1)
          reserved = []
          throw err
        }
      }
      written()
    } catch (err) {
      failed(err)
      throw err
    } finally {
      for (const b of boxes) if (this.pending.get(`${b.box}${idHex}`) === durable) this.pending.delete(`${b.box}${idHex}`)
      for (const s of states) this.states.release(s)
    }
    for (const r of reserved) {
      for (const listener of this.listeners) listener(user, r.device, r.item)
    }
    return { duplicate: reserved.length === 0, storedAt: now }
  }

  /**
   * Reads one index entry. Reads from concurrent deposits are gathered into one getMany, one trip
   * through LevelDB's thread pool for many keys instead of one each (the pool also runs the writes).
   */
  private async lookup (key: string): Promise<IndexEntry | undefined> {
    return await new Promise((resolve, reject) => {
      this.reads.push({ key, resolve, reject })
      if (this.reads.length > 1) return
      setImmediate(() => {
        const batch = this.reads
        this.reads = []
        this.tables.index.getMany(batch.map(r => r.key)).then(
          values => { batch.forEach((r, i) => { r.resolve(values[i]) }) },
          err => { for (const r of batch) r.reject(err) }
        )
      })
    })
  }

  /** Up to `limit` unexpired envelopes after `afterSeq`, oldest first. */
  async fetch (user: string, device: string, afterSeq: number, limit: number): Promise<{ items: MailItem[], more: boolean }> {
    const box = boxKey(user, device)
    const now = this.now()
    const items: MailItem[] = []
    let bytes = 0
    let more = false
    for await (const [key, value] of this.tables.mail.iterator({ gt: `${box}${seqKey(afterSeq)}`, lt: `${box}\xff` })) {
      const view = new DataView(value.buffer, value.byteOffset, ITEM_HEADER)
      if (Number(view.getBigUint64(8)) <= now) continue
      if (items.length >= limit || bytes + value.length > MAIL_PAGE_MAX_BYTES) { more = true; break }
      items.push({ seq: Number(key.slice(box.length)), envelope: value.subarray(ITEM_HEADER), receivedAt: Number(view.getBigUint64(0)) })
      bytes += value.length
    }
    return { items, more }
  }

  /** Deletes acknowledged envelopes; their ids stay known until expiry, so a replay is not stored again. */
  async ack (user: string, device: string, messageIds: Uint8Array[]): Promise<void> {
    const { mail, index, wait } = this.tables
    const box = boxKey(user, device)
    await this.lock.run(box, async () => {
      const state = await this.states.acquire(box)
      try {
        const ids = [...new Set(messageIds.map(toHex))]
        const entries = await Promise.all(ids.map(async idHex => await index.get(`${box}${idHex}`)))
        const ops: Op[] = []
        const done: WaitEntry[] = []
        ids.forEach((idHex, i) => {
          const entry = entries[i]
          // Unknown ids, ids already acknowledged and ids listed twice change nothing.
          if (entry === undefined || !('seq' in entry)) return
          ops.push({ type: 'del', sublevel: mail, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'del', sublevel: wait, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'put', sublevel: index, key: `${box}${idHex}`, value: { acked: true, expiresAt: entry.expiresAt } })
          done.push(waitOf(entry))
        })
        if (ops.length === 0) return
        await this.db.commit(ops)
        for (const entry of done) count(state, entry, -1)
      } finally {
        this.states.release(state)
      }
    })
  }

  /** Counts of a device's mailbox. */
  async stats (user: string, device: string): Promise<{ count: number, bytes: number }> {
    const s = await this.states.acquire(boxKey(user, device))
    this.states.release(s)
    return { count: s.count, bytes: s.bytes }
  }

  /** Waiting mail of one sender pair tag, and of all strangers, in a device's mailbox. */
  async senderStats (user: string, device: string, tag: string): Promise<{ sender: Usage, strangers: Usage }> {
    const s = await this.states.acquire(boxKey(user, device))
    this.states.release(s)
    return { sender: { ...s.senders.get(tag) ?? { count: 0, bytes: 0 } }, strangers: { ...s.strangers } }
  }

  /** Mailboxes whose counters are in memory now. */
  get loadedMailboxes (): number {
    return this.states.size
  }

  /** Deletes expired envelopes and forgets expired acknowledged ids, in every mailbox. Returns how many entries went. */
  async sweep (): Promise<number> {
    return await this.maintenance.sweep()
  }

  /** Deletes every mailbox of a deleted account: envelopes, remembered ids and sequence numbers. */
  async deleteUser (user: string): Promise<void> {
    await this.maintenance.deleteUser(user)
  }

  /** Adds the counter entries a store written before they existed lacks (once, at start-up); returns how many. */
  async upgrade (): Promise<number> {
    return await this.maintenance.upgrade()
  }
}
