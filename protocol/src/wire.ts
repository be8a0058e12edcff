/**
 * Internal helpers for decoding untrusted protobuf frames. Not exported from index.ts.
 */
import './protons-fix.js'
import { ProtocolError } from './errors.js'
import { constantTimeEqual } from './bytes.js'
import { checkStrict, type MessageSchema } from './strict-decoding.js'

/** The generated protons namespace shape this module needs. */
interface WireCodec<T> {
  encode: (obj: T) => Uint8Array
  decode: (buf: Uint8Array) => T
}

/**
 * Decode `bytes` as `what`: first the strict-decoding walk over `schema` (see
 * strict-decoding.ts), then the generated decoder, turning every protons exception into a
 * ProtocolError: running past the end of the input is TRUNCATED, anything else MALFORMED. Empty
 * input is TRUNCATED, since protobuf would otherwise decode it as an all-defaults message.
 */
export function decodeFrame<T> (codec: WireCodec<T>, schema: MessageSchema, bytes: Uint8Array, what: string): T {
  if (bytes.length === 0) {
    throw new ProtocolError('TRUNCATED', `${what} is empty`)
  }
  checkStrict(schema, bytes, what)
  try {
    return codec.decode(bytes)
  } catch (err) {
    // protons' reader throws RangeError('index out of range ...') when a field runs past the end.
    if (err instanceof RangeError) {
      throw new ProtocolError('TRUNCATED', `${what} ends in the middle of a field`)
    }
    if (err instanceof Error && err.name === 'MaxLengthError') {
      throw new ProtocolError('INVALID_FIELD', `${what} repeats a field more often than allowed`)
    }
    if (err instanceof Error && err.message === 'Invalid enum value') {
      throw new ProtocolError('INVALID_FIELD', `${what} holds an enum value this implementation does not know`)
    }
    throw new ProtocolError('MALFORMED', `${what} is not a valid protobuf encoding`)
  }
}

/**
 * Require that `bytes` is the canonical encoding of `decoded` (fields in number order, defaults
 * omitted, minimal varints, no unknown or repeated scalar fields, valid UTF-8). Without this a
 * frame would have many encodings: protons ignores wire types of known fields and keeps the last
 * of repeated ones, so flipped tag bits could go unnoticed outside the signed parts.
 */
export function requireCanonical<T> (codec: WireCodec<T>, decoded: T, bytes: Uint8Array, what: string): void {
  let again: Uint8Array
  try {
    again = codec.encode(decoded)
  } catch {
    throw new ProtocolError('MALFORMED', `${what} does not re-encode`)
  }
  // Not secret: a plain comparison would do, but one helper keeps reviews simple.
  if (!constantTimeEqual(again, bytes)) {
    throw new ProtocolError('MALFORMED', `${what} is not in canonical protobuf encoding (unknown, duplicate or out-of-order fields)`)
  }
}

/** Big-endian 4-byte encoding of an unsigned 32-bit integer, for length prefixes. */
export function u32be (n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError('"n" expected an unsigned 32-bit integer')
  }
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n, false)
  return out
}

/** A copy of `bytes` backed by a plain ArrayBuffer, as WebCrypto's `BufferSource` requires. */
export function bufferSource (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}

/** A uint64 read by protons as bigint, as a safe JS number of milliseconds, or INVALID_FIELD. */
export function safeMillis (value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ProtocolError('INVALID_FIELD', `${what} is out of range`)
  }
  return Number(value)
}

/** True when `s` is 1..max printable ASCII characters with no spaces (PeerIds, conversation ids). */
export function isPrintableId (s: string, max: number): boolean {
  return s.length > 0 && s.length <= max && /^[\x21-\x7e]+$/.test(s)
}

/** Bytes of the minimal unsigned varint of `n`. */
export function varintLength (n: number): number {
  let length = 1
  while (n >= 0x80) { n = Math.floor(n / 0x80); length++ }
  return length
}
