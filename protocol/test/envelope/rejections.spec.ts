import { expect } from 'chai'
import { toHex } from '../../src/bytes.js'
import { CONTENT_KIND_TEXT, MAX_ENVELOPE_BYTES } from '../../src/constants.js'
import { type ProtocolErrorCode } from '../../src/errors.js'
import { Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader, KeyBlock as PbKeyBlock } from '../../src/pb/envelope.js'
import { expectProtocolError, fieldRanges, fixedRandom, flipBit } from '../helpers.js'
import { ANY_REJECTION, ALICE, BOB, ENVELOPE_APIS, EXPIRES_AT, buildEnvelope, padded, recipients, useWorld } from './fixtures.js'

for (const api of ENVELOPE_APIS) {
  describe(`envelope rejections (${api.name})`, () => {
    const w = useWorld(api)
    const { seal, open, inspect: inspectEnvelope } = api
    describe('rejections', () => {
      let one: Uint8Array
      let three: Uint8Array

      before(async () => {
        one = await w.sealTo([w.laptop])
        three = await w.sealTo([w.laptop, w.phone, w.tablet])
      })

      it('refuses the wrong device key (DECRYPT_FAILED)', async () => {
        await expectProtocolError(async () => await open(one, { deviceId: w.laptop.deviceId, rsaPrivateKey: w.strangerKey, resolveIdentityKey: w.resolve }), 'DECRYPT_FAILED')
        await expectProtocolError(async () => await open(three, { deviceId: w.laptop.deviceId, rsaPrivateKey: w.phone.rsaPrivateKey, resolveIdentityKey: w.resolve }), 'DECRYPT_FAILED')
      })

      it('refuses a device that is not a recipient (NOT_A_RECIPIENT)', async () => {
        await expectProtocolError(async () => await w.openAs(w.phone, one), 'NOT_A_RECIPIENT')
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
                await expectProtocolError(async () => await w.openAs(w.laptop, flipBit(frame, i, bit)), ...ANY_REJECTION)
              }
            }
            const len = r.end - r.valueStart
            const positions = new Set([0, len - 1, len >> 1])
            // Every header byte (it is short and the most relay-exposed), a sample elsewhere.
            if (field === 2) for (let i = 0; i < len; i++) positions.add(i)
            for (let k = 0; k < 12; k++) positions.add(((pick(2)[0] as number) << 8 | (pick(1)[0] as number)) % len)
            for (const p of positions) {
              const bit = (pick(1)[0] as number) & 7
              await expectProtocolError(async () => await w.openAs(w.laptop, flipBit(frame, r.valueStart + p, bit)), ...(expected[field] as ProtocolErrorCode[]))
            }
          }
          // The version's tag becomes fixed64: a frame whose version is no longer a varint reads as
          // version 0 (UNSUPPORTED_VERSION) unless the walk runs off the end first (random bytes decide).
          await expectProtocolError(async () => await w.openAs(w.laptop, flipBit(frame, 0, 0)), 'MALFORMED', 'TRUNCATED', 'UNSUPPORTED_VERSION')
          await expectProtocolError(async () => await w.openAs(w.laptop, flipBit(frame, frame.length - 1, 7)), 'DECRYPT_FAILED')
        }
      })

      it('refuses content claiming alice but signed by mallory (BAD_SIGNATURE)', async () => {
        // Alice's genuine key in the w.content, w.mallory's signature over the envelope.
        const plaintext = padded({ sender: ALICE, senderDevice: 'd', senderIdentityKey: new Uint8Array(w.alice.publicKey), sentAt: 1n, conversation: 'c', kind: CONTENT_KIND_TEXT })
        const forged = await buildEnvelope({ plaintext, signer: w.mallory.privateKey, devices: recipients(w.laptop) })
        await expectProtocolError(async () => await w.openAs(w.laptop, forged), 'BAD_SIGNATURE')
      })

      it('refuses content claiming alice with mallory\'s identity key (BAD_SIGNATURE)', async () => {
        const sealed = await seal({
          recipient: BOB,
          devices: recipients(w.laptop),
          content: { ...w.content, sender: ALICE, senderIdentityKey: w.mallory.publicKey },
          identityPrivateKey: w.mallory.privateKey,
          expiresAt: EXPIRES_AT
        })
        await expectProtocolError(async () => await w.openAs(w.laptop, sealed.bytes), 'BAD_SIGNATURE')
      })

      it('refuses when the resolved identity key differs from the sender\'s (BAD_SIGNATURE)', async () => {
        await expectProtocolError(async () => await w.openAs(w.laptop, one, { resolveIdentityKey: async () => w.mallory.publicKey }), 'BAD_SIGNATURE')
      })

      it('refuses an unknown sender (UNKNOWN_SENDER)', async () => {
        await expectProtocolError(async () => await w.openAs(w.laptop, one, { resolveIdentityKey: async () => undefined }), 'UNKNOWN_SENDER')
      })

      it('lets errors from resolveIdentityKey propagate unchanged', async () => {
        const boom = new Error('directory unreachable')
        let caught: unknown
        try {
          await w.openAs(w.laptop, one, { resolveIdentityKey: async () => { throw boom } })
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
          await expectProtocolError(async () => await w.openAs(w.laptop, one.subarray(0, n)), 'TRUNCATED', 'MALFORMED')
        }
      })

      it('refuses unknown versions first (UNSUPPORTED_VERSION)', async () => {
        const env = PbEnvelope.decode(one)
        for (const version of [0, 2, 0xffffffff]) {
          // A garbage header too: the version must be reported, not the header.
          const bytes = PbEnvelope.encode({ ...env, version, header: new Uint8Array([0xff]) })
          await expectProtocolError(() => inspectEnvelope(bytes), 'UNSUPPORTED_VERSION')
          await expectProtocolError(async () => await w.openAs(w.laptop, bytes), 'UNSUPPORTED_VERSION')
        }
      })

      it('refuses unknown suites (UNSUPPORTED_SUITE)', async () => {
        const env = PbEnvelope.decode(one)
        const header = PbEnvelopeHeader.decode(env.header)
        for (const suite of [0, 2, 99]) {
          const bytes = PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, suite, recipient: 'NOT VALID' }) })
          await expectProtocolError(() => inspectEnvelope(bytes), 'UNSUPPORTED_SUITE')
          await expectProtocolError(async () => await w.openAs(w.laptop, bytes), 'UNSUPPORTED_SUITE')
        }
      })

      it('refuses an oversize frame before decoding it (TOO_LARGE)', async () => {
        await expectProtocolError(() => inspectEnvelope(new Uint8Array(MAX_ENVELOPE_BYTES + 1)), 'TOO_LARGE')
        await expectProtocolError(async () => await w.openAs(w.laptop, new Uint8Array(MAX_ENVELOPE_BYTES + 1)), 'TOO_LARGE')
      })

      it('refuses an envelope replayed to someone else (recipient changed)', async () => {
        const env = PbEnvelope.decode(one)
        const header = PbEnvelopeHeader.decode(env.header)
        const replayed = PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, recipient: 'carol@relay.example.org' }) })
        expect(inspectEnvelope(replayed).recipient).to.equal('carol@relay.example.org')
        await expectProtocolError(async () => await w.openAs(w.laptop, replayed), 'DECRYPT_FAILED')
      })

      it('refuses an envelope with other devices\' keys stripped (keys changed)', async () => {
        const env = PbEnvelope.decode(three)
        const block = PbKeyBlock.decode(env.keys)
        const stripped = PbEnvelope.encode({ ...env, keys: PbKeyBlock.encode({ keys: block.keys.slice(0, 1) }) })
        await expectProtocolError(async () => await w.openAs(w.laptop, stripped), 'DECRYPT_FAILED')
      })

      it('refuses an envelope addressed to another user than expected (MISMATCH)', async () => {
        await expectProtocolError(async () => await w.openAs(w.laptop, one, { expectedRecipient: 'carol@relay.example.org' }), 'MISMATCH')
        expect((await w.openAs(w.laptop, one, { expectedRecipient: 'BOB@relay.example.org' })).content.sender).to.equal(ALICE)
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
          await expectProtocolError(async () => await w.openAs(w.laptop, frame), ...ANY_REJECTION)
        }
        for (let k = 0; k < 100; k++) {
          const garbage = rnd(1 + k * 7)
          await expectProtocolError(async () => await w.openAs(w.laptop, garbage), ...ANY_REJECTION)
        }
      })
    })
  })
}
