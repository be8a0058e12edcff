/**
 * Group chats through a real relay (in process, random ports, LevelDB on disk), over the relay
 * protocol as devices speak it: group posts per second into a group of 10 and of 5,000 members
 * (the relay stores each once, whatever the member count), a member's device reading the log
 * (group-fetch pages, group-ack), and a sender key handed to 5,000 member devices (5,000 suite-1
 * envelopes sealed, then deposited 64 to a deposit-many request, as the node's group service
 * does). Baselines in the same run: 1:1 deposits of a ~1.1 KiB envelope to one device on the
 * same kind of stream, and the log read in process (the relay's store alone, no RPC).
 *
 * The 5,000 members of the large group are entries of the relay's group log (set in process):
 * posting and reading cost the same whether they have accounts or not. The sender key goes to
 * BENCH_GROUP_RECIPIENTS real accounts (16 by default, each with a published device), round
 * robin: every account costs a password hash and an RSA key, and a deposit costs the same in any
 * mailbox.
 *
 * Part of `npm run bench -- groups` (bench/groups.ts runs it after the protocol's part).
 */
import {
  SenderChain, createEnvelopes, encodeSenderKeyDistribution, groupConversationId, randomBytes, sealGroupMessage, toHex, utf8Encode,
  MAX_DEPOSIT_BATCH
} from '@parley/protocol'
import type { RelayClient } from '@parley/node'
import type { Relay } from '@parley/relay'
import { MemberMail } from '../node/src/groups/member-mail.js'
import { createUser, fmt, identityPrivateKeyOf, median, pipeline, printTable, ratio, sealMany, startBenchRelay, textOf, timeOps, watchRelayBatches, type Rate } from './lib.js'
import { loggedInStreams } from './lib-transport.js'

/** Member counts of the groups posted to (BENCH_GROUP_RELAY_SIZES): the smallest and largest of the protocol's part by default. */
const SIZES = (process.env.BENCH_GROUP_RELAY_SIZES ?? '10,5000').split(',').map(Number)
const POSTS = Number(process.env.BENCH_GROUP_POSTS ?? 3000)
const WARMUP = 200
const IN_FLIGHT = 64
const DISTRIBUTION = Number(process.env.BENCH_GROUP_DISTRIBUTION ?? 5000)
const RECIPIENTS = Number(process.env.BENCH_GROUP_RECIPIENTS ?? 16)
/** Seals in flight for the distribution, and deposit-many requests in flight, as the node's MemberMail has them. */
const SEALS_IN_FLIGHT = 8
const DEPOSITS_IN_FLIGHT = 4
const TEXT_BYTES = 300
const DAY = 24 * 60 * 60 * 1000
const LOOSE = { perSecond: 1e9, burst: 1e9 }

/**
 * Bytes the relay writes (keys and values, every batch) while `on`, and the mail or group
 * messages among them: its storage per message. Reaches the relay's LevelDB through a private
 * field, for measurement only; if that changes, the figures are missing, not wrong.
 */
function watchWrites (relay: Relay): { on: boolean, bytes: number, puts: number } {
  const watch = { on: false, bytes: 0, puts: 0 }
  const watching = watchRelayBatches(relay, ops => {
    if (!watch.on) return
    for (const op of ops) {
      if (op.type !== 'put') continue
      watch.puts++
      watch.bytes += Buffer.byteLength(String(op.key)) + (op.value instanceof Uint8Array ? op.value.length : Buffer.byteLength(String(op.value)))
    }
  })
  if (!watching) console.warn('warning: cannot see the relay\'s RelayDb (private field changed); bytes written will be missing')
  return watch
}

/** Bytes and puts per operation written by `run` (which performs `ops` of them). */
async function writtenBy (watch: { on: boolean, bytes: number, puts: number }, ops: number, run: () => Promise<unknown>): Promise<{ bytes: number, puts: number }> {
  watch.bytes = 0
  watch.puts = 0
  watch.on = true
  try { await run() } finally { watch.on = false }
  return { bytes: watch.bytes / ops, puts: watch.puts / ops }
}

