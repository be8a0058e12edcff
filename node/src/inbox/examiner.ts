import { LruCache, UnsupportedKindError, constantTimeEqual, fromHex, inspectEnvelope, isProtocolError, toBase64, toHex, type Content, type DeviceBundle, type OpenedEnvelope } from '@parley/protocol'
import { IdentityChangedError, NodeError, RejectedContentError, RelayRequestError, failureKind } from '../errors.js'
import type { Clock } from '../components.js'
import type { Contacts } from '../contacts.js'
import type { DeviceCrypto } from '../crypto/device-crypto.js'
import type { PeerNetwork } from '../delivery/network.js'
import type { Directory } from '../trust/directory.js'
import type { HeldMessage } from '../trust/held.js'

/** Changed-key envelopes whose first examination is remembered (~100 bytes each). */
const MAX_DEFERRED_CHANGED_KEYS = 10_000

/** What `examine` found out about one incoming envelope. */
export type Examined =
  | { type: 'opened', messageId: Uint8Array, messageIdHex: string, content: Content }
  | { type: 'held', messageId: Uint8Array, held: HeldMessage }
  | { type: 'rejected', messageId: Uint8Array, error: unknown, sender?: { sender: string, conversation: string } }
  | { type: 'refused', messageId: Uint8Array, reason: string }
  | { type: 'retry' }

function rejection (messageId: Uint8Array, error: unknown, sender?: { sender: string, conversation: string }): Examined {
  return { type: 'rejected', messageId, error, ...(sender !== undefined ? { sender } : {}) }
}



/** What the examiner is built from. */
export interface ExaminerComponents {
  crypto: DeviceCrypto
  contacts: Contacts
  directory: Directory
  /** The network in use now (the relay's, or LAN mode's). */
  network: () => PeerNetwork
  clock: Clock
}

/** Who this device is, for checking what it receives. */
export interface ExaminerInit {
  /** This user's address, once known. */
  self: () => string | undefined
  identityKey: Uint8Array
  /** Looks a sender up (pinning them on first use) when they are not a contact yet. */
  lookup: (address: string) => Promise<DeviceBundle[]>
}

/**
 * The inbox's first step: opens and checks each incoming envelope without storing anything, and
 * says what to do with it (keep, hold, reject, refuse, or try again later).
 */
export class Examiner {
  /** When a changed-key envelope was first examined here, by message id (see examineChangedKey). */
  private readonly firstSeen = new LruCache<string, number>(MAX_DEFERRED_CHANGED_KEYS)

  constructor (private readonly components: ExaminerComponents, private readonly init: ExaminerInit) {}

  /**
   * Opens and checks one envelope, without storing anything: `opened` (ready to keep), `held` (its
   * sender's identity key changed), `rejected` (final: it can never be read), `retry` (passing:
   * leave it for the next fetch) or, on a direct stream (`remotePeer`), `refused` (the connection
   * is not the sender's device; the envelope itself may be genuine and come by the mailbox).
   */
  async examine (envelope: Uint8Array, path: 'relay' | 'direct', remotePeer?: string): Promise<Examined> {
    let messageId: Uint8Array
    try {
      messageId = inspectEnvelope(envelope).messageId
    } catch {
      // Without a readable message id it cannot even be acknowledged; the relay's expiry removes it.
      return { type: 'retry' }
    }
    let claimed: string | undefined
    let opened: OpenedEnvelope
    try {
      opened = await this.openFor(envelope, async sender => { claimed = sender; return await this.identityOf(sender) })
    } catch (err) {
      if (failureKind(err) === 'passing') return { type: 'retry' }
      if (isProtocolError(err, 'BAD_SIGNATURE') && claimed !== undefined) {
        try {
          const held = await this.examineChangedKey(envelope, messageId, claimed, path, remotePeer)
          if (held !== undefined) return held
        } catch (heldErr) {
          if (failureKind(heldErr) === 'passing') return { type: 'retry' }
        }
      }
      // An unknown kind is refused after the signature checked: its sender is proven.
      if (err instanceof UnsupportedKindError && err.sender !== this.init.self()) return rejection(messageId, err, { sender: err.sender, conversation: err.sender })
      return rejection(messageId, err)
    }
    const { content } = opened
    if (remotePeer !== undefined && (content.sender === this.init.self() || content.senderDevice !== remotePeer)) {
      // The Noise-authenticated PeerId must be the device the content names (own devices never send directly).
      return { type: 'refused', messageId, reason: 'the connection is not from a device of the sender' }
    }
    try {
      if (!await this.components.network().isDeviceOf(content.sender, content.senderDevice, content.senderIdentityKey)) {
        throw new RejectedContentError(`it was not sent from a device ${content.sender} signed for`)
      }
    } catch (err) {
      if (failureKind(err) === 'passing') return { type: 'retry' }
      return rejection(messageId, err, this.knownSender(content))
    }
    return { type: 'opened', messageId, messageIdHex: opened.header.messageIdHex, content }
  }

