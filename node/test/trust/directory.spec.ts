import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createEd25519, signBundle } from '@parley/protocol'
import type { DeviceListFeed } from '../../src/relay/connection.js'
import type { NodeEvent } from '../../src/events.js'
import { NodeError, RelayRequestError } from '../../src/errors.js'
import { generateKeyMaterial, type KeyMaterial } from '../../src/keystore.js'
import { Directory } from '../../src/trust/directory.js'
import { FakeRelay } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const ALICE = 'alice@relay.test'

describe('Directory', function () {
  this.timeout(30_000)
  let identity: KeyMaterial
  let other: KeyMaterial
  let devices: string[]
  let now: number
  const clock = { now: () => now }

  before(async () => {
    [identity, other] = await Promise.all([generateKeyMaterial(), generateKeyMaterial()])
    devices = await Promise.all([1, 2, 3].map(async () => (await generateKeyPair('Ed25519')).publicKey.toString()))
  })

  beforeEach(() => { now = 1_800_000_000_000 })

  /** A relay whose directory publishes `peerIds` for alice under `keys`. */
  function relayWith (peerIds: () => string[], keys: () => KeyMaterial = () => identity): FakeRelay {
    return new FakeRelay().on('fetch-bundles', () => ({
      type: 'bundles',
      user: ALICE,
      signedBundles: peerIds().map(peerId => {
        const k = keys()
        return signBundle({ user: ALICE, identityKey: k.identity.publicKey, peerId, rsaPublicKey: k.rsa.publicKey, createdAt: now }, k.identity.privateKey)
      })
    }))
  }

  it('asks the directory once per contact for many sends, on the logged-in stream when there is one', async () => {
    const relay = relayWith(() => [devices[0] as string])
    const directory = new Directory({ relay, clock })
    for (let i = 0; i < 20; i++) expect((await directory.bundles(ALICE)).map(b => b.peerId)).to.deep.equal([devices[0]])
    expect(relay.of('fetch-bundles')).to.have.length(1)
    expect(relay.sent[0]?.options.auth).to.equal('preferred')
  })

  it('asks again after the TTL, after invalidate, and when a message comes from a device the list does not name', async () => {
    let published = [devices[0] as string]
    const relay = relayWith(() => published)
    const directory = new Directory({ relay, clock }, { ttlMs: 1_000 })
    await directory.bundles(ALICE)
    now += 1_000
    await directory.bundles(ALICE)
    expect(relay.of('fetch-bundles'), 'after the TTL').to.have.length(2)
    directory.invalidate(ALICE)
    await directory.bundles(ALICE)
    expect(relay.of('fetch-bundles'), 'after invalidate').to.have.length(3)
    expect(await directory.isDeviceOf(ALICE, devices[0] as string, identity.identity.publicKey)).to.equal(true)
    expect(relay.of('fetch-bundles'), 'a known device is answered from the cache').to.have.length(3)
    published = [devices[0] as string, devices[1] as string]
    expect(await directory.isDeviceOf(ALICE, devices[1] as string, identity.identity.publicKey), 'a new device').to.equal(true)
    expect(relay.of('fetch-bundles')).to.have.length(4)
    expect(await directory.isDeviceOf(ALICE, devices[1] as string, other.identity.publicKey), 'under another key').to.equal(false)
  })

  it('judges a page of changed-key envelopes by one lookup per sender and minute', async () => {
    const relay = relayWith(() => [devices[0] as string])
    const directory = new Directory({ relay, clock })
    await directory.bundles(ALICE)
    const first = await directory.recent(ALICE, identity.identity.publicKey)
    expect(first.fetched, 'the first check asks the directory even with a cached list').to.equal(true)
    for (let i = 0; i < 50; i++) expect((await directory.recent(ALICE, identity.identity.publicKey)).source, 'the cached list stands in').to.equal('throttled')
    expect(relay.of('fetch-bundles')).to.have.length(2)
    now += 60_000
    await directory.recent(ALICE, identity.identity.publicKey)
    expect(relay.of('fetch-bundles'), 'asked again a minute later').to.have.length(3)
  })

  it('keeps a list that already shows a changed key without asking again', async () => {
    const relay = relayWith(() => [devices[2] as string], () => other)
    const directory = new Directory({ relay, clock })
    await directory.bundles(ALICE)
    now += 120_000
    const { entry, fetched } = await directory.recent(ALICE, identity.identity.publicKey)
    expect(entry.bundles[0]?.peerId).to.equal(devices[2])
    expect(fetched).to.equal(false)
    expect(relay.of('fetch-bundles')).to.have.length(1)
  })

  it('refuses a user without keys that verify, or with devices under two identity keys, and caches neither', async () => {
    const none = new FakeRelay().on('fetch-bundles', { type: 'bundles', user: ALICE, signedBundles: [new Uint8Array([1, 2, 3])] })
    await expectNodeError(async () => await new Directory({ relay: none, clock }).bundles(ALICE), 'NO_KEYS')
    let turn = 0
    const mixed = relayWith(() => [devices[0] as string, devices[1] as string], () => (turn++ % 2 === 0 ? identity : other))
    const directory = new Directory({ relay: mixed, clock })
    await expectNodeError(async () => await directory.bundles(ALICE), 'NO_KEYS')
    expect(directory.cached(ALICE)).to.equal(undefined)
  })

  it('shares one lookup between callers asking at once', async () => {
    const relay = relayWith(() => [devices[0] as string])
    const directory = new Directory({ relay, clock })
    directory.invalidate(ALICE)
    await Promise.all([directory.fetch(ALICE), directory.fetch(ALICE), directory.bundles(ALICE)])
    expect(relay.of('fetch-bundles')).to.have.length(1)
  })
})

