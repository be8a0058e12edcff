import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { SenderChain, generateIdentityKey, groupConversationId, randomBytes, sealGroupMessage, toHex, utf8Encode } from '@parley/protocol'
import { GroupLogStore, type GroupDevice } from '../src/group-log.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir, wrapBatches } from './helpers.js'

const DAY = 24 * 60 * 60 * 1000
const alice = { address: 'alice@relay.test', device: '12D3KooWAlice', identityKey: generateIdentityKey().publicKey }
const aliceDevice: GroupDevice = { user: 'alice', device: alice.device }
const bobPhone: GroupDevice = { user: 'bob', device: 'bob-phone' }
const bobLaptop: GroupDevice = { user: 'bob', device: 'bob-laptop' }
const carol: GroupDevice = { user: 'carol', device: 'carol-phone' }
const manageKey = new Uint8Array(32).fill(7)

describe('GroupLogStore', () => {
  let dir: string | undefined
  let db: RelayDb
  let store: GroupLogStore
  let now: number
  let chain: SenderChain

  beforeEach(async () => {
    dir = await makeTempDir('group-log')
    db = await openDb(dir)
    now = 1_800_000_000_000
    store = new GroupLogStore(db, {}, () => now)
    chain = SenderChain.generate(randomBytes(32), 1)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  async function message (text = 'hello', expiresAt = now + DAY, c = chain): Promise<Uint8Array> {
    return (await sealGroupMessage(c, {
      content: { sender: alice.address, senderDevice: alice.device, senderIdentityKey: alice.identityKey, sentAt: now, conversation: groupConversationId(c.groupId), kind: 'text', body: utf8Encode(text) },
      expiresAt
    })).bytes
  }

  it('stores a message once for every member, whatever their number, and each device reads it from its cursor', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `m${i}`)
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob', ...many], remove: [] })
    let puts = 0
    wrapBatches(db, original => async (ops, options) => { puts += ops.length; await original(ops, options) })
    const first = await message('one')
    expect(await store.post(first, aliceDevice)).to.include({ seq: 1, duplicate: false })
    // One message, one id, the group's counters and the poster's: nothing per member.
    expect(puts).to.equal(4)
    await store.post(await message('two'), aliceDevice)
    const phone = await store.fetch(chain.groupId, bobPhone)
    expect(phone.items.map(i => i.seq)).to.deep.equal([1, 2])
    expect(phone.items[0]?.message).to.deep.equal(first)
    await store.ack(chain.groupId, bobPhone, 1)
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([2])
    // Another device of the same account reads from the start of the account's membership.
    expect((await store.fetch(chain.groupId, bobLaptop)).items.map(i => i.seq)).to.deep.equal([1, 2])
    expect((await store.fetch(chain.groupId, bobLaptop, 1)).items.map(i => i.seq)).to.deep.equal([2])
    const receipts = await store.receipts(chain.groupId, 1, 'alice')
    expect(receipts).to.include({ of: 2001, delivered: 1, read: 0 })
    expect(receipts.members).to.have.length(1000)
    await store.markRead(chain.groupId, 'bob', 1)
    expect(await store.receipts(chain.groupId, 1, 'alice')).to.include({ delivered: 1, read: 1 })
    // Only the poster learns who read their message, and only while still in the group.
    await expectRelayError(async () => await store.receipts(chain.groupId, 1, 'bob'), 'NOT_FOUND')
    await store.leave(chain.groupId, 'alice')
    await expectRelayError(async () => await store.receipts(chain.groupId, 1, 'alice'), 'NOT_FOUND')
  })

  it('shows a member added later only what comes after, and nothing more to one removed or gone', async () => {
    const heard: Array<[string[], string[]]> = []
    store.onMembers((_, added, removed) => { heard.push([added, removed]) })
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await store.post(await message('before carol'), aliceDevice)
    await store.setMembers(chain.groupId, manageKey, { add: ['carol'], remove: [] })
    await store.post(await message('with carol'), aliceDevice)
    expect((await store.fetch(chain.groupId, carol)).items.map(i => i.seq)).to.deep.equal([2])
    expect(await store.groupsOf('carol')).to.deep.equal([toHex(chain.groupId)])
    await store.setMembers(chain.groupId, manageKey, { add: [], remove: ['bob'] })
    await expectRelayError(async () => await store.fetch(chain.groupId, bobPhone), 'NOT_FOUND')
    await expectRelayError(async () => await store.post(await message('from bob'), bobPhone), 'NOT_FOUND')
    await store.leave(chain.groupId, 'carol')
    await expectRelayError(async () => await store.leave(chain.groupId, 'carol'), 'NOT_FOUND')
    expect(await store.members(chain.groupId)).to.deep.equal(['alice'])
    expect(await store.groupsOf('carol')).to.deep.equal([])
    expect(heard).to.deep.equal([[['alice', 'bob'], []], [['carol'], []], [[], ['bob']], [[], ['carol']]])
  })

  it('lets only the holder of the manage key change members, and a new key replace it', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    const other = new Uint8Array(32).fill(9)
    await expectRelayError(async () => await store.setMembers(chain.groupId, other, { add: ['carol'], remove: [] }), 'INVALID_CREDENTIALS')
    await expectRelayError(async () => await store.setMembers(chain.groupId, new Uint8Array(5), { add: ['carol'], remove: [] }), 'BAD_REQUEST')
    await store.setMembers(chain.groupId, manageKey, { add: [], remove: [], newManageHash: new Uint8Array(createHash('sha256').update(other).digest()) })
    await expectRelayError(async () => await store.setMembers(chain.groupId, manageKey, { add: ['carol'], remove: [] }), 'INVALID_CREDENTIALS')
    await store.setMembers(chain.groupId, other, { add: ['carol'], remove: [] })
    expect(await store.members(chain.groupId)).to.deep.equal(['alice', 'bob', 'carol'])
  })

  it('answers a replayed message as a duplicate without storing it again', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    const m = await message()
    await store.post(m, aliceDevice)
    expect(await store.post(m, aliceDevice)).to.include({ seq: 1, duplicate: true })
    expect((await store.fetch(chain.groupId, bobPhone)).items).to.have.length(1)
  })

  it('refuses malformed, expired, far-future and oversize messages, and a full log, leaving the log as it was', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await store.post(await message('kept'), aliceDevice)
    const good = await message()
    await expectRelayError(async () => await store.post(good.subarray(0, good.length - 5), aliceDevice), 'BAD_ENVELOPE')
    await expectRelayError(async () => await store.post(new Uint8Array(300 * 1024), aliceDevice), 'TOO_LARGE')
    await expectRelayError(async () => await store.post(await message('old', now - 1), aliceDevice), 'BAD_ENVELOPE')
    await expectRelayError(async () => await store.post(await message('far', now + 91 * DAY), aliceDevice), 'BAD_ENVELOPE')
    const small = new GroupLogStore(db, { maxMessages: 1 }, () => now)
    await expectRelayError(async () => await small.post(await message('one too many'), aliceDevice), 'QUOTA_EXCEEDED')
    await expectRelayError(async () => await store.ack(chain.groupId, bobPhone, 5), 'BAD_REQUEST')
    await expectRelayError(async () => await store.ack(chain.groupId, bobPhone, -1), 'BAD_REQUEST')
    await expectRelayError(async () => await new GroupLogStore(db, { maxMembers: 2 }, () => now).setMembers(chain.groupId, manageKey, { add: ['carol'], remove: [] }), 'QUOTA_EXCEEDED')
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([1])
    expect(await store.members(chain.groupId)).to.deep.equal(['alice', 'bob'])
  })

  it('removes what every member has stored, and what expired, and keeps what someone still waits for', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await store.post(await message('read by all'), aliceDevice)
    await store.post(await message('waits for bob'), aliceDevice)
    await store.post(await message('expires', now + 1000), aliceDevice)
    await store.ack(chain.groupId, aliceDevice, 3)
    await store.ack(chain.groupId, bobPhone, 1)
    expect(await store.sweep(chain.groupId)).to.equal(1)
    now += 2000
    expect(await store.sweepAll()).to.equal(1)
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([2])
    // The log's counters follow: room again for as many as were removed.
    const tight = new GroupLogStore(db, { maxMessages: 2 }, () => now)
    expect((await tight.post(await message('fits'), aliceDevice)).duplicate).to.equal(false)
  })

  it('lets one member have only a share of the log waiting, freed as the others read it, while the others still post', async () => {
    const bob: GroupDevice = { user: 'bob', device: 'bob-phone' }
    const share = new GroupLogStore(db, { maxMessagesPerPoster: 2, maxMessages: 10 }, () => now)
    await share.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await share.post(await message('one'), aliceDevice)
    await share.post(await message('two'), aliceDevice)
    await expectRelayError(async () => await share.post(await message('three'), aliceDevice), 'QUOTA_EXCEEDED')
    // Bob still posts: alice filled her share, not the log.
    expect((await share.post(await message('from bob'), bob)).seq).to.equal(3)
    expect((await share.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([1, 2, 3])
    // Once everyone has read her first, she may post again.
    await share.ack(chain.groupId, aliceDevice, 3)
    await share.ack(chain.groupId, bobPhone, 1)
    expect(await share.sweep(chain.groupId)).to.equal(1)
    expect((await share.post(await message('three, later'), aliceDevice)).seq).to.equal(4)
    await expectRelayError(async () => await share.post(await message('four'), aliceDevice), 'QUOTA_EXCEEDED')
    const bytes = new GroupLogStore(db, { maxBytesPerPoster: 1 }, () => now)
    await expectRelayError(async () => await bytes.post(await message('too big for a share'), bob), 'QUOTA_EXCEEDED')
  })

  it('pages a long log, and keeps cursors and messages across a reopen', async () => {
    const paged = new GroupLogStore(db, { pageMessages: 3 }, () => now)
    await paged.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    for (let i = 0; i < 5; i++) await paged.post(await message(`m${i}`), aliceDevice)
    const page = await paged.fetch(chain.groupId, bobPhone)
    expect(page.items.map(i => i.seq)).to.deep.equal([1, 2, 3])
    expect(page.more).to.equal(true)
    await paged.ack(chain.groupId, bobPhone, 3)
    await db.close()
    db = await openDb(dir as string)
    const reopened = new GroupLogStore(db, {}, () => now)
    expect((await reopened.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([4, 5])
    expect((await reopened.post(await message('after'), aliceDevice)).seq).to.equal(6)
  })

  it('tells listeners of each durable post, and a listener that throws fails nothing', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice'], remove: [] })
    const heard: number[] = []
    store.onPost(() => { throw new Error('push failed') })
    store.onPost((_, item) => { heard.push(item.seq) })
    await store.post(await message(), aliceDevice)
    expect(heard).to.deep.equal([1])
  })

  it('takes a deleted account out of every group', async () => {
    const second = SenderChain.generate(randomBytes(32), 1)
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await store.setMembers(second.groupId, manageKey, { add: ['bob'], remove: [] })
    await store.deleteUser('bob')
    expect(await store.members(chain.groupId)).to.deep.equal(['alice'])
    expect(await store.members(second.groupId)).to.deep.equal([])
    expect(await store.groupsOf('bob')).to.deep.equal([])
  })

  it('counts groups others add an account to as pending until it posts there: a few per inviter, a share of its room in all', async () => {
    store = new GroupLogStore(db, { maxGroupsPerAccount: 6, maxPendingGroupsPerAccount: 4, maxPendingGroupsPerInviter: 2 }, () => now)
    const groupOf = (by: string): { id: Uint8Array, key: Uint8Array, by: string } => ({ id: randomBytes(32), key: randomBytes(32), by })
    const invite = async (g: { id: Uint8Array, key: Uint8Array, by: string }): Promise<void> => { await store.setMembers(g.id, g.key, { add: [g.by, 'bob'], remove: [] }, g.by) }
    // Mallory adds bob to two groups; a third is refused, and leaves her group as it was.
    const mallory = [groupOf('mallory'), groupOf('mallory'), groupOf('mallory')]
    await invite(mallory[0]!)
    await invite(mallory[1]!)
    await expectRelayError(async () => { await invite(mallory[2]!) }, 'QUOTA_EXCEEDED')
    expect(await store.members(mallory[2]!.id)).to.deep.equal([])
    // Others add him too, up to four waiting in all.
    const others = [groupOf('trent'), groupOf('trent'), groupOf('victor')]
    await invite(others[0]!)
    await invite(others[1]!)
    await expectRelayError(async () => { await invite(others[2]!) }, 'QUOTA_EXCEEDED')
    expect(await store.pendingGroupsOf('bob')).to.have.length(4)
    // His own groups still have room; posting in one he was added to (accepting) makes it his.
    const own = groupOf('bob')
    await store.setMembers(own.id, own.key, { add: ['bob'], remove: [] }, 'bob')
    const trents = SenderChain.generate(others[0]!.id, 1)
    await store.post(await message('accepting', now + DAY, trents), { user: 'bob', device: 'bob-phone' })
    expect(await store.pendingGroupsOf('bob')).to.have.length(3)
    await invite(others[2]!)
    // Leaving one frees its place; the total still bounds everything.
    await store.leave(mallory[0]!.id, 'bob')
    expect(await store.pendingGroupsOf('bob')).to.have.length(3)
    await invite(mallory[2]!)
    expect(await store.groupsOf('bob')).to.have.length(6)
    await expectRelayError(async () => { await store.setMembers(randomBytes(32), randomBytes(32), { add: ['bob'], remove: [] }, 'bob') }, 'QUOTA_EXCEEDED')
    // Taken out by an admin, a pending membership goes from the count too.
    await store.setMembers(mallory[1]!.id, mallory[1]!.key, { add: [], remove: ['bob'] })
    expect(await store.pendingGroupsOf('bob')).to.have.length(3)
    expect(await store.groupsOf('bob')).to.have.length(5)
  })

  it('writes the posts of one busy group in shared synced batches, each in its own place, and reads them back after a reopen', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    const messages = await Promise.all(Array.from({ length: 64 }, async (_, i) => await message(`post ${i}`)))
    // The first batch is held on its way to disk: the posts after it take their places meanwhile
    // (none waits for another's write under the group's lock), and go in the next batch or two.
    let batches = 0
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    wrapBatches(db, original => async (ops, options) => {
      if (++batches === 1) await held
      await original(ops, options)
    })
    // A repost of the first while it is written is answered with its place, and stored once.
    const posting = Promise.all([...messages, messages[0]!].map(async m => await store.post(m, aliceDevice)))
    while (batches === 0) await new Promise(resolve => setTimeout(resolve, 5))
    await new Promise(resolve => setTimeout(resolve, 200))
    release()
    const posted = await posting
    expect(batches).to.be.at.most(3)
    expect(posted.slice(0, 64).map(p => p.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 64 }, (_, i) => i + 1))
    expect(posted[64]).to.include({ seq: posted[0]!.seq, duplicate: true })
    const again = new GroupLogStore(db, {}, () => now)
    const page = await again.fetch(chain.groupId, bobPhone)
    expect(page.items).to.have.length(64)
    expect((await again.post(await message('after a reopen'), aliceDevice)).seq).to.equal(65)
  })

  it('answers a post whose write failed with the failure, leaves no trace of it, and counts the log right once swept', async () => {
    store = new GroupLogStore(db, { maxMessages: 3 }, () => now)
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    const doomed = await message('doomed')
    let fail = true
    wrapBatches(db, original => async (ops, options) => {
      if (fail && ops.some((op: any) => op.value instanceof Uint8Array && Buffer.from(op.value).includes(Buffer.from(doomed.subarray(-32))))) throw new Error('disk full')
      await original(ops, options)
    })
    const one = await store.post(await message('first'), aliceDevice)
    expect(one.seq).to.equal(1)
    expect(await store.post(doomed, aliceDevice).then(() => 'stored', (err: Error) => err.message)).to.equal('disk full')
    fail = false
    const next = await store.post(await message('next'), aliceDevice)
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([1, next.seq])
    // Its place is never given out again (its write may yet be on disk, from LevelDB's log).
    expect(next.seq).to.equal(3)
    // The failed post took no room: the log of three takes one more (counted afresh by a sweep too), then refuses.
    await store.sweep(chain.groupId)
    await store.post(await message('third'), aliceDevice)
    await expectRelayError(async () => { await store.post(await message('fourth'), aliceDevice) }, 'QUOTA_EXCEEDED')
    expect((await store.fetch(chain.groupId, bobPhone)).items.length).to.equal(3)
  })

  it('counts the posts of messages stored before posters were counted once swept, and skips and sweeps away an entry the disk damaged', async () => {
    store = new GroupLogStore(db, { maxMessagesPerPoster: 2 }, () => now)
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] })
    await store.post(await message('one'), aliceDevice)
    await store.post(await message('two'), aliceDevice)
    const gid = toHex(chain.groupId)
    // As stored before per-poster counts: none for alice.
    await db.binary('group-poster').del(`${gid}\x00alice`)
    await db.binary('group-msg').put(`${gid}\x00${'9'.padStart(16, '0')}`, new Uint8Array(5))
    const fresh = new GroupLogStore(db, { maxMessagesPerPoster: 2 }, () => now)
    expect((await fresh.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([1, 2])
    await fresh.sweep(chain.groupId)
    await expectRelayError(async () => { await fresh.post(await message('three'), aliceDevice) }, 'QUOTA_EXCEEDED')
    let damaged = 0
    for await (const _ of db.binary('group-msg').keys({ gt: `${gid}\x00${'8'.padStart(16, '0')}`, lt: `${gid}\x01` })) damaged++
    expect(damaged).to.equal(0)
  })

  it('never writes back an invited member\'s entry from before its first post, when its read mark lands meanwhile', async () => {
    await store.setMembers(chain.groupId, manageKey, { add: ['alice', 'bob'], remove: [] }, 'alice')
    await store.post(await message('from alice'), aliceDevice)
    expect(await store.pendingGroupsOf('bob')).to.have.length(1)
    // Bob's first post is held on its way to disk while his read mark comes.
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    let hold = true
    wrapBatches(db, original => async (ops, options) => {
      if (hold) { hold = false; await held }
      await original(ops, options)
    })
    const posting = store.post(await message('from bob'), bobPhone)
    await new Promise(resolve => setTimeout(resolve, 20))
    const reading = store.markRead(chain.groupId, 'bob', 1)
    await new Promise(resolve => setTimeout(resolve, 20))
    release()
    await Promise.all([posting, reading])
    expect(await store.pendingGroupsOf('bob')).to.deep.equal([])
    const entry = await db.json<any>('group-member').get(`${toHex(chain.groupId)}\x00bob`)
    expect(entry.invitedBy).to.equal(undefined)
    expect(entry.readSeq).to.equal(1)
  })
})
