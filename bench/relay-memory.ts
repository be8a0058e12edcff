/**
 * Relay memory under a large mailbox population: RSS and heap of a process running the relay's
 * MailboxStore over 100,000 device mailboxes that together remember 1,000,000 message ids (one
 * envelope waiting per mailbox, the rest acknowledged and kept for replay protection), after one
 * fresh deposit into every mailbox; beside it the deposit rates of that pass (every mailbox cold)
 * and of a replay pass (every id already known).
 *
 * The data is written once in the store's on-disk layout; each measured run is a fresh child
 * process (`--expose-gc`, so heap figures are taken after a full collection). BENCH_MAILBOX_BEFORE
 * names another MailboxStore module (an earlier version, copied into relay/src/) to measure the
 * same load against it, for a before/after table.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/relay-memory.ts
 *   BENCH_MAILBOXES=10000 BENCH_IDS=100000 ...   # a smaller run
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { RelayDb } from '../relay/src/store.js'
import { fmt, printTable, ratio, runBenchmark, tempDir } from './lib.js'

const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 100_000)
const IDS = Number(process.env.BENCH_IDS ?? 1_000_000)
const IN_FLIGHT = 64
/** Deposits into one mailbox that is already loaded (the hot path), under its 20,000 quota. */
const HOT = Number(process.env.BENCH_HOT ?? 10_000)
/** Envelope bytes stored per waiting message (small: the figure is about ids and counters, not payload). */
const ENVELOPE_BYTES = 256
const DAY = 24 * 60 * 60 * 1000
const here = fileURLToPath(import.meta.url)
const CURRENT = resolve(here, '../../relay/src/mailbox-store.ts')

interface ChildResult { label: string, rssBaseMiB: number, rssMiB: number, heapMiB: number, heapTotalMiB: number, externalMiB: number, coldPerSec: number, replayPerSec: number, hotPerSec: number, duplicates: number, loaded?: number }

const boxOf = (i: number): { user: string, device: string } => ({ user: `user${i}`, device: `device${i}` })
const seqKey = (seq: number): string => seq.toString().padStart(16, '0')
const mib = (bytes: number): number => bytes / (1024 * 1024)

/** Writes the population in MailboxStore's layout (unsynced batches: setup, not measured). */
async function populate (dbDir: string): Promise<void> {
  const db = new RelayDb(dbDir)
  await db.open()
  const mail = db.binary('mail')
  const index = db.json<unknown>('mail-index')
  const wait = db.json<unknown>('mail-wait')
  const meta = db.json<number>('mail-seq')
  const perBox = Math.max(1, Math.round(IDS / MAILBOXES))
  const expiresAt = Date.now() + 30 * DAY
  const value = new Uint8Array(32 + ENVELOPE_BYTES)
  new DataView(value.buffer).setBigUint64(8, BigInt(expiresAt))
  let ops: any[] = []
  for (let i = 0; i < MAILBOXES; i++) {
    const { user, device } = boxOf(i)
    const box = `${user}\x00${device}\x00`
    for (let s = 1; s <= perBox; s++) {
      const idHex = randomBytes(16).toString('hex')
      if (s === perBox) {
        // The newest one waits; the others were acknowledged and are remembered until expiry.
        ops.push({ type: 'put', sublevel: mail, key: `${box}${seqKey(s)}`, value })
        ops.push({ type: 'put', sublevel: index, key: `${box}${idHex}`, value: { seq: s, size: ENVELOPE_BYTES, expiresAt, tag: 'bench-sender' } })
        ops.push({ type: 'put', sublevel: wait, key: `${box}${seqKey(s)}`, value: { size: ENVELOPE_BYTES, tag: 'bench-sender' } })
      } else {
        ops.push({ type: 'put', sublevel: index, key: `${box}${idHex}`, value: { acked: true, expiresAt } })
      }
    }
    ops.push({ type: 'put', sublevel: meta, key: box, value: perBox })
    if (ops.length >= 20_000) { await db.level.batch(ops); ops = [] }
  }
  if (ops.length > 0) await db.level.batch(ops)
  await db.close()
}

