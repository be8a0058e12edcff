import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { utf8Decode, utf8Encode, isProtocolError, type DeviceBundle } from '@parley/protocol'
import { DeviceCrypto } from '../../src/crypto/device-crypto.js'
import { generateKeyMaterial, type KeyMaterial } from '../../src/keystore.js'
import { MESSAGE_TTL_MS } from '../../src/constants.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'

describe('DeviceCrypto', function () {
  this.timeout(30_000)
  let alice: KeyMaterial
  let bob: KeyMaterial
  let aliceDevice: string
  let bobDevice: string
  let bobBundle: DeviceBundle

  before(async () => {
    [alice, bob] = await Promise.all([generateKeyMaterial(), generateKeyMaterial()])
    aliceDevice = (await generateKeyPair('Ed25519')).publicKey.toString()
    bobDevice = (await generateKeyPair('Ed25519')).publicKey.toString()
    bobBundle = { version: 1, user: BOB, identityKey: bob.identity.publicKey, peerId: bobDevice, rsaPublicKey: bob.rsa.publicKey, createdAt: 1 } as DeviceBundle
  })

  const clock = { now: () => 1_800_000_000_000 }

  it('seals for a recipient\'s devices and opens there, with the sender checked and the expiry set from the clock', async () => {
    const sender = new DeviceCrypto({ clock }, { keys: alice, deviceId: aliceDevice })
    const receiver = new DeviceCrypto({ clock }, { keys: bob, deviceId: bobDevice })
    const sealed = await sender.seal({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'text', body: utf8Encode('hi bob'), bundles: [bobBundle] })
    expect(sealed.expiresAt).to.equal(clock.now() + MESSAGE_TTL_MS)
    expect(sealed.content.senderDevice).to.equal(aliceDevice)
    const asked: string[] = []
    const opened = await receiver.open(sealed.bytes, { expectedRecipient: BOB, identityOf: async s => { asked.push(s); return alice.identity.publicKey } })
    expect(utf8Decode(opened.content.body)).to.equal('hi bob')
    expect(asked).to.deep.equal([ALICE])
  })

  it('imports the device\'s RSA key once for every envelope it opens', async () => {
    const sender = new DeviceCrypto({ clock }, { keys: alice, deviceId: aliceDevice })
    const receiver = new DeviceCrypto({ clock }, { keys: bob, deviceId: bobDevice })
    const envelopes = await Promise.all([1, 2, 3].map(async n => (await sender.seal({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'text', body: utf8Encode(`m${n}`), bundles: [bobBundle] })).bytes))
    const first = await receiver.open(envelopes[0] as Uint8Array, { identityOf: async () => alice.identity.publicKey })
    const key = (receiver as any).rsaKey
    for (const e of envelopes.slice(1)) await receiver.open(e, { identityOf: async () => alice.identity.publicKey })
    expect((receiver as any).rsaKey, 'the same imported key').to.equal(key)
    expect(await key).to.be.instanceOf(CryptoKey)
    expect(utf8Decode(first.content.body)).to.equal('m1')
  })

  it('refuses to open on a device it was not sealed for, or under another sender key', async () => {
    const sender = new DeviceCrypto({ clock }, { keys: alice, deviceId: aliceDevice })
    const sealed = await sender.seal({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'text', body: utf8Encode('x'), bundles: [bobBundle] })
    const elsewhere = new DeviceCrypto({ clock }, { keys: bob, deviceId: aliceDevice })
    const err1 = await elsewhere.open(sealed.bytes, { identityOf: async () => alice.identity.publicKey }).catch(e => e)
    expect(isProtocolError(err1, 'NOT_A_RECIPIENT'), String(err1)).to.equal(true)
    const receiver = new DeviceCrypto({ clock }, { keys: bob, deviceId: bobDevice })
    const err2 = await receiver.open(sealed.bytes, { identityOf: async () => bob.identity.publicKey }).catch(e => e)
    expect(isProtocolError(err2, 'BAD_SIGNATURE'), String(err2)).to.equal(true)
  })
})
