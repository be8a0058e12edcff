import type { ContentKind } from '@parley/protocol'
import { MAX_HELD_PER_SENDER } from '../constants.js'
import { NodeError } from '../errors.js'
import { KeyLock } from '../key-lock.js'
import type { NodeStore } from '../node-store.js'

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

/** What `hold` did: `count` is how many are held from that sender now (for `held` and `duplicate`). */
export type HoldOutcome = { outcome: 'held' | 'duplicate', count: number } | { outcome: 'full' }

/** The store the held messages need: their sublevel only. */
export type HeldStore = Pick<NodeStore, 'held'>

const HEX = /^(?:[0-9a-f]{2})+$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Checks a stored held message field by field (it was written by this device, but a damaged disk
 * or an older version may have changed it); a bad one is CORRUPT_STORE, naming the field.
 */
export function checkHeldMessage (value: unknown): HeldMessage {
  const damaged = (what: string): NodeError => new NodeError('CORRUPT_STORE', `a held message ${what}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged('record is not an object')
  const m = value as Record<string, unknown>
  for (const field of ['id', 'sender', 'senderDevice', 'identityKey', 'conversation', 'kind', 'body'] as const) {
    if (typeof m[field] !== 'string' || m[field] === '') throw damaged(`has no ${field}`)
  }
  for (const field of ['sentAt', 'heldAt'] as const) {
    if (typeof m[field] !== 'number' || !Number.isFinite(m[field])) throw damaged(`has no ${field}`)
  }
  if (!HEX.test(m.id as string)) throw damaged('has an id that is not hex')
  if (!HEX.test(m.identityKey as string)) throw damaged('has an identity key that is not hex')
  if ((m.body as string).length % 4 !== 0 || !BASE64.test(m.body as string)) throw damaged('has a body that is not base64')
  if (m.path !== 'relay' && m.path !== 'direct') throw damaged('has no path')
  return value as HeldMessage
}

/** Held messages by sender (store keys `sender \0 message id`), at most MAX_HELD_PER_SENDER each. */
export class HeldMessages {
  private readonly lock = new KeyLock()

  constructor (private readonly store: HeldStore, private readonly maxPerSender = MAX_HELD_PER_SENDER) {}

  /** Keeps a message; `duplicate` if that id is held already, `full` if its sender has too many held. */
  async hold (message: HeldMessage): Promise<HoldOutcome> {
    return await this.lock.run(message.sender, async () => {
      const key = `${message.sender}\x00${message.id}`
      let count = 0
      for await (const _ of this.store.held.keys({ ...range(message.sender), limit: this.maxPerSender })) count++
      if (await this.store.held.get(key) !== undefined) return { outcome: 'duplicate', count }
      if (count >= this.maxPerSender) return { outcome: 'full' }
      await this.store.held.put(key, message)
      return { outcome: 'held', count: count + 1 }
    })
  }

  /**
   * Takes every message held from `sender` out of the store and hands them to `use`, in the order
   * they arrived; if `use` throws, nothing is removed. Damaged records are deleted, not handed on.
   */
  async release<T> (sender: string, use: (messages: HeldMessage[]) => Promise<T>): Promise<T> {
    return await this.lock.run(sender, async () => {
      const { messages, damaged } = await this.read(range(sender))
      await this.drop(damaged)
      messages.sort((a, b) => a.message.heldAt - b.message.heldAt || a.message.sentAt - b.message.sentAt)
      const result = await use(messages.map(m => m.message))
      await this.drop(messages.map(m => m.key))
      return result
    })
  }

  /** Held messages per sender (all senders, or one); damaged records are deleted and not counted. */
  async summary (sender?: string): Promise<HeldSummary[]> {
    const { messages, damaged } = await this.read(sender !== undefined ? range(sender) : {})
    await this.drop(damaged)
    const by = new Map<string, HeldSummary>()
    for (const { message: m } of messages) {
      const s = by.get(m.sender)
      if (s === undefined) by.set(m.sender, { address: m.sender, count: 1, firstHeldAt: m.heldAt, lastHeldAt: m.heldAt, reason: 'identity-changed' })
      else by.set(m.sender, { ...s, count: s.count + 1, firstHeldAt: Math.min(s.firstHeldAt, m.heldAt), lastHeldAt: Math.max(s.lastHeldAt, m.heldAt) })
    }
    // By address: a store may order senders by a keyed hash of their address, which means nothing to a reader.
    return [...by.values()].sort((a, b) => a.address < b.address ? -1 : a.address > b.address ? 1 : 0)
  }

  /** The records in `bounds` that check, and the keys of those that do not. */
  private async read (bounds: { gt?: string, lt?: string }): Promise<{ messages: Array<{ key: string, message: HeldMessage }>, damaged: string[] }> {
    const messages: Array<{ key: string, message: HeldMessage }> = []
    const damaged: string[] = []
    for await (const [key, value] of this.store.held.iterator(bounds)) {
      try {
        messages.push({ key, message: checkHeldMessage(value) })
      } catch {
        // One damaged record must not stop the person from settling the others.
        damaged.push(key)
      }
    }
    return { messages, damaged }
  }

  private async drop (keys: string[]): Promise<void> {
    if (keys.length > 0) await this.store.held.batch(keys.map(key => ({ type: 'del' as const, key })))
  }
}

function range (sender: string): { gt: string, lt: string } {
  return { gt: `${sender}\x00`, lt: `${sender}\x01` }
}
