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
const MAX_UINT32 = 0xffffffff
/** Enums are int32 on the wire; negative values (10-byte varints) are refused. */
const MAX_ENUM = 0x7fffffff

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

/** What a varint being read is, for the sentence of an error about it. */
type Role = 'tag' | 'value' | 'length'

/** Varints up to this many bytes (49 bits) are read as exact numbers; longer ones as bigints. */
const SHORT_VARINT_BYTES = 7

/**
 * One walk over one message's bytes. A class, so the path every well-formed frame takes makes no
 * closures and no strings: sentences are only built for what is wrong.
 */
class Walk implements WalkResult {
  selector?: bigint
  violation?: ProtocolError
  private pos = 0
  /** The exact value of the last varint read, when it was too long for a number. */
  private big: bigint | undefined
  private seenLow = 0
  private seenHigh: Set<number> | undefined

  constructor (private readonly schema: MessageSchema, private readonly bytes: Uint8Array, private readonly what: string) {}

  run (): WalkResult {
    const { schema, bytes, what } = this
    while (this.pos < bytes.length) {
      const tag = this.varint('tag', 0, undefined)
      const big = this.big
      const number = big !== undefined ? Number(big >> 3n) : Math.floor(tag / 8)
      const wireType = big !== undefined ? Number(big & 7n) : tag % 8
      if (number === 0) throw new ProtocolError('MALFORMED', `${what} has a field numbered 0, which protobuf does not allow`)
      if (number > MAX_FIELD_NUMBER) throw new ProtocolError('MALFORMED', `${what} has a field number over 2^29 - 1`)
      if (wireType === 3 || wireType === 4) throw new ProtocolError('MALFORMED', `${what} field ${number} uses the group wire type ${wireType}, which Parley refuses`)
      if (wireType !== WIRE_VARINT && wireType !== WIRE_FIXED64 && wireType !== WIRE_LENGTH_DELIMITED && wireType !== WIRE_FIXED32) {
        throw new ProtocolError('MALFORMED', `${what} field ${number} has wire type ${wireType}, which protobuf does not define`)
      }
      const spec = schema.fields.get(number)

      // Read the value by the wire type it arrived with, so the walk goes on past a wrong one.
      let value: number | undefined
      let exact: bigint | undefined
      let payload: Uint8Array | undefined
      if (wireType === WIRE_VARINT) {
        value = this.varint('value', number, spec)
        exact = this.big
      } else if (wireType === WIRE_LENGTH_DELIMITED) {
        const length = this.varint('length', number, spec)
        if (length > bytes.length - this.pos) throw truncated(what, label(number, spec))
        payload = bytes.subarray(this.pos, this.pos + length)
        this.pos += length
      } else {
        const size = wireType === WIRE_FIXED64 ? 8 : 4
        if (this.pos + size > bytes.length) throw truncated(what, label(number, spec))
        this.pos += size
      }

      if (spec === undefined) {
        this.note(() => `${what} has unknown ${label(number, spec)}; version ${PROTOCOL_NOTE}`)
        continue
      }
      const expected = WIRE_TYPE[spec.type]
      if (wireType !== expected) {
        this.note(() => `${what} ${label(number, spec)} has wire type ${wireType}, but is declared ${spec.type} (wire type ${expected})`)
        continue
      }
      if (!spec.repeated && this.seen(number)) this.note(() => `${what} ${label(number, spec)} occurs more than once`)
      if (value !== undefined) {
        // A value too long for a number is past every limit below, and its number says so.
        if (schema.selector?.field === number) this.selector = exact ?? BigInt(value)
        if (spec.type === 'uint32' && value > MAX_UINT32) this.note(() => `${what} ${label(number, spec)} is over 2^32 - 1`)
        if (spec.type === 'enum' && value > MAX_ENUM) this.note(() => `${what} ${label(number, spec)} is not an enum value (0 to 2^31 - 1)`)
        if (spec.type === 'bool' && value > 1) this.note(() => `${what} ${label(number, spec)} is a bool other than 0 or 1`)
      } else if (payload !== undefined) {
        if (spec.type === 'string') {
          if (!isAscii(payload)) {
            try { utf8.decode(payload) } catch { this.note(() => `${what} ${label(number, spec)} is not valid UTF-8`) }
          }
        } else if (spec.type === 'message' && spec.message !== undefined) {
          // The length bounds the nested message, so whatever is wrong inside it leaves this walk readable.
          try {
            const inner = new Walk(spec.message, payload, `${what} ${label(number, spec)}`).run()
            if (inner.violation !== undefined) this.violation ??= inner.violation
          } catch (err) {
            if (!(err instanceof ProtocolError)) throw err
            this.violation ??= err
          }
        }
      }
    }
    return this
  }

