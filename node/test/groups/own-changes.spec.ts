import { expect } from 'chai'
import {
  GroupLog, SenderChain, createEd25519, decodeSignedGroupChange, encodeSenderKeyDistribution, generateIdentityKey, groupConversationId, groupStateHash,
  inspectGroupMessage, manageKeyHash, randomBytes, sealGroupMessage, signGroupChange, toHex,
  type Content, type GroupAction, type GroupState, type IdentityKeyPair, type RelayRequest
} from '@parley/protocol'
import { NodeError, RelayRequestError } from '../../src/errors.js'
import { NodeEvents } from '../../src/events.js'
import { History } from '../../src/history.js'
import { KeyLock } from '../../src/key-lock.js'
import type { NodeStore } from '../../src/node-store.js'
import { GroupIntake } from '../../src/groups/intake.js'
import { MemberMail } from '../../src/groups/member-mail.js'
import { OwnChanges } from '../../src/groups/own-changes.js'
import { GroupPosting } from '../../src/groups/posting.js'
import { GroupRecords, logOf, withLog, type GroupRecord } from '../../src/groups/records.js'
import type { GroupsComponents, GroupsInit } from '../../src/groups/shared.js'
import { FakeRelay, memoryStore } from '../fakes.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'
const CAROL = 'carol@relay.test'

type GroupRequest<T extends RelayRequest['type']> = Extract<RelayRequest, { type: T }>

/**
 * A relay's group log in memory: the place of each posted message (a repost answered with the
 * place it has), the member accounts and the manage key's hash.
 */
class LogRelay extends FakeRelay {
  readonly places = new Map<string, number>()
  readonly members = new Set<string>()
  manager: Uint8Array | undefined
  lastSeq = 0
  /** Posts are stored, then no answer comes (the connection dropped after the relay took it). */
  dropAnswers = false
  refusePosts: string | undefined

  constructor () {
    super()
    this.on('group-post', (r) => {
      const { message } = r as GroupRequest<'group-post'>
      if (this.refusePosts !== undefined) throw new RelayRequestError(this.refusePosts, 'refused')
      const id = inspectGroupMessage(message).messageIdHex
      let seq = this.places.get(id)
      const duplicate = seq !== undefined
      if (seq === undefined) this.places.set(id, seq = ++this.lastSeq)
      if (this.dropAnswers) throw new NodeError('RELAY_UNREACHABLE', 'the relay did not answer')
      return { type: 'group-posted', seq, duplicate, storedAt: Date.now() }
    })
    this.on('group-members', (r) => {
      const m = r as GroupRequest<'group-members'>
      const hash = manageKeyHash(m.manageKey)
      if (this.manager === undefined) this.manager = hash
      else if (toHex(hash) !== toHex(this.manager)) throw new RelayRequestError('INVALID_CREDENTIALS', 'that is not this group\'s manage key')
      for (const a of m.remove) this.members.delete(a)
      for (const a of m.add) this.members.add(a)
      if (m.newManageHash !== undefined) this.manager = m.newManageHash
      return { type: 'ok' }
    })
    this.on('deposit-many', (r) => ({ type: 'deposited-many', results: (r as GroupRequest<'deposit-many'>).deposits.map(() => ({ type: 'deposited' as const, messageId: randomBytes(16), duplicate: false, storedAt: Date.now() })) }))
    this.on('group-leave', () => ({ type: 'ok' }))
    this.on('group-ack', () => ({ type: 'ok' }))
  }
}

