/**
 * Shared helpers for the benchmarks in this folder: temp dirs, an in-process relay, verified users,
 * pre-sealed envelopes, pipelining, timing and table printing. Benchmark code only; nothing here is
 * imported by the packages.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startRelay, type Relay } from '@parley/relay'
import { ParleyNode } from '@parley/node'
import { constantTimeEqual, identityPublicKey, seal, type DeviceBundle, type Envelopes, type SealedEnvelope } from '@parley/protocol'

// The relay logs every mail and connection at info level; benchmarks want a quiet stderr.
process.env.PARLEY_LOG ??= 'silent'

/** Where temp data goes: BENCH_TMPDIR, else the OS temp dir. It must be a real disk for fsync figures to mean anything. */
export const BENCH_TMP = process.env.BENCH_TMPDIR ?? tmpdir()

const cleanups: Array<() => Promise<void>> = []

/** Registers work to run at the end (reverse order), also on failure. */
export function onCleanup (fn: () => Promise<void>): void {
  cleanups.push(fn)
}

/** Runs every registered cleanup, newest first; errors are reported, not thrown. */
export async function cleanup (): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()
    try { await fn?.() } catch (err: any) { console.error(`cleanup failed: ${err?.message ?? String(err)}`) }
  }
}

/**
 * Runs a benchmark body, always cleaning up, and exits the process (libp2p leaves timers that
 * would otherwise keep it alive). A failure exits with status 1.
 */
export async function runBenchmark (title: string, body: () => Promise<void>): Promise<void> {
  console.log(`\n## ${title}\n`)
  let failed = false
  try {
    await body()
  } catch (err: any) {
    failed = true
    console.error(`benchmark failed: ${err?.stack ?? String(err)}`)
  } finally {
    await cleanup()
  }
  process.exit(failed ? 1 : 0)
}

