import { constantTimeEqual, fromHex, LAN_DOMAIN, type DeviceBundle } from '@parley/protocol'
import { IdentityChangedError, NodeError } from '../errors.js'
import type { Contacts } from '../contacts.js'
import type { PeerNetwork } from '../delivery/network.js'
import type { LanPeers } from '../lan.js'

/**
 * LAN mode: users' devices are those that introduced themselves on this network (names are
 * claims, held to the pinned key), and there is no relay: what no device took is not delivered.
 */
export class LanNetwork implements PeerNetwork {
  readonly relayed = false
  /** The devices met here, once the host listens. */
  peers?: LanPeers

  constructor (private readonly components: { contacts: Contacts }, readonly address: string) {}

  /** {@inheritDoc PeerNetwork.reachable} */
  reachable (canonical: string, domain: string): string {
    if (domain !== LAN_DOMAIN) throw new NodeError('UNSUPPORTED', `${canonical} is not on this network: in LAN mode addresses are name@${LAN_DOMAIN}`)
    return canonical
  }

  /** {@inheritDoc PeerNetwork.prefetch} */
  async prefetch (): Promise<void> {
    // The devices met here are known already: there is nothing to fetch.
  }

  /**
   * The devices that introduced themselves as `address`, held to the pinned key. Several keys
   * claiming one unpinned name is refused: the user must find out who is who first.
   */
  async lookup (address: string): Promise<DeviceBundle[]> {
    const { contacts } = this.components
    if (address === this.address) throw new NodeError('BAD_INPUT', `${address} is this device's own name on this network`)
    const claims = this.peers?.bundlesOf(address) ?? []
    const first = claims[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has not been seen on this network`)
    const pinned = await contacts.get(address)
    if (pinned !== undefined) {
      // Only the devices under the pinned key; others claiming the name were announced as such
      // ('peer' events with keyChanged) and cannot cut the real one off.
      const matching = claims.filter(b => constantTimeEqual(b.identityKey, fromHex(pinned.identityKey)))
      if (matching.length > 0) return matching
      // Nobody here under the pinned key: the new one waits for the user (a compared safety number).
      await contacts.check(address, first.identityKey)
      throw new IdentityChangedError(address)
    }
    if (!claims.every(b => constantTimeEqual(b.identityKey, first.identityKey))) {
      throw new NodeError('NO_KEYS', `${claims.length} devices on this network call themselves ${address}: ask the person you mean for their safety number and give it (/verify ${address} <digits>) to pick theirs`)
    }
    await contacts.check(address, first.identityKey)
    return claims
  }

  /** {@inheritDoc PeerNetwork.isDeviceOf} */
  async isDeviceOf (user: string, peerId: string, identityKey: Uint8Array): Promise<boolean> {
    return user !== this.address && (this.peers?.bundlesOf(user) ?? []).some(b => b.peerId === peerId && constantTimeEqual(b.identityKey, identityKey))
  }

  /** Any device claiming the name: a compared safety number is how to pick the right one. */
  async candidates (peer: string): Promise<Uint8Array[]> {
    return (this.peers?.bundlesOf(peer) ?? []).map(b => b.identityKey)
  }

  /** {@inheritDoc PeerNetwork.fallback} */
  async fallback (to: string, _envelope: Uint8Array, kind: 'text' | 'receipt' | 'profile'): Promise<void> {
    if (kind === 'text') throw new NodeError('PEER_UNREACHABLE', `${to} did not answer on this network; nothing was delivered (there is no relay to keep it in LAN mode)`)
    throw new NodeError('PEER_UNREACHABLE', `${to} did not answer on this network`)
  }
}
