/**
 * Direct delivery (/parley/direct/1.0.0) between two online devices: round-trip time (send →
 * acknowledgement) and throughput on one stream, against a raw `ws` WebSocket ping-pong of the same
 * payload size on 127.0.0.1 measured in the same run.
 *
 * Three pairs of devices, each measured the same way:
 * - WebRTC: two users on an in-process relay; bob listens and holds a circuit relay reservation;
 *   alice's first sends set up the direct WebRTC connection;
 * - LAN over TCP, and LAN over WebSockets: two LAN-mode nodes on 127.0.0.1 (no relay) that found
 *   each other by mDNS.
 * Per pair:
 * - `node.send`: the full message path (lookup, seal, frame, bob opens, checks and stores, ack);
 * - `DirectLink.send` of envelopes sealed beforehand: frame → bob opens/checks/stores → ack,
 *   without the sender's lookup and sealing; one at a time (latency) and BENCH_DIRECT_WINDOW in
 *   flight on the one stream (throughput);
 * - a bare stream echo on the same connection: the transport alone.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/direct.ts
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { lpStream } from '@libp2p/utils'
import { WebSocket, WebSocketServer } from 'ws'
import { ParleyNode } from '@parley/node'
import { inspectEnvelope, utf8Encode } from '@parley/protocol'
import {
  createUser, fmt, identityPrivateKeyOf, onCleanup, pipeline, printTable, profiled, ratio, runBenchmark, sealMany, startBenchRelay, openBenchNode, textOf,
  timeOps, type Rate, type SealBatchOptions
} from './lib.js'

const N = Number(process.env.BENCH_DIRECT_N ?? 300)
const WINDOW = Number(process.env.BENCH_DIRECT_WINDOW ?? 64)
const WARMUP = Number(process.env.BENCH_DIRECT_WARMUP ?? 20)
/** A 1 KiB text: a ~1.9 KiB envelope for one device. */
const BODY_BYTES = 1024
/** Sends allowed to fall back to the mailbox while the WebRTC connection is set up. */
const MAX_SETUP_TRIES = 10
/** Ack timeout for the benchmark's own DirectLink sends (the node uses 3 s; a full window may queue longer on a slow machine). */
const LINK_TIMEOUT_MS = 30_000

/** One way to hand a message to the other side: `send()` sends the next message and resolves on its acknowledgement. */
interface Transport { label: string, covers: string, send: () => Promise<void> }

/** Round-trip times of sequential sends, in ms. */
interface Latency { n: number, p50: number, p99: number, mean: number, max: number }

/** Nearest-rank percentile of sorted values. */
function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

function latencyOf (samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b)
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s[s.length - 1] ?? NaN }
}

/** `n` sends one at a time, each timed from send to acknowledgement (after `warmup` untimed ones). */
async function measureLatency (t: Transport, n: number, warmup: number): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await t.send()
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await t.send()
    samples.push(performance.now() - t0)
  }
  return latencyOf(samples)
}

/** `n` sends with `window` in flight (after a warm-up window), as messages per second. */
async function measureThroughput (t: Transport, n: number, window: number, warmup: number): Promise<Rate> {
  await pipeline(warmup, window, async () => { await t.send() })
  return await timeOps(n, async () => { await pipeline(n, window, async () => { await t.send() }) })
}

/** A raw `ws` client and echo-ack server on 127.0.0.1: `payloadBytes` out, a 16-byte ack back (as the direct protocol acks a message id). */
async function rawWebSocket (payloadBytes: number): Promise<Transport> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  await once(server, 'listening')
  server.on('connection', sock => { sock.on('message', (data: Buffer) => { sock.send(data.subarray(0, 16)) }) })
  onCleanup(async () => {
    for (const c of server.clients) c.terminate()
    await new Promise<void>(resolve => { server.close(() => { resolve() }) })
  })
  const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: false })
  await once(ws, 'open')
  onCleanup(async () => { ws.terminate() })
  const pending = new Map<number, () => void>()
  ws.on('message', (data: Buffer) => {
    const id = data.readUInt32BE(0)
    pending.get(id)?.()
    pending.delete(id)
  })
  const template = Buffer.from(textOf(payloadBytes))
  let next = 0
  return {
    label: 'raw ws, 127.0.0.1',
    covers: `WebSocket (ws, no TLS, no compression) ${payloadBytes} B out, 16 B ack back; no encryption, no crypto, no storage`,
    send: async () => {
      const id = next++
      const payload = Buffer.from(template)
      payload.writeUInt32BE(id, 0)
      const acked = new Promise<void>(resolve => { pending.set(id, resolve) })
      ws.send(payload)
      await acked
    }
  }
}