/** A fresh temp directory, removed at cleanup. */
export async function tempDir (prefix: string): Promise<string> {
  const dir = await mkdtemp(join(BENCH_TMP, `parley-bench-${prefix}-`))
  onCleanup(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

/**
 * Per-sender and mailbox limits lifted (the counting still runs): the throughput benchmarks have one
 * sender put tens of thousands of messages in one mailbox, far past what a stranger or a contact
 * may have waiting, and past a mailbox's 20,000.
 */
export const BENCH_SENDER_LIMITS = {
  mailbox: { maxMessages: 1e9, maxBytes: 1e12, strangerMaxMessages: 1e9, strangerMaxBytes: 1e12, contactMaxMessages: 1e9, contactMaxBytes: 1e12, strangerShare: 1 },
  senderRates: { strangerPerWindow: 1e9, contactPerWindow: 1e9 }
}

/** Starts an in-process relay (random ports, temp data dir, mail written to files, BENCH_SENDER_LIMITS); stopped at cleanup. */
export async function startBenchRelay (name = 'bench.test', options: Omit<NonNullable<Parameters<typeof startRelay>[0]>, 'name' | 'dataDir' | 'mail'> = {}): Promise<{ relay: Relay, dir: string, outbox: string }> {
  const dir = await tempDir('relay')
  const outbox = join(dir, 'outbox')
  const relay = await startRelay({ name, dataDir: join(dir, 'data'), mail: { transport: 'file', dir: outbox, from: `Parley <no-reply@${name}>` }, ...BENCH_SENDER_LIMITS, ...options })
  onCleanup(async () => { await relay.stop() })
  return { relay, dir, outbox }
}

/** Finds the verification code mailed to `email` in the relay's file outbox (newest mail first). */
export async function codeFor (outbox: string, email: string): Promise<string> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    let files: string[] = []
    try { files = (await readdir(outbox)).filter(f => f.endsWith('.eml')).sort().reverse() } catch { /* not written yet */ }
    for (const f of files) {
      const raw = await readFile(join(outbox, f), 'utf8')
      if (!raw.includes(email)) continue
      const m = /verification code[^0-9]*([0-9]{6})/i.exec(raw)
      if (m?.[1] !== undefined) return m[1]
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`no verification mail for ${email} in ${outbox}`)
}

/** A ParleyNode with a fresh keystore in a temp folder (the lowest KDF cost allowed); closed at cleanup. */
export async function openBenchNode (name: string): Promise<ParleyNode> {
  const dir = await tempDir(`node-${name}`)
  const node = await ParleyNode.open({ dataDir: join(dir, 'store'), passphrase: `${name} bench passphrase`, kdfIterations: 100_000 })
  // Closed once, whether a benchmark closes it early (to leave its mailbox alone) or cleanup does.
  const close = node.close.bind(node)
  let closing: Promise<void> | undefined
  node.close = async () => { closing ??= close(); await closing }
  onCleanup(async () => { await node.close() })
  return node
}

/** Opens a ParleyNode, registers, verifies (code read from the outbox) and logs in; closed at cleanup. */
export async function createUser (bench: { relay: Relay, outbox: string }, name: string): Promise<ParleyNode> {
  const node = await openBenchNode(name)
  const email = `${name}@example.org`
  const password = `${name}-bench-password`
  await node.register({ relayUrl: bench.relay.httpUrl, name, email, password })
  await node.verify(await codeFor(bench.outbox, email))
  await node.login(password) // also publishes this device's bundle
  return node
}

/**
 * The sender's Ed25519 identity private key seed, needed to seal envelopes outside `node.send`
 * (which seals, deposits and stores one message at a time). ParleyNode keeps it private, so this
 * reads the field and checks it against the public `identityKey` getter: if the node's internals
 * change, this fails loudly instead of producing envelopes the recipient would reject.
 */
export function identityPrivateKeyOf (node: ParleyNode): Uint8Array {
  const priv = (node as unknown as { keys?: { identity?: { privateKey?: unknown } } }).keys?.identity?.privateKey
  if (!(priv instanceof Uint8Array) || !constantTimeEqual(identityPublicKey(priv), node.identityKey)) {
    throw new Error('cannot read the sender identity key from ParleyNode (its private "keys" field changed); update bench/lib.ts')
  }
  return priv
}

/** Options for pre-sealing envelopes from one sender to one user's devices. */
export interface SealBatchOptions {
  sender: string
  senderDevice: string
  senderIdentityKey: Uint8Array
  identityPrivateKey: Uint8Array
  recipient: string
  devices: Array<Pick<DeviceBundle, 'peerId' | 'rsaPublicKey'>>
  body: Uint8Array
}

/** Seals one text envelope, as `ParleyNode.send` does (same fields, 30-day expiry); with `envelopes`, through that long-lived instance. */
export async function sealOne (o: SealBatchOptions, envelopes?: Envelopes): Promise<SealedEnvelope> {
  const sentAt = Date.now()
  return await (envelopes !== undefined ? envelopes.seal.bind(envelopes) : seal)({
    recipient: o.recipient,
    devices: o.devices.map(d => ({ deviceId: d.peerId, rsaPublicKey: d.rsaPublicKey })),
    content: { sender: o.sender, senderDevice: o.senderDevice, senderIdentityKey: o.senderIdentityKey, sentAt, conversation: o.recipient, kind: 'text', body: o.body },
    identityPrivateKey: o.identityPrivateKey,
    expiresAt: sentAt + 30 * 24 * 60 * 60 * 1000
  })
}

/** Seals `n` envelopes (a few in parallel, to keep setup short). */
export async function sealMany (n: number, o: SealBatchOptions): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array(n)
  await pipeline(n, 8, async i => { out[i] = (await sealOne(o)).bytes })
  return out
}

/** Runs `fn(0..n-1)` with at most `inFlight` calls pending at once; rejects on the first failure. */
export async function pipeline (n: number, inFlight: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++
      await fn(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker))
}

/** A throughput measurement. */
export interface Rate { ops: number, ms: number, perSec: number, usPerOp: number }

/** Times `ops` operations that took `ms` milliseconds. */
export function rateOf (ops: number, ms: number): Rate {
  return { ops, ms, perSec: ops / (ms / 1000), usPerOp: (ms * 1000) / ops }
}

/** Times an async block that performs `ops` operations. */
export async function timeOps (ops: number, fn: () => Promise<unknown>): Promise<Rate> {
  const t0 = performance.now()
  await fn()
  return rateOf(ops, performance.now() - t0)
}

/**
 * Calls `fn` repeatedly, one at a time (or `concurrency` at a time): first for `warmupMs`, then
 * measured until at least `minMs` have passed and `minOps` calls completed; with `rounds` > 1 the
 * measured part is repeated and the fastest round is kept (on a shared machine, interference only
 * ever slows a round down).
 */
