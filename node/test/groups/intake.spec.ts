import { expect } from 'chai'
import {
  GroupLog, SenderChain, createEd25519, encodeSenderKeyDistribution, encodeTextBody, generateIdentityKey, groupConversationId,
  groupStateHash, randomBytes, sealGroupMessage, signGroupChange, toHex, type Content, type IdentityKeyPair
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
  const ed25519 = createEd25519()

  beforeEach(async () => {
    ids = { [ALICE]: generateIdentityKey(), [BOB]: generateIdentityKey(), [MALLORY]: generateIdentityKey() }
    store = await memoryStore(ids[BOB])
    history = new History(store)
    records = new GroupRecords(store)
    notices = []
    const relay = { request: async () => ({ type: 'ok' }) }
    const c = {
      store, relay, clock: { now: () => Date.now() }, events: new NodeEvents(), history, crypto: {} as any, ed25519,
      notices: { record: async (messageId: string, err: any) => { notices.push({ id: messageId, reason: err?.message ?? String(err) }) } }
    } as unknown as GroupsComponents
    intake = new GroupIntake(c, { self: () => BOB, deviceId: 'bob-device', identity: ids[BOB] as IdentityKeyPair, bundles: async () => [], track: () => {} }, records, new KeyLock())
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

  it('refuses a sender key from someone not in the group, and keeps nothing of it', async () => {
    const stranger = SenderChain.generate(groupId, 1)
    ids['eve@relay.test'] = generateIdentityKey()
    let refused: unknown
    await intake.takeDirect(content('eve@relay.test', 'sender-key', encodeSenderKeyDistribution(stranger.distribution()))).catch(err => { refused = err })
    expect((refused as Error)?.message).to.match(/not in the group/)
    const record = await records.get(id)
    expect(record?.ahead).to.deep.equal([])
  })
})
