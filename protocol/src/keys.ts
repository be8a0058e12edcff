/**
 * Identity keys (Ed25519, @noble/curves) and device key-exchange keys (RSA-OAEP-3072, WebCrypto).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { IDENTITY_KEY_BYTES, RSA_MODULUS_BITS, RSA_PUBLIC_EXPONENT, SIGNATURE_BYTES } from './constants.js'
import { ProtocolError } from './errors.js'
import { constantTimeEqual, randomBytes } from './bytes.js'
import { bufferSource } from './wire.js'

/** An Ed25519 identity key pair; `privateKey` is the 32-byte RFC 8032 seed. */
export interface IdentityKeyPair {
  /** Ed25519 public key, 32 bytes. */
  publicKey: Uint8Array
  /** Ed25519 private key seed, 32 bytes; never leaves the device unencrypted. */
  privateKey: Uint8Array
}

/** An RSA-OAEP-3072/SHA-256 device key pair, exported as DER. */
export interface DeviceRsaKeyPair {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array
  /** PKCS#8 PrivateKeyInfo DER. */
  privateKey: Uint8Array
}

const RSA_OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const
const E_65537 = new Uint8Array([0x01, 0x00, 0x01])

function requireBytes (value: unknown, length: number | undefined, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length)) {
    throw new TypeError(`"${name}" expected Uint8Array${length === undefined ? '' : ` of length ${length}`}`)
  }
}

/** A fresh identity key pair from the platform CSPRNG. */
export function generateIdentityKey (): IdentityKeyPair {
  const privateKey = randomBytes(IDENTITY_KEY_BYTES)
  return { publicKey: ed25519.getPublicKey(privateKey), privateKey }
}

/** The Ed25519 public key of a 32-byte private key seed. */
export function identityPublicKey (privateKey: Uint8Array): Uint8Array {
  requireBytes(privateKey, IDENTITY_KEY_BYTES, 'privateKey')
  return ed25519.getPublicKey(privateKey)
}

/** Ed25519 signature (RFC 8032, deterministic) of `msg` by `privateKey`. */
export function signIdentity (privateKey: Uint8Array, msg: Uint8Array): Uint8Array {
  requireBytes(privateKey, IDENTITY_KEY_BYTES, 'privateKey')
  requireBytes(msg, undefined, 'msg')
  return ed25519.sign(msg, privateKey)
}

/**
 * True when `sig` is a valid Ed25519 signature of `msg` by `publicKey`. Never throws: wrong
 * lengths, off-curve keys and non-canonical encodings all give false. Uses strict RFC 8032
 * rules (not ZIP-215; small-order keys refused, cofactored equation): the reference verdicts
 * that `createEd25519` reproduces with WebCrypto (PROTOCOL.md, "Ed25519 through WebCrypto").
 */
export function verifyIdentity (publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== IDENTITY_KEY_BYTES) return false
  if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES) return false
  if (!(msg instanceof Uint8Array)) return false
  try {
    return ed25519.verify(sig, msg, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/** A fresh RSA-OAEP-3072 (e = 65537, SHA-256) device key pair from WebCrypto. Takes ~0.5-2 s. */
export async function generateDeviceRsaKey (): Promise<DeviceRsaKeyPair> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { ...RSA_OAEP, modulusLength: RSA_MODULUS_BITS, publicExponent: E_65537 },
    true,
    ['encrypt', 'decrypt']
  )
  const [spki, pkcs8] = await Promise.all([
    globalThis.crypto.subtle.exportKey('spki', pair.publicKey),
    globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)
  ])
  return { publicKey: new Uint8Array(spki), privateKey: new Uint8Array(pkcs8) }
}

/** Throw INVALID_FIELD unless `key` is RSA-OAEP with a 3072-bit modulus and e = 65537. */
function requireRsaShape (key: CryptoKey, what: string): void {
  const alg = key.algorithm as Partial<RsaHashedKeyAlgorithm>
  if (alg.name !== 'RSA-OAEP' || alg.modulusLength !== RSA_MODULUS_BITS) {
    throw new ProtocolError('INVALID_FIELD', `${what} must be a ${RSA_MODULUS_BITS}-bit RSA key`)
  }
  const e = alg.publicExponent
  if (!(e instanceof Uint8Array) || exponentValue(e) !== RSA_PUBLIC_EXPONENT) {
    throw new ProtocolError('INVALID_FIELD', `${what} must have public exponent ${RSA_PUBLIC_EXPONENT}`)
  }
}

function exponentValue (e: Uint8Array): number {
  let v = 0
  for (const b of e) {
    v = v * 256 + b
    if (v > Number.MAX_SAFE_INTEGER / 256) return -1
  }
  return v
}

/**
 * Import an SPKI DER RSA public key for RSA-OAEP/SHA-256 encryption. ProtocolError INVALID_FIELD
 * unless it parses, is exactly the DER WebCrypto would export (no trailing or alternative
 * encodings), has a 3072-bit modulus and e = 65537.
 */
export async function importRsaPublicKey (spki: Uint8Array): Promise<CryptoKey> {
  requireBytes(spki, undefined, 'spki')
  let key: CryptoKey
  let again: ArrayBuffer
  try {
    key = await globalThis.crypto.subtle.importKey('spki', bufferSource(spki), RSA_OAEP, true, ['encrypt'])
    again = await globalThis.crypto.subtle.exportKey('spki', key)
  } catch {
    throw new ProtocolError('INVALID_FIELD', 'RSA public key is not a valid SPKI DER RSA key')
  }
  requireRsaShape(key, 'RSA public key')
  // One key, one encoding: bundles are compared and fingerprinted by these bytes.
  if (!constantTimeEqual(new Uint8Array(again), spki)) {
    throw new ProtocolError('INVALID_FIELD', 'RSA public key is not in canonical SPKI DER form')
  }
  return key
}

/**
 * Import a PKCS#8 DER RSA private key for RSA-OAEP/SHA-256 decryption (not extractable).
 * ProtocolError INVALID_FIELD unless it parses, has a 3072-bit modulus and e = 65537.
 */
export async function importRsaPrivateKey (pkcs8: Uint8Array): Promise<CryptoKey> {
  requireBytes(pkcs8, undefined, 'pkcs8')
  let key: CryptoKey
  try {
    key = await globalThis.crypto.subtle.importKey('pkcs8', bufferSource(pkcs8), RSA_OAEP, false, ['decrypt'])
  } catch {
    throw new ProtocolError('INVALID_FIELD', 'RSA private key is not a valid PKCS#8 DER RSA key')
  }
  requireRsaShape(key, 'RSA private key')
  return key
}
