/**
 * Ed25519 identity signatures with the strict rules of `verifyIdentity` (RFC 8032 §5.1.7, not
 * ZIP-215: canonical A and R, S < L, small-order A refused, cofactored equation), run through
 * WebCrypto where the platform has Ed25519 and through @noble/curves otherwise. See
 * protocol/PROTOCOL.md, "Ed25519 through WebCrypto", for why the two give the same verdicts.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { IDENTITY_KEY_BYTES, MAX_CACHED_SIGNING_KEYS, MAX_CACHED_VERIFY_KEYS, SIGNATURE_BYTES } from './constants.js'
import { concatBytes, toHex, utf8Encode } from './bytes.js'
import { identityPublicKey, signIdentity, verifyIdentity } from './keys.js'
import { LruCache } from './lru.js'
import { bufferSource } from './wire.js'

/** Which implementation an `Ed25519` instance uses. */
export type Ed25519Backend = 'webcrypto' | 'noble'

/** Options of `createEd25519`. */
export interface Ed25519Init {
  /** 'auto' (default) uses WebCrypto when `subtle` supports Ed25519, else @noble/curves. */
  backend?: 'auto' | Ed25519Backend
  /** The WebCrypto to use; `globalThis.crypto.subtle` by default. */
  subtle?: SubtleCrypto
  /** Signing keys kept imported; MAX_CACHED_SIGNING_KEYS by default. */
  maxSigningKeys?: number
  /** Public keys kept checked and imported; MAX_CACHED_VERIFY_KEYS by default. */
  maxVerifyKeys?: number
}

/** Ed25519 sign, verify and key-pair checks with per-key work done once per key. */
export interface Ed25519 {
  /** The backend in use; resolved by the first call when 'auto'. */
  backend: () => Promise<Ed25519Backend>
  /** The public key of a 32-byte seed (derived once per seed). */
  publicKey: (seed: Uint8Array) => Promise<Uint8Array>
  /** The deterministic RFC 8032 signature of `msg`: byte-identical whatever the backend. */
  sign: (seed: Uint8Array, msg: Uint8Array) => Promise<Uint8Array>
  /** True when `sig` verifies under the strict rules; never throws for bad keys or signatures. */
  verify: (publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array) => Promise<boolean>
}

/** RFC 8410 PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
const SEED_DIGEST_CONTEXT = utf8Encode('parley/ed25519-signing-key-cache\0')
const ED25519 = { name: 'Ed25519' } as const
/** Group order L (RFC 8032 §5.1), little-endian as S is encoded. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n

function littleEndian (bytes: Uint8Array): bigint {
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] as number)
  return v
}

/** S < L and R's y < p: what noble refuses before any curve arithmetic (RFC 8032 §5.1.7 step 1). */
function signatureEncodingIsStrict (sig: Uint8Array): boolean {
  // A copy, whatever `sig` is: a Node Buffer's slice() is a view, and clearing the bit in it would
  // change the caller's signature.
  const r = new Uint8Array(sig.subarray(0, 32))
  r[31] = (r[31] as number) & 0x7f
  return littleEndian(sig.subarray(32)) < L && littleEndian(r) < P
}

/** A strictly encoded point on the curve that is not of small order: per key, checked once. */
function publicKeyIsStrict (publicKey: Uint8Array): boolean {
  try {
    return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder()
  } catch {
    return false
  }
}

function requireSeed (seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== IDENTITY_KEY_BYTES) {
    throw new TypeError(`"privateKey" expected Uint8Array of length ${IDENTITY_KEY_BYTES}`)
  }
}

