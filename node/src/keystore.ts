import { fromBase64, generateDeviceRsaKey, generateIdentityKey, randomBytes, toBase64, utf8Decode, utf8Encode } from '@parley/protocol'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { NodeError } from './errors.js'
import { KEYSTORE_PBKDF2_ITERATIONS } from './constants.js'

/** The device's secrets: identity (Ed25519), key exchange (RSA-OAEP-3072) and libp2p peer key. */
export interface KeyMaterial {
  identity: { publicKey: Uint8Array, privateKey: Uint8Array }
  rsa: { publicKey: Uint8Array, privateKey: Uint8Array }
  /** libp2p private key, protobuf-encoded. */
  peerKey: Uint8Array
}

/** The keystore as stored: PBKDF2-SHA256 → AES-256-GCM over the JSON-encoded key material. */
export interface SealedKeystore {
  v: 1
  kdf: 'PBKDF2-SHA256'
  iterations: number
  salt: string
  /** iv (12 bytes) || AES-GCM ciphertext, base64. */
  ct: string
}

/** Fewest PBKDF2 iterations a keystore may use; openKeystore refuses fewer, so sealKeystore must too. */
const MIN_KEYSTORE_ITERATIONS = 100_000
/** Most iterations a stored keystore may ask for: a damaged count must not hang the device for hours. */
const MAX_KEYSTORE_ITERATIONS = 10_000_000
/** PBKDF2 salt length written by sealKeystore. */
const SALT_BYTES = 16
/** AES-GCM iv and tag around the sealed key material. */
const SEAL_OVERHEAD_BYTES = 12 + 16
/** Ed25519 key lengths (RFC 8032 §5.1.5). */
const IDENTITY_KEY_BYTES = 32

/** Generates fresh key material for a new device. */
export async function generateKeyMaterial (): Promise<KeyMaterial> {
  const [rsa, peer] = await Promise.all([generateDeviceRsaKey(), generateKeyPair('Ed25519')])
  return { identity: generateIdentityKey(), rsa, peerKey: privateKeyToProtobuf(peer) }
}

/** Derives the AES-256-GCM key that protects data at rest on this device. */
export async function deriveStorageKey (passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  if (passphrase.length === 0) throw new NodeError('BAD_INPUT', 'the passphrase must not be empty')
  const base = await crypto.subtle.importKey('raw', utf8Encode(passphrase.normalize('NFKC')) as BufferSource, 'PBKDF2', false, ['deriveKey'])
  return await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
}

/** Encrypts bytes with the storage key: iv (12) || AES-GCM ciphertext. */
export async function sealLocal (key: CryptoKey, plaintext: Uint8Array, aad: string): Promise<Uint8Array> {
  const iv = randomBytes(12)
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: utf8Encode(aad) as BufferSource }, key, plaintext as BufferSource))
  const out = new Uint8Array(12 + ct.length)
  out.set(iv)
  out.set(ct, 12)
  return out
}

/** Decrypts what sealLocal produced; a wrong key or tampering gives WRONG_PASSPHRASE or CORRUPT_STORE. */
export async function openLocal (key: CryptoKey, sealed: Uint8Array, aad: string, code: 'WRONG_PASSPHRASE' | 'CORRUPT_STORE' = 'CORRUPT_STORE'): Promise<Uint8Array> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12) as BufferSource, additionalData: utf8Encode(aad) as BufferSource }, key, sealed.subarray(12) as BufferSource))
  } catch {
    throw new NodeError(code, code === 'WRONG_PASSPHRASE' ? 'wrong passphrase' : 'local data failed its integrity check')
  }
}

