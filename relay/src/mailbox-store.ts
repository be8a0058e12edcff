import { inspectEnvelope, isProtocolError, toHex, type EnvelopeHeaderInfo, type MailItem } from '@parley/protocol'
import { RelayError } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { DEFAULT_MAILBOX_MAX_BYTES, DEFAULT_MAILBOX_MAX_MESSAGES, MAIL_PAGE_MAX_BYTES } from './constants.js'
import type { RelayDb } from './store.js'

/** Mailbox limits, per device. */
export interface MailboxLimits { maxMessages: number, maxBytes: number }

/** Furthest in the future an envelope may ask to be kept (90 days). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000
/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | message id (16) | envelope. */
const ITEM_HEADER = 32
/** Operations per batch when sweeping expired data. */
const SWEEP_BATCH = 1000

/** Index entry per message id: where it is stored, or that it was already delivered (kept until expiry). */
type IndexEntry = { seq: number, size: number, expiresAt: number } | { acked: true, expiresAt: number }

interface MailboxState {
  nextSeq: number
  count: number
  bytes: number
  /** Every known id of this mailbox (stored or acknowledged), so a deposit needs no disk read. */
  ids: Map<string, IndexEntry>
  /** Ids whose first deposit is still being written; a duplicate waits for it. */
  pending: Map<string, Promise<void>>
}

/** Called after a deposit is durable, once per receiving device. */
export type DepositListener = (user: string, device: string, item: MailItem) => void

/**
 * Offline mailboxes, one per (user, device). A deposit is acknowledged only once it is synced to
 * disk; an envelope is deleted only when its device acknowledges it or it expires; a message id is
 * stored once, and an acknowledged id is remembered until its expiry so a replay is not delivered again.
 */
