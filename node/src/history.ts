import type { NodeStore } from './node-store.js'

/** Where a message stands, from the sender's point of view (or `received` for incoming ones). */
export type MessageState = 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'received'

/** A message in local history. */
export interface StoredMessage {
  /** Message id, hex (128 random bits). */
  id: string
  conversation: string
  direction: 'in' | 'out'
  sender: string
  text: string
  sentAt: number
  /** When this device stored it. */
  storedAt: number
  state: MessageState
  /** How it travelled: through the recipient's relay mailbox, or directly. */
  path?: 'relay' | 'direct'
  error?: string
}

/** Conversations and their messages, in order, with de-duplication by message id. */
export class History {
  private readonly adding = new Map<string, Promise<boolean>>()

  constructor (private readonly store: NodeStore) {}

  /** Adds a message; returns false (and changes nothing) if its id is already stored. */
  async add (message: StoredMessage): Promise<boolean> {
    // One message can arrive twice at once (directly and from the mailbox): check-then-write per id.
    const previous = this.adding.get(message.id) ?? Promise.resolve(false)
    const current = previous.catch(() => false).then(async () => await this.addOnce(message))
    this.adding.set(message.id, current)
    try {
      return await current
    } finally {
      if (this.adding.get(message.id) === current) this.adding.delete(message.id)
    }
  }

  private async addOnce (message: StoredMessage): Promise<boolean> {
    if (await this.store.messageIndex.get(message.id) !== undefined) return false
    const key = `${message.conversation}\x00${message.sentAt.toString().padStart(15, '0')}\x00${message.id}`
    await this.store.level.batch([
      { type: 'put', sublevel: this.store.messages, key, value: message },
      { type: 'put', sublevel: this.store.messageIndex, key: message.id, value: key }
    ])
    return true
  }

  /** Whether a message id is already stored. */
  async has (id: string): Promise<boolean> {
    return await this.store.messageIndex.get(id) !== undefined
  }

  /** Updates a stored message's state. */
  async setState (id: string, state: MessageState, error?: string): Promise<StoredMessage | undefined> {
    const key = await this.store.messageIndex.get(id)
    if (key === undefined) return undefined
    const message = await this.store.messages.get(key) as StoredMessage | undefined
    if (message === undefined) return undefined
    // An error belongs to the state it came with: a later state without one clears it.
    const { error: _previous, ...rest } = message
    const updated: StoredMessage = { ...rest, state, ...(error !== undefined ? { error } : {}) }
    await this.store.messages.put(key, updated)
    return updated
  }

  /** Messages of one conversation, oldest first (the last `limit`). */
  async conversation (conversation: string, limit = 1000): Promise<StoredMessage[]> {
    const out: StoredMessage[] = []
    for await (const value of this.store.messages.values({ gt: `${conversation}\x00`, lt: `${conversation}\x01`, reverse: true, limit })) out.push(value as StoredMessage)
    return out.reverse()
  }

  /** Conversation ids with their latest message. */
  async conversations (): Promise<Array<{ conversation: string, last: StoredMessage }>> {
    const latest = new Map<string, StoredMessage>()
    for await (const value of this.store.messages.values()) {
      const m = value as StoredMessage
      latest.set(m.conversation, m)
    }
    return [...latest.entries()].map(([conversation, last]) => ({ conversation, last }))
  }
}