/** A relay connection's pushes and logins, driven by the test. */
class FakeFeed implements DeviceListFeed {
  authenticated = true
  private readonly changed = new Set<(users: string[]) => void>()
  private readonly logins = new Set<() => void>()
  onDevicesChanged (listener: (users: string[]) => void): () => void { this.changed.add(listener); return () => { this.changed.delete(listener) } }
  onAuthenticated (listener: () => void): () => void { this.logins.add(listener); return () => { this.logins.delete(listener) } }
  push (users: string[]): void { for (const l of this.changed) l(users) }
  login (): void { for (const l of this.logins) l() }
}

describe('Directory: device-list pushes', function () {
  this.timeout(30_000)
  const BOB = 'bob@relay.test'
  let identity: KeyMaterial
  let devices: string[]
  let published: Record<string, string[]>
  const clock = { now: () => 1_800_000_000_000 }

  before(async () => {
    identity = await generateKeyMaterial()
    devices = await Promise.all([1, 2].map(async () => (await generateKeyPair('Ed25519')).publicKey.toString()))
  })

  beforeEach(() => { published = { [ALICE]: [devices[0] as string], [BOB]: [devices[0] as string] } })

  const bundlesOf = (user: string): Uint8Array[] => (published[user] ?? []).map(peerId =>
    signBundle({ user, identityKey: identity.identity.publicKey, peerId, rsaPublicKey: identity.rsa.publicKey, createdAt: 1 }, identity.identity.privateKey))
  const relay = (): FakeRelay => new FakeRelay()
    .on('fetch-bundles', r => ({ type: 'bundles', user: (r as { user: string }).user, signedBundles: bundlesOf((r as { user: string }).user) }))
    .on('watch-devices', { type: 'ok' })

  it('watches a user on the logged-in stream before looking them up, once', async () => {
    const r = relay()
    const directory = new Directory({ relay: r, clock, feed: new FakeFeed() })
    await directory.bundles(ALICE)
    directory.invalidate(ALICE)
    await directory.bundles(ALICE)
    expect(r.sent.map(s => s.request.type)).to.deep.equal(['watch-devices', 'fetch-bundles', 'fetch-bundles'])
    expect(r.sent[0]?.request).to.deep.equal({ type: 'watch-devices', users: [ALICE] })
    expect(r.sent[0]?.options.auth).to.equal('session')
  })

  it('forgets a cached list the relay says changed: the next send sees the new devices at once', async () => {
    const feed = new FakeFeed()
    const r = relay()
    const directory = new Directory({ relay: r, clock, feed })
    expect((await directory.bundles(ALICE)).map(b => b.peerId)).to.deep.equal([devices[0]])
    published[ALICE] = [devices[0] as string, devices[1] as string]
    expect((await directory.bundles(ALICE)).map(b => b.peerId), 'cached until told').to.deep.equal([devices[0]])
    feed.push([ALICE])
    expect((await directory.bundles(ALICE)).map(b => b.peerId)).to.deep.equal([devices[0], devices[1]])
    expect(r.of('fetch-bundles')).to.have.length(2)
  })

  it('does not keep a list fetched while the relay said it changed', async () => {
    const feed = new FakeFeed()
    let release!: () => void
    const gate = new Promise<void>(resolve => { release = resolve })
    const r = relay().on('fetch-bundles', async req => {
      await gate
      return { type: 'bundles', user: ALICE, signedBundles: bundlesOf((req as { user: string }).user) }
    })
    const directory = new Directory({ relay: r, clock, feed })
    const first = directory.bundles(ALICE)
    await new Promise(resolve => setImmediate(resolve))
    feed.push([ALICE])
    release()
    await first
    expect(directory.cached(ALICE)).to.equal(undefined)
  })

  it('gives a caller who asks after a change a fresh answer, not the lookup that was already under way', async () => {
    const feed = new FakeFeed()
    let release!: () => void
    const gate = new Promise<void>(resolve => { release = resolve })
    let calls = 0
    const r = relay().on('fetch-bundles', async req => {
      // Answered as published when asked, however late the answer comes.
      const signedBundles = bundlesOf((req as { user: string }).user)
      if (++calls === 1) await gate
      return { type: 'bundles', user: ALICE, signedBundles }
    })
    const directory = new Directory({ relay: r, clock, feed })
    const early = directory.bundles(ALICE)
    await new Promise(resolve => setImmediate(resolve))
    published[ALICE] = [devices[0] as string, devices[1] as string]
    feed.push([ALICE])
    const late = directory.isDeviceOf(ALICE, devices[1] as string, identity.identity.publicKey)
    release()
    expect((await early).map(b => b.peerId), 'the early caller gets the answer it waited for').to.deep.equal([devices[0]])
    expect(await late, 'the caller after the change sees the new device').to.equal(true)
    expect(r.of('fetch-bundles')).to.have.length(2)
  })

  it('does not keep a list whose lookup was under way when it was invalidated (a refused deposit)', async () => {
    let release!: () => void
    const gate = new Promise<void>(resolve => { release = resolve })
    const r = relay().on('fetch-bundles', async req => {
      await gate
      return { type: 'bundles', user: ALICE, signedBundles: bundlesOf((req as { user: string }).user) }
    })
    const directory = new Directory({ relay: r, clock, feed: new FakeFeed() })
    const first = directory.bundles(ALICE)
    await new Promise(resolve => setImmediate(resolve))
    directory.invalidate(ALICE)
    release()
    await first
    expect(directory.cached(ALICE)).to.equal(undefined)
  })

  it('looks every cached list up afresh after a new login: a change made while no stream watched was never pushed', async () => {
    const feed = new FakeFeed()
    const r = relay()
    const directory = new Directory({ relay: r, clock, feed })
    await directory.bundles(ALICE)
    published[ALICE] = [devices[0] as string, devices[1] as string]
    feed.login()
    await directory.settled()
    expect((await directory.bundles(ALICE)).map(b => b.peerId)).to.deep.equal([devices[0], devices[1]])
    expect(r.of('fetch-bundles')).to.have.length(2)
  })

  it('watches every cached user again, in one request, when a stream is logged in again', async () => {
    const feed = new FakeFeed()
    const r = relay()
    const directory = new Directory({ relay: r, clock, feed })
    await directory.bundles(ALICE)
    await directory.bundles(BOB)
    feed.login()
    await directory.settled()
    expect(r.of('watch-devices').map(s => s.request)).to.deep.equal([
      { type: 'watch-devices', users: [ALICE] },
      { type: 'watch-devices', users: [BOB] },
      { type: 'watch-devices', users: [ALICE, BOB] }
    ])
    // Watched on the new stream: the next lookup of either does not ask again.
    directory.invalidate(BOB)
    await directory.bundles(BOB)
    expect(r.of('watch-devices')).to.have.length(3)
  })

  it('looks users up without a watch when there is no session, and warns once of a relay that does not watch', async () => {
    const events: NodeEvent[] = []
    const none = relay().on('watch-devices', () => { throw new NodeError('NOT_LOGGED_IN', 'not logged in') })
    const quiet = new Directory({ relay: none, clock, feed: new FakeFeed(), events: { emit: e => { events.push(e) } } })
    expect(await quiet.bundles(ALICE)).to.have.length(1)
    expect(events).to.deep.equal([])
    const old = relay().on('watch-devices', () => { throw new RelayRequestError('BAD_REQUEST', 'this relay does not serve "watch-devices" requests') })
    const feed = new FakeFeed()
    const directory = new Directory({ relay: old, clock, feed, events: { emit: e => { events.push(e) } } })
    await directory.bundles(ALICE)
    await directory.bundles(BOB)
    expect(old.of('watch-devices')).to.have.length(1)
    expect(events.map(e => e.type)).to.deep.equal(['warning'])
  })

  it('verifies bundles with the Ed25519 it is given', async () => {
    const real = createEd25519()
    let calls = 0
    const ed25519 = { ...real, verify: async (k: Uint8Array, m: Uint8Array, sig: Uint8Array) => { calls++; return await real.verify(k, m, sig) } }
    const directory = new Directory({ relay: relay(), clock, ed25519 })
    await directory.bundles(ALICE)
    expect(calls).to.equal(1)
  })

  describe('prefetch', () => {
    const users = Array.from({ length: 7 }, (_, i) => `u${i}@relay.test`)
    const signedFor = (user: string, k: KeyMaterial = identity): Uint8Array =>
      signBundle({ user, identityKey: k.identity.publicKey, peerId: devices[0] as string, rsaPublicKey: k.rsa.publicKey, createdAt: Date.now() }, k.identity.privateKey)

    it('caches many users with a few bulk requests, answered in prefixes, and then sends no single lookup for them', async () => {
      const relay = new FakeRelay().on('fetch-bundles-many', (r: any) => ({
        type: 'bundles-many',
        // Three at a time, as a relay whose frame fills up answers.
        users: r.users.slice(0, 3).map((user: string) => ({ user, signedBundles: user === 'u4@relay.test' ? [] : [signedFor(user)] }))
      }))
      const directory = new Directory({ relay, clock })
      await directory.prefetch([...users, users[0] as string])
      expect(relay.of('fetch-bundles-many').map(s => (s.request as any).users.length)).to.deep.equal([7, 4, 1])
      expect(relay.of('fetch-bundles-many')[0]?.options.auth).to.equal('session')
      for (const u of users.filter(u => u !== 'u4@relay.test')) expect(directory.cached(u)?.bundles[0]?.user, u).to.equal(u)
      // A user without bundles is not cached: their own lookup says why.
      expect(directory.cached('u4@relay.test')).to.equal(undefined)
      await directory.prefetch(users.slice(0, 3))
      expect(relay.of('fetch-bundles-many'), 'cached users are not asked again').to.have.length(3)
    })

    it('keeps nothing of an answer for a user it did not ask for, or for bundles signed for someone else, and stops at the first such answer', async () => {
      const relay = new FakeRelay().on('fetch-bundles-many', () => ({
        type: 'bundles-many',
        users: [{ user: 'u0@relay.test', signedBundles: [signedFor('u1@relay.test')] }, { user: 'u9@relay.test', signedBundles: [signedFor('u9@relay.test')] }]
      }))
      const directory = new Directory({ relay, clock })
      await directory.prefetch(users.slice(0, 2))
      expect(directory.cached('u0@relay.test')).to.equal(undefined)
      expect(directory.cached('u9@relay.test')).to.equal(undefined)
      // u0 was answered (with nothing that verifies), u9 ends the walk; u1 is asked again, and the wrong answer ends it.
      expect(relay.of('fetch-bundles-many').map(s => (s.request as any).users)).to.deep.equal([['u0@relay.test', 'u1@relay.test'], ['u1@relay.test']])
    })

    it('never fails: a relay without bulk lookups is not asked again until the next login, and a passing failure leaves single lookups', async () => {
      const relay = new FakeRelay()
      const directory = new Directory({ relay, clock })
      await directory.prefetch(users)
      await directory.prefetch(users)
      expect(relay.of('fetch-bundles-many'), 'BAD_REQUEST: asked once').to.have.length(1)
      const busy = new FakeRelay().on('fetch-bundles-many', () => { throw new RelayRequestError('RATE_LIMITED', 'too many directory lookups') })
      const other = new Directory({ relay: busy, clock })
      await other.prefetch(users)
      await other.prefetch(users)
      expect(busy.of('fetch-bundles-many'), 'a passing failure is tried again next time').to.have.length(2)
    })

    it('does not keep a list the relay said changed while the bulk lookup was under way', async () => {
      let directory: Directory | undefined
      const relay = new FakeRelay().on('fetch-bundles-many', (r: any) => {
        directory?.devicesChanged(['u1@relay.test'])
        return { type: 'bundles-many', users: r.users.map((user: string) => ({ user, signedBundles: [signedFor(user)] })) }
      })
      directory = new Directory({ relay, clock })
      await directory.prefetch(users.slice(0, 3))
      expect(directory.cached('u0@relay.test')).to.not.equal(undefined)
      expect(directory.cached('u1@relay.test')).to.equal(undefined)
    })
  })
})