const ECHO_PROTOCOL = '/parley-bench/echo/1.0.0'

/**
 * A bare libp2p stream on the sender's direct connection to the receiver: the same length-prefixed
 * framing as the direct protocol, `payloadBytes` out and a 16-byte ack back, no Parley work on
 * either side. Separates the transport's cost from the receiver's. Registers a benchmark-only
 * protocol on both nodes' private `libp2p` fields.
 */
async function streamEcho (label: string, sender: ParleyNode, receiver: ParleyNode, payloadBytes: number, transport: string): Promise<Transport> {
  const rx = (receiver as any).libp2p
  const conn = ((sender as any).libp2p?.getConnections() ?? [])
    .find((c: any) => c.remotePeer.toString() === receiver.peerId && c.limits === undefined)
  if (rx === undefined || conn === undefined) throw new Error('no direct (unlimited) connection from the sender to the receiver to run the echo on')
  await rx.handle(ECHO_PROTOCOL, async (stream: any) => {
    const lp = lpStream(stream)
    try {
      while (true) await lp.write((await lp.read()).subarray().subarray(0, 16))
    } catch { /* stream ended */ }
  })
  const lp = lpStream(await conn.newStream(ECHO_PROTOCOL))
  const pending = new Map<number, () => void>()
  void (async () => {
    try {
      while (true) {
        const ack = (await lp.read()).subarray()
        const id = new DataView(ack.buffer, ack.byteOffset, ack.byteLength).getUint32(0)
        pending.get(id)?.()
        pending.delete(id)
      }
    } catch { /* closed at cleanup */ }
  })()
  const template = utf8Encode(textOf(payloadBytes))
  let next = 0
  let writing: Promise<void> = Promise.resolve()
  return {
    label,
    covers: `bare libp2p stream on the same connection (${transport}): ${payloadBytes} B out, 16 B ack back; no Parley work`,
    send: async () => {
      const id = next++
      const payload = template.slice()
      new DataView(payload.buffer).setUint32(0, id)
      const acked = new Promise<void>(resolve => { pending.set(id, resolve) })
      // Writes one after another, as DirectLink does.
      writing = writing.then(async () => { await lp.write(payload) })
      await writing
      await acked
    }
  }
}

/** The sending end of an open DirectLink (private API, benchmark only). */
interface LinkLike { send: (envelope: Uint8Array, messageId: Uint8Array, timeoutMs: number) => Promise<void>, open: boolean }

/**
 * The sender's DirectLink to `peerId`, through ParleyNode's private `directLink()` (which returns the
 * open link from its private `links` map, or dials one). Benchmark only: fails loudly if it changed.
 */
async function linkOf (sender: ParleyNode, peerId: string): Promise<LinkLike> {
  const directLink = (sender as unknown as { directLink?: (peerId: string) => Promise<LinkLike> }).directLink
  if (typeof directLink !== 'function') throw new Error('ParleyNode has no private directLink() any more; update bench/direct.ts')
  return await directLink.call(sender, peerId)
}

/** `DirectLink.send` of one pre-sealed envelope after another (each envelope used once: bob stores every one). */
function linkTransport (label: string, link: LinkLike, envelopes: Uint8Array[]): Transport {
  const ids = envelopes.map(e => inspectEnvelope(e).messageId)
  let next = 0
  return {
    label,
    covers: 'pre-sealed envelope: frame → Noise → stream → bob opens, checks sender device, stores → ack (the delivered receipt follows)',
    send: async () => {
      const i = next++
      if (i >= envelopes.length) throw new Error('ran out of pre-sealed envelopes')
      await link.send(envelopes[i] as Uint8Array, ids[i] as Uint8Array, LINK_TIMEOUT_MS)
    }
  }
}

/** Counts the paths `node.send` took (a `relay` path is a fallback to the mailbox). */
function nodeSendTransport (label: string, sender: ParleyNode, to: string, text: string, paths: Map<string, number>): Transport {
  return {
    label,
    covers: 'full path: lookup (directory), seal, frame, bob opens/checks/stores, ack, history writes',
    send: async () => {
      const m = await sender.send(to, text)
      paths.set(m.path ?? 'unknown', (paths.get(m.path ?? 'unknown') ?? 0) + 1)
    }
  }
}

