/**
 * Device bundles: a user's identity key signs the binding of one device's PeerId and RSA key to
 * the user. The directory stores the signed bytes; clients verify them before trusting a device.
 * See protocol/PROTOCOL.md, "Device bundles".
 */
import {
  BUNDLE_SIGNATURE_CONTEXT, BUNDLE_VERSION, IDENTITY_KEY_BYTES, MAX_BUNDLE_BYTES,
  MAX_DEVICE_ID_LENGTH, SIGNATURE_BYTES
} from './constants.js'
import { ProtocolError } from './errors.js'
import { isValidAddress, parseAddress } from './address.js'
import { concatBytes, constantTimeEqual, utf8Encode } from './bytes.js'
import { identityPublicKey, importRsaPublicKey, signIdentity, verifyIdentity } from './keys.js'
import { bufferSource, decodeFrame, isPrintableId, requireCanonical, safeMillis } from './wire.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from './pb/bundle.js'
import { DEVICE_BUNDLE, SIGNED_BUNDLE } from './schemas.js'
import type { Ed25519 } from './ed25519.js'

/** A verified device bundle (domain type; the wire type lives in pb/bundle.ts). */
export interface DeviceBundle {
  /** Bundle format version; always BUNDLE_VERSION once verified. */
  version: number
  /** The owning user, canonical `name@relay`. */
  user: string
  /** The user's Ed25519 identity public key, 32 bytes. */
  identityKey: Uint8Array
  /** The device's libp2p PeerId string; opaque, 1-128 printable ASCII characters. */
  peerId: string
  /** The device's RSA-OAEP-3072 public key, SPKI DER. */
  rsaPublicKey: Uint8Array
  /** When the bundle was made, ms since the Unix epoch. */
  createdAt: number
}

/** The fields a caller supplies to `signBundle`; the version is filled in. */
export type UnsignedDeviceBundle = Omit<DeviceBundle, 'version'>

/** What `verifyBundle` should additionally require of the bundle. */
export interface VerifyBundleOptions {
  /** The user the bundle was fetched for; MISMATCH if it names another. */
  expectedUser?: string
  /** The identity key pinned for that user; MISMATCH if the bundle is signed by another. */
  expectedIdentityKey?: Uint8Array
  /**
   * The Ed25519 to check the signature with (a long-lived one keeps each identity key imported
   * into WebCrypto); the stateless pure-JS verifier when absent. Both apply the same strict rules.
   */
  ed25519?: Ed25519
}

const CONTEXT = utf8Encode(BUNDLE_SIGNATURE_CONTEXT)

/** The exact bytes an identity key signs for a bundle. */
function signedPayload (bundleBytes: Uint8Array): Uint8Array {
  return concatBytes(CONTEXT, bundleBytes)
}

/**
 * Sign a device bundle with the user's identity private key and return the `SignedBundle` bytes
 * to publish. Synchronous, so it cannot import the RSA key: only `verifyBundle` checks that.
 * TypeError/RangeError when a field is invalid or the key does not match `identityKey`.
 */
