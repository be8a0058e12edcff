import { expect } from 'chai'
import {
  GroupLog, SenderChain, createEd25519, encodeGroupManage, encodeSenderKeyDistribution, encodeTextBody, generateIdentityKey, groupConversationId,
  fromHex, groupStateHash, randomBytes, sealGroupMessage, signGroupChange, toHex, type Content, type IdentityKeyPair
} from '@parley/protocol'
import { NodeEvents } from '../../src/events.js'
import { History } from '../../src/history.js'
import { KeyLock } from '../../src/key-lock.js'
import type { NodeStore } from '../../src/node-store.js'
import { GroupIntake } from '../../src/groups/intake.js'
import { GroupRecords, withLog } from '../../src/groups/records.js'
import type { GroupsComponents } from '../../src/groups/shared.js'
import { memoryStore } from '../fakes.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'
const MALLORY = 'mallory@relay.test'

/** Bob's device taking in a group of alice (admin), bob and mallory, over an in-memory store and a relay that only takes acknowledgements. */
describe('GroupIntake', function () {
  this.timeout(20_000)
  let store: NodeStore
  let history: History
  let records: GroupRecords
  let intake: GroupIntake
  let notices: Array<{ id: string, reason: string }>
  let ids: Record<string, IdentityKeyPair>
  let groupId: Uint8Array
  let id: string
  let log: GroupLog
  let events: NodeEvents
  const ed25519 = createEd25519()

  beforeEach(async () => {
    ids = { [ALICE]: generateIdentityKey(), [BOB]: generateIdentityKey(), [MALLORY]: generateIdentityKey() }
    store = await memoryStore(ids[BOB])
    history = new History(store)
    records = new GroupRecords(store)
    notices = []
    const relay = { request: async (req: { type: string }) => req.type === 'group-fetch' ? { type: 'group-mail', items: [], more: false } : { type: 'ok' } }
    events = new NodeEvents()
    const c = {
      store, relay, clock: { now: () => Date.now() }, events, history, crypto: {} as any, ed25519,
      notices: { record: async (messageId: string, err: any) => { notices.push({ id: messageId, reason: err?.message ?? String(err) }) } }
    } as unknown as GroupsComponents
    intake = new GroupIntake(c, { self: () => BOB, deviceId: 'bob-device', identity: ids[BOB] as IdentityKeyPair, bundles: async () => [], track: () => {} }, records, new KeyLock(), { settle: async r => r, tidy: async r => r })
    groupId = randomBytes(32)
    id = toHex(groupId)
    const create = signGroupChange({
      groupId, epoch: 1, prior: new Uint8Array(0), author: ALICE, madeAt: Date.now(),
      action: { type: 'create', name: 'Plans', authorIdentityKey: (ids[ALICE] as IdentityKeyPair).publicKey, invitees: [BOB, MALLORY].map(a => ({ address: a, identityKey: (ids[a] as IdentityKeyPair).publicKey })) }
    }, (ids[ALICE] as IdentityKeyPair).privateKey)
    log = GroupLog.create(create, (ids[ALICE] as IdentityKeyPair).publicKey)
    await records.put(withLog({ id, status: 'member', log: [], keyHandedTo: [], ownKeyIds: [], rotate: false, seq: 0, ahead: [], parts: [], held: [], since: Date.now() }, log))
  })

  afterEach(async () => { await store.close() })

  const content = (sender: string, kind: Content['kind'], body: Uint8Array): Content => ({
    sender, senderDevice: `${sender}-device`, senderIdentityKey: (ids[sender] as IdentityKeyPair).publicKey, sentAt: Date.now(), conversation: groupConversationId(groupId), kind, body
  })
  const post = async (chain: SenderChain, sender: string, kind: Content['kind'], body: Uint8Array): Promise<Uint8Array> =>
    (await sealGroupMessage(chain, { content: content(sender, kind, body), expiresAt: Date.now() + 60_000, ed25519 })).bytes
  const texts = async (): Promise<string[]> => (await history.conversation(groupConversationId(groupId))).filter(m => m.system !== true).map(m => `${m.sender}: ${m.text}`)

  it('reads a member\'s messages when another member handed out their key id first, under their own chain', async () => {
    const alice = SenderChain.generate(groupId, 1)
    // Mallory learnt alice's key id (it is in every header) and hands bob a chain of hers under it.
    const forged = SenderChain.generate(groupId, 1)
    const stolen = { ...forged.distribution(), keyId: alice.distribution().keyId }
    await intake.takeDirect(content(MALLORY, 'sender-key', encodeSenderKeyDistribution(stolen)))
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    await intake.take(id, [{ seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('from alice')), receivedAt: Date.now() }])
    expect(await texts()).to.deep.equal([`${ALICE}: from alice`])
    expect(notices).to.deep.equal([])
    // Both chains are kept apart: one per owner under the key id.
    expect((await records.chainsUnder(id, toHex(alice.keyId))).map(c => c.sender).sort()).to.deep.equal([ALICE, MALLORY])
  })

  it('reads a member\'s messages when another member handed out their key id and signing key first, under a chain key of her own', async () => {
    const alice = SenderChain.generate(groupId, 1)
    // Mallory holds alice's distribution (she is a member): she copies its key id and signing key,
    // so alice's messages verify under her chain, but do not decrypt under it.
    const forged = { ...alice.distribution(), chainKey: randomBytes(32) }
    await intake.takeDirect(content(MALLORY, 'sender-key', encodeSenderKeyDistribution(forged)))
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    await intake.take(id, [
      { seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('one')), receivedAt: Date.now() },
      { seq: 2, message: await post(alice, ALICE, 'text', encodeTextBody('two')), receivedAt: Date.now() }
    ])
    expect(await texts()).to.deep.equal([`${ALICE}: one`, `${ALICE}: two`])
    expect(notices).to.deep.equal([])
  })

  it('keeps at most four owners under one key id, refusing the next with its reason', async () => {
    const alice = SenderChain.generate(groupId, 1)
    const reasons: string[] = []
    for (let i = 0; i < 5; i++) {
      const sender = `m${i}@relay.test`
      ids[sender] = generateIdentityKey()
      const copy = { ...SenderChain.generate(groupId, 1).distribution(), keyId: alice.distribution().keyId }
      // Not members: refused before anything is kept, whatever the key id.
      await intake.takeDirect(content(sender, 'sender-key', encodeSenderKeyDistribution(copy))).catch(err => { reasons.push(err.message) })
    }
    expect(reasons).to.have.length(5)
    for (const r of reasons) expect(r).to.match(/not in the group/)
    // Members handing out one key id: mallory's five devices.
    const devices: string[] = []
    for (let i = 0; i < 5; i++) {
      const copy = { ...SenderChain.generate(groupId, 1).distribution(), keyId: alice.distribution().keyId }
      await intake.takeDirect({ ...content(MALLORY, 'sender-key', encodeSenderKeyDistribution(copy)), senderDevice: `mallory-device-${i}` }).then(() => devices.push('kept'), err => devices.push(err.message))
    }
    expect(devices.slice(0, 4)).to.deep.equal(['kept', 'kept', 'kept', 'kept'])
    expect(devices[4]).to.match(/too many sender keys under one key id/)
    expect(await records.chainsUnder(id, toHex(alice.keyId))).to.have.length(4)
  })

  it('moves a sender key stored under its key id alone to its owner\'s place once, so one copy of it stands', async () => {
    const alice = SenderChain.generate(groupId, 1)
    const { ReceiverChain } = await import('@parley/protocol')
    const chain = new ReceiverChain(alice.distribution(), { address: ALICE, device: `${ALICE}-device`, identityKey: (ids[ALICE] as IdentityKeyPair).publicKey })
    await store.groupKeys.put(`${id}\x00${toHex(alice.keyId)}`, chain.toRecord())
    expect((await records.chainsUnder(id, toHex(alice.keyId))).map(c => c.sender)).to.deep.equal([ALICE])
    const keys: string[] = []
    for await (const key of store.groupKeys.keys({ gt: `${id}\x00`, lt: `${id}\x01` })) keys.push(key)
    expect(keys).to.deep.equal([`${id}\x00${toHex(alice.keyId)}\x00${chain.ownerTag}`])
    await intake.take(id, [{ seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('kept')), receivedAt: Date.now() }])
    expect(await texts()).to.deep.equal([`${ALICE}: kept`])
  })

  it('does not hang on a kept change that names a state it does not hold, and takes in the genuine change and messages after it', async () => {
    const alice = SenderChain.generate(groupId, 1)
    const mallory = SenderChain.generate(groupId, 1)
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    await intake.takeDirect(content(MALLORY, 'sender-key', encodeSenderKeyDistribution(mallory.distribution())))
    const state = log.state
    // Mallory posts a change two states ahead, on a state nobody holds: it is kept for later.
    const ahead = signGroupChange({ groupId, epoch: state.epoch + 2, prior: randomBytes(32), author: MALLORY, madeAt: Date.now(), action: { type: 'rename', name: 'Never' } }, (ids[MALLORY] as IdentityKeyPair).privateKey)
    const rename = signGroupChange({ groupId, epoch: state.epoch + 1, prior: groupStateHash(state), author: ALICE, madeAt: Date.now(), action: { type: 'rename', name: 'Genuine' } }, (ids[ALICE] as IdentityKeyPair).privateKey)
    await intake.take(id, [
      { seq: 1, message: await post(mallory, MALLORY, 'group-change', ahead.bytes), receivedAt: Date.now() },
      { seq: 2, message: await post(alice, ALICE, 'group-change', rename.bytes), receivedAt: Date.now() },
      { seq: 3, message: await post(alice, ALICE, 'text', encodeTextBody('after the rename')), receivedAt: Date.now() }
    ])
    const record = await records.get(id)
    expect(record?.seq).to.equal(3)
    expect(await texts()).to.deep.equal([`${ALICE}: after the rename`])
    const { logOf } = await import('../../src/groups/records.js')
    expect(logOf(record!)?.state.name).to.equal('Genuine')
  })

  it('tells of a change (its event and its line) only once it is stored, so a listener that reads the group finds it', async () => {
    const alice = SenderChain.generate(groupId, 1)
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    const rename = signGroupChange({ groupId, epoch: log.state.epoch + 1, prior: groupStateHash(log.state), author: ALICE, madeAt: Date.now(), action: { type: 'rename', name: 'Picnic' } }, (ids[ALICE] as IdentityKeyPair).privateKey)
    const seen: string[] = []
    const read = async (what: string): Promise<void> => {
      const record = await records.get(id)
      seen.push(`${what}: seq ${record?.seq}, ${record !== undefined && record.log.length > 0 ? 'stored' : 'not stored'}`)
    }
    const reads: Array<Promise<void>> = []
    events.on('group', () => { reads.push(read('group')) })
    events.on('message', e => { if (e.message.system === true) reads.push(read('line')) })
    await intake.take(id, [{ seq: 1, message: await post(alice, ALICE, 'group-change', rename.bytes), receivedAt: Date.now() }])
    await Promise.all(reads)
    expect(seen).to.deep.equal(['line: seq 1, stored', 'group: seq 1, stored'])
  })

  it('keeps a manage key handed to it just before it is made an admin, whatever changes come first', async () => {
    const alice = SenderChain.generate(groupId, 1)
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    const manage = randomBytes(32)
    await intake.takeDirect(content(ALICE, 'group-manage', encodeGroupManage({ groupId, manageKey: manage })))
    const local = log.copy()
    const rename = signGroupChange({ groupId, epoch: local.state.epoch + 1, prior: groupStateHash(local.state), author: ALICE, madeAt: Date.now(), action: { type: 'rename', name: 'First' } }, (ids[ALICE] as IdentityKeyPair).privateKey)
    local.offer(rename, 1)
    const promote = signGroupChange({ groupId, epoch: local.state.epoch + 1, prior: groupStateHash(local.state), author: ALICE, madeAt: Date.now(), action: { type: 'set-admin', target: BOB, admin: true } }, (ids[ALICE] as IdentityKeyPair).privateKey)
    await intake.take(id, [
      { seq: 1, message: await post(alice, ALICE, 'group-change', rename.bytes), receivedAt: Date.now() },
      { seq: 2, message: await post(alice, ALICE, 'group-change', promote.bytes), receivedAt: Date.now() }
    ])
    const record = await records.get(id)
    expect(record?.seq).to.equal(2)
    expect(record?.manageKey).to.equal(toHex(manage))
  })

  it('refuses a sender key from someone not in the group, and keeps nothing of it', async () => {
    const stranger = SenderChain.generate(groupId, 1)
    ids['eve@relay.test'] = generateIdentityKey()
    let refused: unknown
    await intake.takeDirect(content('eve@relay.test', 'sender-key', encodeSenderKeyDistribution(stranger.distribution()))).catch(err => { refused = err })
    expect((refused as Error)?.message).to.match(/not in the group/)
    const record = await records.get(id)
    expect(record?.ahead).to.deep.equal([])
  })

  it('takes a page in again whole when taking it in stopped half way, reading nothing as a replay and missing no change', async () => {
    const alice = SenderChain.generate(groupId, 1)
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    const rename = signGroupChange({ groupId, epoch: log.state.epoch + 1, prior: groupStateHash(log.state), author: ALICE, madeAt: Date.now(), action: { type: 'rename', name: 'Renamed' } }, (ids[ALICE] as IdentityKeyPair).privateKey)
    const page = [
      { seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('one')), receivedAt: Date.now() },
      { seq: 2, message: await post(alice, ALICE, 'group-change', rename.bytes), receivedAt: Date.now() },
      { seq: 3, message: await post(alice, ALICE, 'text', encodeTextBody('three')), receivedAt: Date.now() }
    ]
    // The disk fails on the page's last message: the device stops taking the page in there.
    const add = history.add.bind(history)
    history.add = async message => {
      if (message.text === 'three') throw new Error('disk full')
      return await add(message)
    }
    let failed: unknown
    await intake.take(id, page).catch(err => { failed = err })
    expect((failed as Error)?.message).to.equal('disk full')
    expect((await records.get(id))?.seq).to.equal(0)
    history.add = add
    await intake.take(id, page)
    const { logOf } = await import('../../src/groups/records.js')
    const record = await records.get(id)
    expect(record?.seq).to.equal(3)
    expect(logOf(record!)?.state.name).to.equal('Renamed')
    expect(await texts()).to.deep.equal([`${ALICE}: one`, `${ALICE}: three`])
    expect(notices).to.deep.equal([])
  })

  it('takes in messages held for a sender key stored just before the device stopped, at the next start', async () => {
    const alice = SenderChain.generate(groupId, 1)
    const distribution = alice.distribution()
    await intake.take(id, [{ seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('held')), receivedAt: Date.now() }])
    expect((await records.get(id))?.held).to.have.length(1)
    // The sender key was stored, and the device stopped before the held message was tried again.
    const { ReceiverChain } = await import('@parley/protocol')
    const writes = records.writes(id)
    await writes.addChain(new ReceiverChain(distribution, { address: ALICE, device: `${ALICE}-device`, identityKey: (ids[ALICE] as IdentityKeyPair).publicKey }), Date.now())
    await writes.commit((await records.get(id))!)
    await intake.fetchAll()
    expect(await texts()).to.deep.equal([`${ALICE}: held`])
    expect((await records.get(id))?.held).to.deep.equal([])
  })
  it('keeps held messages apart from the group\'s record, at most MAX_HELD_GROUP_BYTES of them, the oldest let go first', async () => {
    const { MAX_HELD_GROUP_BYTES } = await import('../../src/groups/records.js')
    const alice = SenderChain.generate(groupId, 1)
    const distribution = alice.distribution()
    const text = 'x'.repeat(60_000)
    const page = []
    for (let seq = 1; seq <= 150; seq++) page.push({ seq, message: await post(alice, ALICE, 'text', encodeTextBody(`${seq} ${text}`)), receivedAt: Date.now() })
    await intake.take(id, page)
    const record = await records.get(id)
    const kept = record!.held.map(h => h.seq)
    expect(kept.length).to.be.lessThan(150)
    expect(kept).to.deep.equal(Array.from({ length: kept.length }, (_, i) => 150 - kept.length + 1 + i))
    expect(record!.held.reduce((n, h) => n + h.bytes, 0)).to.be.at.most(MAX_HELD_GROUP_BYTES)
    // The record names them; their bytes are not in it.
    expect(JSON.stringify(record).length).to.be.lessThan(100_000)
    let stored = 0
    for await (const _ of store.groupHeld.keys()) stored++
    expect(stored).to.equal(kept.length)
    // The sender key comes: every message still held is read, and nothing stays behind.
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(distribution)))
    expect((await texts()).map(t => Number(t.split(' ')[1])).sort((a, b) => a - b)).to.deep.equal(kept)
    expect((await records.get(id))?.held).to.deep.equal([])
    stored = 0
    for await (const _ of store.groupHeld.keys()) stored++
    expect(stored).to.equal(0)
  })

  it('holds at most MAX_HELD_PER_KEY_ID messages under one key id, and none longer than a message lives', async () => {
    const { MAX_HELD_PER_KEY_ID } = await import('../../src/groups/records.js')
    const mallory = SenderChain.generate(groupId, 1)
    const alice = SenderChain.generate(groupId, 1)
    const page = [{ seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('genuine')), receivedAt: Date.now() }]
    // Mallory floods messages under a key she never hands out, after alice's one.
    for (let seq = 2; seq <= MAX_HELD_PER_KEY_ID + 30; seq++) page.push({ seq, message: await post(mallory, MALLORY, 'text', encodeTextBody(`flood ${seq}`)), receivedAt: Date.now() })
    await intake.take(id, page)
    const held = (await records.get(id))!.held
    expect(held.filter(h => h.keyId === toHex(mallory.keyId))).to.have.length(MAX_HELD_PER_KEY_ID)
    expect(held.map(h => h.seq)).to.include(1)
    // A month later its key still has not come: it is let go at the next start.
    const clock = (intake as any).c.clock
    const now = clock.now
    clock.now = () => Date.now() + 31 * 24 * 60 * 60 * 1000
    try {
      await intake.fetchAll()
    } finally {
      clock.now = now
    }
    expect((await records.get(id))!.held).to.deep.equal([])
    for await (const key of store.groupHeld.keys()) expect.fail(`still held: ${key}`)
  })

  it('lets go of the messages a group held once the device is out of it', async () => {
    const { leftGroup } = await import('../../src/groups/records.js')
    const alice = SenderChain.generate(groupId, 1)
    await intake.take(id, [{ seq: 1, message: await post(alice, ALICE, 'text', encodeTextBody('never read')), receivedAt: Date.now() }])
    expect((await records.get(id))?.held).to.have.length(1)
    await records.put(leftGroup((await records.get(id))!))
    expect((await records.get(id))?.held).to.deep.equal([])
    for await (const key of store.groupHeld.keys()) expect.fail(`still held: ${key}`)
  })

  it('reads a message held in the record itself (as stored before), once its sender key comes', async () => {
    const alice = SenderChain.generate(groupId, 1)
    const distribution = alice.distribution()
    const bytes = await post(alice, ALICE, 'text', encodeTextBody('held the old way'))
    const { toBase64 } = await import('@parley/protocol')
    const record = await store.groups.get(id)
    await store.groups.put(id, { ...record, held: [{ seq: 1, message: toBase64(bytes) }, { seq: 2, message: toBase64(new Uint8Array([1, 2, 3])) }] })
    expect((await records.get(id))?.held.map(h => h.seq)).to.deep.equal([1])
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(distribution)))
    expect(await texts()).to.deep.equal([`${ALICE}: held the old way`])
    expect((await records.get(id))?.held).to.deep.equal([])
  })
  it('keeps at most MAX_SENDER_KEYS_PER_DEVICE sender keys from one member\'s device, letting the oldest go, and reads under the newest', async () => {
    const { MAX_SENDER_KEYS_PER_DEVICE } = await import('../../src/groups/records.js')
    const chains: SenderChain[] = []
    for (let i = 0; i < MAX_SENDER_KEYS_PER_DEVICE + 6; i++) {
      const chain = SenderChain.generate(groupId, 1)
      chains.push(chain)
      await intake.takeDirect(content(MALLORY, 'sender-key', encodeSenderKeyDistribution(chain.distribution())))
    }
    // Another device of hers, and alice, are not counted with it.
    const other = SenderChain.generate(groupId, 1)
    await intake.takeDirect({ ...content(MALLORY, 'sender-key', encodeSenderKeyDistribution(other.distribution())), senderDevice: 'mallory-laptop' })
    const alice = SenderChain.generate(groupId, 1)
    await intake.takeDirect(content(ALICE, 'sender-key', encodeSenderKeyDistribution(alice.distribution())))
    const held = await records.chains(id)
    expect(held.filter(c => c.sender === MALLORY && c.device === `${MALLORY}-device`)).to.have.length(MAX_SENDER_KEYS_PER_DEVICE)
    expect(held).to.have.length(MAX_SENDER_KEYS_PER_DEVICE + 2)
    // The index names no one on disk: neither address nor device id is in its keys.
    for await (const key of store.level.raw.keys()) {
      expect(key).to.not.include('mallory')
      expect(key).to.not.include('mallory-laptop')
    }
    for (const gone of chains.slice(0, 6)) expect(await records.chainsUnder(id, toHex(gone.keyId))).to.deep.equal([])
    expect(await records.chainsUnder(id, toHex(other.keyId))).to.have.length(1)
    await intake.take(id, [{ seq: 1, message: await post(chains.at(-1)!, MALLORY, 'text', encodeTextBody('newest')), receivedAt: Date.now() }])
    expect(await texts()).to.deep.equal([`${MALLORY}: newest`])
    // Its index goes with the keys of someone who leaves.
    const writes = records.writes(id)
    await writes.dropChainsOf([MALLORY])
    await writes.commit((await records.get(id))!)
    expect((await records.chains(id)).map(c => c.sender)).to.deep.equal([ALICE])
    let listed = 0
    for await (const _ of store.groupSenders.keys()) listed++
    expect(listed).to.equal(1)
  })
})