/** Alice's device (an admin) in a group of alice, bob (an admin too) and carol, over an in-memory store and a relay's group log in memory. */
describe('OwnChanges', function () {
  this.timeout(20_000)
  let store: NodeStore
  let records: GroupRecords
  let relay: LogRelay
  let changes: OwnChanges
  let intake: GroupIntake
  let events: NodeEvents
  let ids: Record<string, IdentityKeyPair>
  let groupId: Uint8Array
  let id: string
  let manageKey: Uint8Array
  let parts: { c: GroupsComponents, init: GroupsInit }
  const ed25519 = createEd25519()

  beforeEach(async () => {
    ids = { [ALICE]: generateIdentityKey(), [BOB]: generateIdentityKey(), [CAROL]: generateIdentityKey() }
    store = await memoryStore(ids[ALICE])
    records = new GroupRecords(store)
    relay = new LogRelay()
    events = new NodeEvents()
    const c = {
      store, relay, clock: { now: () => Date.now() }, events, history: new History(store), ed25519,
      crypto: { seal: async () => ({ bytes: randomBytes(64), messageId: randomBytes(16), content: {}, expiresAt: Date.now() + 60_000 }) },
      notices: { record: async () => {} }
    } as unknown as GroupsComponents
    const init: GroupsInit = { self: () => ALICE, deviceId: 'alice-device', identity: ids[ALICE] as IdentityKeyPair, bundles: async () => [], track: () => {} }
    parts = { c, init }
    const posting = new GroupPosting(c, init, records, new MemberMail(c, init))
    changes = new OwnChanges(c, init, records, posting)
    intake = new GroupIntake(c, init, records, new KeyLock(), changes)
    groupId = randomBytes(32)
    id = toHex(groupId)
    // The group as it stands: made, bob and carol joined, bob an admin.
    const people = [BOB, CAROL].map(a => ({ address: a, identityKey: (ids[a] as IdentityKeyPair).publicKey }))
    const log = GroupLog.create(signGroupChange({ groupId, epoch: 1, prior: new Uint8Array(0), author: ALICE, madeAt: Date.now(), action: { type: 'create', name: 'Climbing', authorIdentityKey: (ids[ALICE] as IdentityKeyPair).publicKey, invitees: people } }, (ids[ALICE] as IdentityKeyPair).privateKey), (ids[ALICE] as IdentityKeyPair).publicKey)
    const steps: Array<[string, GroupAction]> = [[BOB, { type: 'accept' }], [CAROL, { type: 'accept' }], [ALICE, { type: 'set-admin', target: BOB, admin: true }]]
    for (const [who, action] of steps) log.offer(signed(log.state, who, action), ++relay.lastSeq)
    manageKey = randomBytes(32)
    relay.manager = manageKeyHash(manageKey)
    for (const a of [ALICE, BOB, CAROL]) relay.members.add(a)
    await records.put(withLog({ id, status: 'member', log: [], manageKey: toHex(manageKey), keyHandedTo: [], ownKeyIds: [], rotate: false, seq: relay.lastSeq, ahead: [], parts: [], held: [], since: Date.now() }, log))
  })

  afterEach(async () => { await store.close() })

  function signed (state: GroupState, author: string, action: GroupAction, madeAt = Date.now()) {
    return signGroupChange({ groupId, epoch: state.epoch + 1, prior: groupStateHash(state), author, madeAt, action }, (ids[author] as IdentityKeyPair).privateKey)
  }
  const record = async (): Promise<GroupRecord> => (await records.get(id)) as GroupRecord
  const state = async (): Promise<GroupState> => (logOf(await record()) as GroupLog).state

  /** Bob's sender key, handed to alice's device; his posts are sealed under it. */
  async function bobPosting (who = BOB): Promise<(kind: Content['kind'], body: Uint8Array) => Promise<Uint8Array>> {
    const chain = SenderChain.generate(groupId, 4)
    const content = (kind: Content['kind'], body: Uint8Array): Content => ({ sender: who, senderDevice: `${who}-device`, senderIdentityKey: (ids[who] as IdentityKeyPair).publicKey, sentAt: Date.now(), conversation: groupConversationId(groupId), kind, body })
    await intake.takeDirect(content('sender-key', encodeSenderKeyDistribution(chain.distribution())))
    return async (kind, body) => (await sealGroupMessage(chain, { content: content(kind, body), expiresAt: Date.now() + 60_000, ed25519 })).bytes
  }

  /**
   * Alice invites dave while his mailbox is full: his invitation, alone in its request, is refused
   * while `refusing`. The clock is `now` from then on (tests move it).
   */
  async function inviteDaveWhileHisMailboxIsFull (): Promise<{ dave: string, now: number, refusing: boolean }> {
    const dave = 'dave@relay.test'
    ids[dave] = generateIdentityKey()
    const mailbox = { dave, now: Date.now(), refusing: true }
    relay.on('deposit-many', (r) => {
      const deposits = (r as GroupRequest<'deposit-many'>).deposits
      return { type: 'deposited-many', results: deposits.map(() => mailbox.refusing && deposits.length === 1 ? { type: 'error' as const, code: 'QUOTA_EXCEEDED' as const, message: 'that mailbox is full' } : { type: 'deposited' as const, messageId: randomBytes(16), duplicate: false, storedAt: Date.now() }) }
    })
    parts.c.clock.now = () => mailbox.now
    await changes.make(await record(), () => ({ type: 'invite', invitees: [{ address: dave, identityKey: (ids[dave] as IdentityKeyPair).publicKey }] }))
    return mailbox
  }

  it('posts a change before applying it, and applies it only once the log before its place is in: a change to the same state that stands before it wins', async () => {
    const bob = await bobPosting()
    // Bob's rename took place 5 just before alice's; alice's device has not taken it in yet.
    const before = await state()
    const fromBob = signed(before, BOB, { type: 'rename', name: 'Bouldering' })
    const bobSeq = ++relay.lastSeq
    await changes.make(await record(), () => ({ type: 'rename', name: 'Sport climbing' }))
    // Posted, not applied: what stands before it may win its fork.
    expect((await state()).name).to.equal('Climbing')
    expect((await record()).pending?.seq).to.equal(bobSeq + 1)
    // Settling again (as sending a text does first) waits for the log too.
    await changes.settle(await record())
    expect((await state()).name).to.equal('Climbing')
    await intake.take(id, [{ seq: bobSeq, message: await bob('group-change', fromBob.bytes), receivedAt: Date.now() }])
    // Every device reads bob's first in the log: alice's went the same way as theirs.
    expect((await state()).name).to.equal('Bouldering')
    expect((await record()).pending).to.equal(undefined)
    const lines = (await parts.c.history.conversation(groupConversationId(groupId))).map(m => m.text)
    expect(lines.some(t => /did not take effect/.test(t))).to.equal(true)
    expect(relay.of('group-post')).to.have.length(1)
  })

  it('applies its change when the entry before its place expired from the log, instead of waiting for it for ever', async () => {
    const carol = await bobPosting(CAROL)
    // The entry before alice's change expired on the relay: no fetch ever brings it.
    const gone = ++relay.lastSeq
    await changes.make(await record(), () => ({ type: 'rename', name: 'After a gap' }))
    const own = (await record()).pending?.seq as number
    expect(own).to.equal(gone + 1)
    relay.lastSeq++
    await intake.take(id, [{ seq: own + 1, message: await carol('text', new TextEncoder().encode('later')), receivedAt: Date.now() }])
    expect((await state()).name).to.equal('After a gap')
    expect((await record()).pending).to.equal(undefined)
    expect((await record()).seq).to.equal(own + 1)
  })

  it('finishes what follows its change even once the log moved past the states it keeps, never calling the change lost', async () => {
    const aliceElsewhere = await bobPosting(ALICE)
    const original = relay.request.bind(relay)
    let unreachable = true
    relay.request = (async (request: RelayRequest, expect: any, options: any) => {
      if (unreachable && request.type === 'group-members' && request.newManageHash !== undefined) throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached')
      return await original(request, expect, options)
    }) as typeof relay.request
    const held = toHex(manageKey)
    await changes.make(await record(), () => ({ type: 'remove', target: BOB }))
    expect((await record()).pending?.applied).to.equal(true)
    // Alice's other device renames the group ten times: the removal falls out of the states kept.
    const items = []
    const local = (logOf(await record()) as GroupLog).copy()
    for (let i = 0; i < 10; i++) {
      const change = signed(local.state, ALICE, { type: 'rename', name: `Name ${i}` })
      local.offer(decodeSignedGroupChange(change.bytes), relay.lastSeq + 1)
      items.push({ seq: ++relay.lastSeq, message: await aliceElsewhere('group-change', change.bytes), receivedAt: Date.now() })
    }
    await intake.take(id, items)
    expect((await state()).name).to.equal('Name 9')
    unreachable = false
    await intake.take(id, [])
    const r = await record()
    expect(r.pending).to.equal(undefined)
    expect(r.manageKey).to.not.equal(held)
    expect(toHex(relay.manager!)).to.equal(toHex(manageKeyHash(Buffer.from(r.manageKey!, 'hex'))))
    const lines = (await parts.c.history.conversation(groupConversationId(groupId))).map(m => m.text)
    expect(lines.some(t => /did not take effect/.test(t))).to.equal(false)
  })

  it('takes in the rest of the page when what follows its change fails, trying that once per page, not per entry', async () => {
    const carol = await bobPosting(CAROL)
    const text = new TextEncoder()
    // Carol's text took the place before alice's removal of bob; alice's device has not taken it in.
    const first = ++relay.lastSeq
    const original = relay.request.bind(relay)
    let rekeys = 0
    relay.request = (async (request: RelayRequest, expect: any, options: any) => {
      if (request.type === 'group-members' && request.newManageHash !== undefined) { rekeys++; throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached') }
      return await original(request, expect, options)
    }) as typeof relay.request
    await changes.make(await record(), () => ({ type: 'remove', target: BOB }))
    const own = (await record()).pending?.seq as number
    expect(own).to.equal(first + 1)
    relay.lastSeq += 3
    await intake.take(id, [
      { seq: first, message: await carol('text', text.encode('before')), receivedAt: Date.now() },
      { seq: own + 1, message: await carol('text', text.encode('after one')), receivedAt: Date.now() },
      { seq: own + 2, message: await carol('text', text.encode('after two')), receivedAt: Date.now() },
      { seq: own + 3, message: await carol('text', text.encode('after three')), receivedAt: Date.now() }
    ])
    const r = await record()
    expect(r.seq).to.equal(own + 3)
    expect((await state()).members.map(m => m.address)).to.not.include(BOB)
    expect(r.pending, 'the new manage key is left for later').to.not.equal(undefined)
    expect(rekeys).to.equal(1)
    const texts = (await parts.c.history.conversation(groupConversationId(groupId))).filter(m => m.system !== true).map(m => m.text)
    expect(texts.sort()).to.deep.equal(['after one', 'after three', 'after two', 'before'])
  })

  it('applies its change at once when the log before it is in, and the cursor passes it', async () => {
    const seq = relay.lastSeq
    await changes.make(await record(), () => ({ type: 'rename', name: 'Sport climbing' }))
    expect((await state()).name).to.equal('Sport climbing')
    expect((await record()).pending).to.equal(undefined)
    expect((await record()).seq).to.equal(seq + 1)
  })

  it('never takes someone out of the relay\'s log, nor replaces the manage key, for a removal that lost its fork', async () => {
    const bob = await bobPosting()
    const held = toHex(manageKey)
    const fromBob = signed(await state(), BOB, { type: 'rename', name: 'Bouldering' })
    const bobSeq = ++relay.lastSeq
    await changes.make(await record(), () => ({ type: 'remove', target: BOB }))
    expect([...relay.members].sort()).to.deep.equal([ALICE, BOB, CAROL])
    await intake.take(id, [{ seq: bobSeq, message: await bob('group-change', fromBob.bytes), receivedAt: Date.now() }])
    expect((await state()).members.map(m => m.address)).to.include(BOB)
    expect([...relay.members].sort()).to.deep.equal([ALICE, BOB, CAROL])
    expect((await record()).manageKey).to.equal(held)
    expect(relay.of('group-members').filter(r => (r.request as GroupRequest<'group-members'>).newManageHash !== undefined)).to.deep.equal([])
  })

  it('takes those an invitation named out of the relay\'s log again when it lost its fork', async () => {
    const bob = await bobPosting()
    const dave = 'dave@relay.test'
    ids[dave] = generateIdentityKey()
    const fromBob = signed(await state(), BOB, { type: 'rename', name: 'Bouldering' })
    const bobSeq = ++relay.lastSeq
    await changes.make(await record(), () => ({ type: 'invite', invitees: [{ address: dave, identityKey: (ids[dave] as IdentityKeyPair).publicKey }] }))
    // Those invited are members of the relay's log before the change is posted.
    expect(relay.members.has(dave)).to.equal(true)
    await intake.take(id, [{ seq: bobSeq, message: await bob('group-change', fromBob.bytes), receivedAt: Date.now() }])
    expect((await state()).members.map(m => m.address)).to.not.include(dave)
    expect(relay.members.has(dave)).to.equal(false)
  })

  it('keeps a change whose post got no answer pending, and posts it again before anything else: applied once, at the place it took', async () => {
    relay.dropAnswers = true
    await changes.make(await record(), () => ({ type: 'rename', name: 'Kept' })).then(() => expect.fail('no answer came'), err => expect(err.code).to.equal('RELAY_UNREACHABLE'))
    expect((await state()).name).to.equal('Climbing')
    const pending = (await record()).pending
    expect(pending).to.not.equal(undefined)
    const place = relay.lastSeq
    // A crash here: the next start takes in the log, and settles the pending change first.
    relay.dropAnswers = false
    await intake.take(id, [])
    expect((await state()).name).to.equal('Kept')
    expect((await record()).pending).to.equal(undefined)
    expect((await record()).log.at(-1)?.seq).to.equal(place)
    expect(relay.places.size).to.equal(1)
  })

  it('makes nothing of an invitation aborted while its sender key goes out: nothing pending or posted, and those invited taken out of the relay\'s log again', async () => {
    const dave = 'dave@relay.test'
    ids[dave] = generateIdentityKey()
    const controller = new AbortController()
    relay.on('deposit-many', (r) => {
      controller.abort()
      return { type: 'deposited-many', results: (r as GroupRequest<'deposit-many'>).deposits.map(() => ({ type: 'deposited' as const, messageId: randomBytes(16), duplicate: false, storedAt: Date.now() })) }
    })
    let thrown: any
    await changes.make(await record(), () => ({ type: 'invite', invitees: [{ address: dave, identityKey: (ids[dave] as IdentityKeyPair).publicKey }] }), controller.signal).catch(err => { thrown = err })
    expect(thrown?.code).to.equal('TIMEOUT')
    expect((await record()).pending).to.equal(undefined)
    expect(relay.of('group-post')).to.have.length(0)
    expect(relay.members.has(dave)).to.equal(false)
    expect((await state()).members.map(m => m.address)).to.not.include(dave)
  })

  it('owes an invitation to someone it did not reach, and sends it again later, less and less often, until it is taken in', async () => {
    const mailbox = await inviteDaveWhileHisMailboxIsFull()
    const dave = mailbox.dave
    let now = mailbox.now
    parts.c.clock.now = () => now
    expect((await state()).members.map(m => m.address)).to.include(dave)
    expect((await record()).invitesOwed?.map(o => o.addresses)).to.deep.equal([[dave]])
    const sent = (): number => relay.of('deposit-many').filter(d => (d.request as GroupRequest<'deposit-many'>).deposits.length === 1).length
    const first = sent()
    // Not due yet: nothing is sent.
    await intake.take(id, [])
    expect(sent()).to.equal(first)
    // Due, still refused: tried again, and owed for twice as long.
    now += 61_000
    await intake.take(id, [])
    expect(sent()).to.equal(first + 1)
    const owed = (await record()).invitesOwed?.[0]
    expect(owed?.tries).to.equal(1)
    expect(owed!.next - now).to.equal(120_000)
    // His mailbox has room again: the next try reaches him, and nothing is owed.
    mailbox.refusing = false
    now += 121_000
    await intake.take(id, [])
    expect(sent()).to.equal(first + 2)
    expect((await record()).invitesOwed).to.equal(undefined)
  })

  it('hands no sender key to someone still owed an invitation, and gives the invitation up once its state has left the log', async () => {
    const { Groups } = await import('../../src/groups/groups.js')
    const groups = new Groups(parts.c, parts.init)
    const mailbox = await inviteDaveWhileHisMailboxIsFull()
    const dave = mailbox.dave
    let now = mailbox.now
    parts.c.clock.now = () => now
    mailbox.refusing = false
    await groups.send(id, 'hello')
    expect((await record()).keyHandedTo).to.not.include(dave)
    expect((await record()).invitesOwed).to.have.length(1)
    mailbox.refusing = true
    now += 31 * 24 * 60 * 60 * 1000
    await intake.take(id, [])
    expect((await record()).invitesOwed).to.equal(undefined)
  })

  it('owes nothing to someone who is no longer invited', async () => {
    const dave = 'dave@relay.test'
    ids[dave] = generateIdentityKey()
    relay.on('deposit-many', (r) => {
      const deposits = (r as GroupRequest<'deposit-many'>).deposits
      return { type: 'deposited-many', results: deposits.map(() => deposits.length === 1 ? { type: 'error' as const, code: 'QUOTA_EXCEEDED' as const, message: 'that mailbox is full' } : { type: 'deposited' as const, messageId: randomBytes(16), duplicate: false, storedAt: Date.now() }) }
    })
    await changes.make(await record(), () => ({ type: 'invite', invitees: [{ address: dave, identityKey: (ids[dave] as IdentityKeyPair).publicKey }] }))
    expect((await record()).invitesOwed).to.have.length(1)
    await changes.make(await record(), () => ({ type: 'remove', target: dave }))
    expect((await record()).invitesOwed).to.equal(undefined)
  })

  it('applies nothing when the relay refuses the change, and keeps nothing pending', async () => {
    relay.refusePosts = 'RATE_LIMITED'
    await changes.make(await record(), () => ({ type: 'rename', name: 'Refused' })).then(() => expect.fail('refused'), err => expect(err).to.be.instanceOf(RelayRequestError))
    expect((await state()).name).to.equal('Climbing')
    expect((await record()).pending).to.equal(undefined)
    await expectBadInput(changes.make(await record(), () => ({ type: 'rename', name: 'Climbing' })))
    expect(relay.of('group-post')).to.have.length(1)
  })

  it('removing an admin takes them out of the relay\'s log and replaces the manage key, finishing after a crash half way', async () => {
    const held = toHex(manageKey)
    await changes.make(await record(), () => ({ type: 'remove', target: BOB }))
    expect([...relay.members].sort()).to.deep.equal([ALICE, CAROL])
    const now = await record()
    expect(now.manageKey).to.not.equal(held)
    expect(toHex(relay.manager!)).to.equal(toHex(manageKeyHash(Buffer.from(now.manageKey!, 'hex'))))
    expect(now.nextManageKey).to.equal(undefined)
    expect(now.rotate).to.equal(true)

    // Carol made an admin, then demoted: the relay took the next key, and the device stopped before keeping it.
    await changes.make(await record(), () => ({ type: 'set-admin', target: CAROL, admin: true }))
    const next = randomBytes(32)
    const r = await record()
    relay.manager = manageKeyHash(next)
    await records.put({ ...r, nextManageKey: toHex(next) })
    await changes.make(await record(), () => ({ type: 'set-admin', target: CAROL, admin: false }))
    expect((await record()).manageKey).to.equal(toHex(next))
    expect((await record()).nextManageKey).to.equal(undefined)
  })

  it('keeps a change applied and its new manage key stored when the relay cannot be reached half way, and finishes it later', async () => {
    const original = relay.request.bind(relay)
    relay.request = (async (request: RelayRequest, expect: any, options: any) => {
      if (request.type === 'group-members' && request.newManageHash !== undefined) throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached')
      return await original(request, expect, options)
    }) as typeof relay.request
    await changes.make(await record(), () => ({ type: 'remove', target: BOB }))
    const halfway = await record()
    expect((await state()).members.map(m => m.address)).to.not.include(BOB)
    expect(halfway.pending, 'what follows is left for later').to.not.equal(undefined)
    expect(halfway.nextManageKey).to.not.equal(undefined)
    expect(halfway.relaySync).to.deep.equal([BOB])
    relay.request = original
    await intake.take(id, [])
    const done = await record()
    expect(done.pending).to.equal(undefined)
    expect(done.manageKey).to.equal(halfway.nextManageKey)
    expect(toHex(relay.manager!)).to.equal(toHex(manageKeyHash(Buffer.from(done.manageKey!, 'hex'))))
    expect(relay.members.has(BOB)).to.equal(false)
  })

  it('as an admin, takes out of the relay\'s log someone another admin removed, and keeps trying while the relay cannot be reached', async () => {
    const bob = await bobPosting()
    const removal = signed(await state(), BOB, { type: 'remove', target: CAROL })
    const warnings: string[] = []
    events.on(e => { if (e.type === 'warning') warnings.push(e.message) })
    // The relay takes the page, then goes away before the members request.
    const seq = ++relay.lastSeq
    const page = [{ seq, message: await bob('group-change', removal.bytes), receivedAt: Date.now() }]
    const original = relay.request.bind(relay)
    relay.request = (async (request: RelayRequest, expect: any, options: any) => {
      if (request.type === 'group-members') throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached')
      return await original(request, expect, options)
    }) as typeof relay.request
    await intake.take(id, page)
    expect((await state()).members.map(m => m.address)).to.not.include(CAROL)
    expect(relay.members.has(CAROL), 'not yet on the relay').to.equal(true)
    expect((await record()).relaySync).to.deep.equal([CAROL])
    relay.request = original
    await intake.take(id, [])
    expect(relay.members.has(CAROL)).to.equal(false)
    expect((await record()).relaySync).to.equal(undefined)
  })

  it('sends a change of more members than one request holds in several, none left out', async () => {
    const posting = (changes as any).posting as GroupPosting
    const add = Array.from({ length: 700 }, (_, i) => `new${i}@relay.test`)
    await posting.setMembers(await record(), add, [CAROL])
    const sent = relay.of('group-members').map(s => s.request as GroupRequest<'group-members'>)
    expect(sent.map(r => r.add.length + r.remove.length)).to.deep.equal([500, 201])
    expect(relay.members.has(CAROL)).to.equal(false)
    expect(add.every(a => relay.members.has(a))).to.equal(true)
  })

  it('sends no text under the old sender key while its removal of someone is not applied yet', async () => {
    const { Groups } = await import('../../src/groups/groups.js')
    const groups = new Groups(parts.c, parts.init)
    ++relay.lastSeq
    await changes.make(await record(), () => ({ type: 'remove', target: CAROL }))
    expect((await record()).pending?.applied).to.equal(undefined)
    relay.on('group-fetch', () => { throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached') })
    const posts = relay.of('group-post').length
    let refused: any
    await groups.send(id, 'not for carol').catch(err => { refused = err })
    expect(refused?.code).to.equal('RELAY_UNREACHABLE')
    expect(relay.of('group-post')).to.have.length(posts)
    // The log comes: the removal applies, and the text goes under a new key carol is never handed.
    relay.on('group-fetch', () => ({ type: 'group-mail', groupId, items: [], more: false }))
    const keysBefore = (await record()).ownKeyIds.length
    await groups.send(id, 'not for carol')
    expect((await state()).members.map(m => m.address)).to.not.include(CAROL)
    expect((await record()).ownKeyIds.length).to.equal(keysBefore + 1)
    expect((await record()).keyHandedTo).to.not.include(CAROL)
  })

  it('keeps no group the relay refused to make, and makes none after an abort', async () => {
    const { Groups } = await import('../../src/groups/groups.js')
    const bundles = async (address: string) => [{ user: address, peerId: `${address}-device`, identityKey: (ids[address] as IdentityKeyPair).publicKey, rsaPublicKey: randomBytes(8), createdAt: 1 }]
    const groups = new Groups(parts.c, { ...parts.init, bundles: bundles as any })
    const before = (await records.all()).length
    relay.on('group-members', () => { throw new RelayRequestError('QUOTA_EXCEEDED', 'bob has as many of your invitations waiting as one account may send (20)') })
    let refused: any
    await groups.create('Refused', [BOB]).catch(err => { refused = err })
    expect(refused?.relayCode).to.equal('QUOTA_EXCEEDED')
    expect(await records.all()).to.have.length(before)
    const controller = new AbortController()
    controller.abort()
    let aborted: any
    await groups.create('Aborted', [BOB], { signal: controller.signal }).catch(err => { aborted = err })
    expect(aborted?.code).to.equal('TIMEOUT')
    expect(await records.all()).to.have.length(before)
  })

  it('takes a push that follows on from the log held, and fetches instead on a gap or an empty push', async () => {
    const { Groups } = await import('../../src/groups/groups.js')
    const groups = new Groups(parts.c, parts.init)
    const fetched: number[] = []
    relay.on('group-fetch', (r) => { fetched.push((r as GroupRequest<'group-fetch'>).afterSeq); return { type: 'group-mail', groupId, items: [], more: false } })
    const bob = await bobPosting()
    const held = (await record()).seq
    await groups.takePushed(id, [{ seq: held + 1, message: await bob('text', new TextEncoder().encode('next')), receivedAt: Date.now() }])
    expect(fetched).to.deep.equal([])
    expect((await record()).seq).to.equal(held + 1)
    await groups.takePushed(id, [{ seq: held + 3, message: await bob('text', new TextEncoder().encode('past a gap')), receivedAt: Date.now() }])
    expect(fetched).to.deep.equal([held + 1])
    expect((await record()).seq, 'the pushed one is left for the fetch').to.equal(held + 1)
    await groups.takePushed(id, [])
    expect(fetched).to.deep.equal([held + 1, held + 1])
  })

  it('refuses a change an admin since demoted posts on the state from before, where they were an admin', async () => {
    const bob = await bobPosting()
    const before = await state()
    await changes.make(await record(), () => ({ type: 'set-admin', target: BOB, admin: false }))
    const takeover = signed(before, BOB, { type: 'remove', target: ALICE })
    await intake.take(id, [{ seq: ++relay.lastSeq, message: await bob('group-change', takeover.bytes), receivedAt: Date.now() }])
    const s = await state()
    expect(s.members.find(m => m.address === ALICE)?.admin).to.equal(true)
    expect(s.members.find(m => m.address === BOB)?.admin).to.equal(false)
    const lines = (await new History(store).conversation(groupConversationId(groupId))).map(m => m.text)
    expect(lines.at(-1)).to.match(/did not take effect/)
  })
})

async function expectBadInput (p: Promise<unknown>): Promise<void> {
  await p.then(() => expect.fail('BAD_INPUT expected'), err => expect(err.code).to.equal('BAD_INPUT'))
}
