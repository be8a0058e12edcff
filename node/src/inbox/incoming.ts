/**
 * Incoming messages: what the examiner found is kept, held or recorded as rejected, in the order
 * it came; mailbox pages are acknowledged and receipted; held messages are released once their
 * sender's key is accepted.
 */
import { constantTimeEqual, fromBase64, fromHex, toHex, type Content, type MailItem } from '@parley/protocol'
import { OPEN_CONCURRENCY } from '../constants.js'
import { shownContent } from '../files/attachment.js'
import { RejectedContentError, failureKind } from '../errors.js'
import { mapLimit } from '../map-limit.js'
import type { Clock } from '../components.js'
import type { Contacts } from '../contacts.js'
import type { NodeEvents } from '../events.js'
import type { History, StoredMessage } from '../history.js'
import type { RelayLink } from '../relay/connection.js'
import type { HeldMessages } from '../trust/held.js'
import type { Examined, Examiner } from './examiner.js'
import type { Receipts } from './receipts.js'
import type { RejectionNotices } from './rejection-notices.js'

/** Where a message came in: from the mailbox or over a direct stream. */
export type IncomingPath = 'relay' | 'direct'

/** What one mailbox page came to: the new messages, and whether every envelope was acknowledged. */
export interface AcceptedPage { accepted: StoredMessage[], complete: boolean }

/** What the inbox is built from. */
export interface IncomingComponents {
  history: History
  contacts: Contacts
  held: HeldMessages
  notices: RejectionNotices
  receipts: Pick<Receipts, 'apply' | 'send' | 'queueDelivered'>
  relay: RelayLink
  events: NodeEvents
  clock: Clock
}

/** The node's parts the inbox goes through. */
export interface IncomingInit {
  /** Opens and checks envelopes. */
  examiner: Pick<Examiner, 'examine' | 'knownSender'>
  /** This user's address, once known (a message from it is a copy of one sent from another device). */
  self: () => string | undefined
  /** A device just sent something: it is probably online, so a direct dial to it is worth a try again. */
  reachable: (peerId: string) => void
  /** Takes a group content that came 1:1 (a sender key, an invitation, a manage key). */
  groups: { takeDirect: (content: Content) => Promise<void> }
  /** Takes a profile key that came 1:1. */
  profiles: { take: (sender: string, body: Uint8Array) => Promise<void> }
}

type Settled = { acknowledge: boolean, message?: StoredMessage, rejected?: string }

/** Takes in envelopes from the mailbox and from direct streams. */
export class Incoming {
  /** Mailbox pages are taken in one after another. */
  private processing: Promise<void> = Promise.resolve()

  constructor (private readonly components: IncomingComponents, private readonly init: IncomingInit) {}

  /** Resolves once the pages being taken in are done (for close). */
  async idle (): Promise<void> { await this.processing }

  /**
   * Takes in one page of mail, after the pages before it: every envelope is opened and checked
   * (several at once), then kept, held or recorded as rejected in mailbox order. What cannot be
   * read is acknowledged with the rest; only a passing failure leaves an envelope in the mailbox
   * (`complete` is then false). Nothing one envelope does stops the others.
   */
  async acceptPage (items: MailItem[]): Promise<AcceptedPage> {
    const run = this.processing.then(async () => await this.acceptNow(items))
    this.processing = run.then(() => {}, () => {})
    return await run
  }

  private async acceptNow (items: MailItem[]): Promise<AcceptedPage> {
    // Opening is RSA and signature work on WebCrypto's thread pool: several at once keep it busy.
    // Storing stays in mailbox order.
    const examined = await mapLimit(items, OPEN_CONCURRENCY, async item => await this.init.examiner.examine(item.envelope, 'relay'))
    const accepted: StoredMessage[] = []
    const done: Uint8Array[] = []
    for (const result of examined) {
      if (result.type === 'retry' || result.type === 'refused') continue
      const settled = await this.settle(result, 'relay')
      if (!settled.acknowledge) continue
      done.push(result.messageId)
      if (settled.message !== undefined) accepted.push(settled.message)
    }
    let unacknowledged: unknown
    if (done.length > 0) {
      try {
        await this.components.relay.request({ type: 'ack-mail', messageIds: done }, 'ok')
      } catch (err) {
        unacknowledged = err
      }
    }
    // Stored (acknowledged or not: a later fetch finds them kept and only acknowledges them), so
    // each sender is told their messages arrived.
    await this.components.receipts.send('delivered', accepted.filter(m => m.direction === 'in'))
    if (unacknowledged !== undefined && failureKind(unacknowledged) !== 'passing') throw unacknowledged
    return { accepted, complete: unacknowledged === undefined && done.length === items.length }
  }

  /**
   * Opens and checks one directly received envelope, then (once `turn`, the envelope before it,
   * is done) keeps, holds or records it; returns '' when it is kept or held, else why not (the
   * sender then leaves it in the mailbox, where a rejected one is acknowledged and not recorded twice).
   */
  async acceptDirect (envelope: Uint8Array, remotePeer: string, turn: Promise<void> = Promise.resolve()): Promise<string> {
    const result = await this.init.examiner.examine(envelope, 'direct', remotePeer)
    await turn
    if (result.type === 'retry') return 'could not check the sender right now'
    if (result.type === 'refused') return result.reason
    // Acknowledged now; the delivered receipt (queued by keep) follows without holding up the sender.
    const settled = await this.settle(result, 'direct')
    if (!settled.acknowledge) return 'could not accept the message right now'
    return settled.rejected ?? ''
  }

