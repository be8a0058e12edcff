import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { signBundle } from '@parley/protocol'
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
