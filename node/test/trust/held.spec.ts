import { expect } from 'chai'
import { HeldMessages, checkHeldMessage, type HeldMessage } from '../../src/trust/held.js'
import type { NodeStore } from '../../src/node-store.js'
import { expectNodeError, makeTempDir, openStore, removeTempDir } from '../helpers.js'

const ALICE = 'alice@relay.test'
const CAROL = 'carol@relay.test'

function held (n: number, patch: Partial<HeldMessage> = {}): HeldMessage {
  return { id: n.toString(16).padStart(32, '0'), sender: ALICE, senderDevice: '12D3KooWdevice', identityKey: 'ab'.repeat(32), sentAt: 1_000 - n, conversation: 'bob@relay.test', kind: 'text', body: 'aGk=', path: 'relay', heldAt: 1_800_000_000_000 + n, ...patch }
}

describe('HeldMessages', () => {
  let dir: string | undefined
  let store: NodeStore

  beforeEach(async () => {
    dir = await makeTempDir('held')
    store = await openStore(dir)
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('holds a message once and counts what is held per sender', async () => {
    const box = new HeldMessages(store)
    expect(await box.hold(held(1))).to.deep.equal({ outcome: 'held', count: 1 })
    expect(await box.hold(held(1))).to.deep.equal({ outcome: 'duplicate', count: 1 })
    expect(await box.hold(held(2))).to.deep.equal({ outcome: 'held', count: 2 })
    expect(await box.hold(held(3, { sender: CAROL }))).to.deep.equal({ outcome: 'held', count: 1 })
    expect(await box.summary(ALICE)).to.deep.equal([{ address: ALICE, count: 2, firstHeldAt: held(1).heldAt, lastHeldAt: held(2).heldAt, reason: 'identity-changed' }])
    expect((await box.summary()).map(s => [s.address, s.count])).to.deep.equal([[ALICE, 2], [CAROL, 1]])
  })

  it('refuses more than its limit per sender, without touching other senders', async () => {
    const box = new HeldMessages(store, 2)
    expect((await Promise.all([1, 2, 3].map(async n => await box.hold(held(n))))).map(h => h.outcome)).to.deep.equal(['held', 'held', 'full'])
    expect((await box.hold(held(4, { sender: CAROL }))).outcome).to.equal('held')
  })

  it('releases a sender\'s messages in the order they came, and keeps them if using them fails', async () => {
    const box = new HeldMessages(store)
    for (const n of [3, 1, 2]) await box.hold(held(n))
    let failed = false
    try {
      await box.release(ALICE, async () => { throw new Error('the store is full') })
    } catch {
      failed = true
    }
    expect(failed).to.equal(true)
    expect((await box.summary(ALICE))[0]?.count, 'nothing was lost').to.equal(3)
    const ids = await box.release(ALICE, async messages => messages.map(m => m.id))
    expect(ids).to.deep.equal([held(1).id, held(2).id, held(3).id])
    expect(await box.summary(ALICE)).to.deep.equal([])
  })

  it('skips and deletes a damaged record, so the others can still be settled', async () => {
    const box = new HeldMessages(store)
    await box.hold(held(1))
    await box.hold(held(2))
    await store.held.put(`${ALICE}\x00${'ff'.repeat(16)}`, { id: 'ff'.repeat(16), sender: ALICE, body: 42 })
    await store.held.put(`${ALICE}\x00${'ee'.repeat(16)}`, { ...held(3), body: 'not base64!' })
    expect((await box.summary(ALICE))[0]?.count).to.equal(2)
    const released = await box.release(ALICE, async messages => messages.map(m => m.id))
    expect(released).to.deep.equal([held(1).id, held(2).id])
    const left = []
    for await (const key of store.held.keys()) left.push(key)
    expect(left, 'the damaged records are gone too').to.deep.equal([])
  })
})

describe('checkHeldMessage', () => {
  it('accepts a held message as written', () => {
    expect(checkHeldMessage(held(1))).to.deep.equal(held(1))
  })

  it('refuses a record with a field missing, of the wrong type or badly encoded, naming it', async () => {
    for (const [patch, what] of [[{ id: 7 }, 'id'], [{ heldAt: 'soon' }, 'heldAt'], [{ identityKey: 'xyz' }, 'identity key'], [{ body: '@@@@' }, 'body'], [{ path: 'pigeon' }, 'path']] as const) {
      const err = await expectNodeError(async () => checkHeldMessage({ ...held(1), ...patch }), 'CORRUPT_STORE')
      expect(err.message).to.include(what)
    }
    await expectNodeError(async () => checkHeldMessage(null), 'CORRUPT_STORE')
  })
})
