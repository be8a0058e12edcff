import { expect } from 'chai'
import { join } from 'node:path'
import {
  BUNDLE_SIGNATURE_CONTEXT, concatBytes, encodeRequest, generateDeviceRsaKey, signIdentity, generateIdentityKey, MAX_ENVELOPE_BYTES, randomBytes, seal, signBundle,
  utf8Encode, type RelayResult
} from '@parley/protocol'
import type { ParleyNode, RelayClient } from '@parley/node'
import { outcome } from '../support/outcome.js'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { openRaw, rawPeer } from '../support/raw-client.js'
import type { Libp2p } from 'libp2p'

function errorCode (result: RelayResult | undefined): string | undefined {
  return result?.type === 'error' ? result.code : undefined
}

/** The exact DeviceBundle bytes inside SignedBundle field 1 (tag 0x0a, varint length). */
function innerBundleBytes (signed: Uint8Array): Uint8Array {
  if (signed[0] !== 0x0a) throw new Error('unexpected SignedBundle layout')
  let length = 0
  let shift = 0
  let i = 1
  while (true) {
    const b = signed[i++]!
    length |= (b & 0x7f) << shift
    shift += 7
    if ((b & 0x80) === 0) break
  }
  return signed.subarray(i, i + length)
}

describe('Relay under bad input', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let peer: Libp2p
  let alice: ParleyNode
  let bob: ParleyNode
  let carol: { node: ParleyNode, password: string }
  let aliceRelay: RelayClient
  let bobDevice: { deviceId: string, rsaPublicKey: Uint8Array }
  const forger = generateIdentityKey()

  /** A real suite-1 envelope, addressed as asked, encrypted to bob's device. */
  async function envelopeFor (recipient: string, device = bobDevice): Promise<Uint8Array> {
    const content = { sender: 'alice@relay.test', senderDevice: 'x', senderIdentityKey: forger.publicKey, sentAt: Date.now(), conversation: recipient, kind: 'text' as const, body: utf8Encode('hi') }
    return (await seal({ recipient, devices: [device], content, identityPrivateKey: forger.privateKey, expiresAt: Date.now() + 60_000 })).bytes
  }

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('bad-input')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })).node
    carol = await makeUser({ dir, name: 'carol', relayUrl: relay.http, smtp, verify: false })
    const [bundle] = await alice.lookup('bob@relay.test')
    bobDevice = { deviceId: bundle!.peerId, rsaPublicKey: bundle!.rsaPublicKey }
    await alice.send('bob@relay.test', 'kept safe through everything below')
    aliceRelay = await alice.connect()
    peer = await rawPeer()
  })

  after(async () => {
    await peer?.stop()
    for (const n of [alice, bob, carol?.node]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('answers undecodable frames with BAD_REQUEST and keeps serving the same stream', async () => {
    const s = await openRaw(peer, relay.multiaddrs)
    const valid = encodeRequest(3, { type: 'fetch-bundles', user: 'bob@relay.test' })
    for (const junk of [new Uint8Array(50).fill(0xff), valid.subarray(0, valid.length - 4), new Uint8Array([0x08])]) {
      await s.frame(junk)
      const reply = await s.read()
      expect(reply?.type).to.equal('response')
      expect(errorCode(reply?.type === 'response' ? reply.result : undefined)).to.equal('BAD_REQUEST')
    }
    await s.frame(valid)
    const reply = await s.read()
    expect(reply).to.deep.include({ type: 'response', id: 3 })
    expect(reply?.type === 'response' && reply.result.type).to.equal('bundles')
    await s.stream.close()
  })

  it('refuses an unknown frame version and an empty body by request id', async () => {
    const s = await openRaw(peer, relay.multiaddrs)
    const frame = encodeRequest(5, { type: 'subscribe' })
    expect([...frame.subarray(0, 2)]).to.deep.equal([0x08, 0x01])
    const v2 = frame.slice()
    v2[1] = 0x02
    await s.frame(v2)
    const reply = await s.read()
    expect(reply).to.deep.include({ type: 'response', id: 5 })
    expect(errorCode(reply?.type === 'response' ? reply.result : undefined)).to.equal('UNSUPPORTED_VERSION')
    await s.frame(new Uint8Array([0x08, 0x01, 0x10, 0x09]))
    const empty = await s.read()
    expect(empty).to.deep.include({ type: 'response', id: 9 })
    expect(errorCode(empty?.type === 'response' ? empty.result : undefined)).to.equal('BAD_REQUEST')
    await s.stream.close()
  })

  it('closes only the offending stream when a frame announces more than the limit', async () => {
    const s = await openRaw(peer, relay.multiaddrs)
    // varint 16 MiB, then a little data: the relay must not try to buffer 16 MiB.
    s.raw(new Uint8Array([0x80, 0x80, 0x80, 0x08, 1, 2, 3]))
    const reply = await s.read()
    expect(errorCode(reply?.type === 'response' ? reply.result : undefined)).to.equal('TOO_LARGE')
    expect(await s.read(), 'the stream is closed after a bad length').to.equal(null)
    const fresh = await openRaw(peer, relay.multiaddrs)
    await fresh.frame(encodeRequest(1, { type: 'fetch-bundles', user: 'alice@relay.test' }))
    expect((await fresh.read())?.type).to.equal('response')
    await fresh.stream.close()
  })

  it('refuses deposits before login', async () => {
    const s = await openRaw(peer, relay.multiaddrs)
    await s.frame(encodeRequest(1, { type: 'deposit', envelope: await envelopeFor('bob@relay.test') }))
    const reply = await s.read()
    expect(errorCode(reply?.type === 'response' ? reply.result : undefined)).to.equal('UNAUTHENTICATED')
    await s.frame(encodeRequest(2, { type: 'authenticate', token: randomBytes(32) }))
    const auth = await s.read()
    expect(errorCode(auth?.type === 'response' ? auth.result : undefined)).to.equal('UNAUTHENTICATED')
    await s.stream.close()
  })

  it('refuses oversize and malformed envelopes', async () => {
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: randomBytes(MAX_ENVELOPE_BYTES + 1) }, 'deposited'))).to.equal('TOO_LARGE')
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: randomBytes(2000) }, 'deposited'))).to.equal('BAD_ENVELOPE')
    const good = await envelopeFor('bob@relay.test')
    const flipped = good.slice()
    flipped[3] = flipped[3]! ^ 0xff
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: flipped }, 'deposited'))).to.be.oneOf(['BAD_ENVELOPE'])
  })

  it('refuses deposits for unknown, unverified and foreign users, and for unpublished devices', async () => {
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: await envelopeFor('nobody@relay.test') }, 'deposited'))).to.equal('NOT_FOUND')
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: await envelopeFor('carol@relay.test') }, 'deposited'))).to.equal('NOT_FOUND')
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: await envelopeFor('bob@elsewhere.test') }, 'deposited'))).to.equal('NOT_FOUND')
    const stranger = await generateDeviceRsaKey()
    const notPublished = await envelopeFor('bob@relay.test', { deviceId: '12D3KooWNotARealDeviceOfBob', rsaPublicKey: stranger.publicKey })
    expect(await outcome(aliceRelay.request({ type: 'deposit', envelope: notPublished }, 'deposited'))).to.equal('BAD_ENVELOPE')
  })

  it('refuses wrong codes, wrong passwords and publishing by an unverified account', async () => {
    expect(await outcome(carol.node.verify('000000'))).to.equal('INVALID_CODE')
    expect(await outcome(carol.node.verify('not-a-code'))).to.equal('INVALID_CODE')
    expect(await outcome(alice.login('wrong password entirely'))).to.equal('INVALID_CREDENTIALS')
    expect(await outcome(carol.node.login(carol.password)), 'login works, publishing keys does not').to.equal('NOT_VERIFIED')
    const carolRelay = await carol.node.connect()
    expect(await outcome(carolRelay.request({ type: 'deposit', envelope: await envelopeFor('bob@relay.test') }, 'deposited')), 'nor sending').to.equal('NOT_VERIFIED')
    expect(await outcome(aliceRelay.request({ type: 'login', name: 'nobody', password: 'whatever-password' }, 'session'))).to.equal('INVALID_CREDENTIALS')
  })

  it('refuses bundles signed by the wrong key or naming someone else', async () => {
    aliceRelay = await alice.connect()
    const rsa = await generateDeviceRsaKey()
    const bundle = { user: 'alice@relay.test', identityKey: alice.identityKey, peerId: alice.peerId, rsaPublicKey: rsa.publicKey, createdAt: Date.now() }
    // A correctly formed bundle whose signature is by another key than the one it names.
    const other = generateIdentityKey()
    const honest = signBundle({ ...bundle, identityKey: other.publicKey }, other.privateKey)
    const inner = innerBundleBytes(honest)
    const wrongSigner = honest.slice()
    wrongSigner.set(signIdentity(forger.privateKey, concatBytes(utf8Encode(BUNDLE_SIGNATURE_CONTEXT), inner)), honest.length - 64)
    expect(await outcome(aliceRelay.request({ type: 'publish-bundle', signedBundle: wrongSigner }, 'ok'))).to.equal('BAD_BUNDLE')
    const forBob = signBundle({ ...bundle, user: 'bob@relay.test', identityKey: forger.publicKey }, forger.privateKey)
    expect(await outcome(aliceRelay.request({ type: 'publish-bundle', signedBundle: forBob }, 'ok'))).to.equal('BAD_BUNDLE')
    const otherDevice = signBundle({ ...bundle, identityKey: forger.publicKey, peerId: bob.peerId }, forger.privateKey)
    expect(await outcome(aliceRelay.request({ type: 'publish-bundle', signedBundle: otherDevice }, 'ok'))).to.equal('BAD_BUNDLE')
    expect(await outcome(aliceRelay.request({ type: 'publish-bundle', signedBundle: randomBytes(300) }, 'ok'))).to.equal('BAD_BUNDLE')
    const [still] = await bob.lookup('alice@relay.test')
    expect(still!.peerId).to.equal(alice.peerId)
  })

  it('kept serving and kept the stored mail intact through all of it', async () => {
    const received = await bob.sync()
    expect(received.map(m => m.text)).to.deep.equal(['kept safe through everything below'])
  })
})
