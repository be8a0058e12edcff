import { expect } from 'chai'
import { signBundle, verifyBundle } from '../src/bundle.js'
import { inspectEnvelope, open, type Content } from '../src/envelope.js'
import { concatBytes, fromHex, toHex } from '../src/bytes.js'
import { ProtocolError } from '../src/errors.js'
import { identityPublicKey, verifyIdentity } from '../src/keys.js'
import { Envelope as PbEnvelope } from '../src/pb/envelope.js'
import { expectProtocolError, loadVector } from './helpers.js'

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
})