  /** Opens an envelope addressed to this user and device, checking its sender against `identityOf`. */
  private async openFor (envelope: Uint8Array, identityOf: (sender: string) => Promise<Uint8Array | undefined>): Promise<OpenedEnvelope> {
    return await this.components.crypto.open(envelope, { ...(this.init.self() !== undefined ? { expectedRecipient: this.init.self() } : {}), identityOf })
  }

  /**
   * An envelope whose signature does not verify under the key pinned for `sender`: held if it
   * verifies under the key the directory now publishes for them, from a device signed under that
   * key; undefined if it is simply not genuine.
   */
  private async examineChangedKey (envelope: Uint8Array, messageId: Uint8Array, sender: string, path: 'relay' | 'direct', remotePeer?: string): Promise<Examined | undefined> {
    // Without a directory (LAN mode) there is nothing to learn a changed key from.
    if (sender === this.init.self() || !this.components.network().relayed) return undefined
    const pinned = await this.components.contacts.get(sender)
    if (pinned === undefined) return undefined
    const pinnedKey = fromHex(pinned.identityKey)
    // The cached device list first (see Directory): one lookup per sender, not one per envelope.
    const directory = this.components.directory
    const id = toHex(messageId)
    const seen = this.firstSeen.get(id) ?? this.components.clock.now()
    let { entry, fetched, source } = await directory.recent(sender, pinnedKey)
    let found: { opened: OpenedEnvelope, published: Uint8Array, bundles: DeviceBundle[] } | undefined
    for (let attempt = 0; attempt < 2 && found === undefined; attempt++) {
      if (attempt > 0) {
        // A list fetched for this envelope that shows no usable key: it is not genuine. Nor is
        // one fetched after this envelope was first seen here: a device publishes its key before
        // it sends under it, so that list would show it.
        if (fetched || entry.at > seen) { this.firstSeen.delete(id); return undefined }
        // A list the directory may not be asked to refresh yet (checked or fetched within the
        // minute) may predate the change: judged later, when it may, so nothing genuine is lost.
        if (source === 'throttled' || !directory.stale(entry)) { this.firstSeen.set(id, seen); return { type: 'retry' } }
        entry = await directory.fetch(sender)
        fetched = true
      }
      const published = entry.bundles[0]?.identityKey
      if (published === undefined || constantTimeEqual(published, pinnedKey)) continue
      try {
        found = { opened: await this.openFor(envelope, async s => s === sender ? published : undefined), published, bundles: entry.bundles }
      } catch (err) {
        if (!isProtocolError(err)) throw err
      }
    }
    this.firstSeen.delete(id)
    if (found === undefined) return undefined
    const { opened, published, bundles } = found
    const { content } = opened
    if (!bundles.some(b => b.peerId === content.senderDevice) || (remotePeer !== undefined && content.senderDevice !== remotePeer)) return undefined
    // The contact learns of the new key, as a lookup would have told it.
    await this.components.contacts.check(sender, published).catch(err => { if (!(err instanceof IdentityChangedError)) throw err })
    return {
      type: 'held',
      messageId,
      held: {
        id: opened.header.messageIdHex,
        sender,
        senderDevice: content.senderDevice,
        identityKey: toHex(published),
        sentAt: content.sentAt,
        conversation: content.conversation,
        kind: content.kind,
        body: toBase64(content.body),
        path,
        heldAt: this.components.clock.now()
      }
    }
  }

  /** Where a notice about a rejected content of an authenticated sender goes: their conversation, or for an own copy, the copy's. */
  knownSender (content: Content): { sender: string, conversation: string } {
    return { sender: content.sender, conversation: content.sender === this.init.self() ? content.conversation : content.sender }
  }

  /** The identity key to check a sender against: the pinned one, else the directory's (then pinned). */
  private async identityOf (sender: string): Promise<Uint8Array | undefined> {
    if (sender === this.init.self()) return this.init.identityKey
    const pinned = await this.components.contacts.get(sender)
    if (pinned !== undefined) return fromHex(pinned.identityKey)
    try {
      const bundles = await this.init.lookup(sender)
      return bundles[0]?.identityKey
    } catch (err) {
      // Only a definite "no such user or keys" makes the message unreadable; anything passing
      // (an unreachable or overloaded relay) leaves it in the mailbox for the next try.
      if (err instanceof RelayRequestError) { if (err.relayCode === 'NOT_FOUND') return undefined; throw err }
      if (err instanceof NodeError && (err.code === 'NO_KEYS' || err.code === 'UNSUPPORTED')) return undefined
      throw err
    }
  }
}
