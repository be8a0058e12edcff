/**
 * Group chats at 10, 100, 1,000 and 5,000 members, the protocol's part: creating the group (its
 * signed create, checked as a member's device checks it) and sealing the first sender key to
 * every other member in a 1:1 envelope, one send and one receive of a group message (encrypt and
 * sign once; verify and decrypt), re-keying after a removal (the change, a new sender key, sealed
 * to those remaining), and the bytes and header reads a relay has per group message beside a 1:1
 * message in the same run. Baselines in the same run: raw AES-256-GCM and Ed25519 through
 * WebCrypto, and one suite-1 seal. Then the same through a real relay (bench/groups-relay.ts).
 *
 * Members' devices share a pool of RSA keys (generating 5,000 RSA-3072 keys would take minutes):
 * their imports are warm, as on a device that has written to them before; the cost of a first
 * import is measured beside and added to the "cold" figure.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/groups.ts
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  GroupLog, ReceiverChain, SenderChain, createEd25519, createEnvelopes, decodeSignedGroupChange, encodeSenderKeyDistribution,
  generateDeviceRsaKey, generateIdentityKey, groupConversationId, groupStateHash, importRsaPublicKey, inspectEnvelope, inspectGroupMessage,
  openGroupMessage, randomBytes, sealGroupMessage, signGroupChange, utf8Encode, type Content, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { fmt, measureLoop, pipeline, printTable, ratio, runBenchmark, textOf, timeOps, type Rate } from './lib.js'
import { groupsThroughRelay } from './groups-relay.js'

const SIZES = (process.env.BENCH_GROUP_SIZES ?? '10,100,1000,5000').split(',').map(Number)
const RSA_POOL = Number(process.env.BENCH_GROUP_RSA_POOL ?? 16)
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 600)
const TEXT_BYTES = 300
/** Seals in flight while a sender key goes out (BENCH_GROUP_SEALS): WebCrypto runs them on the libuv pool. */
const SEAL_CONCURRENCY = Number(process.env.BENCH_GROUP_SEALS ?? 8)
const DAY = 24 * 60 * 60 * 1000

