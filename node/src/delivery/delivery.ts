/**
 * The one place that picks the path of a sealed envelope: a direct link to every device of the
 * recipient, else the network's fallback (the mailbox; nothing in LAN mode). Receipts and copies
 * to this user's other devices are sealed and sent here too.
 */
import { LruCache, type DeviceBundle, type Content } from '@parley/protocol'
import { CONTACT_NOTE_INTERVAL_MS } from '../constants.js'
import type { CallOptions } from '../account/keyless.js'
import type { Clock } from '../components.js'
import type { DeviceCrypto, Sealed } from '../crypto/device-crypto.js'
import type { RelayLink } from '../relay/connection.js'
import type { DirectLinks } from './direct-links.js'
import type { PeerNetwork } from './network.js'
import type { SealedText } from './outgoing.js'

/** Contacts whose last note to the relay is remembered (one forgotten is noted again, once). */
const MAX_NOTED_CONTACTS = 4096

/** What delivery is built from. */
export interface DeliveryComponents {
  crypto: Pick<DeviceCrypto, 'seal' | 'reseal'>
  relay: RelayLink
  clock: Clock
}

/** The node's parts delivery goes through. */
export interface DeliveryInit {
  /** The network in use (the relay's, or LAN mode's). */
  network: () => PeerNetwork
  /** Direct streams to other devices. */
  links: Pick<DirectLinks, 'send'>
  /** This user's address. */
  self: () => string
  /** This device's PeerId (left out of the copies to this user's devices). */
  deviceId: string
  /** The verified device bundles of a user (the directory's cached list while it holds). */
  bundles: (address: string, options: CallOptions) => Promise<DeviceBundle[]>
  /** Work started without waiting for it, so close() can let it finish. */
  track: (work: Promise<void>) => void
}

/** Options of a seal: the bundles when already looked up, and the id and time of a message written earlier. */
export interface SealOptions { bundles?: DeviceBundle[], messageId?: Uint8Array, sentAt?: number }

/** Seals for devices and sends what was sealed on the one path that can take it. */
export class Delivery {
  /** When the relay was last told that this user writes to a contact peer to peer, by address. */
  private readonly notedContacts = new LruCache<string, number>(MAX_NOTED_CONTACTS)

  constructor (private readonly components: DeliveryComponents, private readonly init: DeliveryInit) {}

  /** Seals `body` as a `kind` content for every device of `to`. */
  async seal (to: string, kind: 'text' | 'receipt' | 'file' | 'profile', body: Uint8Array, options: SealOptions = {}): Promise<Sealed> {
    const bundles = options.bundles ?? await this.init.bundles(to, {})
    return await this.components.crypto.seal({ sender: this.init.self(), recipient: to, conversation: to, kind, body, bundles, ...(options.messageId !== undefined ? { messageId: options.messageId } : {}), ...(options.sentAt !== undefined ? { sentAt: options.sentAt } : {}) })
  }

  /**
   * Seals `body` as a `kind` content for every device of `to` and sends it over direct links that
   * are already open to every device (no new dial for this), else to the mailbox; resolves once it
   * went (for the mailbox: once the relay stored it durably).
   */
  async deposit (to: string, kind: 'text' | 'receipt' | 'profile', body: Uint8Array, options: SealOptions = {}): Promise<Sealed> {
    const bundles = options.bundles ?? await this.init.bundles(to, {})
    const sealed = await this.seal(to, kind, body, { ...options, bundles })
    const network = this.init.network()
    // Without a relay, a direct link is the only way: it may be dialled for this.
    if (!await this.init.links.send(bundles.map(b => b.peerId), sealed.bytes, sealed.messageId, { dial: !network.relayed })) {
      await network.fallback(to, sealed.bytes, kind, {})
    }
    return sealed
  }

  /** Delivers a sealed text: directly when every device answers (dialling if need be), else by the fallback; says which. */
  async deliverText (to: string, bundles: DeviceBundle[], sealed: SealedText, messageId: Uint8Array, options: CallOptions = {}): Promise<'direct' | 'relay'> {
    if (await this.init.links.send(bundles.map(b => b.peerId), sealed.bytes, messageId)) {
      this.noteContact(to)
      return 'direct'
    }
    await this.init.network().fallback(to, sealed.bytes, 'text', options)
    return 'relay'
  }

  /**
   * Copies a sent message to this user's other devices in a separate envelope addressed to the
   * user, so the relay cannot link the sender's devices to the recipient's mail.
   */
  async copyToOwnDevices (content: Content, messageId: Uint8Array, expiresAt: number): Promise<void> {
    if (!this.init.network().relayed) return
    const self = this.init.self()
    const own = (await this.init.bundles(self, {})).filter(b => b.peerId !== this.init.deviceId)
    if (own.length === 0) return
    const copy = await this.components.crypto.reseal(self, content, own, expiresAt, messageId)
    await this.components.relay.request({ type: 'deposit', envelope: copy, contact: true }, 'deposited')
  }

  /**
   * Tells the home relay (at most once per CONTACT_NOTE_INTERVAL_MS) that this user writes to
   * `peer` by choice, for a text it never saw because it went peer to peer: otherwise `peer`
   * would meet a stranger's mailbox limits the first time this user is offline. Best effort.
   */
  private noteContact (peer: string): void {
    if (!this.init.network().relayed) return
    const now = this.components.clock.now()
    const at = this.notedContacts.get(peer)
    if (at !== undefined && now - at < CONTACT_NOTE_INTERVAL_MS) return
    this.notedContacts.set(peer, now)
    this.init.track((async () => {
      try {
        await this.components.relay.request({ type: 'note-contact', user: peer }, 'ok')
      } catch {
        // Told with the next direct text instead.
        this.notedContacts.delete(peer)
      }
    })())
  }
}