export async function measureLoop (fn: () => Promise<unknown> | unknown, opts: { minMs?: number, minOps?: number, warmupMs?: number, concurrency?: number, rounds?: number } = {}): Promise<Rate> {
  const { minMs = 1500, minOps = 20, warmupMs = 300, concurrency = 1, rounds = 1 } = opts
  const run = async (untilMs: number, atLeast: number): Promise<{ ops: number, ms: number }> => {
    const t0 = performance.now()
    let ops = 0
    const worker = async (): Promise<void> => {
      while (performance.now() - t0 < untilMs || ops < atLeast) {
        ops++
        await fn()
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return { ops, ms: performance.now() - t0 }
  }
  await run(warmupMs, 3)
  let best: Rate | undefined
  for (let r = 0; r < rounds; r++) {
    const { ops, ms } = await run(minMs, minOps)
    const rate = rateOf(ops, ms)
    if (best === undefined || rate.perSec > best.perSec) best = rate
  }
  return best as Rate
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt (n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n)
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Formats a ratio such as `0.42×`. */
export function ratio (a: number, b: number): string {
  if (b === 0 || !Number.isFinite(a / b)) return 'n/a'
  const r = a / b
  return `${r >= 10 ? fmt(r, 1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`
}

/** Prints a Markdown table (readable in a terminal, pasteable into docs/BENCHMARKS.md). */
export function printTable (headers: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map(r => r.map(c => typeof c === 'number' ? fmt(c) : c))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map(r => (r[i] ?? '').length)))
  const numeric = headers.map((_, i) => cells.every(r => /^[-0-9.,×%~ n/a]*$/.test(r[i] ?? '')))
  const line = (r: string[]): string => `| ${r.map((c, i) => numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(line(headers))
  console.log(`|${widths.map((w, i) => numeric[i] === true ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2)).join('|')}|`)
  for (const r of cells) console.log(line(r))
  console.log('')
}

/** A text of exactly `bytes` ASCII bytes. */
export function textOf (bytes: number): string {
  const words = 'the quick brown fox jumps over the lazy dog while parley relays sealed envelopes '
  return words.repeat(Math.ceil(bytes / words.length)).slice(0, bytes)
}

/** Median of a list of numbers. */
export function median (xs: number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/**
 * With BENCH_PROFILE=<dir>, records a CPU profile of `fn` to <dir>/<name>.cpuprofile (open it in
 * Chrome DevTools) and prints the functions with the most self time; otherwise just runs `fn`.
 */
export async function profiled<T> (name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE
  if (dir === undefined || dir === '') return await fn()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 250 })
  await session.post('Profiler.start')
  let result: T
  try {
    result = await fn()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    session.disconnect()
    await mkdir(dir, { recursive: true })
    const file = join(dir, `${name}.cpuprofile`)
    await writeFile(file, JSON.stringify(profile))
    const self = new Map<string, number>()
    const byId = new Map(profile.nodes.map(n => [n.id, n]))
    for (const id of profile.samples ?? []) {
      const f = byId.get(id)?.callFrame
      const where = f?.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(protocol|node|relay|bench)\//, '$1/') ?? ''
      const key = f === undefined ? '?' : f.functionName === '' && where === '' ? '(native code)' : `${f.functionName === '' ? '(anonymous)' : f.functionName} ${where}`.trim()
      self.set(key, (self.get(key) ?? 0) + 1)
    }
    const total = profile.samples?.length ?? 0
    console.log(`CPU profile of "${name}" written to ${file}; top self time:\n`)
    printTable(['function', 'self %'], [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, fmt((100 * v) / total, 1)]))
  }
  return result
}

/**
 * Calls `onBatch` with the operations (prefixed keys) and options of every batch the relay's
 * RelayDb writes; false when its LevelDB cannot be reached (a private field changed), and the
 * caller's figures are then missing, not wrong. Measurement only.
 */
export function watchRelayBatches (relay: Relay, onBatch: (ops: any[], options: { sync?: boolean } | undefined) => void): boolean {
  const level = (relay.mailboxes as unknown as { db?: { level?: { _batch?: (...args: any[]) => Promise<void> } } }).db?.level
  const original = level?._batch
  if (level === undefined || typeof original !== 'function') return false
  level._batch = function (this: unknown, ...args: any[]) {
    if (Array.isArray(args[0])) onBatch(args[0], args[1])
    return original.apply(this, args)
  }
  return true
}
