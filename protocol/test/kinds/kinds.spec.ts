import { expect } from 'chai'
import { CONTENT_KINDS, ContentKindRegistry, RECEIPT_KIND, TEXT_KIND, contentKindId, contentKinds, decodeContentBody } from '../../src/kinds/index.js'
import { CONTENT_KIND_RECEIPT, CONTENT_KIND_TEXT } from '../../src/constants.js'
import { encodeReceipt } from '../../src/receipt.js'
import { utf8Encode } from '../../src/bytes.js'
import { expectProtocolError } from '../helpers.js'

describe('content kinds', () => {
  it('lists text, receipt, the group kinds, file and profile with their wire numbers and versions', () => {
    expect(CONTENT_KINDS.map(k => [k.name, k.id, k.version])).to.deep.equal([
      ['text', CONTENT_KIND_TEXT, 1], ['receipt', CONTENT_KIND_RECEIPT, 1], ['group-change', 3, 1], ['sender-key', 4, 1],
      ['group-invite', 5, 1], ['group-state', 6, 1], ['group-manage', 7, 1], ['file', 8, 1], ['profile', 9, 1]
    ])
    expect(contentKinds.fromWire(1)).to.equal(TEXT_KIND)
    expect(contentKinds.fromWire(2)).to.equal(RECEIPT_KIND)
    expect(contentKinds.fromWire(0)).to.equal(undefined)
    expect(contentKinds.fromWire(10)).to.equal(undefined)
    expect(contentKindId('receipt')).to.equal(2)
    expect(() => contentKindId('typing')).to.throw(TypeError, /"text", "receipt"/)
  })

  it('decodes each body with its own strict decoder', () => {
    expect(decodeContentBody('text', utf8Encode('hé'))).to.deep.equal({ kind: 'text', value: 'hé' })
    const id = new Uint8Array(16).fill(1)
    expect(decodeContentBody('receipt', encodeReceipt({ type: 'read', messageIds: [id] }))).to.deep.equal({ kind: 'receipt', value: { type: 'read', messageIds: [id] } })
  })

  it('refuses bad bodies with the kind\'s own final errors', async () => {
    await expectProtocolError(() => decodeContentBody('text', new Uint8Array([0xff])), 'MALFORMED')
    await expectProtocolError(() => decodeContentBody('text', new Uint8Array(0)), 'INVALID_FIELD')
    await expectProtocolError(() => decodeContentBody('receipt', new Uint8Array(0)), 'TRUNCATED')
  })

  it('round-trips each kind through its encoder', () => {
    expect(TEXT_KIND.decode(TEXT_KIND.encode('hello'))).to.equal('hello')
    const ids = [new Uint8Array(16).fill(9)]
    expect(RECEIPT_KIND.decode(RECEIPT_KIND.encode({ type: 'delivered', messageIds: ids }))).to.deep.equal({ type: 'delivered', messageIds: ids })
  })

  it('refuses a registry with a name or wire number twice, or number 0', () => {
    expect(() => new ContentKindRegistry([TEXT_KIND, { ...RECEIPT_KIND, id: 1 }])).to.throw(TypeError, /wire number 1/)
    expect(() => new ContentKindRegistry([TEXT_KIND, { ...RECEIPT_KIND, name: 'text' }])).to.throw(TypeError, /named "text"/)
    expect(() => new ContentKindRegistry([{ ...TEXT_KIND, id: 0 }])).to.throw(TypeError)
    expect(() => new ContentKindRegistry([{ ...TEXT_KIND, version: 0 }])).to.throw(TypeError)
  })
})