  /** Keeps the first rule broken; its sentence is built only then. */
  private note (sentence: () => string): void {
    if (this.violation === undefined) this.violation = new ProtocolError('MALFORMED', sentence())
  }

  /** Whether a non-repeated field was seen before; marks it seen. */
  private seen (number: number): boolean {
    if (number < 31) {
      const bit = 1 << number
      const before = (this.seenLow & bit) !== 0
      this.seenLow |= bit
      return before
    }
    this.seenHigh ??= new Set()
    const before = this.seenHigh.has(number)
    this.seenHigh.add(number)
    return before
  }

  /**
   * Reads one varint at the current position, strictly: the whole of it within the bytes, at
   * most 10 bytes and 64 bits, minimally encoded (else noted). Returns it as a number, exact up to
   * 2^49; a longer one is also kept exact in `big`.
   */
  private varint (role: Role, number: number, spec: FieldSchema | undefined): number {
    const bytes = this.bytes
    const start = this.pos
    let value = 0
    let scale = 1
    for (let i = 0; i < SHORT_VARINT_BYTES; i++) {
      const at = start + i
      if (at >= bytes.length) throw truncated(this.what, roleName(role, number, spec))
      const byte = bytes[at] as number
      value += (byte & 0x7f) * scale
      if (byte < 0x80) {
        this.pos = at + 1
        this.big = undefined
        // Only a varint that ends in a zero byte has a shorter form.
        if (i > 0 && byte === 0) this.note(() => `${this.what} has a varint in ${roleName(role, number, spec)} that is not minimally encoded`)
        return value
      }
      scale *= 0x80
    }
    return this.longVarint(role, number, spec)
  }

  private longVarint (role: Role, number: number, spec: FieldSchema | undefined): number {
    const { bytes, what } = this
    const r = createReader(bytes)
    r.pos = this.pos
    const start = r.pos
    let value: bigint
    try {
      value = r.uint64()
    } catch (err) {
      if (err instanceof RangeError) throw truncated(what, roleName(role, number, spec))
      throw new ProtocolError('MALFORMED', `${what} has a varint longer than 10 bytes in ${roleName(role, number, spec)}`)
    }
    // The runtime's reader can step past the end, or stop on a byte that says more follows.
    if (r.pos > bytes.length || (bytes[r.pos - 1] as number) >= 0x80) throw truncated(what, roleName(role, number, spec))
    const length = r.pos - start
    if (length === 10 && bytes[r.pos - 1] !== 0x01) throw new ProtocolError('MALFORMED', `${what} has a varint over 64 bits in ${roleName(role, number, spec)}`)
    if (length !== varintLength(value)) this.note(() => `${what} has a varint in ${roleName(role, number, spec)} that is not minimally encoded`)
    this.pos = r.pos
    this.big = value
    return Number(value)
  }
}

function walk (schema: MessageSchema, bytes: Uint8Array, what: string): WalkResult {
  return new Walk(schema, bytes, what).run()
}

/** A field, for error sentences. */
function label (number: number, spec: FieldSchema | undefined): string {
  return spec !== undefined ? `field ${number} (${spec.name})` : `field ${number}`
}

function roleName (role: Role, number: number, spec: FieldSchema | undefined): string {
  switch (role) {
    case 'tag': return 'a field tag'
    case 'length': return `the length of ${label(number, spec)}`
    case 'value': return label(number, spec)
  }
}

/** Whether every byte is below 0x80 (then the bytes are valid UTF-8 without decoding them). */
function isAscii (bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false
  return true
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
