import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { mdns } from '@libp2p/mdns'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { lpStream } from '@libp2p/utils'
import { lengthPrefixOptions } from '@parley/protocol'
import { LAN_DOMAIN, LAN_HELLO_PROTOCOL, MAX_BUNDLE_BYTES, parseAddress, verifyBundle, type DeviceBundle, type Ed25519 } from '@parley/protocol'
import type { Connection, PeerId, PrivateKey, Stream } from '@libp2p/interface'

/** Where a LAN node listens by default: every IPv4 interface, TCP and WebSockets, ports chosen by the system. */
export const DEFAULT_LAN_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']
/** The mDNS service name Parley nodes announce themselves under. */
const SERVICE_TAG = '_parley._udp.local'
/** How long one introduction may take. */
const HELLO_TIMEOUT_MS = 10_000
/** The higher PeerId of two waits this long for the lower one to dial before dialling itself. */
const SECOND_DIAL_DELAY_MS = 2_000
/** A device that could not be greeted is not tried again sooner than this. */
const RETRY_GREETING_MS = 30_000
/** Most devices remembered (the least recently introduced are forgotten first): keys and PeerIds cost an attacker nothing. */
export const MAX_LAN_DEVICES = 256

/** A LAN libp2p host: TCP and WebSockets listeners, mDNS discovery (unless `mdnsDiscovery` is false), no relay. */
export async function createLanHost (privateKey: PrivateKey, listen: string[], options: { mdnsDiscovery?: boolean } = {}): Promise<Libp2p> {
  return await createLibp2p({
    privateKey,
    addresses: { listen },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: options.mdnsDiscovery === false ? [] : [mdns({ serviceTag: SERVICE_TAG, interval: 10_000 })],
    services: { identify: identify(), ping: ping() }
  })
}

/**
 * The devices met on the local network, as they introduced themselves: signed bundles whose
 * PeerId is the one Noise authenticated on the connection they came over. A name is only a claim;
 * several devices may claim one, and only a compared safety number settles who is who.
 */
export class LanPeers {
  /** Bundles by address, then by PeerId (the latest introduction of each device). */
  private readonly byAddress = new Map<string, Map<string, DeviceBundle>>()
  /** PeerIds introduced, least recently first (a Map keeps insertion order). */
  private readonly greeted = new Map<string, string>()
  /** When a greeting was last attempted, by PeerId; bounded like `greeted`. */
  private readonly attempted = new Map<string, number>()

  constructor (
    private readonly libp2p: Libp2p,
    /** This device's address (`name@lan`) and its signed bundle. */
    private readonly ownUser: string,
    private readonly ownBundle: Uint8Array,
    private readonly onPeer: (bundle: DeviceBundle) => void,
    private readonly onWarning: (message: string) => void,
    private readonly maxDevices = MAX_LAN_DEVICES,
    /** The node's Ed25519 (keys imported once); the stateless one without it. */
    private readonly ed25519?: Ed25519
  ) {}

  /** Answers introductions and introduces this device to every Parley node mDNS finds. */
  async start (): Promise<void> {
    await this.libp2p.handle(LAN_HELLO_PROTOCOL, (stream, connection) => { void this.answer(stream, connection) }, { maxInboundStreams: 4 })
    this.libp2p.addEventListener('peer:discovery', evt => { this.discovered(evt.detail.id) })
  }

  /** The devices that introduced themselves as `address`. */
  bundlesOf (address: string): DeviceBundle[] {
    return [...this.byAddress.get(address)?.values() ?? []]
  }

  /** Every device met so far. */
  all (): DeviceBundle[] {
    return [...this.byAddress.values()].flatMap(m => [...m.values()])
  }

