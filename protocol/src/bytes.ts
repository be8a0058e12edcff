/**
 * Small byte helpers shared by the codecs. Encodings are strict: a malformed hex or base64 string
 * is refused rather than decoded leniently, so two implementations never disagree about it.
 */
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { ProtocolError } from './errors.js'

const HEX = /^(?:[0-9a-fA-F]{2})*$/
// RFC 4648 §4, padded; no whitespace, no URL-safe alphabet.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Lowercase hex of `bytes`. */
export function toHex (bytes: Uint8Array): string {
  return toString(bytes, 'base16')
}

/** Bytes of a hex string (either case, even length); TypeError if it is not hex. */
export function fromHex (hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) {
    throw new TypeError('"hex" expected an even-length string of hex digits')
  }
  return fromString(hex.toLowerCase(), 'base16')
}

/** Standard padded base64 (RFC 4648 §4) of `bytes`. */
export function toBase64 (bytes: Uint8Array): string {
  return toString(bytes, 'base64pad')
}

/** Bytes of a standard padded base64 string; TypeError if it is not canonical base64. */
export function fromBase64 (b64: string): Uint8Array {
  if (typeof b64 !== 'string' || !BASE64.test(b64)) {
    throw new TypeError('"b64" expected a padded base64 string (RFC 4648 §4)')
  }
  try {
    return fromString(b64, 'base64pad')
  } catch {
    // Non-zero trailing bits: refuse so that each byte string has one encoding.
    throw new TypeError('"b64" expected a padded base64 string (RFC 4648 §4)')
  }
}

/**
 * True when `a` and `b` hold the same bytes. Time depends only on the lengths (which are not
 * secret here), never on where the first difference is.
 */
export function constantTimeEqual (a: Uint8Array, b: Uint8Array): boolean {
  // @noble/hashes 2 has no such helper; a plain xor-accumulate loop does not early-exit.
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) {
    diff |= (a[i] as number) ^ (b[i] as number)
  }
  return diff === 0
}

/** A new array holding `arrays` one after another. */
export function concatBytes (...arrays: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0
  for (const a of arrays) length += a.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const a of arrays) {
    out.set(a, offset)
    offset += a.length
  }
  return out
}

/** `n` bytes from the platform CSPRNG (`crypto.getRandomValues`). */
export function randomBytes (n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError('"n" expected a non-negative integer')
  }
  const out = new Uint8Array(n)
  // getRandomValues fills at most 65536 bytes per call (WebCrypto §10.1.1).
  for (let offset = 0; offset < n; offset += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(n, offset + 65536)))
  }
  return out
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** UTF-8 bytes of `s`. */
export function utf8Encode (s: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(s)
}

/** The string encoded by `bytes`; ProtocolError MALFORMED if they are not valid UTF-8. */
export function utf8Decode (bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new ProtocolError('MALFORMED', 'bytes are not valid UTF-8')
  }
}
