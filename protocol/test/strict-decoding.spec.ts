import { expect } from 'chai'
import protobuf from 'protobufjs'
import { checkStrict, messageSchema, type FieldType, type MessageSchema } from '../src/strict-decoding.js'
import * as schemas from '../src/schemas.js'
import { Content as PbContent, KeyBlock as PbKeyBlock } from '../src/pb/envelope.js'
import { concatBytes, utf8Encode } from '../src/bytes.js'
import type { ProtocolErrorCode } from '../src/errors.js'
import { expectProtocolError, flipBit } from './helpers.js'

const SAMPLE = messageSchema('Sample', {
  1: ['version', 'uint32'],
  2: ['name', 'string'],
  3: ['data', 'bytes'],
  4: ['when', 'uint64'],
  5: ['flag', 'bool'],
  6: ['kind', 'enum'],
  7: ['items', 'bytes', 'repeated'],
  8: ['inner', 'message', 'single', messageSchema('Inner', { 1: ['id', 'string'] })]
}, { field: 1, supported: 1, code: 'UNSUPPORTED_VERSION', sentence: v => `sample version ${v} is not supported` })

const V1 = [0x08, 0x01]
const bytes = (...parts: number[][]): Uint8Array => new Uint8Array(parts.flat())

describe('strict decoding', () => {
  it('accepts every field type, repeated fields, nested messages and any field order', () => {
    checkStrict(SAMPLE, bytes([0x12, 0x02, 0x68, 0x69], V1, [0x1a, 0x00], [0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      [0x28, 0x01], [0x30, 0x02], [0x3a, 0x01, 0x61], [0x3a, 0x01, 0x62], [0x42, 0x03, 0x0a, 0x01, 0x78]), 'sample')
  })

  it('reads varints exactly on both sides of the 7-byte boundary, and strings beyond ASCII', () => {
    // 2^49 - 1 (7 bytes), 2^49 (8 bytes) and 2^64 - 1 (10 bytes) as the uint64 field; "é" as the name.
    for (const when of [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]]) {
      checkStrict(SAMPLE, bytes(V1, [0x20], when, [0x12, 0x02, 0xc3, 0xa9]), 'sample')
    }
    // The version arrives in 8 bytes only when it is 2^49 or more: refused, and named exactly.
    expect(() => { checkStrict(SAMPLE, bytes([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 'sample') }).to.throw('version 18446744073709551615')
  })

  const cases: Array<[string, Uint8Array, ProtocolErrorCode, string]> = [
    ['a known field with the wrong wire type', bytes(V1, [0x10, 0x05]), 'MALFORMED', 'sample field 2 (name) has wire type 0, but is declared string (wire type 2)'],
    ['a varint field sent length-delimited', bytes(V1, [0x22, 0x01, 0x05]), 'MALFORMED', 'field 4 (when) has wire type 2'],
    ['a field sent as fixed32', bytes(V1, [0x2d, 1, 0, 0, 0]), 'MALFORMED', 'field 5 (flag) has wire type 5'],
    ['field number 0', bytes(V1, [0x02, 0x00]), 'MALFORMED', 'field numbered 0'],
    ['a non-repeated field twice', bytes(V1, [0x12, 0x00, 0x12, 0x01, 0x61]), 'MALFORMED', 'field 2 (name) occurs more than once'],
    ['the version twice, both 1', bytes(V1, V1), 'MALFORMED', 'field 1 (version) occurs more than once'],
    ['a nested message field twice', bytes(V1, [0x42, 0x00, 0x42, 0x00]), 'MALFORMED', 'field 8 (inner) occurs more than once'],
    ['an unknown field', bytes(V1, [0x48, 0x01]), 'MALFORMED', 'unknown field 9'],
    ['an unknown fixed64 field', bytes(V1, [0x49, 1, 2, 3, 4, 5, 6, 7, 8]), 'MALFORMED', 'unknown field 9'],
    ['a start group (wire type 3)', bytes(V1, [0x4b, 0x4c]), 'MALFORMED', 'group wire type 3'],
    ['an end group (wire type 4)', bytes(V1, [0x4c]), 'MALFORMED', 'group wire type 4'],
    ['wire type 6', bytes(V1, [0x4e]), 'MALFORMED', 'wire type 6'],
    ['wire type 7', bytes(V1, [0x4f]), 'MALFORMED', 'wire type 7'],
    ['a field number over 2^29 - 1', bytes(V1, [0x80, 0x80, 0x80, 0x80, 0x10, 0x00]), 'MALFORMED', 'over 2^29 - 1'],
    ['a non-minimal varint value', bytes(V1, [0x30, 0x82, 0x00]), 'MALFORMED', 'not minimally encoded'],
    ['a non-minimal tag', bytes(V1, [0xb0, 0x00, 0x02]), 'MALFORMED', 'not minimally encoded'],
    ['a non-minimal length', bytes(V1, [0x12, 0x81, 0x00, 0x61]), 'MALFORMED', 'not minimally encoded'],
    ['a varint longer than 10 bytes', bytes(V1, [0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 'MALFORMED', 'longer than 10 bytes'],
    ['a varint over 64 bits', bytes(V1, [0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]), 'MALFORMED', 'over 64 bits'],
    ['a uint32 over 2^32 - 1', bytes([0x08, 0x81, 0x80, 0x80, 0x80, 0x10]), 'UNSUPPORTED_VERSION', 'version 4294967297'],
    ['an enum over 2^31 - 1', bytes(V1, [0x30, 0x80, 0x80, 0x80, 0x80, 0x08]), 'MALFORMED', 'not an enum value'],
    ['a bool of 2', bytes(V1, [0x28, 0x02]), 'MALFORMED', 'a bool other than 0 or 1'],
    ['a string of invalid UTF-8', bytes(V1, [0x12, 0x02, 0xc3, 0x28]), 'MALFORMED', 'field 2 (name) is not valid UTF-8'],
    ['a string with a lone surrogate (CESU-8)', bytes(V1, [0x12, 0x03, 0xed, 0xa0, 0x80]), 'MALFORMED', 'not valid UTF-8'],
    ['an over-long UTF-8 form', bytes(V1, [0x12, 0x02, 0xc0, 0xaf]), 'MALFORMED', 'not valid UTF-8'],
    ['a bad field inside a nested message', bytes(V1, [0x42, 0x02, 0x08, 0x01]), 'MALFORMED', 'sample field 8 (inner) field 1 (id) has wire type 0'],
    ['a nested message cut short', bytes(V1, [0x42, 0x02, 0x0a, 0x05]), 'TRUNCATED', 'sample field 8 (inner) ends in the middle of field 1 (id)'],
    ['a length past the end', bytes(V1, [0x1a, 0x05, 0x01]), 'TRUNCATED', 'ends in the middle of field 3 (data)'],
    ['a varint cut short', bytes(V1, [0x20, 0xff]), 'TRUNCATED', 'ends in the middle of field 4 (when)'],
    ['a tag without its value', bytes(V1, [0x20]), 'TRUNCATED', 'ends in the middle of field 4 (when)'],
    ['a fixed32 cut short', bytes(V1, [0x4d, 1, 2]), 'TRUNCATED', 'ends in the middle of field 9'],
    ['a cut tag', bytes(V1, [0x80]), 'TRUNCATED', 'ends in the middle of a field tag'],
    ['a 4-byte varint cut at the end (reader fast path)', bytes(V1, [0x20, 0x80, 0x80, 0x80]), 'TRUNCATED', 'ends in the middle'],
    ['a non-minimal 7-byte varint (the last read as a number)', bytes(V1, [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 'MALFORMED', 'not minimally encoded'],
    ['a non-minimal 8-byte varint (the first read as a bigint)', bytes(V1, [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 'MALFORMED', 'not minimally encoded'],
    ['a 7-byte varint cut at the end', bytes(V1, [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 'TRUNCATED', 'ends in the middle of field 4 (when)'],
    ['a 9-byte varint cut at the end', bytes(V1, [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 'TRUNCATED', 'ends in the middle of field 4 (when)'],
    ['a uint32 of 2^49 (an 8-byte varint)', bytes([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 'UNSUPPORTED_VERSION', 'version 562949953421312'],
    ['a bool sent as a long varint', bytes(V1, [0x28, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 'MALFORMED', 'a bool other than 0 or 1'],
    ['a tag of over 49 bits', bytes(V1, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00]), 'MALFORMED', 'over 2^29 - 1'],
    ['non-ASCII invalid UTF-8 after ASCII', bytes(V1, [0x12, 0x03, 0x61, 0x62, 0xff]), 'MALFORMED', 'field 2 (name) is not valid UTF-8'],
    ['no version', bytes([0x12, 0x00]), 'UNSUPPORTED_VERSION', 'version 0'],
    ['version 2', bytes([0x08, 0x02]), 'UNSUPPORTED_VERSION', 'version 2'],
    ['the version only as bytes (counts as 0)', bytes([0x0a, 0x01, 0x01]), 'UNSUPPORTED_VERSION', 'version 0'],
    ['the version as bytes and again as 1', bytes([0x0a, 0x01, 0x01], V1), 'MALFORMED', 'field 1 (version) has wire type 2']
  ]
  for (const [name, input, code, sentence] of cases) {
    it(`refuses ${name} (${code})`, async () => {
      const err = await expectProtocolError(() => { checkStrict(SAMPLE, input, 'sample') }, code)
      expect(err.message).to.include(sentence)
    })
  }

  it('judges the version before other rules, since a newer format may add fields or change them', async () => {
    await expectProtocolError(() => { checkStrict(SAMPLE, bytes([0x08, 0x02], [0x48, 0x01], [0x10, 0x05]), 'sample') }, 'UNSUPPORTED_VERSION')
    // ...but not before the structure: a frame that cannot be walked says so.
    await expectProtocolError(() => { checkStrict(SAMPLE, bytes([0x08, 0x02], [0x4b]), 'sample') }, 'MALFORMED')
    // The version protobuf would read is the last one given.
    await expectProtocolError(() => { checkStrict(SAMPLE, bytes(V1, [0x08, 0x02]), 'sample') }, 'UNSUPPORTED_VERSION')
  })

  it('reads a Content of seal\'s shape, and refuses each single-bit flip of its tags or one reading of it', async () => {
    const content = PbContent.encode({ sender: 'alice@relay.example.org', senderDevice: 'dev', senderIdentityKey: new Uint8Array(32), sentAt: 5n, conversation: 'c', kind: 1, body: utf8Encode('hi'), padding: new Uint8Array(3) })
    checkStrict(schemas.CONTENT, content, 'content')
    // Every tag byte: a flip makes an unknown field, a wrong wire type, a duplicate or a broken frame.
    const tags: number[] = []
    for (let pos = 0; pos < content.length;) {
      tags.push(pos)
      const wireType = (content[pos] as number) & 7
      pos += 1
      if (wireType === 0) { while ((content[pos++] as number) >= 0x80); } else { pos += 1 + (content[pos] as number) }
    }
    for (const pos of tags) {
      for (let bit = 0; bit < 8; bit++) {
        await expectProtocolError(() => { checkStrict(schemas.CONTENT, flipBit(content, pos, bit), 'content') }, 'MALFORMED', 'TRUNCATED')
      }
    }
  })

  it('refuses a repeated scalar schema or a message field without its schema (misuse)', () => {
    expect(() => messageSchema('X', { 1: ['n', 'uint32', 'repeated'] })).to.throw(TypeError)
    expect(() => messageSchema('X', { 1: ['m', 'message'] })).to.throw(TypeError)
  })

  it('walks a whole envelope key block with its nested wrapped keys', async () => {
    const keys = PbKeyBlock.encode({ keys: [{ deviceId: 'a', wrapped: new Uint8Array(3) }, { deviceId: 'b', wrapped: new Uint8Array(3) }] })
    checkStrict(schemas.KEY_BLOCK, keys, 'key block')
    await expectProtocolError(() => { checkStrict(schemas.KEY_BLOCK, concatBytes(keys, new Uint8Array([0x0a, 0x02, 0x10, 0x00])), 'key block') }, 'MALFORMED')
  })
})

describe('strict-decoding schemas', () => {
  const root = new protobuf.Root()
  for (const file of ['bundle', 'envelope', 'receipt', 'direct', 'group', 'file']) {
    root.loadSync(new URL(`../src/pb/${file}.proto`, import.meta.url).pathname, { keepCase: true })
  }
  root.resolveAll()

  const TYPE_OF: Record<string, FieldType> = { uint32: 'uint32', uint64: 'uint64', bool: 'bool', string: 'string', bytes: 'bytes' }
  function expectMatches (schema: MessageSchema): void {
    const type = root.lookupType(schema.name)
    const declared = Object.values(type.fields).map(f => {
      const kind: FieldType = TYPE_OF[f.type] ?? (f.resolvedType instanceof protobuf.Enum ? 'enum' : 'message')
      return [f.id, f.name, kind, f.repeated]
    }).sort((a, b) => (a[0] as number) - (b[0] as number))
    const ours = [...schema.fields].map(([id, f]) => [id, f.name, f.type, f.repeated]).sort((a, b) => (a[0] as number) - (b[0] as number))
    expect(ours, `schema of ${schema.name}`).to.deep.equal(declared)
    for (const f of schema.fields.values()) if (f.message !== undefined) expectMatches(f.message)
  }

  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} declares exactly the fields of ${schema.name} in pb/*.proto`, () => { expectMatches(schema) })
  }
})
