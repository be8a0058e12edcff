/**
 * Shared test helpers for @parley/protocol specs and the vector script.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { sha256 } from '@noble/hashes/sha2.js'
import { ProtocolError, type ProtocolErrorCode } from '../src/errors.js'
import { concatBytes, utf8Encode } from '../src/bytes.js'
import { BUNDLE_SIGNATURE_CONTEXT } from '../src/constants.js'
import { generateDeviceRsaKey, signIdentity, type DeviceRsaKeyPair } from '../src/keys.js'
import { SignedBundle as PbSignedBundle } from '../src/pb/bundle.js'

/** Assert that `run` rejects (or throws) a ProtocolError with one of `codes`; returns it. */
export async function expectProtocolError (run: () => unknown, ...codes: ProtocolErrorCode[]): Promise<ProtocolError> {
  let caught: unknown
  try {
    await run()
  } catch (err) {
    caught = err
  }
  expect(caught, `expected a ProtocolError ${codes.join('|')}, got no error`).to.not.equal(undefined)
  expect(caught, `expected a ProtocolError, got ${String(caught)}`).to.be.instanceOf(ProtocolError)
  const err = caught as ProtocolError
  expect(codes, `unexpected code ${err.code}: ${err.message}`).to.include(err.code)
  return err
}

/** A copy of `bytes` with bit `bit` of byte `index` flipped. */
export function flipBit (bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const out = bytes.slice()
  out[index] = (out[index] as number) ^ (1 << bit)
  return out
}

/**
 * A deterministic byte stream: SHA-256(label || u32 counter) blocks, for reproducible ids,
 * keys and nonces in tests and vectors. Never use outside tests.
 */
export function fixedRandom (label: string): (n: number) => Uint8Array {
  let counter = 0
  let pool = new Uint8Array(0)
  return (n: number) => {
    while (pool.length < n) {
      const c = new Uint8Array(4)
      new DataView(c.buffer).setUint32(0, counter++)
      pool = concatBytes(pool, sha256(concatBytes(utf8Encode(label), c)))
    }
    const out = pool.slice(0, n)
    pool = pool.slice(n)
    return out
  }
}

/** Read a JSON test vector from test/vectors/. */
export function loadVector<T> (name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8')) as T
}

/** Sign arbitrary inner DeviceBundle bytes into SignedBundle bytes, bypassing signBundle's checks. */
export function signInnerBundle (inner: Uint8Array, seed: Uint8Array): Uint8Array {
  const signature = signIdentity(seed, concatBytes(utf8Encode(BUNDLE_SIGNATURE_CONTEXT), inner))
  return PbSignedBundle.encode({ bundle: new Uint8Array(inner), signature: new Uint8Array(signature) })
}

/** The byte ranges of each top-level field of a protobuf frame: [tagStart, valueStart, end). */
export function fieldRanges (frame: Uint8Array): Map<number, { tagStart: number, valueStart: number, end: number }> {
  const out = new Map<number, { tagStart: number, valueStart: number, end: number }>()
  let pos = 0
  const varint = (): number => {
    let v = 0
    let shift = 0
    for (;;) {
      const b = frame[pos++] as number
      v += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) return v
    }
  }
  while (pos < frame.length) {
    const tagStart = pos
    const tag = varint()
    if ((tag & 7) === 0) {
      const valueStart = pos
      varint()
      out.set(tag >>> 3, { tagStart, valueStart, end: pos })
    } else {
      const len = varint()
      out.set(tag >>> 3, { tagStart, valueStart: pos, end: pos + len })
      pos += len
    }
  }
  return out
}

/** Lazily generated RSA-3072 key pairs shared by every spec in one mocha run (generation is slow). */
const rsaCache = new Map<string, Promise<DeviceRsaKeyPair>>()
export async function testRsaKey (name: string): Promise<DeviceRsaKeyPair> {
  let p = rsaCache.get(name)
  if (p === undefined) {
    p = generateDeviceRsaKey()
    rsaCache.set(name, p)
  }
  return await p
}

/** An SPKI RSA-OAEP public key with other parameters than Parley allows. */
export async function otherRsaSpki (modulusLength: number, publicExponent: number[]): Promise<Uint8Array> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength, publicExponent: new Uint8Array(publicExponent) },
    true, ['encrypt', 'decrypt'])
  return new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey))
}

/** The code of the ProtocolError `fn` throws (anything else is rethrown; no throw fails the test). */
export function protocolCode (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof ProtocolError) return err.code
    throw err
  }
  throw new Error('expected a ProtocolError')
}
