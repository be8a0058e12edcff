import { expect } from 'chai'
import {
  concatBytes, constantTimeEqual, fromBase64, fromHex, randomBytes, toBase64, toHex, utf8Decode, utf8Encode
} from '../src/bytes.js'
import { expectProtocolError } from './helpers.js'

describe('bytes', () => {
  it('round-trips hex, lowercase out, either case in', () => {
    const b = new Uint8Array([0, 1, 0xab, 0xff])
    expect(toHex(b)).to.equal('0001abff')
    expect(fromHex('0001ABff')).to.deep.equal(b)
    expect(fromHex('')).to.deep.equal(new Uint8Array(0))
  })

  it('refuses odd-length or non-hex strings', () => {
    for (const s of ['0', 'zz', '0x00', '00 ']) {
      expect(() => fromHex(s), s).to.throw(TypeError)
    }
  })

  it('round-trips padded base64 (RFC 4648 §4 test vectors)', () => {
    const cases: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foobar', 'Zm9vYmFy']]
    for (const [plain, b64] of cases) {
      expect(toBase64(utf8Encode(plain))).to.equal(b64)
      expect(utf8Decode(fromBase64(b64))).to.equal(plain)
    }
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).to.equal('+/8=')
  })

  it('refuses unpadded, URL-safe, whitespace or non-canonical base64', () => {
    for (const s of ['Zg', 'Zm8', '-_8=', 'Zm9v\n', 'Zh==', 'Z===']) {
      expect(() => fromBase64(s), s).to.throw(TypeError)
    }
  })

  it('compares in constant time and by content', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).to.equal(true)
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).to.equal(false)
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).to.equal(false)
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).to.equal(true)
  })

  it('concatenates', () => {
    expect(concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]))).to.deep.equal(new Uint8Array([1, 2, 3]))
  })

  it('draws more random bytes than one getRandomValues call allows', () => {
    const r = randomBytes(70000)
    expect(r).to.have.length(70000)
    expect(r.subarray(65536).some(b => b !== 0)).to.equal(true)
    expect(() => randomBytes(-1)).to.throw(RangeError)
  })

  it('refuses invalid UTF-8 with MALFORMED', async () => {
    expect(utf8Decode(utf8Encode('h\u00e9 🌱'))).to.equal('h\u00e9 🌱')
    await expectProtocolError(() => utf8Decode(new Uint8Array([0xc3])), 'MALFORMED')
  })
})
