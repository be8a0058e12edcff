import { expect } from 'chai'
import { decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage } from '../src/index.js'

describe('Relay RPC deposit', () => {
  const envelope = new Uint8Array([1, 2, 3])

  it('carries the contact flag: true for a text written by choice, false otherwise', () => {
    for (const contact of [true, false]) {
      const { request } = decodeRequest(encodeRequest(7, { type: 'deposit', envelope, contact }))
      expect(request).to.deep.equal({ type: 'deposit', envelope, contact })
    }
  })

  it('reads a deposit without the flag (an older client) as not a contact', () => {
    const { request } = decodeRequest(encodeRequest(7, { type: 'deposit', envelope }))
    expect(request).to.deep.equal({ type: 'deposit', envelope, contact: false })
  })

  it('keeps SENDER_QUOTA_EXCEEDED as its own code on the way back', () => {
    const frame = encodeServerMessage({ type: 'response', id: 7, result: { type: 'error', code: 'SENDER_QUOTA_EXCEEDED', message: 'too much waiting' } })
    expect(decodeServerMessage(frame)).to.deep.equal({ type: 'response', id: 7, result: { type: 'error', code: 'SENDER_QUOTA_EXCEEDED', message: 'too much waiting' } })
  })
})
