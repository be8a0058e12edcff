import type { NodeStore } from './node-store.js'
import { KeyLock } from './key-lock.js'
import type { StoredAttachment } from './files/attachment.js'

/**
 * Where a message stands, from the sender's point of view (or `received` for incoming ones);
 * `waiting`: written while the relay could not be reached, kept in the outbox until it can go.
 */
export type MessageState = 'waiting' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'received'

/** How far along each state is; `failed` is below all (a late receipt still moves it on). */
const STATE_RANK: Record<MessageState, number> = { failed: -1, waiting: 0, sending: 0, sent: 1, received: 1, delivered: 2, read: 3 }

/** A message in local history. */
export interface StoredMessage {
  /** Message id, hex (128 random bits). */
  id: string
  conversation: string
  direction: 'in' | 'out'
  sender: string
  /** The message's text; for a file, its caption (empty without one). */
  text: string
  /** A file, photo, video or voice message's attachment. */
  attachment?: StoredAttachment
  sentAt: number
  /** When this device stored it. */
  storedAt: number
  state: MessageState
  /** How it travelled: through the recipient's relay mailbox, or directly. */
  path?: 'relay' | 'direct'
  /** Why it failed to send, as the node's error message, and its code (NodeErrorCode). */
  error?: string
  errorCode?: string
  /**
   * Set on a notice that stands in the conversation for an incoming message that could not be
   * read (its `text` says so, with this reason); it is not a message of the sender's and gets no receipts.
   */
  unreadable?: string
  /** A line saying what a group change did ("alice added bob"): not a message of its sender's, no receipts. */
  system?: boolean
  /** In a group conversation: the message's sequence number in the group's log (for its read state). */
  groupSeq?: number
}

/** Conversations and their messages, in order, with de-duplication by message id. */
export class History {
  private readonly adding = new KeyLock()
  private readonly updating = new KeyLock()

  constructor (private readonly store: NodeStore) {}

  /** Adds a message; returns false (and changes nothing) if its id is already stored. */
  async add (message: StoredMessage): Promise<boolean> {
    // One message can arrive twice at once (directly and from the mailbox): check-then-write per id.
    return await this.adding.run(message.id, async () => await this.addOnce(message))
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

  /** Removes a message by id (a notice that aged out); false if it was not stored. */
  async remove (id: string): Promise<boolean> {
    return await this.adding.run(id, async () => await this.inTurn(id, async () => {
      const key = await this.store.messageIndex.get(id)
      if (key === undefined) return false
      await this.store.level.batch([
        { type: 'del', sublevel: this.store.messages, key },
        { type: 'del', sublevel: this.store.messageIndex, key: id }
      ])
      return true
    }))
  }

  /** Whether a message id is already stored. */
  async has (id: string): Promise<boolean> {
    return await this.store.messageIndex.get(id) !== undefined
  }

  /** Updates a stored message's state (in turn with every other change to that message). */
  async setState (id: string, state: MessageState, error?: string, errorCode?: string): Promise<StoredMessage | undefined> {
    return await this.inTurn(id, async () => await this.write(id, message => {
      // An error belongs to the state it came with: a later state without one clears it.
      const { error: _previous, errorCode: _previousCode, ...rest } = message
      return { ...rest, state, ...(error !== undefined ? { error } : {}), ...(errorCode !== undefined ? { errorCode } : {}) }
    }))
  }

  /** Records how a message travelled. */
  async setPath (id: string, path: 'relay' | 'direct'): Promise<void> {
    await this.inTurn(id, async () => await this.write(id, message => ({ ...message, path })))
  }

  /**
   * Records how an outgoing message travelled and moves it to `sent`, unless a receipt already
   * moved it further: one read and one write, where setPath and advanceTo would take two each.
   */
  async sent (id: string, path: 'relay' | 'direct'): Promise<StoredMessage | undefined> {
    return await this.inTurn(id, async () => await this.write(id, message => {
      if (STATE_RANK.sent <= STATE_RANK[message.state]) return { ...message, path }
      const { error: _e, errorCode: _c, ...rest } = message
      return { ...rest, path, state: 'sent' }
    }))
  }

  /** One message by id. */
  async get (id: string): Promise<StoredMessage | undefined> {
    const key = await this.store.messageIndex.get(id)
    return key === undefined ? undefined : await this.store.messages.get(key) as StoredMessage | undefined
  }

  /**
   * Moves a message forward to `state` if that is further along (sent → delivered → read;
   * received → read); receipts may arrive in any order, and a state never goes back. A `failed`
   * message can still be moved on by a receipt: it got there after all.
   */
  async advance (id: string, state: 'delivered' | 'read'): Promise<StoredMessage | undefined> {
    return await this.move(id, state, true)
  }

  /** Like `advance`, for any state; resolves with the message as it now is (undefined if unknown). */
  async advanceTo (id: string, state: MessageState): Promise<StoredMessage | undefined> {
    return await this.move(id, state, false)
  }

  private async move (id: string, state: MessageState, changedOnly: boolean): Promise<StoredMessage | undefined> {
    return await this.inTurn(id, async () => {
      let moved = false
      const message = await this.write(id, current => {
        if (STATE_RANK[state] <= STATE_RANK[current.state]) return current
        moved = true
        const { error: _e, errorCode: _c, ...rest } = current
        return { ...rest, state }
      })
      return changedOnly && !moved ? undefined : message
    })
  }

  /**
   * Reads a message, changes it with `change` and stores it; undefined if unknown. A `change` that
   * returns the message itself writes nothing. Call inside `inTurn`.
   */
  private async write (id: string, change: (m: StoredMessage) => StoredMessage): Promise<StoredMessage | undefined> {
    const key = await this.store.messageIndex.get(id)
    const message = key === undefined ? undefined : await this.store.messages.get(key) as StoredMessage | undefined
    if (key === undefined || message === undefined) return undefined
    const updated = change(message)
    if (updated !== message) await this.store.messages.put(key, updated)
    return updated
  }

  /** Runs changes to one message one after another, so none overwrites another's. */
  private async inTurn<T> (id: string, fn: () => Promise<T>): Promise<T> {
    return await this.updating.run(id, fn)
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
    // By address: the store orders conversations by a keyed hash of the address, which means nothing to a reader.
    return [...latest.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([conversation, last]) => ({ conversation, last }))
  }
}