await runBenchmark(`groups: ${SIZES.map(n => fmt(n)).join(', ')} members`, async () => {
  const alice = { address: 'alice@bench.test', keys: generateIdentityKey(), device: peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString() }
  process.stderr.write(`generating ${RSA_POOL} RSA-3072 device keys...\n`)
  const pool = await Promise.all(Array.from({ length: RSA_POOL }, async () => (await generateDeviceRsaKey()).publicKey))
  const devicePeer = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const envelopes = createEnvelopes()
  const ed = createEd25519()
  const body = utf8Encode(textOf(TEXT_BYTES))

  /** Seals `body` to each of `members` (one device each), SEAL_CONCURRENCY at a time, as a node hands out a sender key. */
  const sealToEach = async (members: string[], payload: Uint8Array): Promise<number> => {
    let bytes = 0
    await pipeline(members.length, SEAL_CONCURRENCY, async i => {
      const recipient = members[i] as string
      const sealed = await envelopes.seal({
        recipient,
        devices: [{ deviceId: devicePeer, rsaPublicKey: pool[i % pool.length] as Uint8Array }],
        // The distribution's bytes as a text body: the same size and the same seal (its kind is registered with the node's group service).
        content: { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.keys.publicKey, sentAt: Date.now(), conversation: recipient, kind: 'text', body: payload },
        identityPrivateKey: alice.keys.privateKey,
        expiresAt: Date.now() + DAY
      })
      bytes += sealed.bytes.length
    })
    return bytes
  }
  const members = (n: number): Array<{ address: string, identityKey: Uint8Array }> => Array.from({ length: n - 1 }, (_, i) => ({ address: `m${i}@bench.test`, identityKey: generateIdentityKey().publicKey }))

  // Warm the key imports of the pool, then time a first import alone.
  await sealToEach(Array.from({ length: RSA_POOL }, (_, i) => `warm${i}@bench.test`), body)
  const fresh = await Promise.all(Array.from({ length: 4 }, async () => (await generateDeviceRsaKey()).publicKey))
  const importRate = await timeOps(fresh.length, async () => { for (const k of fresh) await importRsaPublicKey(k) })

  const rows: string[][] = []
  const perSize: Array<{ n: number, send: Rate, receive: Rate, groupBytes: number }> = []
  for (const n of SIZES) {
    process.stderr.write(`${fmt(n)} members...\n`)
    const invitees = members(n)
    const groupId = randomBytes(32)
    // 1. Create: sign, then decode and apply as a member's device does.
    let created!: SignedGroupChange
    let log!: GroupLog
    const create = await timeOps(1, async () => {
      created = signGroupChange({ groupId, epoch: 1, prior: new Uint8Array(0), author: alice.address, madeAt: Date.now(), action: { type: 'create', name: 'Bench', authorIdentityKey: alice.keys.publicKey, invitees } }, alice.keys.privateKey)
    })
    const check = await timeOps(1, async () => { log = GroupLog.create(decodeSignedGroupChange(created.bytes), alice.keys.publicKey) })
    // 2. The first sender key, sealed to every other member.
    const chain = SenderChain.generate(groupId, 1)
    const distribution = encodeSenderKeyDistribution(chain.distribution())
    let distributedBytes = 0
    const distribute = await timeOps(n - 1, async () => { distributedBytes = await sealToEach(invitees.map(i => i.address), distribution) })
    // 3. One send and one receive (a member holding alice's sender key).
    const receiver = new ReceiverChain(chain.distribution(), { address: alice.address, device: alice.device, identityKey: alice.keys.publicKey })
    const content: Content = { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.keys.publicKey, sentAt: Date.now(), conversation: groupConversationId(groupId), kind: 'text', body }
    const queue: Uint8Array[] = []
    const send = await measureLoop(async () => { queue.push((await sealGroupMessage(chain, { content, expiresAt: Date.now() + DAY, ed25519: ed })).bytes) }, { minMs: MIN_MS })
    let read = 0
    const receive = await measureLoop(async () => { await openGroupMessage(queue[read++] as Uint8Array, receiver, { ed25519: ed }) }, { minMs: Math.min(MIN_MS, send.ms), minOps: 1 })
    if (read > queue.length) throw new Error('read more messages than were sent')
    const groupBytes = (queue[0] as Uint8Array).length
    // 4. Re-key after a removal: the change, applied; a new sender key sealed to those remaining.
    const removed = invitees[0]?.address as string
    const rekey = await timeOps(n - 2, async () => {
      const state: GroupState = log.state
      const remove = signGroupChange({ groupId, epoch: state.epoch + 1, prior: groupStateHash(state), author: alice.address, madeAt: Date.now(), action: { type: 'remove', target: removed } }, alice.keys.privateKey)
      log.offer(decodeSignedGroupChange(remove.bytes), state.epoch + 1)
      const next = SenderChain.generate(groupId, log.state.epoch)
      await sealToEach(log.state.members.filter(m => m.address !== alice.address).map(m => m.address), encodeSenderKeyDistribution(next.distribution()))
    })
    const coldMs = distribute.ms + (n - 1) * (importRate.ms / importRate.ops)
    rows.push([
      fmt(n), fmt(create.ms + check.ms, 1), fmt(distribute.ms), fmt(coldMs), fmt(distributedBytes / 1024), fmt(send.usPerOp), fmt(receive.usPerOp), fmt(rekey.ms), fmt(groupBytes)
    ])
    perSize.push({ n, send, receive, groupBytes })
  }

  // Baselines and the relay's part, in the same run.
  const aesKey = await crypto.subtle.importKey('raw', randomBytes(32), 'AES-GCM', false, ['encrypt'])
  const plain = randomBytes(512)
  const aes = await measureLoop(async () => { await crypto.subtle.encrypt({ name: 'AES-GCM', iv: randomBytes(12) }, aesKey, plain) }, { minMs: MIN_MS })
  const seed = randomBytes(32)
  const signRate = await measureLoop(async () => { await ed.sign(seed, plain) }, { minMs: MIN_MS })
  const oneToOne = await envelopes.seal({
    recipient: 'bob@bench.test',
    devices: [{ deviceId: devicePeer, rsaPublicKey: pool[0] as Uint8Array }],
    content: { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.keys.publicKey, sentAt: Date.now(), conversation: 'bob@bench.test', kind: 'text', body },
    identityPrivateKey: alice.keys.privateKey,
    expiresAt: Date.now() + DAY
  })
  const seal1 = await measureLoop(async () => {
    await envelopes.seal({
      recipient: 'bob@bench.test',
      devices: [{ deviceId: devicePeer, rsaPublicKey: pool[0] as Uint8Array }],
      content: { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.keys.publicKey, sentAt: Date.now(), conversation: 'bob@bench.test', kind: 'text', body },
      identityPrivateKey: alice.keys.privateKey,
      expiresAt: Date.now() + DAY
    })
  }, { minMs: MIN_MS })
  const last = perSize[perSize.length - 1] as { n: number, send: Rate, receive: Rate, groupBytes: number }
  const groupChain = SenderChain.generate(randomBytes(32), 1)
  const aGroupMessage = (await sealGroupMessage(groupChain, { content: { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.keys.publicKey, sentAt: Date.now(), conversation: groupConversationId(groupChain.groupId), kind: 'text', body }, expiresAt: Date.now() + DAY })).bytes
  const inspectGroup = await measureLoop(() => inspectGroupMessage(aGroupMessage), { minMs: MIN_MS })
  const inspectOne = await measureLoop(() => inspectEnvelope(oneToOne.bytes), { minMs: MIN_MS })

  console.log(`A ${TEXT_BYTES} B text; members' devices: one each, sharing ${RSA_POOL} RSA-3072 keys (imports warm); a first import of a member's key took ${fmt(importRate.ms / importRate.ops, 2)} ms, added in "cold". Sender keys sealed ${SEAL_CONCURRENCY} at a time; sends and receives one at a time.\n`)
  printTable(['members', 'create: sign + check (ms)', 'first sender key to every other member (ms)', 'same, cold imports (ms)', 'those envelopes (KiB)', 'send (µs)', 'receive (µs)', 're-key after a removal (ms)', 'group message (B)'], rows)
  console.log('\nBaselines and the relay\'s part (same run):\n')
  printTable(['figure', 'value', 'ratio'], [
    [`send at ${fmt(last.n)} members / raw AES-256-GCM encrypt of 512 B (${fmt(aes.usPerOp, 1)} µs)`, `${fmt(last.send.usPerOp)} µs`, ratio(last.send.usPerOp, aes.usPerOp)],
    [`send at ${fmt(last.n)} members / raw Ed25519 sign, WebCrypto (${fmt(signRate.usPerOp, 1)} µs)`, `${fmt(last.send.usPerOp)} µs`, ratio(last.send.usPerOp, signRate.usPerOp)],
    [`send at ${fmt(last.n)} / send at ${fmt(perSize[0]?.n ?? 0)} members`, '', ratio(last.send.usPerOp, perSize[0]?.send.usPerOp ?? 0)],
    [`receive at ${fmt(last.n)} / receive at ${fmt(perSize[0]?.n ?? 0)} members`, '', ratio(last.receive.usPerOp, perSize[0]?.receive.usPerOp ?? 0)],
    ['one suite-1 seal to one device (the 1:1 cost per member a sender key replaces)', `${fmt(seal1.usPerOp)} µs`, ''],
    [`group message bytes at ${fmt(last.n)} / at ${fmt(perSize[0]?.n ?? 0)} members`, `${fmt(last.groupBytes)} B`, ratio(last.groupBytes, perSize[0]?.groupBytes ?? 0)],
    ['group message / 1:1 envelope to one device, bytes', `${fmt(aGroupMessage.length)} / ${fmt(oneToOne.bytes.length)} B`, ratio(aGroupMessage.length, oneToOne.bytes.length)],
    ['relay header read: group message / 1:1 envelope', `${fmt(inspectGroup.usPerOp, 1)} / ${fmt(inspectOne.usPerOp, 1)} µs`, ratio(inspectGroup.usPerOp, inspectOne.usPerOp)]
  ])
  console.log('')
  await groupsThroughRelay()
})
