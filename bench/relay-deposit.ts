/**
 * Durable relay deposits per second: ~1 KiB suite-1 envelopes pipelined over one sender stream
 * (/parley/relay/1.0.0), each acknowledged only after the relay's synced, group-committed write.
 * Beside it, the MailboxStore called directly (no network, no RPC) and, as the baseline, level's
 * raw batched write rate in the same run, with the batch size the relay's group commit produced.
 * Also the sender in a process of its own (bench/relay-deposit-sender.ts), so the relay has its
 * event loop to itself, and deposit-many requests of 64 envelopes; each end-to-end figure is set
 * against the raw synced batches of the same run, against short samples of them taken right
 * before and after it, and against the goal's baseline.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/relay-deposit.ts
 */
import { join } from 'node:path'
import { Level } from 'level'
import { utf8Encode } from '@parley/protocol'
import type { Relay } from '@parley/relay'
import {
  createUser, fmt, identityPrivateKeyOf, median, pipeline, printTable, profiled, ratio, runBenchmark, sealMany, startBenchRelay,
  tempDir, textOf, timeOps, watchRelayBatches, type Rate, type SealBatchOptions
} from './lib.js'
import { loggedInStreams, transportCeiling } from './lib-transport.js'
import { senderProcess } from './relay-deposit-sender.js'

const N = Number(process.env.BENCH_DEPOSITS ?? 5000)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300)
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300)
const IN_FLIGHT = 64
/** Streams (each on a connection of its own) for the multi-stream row. */
const STREAMS = 4
/** A 300-byte text pads to a 512-byte content block: a ~1.1 KiB envelope for one device. */
const BODY_BYTES = 300
/** Bytes the relay stores in front of each envelope (see MailboxStore's value layout). */
const STORED_HEADER = 32
/** Envelopes per deposit-many request (MAX_DEPOSIT_BATCH). */
const BATCH = 64
/** Deposit-many requests in flight per connection (BENCH_BATCH_IN_FLIGHT): several commits' worth queued while one is written. */
const BATCH_IN_FLIGHT = Number(process.env.BENCH_BATCH_IN_FLIGHT ?? 8)
/** Writes in each sample of raw synced batches taken right before and after a goal row (20 batches of 64). */
const RAW_BESIDE = 1280
/**
 * The goal's baseline: one stream, 64 in flight, at 37b9b4f (docs/BENCHMARKS.md history), with
 * raw synced batches of 64 at 51,836/s in that run: the goal is 4× its ratio to those batches.
 */
const BASELINE = { perSec: 2247, rawSync64: 51836 }

/** Records the deposits (mail puts) in every synced batch the relay's RelayDb commits (group commit), while `on`. */
function watchGroupCommits (relay: Relay): { on: boolean, sizes: number[] } {
  const watch = { on: false, sizes: [] as number[] }
  const watching = watchRelayBatches(relay, (ops, options) => {
    if (watch.on && options?.sync === true) watch.sizes.push(ops.filter((op: any) => typeof op.key === 'string' && op.key.startsWith('!mail!')).length)
  })
  if (!watching) console.warn('warning: cannot see the relay\'s RelayDb (private field changed); group-commit sizes will be missing')
  return watch
}

