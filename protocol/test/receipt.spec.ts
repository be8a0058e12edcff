import { expect } from 'chai'
import { decodeReceipt, encodeReceipt, MAX_RECEIPT_IDS } from '../src/receipt.js'
import { concatBytes } from '../src/bytes.js'
import type { ProtocolErrorCode } from '../src/errors.js'
import { expectProtocolError, flipBit } from './helpers.js'

const id = (n: number): Uint8Array => new Uint8Array(16).fill(n)
const idField = (n: number): Uint8Array => new Uint8Array([0x12, 0x10, ...id(n)])

describe('receipts', () => {
  const ids = [id(1), id(2)]

  it('round-trips delivered and read receipts', () => {
    for (const type of ['delivered', 'read'] as const) {
      const r = decodeReceipt(encodeReceipt({ type, messageIds: ids }))
      expect(r.type).to.equal(type)
      expect(r.messageIds.map(x => [...x])).to.deep.equal(ids.map(x => [...x]))
    }
  })

  it('round-trips the largest receipt', () => {
    const many = Array.from({ length: MAX_RECEIPT_IDS }, (_, i) => { const x = new Uint8Array(16); new DataView(x.buffer).setUint32(0, i); return x })
    expect(decodeReceipt(encodeReceipt({ type: 'read', messageIds: many })).messageIds).to.have.length(MAX_RECEIPT_IDS)
  })

  it('does not alias the input buffer', () => {
    const bytes = encodeReceipt({ type: 'read', messageIds: ids })
    const r = decodeReceipt(bytes)
    bytes.fill(0)
    expect([...r.messageIds[0]!]).to.deep.equal([...id(1)])
  })

  const cases: Array<[string, Uint8Array, ProtocolErrorCode]> = [
    ['an empty body', new Uint8Array(0), 'TRUNCATED'],
    ['bytes cut inside a varint', new Uint8Array([0xff, 0xff, 0xff]), 'TRUNCATED'],
    ['an id running past the end', new Uint8Array([0x08, 0x01, 0x12, 0x10, 1, 2]), 'TRUNCATED'],
    ['an unknown type', concatBytes(new Uint8Array([0x08, 0x07]), idField(1)), 'INVALID_FIELD'],
    ['no type (unspecified)', idField(1), 'INVALID_FIELD'],
    ['no ids', new Uint8Array([0x08, 0x01]), 'INVALID_FIELD'],
    ['an id of the wrong size', new Uint8Array([0x08, 0x01, 0x12, 0x02, 1, 2]), 'INVALID_FIELD'],
    ['one id named twice', concatBytes(new Uint8Array([0x08, 0x01]), idField(1), idField(1)), 'INVALID_FIELD'],
    ['more ids than the limit', concatBytes(new Uint8Array([0x08, 0x01]), ...Array.from({ length: MAX_RECEIPT_IDS + 1 }, (_, i) => idField(i % 256).map((b, j) => j === 3 ? i >> 8 : b))), 'INVALID_FIELD'],
    ['the type given twice', concatBytes(new Uint8Array([0x08, 0x01, 0x08, 0x02]), idField(1)), 'MALFORMED'],
    ['the type as bytes (wrong wire type)', concatBytes(new Uint8Array([0x0a, 0x01, 0x01]), idField(1)), 'MALFORMED'],
    ['an id as a varint (wrong wire type)', new Uint8Array([0x08, 0x01, 0x10, 0x01]), 'MALFORMED'],
    ['a field numbered 0', concatBytes(new Uint8Array([0x08, 0x01, 0x00, 0x00]), idField(1)), 'MALFORMED'],
    ['an unknown field', concatBytes(new Uint8Array([0x08, 0x01]), idField(1), new Uint8Array([0x18, 0x01])), 'MALFORMED'],
    ['a negative type (10-byte varint)', concatBytes(new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), idField(1)), 'MALFORMED']
  ]
  for (const [name, bytes, code] of cases) {
    it(`refuses ${name} (${code})`, async () => {
      await expectProtocolError(() => decodeReceipt(bytes), code)
    })
  }

  it('refuses every flipped bit of a receipt or reads a different valid one, never throws anything else', async () => {
    const bytes = encodeReceipt({ type: 'delivered', messageIds: ids })
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = flipBit(bytes, i, bit)
        try {
          const r = decodeReceipt(flipped)
          // Only an id's bytes or the type's value can change and still be a receipt.
          expect(encodeReceipt(r)).to.deep.equal(flipped)
        } catch (err) {
          await expectProtocolError(() => { throw err }, 'MALFORMED', 'TRUNCATED', 'INVALID_FIELD')
        }
      }
    }
  })

  it('sends an id named twice once, and will not encode an empty or malformed receipt', () => {
    expect(decodeReceipt(encodeReceipt({ type: 'read', messageIds: [id(1), id(1), id(2)] })).messageIds).to.have.length(2)
    expect(() => encodeReceipt({ type: 'read', messageIds: [] })).to.throw(RangeError)
    expect(() => encodeReceipt({ type: 'read', messageIds: [new Uint8Array(3)] })).to.throw(RangeError)
    expect(() => encodeReceipt({ type: 'seen' as 'read', messageIds: ids })).to.throw(TypeError)
  })
})
