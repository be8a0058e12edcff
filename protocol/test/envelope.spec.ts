import { expect } from 'chai'
import { inspectEnvelope, open, seal, type Content, type OpenOptions, type RecipientDevice, type SealOptions } from '../src/envelope/index.js'
import { concatBytes, fromHex, toHex, utf8Decode, utf8Encode } from '../src/bytes.js'
import {
  CONTENT_KIND_TEXT, ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, IV_BYTES, MAX_BODY_BYTES, MAX_CONVERSATION_ID_LENGTH,
  MAX_DEVICE_ID_LENGTH, MAX_ENVELOPE_BYTES, MAX_NAME_LENGTH, MAX_RECIPIENT_DEVICES, MAX_RELAY_NAME_LENGTH, PADDING_BLOCK_BYTES
} from '../src/constants.js'
import { ProtocolError, UnsupportedKindError, type ProtocolErrorCode } from '../src/errors.js'
import { generateIdentityKey, importRsaPrivateKey, signIdentity, type IdentityKeyPair } from '../src/keys.js'
import {
  Content as PbContent, Envelope as PbEnvelope,
  EnvelopeHeader as PbEnvelopeHeader, KeyBlock as PbKeyBlock
} from '../src/pb/envelope.js'
import { expectProtocolError, fieldRanges, fixedRandom, flipBit, loadVector, testRsaKey } from './helpers.js'

interface KeysVector {
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
}

interface Device {
  deviceId: string
  rsaPublicKey: Uint8Array
  rsaPrivateKey: CryptoKey
}

const ALICE = 'alice@relay.example.org'
const BOB = 'bob@relay.example.org'
const EXPIRES_AT = 1767830400000

/** Codes any corruption of a frame may legitimately produce; never a raw library error. */
const ANY_REJECTION: ProtocolErrorCode[] = [
  'MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'INVALID_ADDRESS', 'UNSUPPORTED_VERSION', 'UNSUPPORTED_SUITE',
  'NOT_A_RECIPIENT', 'DECRYPT_FAILED', 'BAD_SIGNATURE', 'UNKNOWN_SENDER'
]

async function aesGcm (op: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, aad: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [op])
  return new Uint8Array(await globalThis.crypto.subtle[op]({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: new Uint8Array(aad) }, k, new Uint8Array(data)))
}

function u32 (n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

function sigPayload (header: Uint8Array, keys: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(ENVELOPE_SIGNATURE_CONTEXT), u32(header.length), header, u32(keys.length), keys, iv, ciphertext)
}

/**
 * An independent, test-only envelope builder following PROTOCOL.md byte for byte, so content
 * that `seal` refuses to produce (bad kinds, bad senders, foreign signatures) can be tested.
 */
async function buildEnvelope (opts: {
  plaintext: Uint8Array
  signer: Uint8Array
  devices: Array<{ deviceId: string, rsaPublicKey: Uint8Array }>
  recipient?: string
  contentSize?: number
}): Promise<Uint8Array> {
  const contentKey = fixedRandom('build/key')(32)
  const iv = fixedRandom('build/iv')(12)
  const nonce = fixedRandom('build/nonce')(12)
  const header = PbEnvelopeHeader.encode({
    suite: 1,
    messageId: new Uint8Array(fixedRandom('build/id')(16)),
    recipient: opts.recipient ?? BOB,
    expiresAt: BigInt(EXPIRES_AT),
    contentSize: opts.contentSize ?? opts.plaintext.length + 16
  })
  const wrapped = await Promise.all(opts.devices.map(async d => {
    const pub = await globalThis.crypto.subtle.importKey('spki', new Uint8Array(d.rsaPublicKey), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt'])
    return { deviceId: d.deviceId, wrapped: new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, pub, new Uint8Array(contentKey))) }
  }))
  const keys = PbKeyBlock.encode({ keys: wrapped })
  const ciphertext = await aesGcm('encrypt', contentKey, iv, concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), header, keys), opts.plaintext)
  const signature = signIdentity(opts.signer, sigPayload(header, keys, iv, ciphertext))
  const sealed = concatBytes(nonce, await aesGcm('encrypt', contentKey, nonce, utf8Encode(ENVELOPE_SIGNATURE_CONTEXT), signature))
  return PbEnvelope.encode({
    version: 1, header, keys, iv: new Uint8Array(iv), ciphertext: new Uint8Array(ciphertext), sealedSignature: new Uint8Array(sealed)
  })
}

/** Zero-pad an encoded Content to a multiple of 256 bytes the way seal does (via the padding field). */
function padded (content: Partial<PbContent>): Uint8Array {
  for (let n = 1; ; n++) {
    const bytes = PbContent.encode({ ...content, padding: new Uint8Array(n) })
    if (bytes.length % PADDING_BLOCK_BYTES === 0) return bytes
  }
}

