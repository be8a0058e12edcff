import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { generateKeyPair, privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { generateIdentityKey, LAN_HELLO_PROTOCOL, MAX_BUNDLE_BYTES, signBundle, type DeviceBundle } from '@parley/protocol'
import { createLanHost, LanPeers } from '../src/lan.js'
import { generateKeyMaterial, type KeyMaterial } from '../src/keystore.js'
import type { Libp2p } from 'libp2p'

/** A LAN host on loopback without mDNS (the introductions are driven by hand here). */
async function device (): Promise<{ keys: KeyMaterial, host: Libp2p, peerId: string }> {
  const keys = await generateKeyMaterial()
  const host = await createLanHost(privateKeyFromProtobuf(keys.peerKey), ['/ip4/127.0.0.1/tcp/0'], { mdnsDiscovery: false })
  return { keys, host, peerId: host.peerId.toString() }
}

function bundleFor (d: { keys: KeyMaterial, peerId: string }, user: string, overrides: { peerId?: string, createdAt?: number } = {}): Uint8Array {
  return signBundle({ user, identityKey: d.keys.identity.publicKey, peerId: overrides.peerId ?? d.peerId, rsaPublicKey: d.keys.rsa.publicKey, createdAt: overrides.createdAt ?? Date.now() }, d.keys.identity.privateKey)
}

describe('LanPeers: introductions on the local network', function () {
  this.timeout(120_000)
  let alice: Awaited<ReturnType<typeof device>>
  let mallory: Awaited<ReturnType<typeof device>>
  let peers: LanPeers
  let seen: DeviceBundle[]
  let warnings: string[]

  beforeEach(async () => {
    alice = await device()
    mallory = await device()
    seen = []
    warnings = []
    peers = new LanPeers(alice.host, 'alice@lan', bundleFor(alice, 'alice@lan'), b => seen.push(b), w => warnings.push(w))
    await peers.start()
  })

  afterEach(async () => {
    await alice.host.stop()
    await mallory.host.stop()
  })

  /** Mallory dials alice and introduces herself with `bytes`; resolves with alice's answer, or an error. */
  async function introduce (bytes: Uint8Array): Promise<Uint8Array | Error> {
    const stream = await mallory.host.dialProtocol(alice.host.getMultiaddrs(), LAN_HELLO_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: MAX_BUNDLE_BYTES })
    await lp.write(bytes)
    try { return (await lp.read()).subarray() } catch (err: any) { return err }
  }

  it('accepts a signed name@lan bundle whose PeerId is the connection\'s, and answers with its own', async () => {
    const answer = await introduce(bundleFor(mallory, 'mallory@lan'))
    expect(answer).to.be.instanceOf(Uint8Array)
    expect(peers.bundlesOf('mallory@lan').map(b => b.peerId)).to.deep.equal([mallory.peerId])
    expect(seen).to.have.length(1)
  })

  it('refuses a bundle naming another PeerId than the one Noise authenticated', async () => {
    const answer = await introduce(bundleFor(mallory, 'bob@lan', { peerId: alice.peerId }))
    expect(answer).to.be.instanceOf(Error)
    expect(peers.bundlesOf('bob@lan')).to.deep.equal([])
    expect(warnings.join('\n')).to.match(/names device .* but the connection is from/)
  })

  it('refuses a bundle for a relay address, a forged signature and bytes that are no bundle', async () => {
    expect(await introduce(bundleFor(mallory, 'mallory@relay.test'))).to.be.instanceOf(Error)
    const forged = bundleFor(mallory, 'bob@lan')
    forged[forged.length - 1]! ^= 1
    expect(await introduce(forged)).to.be.instanceOf(Error)
    expect(await introduce(new Uint8Array([1, 2, 3, 4]))).to.be.instanceOf(Error)
    expect(peers.all()).to.deep.equal([])
    expect(warnings).to.have.length(3)
  })

  it('moves a device that introduces itself under a new name, and refuses an older introduction', async () => {
    expect(await introduce(bundleFor(mallory, 'bob@lan', { createdAt: 2_000 }))).to.be.instanceOf(Uint8Array)
    expect(await introduce(bundleFor(mallory, 'carol@lan', { createdAt: 3_000 }))).to.be.instanceOf(Uint8Array)
    expect(peers.bundlesOf('bob@lan')).to.deep.equal([])
    expect(peers.bundlesOf('carol@lan')).to.have.length(1)
    expect(await introduce(bundleFor(mallory, 'carol@lan', { createdAt: 1_000 }))).to.be.instanceOf(Error)
    expect(peers.bundlesOf('carol@lan')[0]?.createdAt).to.equal(3_000)
  })

  it('refuses a device using this device\'s own name, and an older introduction under another name', async () => {
    expect(await introduce(bundleFor(mallory, 'alice@lan'))).to.be.instanceOf(Error)
    expect(await introduce(bundleFor(mallory, 'bob@lan', { createdAt: 5_000 }))).to.be.instanceOf(Uint8Array)
    expect(await introduce(bundleFor(mallory, 'carol@lan', { createdAt: 4_000 }))).to.be.instanceOf(Error)
    expect(peers.bundlesOf('bob@lan')).to.have.length(1)
    expect(peers.bundlesOf('carol@lan')).to.deep.equal([])
  })

  it('remembers at most a bounded number of devices, forgetting the least recently introduced', async () => {
    // A small bound here (the default is MAX_LAN_DEVICES): each device is a new inbound connection,
    // and libp2p admits only a few per second from one address.
    const limit = 4
    const extra = 2
    await alice.host.stop()
    alice = await device()
    peers = new LanPeers(alice.host, 'alice@lan', bundleFor(alice, 'alice@lan'), b => seen.push(b), w => warnings.push(w), limit)
    await peers.start()
    for (let i = 0; i < limit + extra; i++) {
      // Cheap devices: a fresh PeerId and identity key each, alice's RSA key (not checked here).
      const host = await createLanHost(await generateKeyPair('Ed25519'), ['/ip4/127.0.0.1/tcp/0'], { mdnsDiscovery: false })
      const identity = generateIdentityKey()
      const bundle = signBundle({ user: `device${i}@lan`, identityKey: identity.publicKey, peerId: host.peerId.toString(), rsaPublicKey: alice.keys.rsa.publicKey, createdAt: Date.now() }, identity.privateKey)
      const stream = await host.dialProtocol(alice.host.getMultiaddrs(), LAN_HELLO_PROTOCOL)
      const lp = lpStream(stream, { maxDataLength: MAX_BUNDLE_BYTES })
      await lp.write(bundle)
      await lp.read()
      await host.stop()
      await new Promise(resolve => setTimeout(resolve, 300))
    }
    expect(peers.all()).to.have.length(limit)
    expect(peers.bundlesOf('device0@lan')).to.deep.equal([])
    expect(peers.bundlesOf(`device${limit + extra - 1}@lan`)).to.have.length(1)
  })

  it('greets a device by dialling it: both sides learn each other', async () => {
    const theirs = new LanPeers(mallory.host, 'mallory@lan', bundleFor(mallory, 'mallory@lan'), () => {}, () => {})
    await theirs.start()
    await mallory.host.peerStore.merge(alice.host.peerId, { multiaddrs: alice.host.getMultiaddrs() })
    const got = await theirs.greet(alice.host.peerId)
    expect(got.user).to.equal('alice@lan')
    expect(peers.bundlesOf('mallory@lan')).to.have.length(1)
  })
})