  /** Delivers the messages held from `peer` that are signed under their pinned key; discards the others. */
  async release (peer: string): Promise<{ delivered: StoredMessage[], discarded: number }> {
    const { contacts, held, notices, receipts } = this.components
    const contact = await contacts.get(peer)
    if (contact === undefined) return { delivered: [], discarded: 0 }
    const accepted = fromHex(contact.identityKey)
    return await held.release(peer, async messages => {
      const delivered: StoredMessage[] = []
      let discarded = 0
      for (const m of messages) {
        try {
          // Decoded inside the try: one record that does not decode is rejected, the rest delivered.
          const key = fromHex(m.identityKey)
          if (!constantTimeEqual(key, accepted)) { discarded++; continue }
          const content: Content = { sender: m.sender, senderDevice: m.senderDevice, senderIdentityKey: key, sentAt: m.sentAt, conversation: m.conversation, kind: m.kind, body: fromBase64(m.body) }
          const message = await this.keep(content, m.id, m.path, false)
          if (message !== undefined) delivered.push(message)
        } catch (err: any) {
          // A passing failure leaves everything held (nothing is removed): accepting again retries.
          if (failureKind(err) === 'passing') throw err
          await notices.record(m.id, err, m.path, { sender: m.sender, conversation: m.sender })
        }
      }
      await receipts.send('delivered', delivered.filter(m => m.direction === 'in'))
      return { delivered, discarded }
    })
  }

  /**
   * Stores what `examine` found, in turn: keeps an opened message, holds a held one, records a
   * rejected one. `acknowledge` is false only on a passing failure (the store, the network), so
   * the envelope is fetched again; a final failure while keeping is recorded as a rejection
   * (`rejected` says why).
   */
  private async settle (result: Exclude<Examined, { type: 'retry' | 'refused' }>, path: IncomingPath): Promise<Settled> {
    const { held, notices, events } = this.components
    try {
      switch (result.type) {
        case 'opened': {
          try {
            const message = await this.keep(result.content, result.messageIdHex, path)
            return message !== undefined ? { acknowledge: true, message } : { acknowledge: true }
          } catch (err) {
            if (failureKind(err) === 'passing') return { acknowledge: false }
            return { acknowledge: true, rejected: await notices.record(result.messageIdHex, err, path, this.init.examiner.knownSender(result.content)) }
          }
        }
        case 'held': {
          const outcome = await held.hold(result.held)
          if (outcome.outcome === 'full') {
            return { acknowledge: true, rejected: await notices.record(result.held.id, 'HELD_FULL', path) }
          } else if (outcome.outcome === 'held') {
            events.emit({ type: 'held', messageId: result.held.id, address: result.held.sender, count: outcome.count })
          }
          return { acknowledge: true }
        }
        case 'rejected':
          return { acknowledge: true, rejected: await notices.record(toHex(result.messageId), result.error, path, result.sender) }
        default:
          return assertNever(result)
      }
    } catch {
      // Could not be written down: fetched again later, so nothing is lost.
      return { acknowledge: false }
    }
  }

  /**
   * Stores an opened content: a text in history (once), a receipt applied. Undefined when already
   * known or not a text. Throws a final error for a content that cannot be read (a text that is
   * not valid UTF-8, a malformed receipt, a kind this device does not know).
   */
  private async keep (content: Content, messageIdHex: string, path: IncomingPath = 'relay', queueReceipt = true): Promise<StoredMessage | undefined> {
    const { history, receipts, events, clock } = this.components
    this.init.reachable(content.senderDevice)
    switch (content.kind) {
      case 'receipt':
        await receipts.apply(content.sender, content.body)
        return undefined
      case 'profile':
        await this.init.profiles.take(content.sender, content.body)
        return undefined
      case 'text':
      case 'file':
        break
      case 'sender-key':
      case 'group-invite':
      case 'group-manage':
      case 'group-change':
      case 'group-state':
        await this.init.groups.takeDirect(content)
        return undefined
      default:
        return assertNever(content.kind)
    }
    const mine = content.sender === this.init.self()
    const message: StoredMessage = {
      id: messageIdHex,
      conversation: mine ? content.conversation : content.sender,
      direction: mine ? 'out' : 'in',
      sender: content.sender,
      ...shownContent(content),
      sentAt: content.sentAt,
      storedAt: clock.now(),
      state: mine ? 'sent' : 'received',
      path
    }
    if (!await history.add(message)) return undefined
    // Queued before anyone hears of it, so a read receipt sent on seeing it cannot overtake it.
    if (queueReceipt && path === 'direct' && message.direction === 'in') receipts.queueDelivered(message)
    events.emit({ type: 'message', message })
    return message
  }
}

function assertNever (value: never): never {
  throw new RejectedContentError(`this device cannot read a content of this kind (${String(value)})`)
}