export function signBundle (bundle: UnsignedDeviceBundle, identityPrivateKey: Uint8Array): Uint8Array {
  if (!isValidAddress(bundle.user)) {
    throw new TypeError('"bundle.user" expected a canonical lowercase name@relay address')
  }
  if (!(bundle.identityKey instanceof Uint8Array) || bundle.identityKey.length !== IDENTITY_KEY_BYTES) {
    throw new TypeError(`"bundle.identityKey" expected Uint8Array of length ${IDENTITY_KEY_BYTES}`)
  }
  if (!constantTimeEqual(identityPublicKey(identityPrivateKey), bundle.identityKey)) {
    throw new TypeError('"identityPrivateKey" does not belong to "bundle.identityKey"')
  }
  if (typeof bundle.peerId !== 'string' || !isPrintableId(bundle.peerId, MAX_DEVICE_ID_LENGTH)) {
    throw new TypeError(`"bundle.peerId" expected 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
  }
  if (!(bundle.rsaPublicKey instanceof Uint8Array) || bundle.rsaPublicKey.length === 0) {
    throw new TypeError('"bundle.rsaPublicKey" expected non-empty SPKI DER bytes')
  }
  if (!Number.isSafeInteger(bundle.createdAt) || bundle.createdAt <= 0) {
    throw new RangeError('"bundle.createdAt" expected a positive integer of ms since the epoch')
  }
  const inner = PbDeviceBundle.encode({
    version: BUNDLE_VERSION,
    user: bundle.user,
    identityKey: bufferSource(bundle.identityKey),
    peerId: bundle.peerId,
    rsaPublicKey: bufferSource(bundle.rsaPublicKey),
    createdAt: BigInt(bundle.createdAt)
  })
  const signature = signIdentity(identityPrivateKey, signedPayload(inner))
  const bytes = PbSignedBundle.encode({ bundle: inner, signature: bufferSource(signature) })
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new RangeError(`signed bundle would be ${bytes.length} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`)
  }
  return bytes
}

/**
 * Verify `SignedBundle` bytes and return the bundle they carry. Async because it imports the RSA
 * key to check it is RSA-OAEP-3072. Checks, in order: size (TOO_LARGE), strict decoding (TRUNCATED,
 * MALFORMED), version (UNSUPPORTED_VERSION), canonical encoding (MALFORMED), field shapes
 * (INVALID_FIELD), the signature over the exact received bundle bytes (BAD_SIGNATURE), the user
 * address (INVALID_ADDRESS), the caller's expectations (MISMATCH) and finally the RSA key
 * (INVALID_FIELD). Throws only ProtocolError for bad bytes.
 */
export async function verifyBundle (bytes: Uint8Array, opts: VerifyBundleOptions = {}): Promise<DeviceBundle> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('"bytes" expected Uint8Array')
  }
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new ProtocolError('TOO_LARGE', `signed bundle is ${bytes.length} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`)
  }
  const signed = decodeFrame(PbSignedBundle, SIGNED_BUNDLE, bytes, 'signed bundle')
  if (signed.bundle.length === 0) {
    throw new ProtocolError('MALFORMED', 'signed bundle has no bundle field')
  }
  if (signed.signature.length === 0) {
    throw new ProtocolError('MALFORMED', 'signed bundle has no signature field')
  }
  // Keep the received inner bytes: the signature is checked over exactly these, never a re-encoding.
  const innerBytes = signed.bundle
  const inner = decodeFrame(PbDeviceBundle, DEVICE_BUNDLE, innerBytes, 'device bundle')
  if (inner.version !== BUNDLE_VERSION) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `device bundle version ${inner.version} is not supported (expected ${BUNDLE_VERSION})`)
  }
  requireCanonical(PbSignedBundle, signed, bytes, 'signed bundle')
  requireCanonical(PbDeviceBundle, inner, innerBytes, 'device bundle')

  if (signed.signature.length !== SIGNATURE_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `bundle signature must be ${SIGNATURE_BYTES} bytes`)
  }
  if (inner.identityKey.length !== IDENTITY_KEY_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `bundle identity key must be ${IDENTITY_KEY_BYTES} bytes`)
  }
  if (!isPrintableId(inner.peerId, MAX_DEVICE_ID_LENGTH)) {
    throw new ProtocolError('INVALID_FIELD', `bundle peer id must be 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
  }
  const createdAt = safeMillis(inner.createdAt, 'bundle created_at')
  if (createdAt === 0) {
    throw new ProtocolError('INVALID_FIELD', 'bundle created_at is missing')
  }
  if (inner.rsaPublicKey.length === 0) {
    throw new ProtocolError('INVALID_FIELD', 'bundle has no RSA public key')
  }
  const payload = signedPayload(innerBytes)
  const verified = opts.ed25519 !== undefined
    ? await opts.ed25519.verify(inner.identityKey, payload, signed.signature)
    : verifyIdentity(inner.identityKey, payload, signed.signature)
  if (!verified) {
    throw new ProtocolError('BAD_SIGNATURE', 'bundle signature does not verify under its identity key')
  }
  if (!isValidAddress(inner.user)) {
    throw new ProtocolError('INVALID_ADDRESS', 'bundle user is not a canonical name@relay address')
  }
  if (opts.expectedUser !== undefined) {
    const expected = parseAddress(opts.expectedUser)
    if (inner.user !== `${expected.name}@${expected.relay}`) {
      throw new ProtocolError('MISMATCH', 'bundle belongs to a different user than the one requested')
    }
  }
  if (opts.expectedIdentityKey !== undefined && !constantTimeEqual(inner.identityKey, opts.expectedIdentityKey)) {
    throw new ProtocolError('MISMATCH', 'bundle is signed by a different identity key than the one pinned for this user')
  }
  await importRsaPublicKey(inner.rsaPublicKey)

  return {
    version: inner.version,
    user: inner.user,
    // Copies, so the result does not alias (and change with) the caller's input buffer.
    identityKey: inner.identityKey.slice(),
    peerId: inner.peerId,
    rsaPublicKey: inner.rsaPublicKey.slice(),
    createdAt
  }
}