/** The measured run, in a child process: open, one deposit per mailbox, then replays of them. */
async function child (dbDir: string, modulePath: string, label: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
  const { MailboxStore } = await import(modulePath) as typeof import('../relay/src/mailbox-store.js')
  const db = new RelayDb(dbDir)
  await db.open()
  const store = new MailboxStore(db)
  gc()
  const rssBase = process.memoryUsage().rss
  const envelope = new Uint8Array(ENVELOPE_BYTES)
  const headers = Array.from({ length: MAILBOXES }, () => {
    const messageId = new Uint8Array(randomBytes(16))
    return { version: 1, suite: 1, messageId, messageIdHex: Buffer.from(messageId).toString('hex'), recipient: 'x', expiresAt: Date.now() + 30 * DAY, deviceIds: [], size: ENVELOPE_BYTES } as any
  })
  const pass = async (n = MAILBOXES, box = (i: number) => boxOf(i), header = (i: number) => headers[i]): Promise<{ ms: number, duplicates: number }> => {
    let next = 0
    let duplicates = 0
    const t0 = performance.now()
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) {
        const i = next++
        const { user, device } = box(i)
        const r = await store.deposit(user, [device], header(i), envelope, { tag: `bench-sender-${i % 100}`, contact: true })
        if (r.duplicate) duplicates++
      }
    }))
    return { ms: performance.now() - t0, duplicates }
  }
  const cold = await pass()
  gc()
  const usage = process.memoryUsage()
  const replay = await pass()
  const hotHeaders = Array.from({ length: HOT }, () => {
    const messageId = new Uint8Array(randomBytes(16))
    return { ...headers[0], messageId, messageIdHex: Buffer.from(messageId).toString('hex') }
  })
  const hot = await pass(HOT, () => boxOf(0), i => hotHeaders[i])
  const loaded = (store as { loadedMailboxes?: number }).loadedMailboxes
  const result: ChildResult = {
    label,
    rssBaseMiB: mib(rssBase),
    rssMiB: mib(usage.rss),
    heapMiB: mib(usage.heapUsed),
    heapTotalMiB: mib(usage.heapTotal),
    externalMiB: mib(usage.external),
    coldPerSec: MAILBOXES / (cold.ms / 1000),
    replayPerSec: MAILBOXES / (replay.ms / 1000),
    hotPerSec: HOT / (hot.ms / 1000),
    duplicates: replay.duplicates + cold.duplicates,
    ...(loaded !== undefined ? { loaded } : {})
  }
  await db.close()
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}

async function runChild (dbDir: string, modulePath: string, label: string): Promise<ChildResult> {
  process.stderr.write(`measuring ${label} (${modulePath})...\n`)
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', './scripts/node20-shim.mjs', here, '--child', dbDir, modulePath, label], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  proc.stdout.on('data', (d: Buffer) => { out += d.toString() })
  const code = await new Promise<number | null>(resolve => proc.once('exit', resolve))
  const line = out.split('\n').find(l => l.startsWith('RESULT '))
  if (code !== 0 || line === undefined) throw new Error(`${label} run failed (exit ${String(code)})`)
  return JSON.parse(line.slice('RESULT '.length)) as ChildResult
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, process.argv[4] as string, process.argv[5] as string)
  process.exit(0)
}

await runBenchmark(`relay-memory: ${fmt(MAILBOXES)} mailboxes remembering ${fmt(IDS)} message ids`, async () => {
  const dir = await tempDir('memory')
  const runs: Array<{ module: string, label: string }> = [{ module: CURRENT, label: 'this tree' }]
  const before = process.env.BENCH_MAILBOX_BEFORE
  if (before !== undefined && before !== '') runs.unshift({ module: resolve(before), label: 'before' })
  const results: ChildResult[] = []
  for (const run of runs) {
    // Each run gets the same fresh population, so neither sees the other's deposits.
    const dbDir = join(dir, `db-${results.length}`)
    process.stderr.write(`writing ${fmt(MAILBOXES)} mailboxes and ${fmt(IDS)} ids...\n`)
    await populate(dbDir)
    results.push(await runChild(dbDir, run.module, run.label))
  }
  const base = results[0] as ChildResult
  printTable(
    ['store', 'RSS at open (MiB)', 'RSS after a deposit into every mailbox (MiB)', 'JS heap used / reserved (MiB)', 'external (MiB)', 'deposits/s, cold mailboxes', 'deposits/s, replays', 'deposits/s, one hot mailbox', 'mailboxes loaded at the end'],
    results.map(r => [r.label, fmt(r.rssBaseMiB), fmt(r.rssMiB), `${fmt(r.heapMiB)} / ${fmt(r.heapTotalMiB)}`, fmt(r.externalMiB), fmt(r.coldPerSec), fmt(r.replayPerSec), fmt(r.hotPerSec), r.loaded !== undefined ? fmt(r.loaded) : 'all'])
  )
  if (results.length > 1) {
    const last = results[results.length - 1] as ChildResult
    console.log(`RSS ${ratio(last.rssMiB, base.rssMiB)} of before, JS heap ${ratio(last.heapMiB, base.heapMiB)}; deposits: cold mailboxes ${ratio(last.coldPerSec, base.coldPerSec)}, replays ${ratio(last.replayPerSec, base.replayPerSec)}, one hot mailbox ${ratio(last.hotPerSec, base.hotPerSec)}.\n`)
  }
  for (const r of results) {
    if (r.duplicates !== MAILBOXES) throw new Error(`${r.label}: ${r.duplicates} of ${MAILBOXES} replays were taken as duplicates; every one should be`)
  }
  console.log(`${fmt(IN_FLIGHT)} deposits in flight, ${ENVELOPE_BYTES}-byte envelopes, ${fmt(Math.round(IDS / MAILBOXES))} ids per mailbox (one waiting); every deposit synced (group commit).`)
})