/** Group messages through a real relay: prints its tables. */
export async function groupsThroughRelay (): Promise<void> {
  const bench = await startBenchRelay('bench.test', {
    requestLimits: { groupPostsPerAccount: LOOSE, groupRequestsPerAccount: LOOSE, lookupsPerAccount: LOOSE, bulkLookupsPerAccount: LOOSE },
    groups: { maxMessages: 1e9, maxBytes: 1e13, maxMessagesPerPoster: 1e9, maxBytesPerPoster: 1e13, maxPendingGroupsPerInviter: 1e9, maxPendingGroupsPerAccount: 1e9 }
  })
  const { relay } = bench
  const watch = watchWrites(relay)
  process.stderr.write(`making ${RECIPIENTS + 2} accounts...\n`)
  const alice = await createUser(bench, 'alice')
  const bob = await createUser(bench, 'bob')
  const recipients = await Promise.all(Array.from({ length: RECIPIENTS }, async (_, i) => await createUser(bench, `r${i}`)))
  // Their mailboxes are read by the benchmark's own streams, not by their devices.
  const bundles = await Promise.all(recipients.map(async r => ({ address: r.address, devices: await alice.lookup(r.address) })))
  const devices = await alice.lookup(bob.address)
  for (const node of [bob, ...recipients]) await node.close()
  const [aliceStream] = await loggedInStreams(relay, 1, 'alice', 'alice-bench-password') as [RelayClient]
  const [bobStream] = await loggedInStreams(relay, 1, 'bob', 'bob-bench-password') as [RelayClient]
  const body = utf8Encode(textOf(TEXT_BYTES))

  // Baseline: 1:1 deposits to bob's one device.
  process.stderr.write('sealing 1:1 envelopes...\n')
  const envelopes = await sealMany(WARMUP + POSTS + 100, { sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, identityPrivateKey: identityPrivateKeyOf(alice), recipient: bob.address, devices, body })
  const deposit = async (i: number): Promise<void> => { await aliceStream.request({ type: 'deposit', envelope: envelopes[i] as Uint8Array, contact: true }, 'deposited') }
  await pipeline(WARMUP, IN_FLIGHT, deposit)
  const deposits = await timeOps(POSTS, async () => { await pipeline(POSTS, IN_FLIGHT, async i => { await deposit(WARMUP + i) }) })
  // Bytes written per deposit, on 100 more (one at a time, so nothing else is in their batches).
  const depositWrites = await writtenBy(watch, 100, async () => { for (let i = 0; i < 100; i++) await deposit(WARMUP + POSTS + i) })

  // Group posts, at each size; bob reads the largest group's log.
  const rows: string[][] = []
  let largest: { groupId: Uint8Array, n: number } | undefined
  const postRates: Rate[] = []
  let groupBytes = 0
  let oneByOne = NaN
  const writes: Array<{ n: number, bytes: number, puts: number }> = []
  for (const n of SIZES) {
    process.stderr.write(`${fmt(n)} members: sealing ${fmt(WARMUP + POSTS)} group messages...\n`)
    const chain = SenderChain.generate(randomBytes(32), 1)
    const members = ['alice', 'bob', ...Array.from({ length: Math.max(0, n - 2) }, (_, i) => `m${i}`)]
    await relay.groups.setMembers(chain.groupId, randomBytes(32), { add: members, remove: [] }, 'alice')
    const messages: Uint8Array[] = []
    for (let i = 0; i < WARMUP + POSTS + 150; i++) {
      messages.push((await sealGroupMessage(chain, {
        content: { sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, sentAt: Date.now(), conversation: groupConversationId(chain.groupId), kind: 'text', body },
        expiresAt: Date.now() + DAY
      })).bytes)
    }
    groupBytes = messages[0]?.length ?? 0
    const post = async (i: number): Promise<void> => { await aliceStream.request({ type: 'group-post', message: messages[i] as Uint8Array }, 'group-posted') }
    await pipeline(WARMUP, IN_FLIGHT, post)
    const rate = await timeOps(POSTS, async () => { await pipeline(POSTS, IN_FLIGHT, async i => { await post(WARMUP + i) }) })
    // One at a time: a post's round trip, what a person waits for.
    const singles: number[] = []
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now()
      await post(WARMUP + POSTS + i)
      singles.push(performance.now() - t0)
    }
    oneByOne = median(singles)
    const postWrites = await writtenBy(watch, 100, async () => { for (let i = 0; i < 100; i++) await post(WARMUP + POSTS + 50 + i) })
    postRates.push(rate)
    writes.push({ n, ...postWrites })
    rows.push([fmt(n), fmt(rate.perSec), fmt(rate.usPerOp), fmt(oneByOne, 2), ratio(rate.perSec, deposits.perSec), fmt(postWrites.bytes), fmt(postWrites.puts, 1)])
    largest = { groupId: chain.groupId, n }
  }
  // Many groups at once, one post in flight in each: what a relay serving many groups does.
  process.stderr.write(`${IN_FLIGHT} groups of ${SIZES[0]} members: sealing...\n`)
  const chains = await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    const chain = SenderChain.generate(randomBytes(32), 1)
    await relay.groups.setMembers(chain.groupId, randomBytes(32), { add: ['alice', 'bob', ...Array.from({ length: Math.max(0, SIZES[0]! - 2) }, (_, i) => `m${i}`)], remove: [] }, 'alice')
    return chain
  }))
  const spread: Uint8Array[] = []
  for (let i = 0; i < WARMUP + POSTS; i++) {
    const chain = chains[i % chains.length]!
    spread.push((await sealGroupMessage(chain, {
      content: { sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, sentAt: Date.now(), conversation: groupConversationId(chain.groupId), kind: 'text', body },
      expiresAt: Date.now() + DAY
    })).bytes)
  }
  // Worker w posts only to group w: one post in flight per group.
  const postSpread = async (from: number, count: number): Promise<void> => {
    await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, w) => {
      for (let i = from + w; i < from + count; i += IN_FLIGHT) await aliceStream.request({ type: 'group-post', message: spread[i] as Uint8Array }, 'group-posted')
    }))
  }
  await postSpread(0, WARMUP)
  const spreadRate = await timeOps(POSTS, async () => { await postSpread(WARMUP, POSTS) })
  rows.push([`${fmt(SIZES[0]!)}, in ${IN_FLIGHT} groups (one post in flight each)`, fmt(spreadRate.perSec), fmt(spreadRate.usPerOp), '', ratio(spreadRate.perSec, deposits.perSec), '', ''])

  const total = WARMUP + POSTS + 150
  let read = 0
  const fetchRate = await timeOps(total, async () => {
    for (let more = true; more;) {
      const page = await bobStream.request({ type: 'group-fetch', groupId: largest!.groupId, afterSeq: 0 }, 'group-mail')
      const last = page.items.at(-1)?.seq
      read += page.items.length
      if (last !== undefined) await bobStream.request({ type: 'group-ack', groupId: largest!.groupId, seq: last }, 'ok')
      more = page.more && page.items.length > 0
    }
  })
  if (read !== total) throw new Error(`bob read ${read} group messages, not ${total}`)
  // The same log read in process by another device of bob's: the relay's store alone, no RPC.
  const inProcess = await timeOps(total, async () => {
    let after = 0
    for (let more = true; more;) {
      const page = await relay.groups.fetch(largest!.groupId, { user: 'bob', device: 'bench-in-process' }, after)
      after = page.items.at(-1)?.seq ?? after
      more = page.more && page.items.length > 0
    }
  })

  // A sender key to DISTRIBUTION member devices: sealed, then deposited 64 to a request.
  process.stderr.write(`a sender key to ${fmt(DISTRIBUTION)} devices...\n`)
  const sealer = createEnvelopes()
  const aliceKey = identityPrivateKeyOf(alice)
  const distribution = encodeSenderKeyDistribution(SenderChain.generate(randomBytes(32), 1).distribution())
  const sealed: Uint8Array[] = new Array(DISTRIBUTION)
  let sealedBytes = 0
  const seal = await timeOps(DISTRIBUTION, async () => {
    await pipeline(DISTRIBUTION, SEALS_IN_FLIGHT, async i => {
      const to = bundles[i % bundles.length]!
      const s = await sealer.seal({
        recipient: to.address,
        devices: to.devices.map(d => ({ deviceId: d.peerId, rsaPublicKey: d.rsaPublicKey })),
        content: { sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, sentAt: Date.now(), conversation: to.address, kind: 'sender-key', body: distribution },
        identityPrivateKey: aliceKey,
        expiresAt: Date.now() + DAY
      })
      sealed[i] = s.bytes
      sealedBytes += s.bytes.length
    })
  })
  const batches = Math.ceil(DISTRIBUTION / MAX_DEPOSIT_BATCH)
  const depositMany = await timeOps(DISTRIBUTION, async () => {
    await pipeline(batches, DEPOSITS_IN_FLIGHT, async b => {
      const deposits = sealed.slice(b * MAX_DEPOSIT_BATCH, (b + 1) * MAX_DEPOSIT_BATCH).map(envelope => ({ envelope }))
      const answer = await aliceStream.request({ type: 'deposit-many', deposits }, 'deposited-many')
      const refused = answer.results.filter(r => r.type !== 'deposited')
      if (refused.length > 0) throw new Error(`${refused.length} deposits refused: ${JSON.stringify(refused[0])}`)
    })
  })

  // The same through the node's own MemberMail: batches deposited while the next are sealed.
  const bundleOf = new Map(bundles.map(b => [b.address, b.devices]))
  const memberMail = new MemberMail({
    relay: aliceStream,
    crypto: {
      seal: async (r: { recipient: string, conversation: string, kind: 'sender-key', body: Uint8Array, bundles: Array<{ peerId: string, rsaPublicKey: Uint8Array }> }) => {
        const content = { sender: alice.address, senderDevice: alice.peerId, senderIdentityKey: alice.identityKey, sentAt: Date.now(), conversation: r.conversation, kind: r.kind, body: r.body }
        const s = await sealer.seal({ recipient: r.recipient, devices: r.bundles.map(d => ({ deviceId: d.peerId, rsaPublicKey: d.rsaPublicKey })), content, identityPrivateKey: aliceKey, expiresAt: Date.now() + DAY })
        return { bytes: s.bytes, messageId: s.messageId, content, expiresAt: Date.now() + DAY }
      }
    }
  } as any, { self: () => alice.address, bundles: async (address: string) => bundleOf.get(address) ?? [] })
  const addresses = Array.from({ length: DISTRIBUTION }, (_, i) => bundles[i % bundles.length]!.address)
  let handed = 0
  const throughMemberMail = await timeOps(DISTRIBUTION, async () => { handed = (await memberMail.each(toHex(randomBytes(32)), addresses, 'sender-key', () => distribution)).length })
  if (handed !== DISTRIBUTION) throw new Error(`MemberMail reached ${handed} of ${DISTRIBUTION}`)

  console.log(`Through a real relay (in process, LevelDB on disk): a ${TEXT_BYTES} B text, group messages of ${fmt(groupBytes)} B, 1:1 envelopes to one device of ${fmt(envelopes[0]?.length ?? 0)} B. ${fmt(POSTS)} timed after ${WARMUP} untimed, ${IN_FLIGHT} in flight on one logged-in stream; one-at-a-time round trips: median of 50; bytes written (keys and values of every put, all tables): mean of 100 posted one at a time.`)
  console.log('')
  printTable(['members', 'group posts/s', 'µs per post', 'one post, round trip (ms)', 'vs 1:1 deposits/s', 'bytes written per post', 'puts per post'], rows)
  printTable(['figure', 'value', 'ratio'], [
    ['1:1 deposits/s to one device (baseline, same stream)', fmt(deposits.perSec), ''],
    [`bytes written per group post at ${fmt(writes.at(-1)!.n)} / at ${fmt(writes[0]!.n)} members`, `${fmt(writes.at(-1)!.bytes)} / ${fmt(writes[0]!.bytes)} B`, ratio(writes.at(-1)!.bytes, writes[0]!.bytes)],
    [`bytes written per group post at ${fmt(writes.at(-1)!.n)} members / per 1:1 deposit to one device (${fmt(depositWrites.puts, 1)} puts)`, `${fmt(writes.at(-1)!.bytes)} / ${fmt(depositWrites.bytes)} B`, ratio(writes.at(-1)!.bytes, depositWrites.bytes)],
    [`group posts/s at ${fmt(SIZES.at(-1)!)} / at ${fmt(SIZES[0]!)} members`, `${fmt(postRates.at(-1)!.perSec)} / ${fmt(postRates[0]!.perSec)}`, ratio(postRates.at(-1)!.perSec, postRates[0]!.perSec)],
    [`a member device reading the ${fmt(largest!.n)}-member log over RPC (group-fetch + group-ack), messages/s`, fmt(fetchRate.perSec), ratio(fetchRate.perSec, inProcess.perSec)],
    ['the same log read in process (GroupLogStore.fetch, no RPC), messages/s (baseline)', fmt(inProcess.perSec), ''],
    [`a sender key to ${fmt(DISTRIBUTION)} devices: sealing (ms, ${SEALS_IN_FLIGHT} in flight)`, fmt(seal.ms), ''],
    [`the same: deposit-many, ${batches} requests of ${MAX_DEPOSIT_BATCH} (ms, ${DEPOSITS_IN_FLIGHT} in flight)`, fmt(depositMany.ms), ''],
    ['the same: sealed, then deposited (s)', fmt((seal.ms + depositMany.ms) / 1000, 2), ''],
    ['the same through the node\'s MemberMail, deposits under way while it seals (s) / sealing alone', fmt(throughMemberMail.ms / 1000, 2), ratio(throughMemberMail.ms, seal.ms)],
    ['the same: envelopes deposited per second / 1:1 deposits/s', fmt(depositMany.perSec), ratio(depositMany.perSec, deposits.perSec)],
    ['the same: bytes deposited (MiB)', fmt(sealedBytes / 1048576, 1), ''],
    [`one group post at ${fmt(SIZES.at(-1)!)} members, round trip (ms) / the sender key to every device`, fmt(oneByOne, 2), ratio(oneByOne, seal.ms + depositMany.ms)]
  ])
}
