import { expect } from 'chai'
import { SenderChain, generateIdentityKey, groupConversationId, randomBytes, sealGroupMessage, utf8Encode } from '@parley/protocol'
import { GroupLogStore, type GroupDevice } from '../src/group-log.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir, wrapBatches } from './helpers.js'

const DAY = 24 * 60 * 60 * 1000
const alice = { address: 'alice@relay.test', device: '12D3KooWAlice', identityKey: generateIdentityKey().publicKey }
const aliceDevice: GroupDevice = { user: 'alice', device: alice.device }
const bobPhone: GroupDevice = { user: 'bob', device: 'bob-phone' }
const bobLaptop: GroupDevice = { user: 'bob', device: 'bob-laptop' }
const carol: GroupDevice = { user: 'carol', device: 'carol-phone' }

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

  it('stores a message once for every device, whatever their number, and each device reads it from its cursor', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ user: `m${i}`, device: `d${i}` }))
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone, bobLaptop, ...many])
    let puts = 0
    wrapBatches(db, original => async (ops, options) => { puts += ops.length; await original(ops, options) })
    const first = await message('one')
    expect(await store.post(first, aliceDevice)).to.deep.equal({ seq: 1, duplicate: false })
    // One message, one id and one counter record: nothing per member.
    expect(puts).to.equal(3)
    await store.post(await message('two'), aliceDevice)
    const phone = await store.fetch(chain.groupId, bobPhone)
    expect(phone.items.map(i => i.seq)).to.deep.equal([1, 2])
    expect(phone.items[0]?.message).to.deep.equal(first)
    await store.ack(chain.groupId, bobPhone, 1)
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([2])
    expect((await store.fetch(chain.groupId, bobLaptop)).items.map(i => i.seq)).to.deep.equal([1, 2])
    expect(await store.delivery(chain.groupId, 1)).to.deep.equal({ read: 1, of: 2003 })
  })

  it('shows a device added later only what comes after, and nothing more to a device removed', async () => {
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone])
    await store.post(await message('before carol'), aliceDevice)
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone, carol])
    await store.post(await message('with carol'), aliceDevice)
    expect((await store.fetch(chain.groupId, carol)).items.map(i => i.seq)).to.deep.equal([2])
    await store.setDevices(chain.groupId, [aliceDevice, carol])
    await expectRelayError(async () => await store.fetch(chain.groupId, bobPhone), 'NOT_FOUND')
    await expectRelayError(async () => await store.post(await message('from bob'), bobPhone), 'NOT_FOUND')
    expect((await store.devices(chain.groupId)).map(d => d.user).sort()).to.deep.equal(['alice', 'carol'])
  })

  it('answers a replayed message as a duplicate without storing it again', async () => {
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone])
    const m = await message()
    await store.post(m, aliceDevice)
    expect(await store.post(m, aliceDevice)).to.deep.equal({ seq: 1, duplicate: true })
    expect((await store.fetch(chain.groupId, bobPhone)).items).to.have.length(1)
  })

  it('refuses malformed, expired, far-future and oversize messages, and a full log, leaving the log as it was', async () => {
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone])
    await store.post(await message('kept'), aliceDevice)
    const good = await message()
    await expectRelayError(async () => await store.post(good.subarray(0, good.length - 5), aliceDevice), 'BAD_ENVELOPE')
    await expectRelayError(async () => await store.post(new Uint8Array(300 * 1024), aliceDevice), 'TOO_LARGE')
    await expectRelayError(async () => await store.post(await message('old', now - 1), aliceDevice), 'BAD_ENVELOPE')
    await expectRelayError(async () => await store.post(await message('far', now + 91 * DAY), aliceDevice), 'BAD_ENVELOPE')
    const small = new GroupLogStore(db, { maxMessages: 1 }, () => now)
    await expectRelayError(async () => await small.post(await message('one too many'), aliceDevice), 'QUOTA_EXCEEDED')
    await expectRelayError(async () => await store.ack(chain.groupId, bobPhone, 5), 'BAD_REQUEST')
    await expectRelayError(async () => await new GroupLogStore(db, { maxDevices: 2 }, () => now).setDevices(chain.groupId, [aliceDevice, bobPhone, carol]), 'QUOTA_EXCEEDED')
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([1])
  })

  it('removes what every device has read, and what expired, and keeps what someone still waits for', async () => {
    await store.setDevices(chain.groupId, [aliceDevice, bobPhone])
    await store.post(await message('read by all'), aliceDevice)
    await store.post(await message('waits for bob'), aliceDevice)
    await store.post(await message('expires', now + 1000), aliceDevice)
    await store.ack(chain.groupId, aliceDevice, 3)
    await store.ack(chain.groupId, bobPhone, 1)
    expect(await store.sweep(chain.groupId)).to.equal(1)
    now += 2000
    expect(await store.sweep(chain.groupId)).to.equal(1)
    expect((await store.fetch(chain.groupId, bobPhone)).items.map(i => i.seq)).to.deep.equal([2])
    // The log's counters follow: room again for as many as were removed.
    const tight = new GroupLogStore(db, { maxMessages: 2 }, () => now)
    expect((await tight.post(await message('fits'), aliceDevice)).duplicate).to.equal(false)
  })

  it('pages a long log, and keeps cursors and messages across a reopen', async () => {
    const paged = new GroupLogStore(db, { pageMessages: 3 }, () => now)
    await paged.setDevices(chain.groupId, [aliceDevice, bobPhone])
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
    await store.setDevices(chain.groupId, [aliceDevice])
    const heard: number[] = []
    store.onPost(() => { throw new Error('push failed') })
    store.onPost((_, item) => { heard.push(item.seq) })
    await store.post(await message(), aliceDevice)
    expect(heard).to.deep.equal([1])
  })
})
