/**
 * Helpers for bench/relay-deposit.ts: the transport's own ceiling (frames of a deposit's size
 * echoed over one libp2p stream, no RPC codec and no relay work) and deposits from several
 * connections at once.
 */
import { createLibp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { RelayClient, type RelayEndpoint } from '@parley/node'
import type { Relay } from '@parley/relay'
import { onCleanup, pipeline, timeOps, type Rate } from './lib.js'

const ECHO_PROTOCOL = '/parley-bench/echo/1.0.0'
/** A `deposited` answer is about this long (message id, flags, time, frame header). */
const REPLY_BYTES = 40

/** A fresh libp2p peer (WebSockets, Noise, Yamux, as a device dials), stopped at cleanup. */
async function benchPeer (): Promise<Awaited<ReturnType<typeof createLibp2p>>> {
  const peer = await createLibp2p({ transports: [webSockets()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  onCleanup(async () => { await peer.stop() })
  return peer
}

/**
 * Sends `frames` over one stream to an echo handler on the relay's own libp2p host, `inFlight`
 * at a time, each answered by a REPLY_BYTES frame: what one stream carries with nothing on top.
 */
export async function transportCeiling (relay: Relay, frames: Uint8Array[], inFlight: number): Promise<Rate & { cpuUsPerOp: number }> {
  const reply = new Uint8Array(REPLY_BYTES)
  await relay.libp2p.handle(ECHO_PROTOCOL, async stream => {
    const lp = lpStream(stream, { maxDataLength: 1 << 20 })
    try {
      while (true) { await lp.read(); await lp.write(reply) }
    } catch { /* the bench closed the stream */ }
  })
  const peer = await benchPeer()
  const stream = await peer.dialProtocol(relay.multiaddrs.map(a => multiaddr(a)), ECHO_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 1 << 20 })
  const waiting: Array<() => void> = []
  let reading = true
  const readLoop = (async () => {
    while (reading) {
      await lp.read()
      waiting.shift()?.()
    }
  })()
  readLoop.catch(() => {})
  let writing = Promise.resolve()
  const roundTrip = async (frame: Uint8Array): Promise<void> => {
    const answered = new Promise<void>(resolve => waiting.push(resolve))
    writing = writing.then(async () => { await lp.write(frame) })
    await writing
    await answered
  }
  await pipeline(Math.min(300, frames.length), inFlight, async i => { await roundTrip(frames[i] as Uint8Array) })
  const cpuStart = process.cpuUsage()
  const rate = await timeOps(frames.length, async () => { await pipeline(frames.length, inFlight, async i => { await roundTrip(frames[i] as Uint8Array) }) })
  const cpu = process.cpuUsage(cpuStart)
  reading = false
  stream.abort(new Error('bench done'))
  return { ...rate, cpuUsPerOp: (cpu.user + cpu.system) / frames.length }
}

/** `n` streams to the relay, each on a connection of its own, logged in as `name`. */
export async function loggedInStreams (relay: Relay, n: number, name: string, password: string): Promise<RelayClient[]> {
  return await loggedInClients({ name: relay.config.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs }, n, name, password)
}

/** `n` streams to the relay at `endpoint` (from this process or another), each on a connection of its own, logged in as `name`. */
export async function loggedInClients (endpoint: RelayEndpoint, n: number, name: string, password: string): Promise<RelayClient[]> {
  return await Promise.all(Array.from({ length: n }, async () => {
    const client = await RelayClient.connect(await benchPeer(), endpoint)
    onCleanup(async () => { await client.close() })
    await client.request({ type: 'login', name, password }, 'session')
    return client
  }))
}
