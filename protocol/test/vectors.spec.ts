import { expect } from 'chai'
import { signBundle, verifyBundle } from '../src/bundle.js'
import { inspectEnvelope, open, type Content } from '../src/envelope/index.js'
import { concatBytes, fromHex, toHex } from '../src/bytes.js'
import { ProtocolError } from '../src/errors.js'
import { identityPublicKey, verifyIdentity } from '../src/keys.js'
import { Envelope as PbEnvelope } from '../src/pb/envelope.js'
import { decodeReceipt, encodeReceipt } from '../src/receipt.js'
import { decodeDirectAck, decodeDirectFrame, encodeDirectAck, encodeDirectFrame } from '../src/direct.js'
import { decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage, type RelayRequest, type ServerMessage } from '../src/rpc.js'
import { safetyNumber } from '../src/safety-number.js'
import { lengthPrefixed } from '../src/length-prefix.js'
import { UnsupportedKindError } from '../src/errors.js'
import { expectProtocolError, loadVector } from './helpers.js'

/** `value` with every hex string the vector files use for bytes turned back into Uint8Array. */
function unhex (value: unknown, bytesKeys: ReadonlySet<string>, key = ''): unknown {
  if (typeof value === 'string' && bytesKeys.has(key)) return fromHex(value)
  if (Array.isArray(value)) return value.map(v => unhex(v, bytesKeys, key))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unhex(v, bytesKeys, k)]))
  return value
}
const RPC_BYTES = new Set(['token', 'envelope', 'messageIds', 'messageId', 'signedBundles', 'signedBundle'])

interface KeysVector {
  identities: Record<string, { seed: string, publicKey: string }>
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
}

interface BundleVector {
  signatureContextHex: string
  input: { user: string, identityKey: string, peerId: string, rsaPublicKey: string, createdAt: number, identitySeed: string }
  bundle: string
  signature: string
  signedBundle: string
  expected: { version: number, user: string, identityKey: string, peerId: string, rsaPublicKey: string, createdAt: number }
  rejections: Array<{ description: string, signedBundle: string, error: ProtocolError['code'] }>
}

interface EnvelopeVector {
  contextsHex: { additionalData: string, signature: string }
  deviceId: string
  senderIdentityKey: string
  intermediates: Record<'contentKey' | 'iv' | 'signatureNonce' | 'header' | 'keys' | 'additionalData' | 'plaintext' | 'signaturePayload' | 'signature', string>
  envelope: string
  expected: {
    header: { version: number, suite: number, messageId: string, messageIdHex: string, recipient: string, expiresAt: number, contentSize: number, deviceIds: string[], size: number }
    content: Omit<Content, 'senderIdentityKey' | 'body'> & { senderIdentityKey: string, body: string }
  }
  rejections: Array<{ description: string, envelope: string, error: ProtocolError['code'] }>
}

