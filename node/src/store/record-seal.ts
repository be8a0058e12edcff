/**
 * The seal on every record of the device store (data at rest): AES-256-GCM per record under a key
 * derived with HKDF-SHA256 (RFC 5869) from the device's identity private key, so the records are
 * exactly as safe as the keystore that holds that key under the passphrase. A record's stored key
 * is its AAD, so a sealed value moved to another key (another contact, another conversation) fails
 * to open. Key names that are a person's address are replaced by an HMAC of the address.
 */
import { LruCache, toHex, utf8Decode, utf8Encode, randomBytes } from '@parley/protocol'
import { NodeError } from '../errors.js'
import { recordKind, splitName } from './key-names.js'

/** First byte of a sealed value; JSON (what records were before sealing) never starts with it. */
const SEALED_FORMAT = 0x01
/** AES-GCM nonce: 96 bits, random per record (NIST SP 800-38D §8.2.2; a device writes far fewer than 2^32 records). */
const IV_BYTES = 12
/** AES-GCM tag: the full 128 bits. */
const TAG_BYTES = 16
/** Format byte, nonce and tag around a sealed record. */
const SEALED_OVERHEAD = 1 + IV_BYTES + TAG_BYTES
/** Bytes of the HMAC kept in a key name: 128 bits, no collisions among one device's contacts. */
const NAME_DIGEST_BYTES = 16
/** HKDF salt, and the prefix of every record's AAD: a new format gets a new label. */
const LABEL = 'parley/store/v1'
/** Addresses whose key-name HMAC is remembered (a device names a few contacts over and over). */
const NAME_CACHE_ENTRIES = 4096
/** Shortest secret to derive the store's keys from (an Ed25519 private key is 32 bytes). */
const MIN_SECRET_BYTES = 32

/** Whether a stored value is in the sealed format (it may still fail to open). */
export function isSealed (raw: Uint8Array): boolean {
  return raw.length >= SEALED_OVERHEAD && raw[0] === SEALED_FORMAT
}

/** The error for a record that does not open: names the kind of record, never a key or its bytes. */
export function damagedRecord (storedKey: string): NodeError {
  return new NodeError('CORRUPT_STORE', `a stored ${recordKind(storedKey)} failed its integrity check: it is damaged, or was not sealed by this device's keys`)
}

/** Seals and opens the records of one device store, and names their keys; holds only non-extractable keys. */
export class RecordSeal {
  /** Key-name digests by address, so a record read or written again costs no HMAC. */
  private readonly names = new LruCache<string, string>(NAME_CACHE_ENTRIES)

  private constructor (
    private readonly sealKey: CryptoKey,
    private readonly nameKey: CryptoKey,
    private readonly namedSublevels: ReadonlySet<string>
  ) {}

  /** Derives the store's keys from `secret` (the identity private key); `namedSublevels` hold keys that start with an address. */
  static async derive (secret: Uint8Array, namedSublevels: ReadonlySet<string>): Promise<RecordSeal> {
    if (!(secret instanceof Uint8Array) || secret.length < MIN_SECRET_BYTES) {
      throw new TypeError(`"secret" expected a Uint8Array of at least ${MIN_SECRET_BYTES} bytes`)
    }
    const base = await crypto.subtle.importKey('raw', secret as BufferSource, 'HKDF', false, ['deriveKey'])
    const hkdf = (info: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt: utf8Encode(LABEL) as BufferSource, info: utf8Encode(info) as BufferSource })
    const [sealKey, nameKey] = await Promise.all([
      crypto.subtle.deriveKey(hkdf('record seal'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
      crypto.subtle.deriveKey(hkdf('key names'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign'])
    ])
    return new RecordSeal(sealKey, nameKey, namedSublevels)
  }

  /** The key a record is stored under: the address that leads it, if its sublevel has one, replaced by its HMAC. */
  async storedKey (key: string): Promise<string> {
    const parts = splitName(key, this.namedSublevels)
    if (parts === undefined) return key
    let digest = this.names.get(parts.name)
    if (digest === undefined) {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', this.nameKey, utf8Encode(parts.name) as BufferSource))
      digest = toHex(mac.subarray(0, NAME_DIGEST_BYTES))
      this.names.set(parts.name, digest)
    }
    return parts.head + digest + parts.tail
  }

  /** Seals a record; the original key travels inside, so iterating gives it back. */
  async seal (storedKey: string, key: string, value: string): Promise<Uint8Array> {
    const iv = randomBytes(IV_BYTES)
    const ct = new Uint8Array(await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad(storedKey) as BufferSource },
      this.sealKey, utf8Encode(JSON.stringify([key, value])) as BufferSource))
    const out = new Uint8Array(1 + IV_BYTES + ct.length)
    out[0] = SEALED_FORMAT
    out.set(iv, 1)
    out.set(ct, 1 + IV_BYTES)
    return out
  }

  /** Opens a record stored under `storedKey`; a damaged, moved or foreign one is CORRUPT_STORE. */
  async open (storedKey: string, raw: Uint8Array): Promise<{ key: string, value: string }> {
    if (!isSealed(raw)) throw damagedRecord(storedKey)
    let plain: Uint8Array
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: raw.subarray(1, 1 + IV_BYTES) as BufferSource, additionalData: aad(storedKey) as BufferSource },
        this.sealKey, raw.subarray(1 + IV_BYTES) as BufferSource))
    } catch {
      throw damagedRecord(storedKey)
    }
    // Authenticated, so written by this device: a malformed inside is a bug, still reported as damage.
    let parsed: unknown
    try { parsed = JSON.parse(utf8Decode(plain)) } catch { throw damagedRecord(storedKey) }
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') throw damagedRecord(storedKey)
    return { key: parsed[0], value: parsed[1] }
  }
}

/** A record's AAD: the format label and its stored key (sublevel prefix included). */
function aad (storedKey: string): Uint8Array {
  return utf8Encode(`${LABEL}\x00${storedKey}`)
}