await runBenchmark(`relay-deposit: durable deposits of ~1 KiB envelopes (${fmt(N)} messages, ${IN_FLIGHT} in flight)`, async () => {
  const bench = await startBenchRelay()
  const { relay } = bench
  const alice = await createUser(bench, 'alice')
  const bob = await createUser(bench, 'bob')
  const devices = await alice.lookup(bob.address)
  const sealOpts: SealBatchOptions = {
    sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, identityPrivateKey: identityPrivateKeyOf(alice),
    recipient: bob.address, devices, body: utf8Encode(textOf(BODY_BYTES))
  }

  // Every deposited envelope is fresh (a replay would be answered as a duplicate): the four rows
  // added below each take a warm-up and N of their own.
  const total = WARMUP + N + SEQUENTIAL + N + 4 * (WARMUP + N)
  process.stderr.write(`sealing ${fmt(total)} envelopes...\n`)
  const tSeal = performance.now()
  const all = await sealMany(total, sealOpts)
  const sealSeconds = (performance.now() - tSeal) / 1000
  let taken = 0
  const take = (n: number): Uint8Array[] => all.slice(taken, (taken += n))
  const warm = take(WARMUP)
  const envs = take(N)
  const seq = take(SEQUENTIAL)
  const multi = take(N)
  const envSize = envs[0]?.length ?? 0
  // The relay stores a small header before each envelope (received-at, expires-at, message id: 32 B
  // in the working tree this was written against); a few bytes either way change nothing measurable.
  const storedValueSize = envSize + STORED_HEADER
  const commits = watchGroupCommits(relay)

  // Raw level in a fresh temp dir on the same disk: the baseline, sampled beside each goal row too.
  const rawDir = await tempDir('raw-level')
  const db = new Level<string, Uint8Array>(join(rawDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.open()
  // Values shaped as the relay stores them: a small header, then the envelope.
  const values = envs.map(env => { const v = new Uint8Array(storedValueSize); v.set(env, STORED_HEADER); return v })
  const mail = db.sublevel<string, Uint8Array>('mail', { keyEncoding: 'utf8', valueEncoding: 'view' })
  const index = db.sublevel<string, unknown>('mail-index', { keyEncoding: 'utf8', valueEncoding: 'json' })
  const meta = db.sublevel<string, unknown>('mail-seq', { keyEncoding: 'utf8', valueEncoding: 'json' })
  let key = 0
  const writeAll = async (count: number, size: number, sync: boolean, shaped = false): Promise<void> => {
    for (let done = 0; done < count; done += size) {
      const ops: any[] = []
      for (let j = done; j < Math.min(count, done + size); j++) {
        const seq = ++key
        const k = `bob\x00device\x00${String(seq).padStart(16, '0')}`
        const value = values[j % values.length]
        if (!shaped) {
          ops.push({ type: 'put', key: k, value })
        } else {
          ops.push({ type: 'put', sublevel: mail, key: k, value })
          ops.push({ type: 'put', sublevel: index, key: `bob\x00device\x00${seq.toString(16).padStart(32, '0')}`, value: { seq } })
          ops.push({ type: 'put', sublevel: meta, key: 'bob\x00device\x00', value: seq })
        }
      }
      await db.batch(ops, { sync } as any)
    }
  }
  /**
   * Runs a goal row between two short samples of raw synced batches of 64: the disk's sync rate
   * right around that row, since a shared host's fsync can move 2× within one run.
   */
  const besideRaw = async <T>(fn: () => Promise<T>): Promise<{ result: T, raw: number }> => {
    const before = await timeOps(RAW_BESIDE, async () => { await writeAll(RAW_BESIDE, IN_FLIGHT, true) })
    const result = await fn()
    const after = await timeOps(RAW_BESIDE, async () => { await writeAll(RAW_BESIDE, IN_FLIGHT, true) })
    return { result, raw: (2 * RAW_BESIDE * 1000) / (before.ms + after.ms) }
  }

  // 1. End to end: one sender stream, deposits pipelined, each resolving on the relay's durable ack.
  const client = await alice.connect()
  const deposit = async (env: Uint8Array): Promise<void> => {
    const r = await client.request({ type: 'deposit', envelope: env }, 'deposited')
    if (r.duplicate) throw new Error('unexpected duplicate deposit')
  }
  process.stderr.write('relay end to end...\n')
  await pipeline(warm.length, IN_FLIGHT, async i => { await deposit(warm[i] as Uint8Array) })
  commits.on = true
  let relayCpu!: NodeJS.CpuUsage
  const { result: relayRate, raw: rawBesideRelay } = await besideRaw(async () => {
    const cpuStart = process.cpuUsage()
    const rate = await profiled('relay-deposit-end-to-end', async () => await timeOps(N, async () => { await pipeline(N, IN_FLIGHT, async i => { await deposit(envs[i] as Uint8Array) }) }))
    relayCpu = process.cpuUsage(cpuStart)
    return rate
  })
  // CPU time, not wall time, is what a loaded shared host does not distort much.
  const cpuPerDeposit = (relayCpu.user + relayCpu.system) / N
  commits.on = false
  const relaySizes = commits.sizes.splice(0)
  const relaySeq = await timeOps(SEQUENTIAL, async () => { for (const env of seq) await deposit(env) })
  // Several connections at once, each with IN_FLIGHT deposits pending (N in all).
  process.stderr.write(`relay end to end, ${STREAMS} streams...\n`)
  const streams = await loggedInStreams(relay, STREAMS, 'alice', 'alice-bench-password')
  const per = Math.ceil(N / STREAMS)
  const { result: relayMulti, raw: rawBesideMulti } = await besideRaw(async () => await timeOps(N, async () => {
    await Promise.all(streams.map(async (c, s) => {
      const mine = multi.slice(s * per, (s + 1) * per)
      await pipeline(mine.length, IN_FLIGHT, async i => {
        const r = await c.request({ type: 'deposit', envelope: mine[i] as Uint8Array }, 'deposited')
        if (r.duplicate) throw new Error('unexpected duplicate deposit')
      })
    }))
  }))

  // Deposit-many requests of BATCH envelopes, BATCH_IN_FLIGHT at a time, from this process.
  process.stderr.write(`relay end to end, deposit-many of ${BATCH}...\n`)
  const depositMany = async (batch: Uint8Array[]): Promise<void> => {
    const results = await client.depositMany(batch.map(envelope => ({ envelope })))
    if (results.some(r => r.type !== 'deposited' || r.duplicate)) throw new Error('a deposit-many item was not stored')
  }
  const manyRun = async (list: Uint8Array[]): Promise<void> => {
    await pipeline(Math.ceil(list.length / BATCH), BATCH_IN_FLIGHT, async b => { await depositMany(list.slice(b * BATCH, (b + 1) * BATCH)) })
  }
  await manyRun(take(WARMUP))
  const manyEnvs = take(N)
  commits.on = true
  let manyCpu!: NodeJS.CpuUsage
  const { result: relayMany, raw: rawBesideMany } = await besideRaw(async () => {
    const manyCpuStart = process.cpuUsage()
    const rate = await profiled('relay-deposit-many', async () => await timeOps(N, async () => { await manyRun(manyEnvs) }))
    manyCpu = process.cpuUsage(manyCpuStart)
    return rate
  })
  commits.on = false
  const manySizes = commits.sizes.splice(0)

  // The sender in a child process: this process's CPU is then the relay's alone.
  const endpoint = { name: relay.config.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs }
  const inChild = async (connections: number, inFlight: number, batch: number, label: string): Promise<{ rate: Rate, relayCpuUs: number, sizes: number[], raw: number }> => {
    process.stderr.write(`relay end to end, sender in a child process: ${label}...\n`)
    const sender = await senderProcess(endpoint, 'alice', 'alice-bench-password', connections)
    try {
      await sender.run(take(WARMUP), inFlight, batch)
      const list = take(N)
      let cpu!: NodeJS.CpuUsage
      const { result: ms, raw } = await besideRaw(async () => {
        commits.on = true
        const cpuStart = process.cpuUsage()
        // With BENCH_PROFILE, a profile of this process: the relay alone.
        const ms = await profiled(`relay-deposit-child-${connections}x${inFlight}-batch${batch}`, async () => await sender.run(list, inFlight, batch))
        cpu = process.cpuUsage(cpuStart)
        commits.on = false
        return ms
      })
      return { rate: { ops: N, ms, perSec: (N * 1000) / ms, usPerOp: (ms * 1000) / N }, relayCpuUs: (cpu.user + cpu.system) / N, sizes: commits.sizes.splice(0), raw }
    } finally {
      await sender.close()
    }
  }
  const child1 = await inChild(1, IN_FLIGHT, 1, `${IN_FLIGHT} in flight, one connection`)
  const child4 = await inChild(STREAMS, IN_FLIGHT, 1, `${IN_FLIGHT} in flight × ${STREAMS} connections`)
  const childMany = await inChild(1, BATCH_IN_FLIGHT, BATCH, `deposit-many of ${BATCH}`)

  const stats = await relay.mailboxes.stats(bob.address.split('@')[0] as string, bob.peerId)
  const expected = total
  if (stats.count !== expected) throw new Error(`mailbox holds ${stats.count} envelopes, expected ${expected}`)

  // The transport alone: frames of an envelope's size over one stream, answered by the relay's host.
  process.stderr.write('transport echo...\n')
  const echo = await transportCeiling(relay, envs, IN_FLIGHT)

  // 2. The MailboxStore directly (same envelopes, another device's mailbox so they are not duplicates).
  process.stderr.write('MailboxStore direct...\n')
  const store = relay.mailboxes
  const direct = async (env: Uint8Array, device: string): Promise<void> => {
    const header = store.inspect(env)
    const r = await store.deposit('bob', [device], header, env)
    if (r.duplicate) throw new Error('unexpected duplicate deposit')
  }
  await pipeline(warm.length, IN_FLIGHT, async i => { await direct(warm[i] as Uint8Array, 'bench-direct-device') })
  commits.on = true
  const storeRate = await timeOps(N, async () => { await pipeline(N, IN_FLIGHT, async i => { await direct(envs[i] as Uint8Array, 'bench-direct-device') }) })
  commits.on = false
  const storeSizes = commits.sizes.splice(0)
  const storeSeq = await timeOps(SEQUENTIAL, async () => { for (const env of seq) await direct(env, 'bench-direct-device') })

  // 3. Baseline: raw level in batches of the size the relay's group commit produced (mean deposits
  // per synced batch, so the baseline does as many fsyncs as the relay did).
  const batch = relaySizes.length > 0 ? Math.max(1, Math.round(N / relaySizes.length)) : IN_FLIGHT
  process.stderr.write(`raw level, batches of ${batch}...\n`)
  try {
    await writeAll(WARMUP, batch, true)
    const rawSync = await timeOps(N, async () => { await writeAll(N, batch, true) })
    const rawShaped = await timeOps(N, async () => { await writeAll(N, batch, true, true) })
    const rawNoSync = await timeOps(N, async () => { await writeAll(N, batch, false) })
    const rawSync64 = await timeOps(N, async () => { await writeAll(N, IN_FLIGHT, true) })
    const rawSync1 = await timeOps(SEQUENTIAL, async () => { await writeAll(SEQUENTIAL, 1, true) })

    const rows: Array<[string, string, Rate, string]> = [
      ['relay, end to end', `${IN_FLIGHT} in flight, one stream`, relayRate, 'deposit RPC over libp2p (Noise, Yamux, WebSockets) → inspect → cached account + device-list reads → MailboxStore → synced group commit'],
      ['relay, end to end', `${IN_FLIGHT} in flight × ${STREAMS} connections`, relayMulti, 'the same from several connections at once (sender and relay still share one process)'],
      ['relay, end to end', '1 in flight', relaySeq, 'latency-bound: one fsync per deposit'],
      ['relay, end to end, deposit-many', `${BATCH_IN_FLIGHT} requests of ${BATCH} in flight, one stream`, relayMany, `${BATCH} envelopes per request, each checked as a single deposit, one group commit per request (sender in this process)`],
      ['relay, end to end, sender in a child process', `${IN_FLIGHT} in flight, one connection`, child1.rate, 'the first row with the sender in a process of its own: the relay has its event loop to itself'],
      ['relay, end to end, sender in a child process', `${IN_FLIGHT} in flight × ${STREAMS} connections`, child4.rate, 'the same over several connections'],
      ['relay, end to end, deposit-many, sender in a child process', `${BATCH_IN_FLIGHT} requests of ${BATCH} in flight, one connection`, childMany.rate, 'deposit-many with the relay on its own'],
      ['transport only: echo on one stream', `${IN_FLIGHT} in flight, one stream`, echo, `${envSize} B frames answered by 40 B ones (Noise, Yamux, WebSockets, length prefix): no RPC codec, no relay work`],
      ['MailboxStore.deposit direct', `${IN_FLIGHT} concurrent`, storeRate, 'inspect + deposit, in process, no network'],
      ['MailboxStore.deposit direct', '1 at a time', storeSeq, ''],
      ['raw level batch, sync: true', `batches of ${batch}`, rawSync, 'baseline: 1 put per message'],
      ['raw level batch, sync: true, relay-shaped', `batches of ${batch}`, rawShaped, '3 puts per message in 3 sublevels (binary + 2 JSON), as the relay writes'],
      ['raw level batch, sync: false', `batches of ${batch}`, rawNoSync, 'not durable: no fsync'],
      ['raw level batch, sync: true', `batches of ${IN_FLIGHT}`, rawSync64, `ceiling if every group commit held ${IN_FLIGHT} deposits (the in-flight cap)`],
      ...(batch !== 1 ? [['raw level batch, sync: true', 'batches of 1', rawSync1, 'one fsync per message'] as [string, string, Rate, string]] : [])
    ]
    console.log(`Envelope: ${envSize} B (one recipient device, ${BODY_BYTES} B text); stored value ${storedValueSize} B. ` +
      `Setup sealed ${fmt(all.length)} envelopes in ${fmt(sealSeconds, 1)} s. Warm-up: ${fmt(WARMUP)} deposits / writes before each measured run.\n`)
    printTable(['path', 'concurrency / batch', 'messages', 'seconds', 'messages/s', 'what it covers'], rows.map(([name, conc, r, what]) => [name, conc, fmt(r.ops), fmt(r.ms / 1000, 2), fmt(r.perSec), what]))

    const fmtSizes = (sizes: number[]): string => sizes.length === 0
      ? 'n/a'
      : `${fmt(sizes.length)} synced batches for ${fmt(N)} deposits; deposits per batch: median ${fmt(median(sizes), 1)}, mean ${fmt(N / sizes.length, 1)}, max ${fmt(Math.max(...sizes))}`
    console.log(`CPU per deposit, relay end to end, 64 in flight (sender and relay share this process; user + system): ${fmt(cpuPerDeposit)} µs; transport echo alone: ${fmt(echo.cpuUsPerOp)} µs per round trip; load average now ${(await import('node:os')).loadavg()[0]?.toFixed(2)}.\n`)
    console.log(`Relay CPU per deposit with the sender in a child process (this process holds only the relay; user + system): ${fmt(child1.relayCpuUs)} µs (${IN_FLIGHT} in flight, one connection), ${fmt(child4.relayCpuUs)} µs (${STREAMS} connections), ${fmt(childMany.relayCpuUs)} µs (deposit-many); deposit-many with the sender in this process: ${fmt((manyCpu.user + manyCpu.system) / N)} µs for both.\n`)
    console.log('Group commit observed (synced LevelDB batches during the measured runs):\n')
    printTable(['run', 'synced batches'], [
      ['relay, end to end, 64 in flight', fmtSizes(relaySizes)],
      [`relay, deposit-many of ${BATCH}`, fmtSizes(manySizes)],
      ['relay, sender in a child process, one connection', fmtSizes(child1.sizes)],
      [`relay, sender in a child process, ${STREAMS} connections`, fmtSizes(child4.sizes)],
      [`relay, deposit-many of ${BATCH}, sender in a child process`, fmtSizes(childMany.sizes)],
      ['MailboxStore direct, 64 concurrent', fmtSizes(storeSizes)]
    ])

    console.log(`Ratios (same run; "raw synced batches" = batches of ${batch}, the relay's mean group-commit size):\n`)
    printTable(['comparison', 'ratio'], [
      ['relay end to end / raw synced batches', ratio(relayRate.perSec, rawSync.perSec)],
      ['relay end to end / raw synced relay-shaped batches', ratio(relayRate.perSec, rawShaped.perSec)],
      ['relay end to end / raw unsynced batches', ratio(relayRate.perSec, rawNoSync.perSec)],
      ['relay end to end / MailboxStore direct', ratio(relayRate.perSec, storeRate.perSec)],
      ['relay end to end / transport echo on one stream', ratio(relayRate.perSec, echo.perSec)],
      [`relay ${STREAMS} connections / raw synced batches`, ratio(relayMulti.perSec, rawSync.perSec)],
      ['MailboxStore direct / raw synced batches', ratio(storeRate.perSec, rawSync.perSec)],
      ['relay end to end / raw synced batches of 64 (ceiling)', ratio(relayRate.perSec, rawSync64.perSec)],
      ['relay 1 in flight / raw synced batches of 1', ratio(relaySeq.perSec, rawSync1.perSec)],
      ['relay 64 in flight / relay 1 in flight (group commit gain)', ratio(relayRate.perSec, relaySeq.perSec)]
    ])

    // The goal: 4× the baseline, measured as a ratio to raw synced batches of 64 in the same run
    // (so a busier or quieter disk moves both), and beside it the plain ratio to 2,250/s.
    const baselineRatio = BASELINE.perSec / BASELINE.rawSync64
    console.log(`Against the goal (4× the ${fmt(BASELINE.perSec)}/s of one stream at 37b9b4f, when raw synced batches of 64 ran at ${fmt(BASELINE.rawSync64)}/s: a ratio of ${ratio(BASELINE.perSec, BASELINE.rawSync64)}); raw synced batches of ${IN_FLIGHT} in this run: ${fmt(rawSync64.perSec)}/s:\n`)
    const goalRow = (name: string, r: Rate, beside: number): string[] => [
      name, fmt(r.perSec), fmt(rawSync64.perSec), ratio(r.perSec / rawSync64.perSec, baselineRatio),
      fmt(beside), ratio(r.perSec / beside, baselineRatio), ratio(r.perSec, 2250)
    ]
    printTable([
      'relay, end to end', 'messages/s', `raw synced batches of ${IN_FLIGHT}/s (same run)`, 'ratio to raw ÷ the baseline\'s (goal ≥ 4×)',
      `raw synced batches of ${IN_FLIGHT}/s right before and after the row`, 'ratio to those ÷ the baseline\'s (goal ≥ 4×)', 'messages/s ÷ 2,250'
    ], [
      goalRow(`${IN_FLIGHT} in flight, one stream (sender in this process)`, relayRate, rawBesideRelay),
      goalRow(`${IN_FLIGHT} in flight × ${STREAMS} connections (sender in this process)`, relayMulti, rawBesideMulti),
      goalRow(`deposit-many of ${BATCH} (sender in this process)`, relayMany, rawBesideMany),
      goalRow(`${IN_FLIGHT} in flight, one connection, sender in a child process`, child1.rate, child1.raw),
      goalRow(`${IN_FLIGHT} in flight × ${STREAMS} connections, sender in a child process`, child4.rate, child4.raw),
      goalRow(`deposit-many of ${BATCH}, sender in a child process`, childMany.rate, childMany.raw)
    ])
  } finally {
    await db.close()
  }
})
