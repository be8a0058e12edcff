import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { DIRECT_PROTOCOL } from '@parley/protocol'
import type { Connection, Libp2p } from '@libp2p/interface'
import { DirectLink } from '../direct-link.js'
import { NodeError } from '../errors.js'
import { DIRECT_ACK_TIMEOUT_MS, DIRECT_CONNECT_TIMEOUT_MS, DIRECT_DIAL_TIMEOUT_MS, DIRECT_RETRY_MAX_MS, DIRECT_RETRY_MIN_MS } from '../constants.js'
import type { Clock } from '../components.js'
import type { NodeEvents } from '../events.js'
import type { RelayEndpoint } from '../relay-client.js'
import { withTimeout } from '../relay/time.js'

/**
 * How direct connections are made and judged: through the home relay's circuit (a mailbox
 * completes what a direct send misses) or on the LAN (no mailbox: any device that took it will do).
 */
export interface DirectRoute {
  /** Why direct sends cannot be tried now, or undefined when they can. */
  unavailable: () => string | undefined
  /** Dials `peerId`. */
  dial: (libp2p: Libp2p, peerId: string, signal: AbortSignal) => Promise<Connection>
  /** Whether devices that failed a dial wait out a back-off (the mailbox is used meanwhile). */
  backoff: boolean
  /** Whether a failed dial started at `marker` says something about the device, not about our own way out. */
  blames: (marker: number) => boolean
  /** What a send to several devices needs: each of them, or any one. */
  needs: 'every' | 'any'
  /** Marks the moment a dial starts (the relay stream's epoch), for `blames`. */
  marker: () => number
}

/** Through the home relay: a circuit to the device, upgraded to WebRTC. */
export function relayCircuitRoute (opts: { home: () => RelayEndpoint, unavailable: () => string | undefined, epoch: () => number, relayOpen: () => boolean }): DirectRoute {
  return {
    unavailable: opts.unavailable,
    dial: async (libp2p, peerId, signal) => {
      const relay = opts.home()
      return await libp2p.dial(relay.multiaddrs.map(a => multiaddr(`${a.includes('/p2p/') ? a : `${a}/p2p/${relay.peerId}`}/p2p-circuit/webrtc/p2p/${peerId}`)), { signal })
    },
    backoff: true,
    // A dial also fails when the home relay went away meanwhile: our outage, not the device's.
    blames: marker => opts.epoch() === marker && opts.relayOpen(),
    needs: 'every',
    marker: opts.epoch
  }
}

/** What the direct links are built from. */
export interface DirectLinksComponents {
  /** The started host, if any (a direct send never starts one). */
  started: () => Libp2p | undefined
  host: () => Promise<Libp2p>
  events: NodeEvents
  clock: Clock
}

/**
 * Direct streams to other devices, by PeerId: the open ones, the dials under way (they may
 * outlive the send that started them) and the back-off of devices whose last dial failed.
 */
export class DirectLinks {
  readonly links = new Map<string, DirectLink>()
  readonly dials = new Map<string, Promise<DirectLink>>()
  private readonly backoff = new Map<string, { until: number, delay: number }>()
  private readonly closing = new AbortController()

  constructor (private readonly components: DirectLinksComponents, private route: DirectRoute) {}

  /** Sends through `route` from now on (LAN mode replaces the relay's circuit). */
  use (route: DirectRoute): void { this.route = route }

  /** That device showed it is reachable: the next send tries it directly again. */
  reachable (peerId: string): void { this.backoff.delete(peerId) }

  /** A new way out (a new relay stream): every device gets a fresh try. */
  resetBackoff (): void { this.backoff.clear() }

