import { expect } from 'chai'
import { decodeReceipt, encodeReceipt } from '../src/receipt.js'
import { ProtocolError } from '../src/errors.js'

describe('receipts', () => {
  const ids = [new Uint8Array(16).fill(1), new Uint8Array(16).fill(2)]

  it('round-trips delivered and read receipts', () => {
    for (const type of ['delivered', 'read'] as const) {
      const r = decodeReceipt(encodeReceipt({ type, messageIds: ids }))
      expect(r.type).to.equal(type)
      expect(r.messageIds.map(id => [...id])).to.deep.equal(ids.map(id => [...id]))
    }
  })

  it('refuses bytes that are not a receipt, an unknown type, no ids and ids of the wrong size', () => {
    const code = (bytes: Uint8Array): string => { try { decodeReceipt(bytes); return 'OK' } catch (err) { return (err as ProtocolError).code } }
    expect(code(new Uint8Array([0xff, 0xff, 0xff]))).to.equal('MALFORMED')
    expect(code(new Uint8Array([0x08, 0x07, 0x12, 0x10, ...new Uint8Array(16)]))).to.be.oneOf(['MALFORMED', 'INVALID_FIELD'])
    expect(code(new Uint8Array([0x08, 0x01]))).to.equal('INVALID_FIELD')
    expect(code(new Uint8Array([0x08, 0x01, 0x12, 0x02, 1, 2]))).to.equal('INVALID_FIELD')
  })

  it('will not encode an empty or malformed receipt', () => {
    expect(() => encodeReceipt({ type: 'read', messageIds: [] })).to.throw(RangeError)
    expect(() => encodeReceipt({ type: 'read', messageIds: [new Uint8Array(3)] })).to.throw(RangeError)
  })
})