/**
 * Times the receiver's private `acceptDirect` (open, sender check, store, receipt) and, inside it,
 * its receipts' `send` (seal + deposit of the delivered receipt on the relay), while `on`. Instrumentation
 * only; if the private methods changed, the split is left out with a warning.
 */
function watchReceiver (receiver: ParleyNode): { on: boolean, accept: number[], receipt: number[] } {
  const watch = { on: false, accept: [] as number[], receipt: [] as number[] }
  const node = receiver as unknown as Record<string, unknown>
  // The receipts service hangs off the facade's services (`s`).
  const receipts = ((node.s as Record<string, unknown> | undefined)?.receipts ?? {}) as Record<string, unknown>
  for (const [target, name, into] of [[node, 'acceptDirect', watch.accept], [receipts, 'send', watch.receipt]] as const) {
    const original = target[name]
    if (typeof original !== 'function') {
      console.warn(`warning: ParleyNode (or its receipts service) has no ${name}() any more; the receiver-side split will be missing`)
      continue
    }
    target[name] = async function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now()
      try { return await original.apply(this, args) } finally { if (watch.on) into.push(performance.now() - t0) }
    }
  }
  return watch
}

/**
 * A LAN-mode node on loopback (no relay), listening only on `listen`; mDNS finds the other one.
 * Benchmark only.
 */
async function lanNode (name: string, listen: string): Promise<ParleyNode> {
  const node = await openBenchNode(name)
  await node.startLan({ name, listen: [listen] })
  return node
}

