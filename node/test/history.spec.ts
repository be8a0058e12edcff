import { expect } from 'chai'
import { History, type StoredMessage } from '../src/history.js'
import type { NodeStore } from '../src/node-store.js'
import { makeTempDir, openStore, removeTempDir } from './helpers.js'

const BOB = 'bob@relay.test'
const CAROL = 'carol@relay.test'

let counter = 0

/** A stored message with a fresh id; `sentAt` orders it. */
function message (conversation: string, sentAt: number, patch: Partial<StoredMessage> = {}): StoredMessage {
  counter++
  return {
    id: counter.toString(16).padStart(32, '0'),
    conversation,
    direction: 'out',
    sender: 'alice@relay.test',
    text: `message ${counter}`,
    sentAt,
    storedAt: sentAt,
    state: 'sending',
    ...patch
  }
}

describe('History', () => {
  let dir: string | undefined
  let store: NodeStore
  let history: History

  beforeEach(async () => {
    dir = await makeTempDir('history')
    store = await openStore(dir)
    history = new History(store)
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
    dir = undefined
  })

  describe('add', () => {
    it('stores a message once and refuses its id again without changing it', async () => {
      const m = message(BOB, 1000)
      expect(await history.add(m)).to.equal(true)
      expect(await history.has(m.id)).to.equal(true)
      expect(await history.add({ ...m, text: 'a replay', sentAt: 5 })).to.equal(false)
      expect(await history.conversation(BOB)).to.deep.equal([m])
    })

    it('stores the same id only once when it arrives twice at the same time', async () => {
      const m = message(BOB, 1000, { direction: 'in', sender: BOB, state: 'received' })
      const added = await Promise.all([history.add(m), history.add({ ...m, storedAt: 1001 }), history.add(m)])
      expect(added.filter(a => a)).to.have.length(1)
      expect(await history.conversation(BOB)).to.have.length(1)
    })

    it('knows nothing of ids it never stored', async () => {
      expect(await history.has('00'.repeat(16))).to.equal(false)
    })
  })

  describe('conversation', () => {
    it('returns a conversation ordered by sending time, whatever the arrival order', async () => {
      const late = message(BOB, 3000)
      const early = message(BOB, 1000)
      const middle = message(BOB, 2000)
      for (const m of [late, early, middle]) await history.add(m)
      expect((await history.conversation(BOB)).map(m => m.id)).to.deep.equal([early.id, middle.id, late.id])
    })

    it('orders times of different lengths numerically', async () => {
      const big = message(BOB, 1_700_000_000_000)
      const small = message(BOB, 999)
      await history.add(big)
      await history.add(small)
      expect((await history.conversation(BOB)).map(m => m.id)).to.deep.equal([small.id, big.id])
    })

    it('returns the latest `limit` messages, oldest first', async () => {
      const all = [1, 2, 3, 4, 5].map(t => message(BOB, t * 1000))
      for (const m of all) await history.add(m)
      expect((await history.conversation(BOB, 2)).map(m => m.id)).to.deep.equal([all[3]?.id, all[4]?.id])
    })

    it('keeps conversations apart, even when one id is a prefix of another', async () => {
      const toBob = message(BOB, 1000)
      const toBobs = message(`${BOB}x`, 2000)
      const toCarol = message(CAROL, 3000)
      for (const m of [toBob, toBobs, toCarol]) await history.add(m)
      expect((await history.conversation(BOB)).map(m => m.id)).to.deep.equal([toBob.id])
      expect((await history.conversation(`${BOB}x`)).map(m => m.id)).to.deep.equal([toBobs.id])
      expect(await history.conversation('nobody@relay.test')).to.deep.equal([])
    })
  })

  describe('setState', () => {
    it('updates the state of a stored message and keeps the rest', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      const updated = await history.setState(m.id, 'delivered')
      expect(updated).to.deep.equal({ ...m, state: 'delivered' })
      expect(await history.conversation(BOB)).to.deep.equal([{ ...m, state: 'delivered' }])
    })

    it('records an error with a failure and drops it once the message gets through', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      expect((await history.setState(m.id, 'failed', 'the relay is unreachable'))?.error).to.equal('the relay is unreachable')
      const recovered = await history.setState(m.id, 'delivered')
      expect(recovered?.state).to.equal('delivered')
      expect(recovered).to.not.have.property('error')
      expect((await history.conversation(BOB))[0]).to.not.have.property('error')
    })

    it('returns undefined for an unknown id and stores nothing', async () => {
      expect(await history.setState('ff'.repeat(16), 'read')).to.equal(undefined)
      expect(await history.conversations()).to.deep.equal([])
    })
  })

  describe('conversations', () => {
    it('lists each conversation once with its latest message by sending time', async () => {
      const bobLatest = message(BOB, 5000)
      const bobOld = message(BOB, 1000)
      const carolOnly = message(CAROL, 2000)
      for (const m of [bobLatest, carolOnly, bobOld]) await history.add(m)
      const list = await history.conversations()
      expect(list.map(c => [c.conversation, c.last.id]).sort()).to.deep.equal([[BOB, bobLatest.id], [CAROL, carolOnly.id]].sort())
    })

    it('keeps messages across a reopen', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      await store.close()
      store = await openStore(dir as string)
      history = new History(store)
      expect(await history.has(m.id)).to.equal(true)
      expect(await history.add(m)).to.equal(false)
      expect(await history.conversation(BOB)).to.deep.equal([m])
    })
  })

  describe('sent', () => {
    it('records the path and moves a sending message to sent, dropping an earlier error', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      await history.setState(m.id, 'sending', 'the relay is busy')
      const sent = await history.sent(m.id, 'direct')
      expect(sent).to.deep.equal({ ...m, state: 'sent', path: 'direct' })
      expect(await history.get(m.id)).to.deep.equal(sent)
    })

    it('writes the path and the state in one write', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      let puts = 0
      const put = store.messages.put.bind(store.messages)
      store.messages.put = (async (...args: Parameters<typeof put>) => { puts++; return await put(...args) }) as typeof put
      await history.sent(m.id, 'relay')
      expect(puts).to.equal(1)
    })

    it('keeps a state a receipt already reached, and still records the path', async () => {
      const m = message(BOB, 1000)
      await history.add(m)
      await history.advance(m.id, 'read')
      expect(await history.sent(m.id, 'relay')).to.deep.equal({ ...m, state: 'read', path: 'relay' })
    })

    it('returns undefined for an unknown id and stores nothing', async () => {
      expect(await history.sent('ee'.repeat(16), 'direct')).to.equal(undefined)
      expect(await history.conversations()).to.deep.equal([])
    })
  })

  describe('advance', () => {
    it('writes nothing when a receipt moves nothing', async () => {
      const m = message(BOB, 1, { state: 'read' })
      await history.add(m)
      let puts = 0
      const put = store.messages.put.bind(store.messages)
      store.messages.put = (async (...args: Parameters<typeof put>) => { puts++; return await put(...args) }) as typeof put
      expect(await history.advance(m.id, 'delivered')).to.equal(undefined)
      expect(await history.advanceTo(m.id, 'sent')).to.deep.equal(m)
      expect(puts).to.equal(0)
      expect((await history.advance(m.id, 'read'))).to.equal(undefined)
      expect(puts).to.equal(0)
    })

    it('moves a state only forward, whatever order receipts arrive in', async () => {
      const m = message(BOB, 1, { state: 'sent' })
      await history.add(m)
      expect((await history.advance(m.id, 'read'))?.state).to.equal('read')
      expect(await history.advance(m.id, 'delivered'), 'a late delivered changes nothing').to.equal(undefined)
      expect((await history.get(m.id))?.state).to.equal('read')
      expect((await history.advanceTo(m.id, 'sent'))?.state, 'advanceTo answers the current message').to.equal('read')
    })

    it('applies concurrent receipts one at a time', async () => {
      const m = message(BOB, 2, { state: 'sent' })
      await history.add(m)
      await Promise.all([history.advance(m.id, 'delivered'), history.advance(m.id, 'read'), history.advance(m.id, 'delivered')])
      expect((await history.get(m.id))?.state).to.equal('read')
    })

    it('ignores unknown ids', async () => {
      expect(await history.advance('f'.repeat(32), 'read')).to.equal(undefined)
    })
  })

  it('removes a message and its index entry, once', async () => {
    const m = message(BOB, 10)
    await history.add(m)
    expect(await history.remove(m.id)).to.equal(true)
    expect(await history.remove(m.id)).to.equal(false)
    expect(await history.get(m.id)).to.equal(undefined)
    expect(await history.conversation(BOB)).to.deep.equal([])
    expect(await history.add(m), 'the id can be stored again').to.equal(true)
  })
})
