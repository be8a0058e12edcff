import { inspectEnvelope, isProtocolError, toHex, type EnvelopeHeaderInfo, type MailItem } from '@parley/protocol'
import { RelayError } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { DEFAULT_MAILBOX_MAX_BYTES, DEFAULT_MAILBOX_MAX_MESSAGES, MAIL_PAGE_MAX_BYTES } from './constants.js'
import type { RelayDb } from './store.js'

/** Mailbox limits, per device. */
export interface MailboxLimits { maxMessages: number, maxBytes: number }

/** Furthest in the future an envelope may ask to be kept (90 days). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000
/** Stored value layout: received-at (8 bytes, big endian) | message id (16) | envelope. */
const ITEM_HEADER = 24

/** `pending` maps a message id being written to the promise of that write becoming durable. */
interface MailboxState { nextSeq: number, count: number, bytes: number, pending: Map<string, Promise<void>> }
/** Index entry per message id: where it is stored, or that it was already delivered. */
type IndexEntry = { seq: number } | { acked: true, expiresAt: number }

/** Called after a deposit is durable, once per receiving device. */
export type DepositListener = (user: string, device: string, item: MailItem) => void

/**
 * Offline mailboxes, one per (user, device). A deposit is acknowledged only once it is synced to
 * disk; an envelope is deleted only when its device acknowledges it; a message id is stored once.
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
    const ops: any[] = []
    const reserved: Array<{ box: string, device: string, state: MailboxState, item: MailItem }> = []
    // A concurrent duplicate is answered only once the original is durable, and fails if it fails.
    const originals: Array<Promise<void>> = []
    let written!: () => void
    let failed!: (err: unknown) => void
    const durable = new Promise<void>((resolve, reject) => { written = resolve; failed = reject })
    durable.catch(() => {})
    const value = new Uint8Array(ITEM_HEADER + envelope.length)
    new DataView(value.buffer).setBigUint64(0, BigInt(now))
    value.set(header.messageId, 8)
    value.set(envelope, ITEM_HEADER)
    try {
      for (const device of devices) {
        const box = boxKey(user, device)
        await this.lock.run(box, async () => {
          const state = await this.load(box)
          const inFlight = state.pending.get(idHex)
          if (inFlight !== undefined) { originals.push(inFlight); return }
          if (await this.index.get(`${box}${idHex}`) !== undefined) return
          if (state.count + 1 > this.limits.maxMessages || state.bytes + envelope.length > this.limits.maxBytes) {
            throw new RelayError('QUOTA_EXCEEDED', 'the recipient\'s mailbox is full; try again later')
          }
          const seq = state.nextSeq++
          state.count += 1
          state.bytes += envelope.length
          state.pending.set(idHex, durable)
          ops.push({ type: 'put', sublevel: this.mail, key: `${box}${seqKey(seq)}`, value })
          ops.push({ type: 'put', sublevel: this.index, key: `${box}${idHex}`, value: { seq } })
          // Sequence numbers never go back, even once a mailbox is emptied and the relay restarts.
          ops.push({ type: 'put', sublevel: this.meta, key: box, value: seq })
          reserved.push({ box, device, state, item: { seq, envelope, receivedAt: now } })
        })
      }
      if (ops.length > 0) await this.db.commit(ops)
      written()
    } catch (err) {
      for (const r of reserved) { r.state.count -= 1; r.state.bytes -= envelope.length }
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

  /** Up to `limit` envelopes after `afterSeq`, oldest first. */
  async fetch (user: string, device: string, afterSeq: number, limit: number): Promise<{ items: MailItem[], more: boolean }> {
    const box = boxKey(user, device)
    const items: MailItem[] = []
    let bytes = 0
    let more = false
    for await (const [key, value] of this.mail.iterator({ gt: `${box}${seqKey(afterSeq)}`, lt: `${box}\xff` })) {
      if (items.length >= limit || bytes + value.length > MAIL_PAGE_MAX_BYTES) { more = true; break }
      const receivedAt = Number(new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0))
      items.push({ seq: Number(key.slice(box.length)), envelope: value.subarray(ITEM_HEADER), receivedAt })
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
      let count = 0
      let bytes = 0
      const seen = new Set<string>()
      for (const id of messageIds) {
        const idKey = `${box}${toHex(id)}`
        // An id listed twice must not be subtracted from the counts twice.
        if (seen.has(idKey)) continue
        seen.add(idKey)
        const entry = await this.index.get(idKey)
        if (entry === undefined || !('seq' in entry)) continue
        const stored = await this.mail.get(`${box}${seqKey(entry.seq)}`)
        if (stored === undefined) continue
        const header = inspectEnvelope(stored.subarray(ITEM_HEADER))
        ops.push({ type: 'del', sublevel: this.mail, key: `${box}${seqKey(entry.seq)}` })
        ops.push({ type: 'put', sublevel: this.index, key: idKey, value: { acked: true, expiresAt: header.expiresAt } })
        count += 1
        bytes += stored.length - ITEM_HEADER
      }
      if (ops.length === 0) return
      await this.db.commit(ops)
      state.count -= count
      state.bytes -= bytes
    })
  }

  /** Counts of a device's mailbox. */
  async stats (user: string, device: string): Promise<{ count: number, bytes: number }> {
    const box = boxKey(user, device)
    return await this.lock.run(box, async () => {
      const s = await this.load(box)
      return { count: s.count, bytes: s.bytes }
    })
  }

  private async load (box: string): Promise<MailboxState> {
    let state = this.state.get(box)
    if (state !== undefined) return state
    state = { nextSeq: (await this.meta.get(box) ?? 0) + 1, count: 0, bytes: 0, pending: new Map() }
    for await (const [key, value] of this.mail.iterator({ gt: box, lt: `${box}\xff` })) {
      state.count += 1
      state.bytes += value.length - ITEM_HEADER
      state.nextSeq = Math.max(state.nextSeq, Number(key.slice(box.length)) + 1)
    }
    this.state.set(box, state)
    return state
  }
}

function boxKey (user: string, device: string): string {
  return `${user}\x00${device}\x00`
}

function seqKey (seq: number): string {
  return seq.toString().padStart(16, '0')
}