/** An Ed25519 signer and verifier owning its key caches (one per node, not per process). */
export function createEd25519 (init: Ed25519Init = {}): Ed25519 {
  const subtle = init.subtle ?? globalThis.crypto?.subtle
  const signing = new LruCache<string, Promise<{ publicKey: Uint8Array, key?: CryptoKey }>>(init.maxSigningKeys ?? MAX_CACHED_SIGNING_KEYS)
  // undefined = not a key noble would accept; null = accepted, no WebCrypto key (noble backend).
  const verifying = new LruCache<string, Promise<CryptoKey | null | undefined>>(init.maxVerifyKeys ?? MAX_CACHED_VERIFY_KEYS)
  let resolved: Promise<Ed25519Backend> | undefined

  const backend = async (): Promise<Ed25519Backend> => {
    if (init.backend === 'noble') return 'noble'
    resolved ??= (async () => {
      if (subtle === undefined) {
        if (init.backend === 'webcrypto') throw new TypeError('"subtle" is missing: no WebCrypto on this platform')
        return 'noble'
      }
      try {
        // A generate/sign/verify round trip: some engines list Ed25519 yet fail to use it.
        const pair = await subtle.generateKey(ED25519, false, ['sign', 'verify']) as CryptoKeyPair
        const probe = new Uint8Array(1)
        const sig = await subtle.sign(ED25519, pair.privateKey, probe)
        if (!(await subtle.verify(ED25519, pair.publicKey, sig, probe))) throw new Error('Ed25519 probe did not verify')
        return 'webcrypto'
      } catch (err) {
        if (init.backend === 'webcrypto') throw new TypeError(`WebCrypto has no usable Ed25519: ${(err as Error).name}`)
        return 'noble'
      }
    })()
    return await resolved
  }

  const signingKey = async (seed: Uint8Array): Promise<{ publicKey: Uint8Array, key?: CryptoKey }> => {
    requireSeed(seed)
    // Keyed by a digest, so the cache's keys never hold the seed itself.
    const id = toHex(sha256(concatBytes(SEED_DIGEST_CONTEXT, seed)))
    let entry = signing.get(id)
    if (entry === undefined) {
      // A copy, whatever `seed` is: a Node Buffer's slice() is a view, and zeroing it would wipe the caller's key.
      const copy = new Uint8Array(seed)
      entry = (async () => {
        try {
          const publicKey = identityPublicKey(copy)
          if (await backend() === 'noble' || subtle === undefined) return { publicKey }
          const pkcs8 = concatBytes(PKCS8_ED25519_PREFIX, copy)
          try {
            return { publicKey, key: await subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']) }
          } finally {
            pkcs8.fill(0)
          }
        } finally {
          copy.fill(0)
        }
      })()
      signing.set(id, entry)
      entry.catch(() => { if (signing.get(id) === entry) signing.delete(id) })
    }
    return await entry
  }

  const verifyKey = async (publicKey: Uint8Array): Promise<CryptoKey | null | undefined> => {
    const id = toHex(publicKey)
    let entry = verifying.get(id)
    if (entry === undefined) {
      entry = (async () => {
        if (!publicKeyIsStrict(publicKey)) return undefined
        if (subtle === undefined) return null
        return await subtle.importKey('raw', bufferSource(publicKey), ED25519, false, ['verify'])
      })()
      verifying.set(id, entry)
      entry.catch(() => { if (verifying.get(id) === entry) verifying.delete(id) })
    }
    return await entry
  }

  return {
    backend,
    publicKey: async seed => (await signingKey(seed)).publicKey.slice(),
    sign: async (seed, msg) => {
      if (!(msg instanceof Uint8Array)) throw new TypeError('"msg" expected Uint8Array')
      const { key } = await signingKey(seed)
      if (key === undefined || subtle === undefined) return signIdentity(seed, msg)
      return new Uint8Array(await subtle.sign(ED25519, key, bufferSource(msg)))
    },
    verify: async (publicKey, msg, sig) => {
      if (!(publicKey instanceof Uint8Array) || publicKey.length !== IDENTITY_KEY_BYTES) return false
      if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES) return false
      if (!(msg instanceof Uint8Array)) return false
      // noble applies every strict rule itself; the checks below exist only for WebCrypto.
      if (await backend() === 'noble') return verifyIdentity(publicKey, msg, sig)
      if (!signatureEncodingIsStrict(sig)) return false
      const key = await verifyKey(publicKey)
      if (key === undefined) return false
      if (key === null || subtle === undefined) return verifyIdentity(publicKey, msg, sig)
      try {
        if (await subtle.verify(ED25519, key, bufferSource(sig), bufferSource(msg))) return true
      } catch {}
      // WebCrypto checks the cofactorless equation, which implies noble's cofactored one; only a
      // "no" can differ (a key or R with a torsion part), so noble has the last word on those.
      return verifyIdentity(publicKey, msg, sig)
    }
  }
}
