import { constantTimeEqual, type DeviceBundle } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { CallOptions } from '../account/keyless.js'
import type { Contacts } from '../contacts.js'
import type { PeerNetwork } from '../delivery/network.js'
import type { RelayLink } from '../relay/connection.js'
import type { Directory } from './directory.js'

/** What the relay's network is built from. */
export interface RelayNetworkComponents {
  directory: Directory
  contacts: Contacts
  relay: RelayLink
}

/** Who this device is on its relay. */
export interface RelayNetworkInit {
  /** This user's address (NOT_REGISTERED without an account). */
  self: () => string | undefined
  /** The relay's name (the domain of its addresses). */
  relayName: () => string
  identityKey: Uint8Array
}

/** The home relay: its directory (cached, pinned on first use) and its mailboxes. */
export class RelayNetwork implements PeerNetwork {
  readonly relayed = true

  constructor (private readonly components: RelayNetworkComponents, private readonly init: RelayNetworkInit) {}

  /** {@inheritDoc PeerNetwork.reachable} */
  reachable (canonical: string, domain: string): string {
    if (domain !== this.init.relayName()) throw new NodeError('UNSUPPORTED', `${canonical} is on another relay (${domain}); federation between relays is not available yet`)
    return canonical
  }

  /** {@inheritDoc PeerNetwork.lookup} */
  async lookup (address: string, options: CallOptions): Promise<DeviceBundle[]> {
    const bundles = await this.components.directory.bundles(address, options)
    const first = bundles[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no valid published keys`)
    if (address === this.init.self()) {
      // Our own keys are known, not learnt: never pin them, and distrust a directory that differs.
      if (!constantTimeEqual(first.identityKey, this.init.identityKey)) throw new NodeError('IDENTITY_CHANGED', 'your account is published under another identity key: another device took it over. Log in again on this device to take it back.')
      return bundles
    }
    await this.components.contacts.check(address, first.identityKey)
    return bundles
  }

  /** {@inheritDoc PeerNetwork.prefetch} */
  async prefetch (addresses: readonly string[], options: CallOptions): Promise<void> {
    const self = this.init.self()
    await this.components.directory.prefetch(addresses.filter(a => a !== self), options)
  }

  /** {@inheritDoc PeerNetwork.isDeviceOf} */
  async isDeviceOf (user: string, peerId: string, identityKey: Uint8Array): Promise<boolean> {
    return await this.components.directory.isDeviceOf(user, peerId, identityKey)
  }

  /** {@inheritDoc PeerNetwork.candidates} */
  async candidates (peer: string, known: boolean, options: CallOptions): Promise<Uint8Array[]> {
    return known ? [] : (await this.lookup(peer, options)).map(b => b.identityKey)
  }

  /** {@inheritDoc PeerNetwork.fallback} */
  async fallback (_to: string, envelope: Uint8Array, kind: 'text' | 'receipt' | 'profile', options: CallOptions): Promise<void> {
    // Only a text is written by choice; receipts must not make the recipient look like a contact.
    await this.components.relay.request({ type: 'deposit', envelope, contact: kind === 'text' }, 'deposited', options)
  }
}