/** Encrypts key material under a passphrase; returns the record and the derived storage key. */
export async function sealKeystore (material: KeyMaterial, passphrase: string, iterations = KEYSTORE_PBKDF2_ITERATIONS): Promise<{ sealed: SealedKeystore, key: CryptoKey }> {
  if (!Number.isSafeInteger(iterations) || iterations < MIN_KEYSTORE_ITERATIONS) {
    throw new RangeError(`"iterations" expected an integer of at least ${MIN_KEYSTORE_ITERATIONS}`)
  }
  const salt = randomBytes(16)
  const key = await deriveStorageKey(passphrase, salt, iterations)
  const json = JSON.stringify({
    identity: { publicKey: toBase64(material.identity.publicKey), privateKey: toBase64(material.identity.privateKey) },
    rsa: { publicKey: toBase64(material.rsa.publicKey), privateKey: toBase64(material.rsa.privateKey) },
    peerKey: toBase64(material.peerKey)
  })
  const blob = await sealLocal(key, utf8Encode(json), 'parley/keystore/v1')
  return { sealed: { v: 1, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), ct: toBase64(blob) }, key }
}

/**
 * Checks a keystore record as read from the store, field by field, without the passphrase: a
 * damaged one is a CORRUPT_STORE error that says which field, never a TypeError from a decoder.
 */
export function checkSealedKeystore (value: unknown): SealedKeystore {
  const damaged = (what: string): NodeError => new NodeError('CORRUPT_STORE', `the keystore ${what}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged('record is not an object')
  const v = value as Record<string, unknown>
  if (v.v !== 1 || v.kdf !== 'PBKDF2-SHA256') throw damaged('format is not recognised')
  if (typeof v.iterations !== 'number' || !Number.isSafeInteger(v.iterations) || v.iterations < MIN_KEYSTORE_ITERATIONS || v.iterations > MAX_KEYSTORE_ITERATIONS) {
    throw damaged(`iteration count is not an integer from ${MIN_KEYSTORE_ITERATIONS} to ${MAX_KEYSTORE_ITERATIONS}`)
  }
  if (bytesOf(v.salt)?.length !== SALT_BYTES) throw damaged(`salt is not ${SALT_BYTES} bytes of base64`)
  const ct = bytesOf(v.ct)
  if (ct === undefined || ct.length <= SEAL_OVERHEAD_BYTES) throw damaged('ciphertext is not base64 of a sealed key set')
  return { v: 1, kdf: 'PBKDF2-SHA256', iterations: v.iterations, salt: v.salt as string, ct: v.ct as string }
}

/** The bytes of a padded base64 string, or undefined when it is not one. */
function bytesOf (value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined
  try { return fromBase64(value) } catch { return undefined }
}

/** Decrypts the keystore; a wrong passphrase is a WRONG_PASSPHRASE error, a damaged record CORRUPT_STORE. */
export async function openKeystore (stored: SealedKeystore, passphrase: string): Promise<{ material: KeyMaterial, key: CryptoKey }> {
  const sealed = checkSealedKeystore(stored)
  const key = await deriveStorageKey(passphrase, fromBase64(sealed.salt), sealed.iterations)
  const plain = await openLocal(key, fromBase64(sealed.ct), 'parley/keystore/v1', 'WRONG_PASSPHRASE')
  let material: KeyMaterial
  try {
    const j = JSON.parse(utf8Decode(plain))
    material = {
      identity: { publicKey: fromBase64(j.identity.publicKey), privateKey: fromBase64(j.identity.privateKey) },
      rsa: { publicKey: fromBase64(j.rsa.publicKey), privateKey: fromBase64(j.rsa.privateKey) },
      peerKey: fromBase64(j.peerKey)
    }
  } catch {
    throw new NodeError('CORRUPT_STORE', 'the keystore contents are damaged')
  }
  if (material.identity.publicKey.length !== IDENTITY_KEY_BYTES || material.identity.privateKey.length !== IDENTITY_KEY_BYTES ||
    material.rsa.publicKey.length === 0 || material.rsa.privateKey.length === 0 || material.peerKey.length === 0) {
    throw new NodeError('CORRUPT_STORE', 'the keystore holds keys of the wrong length')
  }
  return { material, key }
}
