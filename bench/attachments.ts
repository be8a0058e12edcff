/**
 * Attachments end to end on loopback: a file sealed in chunks and uploaded by one node, stored by
 * a relay on disk, downloaded and opened by another node (each node a process of its own, the
 * relay in this one), for BENCH_ATTACHMENT_SIZES (MiB; default 256 and 4096). Beside it, in the
 * same run, raw WebCrypto AES-256-GCM on the same data in the same 256 KiB chunks (encrypt, then
 * decrypt: what the two nodes do between them, without hashing, I/O or network), and the same
 * bytes on a plain libp2p stream from a node's host to the relay (the transport's ceiling). Goal: the
 * whole path at least half as fast as the raw cipher, and each side's peak RSS under 300 MiB for
 * 4 GiB. Then BENCH_ATTACHMENT_DIRECT_MIB (default 256; 0 leaves it out) over the direct path: both
 * nodes online, connected over WebRTC, the file pushed device to device with no byte on the relay.
 */
import { spawn } from 'node:child_process'
import { createHash, randomFillSync } from 'node:crypto'
import { open, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { DEFAULT_CHUNK_BYTES } from '@parley/protocol'
import { lpStream } from '@libp2p/utils'
import { codeFor, fmt, printTable, ratio, runBenchmark, startBenchRelay, tempDir } from './lib.js'

const SIZES = (process.env.BENCH_ATTACHMENT_SIZES ?? '256,4096').split(',').map(Number)
/** MiB of the file sent over a direct connection (0 leaves it out). */
const DIRECT_MIB = Number(process.env.BENCH_ATTACHMENT_DIRECT_MIB ?? '256')
const MiB = 2 ** 20
const PASSPHRASE = 'attachments bench passphrase'

/** Writes `size` random bytes to `path`, 4 MiB at a time; returns their SHA-256. */
async function makeFile (path: string, size: number): Promise<string> {
  const handle = await open(path, 'w')
  const hash = createHash('sha256')
  const piece = Buffer.alloc(4 * MiB)
  for (let at = 0; at < size; at += piece.length) {
    const part = piece.subarray(0, Math.min(piece.length, size - at))
    randomFillSync(part)
    hash.update(part)
    await handle.write(part)
  }
  await handle.close()
  return hash.digest('hex')
}

async function sha256Of (path: string): Promise<string> {
  const handle = await open(path, 'r')
  const hash = createHash('sha256')
  const piece = Buffer.alloc(4 * MiB)
  for (;;) {
    const { bytesRead } = await handle.read(piece, 0, piece.length, null)
    if (bytesRead === 0) break
    hash.update(piece.subarray(0, bytesRead))
  }
  await handle.close()
  return hash.digest('hex')
}

/** Raw WebCrypto AES-256-GCM over the file's bytes in 256 KiB chunks: encrypt, then decrypt; only the cipher calls are timed. */
async function rawCipher (path: string): Promise<number> {
  const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), 'AES-GCM', false, ['encrypt', 'decrypt'])
  const handle = await open(path, 'r')
  let ms = 0
  try {
    for (let index = 0; ; index++) {
      const chunk = new Uint8Array(DEFAULT_CHUNK_BYTES)
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      const iv = new Uint8Array(12)
      new DataView(iv.buffer).setUint32(7, index)
      const start = performance.now()
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, chunk.subarray(0, bytesRead))
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed)
      ms += performance.now() - start
    }
  } finally {
    await handle.close()
  }
  return ms
}

/** Runs one side in a process of its own; resolves with what it printed. */
async function peer (args: string[]): Promise<{ ms: number, messageId?: string, retries?: number, maxRssKiB: number }> {
  return await peerInBackground(args).done
}

/** Starts one side in a process of its own: `ready` once it prints `ready` (a side that waits for the other), `done` with its last line once it exits. */
function peerInBackground (args: string[]): { ready: Promise<void>, done: Promise<{ ms: number, messageId?: string, retries?: number, maxRssKiB: number }> } {
  const profile = process.env.BENCH_PROFILE !== undefined ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', '--import', './scripts/node20-shim.mjs', 'bench/attachments-peer.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  let isReady!: () => void
  const ready = new Promise<void>(resolve => { isReady = resolve })
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('ready\n')) isReady() })
  const done = new Promise<{ ms: number, messageId?: string, retries?: number, maxRssKiB: number }>((resolve, reject) => {
    child.on('exit', code => {
      if (code !== 0) { reject(new Error(`bench peer ${args[0]} exited with ${code}`)); return }
      resolve(JSON.parse(out.trim().split('\n').pop() as string))
    })
  })
  return { ready, done }
}

/** The relay's peak RSS so far (this process's high-water mark, from /proc). */
async function peakRssKiB (): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
}

