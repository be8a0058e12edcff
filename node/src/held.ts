import type { ContentKind } from '@parley/protocol'
import { MAX_HELD_PER_SENDER } from './constants.js'
import { KeyLock } from './key-lock.js'
import type { NodeStore } from './node-store.js'

/**
 * A message from a contact whose identity key changed: its signature verifies under the key the
 * directory now publishes for them, not under the pinned one. It waits on this device until the
 * person accepts that key (it is then delivered) or refuses it (it is then discarded).
 */
export interface HeldMessage {
  /** Message id, hex. */
  id: string
  sender: string
  senderDevice: string
  /** The identity key (hex) it is signed under: delivered only if this is the key accepted. */
  identityKey: string
  sentAt: number
  conversation: string
  kind: ContentKind
  /** The content body, base64. */
  body: string
  path: 'relay' | 'direct'
  /** When this device received it. */
  heldAt: number
}

/** How many messages from one contact are held, since when, and why. */
export interface HeldSummary {
  address: string
  count: number
  firstHeldAt: number
  lastHeldAt: number
  /** Why they are held: the contact's identity key changed and waits to be accepted or refused. */
  reason: 'identity-changed'
}

/** Held messages by sender (store keys `sender \0 message id`), at most MAX_HELD_PER_SENDER each. */
export class HeldMessages {
  private readonly lock = new KeyLock()

  constructor (private readonly store: NodeStore, private readonly maxPerSender = MAX_HELD_PER_SENDER) {}

  /** Keeps a message; `duplicate` if that id is held already, `full` if its sender has too many held. */
  async hold (message: HeldMessage): Promise<'held' | 'duplicate' | 'full'> {
    return await this.lock.run(message.sender, async () => {
      const key = `${message.sender}\x00${message.id}`
      if (await this.store.held.get(key) !== undefined) return 'duplicate'
      let count = 0
      for await (const _ of this.store.held.keys({ ...range(message.sender), limit: this.maxPerSender })) count++
      if (count >= this.maxPerSender) return 'full'
      await this.store.held.put(key, message)
      return 'held'
    })
  }

  /**
   * Takes every message held from `sender` out of the store and hands them to `use`, in the order
   * they arrived; if `use` throws, nothing is removed.
   */
  async release<T> (sender: string, use: (messages: HeldMessage[]) => Promise<T>): Promise<T> {
    return await this.lock.run(sender, async () => {
      const messages: HeldMessage[] = []
      for await (const value of this.store.held.values(range(sender))) messages.push(value as HeldMessage)
      messages.sort((a, b) => a.heldAt - b.heldAt || a.sentAt - b.sentAt)
      const result = await use(messages)
      await this.store.held.batch(messages.map(m => ({ type: 'del' as const, key: `${sender}\x00${m.id}` })))
      return result
    })
  }

  /** Held messages per sender (all senders, or one). */
  async summary (sender?: string): Promise<HeldSummary[]> {
    const by = new Map<string, HeldSummary>()
    for await (const value of this.store.held.values(sender !== undefined ? range(sender) : {})) {
      const m = value as HeldMessage
      const s = by.get(m.sender)
      if (s === undefined) by.set(m.sender, { address: m.sender, count: 1, firstHeldAt: m.heldAt, lastHeldAt: m.heldAt, reason: 'identity-changed' })
      else by.set(m.sender, { ...s, count: s.count + 1, firstHeldAt: Math.min(s.firstHeldAt, m.heldAt), lastHeldAt: Math.max(s.lastHeldAt, m.heldAt) })
    }
    // By address: the store orders senders by a keyed hash of their address, which means nothing to a reader.
    return [...by.values()].sort((a, b) => a.address < b.address ? -1 : a.address > b.address ? 1 : 0)
  }
}

function range (sender: string): { gt: string, lt: string } {
  return { gt: `${sender}\x00`, lt: `${sender}\x01` }
}