  /**
   * The direct stream to a device: the open one, the dial under way, or a new dial. A dial that
   * fails puts the device on back-off (where the route has one).
   */
  async link (peerId: string): Promise<DirectLink> {
    const existing = this.links.get(peerId)
    if (existing?.open === true) return existing
    const pending = this.dials.get(peerId)
    if (pending !== undefined) return await pending
    const marker = this.route.marker()
    const route = this.route
    const dial = (async () => {
      const libp2p = await this.components.host()
      const signal = AbortSignal.any([AbortSignal.timeout(DIRECT_CONNECT_TIMEOUT_MS), this.closing.signal])
      const connection = await route.dial(libp2p, peerId, signal)
      // Noise proved the remote key; this holds the dial to the device the signed bundle names.
      if (connection.remotePeer.toString() !== peerId) {
        await connection.close().catch(() => {})
        throw new NodeError('RELAY_REFUSED', `the direct connection reached ${connection.remotePeer.toString()}, not ${peerId}`)
      }
      const stream = await connection.newStream(DIRECT_PROTOCOL, { signal })
      const link = new DirectLink(stream, () => { if (this.links.get(peerId) === link) this.links.delete(peerId) })
      this.links.set(peerId, link)
      this.backoff.delete(peerId)
      return link
    })()
    this.dials.set(peerId, dial)
    dial.catch(() => {
      if (!route.backoff || !route.blames(marker)) return
      const previous = this.backoff.get(peerId)?.delay ?? 0
      const delay = Math.min(Math.max(previous * 2, DIRECT_RETRY_MIN_MS), DIRECT_RETRY_MAX_MS)
      this.backoff.set(peerId, { until: this.components.clock.now() + delay, delay })
    }).finally(() => { if (this.dials.get(peerId) === dial) this.dials.delete(peerId) })
    return await dial
  }

  /**
   * Tries to hand an envelope to the devices directly; true when the route is satisfied (each
   * device, or on the LAN any one). Any failure leaves the caller to use the mailbox; the
   * recipient keeps a message once whichever way it came. With `dial: false`, only devices with a
   * direct (unlimited) connection already open are tried.
   */
  async send (devices: string[], envelope: Uint8Array, messageId: Uint8Array, options: { dial?: boolean } = {}): Promise<boolean> {
    const libp2p = this.tryable(devices)
    if (libp2p === undefined) return false
    const route = this.route
    if (options.dial === false && !devices.every(d => this.links.get(d)?.open === true || libp2p.getConnections(peerIdFromString(d)).some(c => c.limits === undefined))) return false
    const results = await Promise.allSettled(devices.map(async peerId => {
      const link = await withTimeout(this.link(peerId), DIRECT_DIAL_TIMEOUT_MS, 'no direct connection in time')
      await link.send(envelope, messageId, DIRECT_ACK_TIMEOUT_MS)
    }))
    switch (route.needs) {
      case 'every': return results.every(r => r.status === 'fulfilled')
      case 'any': {
        // No mailbox to complete it: delivered if any device took it (others may have left).
        const missed = results.filter(r => r.status !== 'fulfilled').length
        const delivered = missed < devices.length
        if (delivered && missed > 0) this.components.events.emit({ type: 'warning', message: `${missed} of ${devices.length} devices did not answer; the others have the message` })
        return delivered
      }
      default: return assertNever(route.needs)
    }
  }

  /**
   * The host, when every device is reachable directly (over the relay's circuit, this needs each;
   * on the LAN, the devices that answer): each is dialled if it has no connection yet, as a text
   * would be. Undefined when they are not (the caller goes through the relay).
   */
  async connected (devices: string[]): Promise<Libp2p | undefined> {
    const libp2p = this.tryable(devices)
    if (libp2p === undefined || this.route.needs !== 'every') return undefined
    const results = await Promise.allSettled(devices.map(async d => await withTimeout(this.link(d), DIRECT_DIAL_TIMEOUT_MS, 'no direct connection in time')))
    if (!results.every(r => r.status === 'fulfilled')) return undefined
    return devices.every(d => libp2p.getConnections(peerIdFromString(d)).some(c => c.status === 'open' && c.limits === undefined)) ? libp2p : undefined
  }

  /** The host, unless direct sends cannot be tried now or some device waits out its back-off (or a dial of it is under way). */
  private tryable (devices: string[]): Libp2p | undefined {
    const libp2p = this.components.started()
    if (libp2p === undefined || devices.length === 0) return undefined
    const route = this.route
    if (route.unavailable() !== undefined) return undefined
    if (route.backoff) {
      const now = this.components.clock.now()
      if (devices.some(d => (this.backoff.get(d)?.until ?? 0) > now)) return undefined
      // A connection still being set up (for an earlier message) is not waited for again.
      if (devices.some(d => this.dials.has(d) && this.links.get(d)?.open !== true)) return undefined
    }
    return libp2p
  }

  /** Closes every link and stops dials under way. */
  async close (): Promise<void> {
    this.closing.abort()
    for (const link of this.links.values()) await link.close()
  }
}

function assertNever (value: never): never {
  throw new Error(`unexpected direct route ${String(value)}`)
}
