import { expect } from 'chai'
import { generateIdentityKey, signBundle } from '@parley/protocol'
import { ReadCache, cachedRecords, deepFreeze } from '../src/read-cache.js'
import { Directory } from '../src/directory.js'
import type { RelayDb } from '../src/store.js'
import { makeAccounts, makeTempDir, openDb, removeTempDir, testKeys, type AccountsFixture, type Keys } from './helpers.js'

const RELAY = 'relay.test'
const T0 = 1_800_000_000_000

/** A loader whose reads finish only when the test says, counting them. */
function gatedLoader (): { load: (key: string) => Promise<string>, reads: string[], finish: (value: string) => void } {
  const waiting: Array<(v: string) => void> = []
  const reads: string[] = []
  return {
    reads,
    load: async key => { reads.push(key); return await new Promise<string>(resolve => waiting.push(resolve)) },
    finish: value => { waiting.shift()?.(value) }
  }
}

describe('ReadCache', () => {
  it('reads a key from the store once, then from memory', async () => {
    const reads: string[] = []
    const cache = new ReadCache<string>(10, async key => { reads.push(key); return `v:${key}` })
    expect(await cache.get('a')).to.equal('v:a')
    expect(await cache.get('a')).to.equal('v:a')
    expect(reads).to.deep.equal(['a'])
    expect(cache).to.include({ hits: 1, misses: 1 })
  })

  it('keeps an absent record (undefined) too', async () => {
    let reads = 0
    const cache = new ReadCache<string | undefined>(10, async () => { reads++; return undefined })
    expect(await cache.get('nobody')).to.equal(undefined)
    expect(await cache.get('nobody')).to.equal(undefined)
    expect(reads).to.equal(1)
  })

  it('holds at most `max` entries, dropping the least recently used', async () => {
    const reads: string[] = []
    const cache = new ReadCache<string>(2, async key => { reads.push(key); return key })
    await cache.get('a')
    await cache.get('b')
    await cache.get('a')
    await cache.get('c')
    expect(cache.size).to.equal(2)
    await cache.get('a')
    await cache.get('b')
    expect(reads).to.deep.equal(['a', 'b', 'c', 'b'])
  })

  it('reads again after an invalidation', async () => {
    let version = 1
    const cache = new ReadCache<number>(10, async () => version)
    expect(await cache.get('k')).to.equal(1)
    version = 2
    expect(await cache.get('k')).to.equal(1)
    cache.invalidate('k')
    expect(await cache.get('k')).to.equal(2)
  })

  it('does not keep a read that an invalidation overtook, and does not let later readers join it', async () => {
    const gate = gatedLoader()
    const cache = new ReadCache<string>(10, gate.load)
    const early = cache.get('k')
    await Promise.resolve()
    cache.invalidate('k')
    const late = cache.get('k')
    gate.finish('old')
    gate.finish('new')
    expect(await early).to.equal('old')
    expect(await late).to.equal('new')
    expect(await cache.get('k')).to.equal('new')
    expect(gate.reads).to.deep.equal(['k', 'k'])
  })

  it('shares one read among concurrent callers of a key', async () => {
    const gate = gatedLoader()
    const cache = new ReadCache<string>(10, gate.load)
    const both = Promise.all([cache.get('k'), cache.get('k')])
    await Promise.resolve()
    gate.finish('v')
    expect(await both).to.deep.equal(['v', 'v'])
    expect(gate.reads).to.have.length(1)
  })

  it('refuses a size that is not a positive integer', () => {
    expect(() => new ReadCache(0, async () => 1)).to.throw(RangeError, '"max"')
  })

  it('deepFreeze freezes nested objects and arrays', () => {
    const v = deepFreeze({ a: { b: [1, { c: 2 }] } })
    expect(Object.isFrozen(v.a.b[1])).to.equal(true)
    expect(() => { (v.a as any).b = [] }).to.throw(TypeError)
  })
})

