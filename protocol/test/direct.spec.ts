import { expect } from 'chai'
import { decodeDirectAck, decodeDirectFrame, encodeDirectAck, encodeDirectFrame, MAX_DIRECT_FRAME_BYTES } from '../src/direct.js'
import { concatBytes } from '../src/bytes.js'
import type { ProtocolErrorCode } from '../src/errors.js'
import { expectProtocolError, flipBit } from './helpers.js'

const ID = new Uint8Array(16).fill(7)

describe('direct frames', () => {
  it('round-trips a frame and its acknowledgements', () => {
    const envelope = new Uint8Array([1, 2, 3])
    expect([...decodeDirectFrame(encodeDirectFrame(envelope))]).to.deep.equal([1, 2, 3])
    expect(decodeDirectAck(encodeDirectAck(ID))).to.deep.equal({ messageId: ID })
    expect(decodeDirectAck(encodeDirectAck(ID, 'not for this device'))).to.deep.equal({ messageId: ID, error: 'not for this device' })
  })

  it('neutralises control characters in an acknowledgement\'s error', () => {
    expect(decodeDirectAck(encodeDirectAck(ID, 'bad\u001b[2Jthing\n')).error).to.equal('bad?[2Jthing?')
  })

  const frames: Array<[string, Uint8Array, ProtocolErrorCode]> = [
    ['an empty frame', new Uint8Array(0), 'TRUNCATED'],
    ['version 2', new Uint8Array([0x08, 0x02, 0x12, 0x01, 0x00]), 'UNSUPPORTED_VERSION'],
    ['no version', new Uint8Array([0x12, 0x01, 0x00]), 'UNSUPPORTED_VERSION'],
    ['no envelope', new Uint8Array([0x08, 0x01]), 'MALFORMED'],
    ['the envelope twice', new Uint8Array([0x08, 0x01, 0x12, 0x01, 0x00, 0x12, 0x01, 0x01]), 'MALFORMED'],
    ['the envelope as a varint', new Uint8Array([0x08, 0x01, 0x10, 0x01]), 'MALFORMED'],
    ['field 0', new Uint8Array([0x08, 0x01, 0x00, 0x00, 0x12, 0x01, 0x00]), 'MALFORMED'],
    ['an unknown field', new Uint8Array([0x08, 0x01, 0x12, 0x01, 0x00, 0x18, 0x01]), 'MALFORMED'],
    ['an envelope cut short', new Uint8Array([0x08, 0x01, 0x12, 0x05, 0x00]), 'TRUNCATED'],
    ['a frame over the limit', new Uint8Array(MAX_DIRECT_FRAME_BYTES + 1), 'TOO_LARGE']
  ]
  for (const [name, bytes, code] of frames) {
    it(`refuses a direct frame with ${name} (${code})`, async () => {
      await expectProtocolError(() => decodeDirectFrame(bytes), code)
    })
  }

  const ack = encodeDirectAck(ID, 'x')
  const acks: Array<[string, Uint8Array, ProtocolErrorCode]> = [
    ['version 2', concatBytes(new Uint8Array([0x08, 0x02]), ack.subarray(2)), 'UNSUPPORTED_VERSION'],
    ['a 15-byte message id', encodeDirectAck(new Uint8Array(15)), 'INVALID_FIELD'],
    ['the message id twice', concatBytes(ack, new Uint8Array([0x12, 0x10]), ID), 'MALFORMED'],
    ['an error of invalid UTF-8', concatBytes(encodeDirectAck(ID), new Uint8Array([0x1a, 0x01, 0xff])), 'MALFORMED'],
    ['an error as a varint', concatBytes(encodeDirectAck(ID), new Uint8Array([0x18, 0x01])), 'MALFORMED']
  ]
  for (const [name, bytes, code] of acks) {
    it(`refuses a direct ack with ${name} (${code})`, async () => {
      await expectProtocolError(() => decodeDirectAck(bytes), code)
    })
  }

  it('refuses or reads consistently every single-bit flip of an acknowledgement', async () => {
    for (let i = 0; i < ack.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = flipBit(ack, i, bit)
        try {
          const a = decodeDirectAck(flipped)
          expect(a.messageId).to.have.length(16)
        } catch (err) {
          await expectProtocolError(() => { throw err }, 'MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'UNSUPPORTED_VERSION')
        }
      }
    }
  })
})
