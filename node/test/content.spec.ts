import { expect } from 'chai'
import { isProtocolError, utf8Encode } from '@parley/protocol'
import { decodeText } from '../src/content.js'
import { MAX_TEXT_BYTES } from '../src/constants.js'

function codeOf (run: () => unknown): string | undefined {
  try {
    run()
  } catch (err) {
    return isProtocolError(err) ? err.code : `not a ProtocolError: ${String(err)}`
  }
  return undefined
}

describe('decodeText', () => {
  it('reads valid UTF-8 as it is, a byte-order mark included', () => {
    expect(decodeText(utf8Encode('héllo ✓'))).to.equal('héllo ✓')
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).to.equal('\ufeffa')
    expect(decodeText(new Uint8Array(MAX_TEXT_BYTES).fill(0x61))).to.have.length(MAX_TEXT_BYTES)
  })

  it('refuses bytes that are not UTF-8 instead of replacing them', () => {
    for (const bad of [[0xff], [0x61, 0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      expect(codeOf(() => decodeText(new Uint8Array(bad))), bad.join(',')).to.equal('MALFORMED')
    }
  })

  it('refuses an empty text and one over the limit', () => {
    expect(codeOf(() => decodeText(new Uint8Array(0)))).to.equal('INVALID_FIELD')
    expect(codeOf(() => decodeText(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61)))).to.equal('TOO_LARGE')
  })
})