describe('cached store records', function () {
  this.timeout(30_000)
  let dir: string | undefined
  let db: RelayDb

  beforeEach(async () => {
    dir = await makeTempDir('read-cache')
    db = await openDb(dir)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('forgets a record as soon as a commit that puts or deletes it is durable, and only that record', async () => {
    const sub = db.json<{ n: number }>('things')
    const other = db.json<{ n: number }>('others')
    const cache = cachedRecords<{ n: number }>(db, sub, 100)
    await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: { n: 1 } }, { type: 'put', sublevel: sub, key: 'b', value: { n: 1 } }])
    expect(await cache.get('a')).to.deep.equal({ n: 1 })
    expect(await cache.get('b')).to.deep.equal({ n: 1 })
    await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: { n: 2 } }, { type: 'put', sublevel: other, key: 'b', value: { n: 9 } }])
    expect(await cache.get('a')).to.deep.equal({ n: 2 })
    expect(await cache.get('b')).to.deep.equal({ n: 1 })
    await db.commit([{ type: 'del', sublevel: sub, key: 'a' }])
    expect(await cache.get('a')).to.equal(undefined)
    expect(cache.misses).to.equal(4)
  })

  it('hands out frozen records, so no caller changes what another one reads', async () => {
    const sub = db.json<{ n: number }>('things')
    const cache = cachedRecords<{ n: number }>(db, sub, 100)
    await db.commit([{ type: 'put', sublevel: sub, key: 'a', value: { n: 1 } }])
    const record = await cache.get('a') as { n: number }
    expect(() => { record.n = 5 }).to.throw(TypeError)
  })
})

describe('Accounts.get and Directory.devices caches', function () {
  this.timeout(30_000)
  let keys: Keys
  let dir: string | undefined
  let db: RelayDb
  let fx: AccountsFixture
  let directory: Directory
  const caller = { peerId: '12D3KooW-alice', ip: '192.0.2.1' }

  function bundle (peerId: string, identity = keys.identity, createdAt = T0): Uint8Array {
    return signBundle({ user: `alice@${RELAY}`, identityKey: identity.publicKey, peerId, rsaPublicKey: keys.rsa.publicKey, createdAt }, identity.privateKey)
  }

  before(async () => { keys = await testKeys() })

  beforeEach(async () => {
    dir = await makeTempDir('read-cache-accounts')
    db = await openDb(dir)
    fx = makeAccounts(db, { relayName: RELAY })
    directory = new Directory({ db, accounts: fx.accounts, relayName: RELAY, now: () => T0 })
    await fx.accounts.register('alice', 'alice@mail.test', 'alice password', caller)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('sees an account verified right after it was read unverified', async () => {
    expect((await fx.accounts.get('alice'))?.verified).to.equal(false)
    await fx.accounts.verify('alice', fx.mailer.codeFor('alice@mail.test'), caller)
    expect((await fx.accounts.get('alice'))?.verified).to.equal(true)
  })

  it('sees an account gone right after it was deleted, and a new one of the same name as new', async () => {
    await fx.accounts.verify('alice', fx.mailer.codeFor('alice@mail.test'), caller)
    const before = await fx.accounts.get('alice')
    expect(before?.verified).to.equal(true)
    await fx.accounts.deleteAccount('alice', 'alice password', undefined, caller)
    expect(await fx.accounts.get('alice')).to.equal(undefined)
    await fx.accounts.register('alice', 'other@mail.test', 'another password', caller)
    const again = await fx.accounts.get('alice')
    expect(again?.verified).to.equal(false)
    expect(again?.email).to.equal('other@mail.test')
  })

  it('sees an account that did not exist once it is registered', async () => {
    expect(await fx.accounts.get('bob')).to.equal(undefined)
    await fx.accounts.register('bob', 'bob@mail.test', 'bob password', caller)
    expect(await fx.accounts.get('bob')).to.not.equal(undefined)
  })

  it('sees every device list change: a device published, a second one, a new identity key, the account deleted', async () => {
    await fx.accounts.verify('alice', fx.mailer.codeFor('alice@mail.test'), caller)
    expect([...await directory.devices('alice')]).to.deep.equal([])
    await directory.publish('alice', 'phone', bundle('phone'))
    expect([...await directory.devices('alice')]).to.deep.equal(['phone'])
    await directory.publish('alice', 'laptop', bundle('laptop'))
    expect([...await directory.devices('alice')].sort()).to.deep.equal(['laptop', 'phone'])
    // A new identity key replaces every device published under the old one.
    await directory.publish('alice', 'tablet', bundle('tablet', generateIdentityKey(), T0 + 1))
    expect([...await directory.devices('alice')]).to.deep.equal(['tablet'])
    await directory.deleteUser('alice')
    expect([...await directory.devices('alice')]).to.deep.equal([])
    expect(directory.deviceLists.hits).to.equal(0)
  })

  it('answers repeated device list reads from memory while nothing changes', async () => {
    await fx.accounts.verify('alice', fx.mailer.codeFor('alice@mail.test'), caller)
    await directory.publish('alice', 'phone', bundle('phone'))
    for (let i = 0; i < 5; i++) expect([...await directory.devices('alice')]).to.deep.equal(['phone'])
    expect(directory.deviceLists).to.include({ misses: 1, hits: 4 })
  })
})
