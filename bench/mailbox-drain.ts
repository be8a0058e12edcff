/**
 * Time for an online client to drain a mailbox of 10,000 messages, decryption included:
 * `ParleyNode.sync()` fetches pages, opens each envelope (RSA-OAEP unwrap dominates), stores it in
 * history and acknowledges the page. Compared with the pure `open` rate measured in the same run.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/mailbox-drain.ts
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { generateDeviceRsaKey, importRsaPrivateKey, open, utf8Encode } from '@parley/protocol'
import type { RelayClient } from '@parley/node'
import {
  createUser, fmt, identityPrivateKeyOf, measureLoop, pipeline, printTable, profiled, ratio, runBenchmark, sealMany, startBenchRelay,
  textOf, timeOps, type SealBatchOptions
} from './lib.js'

const N = Number(process.env.BENCH_DRAIN ?? 10_000)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200)
const IN_FLIGHT = 64
/** Same ~1.1 KiB envelopes as relay-deposit. */
const BODY_BYTES = 300

await runBenchmark(`mailbox-drain: bob.sync() of ${fmt(N)} waiting messages, decryption included`, async () => {
  const bench = await startBenchRelay()
  const alice = await createUser(bench, 'alice')
  const bob = await createUser(bench, 'bob')
  const devices = await alice.lookup(bob.address)
  const sealOpts: SealBatchOptions = {
    sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, identityPrivateKey: identityPrivateKeyOf(alice),
    recipient: bob.address, devices, body: utf8Encode(textOf(BODY_BYTES))
  }

  process.stderr.write(`sealing ${fmt(WARMUP + N)} envelopes...\n`)
  const envs: Uint8Array[] = []
  const sealRate = await timeOps(WARMUP + N, async () => { envs.push(...await sealMany(WARMUP + N, sealOpts)) })
  const sender = await alice.connect()
  const depositAll = async (list: Uint8Array[]): Promise<void> => {
    await pipeline(list.length, IN_FLIGHT, async i => { await sender.request({ type: 'deposit', envelope: list[i] as Uint8Array }, 'deposited') })
  }

  // Warm-up: a small mailbox drained first, so code paths, the pinned contact and the RSA key are warm.
  process.stderr.write('warm-up drain...\n')
  await depositAll(envs.slice(0, WARMUP))
  const warmed = await bob.sync()
  if (warmed.length !== WARMUP) throw new Error(`warm-up drained ${warmed.length} messages, expected ${WARMUP}`)

  process.stderr.write(`depositing ${fmt(N)}...\n`)
  const depositRate = await timeOps(N, async () => { await depositAll(envs.slice(WARMUP)) })

  // The pure open rate, same run: identical envelopes sealed to a fresh device key, opened one at a time.
  process.stderr.write('pure open rate...\n')
  const probeDevice = { peerId: peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString(), rsa: await generateDeviceRsaKey() }
  const probeEnvs = await sealMany(50, { ...sealOpts, devices: [{ peerId: probeDevice.peerId, rsaPublicKey: probeDevice.rsa.publicKey }] })
  const probeKey = await importRsaPrivateKey(probeDevice.rsa.privateKey)
  let k = 0
  const openRate = await measureLoop(async () => await open(probeEnvs[k++ % probeEnvs.length] as Uint8Array, {
    deviceId: probeDevice.peerId, rsaPrivateKey: probeKey, resolveIdentityKey: async () => alice.identityKey
  }), { minMs: 3000, minOps: 200 })

  // Instrument (not change) bob's relay requests and history writes, to split the drain time.
  const client = await bob.connect() as RelayClient & { request: RelayClient['request'] }
  const spent = { fetch: 0, ack: 0, fetches: 0, acks: 0, history: 0 }
  const request = client.request.bind(client)
  client.request = (async (req: Parameters<RelayClient['request']>[0], expect: any, opts?: any) => {
    const t0 = performance.now()
    try { return await request(req, expect, opts) } finally {
      const dt = performance.now() - t0
      if (req.type === 'fetch-mail') { spent.fetch += dt; spent.fetches++ }
      if (req.type === 'ack-mail') { spent.ack += dt; spent.acks++ }
    }
  }) as RelayClient['request']
  const add = bob.history.add.bind(bob.history)
  bob.history.add = async (m) => {
    const t0 = performance.now()
    try { return await add(m) } finally { spent.history += performance.now() - t0 }
  }

  process.stderr.write('draining...\n')
  let drained = 0
  const drain = await profiled('mailbox-drain', async () => await timeOps(N, async () => { drained = (await bob.sync()).length }))
  if (drained !== N) throw new Error(`drained ${drained} messages, expected ${N}`)
  const stats = await bench.relay.mailboxes.stats('bob', bob.peerId)
  if (stats.count !== 0) throw new Error(`${stats.count} envelopes left in the mailbox after sync`)
  const stored = await bob.history.conversation(alice.address, N + WARMUP + 10)
  if (stored.length !== N + WARMUP) throw new Error(`history holds ${stored.length} messages, expected ${N + WARMUP}`)

  const predicted = (N * openRate.usPerOp) / 1e6
  const drainS = drain.ms / 1000
  const other = drainS - (spent.fetch + spent.ack + spent.history) / 1000
  console.log(`Envelope: ${envs[0]?.length ?? 0} B (${BODY_BYTES} B text, one device). Setup: sealed ${fmt(sealRate.ops)} in ${fmt(sealRate.ms / 1000, 1)} s; ` +
    `deposited ${fmt(N)} in ${fmt(depositRate.ms / 1000, 1)} s (${fmt(depositRate.perSec)}/s, ${IN_FLIGHT} in flight). Warm-up: a ${fmt(WARMUP)}-message drain first.\n`)
  printTable(['figure', 'value'], [
    ['messages drained', fmt(N)],
    ['drain time (bob.sync())', `${fmt(drainS, 2)} s`],
    ['drain rate', `${fmt(drain.perSec)} messages/s`],
    ['pure open rate (same run, one at a time)', `${fmt(openRate.perSec)} opens/s (${fmt(openRate.usPerOp / 1000, 2)} ms each)`],
    [`${fmt(N)} × open time`, `${fmt(predicted, 2)} s`],
    ['drain time / (N × open time)', ratio(drainS, predicted)],
    ['drain rate / open rate', ratio(drain.perSec, openRate.perSec)]
  ])
  console.log('Where the drain time went (timed around bob\'s relay requests and history writes; "open and the rest" is the remainder):\n')
  printTable(['part', 'seconds', 'share', 'note'], [
    ['fetch-mail requests', fmt(spent.fetch / 1000, 2), `${fmt((100 * spent.fetch) / drain.ms, 1)}%`, `${spent.fetches} pages`],
    ['ack-mail requests', fmt(spent.ack / 1000, 2), `${fmt((100 * spent.ack) / drain.ms, 1)}%`, `${spent.acks} acks (one per page, one synced batch on the relay)`],
    ['history.add', fmt(spent.history / 1000, 2), `${fmt((100 * spent.history) / drain.ms, 1)}%`, 'one get + one unsynced batch per message'],
    ['open and the rest', fmt(other, 2), `${fmt((100 * other) / drainS, 1)}%`, `N × open alone would be ${fmt(predicted, 2)} s`]
  ])
})