/** Two LAN nodes that met (mDNS, then their introductions) and have a direct connection. */
async function lanPair (tag: string, listen: string): Promise<{ alice: ParleyNode, bob: ParleyNode }> {
  const alice = await lanNode(`alice-${tag}`, listen)
  const bob = await lanNode(`bob-${tag}`, listen)
  const deadline = Date.now() + 30_000
  while (!(await alice.lanPeers()).some(p => p.address === bob.address)) {
    if (Date.now() > deadline) throw new Error(`the ${tag} LAN nodes did not find each other by mDNS on loopback`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return { alice, bob }
}

/** Waits until `node` holds a reservation on its relay (ParleyNode.directlyReachable). */
async function reachable (node: ParleyNode, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!node.directlyReachable) {
    if (Date.now() > deadline) throw new Error(`no reservation on the relay after ${ms} ms; listening on: ${node.listenAddresses().join(' ')}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** The sender's connections to `peerId`, as "address (limited)" strings (private `libp2p` field). */
function connectionsTo (node: ParleyNode, peerId: string): string[] {
  return ((node as any).libp2p?.getConnections() ?? [])
    .filter((c: any) => c.remotePeer.toString() === peerId)
    .map((c: any) => `${String(c.remoteAddr).replace(/\/p2p\/[^/]+/g, '/p2p/…')}${c.limits !== undefined ? ' (limited)' : ''}`)
}

/** One row per measured transport. */
interface Row { t: Transport, latency: Latency, rate?: Rate, receiver?: { accept: number, receipt: number } }

/**
 * Measures one direct sender/receiver pair that can already reach each other: `node.send` round
 * trips, then `DirectLink.send` of pre-sealed envelopes one at a time and `window` in flight.
 */
async function measurePair (name: string, sender: ParleyNode, receiver: ParleyNode, o: { n: number, window: number, warmup: number, transport: string }): Promise<{ rows: Row[], envelopeBytes: number, paths: Map<string, number>, sealSeconds: number }> {
  const devices = await sender.lookup(receiver.address)
  const sealOpts: SealBatchOptions = {
    sender: sender.address, senderDevice: sender.peerId, senderIdentityKey: sender.identityKey, identityPrivateKey: identityPrivateKeyOf(sender),
    recipient: receiver.address, devices, body: utf8Encode(textOf(BODY_BYTES))
  }
  const count = 2 * o.n + o.warmup + Math.min(o.window, o.n)
  process.stderr.write(`${name}: sealing ${fmt(count)} envelopes...\n`)
  const tSeal = performance.now()
  const envelopes = await sealMany(count, sealOpts)
  const sealSeconds = (performance.now() - tSeal) / 1000
  const watch = watchReceiver(receiver)
  const split = (): { accept: number, receipt: number } | undefined => {
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    const r = watch.accept.length > 0 ? { accept: mean(watch.accept), receipt: watch.receipt.length > 0 ? mean(watch.receipt) : NaN } : undefined
    watch.accept.length = 0; watch.receipt.length = 0 // in place: the wrappers hold these arrays
    return r
  }
  const rows: Row[] = []

  process.stderr.write(`${name}: node.send round trips...\n`)
  const paths = new Map<string, number>()
  const full = nodeSendTransport(`${name}, node.send`, sender, receiver.address, textOf(BODY_BYTES), paths)
  for (let i = 0; i < o.warmup; i++) await full.send()
  paths.clear()
  watch.on = true
  const latency = await profiled(`direct-${o.transport}-node-send`, async () => await measureLatency(full, o.n, 0))
  rows.push({ t: full, latency, receiver: split() })
  watch.on = false

  process.stderr.write(`${name}: DirectLink.send round trips and throughput...\n`)
  const link = await linkOf(sender, receiver.peerId)
  const pre = linkTransport(`${name}, DirectLink.send`, link, envelopes)
  for (let i = 0; i < o.warmup; i++) await pre.send()
  watch.on = true
  const preRow: Row = { t: pre, latency: await measureLatency(pre, o.n, 0), receiver: split() }
  watch.on = false
  preRow.rate = await measureThroughput(pre, o.n, o.window, Math.min(o.window, o.n))
  rows.push(preRow)
  if (!link.open) throw new Error('the direct link closed during the measurement')

  process.stderr.write(`${name}: bare stream echo on the same connection...\n`)
  const echo = await streamEcho(`${name}, bare stream echo`, sender, receiver, envelopes[0]?.length ?? 0, o.transport)
  const echoRow: Row = { t: echo, latency: await measureLatency(echo, o.n, o.warmup) }
  echoRow.rate = await measureThroughput(echo, o.n, o.window, Math.min(o.window, o.n))
  rows.push(echoRow)
  return { rows, envelopeBytes: envelopes[0]?.length ?? 0, paths, sealSeconds }
}

await runBenchmark(`direct: WebRTC direct delivery of a 1 KiB text vs raw ws on 127.0.0.1 (${fmt(N)} round trips, ${WINDOW} in flight for throughput)`, async () => {
  const bench = await startBenchRelay()
  const alice = await createUser(bench, 'alice')
  const bob = await createUser(bench, 'bob')
  await bob.listen()
  const tReserve = performance.now()
  await reachable(bob)
  const reserveMs = performance.now() - tReserve

  // The first sends dial bob through the relay's circuit and set up WebRTC; until that connection
  // exists (or when it misses its bound) node.send falls back to bob's mailbox.
  process.stderr.write('setting up the WebRTC connection...\n')
  const setup: Array<{ path: string, ms: number }> = []
  while (setup.length < MAX_SETUP_TRIES && setup[setup.length - 1]?.path !== 'direct') {
    const t0 = performance.now()
    const m = await alice.send(bob.address, textOf(BODY_BYTES))
    setup.push({ path: m.path ?? 'unknown', ms: performance.now() - t0 })
  }
  if (setup[setup.length - 1]?.path !== 'direct') throw new Error(`no send went direct in ${MAX_SETUP_TRIES} tries: ${setup.map(s => s.path).join(', ')}`)
  const conns = connectionsTo(alice, bob.peerId)

  const webrtc = await measurePair('WebRTC direct', alice, bob, { n: N, window: WINDOW, warmup: WARMUP, transport: 'Noise over an SCTP data channel' })
  const transportConns = connectionsTo(alice, bob.peerId)

  // The same direct protocol between LAN-mode nodes: a plain TCP or WebSocket connection, no relay.
  process.stderr.write('LAN mode over TCP and over WebSockets...\n')
  const tcpPair = await lanPair('tcp', '/ip4/127.0.0.1/tcp/0')
  const tcp = await measurePair('LAN TCP direct', tcpPair.alice, tcpPair.bob, { n: N, window: WINDOW, warmup: WARMUP, transport: 'Noise + Yamux over TCP' })
  const wsPair = await lanPair('ws', '/ip4/127.0.0.1/tcp/0/ws')
  const wsDirect = await measurePair('LAN WebSocket direct', wsPair.alice, wsPair.bob, { n: N, window: WINDOW, warmup: WARMUP, transport: 'Noise + Yamux over WebSockets' })
  const direct = [...webrtc.rows, ...tcp.rows, ...wsDirect.rows]

  process.stderr.write('raw ws...\n')
  const ws = await rawWebSocket(webrtc.envelopeBytes)
  const wsRow: Row = { t: ws, latency: await measureLatency(ws, N, WARMUP) }
  wsRow.rate = await measureThroughput(ws, N, WINDOW, WINDOW)

  const rows = [...direct, wsRow]
  const fallbacks = [...webrtc.paths].filter(([p]) => p !== 'direct').map(([p, c]) => `${c} by ${p}`)
  console.log(`Envelope: ${webrtc.envelopeBytes} B (one recipient device, ${BODY_BYTES} B text); the raw ws payload has the same size. ` +
    `Bob's reservation appeared ${fmt(reserveMs)} ms after listen(). WebRTC setup: ${setup.map(s => `${s.path} ${fmt(s.ms)} ms`).join(', ')} ` +
    `(first send until a direct ack). Setup sealed ${fmt(2 * N + WARMUP + Math.min(WINDOW, N))} envelopes in ${fmt(webrtc.sealSeconds, 1)} s. ` +
    `Warm-up: ${WARMUP} sends per row. Timed node.send paths: ${[...webrtc.paths].map(([p, c]) => `${c} ${p}`).join(', ')}` +
    `${fallbacks.length > 0 ? ` (FALLBACKS: ${fallbacks.join(', ')})` : ''}. ` +
    `Alice's connections to bob: ${transportConns.join(', ') || 'none'}${transportConns.join() !== conns.join() ? ` (after setup: ${conns.join(', ')})` : ''}.\n`)

  console.log('Round trip, one message at a time (send → acknowledgement), ms:\n')
  printTable(['path', 'sends', 'p50', 'p99', 'mean', 'max', 'what it covers'],
    rows.map(r => [r.t.label, fmt(r.latency.n), fmt(r.latency.p50, 2), fmt(r.latency.p99, 2), fmt(r.latency.mean, 2), fmt(r.latency.max, 2), r.t.covers]))

  console.log('Where a direct round trip goes (means over the timed sends, ms; the receiver\'s side timed inside bob\'s node):\n')
  printTable(['path', 'round trip', 'bob accepts (open + check + store)', 'rest: sender, framing, transport, ack', 'delivered receipts, after the ack (seal + send, per batch of up to 100 ms)'],
    direct.filter(r => r.receiver !== undefined).map(r => {
      const rx = r.receiver as { accept: number, receipt: number }
      return [r.t.label, fmt(r.latency.mean, 2), fmt(rx.accept, 2), fmt(r.latency.mean - rx.accept, 2), fmt(rx.receipt, 2)]
    }))

  console.log(`Throughput on one stream, ${WINDOW} in flight:\n`)
  printTable(['path', 'messages', 'seconds', 'messages/s', 'what it covers'],
    rows.filter(r => r.rate !== undefined).map(r => { const rate = r.rate as Rate; return [r.t.label, fmt(rate.ops), fmt(rate.ms / 1000, 2), fmt(rate.perSec), r.t.covers] }))

  console.log('Ratios (same run):\n')
  const ratioRows: Array<[string, string]> = []
  for (const r of direct) {
    ratioRows.push([`${r.t.label} / raw ws, p50 round trip`, ratio(r.latency.p50, wsRow.latency.p50)])
    ratioRows.push([`${r.t.label} / raw ws, p99 round trip`, ratio(r.latency.p99, wsRow.latency.p99)])
  }
  for (const r of direct.filter(r => r.rate !== undefined)) {
    ratioRows.push([`${r.t.label} / raw ws, messages/s with ${WINDOW} in flight`, ratio((r.rate as Rate).perSec, (wsRow.rate as Rate).perSec)])
    ratioRows.push([`${r.t.label}, ${WINDOW} in flight / 1 in flight (1000 / mean round trip), messages/s`, ratio((r.rate as Rate).perSec, 1000 / r.latency.mean)])
  }
  printTable(['comparison', 'ratio'], ratioRows)
})
