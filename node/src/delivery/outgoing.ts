/**
 * Outgoing texts: the one place that decides what happens to a text the person wrote. It is
 * stored first, then delivered (directly when every device answers, else to the mailbox); with
 * `queue`, a text that cannot go for a passing reason waits in the outbox and goes, in order,
 * once it can.
 */
import { fromHex, randomBytes, toHex, utf8Encode, MAX_TEXT_BYTES, type Content, type DeviceBundle } from '@parley/protocol'
import { contentOf, type StoredAttachment } from '../files/attachment.js'
import { OUTBOX_RETRY_MS } from '../constants.js'
import { NodeError, RelayRequestError } from '../errors.js'
import type { Clock } from '../components.js'
import type { NodeEvent } from '../events.js'
import type { History, StoredMessage } from '../history.js'
import type { CallOptions } from '../account/keyless.js'
import { KeyLock } from '../key-lock.js'
import { sendWaits, type Outbox } from './outbox.js'

const EARLIER_WAITING = (): NodeError => new NodeError('RELAY_UNREACHABLE', 'earlier messages to this person are still waiting')

/** Options of a send. */
export interface SendOptions extends CallOptions {
  /** Keep the text on the device and send it later when the relay cannot be reached now. */
  queue?: boolean
  /** An attachment already uploaded: the message is a file message, its text the caption (which may be empty). */
  attachment?: StoredAttachment
}

/** What one pass over the outbox did, by message id. */
export interface SendWaitingResult { sent: string[], failed: string[], waiting: number }

/** What the service is built from. */
export interface OutgoingComponents {
  history: History
  outbox: Outbox
  clock: Clock
  emit: (event: NodeEvent) => void
}

/** A sealed text, with what the copy to this user's other devices needs. */
export interface SealedText { bytes: Uint8Array, content: Content, expiresAt: number }

/** A sealed text, or why it could not be sealed. */
type Sealing = { sealed: SealedText } | { error: unknown }

/** The node's parts it goes through. */
export interface OutgoingInit {
  /** This user's address. */
  self: () => string
  /** The verified device bundles of a user (the directory's cached list while it holds). */
  bundles: (address: string, options: CallOptions) => Promise<DeviceBundle[]>
  /** Seals a text or file message for `bundles` under `messageId`, as sent at `sentAt`. */
  seal: (to: string, kind: 'text' | 'file', body: Uint8Array, bundles: DeviceBundle[], messageId: Uint8Array, sentAt: number) => Promise<SealedText>
  /** Delivers a sealed text: directly when every device answers, else to the mailbox; says which. */
  deliver: (to: string, bundles: DeviceBundle[], sealed: SealedText, messageId: Uint8Array, options: CallOptions) => Promise<'direct' | 'relay'>
  /** Copies a sent text to this user's other devices. */
  copyToOwnDevices: (sealed: SealedText, messageId: Uint8Array) => Promise<void>
  /** Forgets the cached device list of a user (a refused deposit may mean a device is gone). */
  invalidate: (address: string) => void
  /** Whether the node is listening (then the outbox is tried again by a timer while something waits). */
  listening: () => boolean
  /** Work started without waiting for it, so close() can let it finish. */
  track: (work: Promise<void>) => void
  /** Aborted when the node closes. */
  closing: AbortSignal
}

/** Sends texts, keeps the ones that must wait, and sends those when they can go. */
export class OutgoingTexts {
  private timer?: ReturnType<typeof setTimeout>
  /** Queued texts to one person take their turn in the order they were written. */
  private readonly order = new KeyLock()
  /** The time given to the last text written: each later one is given a later time, so histories keep their order. */
  private lastSentAt = 0

  constructor (private readonly components: OutgoingComponents, private readonly init: OutgoingInit) {}

  /**
   * Stores and delivers a text to `to` (an address already in canonical form); see ParleyNode.send.
   * Queued texts to one person are stored, and shown, at once, but each is delivered or put in the
   * outbox only after the one written before it: a later text cannot overtake an earlier one whose
   * send is still under way, and once one waits, the ones after it wait behind it.
   */
  async send (to: string, text: string, options: SendOptions = {}): Promise<StoredMessage> {
    const body = utf8Encode(text)
    if (body.length === 0 && options.attachment === undefined) throw new NodeError('BAD_INPUT', 'the message is empty')
    if (body.length > MAX_TEXT_BYTES) throw new NodeError('BAD_INPUT', `the message is longer than ${MAX_TEXT_BYTES} bytes`)
    if (options.queue !== true) return await this.sendNow(to, text, options)
    const place = this.order.enter(to)
    try {
      return await this.sendNow(to, text, options, place.ready)
    } finally {
      place.leave()
    }
  }

