import { createLibp2p, type Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import type { PrivateKey, Transport } from '@libp2p/interface'
import { BULK_STREAM_WINDOW } from '@parley/protocol'

/** A started host for a node with a home relay, and why direct delivery is off on it, if it is. */
export interface RelayHost {
  libp2p: Libp2p
  /** Set when direct delivery was asked for but the WebRTC module could not be loaded. */
  directUnavailable?: string
}

/**
 * Starts the libp2p host of a node with a home relay: WebSockets to the relay, and with `direct`
 * a circuit reservation and WebRTC, loaded only when used (the WebRTC module is native in Node).
 */
export async function startRelayHost (privateKey: PrivateKey, direct: boolean): Promise<RelayHost> {
  let directTransports: Array<(components: any) => Transport> = []
  let directUnavailable: string | undefined
  if (direct) {
    try {
      const [{ webRTC }, { circuitRelayTransport }] = await Promise.all([import('@libp2p/webrtc'), import('@libp2p/circuit-relay-v2')])
      directTransports = [webRTC(), circuitRelayTransport()]
    } catch (err: any) {
      directUnavailable = `WebRTC is not available on this machine (${String(err?.message ?? err).split('\n')[0]}); every message goes through the relay`
    }
  }
  const reachable = directTransports.length > 0
  const streamTransports = await nodeOnlyTransports()
  const libp2p = await createLibp2p({
    privateKey,
    // A reservation on a relay this node is connected to (its home relay: the only one it dials)
    // makes it reachable at <relay>/p2p-circuit/webrtc/p2p/<this PeerId>, from where a direct
    // WebRTC connection is set up. The reservation is dropped with the relay connection and made
    // again as soon as the node reconnects (the relay is rediscovered when identify runs).
    addresses: { listen: reachable ? ['/p2p-circuit', '/webrtc'] : [] },
    transports: [webSockets(), ...streamTransports, ...directTransports],
    connectionEncrypters: [noise()],
    // Windows of at most BULK_STREAM_WINDOW: a stream paused by a busy reader holds no more than that.
    streamMuxers: [yamux({ streamOptions: { maxStreamWindowSize: BULK_STREAM_WINDOW } })],
    // Only addresses this node chose are dialled: the home relay and devices from signed bundles.
    connectionGater: { denyDialMultiaddr: () => false },
    services: { identify: identify(), ping: ping() }
  })
  return { libp2p, ...(directUnavailable !== undefined ? { directUnavailable } : {}) }
}

/**
 * TCP, in Node only: the relay listens on it too, and libp2p dials it before WebSockets (three
 * times the throughput for attachments on loopback, without WebSocket framing and masking).
 * Loaded by a specifier bundlers do not follow, so a browser build never pulls it in.
 */
async function nodeOnlyTransports (): Promise<Array<(components: any) => Transport>> {
  if (typeof process === 'undefined' || process.versions?.node === undefined) return []
  try {
    const specifier = '@libp2p/tcp'
    const { tcp } = await import(/* @vite-ignore */ specifier) as typeof import('@libp2p/tcp')
    return [tcp()]
  } catch {
    return []
  }
}
