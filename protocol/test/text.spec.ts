import { expect } from 'chai'
import { decodeTextBody, encodeTextBody } from '../src/text.js'
import { MAX_TEXT_BYTES } from '../src/constants.js'
import { utf8Encode } from '../src/bytes.js'
import { expectProtocolError } from './helpers.js'

describe('text bodies', () => {
  it('round-trips text, emoji, a leading BOM and NUL alike', () => {
    for (const text of ['hi', 'Grüße 🌱', '\ufeffstarts with a BOM', 'a\u0000b', 'x'.repeat(MAX_TEXT_BYTES)]) {
      expect(decodeTextBody(encodeTextBody(text))).to.equal(text)
    }
  })

  it('refuses bytes that are not UTF-8 (MALFORMED)', async () => {
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x61, 0xe2, 0x82]]) {
      const err = await expectProtocolError(() => decodeTextBody(new Uint8Array(bad)), 'MALFORMED')
      expect(err.message).to.equal('text message is not valid UTF-8')
    }
  })

  it('refuses a text over 64 KiB of UTF-8 (TOO_LARGE), counting bytes, not characters', async () => {
    await expectProtocolError(() => decodeTextBody(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61)), 'TOO_LARGE')
    const emoji = '🌱'.repeat(MAX_TEXT_BYTES / 4)
    expect(decodeTextBody(utf8Encode(emoji))).to.equal(emoji)
    await expectProtocolError(() => decodeTextBody(utf8Encode(emoji + 'a')), 'TOO_LARGE')
    // Size first: an oversize body of garbage is TOO_LARGE, not MALFORMED.
    await expectProtocolError(() => decodeTextBody(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0xff)), 'TOO_LARGE')
  })

  it('refuses an empty text (INVALID_FIELD)', async () => {
    await expectProtocolError(() => decodeTextBody(new Uint8Array(0)), 'INVALID_FIELD')
  })

  it('will not encode an empty or oversize text', () => {
    expect(() => encodeTextBody('')).to.throw(RangeError)
    expect(() => encodeTextBody('é'.repeat(MAX_TEXT_BYTES / 2 + 1))).to.throw(RangeError)
    expect(() => encodeTextBody(5 as unknown as string)).to.throw(TypeError)
  })
})
