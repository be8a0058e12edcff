import { inspectEnvelope, isProtocolError, toHex, type EnvelopeHeaderInfo, type MailItem } from '@parley/protocol'
import { RelayError } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import {
  CONTACT_MAX_WAITING_BYTES, CONTACT_MAX_WAITING_MESSAGES, DEFAULT_MAILBOX_MAX_BYTES, DEFAULT_MAILBOX_MAX_MESSAGES,
  MAIL_PAGE_MAX_BYTES, MAX_LOADED_MAILBOXES, STRANGER_MAX_WAITING_BYTES, STRANGER_MAX_WAITING_MESSAGES, STRANGER_SHARE_OF_MAILBOX
} from './constants.js'
import type { AbstractBatchOperation } from 'abstract-level'
import type { RelayDb } from './store.js'

/** Mailbox limits, per device mailbox; the sender ones are per sender in that mailbox. */
export interface MailboxLimits {
  maxMessages: number
  maxBytes: number
  strangerMaxMessages: number
  strangerMaxBytes: number
  contactMaxMessages: number
  contactMaxBytes: number
  /** Share of maxMessages and maxBytes all strangers together may fill. */
  strangerShare: number
  /** Mailboxes kept loaded in memory; idle ones beyond this unload. */
  maxLoaded: number
}

/** Defaults from constants.ts. */
export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = {
  maxMessages: DEFAULT_MAILBOX_MAX_MESSAGES,
  maxBytes: DEFAULT_MAILBOX_MAX_BYTES,
  strangerMaxMessages: STRANGER_MAX_WAITING_MESSAGES,
  strangerMaxBytes: STRANGER_MAX_WAITING_BYTES,
  contactMaxMessages: CONTACT_MAX_WAITING_MESSAGES,
  contactMaxBytes: CONTACT_MAX_WAITING_BYTES,
  strangerShare: STRANGER_SHARE_OF_MAILBOX,
  maxLoaded: MAX_LOADED_MAILBOXES
}

/** Who deposits, as the mailbox counts it: an opaque pair tag and whether the sender is a contact. */
export interface DepositSender {
  /** HMAC tag of the (sender, recipient) pair (see SenderLimits); never a name. */
  tag: string
  /** The recipient wrote to this sender by choice lately (or it is their own account). */
  contact: boolean
  /** Extra writes committed in the same batch as the deposit (the pair record). */
  ops?: () => Op[]
}

type Op = AbstractBatchOperation<any, any, any>

/** Furthest in the future an envelope may ask to be kept (90 days). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000
/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | message id (16) | envelope. */
const ITEM_HEADER = 32
/** Marks a store whose waiting envelopes all have counter entries (no mailbox key starts with \x01). */
const UPGRADED_KEY = '\x01wait-entries'
/** Operations per batch when sweeping expired data. */
const SWEEP_BATCH = 1000

/** Index entry per message id: where it is stored, or that it was already delivered (kept until expiry). */
type IndexEntry = { seq: number, size: number, expiresAt: number, tag?: string, stranger?: boolean } | { acked: true, expiresAt: number }
/** Per waiting envelope, beside it: what the counters need, so loading a mailbox reads only what waits. */
interface WaitEntry { size: number, tag?: string, stranger?: boolean }

interface Usage { count: number, bytes: number }

/** A loaded mailbox: counters only; the ids it knows stay on disk. */
interface MailboxState {
  nextSeq: number
  count: number
  bytes: number
  /** Waiting mail from strangers, all together. */
  strangers: Usage
  /** Waiting mail per sender pair tag. */
  senders: Map<string, Usage>
  /** Operations using this state; a busy mailbox is never unloaded. */
  busy: number
}

/** Called after a deposit is durable, once per receiving device. */
export type DepositListener = (user: string, device: string, item: MailItem) => void

/**
 * Offline mailboxes, one per (user, device). A deposit is acknowledged only once it is synced to
 * disk; an envelope is deleted only when its device acknowledges it or it expires; a message id is
 * stored once, and an acknowledged id is remembered on disk until its expiry so a replay is not
 * delivered again. Only the counters of recently used mailboxes are held in memory.
 */