describe('test vectors', () => {
  const keys = loadVector<KeysVector>('keys.json')

  it('keys.json identity public keys derive from their seeds', () => {
    for (const id of Object.values(keys.identities)) {
      expect(toHex(identityPublicKey(fromHex(id.seed)))).to.equal(id.publicKey)
    }
  })

  describe('bundle.json', () => {
    const v = loadVector<BundleVector>('bundle.json')
    const input = {
      user: v.input.user,
      identityKey: fromHex(v.input.identityKey),
      peerId: v.input.peerId,
      rsaPublicKey: fromHex(v.input.rsaPublicKey),
      createdAt: v.input.createdAt
    }

    it('signBundle reproduces the exact signed bytes', () => {
      expect(toHex(signBundle(input, fromHex(v.input.identitySeed)))).to.equal(v.signedBundle)
    })

    it('the signature covers the context string and the exact inner bundle', () => {
      const payload = concatBytes(fromHex(v.signatureContextHex), fromHex(v.bundle))
      expect(verifyIdentity(input.identityKey, payload, fromHex(v.signature))).to.equal(true)
    })

    it('verifyBundle gives the expected fields', async () => {
      const b = await verifyBundle(fromHex(v.signedBundle), { expectedUser: v.expected.user, expectedIdentityKey: input.identityKey })
      expect({ ...b, identityKey: toHex(b.identityKey), rsaPublicKey: toHex(b.rsaPublicKey) }).to.deep.equal(v.expected)
    })

    for (const r of v.rejections) {
      it(`rejects: ${r.description} (${r.error})`, async () => {
        await expectProtocolError(async () => await verifyBundle(fromHex(r.signedBundle)), r.error)
      })
    }
  })

  describe('envelope.json', () => {
    const v = loadVector<EnvelopeVector>('envelope.json')
    const device = Object.values(keys.devices).find(d => d.deviceId === v.deviceId)!
    const openOpts = {
      deviceId: v.deviceId,
      rsaPrivateKey: fromHex(device.rsaPkcs8),
      resolveIdentityKey: async (sender: string) => sender === v.expected.content.sender ? fromHex(v.senderIdentityKey) : undefined,
      now: v.expected.header.expiresAt - 1
    }

    it('inspectEnvelope gives the expected header', () => {
      const h = inspectEnvelope(fromHex(v.envelope))
      expect({ ...h, messageId: toHex(h.messageId) }).to.deep.equal(v.expected.header)
    })

    it('open gives the expected content', async () => {
      const opened = await open(fromHex(v.envelope), openOpts)
      const c = opened.content
      expect({ ...c, senderIdentityKey: toHex(c.senderIdentityKey), body: toHex(c.body) }).to.deep.equal(v.expected.content)
      expect(opened.expired).to.equal(false)
    })

    it('the intermediates match the envelope and each other', async () => {
      const i = v.intermediates
      const env = PbEnvelope.decode(fromHex(v.envelope))
      expect(toHex(env.header)).to.equal(i.header)
      expect(toHex(env.keys)).to.equal(i.keys)
      expect(toHex(env.iv)).to.equal(i.iv)
      expect(toHex(env.sealedSignature.subarray(0, 12))).to.equal(i.signatureNonce)
      expect(i.additionalData).to.equal(v.contextsHex.additionalData + i.header + i.keys)
      const key = await globalThis.crypto.subtle.importKey('raw', fromHex(i.contentKey) as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt'])
      const plaintext = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: env.iv, additionalData: fromHex(i.additionalData) as Uint8Array<ArrayBuffer> }, key, env.ciphertext)
      expect(toHex(new Uint8Array(plaintext))).to.equal(i.plaintext)
      const signature = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: env.sealedSignature.subarray(0, 12), additionalData: fromHex(v.contextsHex.signature) as Uint8Array<ArrayBuffer> },
        key, env.sealedSignature.subarray(12))
      expect(toHex(new Uint8Array(signature))).to.equal(i.signature)
      const ct = toHex(env.ciphertext)
      const u32 = (n: number): string => n.toString(16).padStart(8, '0')
      expect(i.signaturePayload).to.equal(
        v.contextsHex.signature + u32(env.header.length) + i.header + u32(env.keys.length) + i.keys + i.iv + ct)
      expect(verifyIdentity(fromHex(v.senderIdentityKey), fromHex(i.signaturePayload), fromHex(i.signature))).to.equal(true)
    })

    for (const r of v.rejections) {
      it(`rejects: ${r.description} (${r.error})`, async () => {
        await expectProtocolError(async () => await open(fromHex(r.envelope), openOpts), r.error)
      })
    }
  })

  describe('receipts.json', () => {
    const v = loadVector<{ valid: Array<{ description: string, type: 'delivered' | 'read', messageIds: string[], body: string }>, invalid: Array<{ description: string, body: string, error: ProtocolError['code'] }> }>('receipts.json')
    for (const r of v.valid) {
      it(`encodes and decodes: ${r.description}`, () => {
        const messageIds = r.messageIds.map(fromHex)
        expect(toHex(encodeReceipt({ type: r.type, messageIds }))).to.equal(r.body)
        const back = decodeReceipt(fromHex(r.body))
        expect({ type: back.type, messageIds: back.messageIds.map(toHex) }).to.deep.equal({ type: r.type, messageIds: r.messageIds })
      })
    }
    for (const r of v.invalid) {
      it(`rejects: ${r.description} (${r.error})`, async () => {
        await expectProtocolError(() => decodeReceipt(fromHex(r.body)), r.error)
      })
    }
  })

  describe('direct.json', () => {
    const v = loadVector<{
      envelope: string, frame: string, frameOnStream: string
      ackStored: { messageId: string, frame: string, frameOnStream: string }
      ackRefused: { messageId: string, error: string, frame: string }
      rejections: Array<{ description: string, decoder: 'decodeDirectFrame' | 'decodeDirectAck', frame: string, error: ProtocolError['code'] }>
    }>('direct.json')

    it('encodes and decodes the frame and its acknowledgements, with their length prefixes', () => {
      expect(toHex(encodeDirectFrame(fromHex(v.envelope)))).to.equal(v.frame)
      expect(toHex(decodeDirectFrame(fromHex(v.frame)))).to.equal(v.envelope)
      expect(toHex(lengthPrefixed(fromHex(v.frame)))).to.equal(v.frameOnStream)
      expect(toHex(encodeDirectAck(fromHex(v.ackStored.messageId)))).to.equal(v.ackStored.frame)
      expect(toHex(lengthPrefixed(fromHex(v.ackStored.frame)))).to.equal(v.ackStored.frameOnStream)
      expect(decodeDirectAck(fromHex(v.ackStored.frame))).to.deep.equal({ messageId: fromHex(v.ackStored.messageId) })
      expect(toHex(encodeDirectAck(fromHex(v.ackRefused.messageId), v.ackRefused.error))).to.equal(v.ackRefused.frame)
      expect(decodeDirectAck(fromHex(v.ackRefused.frame)).error).to.equal(v.ackRefused.error)
    })
    for (const r of v.rejections) {
      it(`rejects: ${r.description} (${r.error})`, async () => {
        const decode = r.decoder === 'decodeDirectFrame' ? decodeDirectFrame : decodeDirectAck
        await expectProtocolError(() => decode(fromHex(r.frame)), r.error)
      })
    }
  })

  describe('rpc.json', () => {
    const v = loadVector<{
      requests: Array<{ id: number, request: Record<string, unknown>, frame: string, frameOnStream: string }>
      responses: Array<{ message: Record<string, unknown>, frame: string, frameOnStream: string }>
    }>('rpc.json')
    for (const r of v.requests) {
      it(`request ${r.id} (${String(r.request.type)}) encodes to its frame and back`, () => {
        const request = unhex(r.request, RPC_BYTES) as RelayRequest
        expect(toHex(encodeRequest(r.id, request))).to.equal(r.frame)
        expect(toHex(lengthPrefixed(fromHex(r.frame)))).to.equal(r.frameOnStream)
        const back = decodeRequest(fromHex(r.frame))
        expect(back.id).to.equal(r.id)
        expect(back.request).to.deep.include(request)
      })
    }
    for (const r of v.responses) {
      it(`relay frame ${String(r.message.type)} ${String((r.message.result as { type?: string } | undefined)?.type ?? '')} encodes to its frame and back`, () => {
        const message = unhex(r.message, RPC_BYTES) as ServerMessage
        expect(toHex(encodeServerMessage(message))).to.equal(r.frame)
        expect(toHex(lengthPrefixed(fromHex(r.frame)))).to.equal(r.frameOnStream)
        const back = decodeServerMessage(fromHex(r.frame))
        if (message.type === 'response' && back.type === 'response') {
          expect(back.id).to.equal(message.id)
          expect(back.result).to.deep.include(message.result)
        } else {
          expect(back).to.deep.equal(message)
        }
      })
    }
  })

  describe('lan-hello.json', () => {
    const v = loadVector<{
      input: { user: string, identityKey: string, peerId: string, rsaPublicKey: string, createdAt: number, identitySeed: string }
      signedBundle: string, frameOnStream: string
      expected: { version: number, user: string, identityKey: string, peerId: string, rsaPublicKey: string, createdAt: number }
    }>('lan-hello.json')

    it('signBundle gives the introduction, and verifyBundle its fields', async () => {
      const input = { ...v.input, identityKey: fromHex(v.input.identityKey), rsaPublicKey: fromHex(v.input.rsaPublicKey) }
      expect(toHex(signBundle(input, fromHex(v.input.identitySeed)))).to.equal(v.signedBundle)
      expect(toHex(lengthPrefixed(fromHex(v.signedBundle)))).to.equal(v.frameOnStream)
      const b = await verifyBundle(fromHex(v.signedBundle), { expectedUser: v.expected.user })
      expect({ ...b, identityKey: toHex(b.identityKey), rsaPublicKey: toHex(b.rsaPublicKey) }).to.deep.equal(v.expected)
      expect(b.user.endsWith('@lan')).to.equal(true)
    })
  })

  describe('safety-numbers.json', () => {
    const v = loadVector<{ pairs: Array<{ description: string, a: { address: string, identityKey: string }, b: { address: string, identityKey: string }, digits: string, qr: string }> }>('safety-numbers.json')
    for (const p of v.pairs) {
      it(`gives the safety number of ${p.description}, in either order`, () => {
        const a = { address: p.a.address, identityKey: fromHex(p.a.identityKey) }
        const b = { address: p.b.address, identityKey: fromHex(p.b.identityKey) }
        expect(safetyNumber(a, b)).to.deep.equal({ digits: p.digits, qr: p.qr })
        expect(safetyNumber(b, a)).to.deep.equal({ digits: p.digits, qr: p.qr })
      })
    }

    it('pins the identity keys to keys.json', () => {
      const known = new Set(Object.values(keys.identities).map(i => i.publicKey))
      for (const p of v.pairs) expect(known.has(p.a.identityKey) && known.has(p.b.identityKey)).to.equal(true)
    })
  })

  describe('strict.json', () => {
    const v = loadVector<{ control: string, cases: Array<{ description: string, decoder: string, input: string, error: ProtocolError['code'], sender?: string, kind?: number }> }>('strict.json')
    const bob = keys.devices.bobLaptop!
    const alice = fromHex(keys.identities.alice!.publicKey)
    const openOpts = {
      deviceId: bob.deviceId,
      rsaPrivateKey: fromHex(bob.rsaPkcs8),
      resolveIdentityKey: async (sender: string) => sender === 'alice@relay.example.org' ? alice : undefined,
      expectedRecipient: 'bob@relay.example.org'
    }
    const decoders: Record<string, (b: Uint8Array) => unknown> = {
      open: async b => await open(b, openOpts),
      decodeReceipt,
      decodeDirectFrame,
      verifyBundle: async b => await verifyBundle(b)
    }

    it('the control envelope, built the same way, opens', async () => {
      expect((await open(fromHex(v.control), openOpts)).content.sender).to.equal('alice@relay.example.org')
    })
    for (const c of v.cases) {
      it(`rejects: ${c.description} (${c.error})`, async () => {
        const decode = decoders[c.decoder]
        expect(decode, `decoder ${c.decoder}`).to.not.equal(undefined)
        const err = await expectProtocolError(async () => await decode!(fromHex(c.input)), c.error)
        if (c.sender !== undefined) {
          expect(err).to.be.instanceOf(UnsupportedKindError)
          expect([(err as UnsupportedKindError).sender, (err as UnsupportedKindError).kind]).to.deep.equal([c.sender, c.kind])
        }
      })
    }
  })
})