  /** See send; a queued text waits for `turn` (the texts to `to` written before it) before it goes. */
  private async sendNow (to: string, text: string, options: SendOptions, turn?: Promise<void>): Promise<StoredMessage> {
    const { history, outbox } = this.components
    const me = this.init.self()
    const queue = turn !== undefined
    let bundles: DeviceBundle[] | undefined
    let waitReason: unknown
    if (queue && await outbox.waitsFor(to)) {
      waitReason = EARLIER_WAITING()
    } else {
      // Looked up first, so a changed identity key refuses the message before anything is stored.
      try {
        bundles = await this.init.bundles(to, options)
      } catch (err) {
        if (!queue || !sendWaits(err)) throw err
        waitReason = err
      }
    }
    const sentAt = this.nextSentAt()
    const messageId = randomBytes(16)
    const message: StoredMessage = {
      id: toHex(messageId), conversation: to, direction: 'out', sender: me, text, ...(options.attachment !== undefined ? { attachment: options.attachment } : {}),
      sentAt, storedAt: sentAt, state: bundles === undefined ? 'waiting' : 'sending', path: 'relay'
    }
    if (bundles === undefined) {
      await turn
      await outbox.add(message.id, to, sentAt)
      await history.add(message)
      return await this.nowWaiting(message, waitReason)
    }
    // Sealed while it is being stored (nothing goes out before it is stored).
    const sealing = this.seal(message, messageId, bundles)
    await history.add(message)
    this.components.emit({ type: 'outgoing', message })
    if (queue) {
      await turn
      // The text before it could not go: this one waits behind it.
      if (await outbox.waitsFor(to)) return await this.keepWaiting(message, EARLIER_WAITING())
    }
    return await this.deliver(message, messageId, bundles, {
      ...options,
      sealing,
      ...(queue ? { onPassing: async (err: unknown) => await this.keepWaiting(message, err) } : {})
    })
  }

  /** The messages waiting in the outbox, oldest first. */
  async waiting (): Promise<StoredMessage[]> {
    const out: StoredMessage[] = []
    for (const entry of await this.components.outbox.entries()) {
      const message = await this.components.history.get(entry.id)
      if (message !== undefined) out.push(message)
    }
    return out
  }

  /** Sends what waits in the outbox, oldest first; see ParleyNode.sendWaiting. */
  async sendWaiting (options: CallOptions = {}): Promise<SendWaitingResult> {
    clearTimeout(this.timer)
    const { history, outbox } = this.components
    const result = await outbox.drain(async (entry, signal) => {
      const message = await history.get(entry.id)
      // Gone from history, or already past sending (sent before a crash): nothing to do.
      if (message?.direction !== 'out' || (message.state !== 'waiting' && message.state !== 'sending')) return
      const call = signal !== undefined ? { signal } : {}
      let bundles: DeviceBundle[]
      try {
        bundles = await this.init.bundles(message.conversation, call)
      } catch (err) {
        await this.record(message, err, sendWaits(err) ? 'waiting' : 'failed')
        throw err
      }
      const sending = await history.setState(message.id, 'sending') ?? message
      this.components.emit({ type: 'outgoing', message: sending })
      await this.deliver(sending, fromHex(message.id), bundles, {
        ...call,
        onPassing: async (err) => { await this.record(message, err, 'waiting'); throw err }
      })
    }, options.signal ?? this.init.closing)
    if (result.waiting > 0 && this.init.listening() && !this.init.closing.aborted) {
      this.timer = setTimeout(() => { this.sendWaitingSoon() }, OUTBOX_RETRY_MS)
      this.timer.unref?.()
    }
    return { sent: result.sent, failed: result.failed.map(f => f.id), waiting: result.waiting }
  }

  /** Starts a pass over the outbox without waiting for it (the relay is back); what it cannot send waits on. */
  sendWaitingSoon (): void {
    this.init.track((async () => {
      if (await this.components.outbox.count() === 0) return
      await this.sendWaiting()
    })().catch(err => { this.components.emit({ type: 'warning', message: `waiting messages were not sent yet: ${err?.message ?? err}` }) }))
  }