export class MailboxStore {
  private readonly mail
  private readonly index
  private readonly wait
  private readonly meta
  private readonly lock = new KeyedLock()
  /** Loaded mailboxes, least recently used first. */
  private readonly state = new Map<string, MailboxState>()
  private readonly loading = new Map<string, Promise<MailboxState>>()
  /** `${box}${id}` whose first deposit is being written; a duplicate waits for it. */
  private readonly pending = new Map<string, Promise<void>>()
  private readonly listeners = new Set<DepositListener>()
  /** Index reads asked for in this turn of the event loop, read together with one getMany. */
  private reads: Array<{ key: string, resolve: (e: IndexEntry | undefined) => void, reject: (err: unknown) => void }> = []
  private readonly limits: MailboxLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, limits?: Partial<MailboxLimits>, now?: () => number) {
    this.mail = db.binary('mail')
    this.index = db.json<IndexEntry>('mail-index')
    this.wait = db.json<WaitEntry>('mail-wait')
    this.meta = db.json<number>('mail-seq')
    this.limits = { ...DEFAULT_MAILBOX_LIMITS, ...limits }
    this.now = now ?? Date.now
  }

  /** Registers a listener for durable deposits (used to push to online devices). */
  onDeposit (listener: DepositListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Validates an envelope's outer header as the relay sees it. */
  inspect (envelope: Uint8Array): EnvelopeHeaderInfo {
    try {
      return inspectEnvelope(envelope)
    } catch (err) {
      if (isProtocolError(err, 'TOO_LARGE')) throw new RelayError('TOO_LARGE', err.message)
      if (isProtocolError(err)) throw new RelayError('BAD_ENVELOPE', `envelope refused: ${err.message}`)
      throw err
    }
  }

  /**
   * Stores `envelope` for each of `devices` of `user` and resolves once it is durable. With a
   * `sender`, that sender's quota (tighter for strangers) and the strangers' share apply too.
   * Returns `duplicate: true` when every device already had this message id.
   */
  async deposit (user: string, devices: string[], header: EnvelopeHeaderInfo, envelope: Uint8Array, sender?: DepositSender): Promise<{ duplicate: boolean, storedAt: number }> {
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'envelope refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'envelope refused: expiry is more than 90 days away')
    const idHex = header.messageIdHex
    const size = envelope.length
    const boxes = [...new Set(devices)].map(device => ({ device, box: boxKey(user, device) }))

    // Claim the id in every mailbox at once (no await between check and claim): a concurrent
    // deposit of the same id waits for this one and then finds it on disk.
    while (true) {
      const earlier = boxes.map(b => this.pending.get(`${b.box}${idHex}`)).filter(p => p !== undefined)
      if (earlier.length === 0) break
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
      for (const b of unknown) states.push(await this.acquire(b.box))
      const fresh = unknown.map((b, i) => ({ ...b, state: states[i] as MailboxState }))

      // From here to the commit nothing awaits, so checks and reservations cannot interleave.
      for (const { state } of fresh) this.checkRoom(state, size, sender)
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
        this.count(state, { size, ...who }, +1)
        ops.push({ type: 'put', sublevel: this.mail, key: `${box}${seqKey(seq)}`, value })
        ops.push({ type: 'put', sublevel: this.index, key: `${box}${idHex}`, value: { seq, size, expiresAt: header.expiresAt, ...who } })
        ops.push({ type: 'put', sublevel: this.wait, key: `${box}${seqKey(seq)}`, value: { size, ...who } })
        // Sequence numbers never go back, even once a mailbox is emptied and the relay restarts.
        ops.push({ type: 'put', sublevel: this.meta, key: box, value: seq })
        return { device, state, item: { seq, envelope, receivedAt: now } }
      })
      if (ops.length > 0) {
        try {
          await this.db.commit([...ops, ...sender?.ops?.() ?? []])
        } catch (err) {
          for (const r of reserved) this.count(r.state, { size, ...who }, -1)
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
      for (const s of states) this.release(s)
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
        this.index.getMany(batch.map(r => r.key)).then(
          values => { batch.forEach((r, i) => { r.resolve(values[i]) }) },
          err => { for (const r of batch) r.reject(err) }
        )
      })
    })
  }

  /** Throws the refusal for a deposit of `size` bytes that would not fit `state` for `sender`. */
  private checkRoom (state: MailboxState, size: number, sender: DepositSender | undefined): void {
    const l = this.limits
    if (sender !== undefined) {
      const own = state.senders.get(sender.tag) ?? { count: 0, bytes: 0 }
      const [maxMessages, maxBytes] = sender.contact ? [l.contactMaxMessages, l.contactMaxBytes] : [l.strangerMaxMessages, l.strangerMaxBytes]
      if (own.count + 1 > maxMessages || own.bytes + size > maxBytes) {
        throw new RelayError('SENDER_QUOTA_EXCEEDED', 'too much of your mail is already waiting for this person; try again once they have collected it')
      }
      if (!sender.contact && (state.strangers.count + 1 > Math.floor(l.maxMessages * l.strangerShare) || state.strangers.bytes + size > Math.floor(l.maxBytes * l.strangerShare))) {
        throw new RelayError('SENDER_QUOTA_EXCEEDED', 'this person is taking no more mail from people they have not written to until they collect what is waiting; try again later')
      }
    }
    if (state.count + 1 > l.maxMessages || state.bytes + size > l.maxBytes) {
      throw new RelayError('QUOTA_EXCEEDED', 'the recipient\'s mailbox is full; try again later')
    }
  }

  /** Adds (`sign` 1) or removes (-1) one waiting envelope to a mailbox's counters. */
  private count (state: MailboxState, entry: WaitEntry, sign: 1 | -1): void {
    state.count += sign
    state.bytes += sign * entry.size
    if (entry.stranger === true) {
      state.strangers.count += sign
      state.strangers.bytes += sign * entry.size
    }
    if (entry.tag !== undefined) {
      const usage = state.senders.get(entry.tag) ?? { count: 0, bytes: 0 }
      usage.count += sign
      usage.bytes += sign * entry.size
      if (usage.count <= 0) state.senders.delete(entry.tag)
      else state.senders.set(entry.tag, usage)
    }
  }

  /** Up to `limit` unexpired envelopes after `afterSeq`, oldest first. */
  async fetch (user: string, device: string, afterSeq: number, limit: number): Promise<{ items: MailItem[], more: boolean }> {
    const box = boxKey(user, device)
    const now = this.now()
    const items: MailItem[] = []
    let bytes = 0
    let more = false
    for await (const [key, value] of this.mail.iterator({ gt: `${box}${seqKey(afterSeq)}`, lt: `${box}\xff` })) {
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
    const box = boxKey(user, device)
    await this.lock.run(box, async () => {
      const state = await this.acquire(box)
      try {
        const ids = [...new Set(messageIds.map(toHex))]
        const entries = await Promise.all(ids.map(async idHex => await this.index.get(`${box}${idHex}`)))
        const ops: Op[] = []
        const done: WaitEntry[] = []
        ids.forEach((idHex, i) => {
          const entry = entries[i]
          // Unknown ids, ids already acknowledged and ids listed twice change nothing.
          if (entry === undefined || !('seq' in entry)) return
          ops.push({ type: 'del', sublevel: this.mail, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'del', sublevel: this.wait, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'put', sublevel: this.index, key: `${box}${idHex}`, value: { acked: true, expiresAt: entry.expiresAt } })
          done.push(waitOf(entry))
        })
        if (ops.length === 0) return
        await this.db.commit(ops)
        for (const entry of done) this.count(state, entry, -1)
      } finally {
        this.release(state)
      }
    })
  }

  /** Counts of a device's mailbox. */
  async stats (user: string, device: string): Promise<{ count: number, bytes: number }> {
    const s = await this.acquire(boxKey(user, device))
    this.release(s)
    return { count: s.count, bytes: s.bytes }
  }

  /** Waiting mail of one sender pair tag, and of all strangers, in a device's mailbox. */
  async senderStats (user: string, device: string, tag: string): Promise<{ sender: Usage, strangers: Usage }> {
    const s = await this.acquire(boxKey(user, device))
    this.release(s)
    return { sender: { ...s.senders.get(tag) ?? { count: 0, bytes: 0 } }, strangers: { ...s.strangers } }
  }

  /** Mailboxes whose counters are in memory now. */
  get loadedMailboxes (): number {
    return this.state.size
  }

  /** Deletes expired envelopes and forgets expired acknowledged ids, in every mailbox. Returns how many entries went. */
  async sweep (): Promise<number> {
    const now = this.now()
    let removed = 0
    // The index is ordered by mailbox, so expired ids come grouped; each group is committed under
    // its mailbox's lock, re-read there, so an ack in between is not counted twice.
    let box: string | undefined
    let ids: string[] = []
    const flush = async (): Promise<void> => {
      if (box === undefined || ids.length === 0) return
      const [b, batch] = [box, ids]
      ids = []
      removed += await this.lock.run(b, async () => await this.sweepBox(b, batch, now))
    }
    for await (const [key, entry] of this.index.iterator()) {
      if (entry.expiresAt > now) continue
      const cut = key.lastIndexOf('\x00') + 1
      if (key.slice(0, cut) !== box || ids.length >= SWEEP_BATCH) {
        await flush()
        box = key.slice(0, cut)
      }
      ids.push(key.slice(cut))
    }
    await flush()
    return removed
  }

  private async sweepBox (box: string, ids: string[], now: number): Promise<number> {
    const state = await this.acquire(box)
    try {
      const entries = await Promise.all(ids.map(async idHex => await this.index.get(`${box}${idHex}`)))
      const ops: Op[] = []
      const gone: WaitEntry[] = []
      ids.forEach((idHex, i) => {
        const entry = entries[i]
        if (entry === undefined || entry.expiresAt > now) return
        ops.push({ type: 'del', sublevel: this.index, key: `${box}${idHex}` })
        if ('seq' in entry) {
          ops.push({ type: 'del', sublevel: this.mail, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'del', sublevel: this.wait, key: `${box}${seqKey(entry.seq)}` })
          gone.push(waitOf(entry))
        }
      })
      if (ops.length === 0) return 0
      await this.db.commit(ops)
      for (const entry of gone) this.count(state, entry, -1)
      return ops.filter(o => o.sublevel === this.index).length
    } finally {
      this.release(state)
    }
  }

  /** Deletes every mailbox of a deleted account: envelopes, remembered ids and sequence numbers. */
  async deleteUser (user: string): Promise<void> {
    const prefix = `${user}\x00`
    const ops: Op[] = []
    for (const sub of [this.mail, this.index, this.wait, this.meta] as const) {
      for await (const key of (sub as typeof this.mail).keys({ gt: prefix, lt: `${user}\x01` })) ops.push({ type: 'del', sublevel: sub, key })
    }
    for (let i = 0; i < ops.length; i += SWEEP_BATCH) await this.db.commit(ops.slice(i, i + SWEEP_BATCH))
    for (const box of [...this.state.keys()]) if (box.startsWith(prefix)) this.state.delete(box)
  }

  /**
   * Writes the per-envelope counter entries a store written before they existed lacks (once, at
   * start-up); returns how many were added.
   */
  async upgrade (): Promise<number> {
    if (await this.meta.get(UPGRADED_KEY) !== undefined) return 0
    let ops: Op[] = []
    let added = 0
    for await (const [key, entry] of this.index.iterator()) {
      if (!('seq' in entry)) continue
      const cut = key.lastIndexOf('\x00') + 1
      const waitKey = `${key.slice(0, cut)}${seqKey(entry.seq)}`
      if (await this.wait.get(waitKey) !== undefined) continue
      ops.push({ type: 'put', sublevel: this.wait, key: waitKey, value: waitOf(entry) })
      added++
      if (ops.length >= SWEEP_BATCH) { await this.db.commit(ops); ops = [] }
    }
    await this.db.commit([...ops, { type: 'put', sublevel: this.meta, key: UPGRADED_KEY, value: 1 }])
    return added
  }

  /** The loaded state of `box`, marked busy (so it stays loaded) until `release`. */
  private async acquire (box: string): Promise<MailboxState> {
    let state = this.state.get(box)
    if (state !== undefined) {
      // Most recently used last: unloading starts from the front.
      this.state.delete(box)
      this.state.set(box, state)
    } else {
      let loading = this.loading.get(box)
      if (loading === undefined) {
        loading = this.load(box).finally(() => this.loading.delete(box))
        this.loading.set(box, loading)
      }
      state = await loading
    }
    state.busy++
    return state
  }

  private release (state: MailboxState): void {
    state.busy--
    if (this.state.size <= this.limits.maxLoaded) return
    // Unloading loses nothing: every counter is rebuilt from the entries on disk.
    for (const [box, s] of this.state) {
      if (this.state.size <= this.limits.maxLoaded) break
      if (s.busy === 0) this.state.delete(box)
    }
  }

  private async load (box: string): Promise<MailboxState> {
    const state: MailboxState = { nextSeq: (await this.meta.get(box) ?? 0) + 1, count: 0, bytes: 0, strangers: { count: 0, bytes: 0 }, senders: new Map(), busy: 0 }
    // Only waiting envelopes are read (bounded by the quota); acknowledged ids stay on disk.
    for await (const [key, entry] of this.wait.iterator({ gt: box, lt: `${box}\xff` })) {
      this.count(state, entry, +1)
      state.nextSeq = Math.max(state.nextSeq, Number(key.slice(box.length)) + 1)
    }
    this.state.set(box, state)
    return state
  }
}

function waitOf (entry: { size: number, tag?: string, stranger?: boolean }): WaitEntry {
  return { size: entry.size, ...(entry.tag !== undefined ? { tag: entry.tag } : {}), ...(entry.stranger === true ? { stranger: true } : {}) }
}

function boxKey (user: string, device: string): string {
  return `${user}\x00${device}\x00`
}

function seqKey (seq: number): string {
  return seq.toString().padStart(16, '0')
}
