import { expect } from 'chai'
import { HeldMessages, type HeldMessage } from '../src/held.js'
import type { NodeStore } from '../src/node-store.js'
import { makeTempDir, openStore, removeTempDir } from './helpers.js'

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
    expect(await box.hold(held(1))).to.equal('held')
    expect(await box.hold(held(1))).to.equal('duplicate')
    expect(await box.hold(held(2))).to.equal('held')
    expect(await box.hold(held(3, { sender: CAROL }))).to.equal('held')
    expect(await box.summary(ALICE)).to.deep.equal([{ address: ALICE, count: 2, firstHeldAt: held(1).heldAt, lastHeldAt: held(2).heldAt, reason: 'identity-changed' }])
    expect((await box.summary()).map(s => [s.address, s.count])).to.deep.equal([[ALICE, 2], [CAROL, 1]])
  })

  it('refuses more than its limit per sender, without touching other senders', async () => {
    const box = new HeldMessages(store, 2)
    expect(await Promise.all([1, 2, 3].map(async n => await box.hold(held(n))))).to.deep.equal(['held', 'held', 'full'])
    expect(await box.hold(held(4, { sender: CAROL }))).to.equal('held')
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
})
