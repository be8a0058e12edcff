import { expect } from 'chai'
import { concatBytes, fromHex, toHex, utf8Decode, utf8Encode } from '../../src/bytes.js'
import { CONTENT_KIND_TEXT, ENVELOPE_AAD_CONTEXT, MAX_BODY_BYTES, MAX_CONVERSATION_ID_LENGTH, MAX_DEVICE_ID_LENGTH, MAX_ENVELOPE_BYTES, MAX_NAME_LENGTH, MAX_RECIPIENT_DEVICES, MAX_RELAY_NAME_LENGTH, PADDING_BLOCK_BYTES } from '../../src/constants.js'
import { ProtocolError } from '../../src/errors.js'
import type { Content, SealOptions } from '../../src/envelope/index.js'
import { Content as PbContent, Envelope as PbEnvelope } from '../../src/pb/envelope.js'
import { expectProtocolError, fixedRandom } from '../helpers.js'
import { ALICE, BOB, ENVELOPE_APIS, EXPIRES_AT, aesGcm, buildEnvelope, padded, recipients, useWorld } from './fixtures.js'

for (const api of ENVELOPE_APIS) {
  describe(`envelope round trip, padding and seal arguments (${api.name})`, () => {
    const w = useWorld(api)
    const { seal, open, inspect: inspectEnvelope } = api
    describe('round trip', () => {
      it('seals to one device and opens to the same content and header', async () => {
        const messageId = fromHex('00112233445566778899aabbccddeeff')
        const sealed = await seal({ recipient: BOB, devices: recipients(w.laptop), content: w.content, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT, messageId })
        expect(sealed.messageId).to.deep.equal(messageId)
        const opened = await w.openAs(w.laptop, sealed.bytes, { now: EXPIRES_AT - 1 })
        expect(opened.content).to.deep.equal(w.content)
        expect(utf8Decode(opened.content.body)).to.equal('Hello Bob!')
        expect(opened.expired).to.equal(false)
        expect(opened.header).to.deep.include({
          version: 1, suite: 1, recipient: BOB, expiresAt: EXPIRES_AT, messageIdHex: '00112233445566778899aabbccddeeff',
          deviceIds: [w.laptop.deviceId], size: sealed.bytes.length
        })
        expect(opened.header.messageId).to.deep.equal(messageId)
        expect(inspectEnvelope(sealed.bytes)).to.deep.equal(opened.header)
      })

      it('seals to three devices, each of which opens it', async () => {
        const bytes = await w.sealTo([w.laptop, w.phone, w.tablet])
        expect(inspectEnvelope(bytes).deviceIds).to.deep.equal([w.laptop.deviceId, w.phone.deviceId, w.tablet.deviceId])
        for (const d of [w.laptop, w.phone, w.tablet]) {
          expect((await w.openAs(d, bytes)).content).to.deep.equal(w.content)
        }
      })

      it('carries receipts and empty bodies', async () => {
        const receipt: Content = { ...w.content, kind: 'receipt', body: new Uint8Array(0) }
        const bytes = await w.sealTo([w.laptop], { content: receipt })
        expect((await w.openAs(w.laptop, bytes)).content).to.deep.equal(receipt)
      })

      it('opens with a PKCS#8 private key as well as a CryptoKey', async () => {
        const bytes = await w.sealTo([w.laptop])
        const opened = await open(bytes, { deviceId: w.laptop.deviceId, rsaPrivateKey: fromHex(w.vectorKeys.devices.bobLaptop!.rsaPkcs8), resolveIdentityKey: w.resolve })
        expect(opened.content).to.deep.equal(w.content)
      })

      it('reports expiry without enforcing it', async () => {
        const bytes = await w.sealTo([w.laptop])
        expect((await w.openAs(w.laptop, bytes, { now: EXPIRES_AT })).expired).to.equal(true)
        expect((await w.openAs(w.laptop, bytes, { now: EXPIRES_AT - 1 })).expired).to.equal(false)
      })

      it('uses fresh randomness: two seals of the same content differ', async () => {
        const a = await seal({ recipient: BOB, devices: recipients(w.laptop), content: w.content, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT })
        const b = await seal({ recipient: BOB, devices: recipients(w.laptop), content: w.content, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT })
        expect(toHex(a.messageId)).to.not.equal(toHex(b.messageId))
        expect(PbEnvelope.decode(a.bytes).iv).to.not.deep.equal(PbEnvelope.decode(b.bytes).iv)
      })

      it('does not mutate its inputs', async () => {
        const body = utf8Encode('unchanged')
        const c = { ...w.content, body }
        const snapshot = structuredClone(c)
        const bytes = await w.sealTo([w.laptop], { content: c })
        expect(c).to.deep.equal(snapshot)
        const copy = bytes.slice()
        await w.openAs(w.laptop, bytes)
        expect(bytes).to.deep.equal(copy)
      })

      it('opens an envelope built independently from PROTOCOL.md', async () => {
        const plaintext = padded({ sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(w.alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT, body: new Uint8Array(utf8Encode('hi')) })
        const bytes = await buildEnvelope({ plaintext, signer: w.alice.privateKey, devices: recipients(w.laptop) })
        const opened = await w.openAs(w.laptop, bytes)
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
          const c = { ...w.content, body: new Uint8Array(len).fill(0x61) }
          const bytes = await w.sealTo([w.laptop], { content: c, random: fixedRandom(`padding/${len}`), messageId: random(16) })
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
        const bytes = await w.sealTo([w.laptop], { random: fixedRandom('short'), messageId: new Uint8Array(16) })
        const env = PbEnvelope.decode(bytes)
        const plaintext = await aesGcm('decrypt', key, iv, concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), env.header, env.keys), env.ciphertext)
        expect(PbContent.decode(plaintext).padding.length).to.be.greaterThan(0)
        expect(inspectEnvelope(bytes).contentSize).to.equal(256 + 16)
      })
    })

    describe('seal arguments', () => {
      it('seals the largest body to the most devices with the longest names', async function () {
        this.timeout(60000)
        const relay = `${'r'.repeat(63)}.${'e'.repeat(63)}.${'l'.repeat(63)}.${'a'.repeat(55)}:65535`
        expect(relay).to.have.length(MAX_RELAY_NAME_LENGTH)
        const recipient = `${'b'.repeat(MAX_NAME_LENGTH)}@${relay}`
        const devices = Array.from({ length: MAX_RECIPIENT_DEVICES }, (_, i) => ({
          deviceId: `${i}`.padStart(MAX_DEVICE_ID_LENGTH, 'x'), rsaPublicKey: w.laptop.rsaPublicKey
        }))
        const big: Content = {
          ...w.content,
          sender: `${'a'.repeat(MAX_NAME_LENGTH)}@${relay}`,
          senderDevice: 'y'.repeat(MAX_DEVICE_ID_LENGTH),
          conversation: 'c'.repeat(MAX_CONVERSATION_ID_LENGTH),
          body: new Uint8Array(MAX_BODY_BYTES).fill(7)
        }
        const sealed = await seal({ recipient, devices, content: big, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT })
        expect(sealed.bytes.length).to.be.at.most(MAX_ENVELOPE_BYTES)
        const last = devices[MAX_RECIPIENT_DEVICES - 1]!
        const opened = await open(sealed.bytes, { deviceId: last.deviceId, rsaPrivateKey: w.laptop.rsaPrivateKey, resolveIdentityKey: async () => w.alice.publicKey })
        expect(opened.content).to.deep.equal(big)
      })

      it('refuses a body that cannot fit (TOO_LARGE)', async () => {
        await expectProtocolError(async () => await w.sealTo([w.laptop], { content: { ...w.content, body: new Uint8Array(MAX_ENVELOPE_BYTES) } }), 'TOO_LARGE')
        await expectProtocolError(async () => await w.sealTo([w.laptop], { content: { ...w.content, body: new Uint8Array(MAX_ENVELOPE_BYTES - 100) } }), 'TOO_LARGE')
      })

      it('refuses a device key that is not RSA-OAEP-3072 (INVALID_FIELD)', async () => {
        await expectProtocolError(async () => await seal({
          recipient: BOB, devices: [{ deviceId: 'd', rsaPublicKey: utf8Encode('nope') }], content: w.content, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT
        }), 'INVALID_FIELD')
      })

      it('refuses an invalid recipient (INVALID_ADDRESS) and normalises a valid one', async () => {
        await expectProtocolError(async () => await w.sealTo([w.laptop], { recipient: 'bob' }), 'INVALID_ADDRESS')
        expect(inspectEnvelope(await w.sealTo([w.laptop], { recipient: 'Bob@Relay.Example.Org' })).recipient).to.equal(BOB)
      })

      it('refuses misuse with TypeError or RangeError', async () => {
        const misuse: Array<[Partial<SealOptions>, typeof TypeError | typeof RangeError]> = [
          [{ devices: [] }, RangeError],
          [{ devices: recipients(...Array.from({ length: 17 }, (_, i) => ({ ...w.laptop, deviceId: `d${i}` }))) }, RangeError],
          [{ devices: recipients(w.laptop, w.laptop) }, TypeError],
          [{ identityPrivateKey: w.mallory.privateKey }, TypeError],
          [{ content: { ...w.content, sender: 'Alice@x' } }, TypeError],
          [{ content: { ...w.content, kind: 'typing' as unknown as 'text' } }, TypeError],
          [{ content: { ...w.content, conversation: '' } }, TypeError],
          [{ content: { ...w.content, conversation: 'caf\u00e9' } }, TypeError],
          [{ content: { ...w.content, sentAt: -1 } }, RangeError],
          [{ expiresAt: 0 }, RangeError],
          [{ messageId: new Uint8Array(15) }, TypeError],
          [{ random: () => new Uint8Array(1) }, TypeError],
          [{ random: (n: number) => new Uint8Array(n) }, RangeError] // the same nonce twice
        ]
        for (const [patch, type] of misuse) {
          let caught: unknown
          try {
            await w.sealTo([w.laptop], patch)
          } catch (err) {
            caught = err
          }
          expect(caught, JSON.stringify(Object.keys(patch))).to.be.instanceOf(type)
          expect(caught).to.not.be.instanceOf(ProtocolError)
        }
      })
    })
  })
}