describe('GroupWrites', function () {
  let store: NodeStore
  let records: GroupRecords
  const groupId = toHex(randomBytes(32))
  const ALICE_ID = generateIdentityKey()

  beforeEach(async () => {
    store = await memoryStore(generateIdentityKey())
    records = new GroupRecords(store)
  })
  afterEach(async () => { await store.close() })

  const chainOf = async (sender: string): Promise<InstanceType<typeof import('@parley/protocol').ReceiverChain>> => {
    const { ReceiverChain } = await import('@parley/protocol')
    return new ReceiverChain(SenderChain.generate(fromHex(groupId), 1).distribution(), { address: sender, device: `${sender}-device`, identityKey: ALICE_ID.publicKey })
  }
  const record = { id: groupId, status: 'member' as const, log: [], keyHandedTo: [], ownKeyIds: [], rotate: false, seq: 7, ahead: [], parts: [], held: [], since: 1 }

  it('reads its own writes back before they are stored, and stores them with the record in one batch', async () => {
    const a = await chainOf(ALICE)
    const writes = records.writes(groupId)
    writes.putChain(a)
    expect((await writes.chainsUnder(toHex(a.keyId))).map(c => c.sender)).to.deep.equal([ALICE])
    expect(await records.chainsUnder(groupId, toHex(a.keyId))).to.deep.equal([])
    expect(await records.get(groupId)).to.equal(undefined)
    await writes.commit(record)
    expect((await records.get(groupId))?.seq).to.equal(7)
    expect((await records.chainsUnder(groupId, toHex(a.keyId))).map(c => c.sender)).to.deep.equal([ALICE])
  })

  it('drops the sender keys of people who went, stored or not yet stored, and nobody else\'s', async () => {
    const a = await chainOf(ALICE)
    const b = await chainOf(BOB)
    const m = await chainOf(MALLORY)
    const stored = records.writes(groupId)
    await stored.addChain(a, 1)
    await stored.commit(record)
    const writes = records.writes(groupId)
    writes.putChain(b)
    writes.putChain(m)
    await writes.dropChainsOf([ALICE, BOB])
    expect(await writes.chainsUnder(toHex(a.keyId))).to.deep.equal([])
    expect(await writes.chainsUnder(toHex(b.keyId))).to.deep.equal([])
    await writes.commit(record)
    expect((await records.chains(groupId)).map(c => c.sender)).to.deep.equal([MALLORY])
  })

  it('seals what it stores like every other record', async () => {
    const a = await chainOf(ALICE)
    const writes = records.writes(groupId)
    writes.putChain(a)
    await writes.commit(record)
    const values: string[] = []
    for await (const value of store.level.raw.values()) values.push(Buffer.from(value).toString('latin1'))
    expect(values.join('\n')).to.not.include(ALICE)
    expect(values.join('\n')).to.not.include('member')
    expect(values.join('\n')).to.not.include(Buffer.from(JSON.stringify(a.toRecord())).toString('latin1').slice(0, 40))
  })

  it('refuses to store another group\'s record with its sender keys', async () => {
    let refused: unknown
    await records.writes(groupId).commit({ ...record, id: toHex(randomBytes(32)) }).catch(err => { refused = err })
    expect((refused as Error)?.message).to.match(/its own group/)
  })
})
