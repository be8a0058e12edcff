import { expect } from 'chai'
import { LruCache } from '../src/lru.js'

describe('LruCache', () => {
  it('drops the least recently used entry over its bound', () => {
    const c = new LruCache<string, number>(2)
    c.set('a', 1)
    c.set('b', 2)
    expect(c.get('a')).to.equal(1)
    c.set('c', 3)
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).to.deep.equal([1, undefined, 3, 2])
  })

  it('keeps nothing with a bound of 0, and refuses a bad bound', () => {
    const c = new LruCache<string, number>(0)
    c.set('a', 1)
    expect([c.get('a'), c.size]).to.deep.equal([undefined, 0])
    expect(() => new LruCache(-1)).to.throw(RangeError)
    expect(() => new LruCache(1.5)).to.throw(RangeError)
  })

  it('forgets an entry or all of them', () => {
    const c = new LruCache<string, number>(3)
    c.set('a', 1)
    c.set('b', 2)
    c.delete('a')
    expect(c.get('a')).to.equal(undefined)
    c.clear()
    expect(c.size).to.equal(0)
  })
})
