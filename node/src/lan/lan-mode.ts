/**
 * LAN mode's start-up: the host listens on TCP and WebSockets, direct links take the LAN route,
 * and this device introduces itself to the others mDNS finds; the network it returns replaces the
 * relay's for good.
 */
import { constantTimeEqual, formatAddress, fromHex, isValidName, signBundle, LAN_DOMAIN, type DeviceBundle, type Ed25519 } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { Contacts } from '../contacts.js'
import type { DirectLinks } from '../delivery/direct-links.js'
import type { DirectServer } from '../delivery/direct-server.js'
import type { NodeEvents } from '../events.js'
import type { KeyMaterial } from '../keystore.js'
import type { PeerHost } from '../peer-host.js'
import { LanNetwork } from './lan-network.js'
import { lanRoute } from './lan-route.js'
import type { PrivateKey } from '@libp2p/interface'

/** What LAN mode starts from. */
export interface LanModeComponents {
  host: PeerHost
  links: Pick<DirectLinks, 'use' | 'reachable'>
  server: Pick<DirectServer, 'handle'>
  contacts: Contacts
  events: NodeEvents
  peerKey: PrivateKey
  keys: KeyMaterial
  /** The node's Ed25519, for checking introductions (the stateless one without it). */
  ed25519?: Ed25519
}

/** A device met on the local network, with what this device knows of it. */
export interface LanPeerInfo { address: string, peerId: string, verified: boolean, keyChanged: boolean }

/** LAN mode once started: its network, and the devices met so far. */
export interface LanMode {
  network: LanNetwork
  /** The devices met on this network, with what this device knows of each. */
  peers: () => Promise<LanPeerInfo[]>
}

/** Starts LAN mode as `name@lan` (see ParleyNode.startLan). */
export async function startLanMode (components: LanModeComponents, options: { name: string, listen?: string[] }): Promise<LanMode> {
  const { host, links, server, contacts, events, peerKey, keys } = components
  if (host.claimed) throw new NodeError('UNSUPPORTED', 'this node is already connected through a relay; LAN mode needs a node of its own')
  const name = options.name.trim().toLowerCase()
  if (!isValidName(name)) throw new NodeError('BAD_INPUT', `"${options.name}" is not a usable name: letters, digits, dot, dash or underscore, at most 32`)
  const { createLanHost, DEFAULT_LAN_LISTEN, LanPeers } = await loadLanModule()
  const network = new LanNetwork({ contacts }, formatAddress(name, LAN_DOMAIN))
  let libp2p
  try {
    libp2p = await host.claim(async () => await createLanHost(peerKey, options.listen ?? DEFAULT_LAN_LISTEN))
  } catch (err: any) {
    if (err instanceof NodeError) throw err
    throw new NodeError('BAD_INPUT', `cannot listen on the local network: ${err?.message ?? err}`, { cause: err })
  }
  // Direct links are the only way out on the LAN.
  links.use(lanRoute())
  await server.handle(libp2p)
  const peerId = peerKey.publicKey.toString()
  const bundle = signBundle({ user: network.address, identityKey: keys.identity.publicKey, peerId, rsaPublicKey: keys.rsa.publicKey, createdAt: Date.now() }, keys.identity.privateKey)
  const seen = async (b: DeviceBundle): Promise<void> => {
    // It introduced itself just now: it is reachable, whatever happened to earlier dials.
    links.reachable(b.peerId)
    events.emit({ type: 'peer', address: b.user, peerId: b.peerId, ...await trustOf(contacts, b) })
  }
  network.peers = new LanPeers(libp2p, network.address, bundle, b => { seen(b).catch(() => {}) }, message => { events.emit({ type: 'warning', message }) }, undefined, components.ed25519)
  await network.peers.start()
  return {
    network,
    peers: async () => {
      const out: LanPeerInfo[] = []
      for (const b of network.peers?.all() ?? []) out.push({ address: b.user, peerId: b.peerId, ...await trustOf(contacts, b) })
      return out
    }
  }
}

/** Whether a device's claimed identity is the pinned (and verified) one of its name. */
async function trustOf (contacts: Contacts, bundle: DeviceBundle): Promise<{ verified: boolean, keyChanged: boolean }> {
  const contact = await contacts.get(bundle.user)
  const same = contact !== undefined && constantTimeEqual(fromHex(contact.identityKey), bundle.identityKey)
  return { verified: same && contact.verified, keyChanged: contact !== undefined && !same }
}

/**
 * LAN mode's module (TCP, mDNS: Node only), loaded by a specifier bundlers do not follow, so a
 * browser build of this package never pulls it in.
 */
async function loadLanModule (): Promise<typeof import('../lan.js')> {
  const specifier = '../lan.js'
  return await import(/* @vite-ignore */ specifier)
}
