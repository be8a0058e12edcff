import { decodeReceipt, encodeReceipt, fromHex, toHex, MAX_RECEIPT_IDS } from '@parley/protocol'
import { RECEIPT_BATCH_MS, RECEIPT_RETRY_MS } from '../constants.js'
import { failureKind } from '../errors.js'
import type { NodeEvents } from '../events.js'
import type { History, StoredMessage } from '../history.js'

/** What the receipts are built from. */
export interface ReceiptsComponents {
  history: History
  events: NodeEvents
}

/** How receipts leave this device. */
export interface ReceiptsInit {
  /** Seals `body` as a receipt content to `to` and delivers it (direct or mailbox). */
  deposit: (to: string, body: Uint8Array) => Promise<unknown>
  /** Work started without waiting for it, so close() can let it finish. */
  track: (work: Promise<void>) => void
  batchMs?: number
  /** Set when the node closes: no more tries. */
  signal?: AbortSignal
}

/**
 * Delivered and read receipts, both ways: sent for incoming messages (those that came directly
 * are gathered per sender for a moment and go out as one), and applied to outgoing ones.
 */
export class Receipts {
  private readonly batches = new Map<string, { messages: StoredMessage[], timer?: ReturnType<typeof setTimeout> }>()

  constructor (private readonly components: ReceiptsComponents, private readonly init: ReceiptsInit) {}

  /**
   * Direct messages come one by one: their delivered receipts are gathered per sender for a moment
   * and go out as one receipt (one seal, one open at the other end) instead of one per message.
   */
  queueDelivered (message: StoredMessage): void {
    let batch = this.batches.get(message.sender)
    if (batch === undefined) {
      const created: { messages: StoredMessage[], timer?: ReturnType<typeof setTimeout> } = { messages: [] }
      created.timer = setTimeout(() => { void this.flush(message.sender) }, this.init.batchMs ?? RECEIPT_BATCH_MS)
      this.batches.set(message.sender, created)
      batch = created
    }
    batch.messages.push(message)
    if (batch.messages.length >= MAX_RECEIPT_IDS) void this.flush(message.sender)
  }

  /** Sends the gathered delivered receipts for `sender` now; resolves once they are out (or failed). */
  async flush (sender: string): Promise<void> {
    const batch = this.batches.get(sender)
    if (batch === undefined) return
    this.batches.delete(sender)
    clearTimeout(batch.timer)
    const sending = this.send('delivered', batch.messages)
    this.init.track(sending)
    await sending
  }

  private closed (): boolean { return this.init.signal?.aborted === true }

  /** Starts sending every gathered receipt (on close). */
  flushAll (): void {
    for (const sender of [...this.batches.keys()]) void this.flush(sender)
  }

  /** Sends one receipt per sender for `messages` (incoming ones); a failure is a warning, not an error. */
  async send (type: 'delivered' | 'read', messages: StoredMessage[]): Promise<void> {
    const bySender = new Map<string, Uint8Array[]>()
    for (const m of messages) {
      const ids = bySender.get(m.sender) ?? []
      ids.push(fromHex(m.id))
      bySender.set(m.sender, ids)
    }
    for (const [sender, ids] of bySender) {
      for (let i = 0; i < ids.length; i += MAX_RECEIPT_IDS) {
        const body = encodeReceipt({ type, messageIds: ids.slice(i, i + MAX_RECEIPT_IDS) })
        for (let attempt = 1; ; attempt++) {
          try {
            await this.init.deposit(sender, body)
            break
          } catch (err: any) {
            // A busy or briefly unreachable relay is tried again a few times; a refusal is not.
            const delay = RECEIPT_RETRY_MS[attempt - 1]
            if (delay !== undefined && failureKind(err) === 'passing' && !this.closed()) {
              await pause(delay, this.init.signal)
              if (!this.closed()) continue
            }
            this.components.events.emit({ type: 'warning', message: `could not send a ${type} receipt to ${sender}: ${err?.message ?? err}` })
            break
          }
        }
      }
    }
  }

  /** Marks the incoming messages of `conversation` read (with `only`, just those ids) and tells the sender. */
  async markRead (conversation: string, only?: ReadonlySet<string>): Promise<StoredMessage[]> {
    // Delivered before read: the receipts gathered for this sender go first.
    await this.flush(conversation)
    const { history } = this.components
    const unread = (await history.conversation(conversation)).filter(m => m.direction === 'in' && m.state === 'received' && (only === undefined || only.has(m.id)))
    const read: StoredMessage[] = []
    for (const m of unread) {
      const updated = await history.advance(m.id, 'read')
      if (updated !== undefined) read.push(updated)
    }
    await this.send('read', read)
    return read
  }

  /**
   * Moves our messages to `delivered` or `read`. Only the person a message was sent to can
   * acknowledge it: a receipt naming anyone else's messages changes nothing. A malformed receipt
   * throws (final): it is recorded as rejected like any unreadable content.
   */
  async apply (from: string, body: Uint8Array): Promise<void> {
    const receipt = decodeReceipt(body)
    const { history, events } = this.components
    for (const id of receipt.messageIds) {
      const hex = toHex(id)
      const message = await history.get(hex)
      if (message?.direction !== 'out' || message.conversation !== from) continue
      const updated = await history.advance(hex, receipt.type)
      if (updated !== undefined) events.emit({ type: 'receipt', messageId: hex, state: receipt.type, from })
    }
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
async function pause (ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve() }
    signal?.addEventListener('abort', done, { once: true })
  })
}
