import { expect } from 'chai'
import { Uint8ArrayList } from 'uint8arraylist'
import { streamPair, lpStream } from '@libp2p/utils'
import { frameLengthDecoder, lengthPrefixed, lengthPrefixOptions } from '../src/length-prefix.js'
import { ProtocolError } from '../src/errors.js'
import { expectProtocolError } from './helpers.js'

const MAX = 256 * 1024 + 64 // a 3-byte varint

describe('length prefixes', () => {
  const decode = frameLengthDecoder(MAX)
  const list = (...b: number[]): Uint8ArrayList => new Uint8ArrayList(new Uint8Array(b))

  it('reads minimal prefixes and asks for more bytes while one is incomplete', () => {
    expect(decode(list(0x05))).to.equal(5)
    expect(decode(list(0xc0, 0x80, 0x10))).to.equal(MAX)
    expect(() => decode(list())).to.throw(RangeError)
    expect(() => decode(list(0x80))).to.throw(RangeError)
    expect(() => decode(list(0x80, 0x80))).to.throw(RangeError)
  })

  it('refuses a non-minimal prefix (MALFORMED)', async () => {
    await expectProtocolError(() => decode(list(0x85, 0x00)), 'MALFORMED')
    await expectProtocolError(() => decode(list(0x85, 0x80, 0x00)), 'MALFORMED')
    await expectProtocolError(() => decode(list(0x80, 0x00)), 'MALFORMED')
  })

  it('refuses a prefix still going after as many bytes as the limit needs (TOO_LARGE)', async () => {
    await expectProtocolError(() => decode(list(0x80, 0x80, 0x80)), 'TOO_LARGE')
  })

  it('writes minimal prefixes', () => {
    expect([...lengthPrefixed(new Uint8Array(3))]).to.deep.equal([3, 0, 0, 0])
    expect([...lengthPrefixed(new Uint8Array(300)).subarray(0, 2)]).to.deep.equal([0xac, 0x02])
  })

  describe('with lpStream', () => {
    async function read (input: Uint8Array): Promise<string> {
      const [a, b] = await streamPair()
      const lp = lpStream(b, lengthPrefixOptions(MAX))
      a.send(input)
      try {
        return `frame of ${(await lp.read()).byteLength} bytes`
      } catch (err: any) {
        return err instanceof ProtocolError ? err.code : err?.name
      } finally {
        a.abort(new Error('done'))
      }
    }

    it('reads a frame behind a minimal prefix', async () => {
      expect(await read(lengthPrefixed(new Uint8Array(5)))).to.equal('frame of 5 bytes')
    })

    it('refuses a frame behind a non-minimal prefix', async () => {
      expect(await read(new Uint8Array([0x85, 0x80, 0x00, 1, 2, 3, 4, 5]))).to.equal('MALFORMED')
    })

    it('stops reading a prefix of endless continuation bytes', async () => {
      expect(await read(new Uint8Array(1000).fill(0x80))).to.equal('TOO_LARGE')
    })

    it('refuses a prefix longer than the limit needs before its last byte, and leaves a length over the limit to lpStream', async () => {
      // lpStream hands over one byte at a time, so the fourth byte of this prefix is never read.
      expect(await read(new Uint8Array([0x80, 0x80, 0x80, 0x08, 1, 2, 3]))).to.equal('TOO_LARGE')
      expect(await read(new Uint8Array([0xc1, 0x80, 0x10]))).to.equal('InvalidDataLengthError')
    })

    it('decodes a complete over-long prefix as over the limit, should a reader hand it over whole', () => {
      expect(decode(list(0x80, 0x80, 0x80, 0x08))).to.be.greaterThan(MAX)
    })
  })
})