await runBenchmark('Attachments: seal + upload + store + download + open, on loopback', async () => {
  const dir = await tempDir('attachments')
  const bench = await startBenchRelay('bench.test', { blobs: { maxBytesPerAccount: 64 * 2 ** 30, uploadBytesPerSecond: 2 ** 40, uploadBurstBytes: 2 ** 40 } })
  const users: Record<string, string> = {}
  for (const name of ['alice', 'bob']) {
    const dataDir = join(dir, name)
    const node = await ParleyNode.open({ dataDir, passphrase: PASSPHRASE, kdfIterations: 100_000, direct: false })
    await node.register({ relayUrl: bench.relay.httpUrl, name, email: `${name}@example.org`, password: `${name}-bench-password` })
    await node.verify(await codeFor(bench.outbox, `${name}@example.org`))
    await node.login(`${name}-bench-password`)
    await node.close()
    users[name] = dataDir
  }
  // The transport alone: a plain stream into the relay, read and dropped.
  let sunk = 0
  let wanted = 0
  let full: (() => void) | undefined
  await bench.relay.libp2p.handle('/bench/sink', async stream => {
    const lp = lpStream(stream, { maxDataLength: 2 * MiB, maxBufferSize: 64 * MiB })
    try {
      for (;;) {
        sunk += (await lp.read()).byteLength
        if (sunk >= wanted) { await lp.write(new Uint8Array(1)); full?.() }
      }
    } catch {}
  })
  const relayAddr = bench.relay.multiaddrs.find(a => !a.includes('/ws')) as string
  const rows: Array<Array<string | number>> = []
  for (const sizeMiB of SIZES) {
    const size = sizeMiB * MiB
    const path = join(dir, `file-${sizeMiB}.bin`)
    const out = join(dir, `out-${sizeMiB}.bin`)
    console.error(`attachments: ${sizeMiB} MiB: writing the file`)
    const hash = await makeFile(path, size)
    console.error(`attachments: ${sizeMiB} MiB: raw WebCrypto`)
    const rawMs = await rawCipher(path)
    console.error(`attachments: ${sizeMiB} MiB: sending`)
    const sent = await peer(['send', users.alice as string, PASSPHRASE, 'bob@bench.test', path])
    console.error(`attachments: ${sizeMiB} MiB: fetching`)
    const got = await peer(['fetch', users.bob as string, PASSPHRASE, sent.messageId as string, out])
    const relayRss = await peakRssKiB()
    sunk = 0
    wanted = size
    const stream = await peer(['stream', relayAddr.includes('/p2p/') ? relayAddr : `${relayAddr}/p2p/${bench.relay.peerId}`, String(size)])
    if ((await stat(out)).size !== size || await sha256Of(out) !== hash) throw new Error(`the ${sizeMiB} MiB file came out different`)
    const mb = size / 1e6
    const e2e = mb / ((sent.ms + got.ms) / 1000)
    const raw = mb / (rawMs / 1000)
    rows.push([
      `${fmt(sizeMiB)} MiB`, fmt(mb / (sent.ms / 1000)), fmt(mb / (got.ms / 1000)), fmt(mb / (stream.ms / 1000)), fmt(e2e), fmt(raw), ratio(e2e, raw),
      fmt(sent.maxRssKiB / 1024), fmt(got.maxRssKiB / 1024), fmt(relayRss / 1024), `${sent.retries ?? 0} / ${got.retries ?? 0}`
    ])
    await rm(path, { force: true })
    await rm(out, { force: true })
  }
  // The direct path: both devices online and connected over WebRTC (through the relay's circuit); the file goes device to device.
  if (DIRECT_MIB > 0) {
    const size = DIRECT_MIB * MiB
    const path = join(dir, 'file-direct.bin')
    const out = join(dir, 'out-direct.bin')
    console.error(`attachments: ${DIRECT_MIB} MiB over a direct connection`)
    const hash = await makeFile(path, size)
    const rawMs = await rawCipher(path)
    const blobsBefore = (await bench.relay.blobs.usageOf('alice@bench.test')).count
    const recipient = peerInBackground(['direct-recv', users.bob as string, PASSPHRASE, 'alice@bench.test', out])
    await recipient.ready
    const sent = await peer(['direct-send', users.alice as string, PASSPHRASE, 'bob@bench.test', path])
    const got = await recipient.done
    if ((await stat(out)).size !== size || await sha256Of(out) !== hash) throw new Error('the direct file came out different')
    const blobsAfter = (await bench.relay.blobs.usageOf('alice@bench.test')).count
    if (blobsBefore !== blobsAfter) throw new Error('the direct file went through the relay')
    const mb = size / 1e6
    const e2e = mb / ((sent.ms + got.ms) / 1000)
    const raw = mb / (rawMs / 1000)
    rows.push([
      `${fmt(DIRECT_MIB)} MiB direct (WebRTC)`, fmt(mb / (sent.ms / 1000)), fmt(mb / (got.ms / 1000)), '-', fmt(e2e), fmt(raw), ratio(e2e, raw),
      fmt(sent.maxRssKiB / 1024), fmt(got.maxRssKiB / 1024), '-', `${sent.retries ?? 0} / ${got.retries ?? 0}`
    ])
    await rm(path, { force: true })
    await rm(out, { force: true })
  }
  printTable([
    'file', 'seal + upload + store MB/s', 'download + open MB/s', 'plain libp2p stream to the relay MB/s', 'whole path MB/s', 'raw WebCrypto AES-256-GCM encrypt + decrypt MB/s', 'whole path / raw',
    'sender peak RSS MiB', 'recipient peak RSS MiB', 'relay peak RSS MiB (with this driver)', 'tries again (up / down)'
  ], rows)
  console.log('The whole path: the file\'s size over the sender\'s time (read, seal in 256 KiB chunks, hash each, upload, relay writes and syncs) plus the recipient\'s (download, hash, open, write, sync). The raw cipher encrypts and decrypts the same chunks from memory. The plain stream: the same bytes in 256 KiB frames from a node host (TCP, Noise, yamux) to the relay, which reads and drops them. Peak RSS: each node\'s process high-water mark (getrusage), the relay\'s from /proc (it runs in this process, with the driver and the raw run). The direct row: both nodes online and connected over WebRTC; the sender\'s time is sealing and pushing the file to the recipient\'s device (which writes and syncs it), the recipient\'s is opening it from there; the relay holds no byte of it (checked).')
})
