import { expect } from 'chai'
import { RecordCache } from '../../src/store/record-cache.js'
import { memoryStore } from '../fakes.js'

/** A promise with its resolve handle. */
function gate (): { promise: Promise<void>, open: () => void } {
  let open = (): void => {}
  const promise = new Promise<void>(resolve => { open = resolve })
  return { promise, open }
}

describe('RecordCache', () => {
  it('keeps a written value, and forgets the least recently used over its entry budget', async () => {
    const cache = new RecordCache(2, 1000, 100)
    await cache.write([['a', '1'], ['b', '2']], [], async () => {})
    expect(cache.get('a')).to.equal('1')
    await cache.write([['c', '3']], [], async () => {})
    expect(cache.get('b')).to.equal(undefined)
    expect(cache.get('a')).to.equal('1')
    expect(cache.get('c')).to.equal('3')
  })

  it('stays within its character budget and never keeps a value over the size limit', async () => {
    const cache = new RecordCache(100, 10, 6)
    await cache.write([['a', 'xxxxx'], ['b', 'yyyyy'], ['c', 'zzzzz']], [], async () => {})
    expect(cache.heldChars).to.be.at.most(10)
    expect(cache.get('a')).to.equal(undefined)
    await cache.write([['long', 'x'.repeat(7)]], [], async () => {})
    expect(cache.get('long')).to.equal(undefined)
  })

  it('does not keep a value whose write failed, and drops the value it had', async () => {
    const cache = new RecordCache()
    await cache.write([['a', 'old']], [], async () => {})
    await cache.write([['a', 'new']], [], async () => { throw new Error('disk full') }).catch(() => {})
    expect(cache.get('a')).to.equal(undefined)
  })

  it('does not take a value read while a write of any key was under way', async () => {
    const cache = new RecordCache()
    const g = gate()
    const before = cache.generation()
    const writing = cache.write([['a', 'new']], [], async () => await g.promise)
    const during = cache.generation()
    g.open()
    await writing
    cache.filled('a', 'old', before)
    cache.filled('a', 'old', during)
    expect(cache.get('a')).to.equal('new')
    cache.filled('b', 'read', cache.generation())
    expect(cache.get('b')).to.equal('read')
  })

  it('keeps neither value of two overlapping writes of one key', async () => {
    const cache = new RecordCache()
    const first = gate()
    const second = gate()
    const a = cache.write([['k', 'one']], [], async () => await first.promise)
    const b = cache.write([['k', 'two']], [], async () => await second.promise)
    second.open(); await b
    expect(cache.get('k')).to.equal(undefined)
    first.open(); await a
    expect(cache.get('k')).to.equal(undefined)
    await cache.write([['k', 'three']], [], async () => {})
    expect(cache.get('k')).to.equal('three')
  })

  it('forgets a deleted key, and everything on a write that may touch any key', async () => {
    const cache = new RecordCache()
    await cache.write([['a', '1'], ['b', '2']], [], async () => {})
    await cache.write([], ['a'], async () => {})
    expect(cache.get('a')).to.equal(undefined)
    expect(cache.get('b')).to.equal('2')
    await cache.writeAny(async () => {})
    expect(cache.size).to.equal(0)
  })
})

describe('The device store\'s record cache', () => {
  it('serves a record read again from memory, and follows every write, delete, batch and clear', async () => {
    const store = await memoryStore()
    try {
      await store.contacts.put('ann@relay.test', { address: 'ann@relay.test', identityKey: 'aa' })
      expect(store.level.cache.size).to.equal(1)
      // A read that hits does not go below: what is below no longer matters to it.
      const raw = store.level.raw
      const get = raw.get.bind(raw)
      let below = 0
      ;(raw as any).get = async (...args: any[]) => { below++; return await (get as any)(...args) }
      expect(await store.contacts.get('ann@relay.test')).to.deep.equal({ address: 'ann@relay.test', identityKey: 'aa' })
      expect(below).to.equal(0)
      await store.contacts.put('ann@relay.test', { address: 'ann@relay.test', identityKey: 'bb' })
      expect((await store.contacts.get('ann@relay.test')).identityKey).to.equal('bb')
      await store.level.batch([{ type: 'put', sublevel: store.contacts, key: 'ann@relay.test', value: { address: 'ann@relay.test', identityKey: 'cc' } }])
      expect((await store.contacts.get('ann@relay.test')).identityKey).to.equal('cc')
      await store.contacts.del('ann@relay.test')
      expect(await store.contacts.get('ann@relay.test')).to.equal(undefined)
      await store.contacts.put('bob@relay.test', { address: 'bob@relay.test', identityKey: 'dd' })
      await store.contacts.clear()
      expect(await store.contacts.get('bob@relay.test')).to.equal(undefined)
      expect(store.level.cache.size).to.equal(0)
      // A record read from below (as after a restart) is kept once opened.
      await store.contacts.put('cy@relay.test', { address: 'cy@relay.test', identityKey: 'ee' })
      store.level.cache.clear()
      below = 0
      await store.contacts.get('cy@relay.test')
      await store.contacts.get('cy@relay.test')
      expect(below).to.equal(1)
    } finally {
      await store.close()
    }
  })

  it('empties when the store locks, and serves nothing while locked', async () => {
    const store = await memoryStore()
    try {
      await store.contacts.put('ann@relay.test', { address: 'ann@relay.test', identityKey: 'aa' })
      store.level.lock()
      expect(store.level.cache.size).to.equal(0)
      let failed = false
      await store.contacts.get('ann@relay.test').catch(() => { failed = true })
      expect(failed).to.equal(true)
    } finally {
      await store.close()
    }
  })
})
