import { createLibp2p, type Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { decodeServerMessage, RELAY_PROTOCOL, type ServerMessage } from '@parley/protocol'
import type { Stream } from '@libp2p/interface'

/** A bare libp2p peer for sending hand-made frames straight to a relay. */
export async function rawPeer (): Promise<Libp2p> {
  return await createLibp2p({ transports: [webSockets()], connectionEncrypters: [noise()], streamMuxers: [yamux()], services: { identify: identify() } })
}

/** A relay protocol stream with raw frame access. */
export interface RawStream {
  stream: Stream
  /** Writes one length-prefixed frame. */
  frame: (bytes: Uint8Array) => Promise<void>
  /** Writes bytes with no framing. */
  raw: (bytes: Uint8Array) => void
  /** Reads and decodes the next relay frame, or null when the relay closed the stream. */
  read: () => Promise<ServerMessage | null>
}

/** Opens the relay protocol on a fresh stream. */
export async function openRaw (peer: Libp2p, addrs: string[]): Promise<RawStream> {
  const stream = await peer.dialProtocol(addrs.map(a => multiaddr(a)), RELAY_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 8 * 1024 * 1024 })
  return {
    stream,
    frame: async bytes => { await lp.write(bytes) },
    raw: bytes => { stream.send(bytes) },
    read: async () => {
      try {
        return decodeServerMessage((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray())
      } catch (err: any) {
        if (err?.name === 'UnexpectedEOFError' || stream.readStatus !== 'readable') return null
        throw err
      }
    }
  }
}
