import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { signBundle, utf8Encode, type DeviceBundle } from '@parley/protocol'
import { Examiner } from '../../src/inbox/examiner.js'
import { DeviceCrypto } from '../../src/crypto/device-crypto.js'
import { Contacts } from '../../src/contacts.js'
import { Directory } from '../../src/trust/directory.js'
import { RelayNetwork } from '../../src/trust/relay-network.js'
import { generateKeyMaterial, type KeyMaterial } from '../../src/keystore.js'
import type { NodeStore } from '../../src/node-store.js'
import { FakeRelay, memoryStore } from '../fakes.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'

describe('Examiner', function () {
  this.timeout(60_000)
  let alice: KeyMaterial
  let aliceNew: KeyMaterial
  let bob: KeyMaterial
  let aliceDevice: string
  let aliceNewDevice: string
  let bobDevice: string
  let store: NodeStore
  let relay: FakeRelay
  let published: { keys: KeyMaterial, device: string }
  let examiner: Examiner
  let contacts: Contacts
  let now = 1_800_000_000_000
  const clock = { now: () => now }

  before(async () => {
    [alice, aliceNew, bob] = await Promise.all([generateKeyMaterial(), generateKeyMaterial(), generateKeyMaterial()])
    aliceDevice = (await generateKeyPair('Ed25519')).publicKey.toString()
    aliceNewDevice = (await generateKeyPair('Ed25519')).publicKey.toString()
    bobDevice = (await generateKeyPair('Ed25519')).publicKey.toString()
  })

  beforeEach(async () => {
    store = await memoryStore()
    published = { keys: alice, device: aliceDevice }
    relay = new FakeRelay().on('fetch-bundles', () => ({
      type: 'bundles',
      user: ALICE,
      signedBundles: [signBundle({ user: ALICE, identityKey: published.keys.identity.publicKey, peerId: published.device, rsaPublicKey: published.keys.rsa.publicKey, createdAt: 1 }, published.keys.identity.privateKey)]
    }))
    contacts = new Contacts(store)
    const directory = new Directory({ relay, clock })
    const network = new RelayNetwork({ directory, contacts, relay }, { self: () => BOB, relayName: () => 'relay.test', identityKey: bob.identity.publicKey })
    examiner = new Examiner({ crypto: new DeviceCrypto({ clock }, { keys: bob, deviceId: bobDevice }), contacts, directory, network: () => network, clock }, {
      self: () => BOB,
      identityKey: bob.identity.publicKey,
      lookup: async address => await network.lookup(address, {})
    })
  })

  afterEach(async () => { await store.close() })

  const bobBundle = (): DeviceBundle => ({ version: 1, user: BOB, identityKey: bob.identity.publicKey, peerId: bobDevice, rsaPublicKey: bob.rsa.publicKey, createdAt: 1 }) as DeviceBundle
  const from = async (keys: KeyMaterial, device: string, text: string): Promise<Uint8Array> =>
    (await new DeviceCrypto({ clock }, { keys, deviceId: device }).seal({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'text', body: utf8Encode(text), bundles: [bobBundle()] })).bytes

  it('opens a message from a device the sender signed for, pinning the sender on first sight', async () => {
    const result = await examiner.examine(await from(alice, aliceDevice, 'hello'), 'relay')
    expect(result.type).to.equal('opened')
    expect((await contacts.get(ALICE))?.identityKey).to.be.a('string')
  })

  it('rejects a message from a device the sender never signed for', async () => {
    const result = await examiner.examine(await from(alice, aliceNewDevice, 'not my device'), 'relay')
    expect(result.type).to.equal('rejected')
  })

  it('holds a page of messages under a changed key with one directory lookup, not one per message', async () => {
    await examiner.examine(await from(alice, aliceDevice, 'before'), 'relay')
    const before = relay.of('fetch-bundles').length
    published = { keys: aliceNew, device: aliceNewDevice }
    const page = await Promise.all([1, 2, 3, 4, 5, 6].map(async n => await from(aliceNew, aliceNewDevice, `new key ${n}`)))
    const results = []
    for (const envelope of page) results.push((await examiner.examine(envelope, 'relay')).type)
    expect(results).to.deep.equal(['held', 'held', 'held', 'held', 'held', 'held'])
    expect(relay.of('fetch-bundles').length - before, 'lookups for the whole page').to.equal(1)
  })

  it('rejects forged changed-key messages once a list fetched after they arrived shows the pinned key, with one lookup a minute', async () => {
    const stranger = await generateKeyMaterial()
    await examiner.examine(await from(alice, aliceDevice, 'before'), 'relay')
    now += 60_000
    const before = relay.of('fetch-bundles').length
    const page = await Promise.all([0, 1, 2, 3].map(async n => await from(stranger, aliceDevice, `forged ${n}`)))
    const pass = async (): Promise<string[]> => { const r = []; for (const e of page) r.push((await examiner.examine(e, 'relay')).type); return r }
    // The first is judged by a fresh list; the others came before the directory may be asked again.
    expect(await pass()).to.deep.equal(['rejected', 'retry', 'retry', 'retry'])
    expect(relay.of('fetch-bundles').length - before, 'one lookup for the page').to.equal(1)
    now += 60_000
    // A minute later one lookup, newer than all of them, judges them all.
    expect((await pass()).slice(1)).to.deep.equal(['rejected', 'rejected', 'rejected'])
    expect(relay.of('fetch-bundles').length - before, 'one more lookup').to.equal(2)
  })

  it('leaves a changed-key message that cannot be checked within the minute for later, and holds it once it can be', async () => {
    const stranger = await generateKeyMaterial()
    await examiner.examine(await from(alice, aliceDevice, 'before'), 'relay')
    now += 60_000
    // A forged one makes the minute's check; then alice really changes her key.
    expect((await examiner.examine(await from(stranger, aliceDevice, 'forged'), 'relay')).type).to.equal('rejected')
    published = { keys: aliceNew, device: aliceNewDevice }
    const genuine = await from(aliceNew, aliceNewDevice, 'my new key')
    expect((await examiner.examine(genuine, 'relay')).type, 'within the minute: passing, not final').to.equal('retry')
    now += 60_000
    expect((await examiner.examine(genuine, 'relay')).type, 'once the directory may be asked').to.equal('held')
  })
})
