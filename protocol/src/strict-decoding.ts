/**
 * Strict protobuf decoding: a schema-driven walk over the tags of a frame, run before the
 * generated protons decoder, so that exactly one reading of the bytes exists. protons (like most
 * protobuf runtimes) reads a known field whatever its wire type, keeps the last of a repeated
 * scalar, skips field number 0, and reads over-long varints loosely; a standard decoder in another
 * language would read such bytes differently, or refuse them, while a signature over them checks.
 * See protocol/PROTOCOL.md, "Strict decoding". Not exported from index.ts.
 */
import { reader as createReader } from 'protons-runtime'
import { ProtocolError, type ProtocolErrorCode } from './errors.js'

/** The proto3 types Parley's frames use. Repeated scalars (packed encoding) are not used, so not supported. */
export type FieldType = 'uint32' | 'uint64' | 'bool' | 'enum' | 'string' | 'bytes' | 'message'

/** One declared field. */
export interface FieldSchema {
  /** The field's name in the .proto file, for error sentences. */
  name: string
  type: FieldType
  /** `repeated` in the .proto file (bytes, string or message only). */
  repeated: boolean
  /** The schema of a `message` field's value. */
  message?: MessageSchema
}

/**
 * A field read before anything else is judged: a frame's version (or an envelope header's
 * suite). A frame whose selector is not the supported value is refused with `code`, even when the
 * rest of it breaks the rules, since a newer format may legitimately look different.
 */
export interface SelectorSchema {
  field: number
  /** The one supported value, or a test for a set of them (the suites of a registry). */
  supported: number | ((value: bigint) => boolean)
  code: ProtocolErrorCode
  /** The sentence for an unsupported value. */
  sentence: (value: bigint) => string
  /** A specific error to throw instead of a plain ProtocolError with `code` and `sentence`. */
  refuse?: (value: bigint) => ProtocolError
}

/** One message type of a .proto file; every field not listed is unknown and refused. */
export interface MessageSchema {
  name: string
  fields: ReadonlyMap<number, FieldSchema>
  selector?: SelectorSchema
}

const WIRE_VARINT = 0
const WIRE_FIXED64 = 1
const WIRE_LENGTH_DELIMITED = 2
const WIRE_FIXED32 = 5

/** Wire type each field type must arrive with (proto3 encoding, no packed repeated scalars). */
const WIRE_TYPE: Record<FieldType, number> = {
  uint32: WIRE_VARINT, uint64: WIRE_VARINT, bool: WIRE_VARINT, enum: WIRE_VARINT,
  string: WIRE_LENGTH_DELIMITED, bytes: WIRE_LENGTH_DELIMITED, message: WIRE_LENGTH_DELIMITED
}

/** Largest field number protobuf allows (2^29 − 1). */
const MAX_FIELD_NUMBER = 0x1fffffff
const MAX_UINT32 = 0xffffffffn
/** Enums are int32 on the wire; negative values (10-byte varints) are refused. */
const MAX_ENUM = 0x7fffffffn

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Build a schema from `{ fieldNumber: [name, type, 'repeated'?, nested?] }`. */
export function messageSchema (
  name: string,
  fields: Record<number, [string, FieldType] | [string, FieldType, 'repeated' | 'single', MessageSchema?]>,
  selector?: SelectorSchema
): MessageSchema {
  const map = new Map<number, FieldSchema>()
  for (const [number, [fieldName, type, repeated, nested]] of Object.entries(fields)) {
    const isRepeated = repeated === 'repeated'
    if (isRepeated && WIRE_TYPE[type] !== WIRE_LENGTH_DELIMITED) throw new TypeError(`${name}.${fieldName}: repeated scalars are not supported`)
    if ((type === 'message') !== (nested !== undefined)) throw new TypeError(`${name}.${fieldName}: a message field needs its schema, and only it`)
    map.set(Number(number), { name: fieldName, type, repeated: isRepeated, ...(nested !== undefined ? { message: nested } : {}) })
  }
  return { name, fields: map, ...(selector !== undefined ? { selector } : {}) }
}

/**
 * Refuse `bytes` unless every field of `schema` (and of its nested messages) is well-formed:
 * field numbers 1..2^29 − 1, wire types 0, 1, 2 or 5 (groups, 3 and 4, are refused), each known
 * field with its declared wire type, a non-repeated field at most once, no unknown fields,
 * varints minimal and in range of their type (uint32 below 2^32, enum below 2^31, bool 0 or 1),
 * strings valid UTF-8. Throws ProtocolError: TRUNCATED when a field runs past the end, the
 * selector's code for an unsupported version or suite, MALFORMED for everything else.
 */
export function checkStrict (schema: MessageSchema, bytes: Uint8Array, what: string): void {
  const found = walk(schema, bytes, what)
  if (schema.selector !== undefined) {
    const value = found.selector ?? 0n
    const { supported, refuse } = schema.selector
    const ok = typeof supported === 'number' ? value === BigInt(supported) : supported(value)
    if (!ok) throw refuse !== undefined ? refuse(value) : new ProtocolError(schema.selector.code, schema.selector.sentence(value))
  }
  if (found.violation !== undefined) throw found.violation
}