  /** Introduces this device to `peer` now (dialling it if needed). */
  async greet (peer: PeerId): Promise<DeviceBundle> {
    const signal = AbortSignal.timeout(HELLO_TIMEOUT_MS)
    const connection = await this.libp2p.dial(peer, { signal })
    const stream = await connection.newStream(LAN_HELLO_PROTOCOL, { signal })
    const lp = lpStream(stream, lengthPrefixOptions(MAX_BUNDLE_BYTES))
    try {
      await lp.write(this.ownBundle, { signal })
      const theirs = await lp.read({ signal })
      const bundle = await this.accept(theirs.subarray(), connection)
      await stream.close()
      return bundle
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error('introduction failed'))
      throw err
    }
  }

  private discovered (peer: PeerId): void {
    const id = peer.toString()
    if (this.greeted.has(id)) return
    const last = this.attempted.get(id)
    if (last !== undefined && Date.now() - last < RETRY_GREETING_MS) return
    this.attempted.delete(id)
    this.attempted.set(id, Date.now())
    if (this.attempted.size > this.maxDevices) this.attempted.delete(this.attempted.keys().next().value as string)
    // One dial per pair: the lower PeerId dials, the higher one only if nothing came by then.
    const delay = this.libp2p.peerId.toString() < id ? 0 : SECOND_DIAL_DELAY_MS
    setTimeout(() => {
      if (this.greeted.has(id) || this.libp2p.status !== 'started') return
      this.greet(peer).catch((err: any) => {
        // mDNS also finds libp2p nodes that are not Parley devices; only a failed Parley greeting is worth saying.
        if (err?.name !== 'UnsupportedProtocolError') this.onWarning(`could not introduce this device to ${id}: ${err?.message ?? err}`)
      })
    }, delay)
  }

  private async answer (stream: Stream, connection: Connection): Promise<void> {
    const signal = AbortSignal.timeout(HELLO_TIMEOUT_MS)
    const lp = lpStream(stream, lengthPrefixOptions(MAX_BUNDLE_BYTES))
    try {
      const theirs = await lp.read({ signal })
      await this.accept(theirs.subarray(), connection)
      await lp.write(this.ownBundle, { signal })
      await stream.close()
    } catch (err: any) {
      stream.abort(err instanceof Error ? err : new Error('introduction failed'))
      this.onWarning(`refused an introduction from ${connection.remotePeer.toString()}: ${err?.message ?? err}`)
    }
  }

  /** Checks an introduction: signature, a `name@lan` user, and the PeerId the connection proved. */
  private async accept (bytes: Uint8Array, connection: Connection): Promise<DeviceBundle> {
    const bundle = await verifyBundle(bytes, this.ed25519 !== undefined ? { ed25519: this.ed25519 } : {})
    let domain: string
    try { domain = parseAddress(bundle.user).relay } catch { domain = '' }
    if (domain !== LAN_DOMAIN) throw new Error(`the introduction is for ${bundle.user}, not a name@${LAN_DOMAIN} address`)
    const remote = connection.remotePeer.toString()
    if (bundle.peerId !== remote) throw new Error(`the introduction names device ${bundle.peerId}, but the connection is from ${remote}`)
    if (bundle.user === this.ownUser) throw new Error(`the device ${remote} uses this device's own name, ${bundle.user}`)
    const before = this.greeted.get(remote)
    const known = before !== undefined ? this.byAddress.get(before)?.get(remote) : undefined
    if (known !== undefined && known.createdAt > bundle.createdAt) throw new Error('an older introduction than the one already seen')
    // A device that now goes by another name no longer answers to the old one.
    if (before !== undefined && before !== bundle.user) this.forget(remote)
    const devices = this.byAddress.get(bundle.user) ?? new Map<string, DeviceBundle>()
    devices.set(remote, bundle)
    this.byAddress.set(bundle.user, devices)
    this.greeted.delete(remote)
    this.greeted.set(remote, bundle.user)
    while (this.greeted.size > this.maxDevices) this.forget(this.greeted.keys().next().value as string)
    this.onPeer(bundle)
    return bundle
  }

  /** Drops everything known of one device. */
  private forget (peerId: string): void {
    const address = this.greeted.get(peerId)
    this.greeted.delete(peerId)
    if (address === undefined) return
    const devices = this.byAddress.get(address)
    devices?.delete(peerId)
    if (devices?.size === 0) this.byAddress.delete(address)
  }
}
