import { expect } from 'chai'
import { streamPair, lpStream } from '@libp2p/utils'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { decodeDirectAck, encodeDirectFrame, inspectEnvelope, lengthPrefixOptions, toHex, utf8Encode, MAX_DIRECT_FRAME_BYTES, type DeviceBundle } from '@parley/protocol'
import { DirectServer } from '../../src/delivery/direct-server.js'
import { DirectLink } from '../../src/direct-link.js'
import { DeviceCrypto } from '../../src/crypto/device-crypto.js'
import { generateKeyMaterial, type KeyMaterial } from '../../src/keystore.js'
import type { Stream } from '@libp2p/interface'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'

describe('DirectServer', function () {
  this.timeout(60_000)
  let keys: KeyMaterial
  let device: string
  let envelopes: Uint8Array[]

  before(async () => {
    keys = await generateKeyMaterial()
    device = (await generateKeyPair('Ed25519')).publicKey.toString()
    const bundle = { version: 1, user: BOB, identityKey: keys.identity.publicKey, peerId: device, rsaPublicKey: keys.rsa.publicKey, createdAt: 1 } as DeviceBundle
    const crypto = new DeviceCrypto({ clock: { now: () => Date.now() } }, { keys, deviceId: device })
    envelopes = []
    for (let i = 0; i < 6; i++) envelopes.push((await crypto.seal({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'text', body: utf8Encode(`m${i}`), bundles: [bundle] })).bytes)
  })

  /** A server on one end of a stream pair; the other end is returned raw. */
  async function serving (accept: (envelope: Uint8Array, remote: string, turn: Promise<void>) => Promise<string>, maxRefusals?: number): Promise<{ client: Stream, served: Promise<void>, reachable: string[] }> {
    const [client, server] = await streamPair()
    const reachable: string[] = []
    const direct = new DirectServer({ accept, reachable: peer => { reachable.push(peer) }, ...(maxRefusals !== undefined ? { maxRefusals } : {}) })
    const served = direct.serve(server, { remotePeer: { toString: () => device } as any })
    return { client, served, reachable }
  }

  it('acknowledges each envelope once it is accepted, in the order they came, and hands over the remote device', async () => {
    const order: string[] = []
    const remotes = new Set<string>()
    const { client, reachable } = await serving(async (envelope, remote, turn) => {
      remotes.add(remote)
      // The first one takes longest: the rest must still be stored after it.
      if (idOf(envelope) === idOf(envelopes[0] as Uint8Array)) await new Promise(resolve => setTimeout(resolve, 50))
      await turn
      order.push(idOf(envelope))
      return ''
    })
    const link = new DirectLink(client, () => {})
    await Promise.all(envelopes.slice(0, 3).map(async e => { await link.send(e, inspectEnvelope(e).messageId, 5_000) }))
    expect(order).to.deep.equal(envelopes.slice(0, 3).map(idOf))
    expect([...remotes]).to.deep.equal([device])
    expect(reachable, 'the device that reached us is reachable').to.deep.equal([device])
    await link.close()
  })

  it('sends back why an envelope was refused, and hides an internal failure behind a fixed sentence', async () => {
    const { client } = await serving(async envelope => {
      if (idOf(envelope) === idOf(envelopes[1] as Uint8Array)) throw new Error('lookup of a secret thing failed')
      return 'not the sender\'s device'
    })
    const link = new DirectLink(client, () => {})
    const first = await link.send(envelopes[0] as Uint8Array, inspectEnvelope(envelopes[0] as Uint8Array).messageId, 5_000).then(() => 'ok', (err: Error) => err.message)
    const second = await link.send(envelopes[1] as Uint8Array, inspectEnvelope(envelopes[1] as Uint8Array).messageId, 5_000).then(() => 'ok', (err: Error) => err.message)
    expect(first).to.include('not the sender\'s device')
    expect(second).to.include('could not accept the message right now')
    expect(second).to.not.include('secret')
    await link.close()
  })

  it('cuts off a peer after too many refused frames, answering each before the last', async () => {
    let accepted = 0
    const { client, served } = await serving(async () => { accepted++; return '' }, 3)
    const lp = lpStream(client, lengthPrefixOptions(MAX_DIRECT_FRAME_BYTES))
    const answers: string[] = []
    for (let i = 0; i < 2; i++) {
      await lp.write(encodeDirectFrame(new Uint8Array([1, 2, 3])))
      answers.push(decodeDirectAck((await lp.read()).subarray()).error ?? '')
    }
    await lp.write(encodeDirectFrame(new Uint8Array([1, 2, 3])))
    const third = await lp.read().then(() => 'answered', () => 'cut off')
    await served
    expect(answers.every(a => a !== '')).to.equal(true)
    expect(third).to.equal('cut off')
    expect(accepted).to.equal(0)
  })

  it('cuts off a peer after too many refused envelopes', async () => {
    const { client, served } = await serving(async () => 'refused', 2)
    const link = new DirectLink(client, () => {})
    for (const e of envelopes.slice(0, 2)) await link.send(e, inspectEnvelope(e).messageId, 5_000).catch(() => {})
    await served
    expect(link.open, 'the stream was cut off').to.equal(false)
  })
})

function idOf (envelope: Uint8Array): string { return toHex(inspectEnvelope(envelope).messageId) }