interface WalkResult {
  /** The last value of the selector field, when it arrived as a varint. */
  selector?: bigint
  /** The first rule broken that still left the frame's structure readable. */
  violation?: ProtocolError
}

function walk (schema: MessageSchema, bytes: Uint8Array, what: string): WalkResult {
  const r = createReader(bytes)
  const result: WalkResult = {}
  const seen = new Set<number>()
  const note = (message: string): void => {
    result.violation ??= new ProtocolError('MALFORMED', message)
  }
  const varint = (role: string): bigint => {
    const start = r.pos
    let value: bigint
    try {
      value = r.uint64()
    } catch (err) {
      if (err instanceof RangeError) throw truncated(what, role)
      throw new ProtocolError('MALFORMED', `${what} has a varint longer than 10 bytes in ${role}`)
    }
    // The runtime's reader can step past the end, or stop on a byte that says more follows.
    if (r.pos > bytes.length || (bytes[r.pos - 1] as number) >= 0x80) throw truncated(what, role)
    const length = r.pos - start
    if (length === 10 && bytes[r.pos - 1] !== 0x01) throw new ProtocolError('MALFORMED', `${what} has a varint over 64 bits in ${role}`)
    if (length !== varintLength(value)) note(`${what} has a varint in ${role} that is not minimally encoded`)
    return value
  }

  while (r.pos < bytes.length) {
    const tag = varint('a field tag')
    const number = Number(tag >> 3n)
    const wireType = Number(tag & 7n)
    if (number === 0) throw new ProtocolError('MALFORMED', `${what} has a field numbered 0, which protobuf does not allow`)
    if (number > MAX_FIELD_NUMBER) throw new ProtocolError('MALFORMED', `${what} has a field number over 2^29 - 1`)
    if (wireType === 3 || wireType === 4) throw new ProtocolError('MALFORMED', `${what} field ${number} uses the group wire type ${wireType}, which Parley refuses`)
    if (wireType !== WIRE_VARINT && wireType !== WIRE_FIXED64 && wireType !== WIRE_LENGTH_DELIMITED && wireType !== WIRE_FIXED32) {
      throw new ProtocolError('MALFORMED', `${what} field ${number} has wire type ${wireType}, which protobuf does not define`)
    }
    const spec = schema.fields.get(number)
    const label = spec !== undefined ? `field ${number} (${spec.name})` : `field ${number}`

    // Read the value by the wire type it arrived with, so the walk goes on past a wrong one.
    let value: bigint | undefined
    let payload: Uint8Array | undefined
    if (wireType === WIRE_VARINT) {
      value = varint(label)
    } else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = varint(`the length of ${label}`)
      if (length > BigInt(bytes.length - r.pos)) throw truncated(what, label)
      payload = bytes.subarray(r.pos, r.pos + Number(length))
      r.pos += Number(length)
    } else {
      const size = wireType === WIRE_FIXED64 ? 8 : 4
      if (r.pos + size > bytes.length) throw truncated(what, label)
      r.pos += size
    }

    if (spec === undefined) {
      note(`${what} has unknown ${label}; version ${PROTOCOL_NOTE}`)
      continue
    }
    const expected = WIRE_TYPE[spec.type]
    if (wireType !== expected) {
      note(`${what} ${label} has wire type ${wireType}, but is declared ${spec.type} (wire type ${expected})`)
      continue
    }
    if (!spec.repeated) {
      if (seen.has(number)) note(`${what} ${label} occurs more than once`)
      seen.add(number)
    }
    if (value !== undefined) {
      if (schema.selector?.field === number) result.selector = value
      if (spec.type === 'uint32' && value > MAX_UINT32) note(`${what} ${label} is over 2^32 - 1`)
      if (spec.type === 'enum' && value > MAX_ENUM) note(`${what} ${label} is not an enum value (0 to 2^31 - 1)`)
      if (spec.type === 'bool' && value > 1n) note(`${what} ${label} is a bool other than 0 or 1`)
    } else if (payload !== undefined) {
      if (spec.type === 'string') {
        try { utf8.decode(payload) } catch { note(`${what} ${label} is not valid UTF-8`) }
      } else if (spec.type === 'message' && spec.message !== undefined) {
        // The length bounds the nested message, so whatever is wrong inside it leaves this walk readable.
        try {
          const inner = walk(spec.message, payload, `${what} ${label}`)
          if (inner.violation !== undefined) result.violation ??= inner.violation
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err
          result.violation ??= err
        }
      }
    }
  }
  return result
}

/** Why unknown fields are refused, for the sentence. */
const PROTOCOL_NOTE = '1 frames carry only the fields their .proto file declares'

function truncated (what: string, role: string): ProtocolError {
  return new ProtocolError('TRUNCATED', `${what} ends in the middle of ${role}`)
}

function varintLength (value: bigint): number {
  let length = 1
  while (value >= 0x80n) { value >>= 7n; length++ }
  return length
}