export class MailboxStore {
  private readonly mail
  private readonly index
  private readonly meta
  private readonly lock = new KeyedLock()
  private readonly state = new Map<string, MailboxState>()
  private readonly listeners = new Set<DepositListener>()
  private readonly limits: MailboxLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, limits?: Partial<MailboxLimits>, now?: () => number) {
    this.mail = db.binary('mail')
    this.index = db.json<IndexEntry>('mail-index')
    this.meta = db.json<number>('mail-seq')
    this.limits = { maxMessages: limits?.maxMessages ?? DEFAULT_MAILBOX_MAX_MESSAGES, maxBytes: limits?.maxBytes ?? DEFAULT_MAILBOX_MAX_BYTES }
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
   * Stores `envelope` for each of `devices` of `user` and resolves once it is durable.
   * Returns `duplicate: true` when every device already had this message id.
   */
  async deposit (user: string, devices: string[], header: EnvelopeHeaderInfo, envelope: Uint8Array): Promise<{ duplicate: boolean, storedAt: number }> {
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'envelope refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'envelope refused: expiry is more than 90 days away')
    const idHex = header.messageIdHex
    const size = envelope.length
    const boxes = await Promise.all(devices.map(async device => ({ device, box: boxKey(user, device), state: await this.load(boxKey(user, device)) })))

    // From here to the commit nothing awaits, so checks and reservations cannot interleave.
    const originals: Array<Promise<void>> = []
    const fresh = boxes.filter(({ state }) => {
      const inFlight = state.pending.get(idHex)
      if (inFlight !== undefined) { originals.push(inFlight); return false }
      return !state.ids.has(idHex)
    })
    for (const { state } of fresh) {
      if (state.count + 1 > this.limits.maxMessages || state.bytes + size > this.limits.maxBytes) {
        throw new RelayError('QUOTA_EXCEEDED', 'the recipient\'s mailbox is full; try again later')
      }
    }
    let written!: () => void
    let failed!: (err: unknown) => void
    const durable = new Promise<void>((resolve, reject) => { written = resolve; failed = reject })
    durable.catch(() => {})
    const value = new Uint8Array(ITEM_HEADER + size)
    const view = new DataView(value.buffer)
    view.setBigUint64(0, BigInt(now))
    view.setBigUint64(8, BigInt(header.expiresAt))
    value.set(header.messageId, 16)
    value.set(envelope, ITEM_HEADER)
    const ops: any[] = []
    const reserved = fresh.map(({ box, device, state }) => {
      const seq = state.nextSeq++
      const entry: IndexEntry = { seq, size, expiresAt: header.expiresAt }
      state.count += 1
      state.bytes += size
      state.pending.set(idHex, durable)
      ops.push({ type: 'put', sublevel: this.mail, key: `${box}${seqKey(seq)}`, value })
      ops.push({ type: 'put', sublevel: this.index, key: `${box}${idHex}`, value: entry })
      // Sequence numbers never go back, even once a mailbox is emptied and the relay restarts.
      ops.push({ type: 'put', sublevel: this.meta, key: box, value: seq })
      return { device, state, entry, item: { seq, envelope, receivedAt: now } }
    })
    try {
      if (ops.length > 0) await this.db.commit(ops)
      for (const r of reserved) r.state.ids.set(idHex, r.entry)
      written()
    } catch (err) {
      for (const r of reserved) { r.state.count -= 1; r.state.bytes -= size }
      failed(err)
      throw err
    } finally {
      for (const r of reserved) r.state.pending.delete(idHex)
    }
    for (const r of reserved) {
      for (const listener of this.listeners) listener(user, r.device, r.item)
    }
    await Promise.all(originals)
    return { duplicate: reserved.length === 0, storedAt: now }
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
      const state = await this.load(box)
      const ops: any[] = []
      const done: Array<{ idHex: string, entry: { seq: number, size: number, expiresAt: number } }> = []
      for (const id of messageIds) {
        const idHex = toHex(id)
        const entry = state.ids.get(idHex)
        // Unknown ids, ids already acknowledged and ids listed twice change nothing.
        if (entry === undefined || !('seq' in entry) || done.some(d => d.idHex === idHex)) continue
        ops.push({ type: 'del', sublevel: this.mail, key: `${box}${seqKey(entry.seq)}` })
        ops.push({ type: 'put', sublevel: this.index, key: `${box}${idHex}`, value: { acked: true, expiresAt: entry.expiresAt } })
        done.push({ idHex, entry })
      }
      if (ops.length === 0) return
      await this.db.commit(ops)
      for (const { idHex, entry } of done) {
        if (state.ids.get(idHex) !== entry) continue
        state.ids.set(idHex, { acked: true, expiresAt: entry.expiresAt })
        state.count -= 1
        state.bytes -= entry.size
      }
    })
  }

  /** Counts of a device's mailbox. */
  async stats (user: string, device: string): Promise<{ count: number, bytes: number }> {
    const s = await this.load(boxKey(user, device))
    return { count: s.count, bytes: s.bytes }
  }

  /** Deletes expired envelopes and forgets expired acknowledged ids, in every mailbox. Returns how many entries went. */
  async sweep (): Promise<number> {
    const now = this.now()
    let removed = 0
    let ops: any[] = []
    const applied: Array<() => void> = []
    const flush = async (): Promise<void> => {
      if (ops.length === 0) return
      await this.db.commit(ops)
      for (const apply of applied) apply()
      ops = []
      applied.length = 0
    }
    for await (const [key, entry] of this.index.iterator()) {
      if (entry.expiresAt > now) continue
      const cut = key.lastIndexOf('\x00') + 1
      const box = key.slice(0, cut)
      const idHex = key.slice(cut)
      ops.push({ type: 'del', sublevel: this.index, key })
      if ('seq' in entry) ops.push({ type: 'del', sublevel: this.mail, key: `${box}${seqKey(entry.seq)}` })
      applied.push(() => {
        const state = this.state.get(box)
        const current = state?.ids.get(idHex)
        if (state === undefined || current === undefined || current.expiresAt > now) return
        state.ids.delete(idHex)
        if ('seq' in current) { state.count -= 1; state.bytes -= current.size }
      })
      removed++
      if (ops.length >= SWEEP_BATCH) await flush()
    }
    await flush()
    return removed
  }

  /** Deletes every mailbox of a deleted account: envelopes, remembered ids and sequence numbers. */
  async deleteUser (user: string): Promise<void> {
    const prefix = `${user}\x00`
    const ops: any[] = []
    for (const sub of [this.mail, this.index, this.meta] as const) {
      for await (const key of (sub as typeof this.mail).keys({ gt: prefix, lt: `${user}\x01` })) ops.push({ type: 'del', sublevel: sub, key })
    }
    for (let i = 0; i < ops.length; i += SWEEP_BATCH) await this.db.commit(ops.slice(i, i + SWEEP_BATCH))
    for (const box of [...this.state.keys()]) if (box.startsWith(prefix)) this.state.delete(box)
  }

  private async load (box: string): Promise<MailboxState> {
    const cached = this.state.get(box)
    if (cached !== undefined) return cached
    return await this.lock.run(`load\x00${box}`, async () => {
      const again = this.state.get(box)
      if (again !== undefined) return again
      const state: MailboxState = { nextSeq: (await this.meta.get(box) ?? 0) + 1, count: 0, bytes: 0, ids: new Map(), pending: new Map() }
      for await (const [key, entry] of this.index.iterator({ gt: box, lt: `${box}\xff` })) {
        state.ids.set(key.slice(box.length), entry)
        if ('seq' in entry) {
          state.count += 1
          state.bytes += entry.size
          state.nextSeq = Math.max(state.nextSeq, entry.seq + 1)
        }
      }
      this.state.set(box, state)
      return state
    })
  }
}

function boxKey (user: string, device: string): string {
  return `${user}\x00${device}\x00`
}

function seqKey (seq: number): string {
  return seq.toString().padStart(16, '0')
}