  /** Sends a failed message again under its id, or the waiting ones now; see ParleyNode.retry. */
  async retry (id: string, options: CallOptions = {}): Promise<StoredMessage> {
    const { history, outbox } = this.components
    const found = await history.get(id)
    if (found?.direction === 'out' && found.state === 'waiting' && await outbox.has(id)) {
      await this.sendWaiting(options)
      return await history.get(id) ?? found
    }
    if (found?.direction !== 'out' || found.state !== 'failed') throw new NodeError('BAD_INPUT', 'only a message that failed to send, or one waiting to be sent, can be sent again')
    const bundles = await this.init.bundles(found.conversation, options)
    const message = await history.setState(id, 'sending') ?? found
    this.components.emit({ type: 'outgoing', message })
    return await this.deliver(message, fromHex(id), bundles, options)
  }

  /** The time of a text written now: the clock's, or a millisecond after the last text's when the clock has not moved on. */
  private nextSentAt (): number {
    this.lastSentAt = Math.max(this.components.clock.now(), this.lastSentAt + 1)
    return this.lastSentAt
  }

  /** Stops the retry timer (the node closes). */
  close (): void {
    clearTimeout(this.timer)
  }

  /** Seals a stored outgoing text and delivers it; a failure marks it failed (or hands it to `onPassing`). */
  private async deliver (message: StoredMessage, messageId: Uint8Array, bundles: DeviceBundle[], options: CallOptions & { sealing?: Promise<Sealing>, onPassing?: (err: unknown) => Promise<StoredMessage> }): Promise<StoredMessage> {
    const { history, emit } = this.components
    const to = message.conversation
    let sealed: SealedText
    let path: 'relay' | 'direct'
    try {
      const sealing = await (options.sealing ?? this.seal(message, messageId, bundles))
      if ('error' in sealing) throw sealing.error
      sealed = sealing.sealed
      path = await this.init.deliver(to, bundles, sealed, messageId, options)
    } catch (err) {
      // A refused deposit may mean a device in the cached list is gone: the next try asks again.
      // A busy or unreachable relay says nothing of the devices: their list is kept.
      if (err instanceof RelayRequestError && !sendWaits(err)) this.init.invalidate(to)
      if (options.onPassing !== undefined && sendWaits(err)) return await options.onPassing(err)
      await this.record(message, err, 'failed')
      throw err
    }
    // A receipt may already have moved it further along.
    const sent = await history.sent(message.id, path) ?? { ...message, state: 'sent', path }
    emit({ type: 'outgoing', message: sent })
    try {
      await this.init.copyToOwnDevices(sealed, messageId)
    } catch (err: any) {
      // The message itself went out; only the copy for this user's other devices did not.
      emit({ type: 'warning', message: `sent, but not copied to your other devices: ${err?.message ?? err}` })
    }
    return sent
  }

  /** Seals a stored outgoing text; never rejects (a failure is handed back, for deliver to record). */
  private async seal (message: StoredMessage, messageId: Uint8Array, bundles: DeviceBundle[]): Promise<Sealing> {
    try {
      const { kind, body } = contentOf(message)
      return { sealed: await this.init.seal(message.conversation, kind, body, bundles, messageId, message.sentAt) }
    } catch (error) {
      return { error }
    }
  }

  /** Puts a stored message in the outbox; one the outbox cannot take (full) fails with that reason instead. */
  private async keepWaiting (message: StoredMessage, reason: unknown): Promise<StoredMessage> {
    try {
      await this.components.outbox.add(message.id, message.conversation, message.sentAt)
    } catch (err) {
      await this.record(message, err, 'failed')
      throw err
    }
    return await this.nowWaiting(message, reason)
  }

  /** Marks a stored message waiting (with why) and says so. */
  private async nowWaiting (message: StoredMessage, reason: unknown): Promise<StoredMessage> {
    return await this.record(message, reason, 'waiting') ?? { ...message, state: 'waiting' }
  }

  /** Records why a send did not go, as `waiting` (it will be tried again) or `failed` (for good), and says so. */
  private async record (message: StoredMessage, err: unknown, state: 'waiting' | 'failed'): Promise<StoredMessage | undefined> {
    const reason = err instanceof Error ? err.message : undefined
    const updated = await this.components.history.setState(message.id, state, reason, err instanceof NodeError ? err.code : undefined)
    if (updated !== undefined) this.components.emit({ type: 'outgoing', message: updated })
    return updated
  }
}