describe('envelope', () => {
  const vectorKeys = loadVector<KeysVector>('keys.json')
  let alice: IdentityKeyPair
  let mallory: IdentityKeyPair
  let laptop: Device
  let phone: Device
  let tablet: Device
  let strangerKey: CryptoKey
  let content: Content
  let resolve: OpenOptions['resolveIdentityKey']

  async function device (deviceId: string, spki: Uint8Array, pkcs8: Uint8Array): Promise<Device> {
    return { deviceId, rsaPublicKey: spki, rsaPrivateKey: await importRsaPrivateKey(pkcs8) }
  }

  const recipients = (...ds: Device[]): RecipientDevice[] => ds.map(d => ({ deviceId: d.deviceId, rsaPublicKey: d.rsaPublicKey }))

  async function sealTo (devices: Device[], patch: Partial<SealOptions> = {}): Promise<Uint8Array> {
    const sealed = await seal({
      recipient: BOB,
      devices: recipients(...devices),
      content,
      identityPrivateKey: alice.privateKey,
      expiresAt: EXPIRES_AT,
      ...patch
    })
    return sealed.bytes
  }

  async function openAs (d: Device, bytes: Uint8Array, patch: Partial<OpenOptions> = {}): ReturnType<typeof open> {
    return await open(bytes, { deviceId: d.deviceId, rsaPrivateKey: d.rsaPrivateKey, resolveIdentityKey: resolve, ...patch })
  }

  before(async function () {
    this.timeout(60000)
    alice = generateIdentityKey()
    mallory = generateIdentityKey()
    const bob = vectorKeys.devices.bobLaptop!
    const other = vectorKeys.devices.alicePhone!
    const [k1, k2] = await Promise.all([testRsaKey('bobPhone'), testRsaKey('bobTablet')])
    laptop = await device('12D3KooWBobLaptop', fromHex(bob.rsaSpki), fromHex(bob.rsaPkcs8))
    phone = await device('12D3KooWBobPhone', k1.publicKey, k1.privateKey)
    tablet = await device('12D3KooWBobTablet', k2.publicKey, k2.privateKey)
    strangerKey = await importRsaPrivateKey(fromHex(other.rsaPkcs8))
    content = {
      sender: ALICE,
      senderDevice: '12D3KooWAlicePhone',
      senderIdentityKey: alice.publicKey,
      sentAt: 1767225600123,
      conversation: 'direct:alice:bob',
      kind: 'text',
      body: utf8Encode('Hello Bob!')
    }
    const known = new Map([[ALICE, alice.publicKey], ['mallory@relay.example.org', mallory.publicKey]])
    resolve = async sender => known.get(sender)
  })

  describe('round trip', () => {
    it('seals to one device and opens to the same content and header', async () => {
      const messageId = fromHex('00112233445566778899aabbccddeeff')
      const sealed = await seal({ recipient: BOB, devices: recipients(laptop), content, identityPrivateKey: alice.privateKey, expiresAt: EXPIRES_AT, messageId })
      expect(sealed.messageId).to.deep.equal(messageId)
      const opened = await openAs(laptop, sealed.bytes, { now: EXPIRES_AT - 1 })
      expect(opened.content).to.deep.equal(content)
      expect(utf8Decode(opened.content.body)).to.equal('Hello Bob!')
      expect(opened.expired).to.equal(false)
      expect(opened.header).to.deep.include({
        version: 1, suite: 1, recipient: BOB, expiresAt: EXPIRES_AT, messageIdHex: '00112233445566778899aabbccddeeff',
        deviceIds: [laptop.deviceId], size: sealed.bytes.length
      })
      expect(opened.header.messageId).to.deep.equal(messageId)
      expect(inspectEnvelope(sealed.bytes)).to.deep.equal(opened.header)
    })

    it('seals to three devices, each of which opens it', async () => {
      const bytes = await sealTo([laptop, phone, tablet])
      expect(inspectEnvelope(bytes).deviceIds).to.deep.equal([laptop.deviceId, phone.deviceId, tablet.deviceId])
      for (const d of [laptop, phone, tablet]) {
        expect((await openAs(d, bytes)).content).to.deep.equal(content)
      }
    })

    it('carries receipts and empty bodies', async () => {
      const receipt: Content = { ...content, kind: 'receipt', body: new Uint8Array(0) }
      const bytes = await sealTo([laptop], { content: receipt })
      expect((await openAs(laptop, bytes)).content).to.deep.equal(receipt)
    })

    it('opens with a PKCS#8 private key as well as a CryptoKey', async () => {
      const bytes = await sealTo([laptop])
      const opened = await open(bytes, { deviceId: laptop.deviceId, rsaPrivateKey: fromHex(vectorKeys.devices.bobLaptop!.rsaPkcs8), resolveIdentityKey: resolve })
      expect(opened.content).to.deep.equal(content)
    })

    it('reports expiry without enforcing it', async () => {
      const bytes = await sealTo([laptop])
      expect((await openAs(laptop, bytes, { now: EXPIRES_AT })).expired).to.equal(true)
      expect((await openAs(laptop, bytes, { now: EXPIRES_AT - 1 })).expired).to.equal(false)
    })

    it('uses fresh randomness: two seals of the same content differ', async () => {
      const a = await seal({ recipient: BOB, devices: recipients(laptop), content, identityPrivateKey: alice.privateKey, expiresAt: EXPIRES_AT })
      const b = await seal({ recipient: BOB, devices: recipients(laptop), content, identityPrivateKey: alice.privateKey, expiresAt: EXPIRES_AT })
      expect(toHex(a.messageId)).to.not.equal(toHex(b.messageId))
      expect(PbEnvelope.decode(a.bytes).iv).to.not.deep.equal(PbEnvelope.decode(b.bytes).iv)
    })

    it('does not mutate its inputs', async () => {
      const body = utf8Encode('unchanged')
      const c = { ...content, body }
      const snapshot = structuredClone(c)
      const bytes = await sealTo([laptop], { content: c })
      expect(c).to.deep.equal(snapshot)
      const copy = bytes.slice()
      await openAs(laptop, bytes)
      expect(bytes).to.deep.equal(copy)
    })

    it('opens an envelope built independently from PROTOCOL.md', async () => {
      const plaintext = padded({ sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT, body: new Uint8Array(utf8Encode('hi')) })
      const bytes = await buildEnvelope({ plaintext, signer: alice.privateKey, devices: recipients(laptop) })
      const opened = await openAs(laptop, bytes)
      expect(utf8Decode(opened.content.body)).to.equal('hi')
    })
  })

  describe('padding', () => {
    it('pads every plaintext to a multiple of 256 bytes with the smallest fitting padding', async function () {
      this.timeout(60000)
      const random = fixedRandom('padding')
      for (let len = 0; len <= 600; len++) {
        const peek = fixedRandom(`padding/${len}`)
        const key = peek(32)
        const iv = peek(12)
        const c = { ...content, body: new Uint8Array(len).fill(0x61) }
        const bytes = await sealTo([laptop], { content: c, random: fixedRandom(`padding/${len}`), messageId: random(16) })
        const env = PbEnvelope.decode(bytes)
        const plaintext = await aesGcm('decrypt', key, iv, concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), env.header, env.keys), env.ciphertext)
        expect(plaintext.length % PADDING_BLOCK_BYTES, `body ${len}`).to.equal(0)
        const decoded = PbContent.decode(plaintext)
        expect(decoded.padding.every(b => b === 0)).to.equal(true)
        const unpadded = PbContent.encode({ ...decoded, padding: new Uint8Array(0) }).length
        // The first block boundary is used unless its gap cannot hold a padding field: 1 or 2 bytes
        // (a field costs at least 3) or 130 (127 + 2 bytes is too little, 128 + 3 too much).
        let target = Math.ceil(unpadded / PADDING_BLOCK_BYTES) * PADDING_BLOCK_BYTES
        if ([1, 2, 130].includes(target - unpadded)) target += PADDING_BLOCK_BYTES
        expect(plaintext.length, `body ${len}`).to.equal(target)
        expect(inspectEnvelope(bytes).contentSize).to.equal(plaintext.length + 16)
      }
    })

    it('puts a non-empty padding field in a short message', async () => {
      const peek = fixedRandom('short')
      const key = peek(32)
      const iv = peek(12)
      const bytes = await sealTo([laptop], { random: fixedRandom('short'), messageId: new Uint8Array(16) })
      const env = PbEnvelope.decode(bytes)
      const plaintext = await aesGcm('decrypt', key, iv, concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), env.header, env.keys), env.ciphertext)
      expect(PbContent.decode(plaintext).padding.length).to.be.greaterThan(0)
      expect(inspectEnvelope(bytes).contentSize).to.equal(256 + 16)
    })
  })

  describe('rejections', () => {
    let one: Uint8Array
    let three: Uint8Array

    before(async () => {
      one = await sealTo([laptop])
      three = await sealTo([laptop, phone, tablet])
    })

    it('refuses the wrong device key (DECRYPT_FAILED)', async () => {
      await expectProtocolError(async () => await open(one, { deviceId: laptop.deviceId, rsaPrivateKey: strangerKey, resolveIdentityKey: resolve }), 'DECRYPT_FAILED')
      await expectProtocolError(async () => await open(three, { deviceId: laptop.deviceId, rsaPrivateKey: phone.rsaPrivateKey, resolveIdentityKey: resolve }), 'DECRYPT_FAILED')
    })

    it('refuses a device that is not a recipient (NOT_A_RECIPIENT)', async () => {
      await expectProtocolError(async () => await openAs(phone, one), 'NOT_A_RECIPIENT')
    })

    it('refuses a flipped bit in every region, first and last byte included', async function () {
      this.timeout(60000)
      for (const frame of [one, three]) {
        const ranges = fieldRanges(frame)
        const expected: Record<number, ProtocolErrorCode[]> = {
          1: ['UNSUPPORTED_VERSION'],
          2: ['MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'INVALID_ADDRESS', 'UNSUPPORTED_SUITE', 'DECRYPT_FAILED'],
          3: ['MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'NOT_A_RECIPIENT', 'DECRYPT_FAILED'],
          4: ['DECRYPT_FAILED'],
          5: ['DECRYPT_FAILED'],
          6: ['DECRYPT_FAILED']
        }
        expect([...ranges.keys()]).to.deep.equal([1, 2, 3, 4, 5, 6])
        const pick = fixedRandom(`flip/${frame.length}`)
        for (const [field, r] of ranges) {
          // Tag and length bytes: the frame no longer decodes the same way.
          for (let i = r.tagStart; i < r.valueStart; i++) {
            for (let bit = 0; bit < 8; bit++) {
              await expectProtocolError(async () => await openAs(laptop, flipBit(frame, i, bit)), ...ANY_REJECTION)
            }
          }
          const len = r.end - r.valueStart
          const positions = new Set([0, len - 1, len >> 1])
          // Every header byte (it is short and the most relay-exposed), a sample elsewhere.
          if (field === 2) for (let i = 0; i < len; i++) positions.add(i)
          for (let k = 0; k < 12; k++) positions.add(((pick(2)[0] as number) << 8 | (pick(1)[0] as number)) % len)
          for (const p of positions) {
            const bit = (pick(1)[0] as number) & 7
            await expectProtocolError(async () => await openAs(laptop, flipBit(frame, r.valueStart + p, bit)), ...(expected[field] as ProtocolErrorCode[]))
          }
        }
        await expectProtocolError(async () => await openAs(laptop, flipBit(frame, 0, 0)), 'MALFORMED', 'TRUNCATED')
        await expectProtocolError(async () => await openAs(laptop, flipBit(frame, frame.length - 1, 7)), 'DECRYPT_FAILED')
      }
    })

    it('refuses content claiming alice but signed by mallory (BAD_SIGNATURE)', async () => {
      // Alice's genuine key in the content, mallory's signature over the envelope.
      const plaintext = padded({ sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT })
      const forged = await buildEnvelope({ plaintext, signer: mallory.privateKey, devices: recipients(laptop) })
      await expectProtocolError(async () => await openAs(laptop, forged), 'BAD_SIGNATURE')
    })

    it('refuses content claiming alice with mallory\'s identity key (BAD_SIGNATURE)', async () => {
      const sealed = await seal({
        recipient: BOB,
        devices: recipients(laptop),
        content: { ...content, sender: ALICE, senderIdentityKey: mallory.publicKey },
        identityPrivateKey: mallory.privateKey,
        expiresAt: EXPIRES_AT
      })
      await expectProtocolError(async () => await openAs(laptop, sealed.bytes), 'BAD_SIGNATURE')
    })

    it('refuses when the resolved identity key differs from the sender\'s (BAD_SIGNATURE)', async () => {
      await expectProtocolError(async () => await openAs(laptop, one, { resolveIdentityKey: async () => mallory.publicKey }), 'BAD_SIGNATURE')
    })

    it('refuses an unknown sender (UNKNOWN_SENDER)', async () => {
      await expectProtocolError(async () => await openAs(laptop, one, { resolveIdentityKey: async () => undefined }), 'UNKNOWN_SENDER')
    })

    it('lets errors from resolveIdentityKey propagate unchanged', async () => {
      const boom = new Error('directory unreachable')
      let caught: unknown
      try {
        await openAs(laptop, one, { resolveIdentityKey: async () => { throw boom } })
      } catch (err) {
        caught = err
      }
      expect(caught).to.equal(boom)
    })

    it('refuses every prefix of a frame with TRUNCATED or MALFORMED', async function () {
      this.timeout(60000)
      for (const frame of [one, three]) {
        for (let n = 0; n < frame.length; n++) {
          await expectProtocolError(() => inspectEnvelope(frame.subarray(0, n)), 'TRUNCATED', 'MALFORMED')
        }
      }
      for (let n = 0; n < one.length; n += 53) {
        await expectProtocolError(async () => await openAs(laptop, one.subarray(0, n)), 'TRUNCATED', 'MALFORMED')
      }
    })

    it('refuses unknown versions first (UNSUPPORTED_VERSION)', async () => {
      const env = PbEnvelope.decode(one)
      for (const version of [0, 2, 0xffffffff]) {
        // A garbage header too: the version must be reported, not the header.
        const bytes = PbEnvelope.encode({ ...env, version, header: new Uint8Array([0xff]) })
        await expectProtocolError(() => inspectEnvelope(bytes), 'UNSUPPORTED_VERSION')
        await expectProtocolError(async () => await openAs(laptop, bytes), 'UNSUPPORTED_VERSION')
      }
    })

    it('refuses unknown suites (UNSUPPORTED_SUITE)', async () => {
      const env = PbEnvelope.decode(one)
      const header = PbEnvelopeHeader.decode(env.header)
      for (const suite of [0, 2, 99]) {
        const bytes = PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, suite, recipient: 'NOT VALID' }) })
        await expectProtocolError(() => inspectEnvelope(bytes), 'UNSUPPORTED_SUITE')
        await expectProtocolError(async () => await openAs(laptop, bytes), 'UNSUPPORTED_SUITE')
      }
    })

    it('refuses an oversize frame before decoding it (TOO_LARGE)', async () => {
      await expectProtocolError(() => inspectEnvelope(new Uint8Array(MAX_ENVELOPE_BYTES + 1)), 'TOO_LARGE')
      await expectProtocolError(async () => await openAs(laptop, new Uint8Array(MAX_ENVELOPE_BYTES + 1)), 'TOO_LARGE')
    })

    it('refuses an envelope replayed to someone else (recipient changed)', async () => {
      const env = PbEnvelope.decode(one)
      const header = PbEnvelopeHeader.decode(env.header)
      const replayed = PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, recipient: 'carol@relay.example.org' }) })
      expect(inspectEnvelope(replayed).recipient).to.equal('carol@relay.example.org')
      await expectProtocolError(async () => await openAs(laptop, replayed), 'DECRYPT_FAILED')
    })

    it('refuses an envelope with other devices\' keys stripped (keys changed)', async () => {
      const env = PbEnvelope.decode(three)
      const block = PbKeyBlock.decode(env.keys)
      const stripped = PbEnvelope.encode({ ...env, keys: PbKeyBlock.encode({ keys: block.keys.slice(0, 1) }) })
      await expectProtocolError(async () => await openAs(laptop, stripped), 'DECRYPT_FAILED')
    })

    it('refuses an envelope addressed to another user than expected (MISMATCH)', async () => {
      await expectProtocolError(async () => await openAs(laptop, one, { expectedRecipient: 'carol@relay.example.org' }), 'MISMATCH')
      expect((await openAs(laptop, one, { expectedRecipient: 'BOB@relay.example.org' })).content.sender).to.equal(ALICE)
    })

    it('never lets a raw exception escape from random corruption', async function () {
      this.timeout(60000)
      const rnd = fixedRandom('fuzz')
      for (let k = 0; k < 150; k++) {
        const original = k % 2 === 0 ? one : three
        const frame = original.slice()
        const edits = 1 + ((rnd(1)[0] as number) % 4)
        for (let e = 0; e < edits; e++) {
          const r = rnd(3)
          const at = ((r[0] as number) << 8 | (r[1] as number)) % frame.length
          frame[at] = (frame[at] as number) ^ ((r[2] as number) | 1)
        }
        // Two edits at one position may cancel out; an unchanged frame must open.
        if (toHex(frame) === toHex(original)) continue
        await expectProtocolError(async () => await openAs(laptop, frame), ...ANY_REJECTION)
      }
      for (let k = 0; k < 100; k++) {
        const garbage = rnd(1 + k * 7)
        await expectProtocolError(async () => await openAs(laptop, garbage), ...ANY_REJECTION)
      }
    })
  })

  describe('relay checks (inspectEnvelope)', () => {
    let env: PbEnvelope
    let header: PbEnvelopeHeader
    let block: PbKeyBlock

    before(async () => {
      env = PbEnvelope.decode(await sealTo([laptop, phone]))
      header = PbEnvelopeHeader.decode(env.header)
      block = PbKeyBlock.decode(env.keys)
    })

    const withHeader = (patch: Partial<PbEnvelopeHeader>): Uint8Array =>
      PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, ...patch }) })
    const withKeys = (keys: PbKeyBlock['keys']): Uint8Array => PbEnvelope.encode({ ...env, keys: PbKeyBlock.encode({ keys }) })

    const cases: Array<[string, () => Uint8Array, ProtocolErrorCode]> = [
      ['a 15-byte message id', () => withHeader({ messageId: new Uint8Array(15) }), 'INVALID_FIELD'],
      ['an invalid recipient', () => withHeader({ recipient: 'bob' }), 'INVALID_ADDRESS'],
      ['a non-canonical recipient', () => withHeader({ recipient: 'Bob@relay.example.org' }), 'INVALID_ADDRESS'],
      ['no expiry', () => withHeader({ expiresAt: 0n }), 'INVALID_FIELD'],
      ['an expiry beyond 2^53', () => withHeader({ expiresAt: 2n ** 60n }), 'INVALID_FIELD'],
      ['no keys', () => withKeys([]), 'MALFORMED'],
      ['17 keys', () => withKeys(Array.from({ length: MAX_RECIPIENT_DEVICES + 1 }, (_, i) => ({ deviceId: `d${i}`, wrapped: new Uint8Array(384) }))), 'INVALID_FIELD'],
      ['a duplicate device id', () => withKeys([block.keys[0]!, { ...block.keys[1]!, deviceId: block.keys[0]!.deviceId }]), 'INVALID_FIELD'],
      ['an empty device id', () => withKeys([{ ...block.keys[0]!, deviceId: '' }]), 'INVALID_FIELD'],
      ['a device id with a space', () => withKeys([{ ...block.keys[0]!, deviceId: 'a b' }]), 'INVALID_FIELD'],
      ['a 383-byte wrapped key', () => withKeys([{ ...block.keys[0]!, wrapped: block.keys[0]!.wrapped.subarray(1) }]), 'INVALID_FIELD'],
      ['an 11-byte iv', () => PbEnvelope.encode({ ...env, iv: env.iv.subarray(1) }), 'INVALID_FIELD'],
      ['content_size differing from the ciphertext', () => withHeader({ contentSize: header.contentSize + 256 }), 'INVALID_FIELD'],
      ['an unpadded ciphertext', () => PbEnvelope.encode({ ...withHeaderObj({ contentSize: 17 }), ciphertext: new Uint8Array(17) }), 'INVALID_FIELD'],
      ['a bare tag for a ciphertext', () => PbEnvelope.encode({ ...withHeaderObj({ contentSize: 16 }), ciphertext: new Uint8Array(16) }), 'INVALID_FIELD'],
      ['a 91-byte sealed signature', () => PbEnvelope.encode({ ...env, sealedSignature: env.sealedSignature.subarray(1) }), 'INVALID_FIELD'],
      ['a sealed signature reusing the iv', () => PbEnvelope.encode({ ...env, sealedSignature: concatBytes(env.iv, env.sealedSignature.subarray(IV_BYTES)) }), 'INVALID_FIELD'],
      ['an unknown field', () => concatBytes(PbEnvelope.encode(env), new Uint8Array([0x78, 0x00])), 'MALFORMED'],
      ['an unknown header field', () => PbEnvelope.encode({ ...env, header: concatBytes(env.header, new Uint8Array([0x78, 0x00])) }), 'MALFORMED'],
      ['an empty input', () => new Uint8Array(0), 'TRUNCATED']
    ]

    function withHeaderObj (patch: Partial<PbEnvelopeHeader>): PbEnvelope {
      return { ...env, header: PbEnvelopeHeader.encode({ ...header, ...patch }) }
    }

    for (const [name, make, code] of cases) {
      it(`refuses ${name} (${code})`, async () => {
        await expectProtocolError(() => inspectEnvelope(make()), code)
      })
    }
  })

  describe('content checks (open)', () => {
    const base = (): Partial<PbContent> => ({
      sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT
    })
    const cases: Array<[string, () => Uint8Array, ProtocolErrorCode[]]> = [
      ['an invalid sender', () => padded({ ...base(), sender: 'alice' }), ['INVALID_ADDRESS']],
      ['a 31-byte sender identity key', () => padded({ ...base(), senderIdentityKey: new Uint8Array(31) }), ['INVALID_FIELD']],
      ['an empty sender device', () => padded({ ...base(), senderDevice: '' }), ['INVALID_FIELD']],
      ['an empty conversation', () => padded({ ...base(), conversation: '' }), ['INVALID_FIELD']],
      ['a conversation over the limit', () => padded({ ...base(), conversation: 'c'.repeat(MAX_CONVERSATION_ID_LENGTH + 1) }), ['INVALID_FIELD']],
      ['a conversation with a space', () => padded({ ...base(), conversation: 'a b' }), ['INVALID_FIELD']],
      ['a sent_at beyond 2^53', () => padded({ ...base(), sentAt: 2n ** 60n }), ['INVALID_FIELD']],
      ['a plaintext that is not protobuf', () => new Uint8Array(256).fill(0xff), ['MALFORMED', 'TRUNCATED']],
      // Strict decoding: each of these reads one way in protons and another (or not at all) elsewhere.
      ['a conversation of invalid UTF-8', () => padContentWith(new Uint8Array([0x2a, 0x01, 0xff]), { conversation: '' }), ['MALFORMED']],
      ['a body sent as a varint (wrong wire type)', () => padContentWith(new Uint8Array([0x38, 0x05])), ['MALFORMED']],
      ['a kind sent as bytes (wrong wire type)', () => padContentWith(new Uint8Array([0x32, 0x01, 0x01]), { kind: 0 }), ['MALFORMED']],
      ['a field numbered 0', () => padContentWith(new Uint8Array([0x00, 0x01])), ['MALFORMED']],
      ['a body given twice', () => padContentWith(new Uint8Array([0x3a, 0x01, 0x41, 0x3a, 0x01, 0x42])), ['MALFORMED']],
      ['a kind given twice', () => padContentWith(new Uint8Array([0x30, 0x02])), ['MALFORMED']],
      ['a sender given twice', () => padContentWith(new Uint8Array([0x0a, 0x07, ...utf8Encode('a@b.org')])), ['MALFORMED']],
      ['an unknown field 9', () => padContentWith(new Uint8Array([0x48, 0x01])), ['MALFORMED']],
      ['a group (wire type 3)', () => padContentWith(new Uint8Array([0x4b, 0x4c])), ['MALFORMED']],
      ['a kind as a non-minimal varint', () => padContentWith(new Uint8Array([0x30, 0x81, 0x00]), { kind: 0 }), ['MALFORMED']],
      ['a kind as a 6-byte varint', () => padContentWith(new Uint8Array([0x30, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00]), { kind: 0 }), ['MALFORMED']],
      ['a kind over 2^32', () => padContentWith(new Uint8Array([0x30, 0x81, 0x80, 0x80, 0x80, 0x10]), { kind: 0 }), ['MALFORMED']],
      ['a body running past the end', () => padContentWith(new Uint8Array([0x3a, 0x05, 0x41])), ['TRUNCATED']]
    ]

    /** base() (with `patch`) and padding, then `extra` raw bytes, a multiple of 256 bytes in all. */
    function padContentWith (extra: Uint8Array, patch: Partial<PbContent> = {}): Uint8Array {
      for (let n = 1; ; n++) {
        const bytes = concatBytes(PbContent.encode({ ...base(), ...patch, padding: new Uint8Array(n) }), extra)
        if (bytes.length % 256 === 0) return bytes
      }
    }

    for (const kind of [0, 3, 7, 0x7fffffff]) {
      it(`refuses kind ${kind} after the signature checks, naming the sender (UNSUPPORTED_KIND)`, async () => {
        const bytes = await buildEnvelope({ plaintext: padded({ ...base(), kind, body: utf8Encode('x') }), signer: alice.privateKey, devices: recipients(laptop) })
        const err = await expectProtocolError(async () => await openAs(laptop, bytes), 'UNSUPPORTED_KIND')
        expect(err).to.be.instanceOf(UnsupportedKindError)
        expect(err.name).to.equal('UnsupportedKindError')
        const e = err as UnsupportedKindError
        expect([e.kind, e.sender, e.senderDevice]).to.deep.equal([kind, ALICE, 'd'])
        expect(e.message).to.include(ALICE)
      })
    }

    it('refuses an unknown kind signed by someone else as BAD_SIGNATURE, not UNSUPPORTED_KIND', async () => {
      const bytes = await buildEnvelope({ plaintext: padded({ ...base(), kind: 7 }), signer: mallory.privateKey, devices: recipients(laptop) })
      await expectProtocolError(async () => await openAs(laptop, bytes), 'BAD_SIGNATURE')
    })

    it('opens the same content with its fields in another order (order is not a rule)', async () => {
      const fields = PbContent.encode({ ...base(), body: utf8Encode('hi') })
      // sender (field 1) moved to the end, before the padding.
      const senderLength = 2 + ALICE.length
      const reordered = concatBytes(fields.subarray(senderLength), fields.subarray(0, senderLength))
      let plaintext = reordered
      for (let n = 1; plaintext.length % 256 !== 0; n++) plaintext = concatBytes(reordered, PbContent.encode({ padding: new Uint8Array(n) }))
      const bytes = await buildEnvelope({ plaintext, signer: alice.privateKey, devices: recipients(laptop) })
      expect((await openAs(laptop, bytes)).content.sender).to.equal(ALICE)
    })

    for (const [name, make, codes] of cases) {
      it(`refuses ${name} (${codes.join('|')})`, async () => {
        const plaintext = make()
        expect(plaintext.length % 256).to.equal(0)
        const bytes = await buildEnvelope({ plaintext, signer: alice.privateKey, devices: recipients(laptop) })
        await expectProtocolError(async () => await openAs(laptop, bytes), ...codes)
      })
    }
  })

  describe('seal arguments', () => {
    it('seals the largest body to the most devices with the longest names', async function () {
      this.timeout(60000)
      const relay = `${'r'.repeat(63)}.${'e'.repeat(63)}.${'l'.repeat(63)}.${'a'.repeat(55)}:65535`
      expect(relay).to.have.length(MAX_RELAY_NAME_LENGTH)
      const recipient = `${'b'.repeat(MAX_NAME_LENGTH)}@${relay}`
      const devices = Array.from({ length: MAX_RECIPIENT_DEVICES }, (_, i) => ({
        deviceId: `${i}`.padStart(MAX_DEVICE_ID_LENGTH, 'x'), rsaPublicKey: laptop.rsaPublicKey
      }))
      const big: Content = {
        ...content,
        sender: `${'a'.repeat(MAX_NAME_LENGTH)}@${relay}`,
        senderDevice: 'y'.repeat(MAX_DEVICE_ID_LENGTH),
        conversation: 'c'.repeat(MAX_CONVERSATION_ID_LENGTH),
        body: new Uint8Array(MAX_BODY_BYTES).fill(7)
      }
      const sealed = await seal({ recipient, devices, content: big, identityPrivateKey: alice.privateKey, expiresAt: EXPIRES_AT })
      expect(sealed.bytes.length).to.be.at.most(MAX_ENVELOPE_BYTES)
      const last = devices[MAX_RECIPIENT_DEVICES - 1]!
      const opened = await open(sealed.bytes, { deviceId: last.deviceId, rsaPrivateKey: laptop.rsaPrivateKey, resolveIdentityKey: async () => alice.publicKey })
      expect(opened.content).to.deep.equal(big)
    })

    it('refuses a body that cannot fit (TOO_LARGE)', async () => {
      await expectProtocolError(async () => await sealTo([laptop], { content: { ...content, body: new Uint8Array(MAX_ENVELOPE_BYTES) } }), 'TOO_LARGE')
      await expectProtocolError(async () => await sealTo([laptop], { content: { ...content, body: new Uint8Array(MAX_ENVELOPE_BYTES - 100) } }), 'TOO_LARGE')
    })

    it('refuses a device key that is not RSA-OAEP-3072 (INVALID_FIELD)', async () => {
      await expectProtocolError(async () => await seal({
        recipient: BOB, devices: [{ deviceId: 'd', rsaPublicKey: utf8Encode('nope') }], content, identityPrivateKey: alice.privateKey, expiresAt: EXPIRES_AT
      }), 'INVALID_FIELD')
    })

    it('refuses an invalid recipient (INVALID_ADDRESS) and normalises a valid one', async () => {
      await expectProtocolError(async () => await sealTo([laptop], { recipient: 'bob' }), 'INVALID_ADDRESS')
      expect(inspectEnvelope(await sealTo([laptop], { recipient: 'Bob@Relay.Example.Org' })).recipient).to.equal(BOB)
    })

    it('refuses misuse with TypeError or RangeError', async () => {
      const misuse: Array<[Partial<SealOptions>, typeof TypeError | typeof RangeError]> = [
        [{ devices: [] }, RangeError],
        [{ devices: recipients(...Array.from({ length: 17 }, (_, i) => ({ ...laptop, deviceId: `d${i}` }))) }, RangeError],
        [{ devices: recipients(laptop, laptop) }, TypeError],
        [{ identityPrivateKey: mallory.privateKey }, TypeError],
        [{ content: { ...content, sender: 'Alice@x' } }, TypeError],
        [{ content: { ...content, kind: 'typing' as unknown as 'text' } }, TypeError],
        [{ content: { ...content, conversation: '' } }, TypeError],
        [{ content: { ...content, conversation: 'caf\u00e9' } }, TypeError],
        [{ content: { ...content, sentAt: -1 } }, RangeError],
        [{ expiresAt: 0 }, RangeError],
        [{ messageId: new Uint8Array(15) }, TypeError],
        [{ random: () => new Uint8Array(1) }, TypeError],
        [{ random: (n: number) => new Uint8Array(n) }, RangeError] // the same nonce twice
      ]
      for (const [patch, type] of misuse) {
        let caught: unknown
        try {
          await sealTo([laptop], patch)
        } catch (err) {
          caught = err
        }
        expect(caught, JSON.stringify(Object.keys(patch))).to.be.instanceOf(type)
        expect(caught).to.not.be.instanceOf(ProtocolError)
      }
    })
  })
})
