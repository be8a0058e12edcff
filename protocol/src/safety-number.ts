import { sha512 } from '@noble/hashes/sha2.js'
import { concatBytes, toHex, utf8Encode } from './bytes.js'
import { parseAddress, formatAddress } from './address.js'
import { IDENTITY_KEY_BYTES } from './constants.js'

/** Hash iterations per fingerprint: makes finding a second key with the same 30 digits costly (as Signal's 5200). */
const ITERATIONS = 5200
const VERSION = new Uint8Array([0, 1])

/** One party's half: 30 digits derived from their address and identity key. */
function fingerprint (address: string, identityKey: Uint8Array): { digits: string, hash: Uint8Array } {
  if (identityKey.length !== IDENTITY_KEY_BYTES) throw new RangeError(`"identityKey" expected ${IDENTITY_KEY_BYTES} bytes`)
  const { name, relay } = parseAddress(address)
  const id = utf8Encode(formatAddress(name, relay))
  let hash = sha512(concatBytes(VERSION, identityKey, id))
  for (let i = 1; i < ITERATIONS; i++) hash = sha512(concatBytes(hash, identityKey))
  let digits = ''
  // Six chunks of 5 bytes, each read as a 40-bit number mod 100000 (a 5-digit group).
  for (let i = 0; i < 30; i += 5) {
    let n = 0
    for (let j = 0; j < 5; j++) n = n * 256 + (hash[i + j] as number)
    digits += (n % 100_000).toString().padStart(5, '0')
  }
  return { digits, hash: hash.subarray(0, 32) }
}

/** A safety number: 60 digits, the same on both sides, to compare out of band (aloud, or by QR code). */
export interface SafetyNumber {
  /** 12 groups of 5 digits separated by spaces. */
  digits: string
  /** What a QR code carries: `parley-sn:1:<lower fingerprint hex>:<higher fingerprint hex>`. */
  qr: string
}

/**
 * The safety number of two users, computed from both addresses and identity keys. It does not
 * depend on who computes it: the two halves are put in a fixed order.
 */
export function safetyNumber (a: { address: string, identityKey: Uint8Array }, b: { address: string, identityKey: Uint8Array }): SafetyNumber {
  const fa = fingerprint(a.address, a.identityKey)
  const fb = fingerprint(b.address, b.identityKey)
  const [first, second] = fa.digits <= fb.digits ? [fa, fb] : [fb, fa]
  const digits = (first.digits + second.digits).replace(/(\d{5})(?=\d)/g, '$1 ')
  return { digits, qr: `parley-sn:1:${toHex(first.hash)}:${toHex(second.hash)}` }
}
