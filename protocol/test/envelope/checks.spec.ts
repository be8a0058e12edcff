import { expect } from 'chai'
import { concatBytes, utf8Encode } from '../../src/bytes.js'
import { CONTENT_KIND_TEXT, IV_BYTES, MAX_CONVERSATION_ID_LENGTH, MAX_RECIPIENT_DEVICES } from '../../src/constants.js'
import { UnsupportedKindError, type ProtocolErrorCode } from '../../src/errors.js'
import { Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader, KeyBlock as PbKeyBlock } from '../../src/pb/envelope.js'
import { expectProtocolError } from '../helpers.js'
import { ALICE, ENVELOPE_APIS, buildEnvelope, padded, recipients, useWorld } from './fixtures.js'

for (const api of ENVELOPE_APIS) {
  describe(`envelope relay and content checks (${api.name})`, () => {
    const w = useWorld(api)
    const { inspect: inspectEnvelope } = api
    describe('relay checks (inspectEnvelope)', () => {
      let env: PbEnvelope
      let header: PbEnvelopeHeader
      let block: PbKeyBlock

      before(async () => {
        env = PbEnvelope.decode(await w.sealTo([w.laptop, w.phone]))
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
        sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(w.alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT
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

      for (const kind of [0, 10, 99, 0x7fffffff]) {
        it(`refuses kind ${kind} after the signature checks, naming the sender (UNSUPPORTED_KIND)`, async () => {
          const bytes = await buildEnvelope({ plaintext: padded({ ...base(), kind, body: utf8Encode('x') }), signer: w.alice.privateKey, devices: recipients(w.laptop) })
          const err = await expectProtocolError(async () => await w.openAs(w.laptop, bytes), 'UNSUPPORTED_KIND')
          expect(err).to.be.instanceOf(UnsupportedKindError)
          expect(err.name).to.equal('UnsupportedKindError')
          const e = err as UnsupportedKindError
          expect([e.kind, e.sender, e.senderDevice]).to.deep.equal([kind, ALICE, 'd'])
          expect(e.message).to.include(ALICE)
        })
      }

      it('refuses an unknown kind signed by someone else as BAD_SIGNATURE, not UNSUPPORTED_KIND', async () => {
        const bytes = await buildEnvelope({ plaintext: padded({ ...base(), kind: 7 }), signer: w.mallory.privateKey, devices: recipients(w.laptop) })
        await expectProtocolError(async () => await w.openAs(w.laptop, bytes), 'BAD_SIGNATURE')
      })

      it('opens the same content with its fields in another order (order is not a rule)', async () => {
        const fields = PbContent.encode({ ...base(), body: utf8Encode('hi') })
        // sender (field 1) moved to the end, before the padding.
        const senderLength = 2 + ALICE.length
        const reordered = concatBytes(fields.subarray(senderLength), fields.subarray(0, senderLength))
        let plaintext = reordered
        for (let n = 1; plaintext.length % 256 !== 0; n++) plaintext = concatBytes(reordered, PbContent.encode({ padding: new Uint8Array(n) }))
        const bytes = await buildEnvelope({ plaintext, signer: w.alice.privateKey, devices: recipients(w.laptop) })
        expect((await w.openAs(w.laptop, bytes)).content.sender).to.equal(ALICE)
      })

      for (const [name, make, codes] of cases) {
        it(`refuses ${name} (${codes.join('|')})`, async () => {
          const plaintext = make()
          expect(plaintext.length % 256).to.equal(0)
          const bytes = await buildEnvelope({ plaintext, signer: w.alice.privateKey, devices: recipients(w.laptop) })
          await expectProtocolError(async () => await w.openAs(w.laptop, bytes), ...codes)
        })
      }
    })
  })
}
