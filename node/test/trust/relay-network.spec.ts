import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { signBundle, toHex } from '@parley/protocol'
import { generateKeyMaterial, type KeyMaterial } from '../../src/keystore.js'
import { Directory } from '../../src/trust/directory.js'
import { RelayNetwork } from '../../src/trust/relay-network.js'
import { Contacts } from '../../src/contacts.js'
import type { NodeStore } from '../../src/node-store.js'
import { FakeRelay, memoryStore } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const ME = 'me@relay.test'
const BOB = 'bob@relay.test'

describe('RelayNetwork', function () {
  this.timeout(30_000)
  let bob: KeyMaterial
  let me: KeyMaterial
  let device: string
  let store: NodeStore
  let relay: FakeRelay
  let network: RelayNetwork

  before(async () => {
    [bob, me] = await Promise.all([generateKeyMaterial(), generateKeyMaterial()])
    device = (await generateKeyPair('Ed25519')).publicKey.toString()
  })

  beforeEach(async () => {
    store = await memoryStore()
    relay = new FakeRelay().on('fetch-bundles', r => {
      const user = (r as { user: string }).user
      // The directory publishes bob's key under both names: for "me" that is someone else's key.
      return { type: 'bundles', user, signedBundles: [signBundle({ user, identityKey: bob.identity.publicKey, peerId: device, rsaPublicKey: bob.rsa.publicKey, createdAt: 1 }, bob.identity.privateKey)] }
    }).on('deposit', { type: 'deposited', messageId: new Uint8Array(16), duplicate: false } as any)
    const contacts = new Contacts(store)
    network = new RelayNetwork({ directory: new Directory({ relay, clock: { now: () => 1 } }), contacts, relay }, { self: () => ME, relayName: () => 'relay.test', identityKey: me.identity.publicKey })
  })

  afterEach(async () => { await store.close() })

  it('pins a contact\'s key on first lookup', async () => {
    expect((await network.lookup(BOB, {})).map(b => b.peerId)).to.deep.equal([device])
    expect((await new Contacts(store).get(BOB))?.identityKey).to.equal(toHex(bob.identity.publicKey))
  })

  it('distrusts a directory that publishes another key for this user, and never pins it', async () => {
    await expectNodeError(async () => await network.lookup(ME, {}), 'IDENTITY_CHANGED')
    expect(await new Contacts(store).get(ME)).to.equal(undefined)
  })

  it('deposits what no direct link took, marking only texts as written by choice', async () => {
    await network.fallback(BOB, new Uint8Array([1]), 'text', {})
    await network.fallback(BOB, new Uint8Array([2]), 'receipt', {})
    expect(relay.of('deposit').map(d => (d.request as { contact: boolean }).contact)).to.deep.equal([true, false])
  })

  it('reaches addresses on its own relay only', () => {
    expect(network.reachable(BOB, 'relay.test')).to.equal(BOB)
    expect(() => network.reachable('eve@other.test', 'other.test')).to.throw('another relay')
  })
})
