/**
 * Crypto suite 1, `hybrid-rsa-aes`: a fresh AES-256-GCM content key per message, wrapped with
 * RSA-OAEP-3072/SHA-256 for each device, and an Ed25519 signature sealed under the content key.
 * PROTOCOL.md, "Sealing" and "Opening"; the frame around it is envelope/frame.ts.
 */
import {
  CONTENT_KEY_BYTES, ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, GCM_TAG_BYTES, IV_BYTES, MAX_DEVICE_ID_LENGTH,
  MAX_RECIPIENT_DEVICES, PADDING_BLOCK_BYTES, SEALED_SIGNATURE_BYTES, SIGNATURE_BYTES, SUITE_HYBRID_RSA_AES, WRAPPED_KEY_BYTES
} from '../../constants.js'
import { ProtocolError } from '../../errors.js'
import { concatBytes, constantTimeEqual, randomBytes, utf8Encode } from '../../bytes.js'
import { importRsaPrivateKey } from '../../keys.js'
import { createEd25519, type Ed25519 } from '../../ed25519.js'
import { bufferSource, decodeFrame, isPrintableId, requireCanonical, u32be } from '../../wire.js'
import { KeyBlock as PbKeyBlock } from '../../pb/envelope.js'
import { KEY_BLOCK } from '../../schemas.js'
import { encodeEnvelopeHeader } from '../../envelope/frame.js'
import type { CryptoSuite, EnvelopeFrame, SuiteOpened, SuiteView } from '../../envelope/suite.js'
import { RsaPublicKeyCache } from './public-key-cache.js'

export { RsaPublicKeyCache } from './public-key-cache.js'

/** Suite 1's view of a checked frame: the wrapped key of each device. */
export interface HybridRsaAesView extends SuiteView {
  /** Wrapped content keys by device id. */
  wrapped: Map<string, Uint8Array>
}

/** Options of `hybridRsaAes`. */
export interface HybridRsaAesInit {
  /**
   * Where recipients' imported public keys are kept: a cache this suite owns by default, one
   * passed in to share, or `false` to import every key on every seal (the stateless wrappers).
   */
  publicKeys?: RsaPublicKeyCache | false
  /** Ed25519 signer/verifier; by default one of its own (WebCrypto where available). */
  ed25519?: Ed25519
}

const AAD_CONTEXT = utf8Encode(ENVELOPE_AAD_CONTEXT)
const SIG_CONTEXT = utf8Encode(ENVELOPE_SIGNATURE_CONTEXT)
const RSA_OAEP = { name: 'RSA-OAEP' } as const
const MIN_CONTENT_SIZE = PADDING_BLOCK_BYTES + GCM_TAG_BYTES

/** AES-GCM additional data for the ciphertext: context || header || keys. */
function contentAad (header: Uint8Array, keys: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(AAD_CONTEXT, header, keys)
}

/** The exact bytes the sender's identity key signs. Length prefixes keep the split unambiguous. */
function signaturePayload (header: Uint8Array, keys: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(SIG_CONTEXT, u32be(header.length), header, u32be(keys.length), keys, iv, ciphertext)
}

/** PROTOCOL.md "What a relay checks", steps 8-9. */
function inspect (frame: EnvelopeFrame): HybridRsaAesView {
  const keyBlock = decodeFrame(PbKeyBlock, KEY_BLOCK, frame.keys, 'envelope key block')
  requireCanonical(PbKeyBlock, keyBlock, frame.keys, 'envelope key block')
  if (keyBlock.keys.length < 1 || keyBlock.keys.length > MAX_RECIPIENT_DEVICES) {
    throw new ProtocolError('INVALID_FIELD', `envelope must wrap its key for 1-${MAX_RECIPIENT_DEVICES} devices`)
  }
  const wrapped = new Map<string, Uint8Array>()
  for (const k of keyBlock.keys) {
    if (!isPrintableId(k.deviceId, MAX_DEVICE_ID_LENGTH)) {
      throw new ProtocolError('INVALID_FIELD', `envelope device id must be 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
    }
    if (wrapped.has(k.deviceId)) {
      throw new ProtocolError('INVALID_FIELD', 'envelope lists a device id twice')
    }
    if (k.wrapped.length !== WRAPPED_KEY_BYTES) {
      throw new ProtocolError('INVALID_FIELD', `envelope wrapped key must be ${WRAPPED_KEY_BYTES} bytes`)
    }
    wrapped.set(k.deviceId, k.wrapped)
  }
  if (frame.iv.length !== IV_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope iv must be ${IV_BYTES} bytes`)
  }
  if (frame.contentSize < MIN_CONTENT_SIZE || (frame.contentSize - GCM_TAG_BYTES) % PADDING_BLOCK_BYTES !== 0) {
    throw new ProtocolError('INVALID_FIELD', `envelope content_size must be a tag plus a non-zero multiple of ${PADDING_BLOCK_BYTES}`)
  }
  if (frame.sealedSignature.length !== SEALED_SIGNATURE_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope sealed signature must be ${SEALED_SIGNATURE_BYTES} bytes`)
  }
  // Two GCM nonces under one key must differ (SP 800-38D §8); an honest sender never repeats one.
  if (constantTimeEqual(frame.sealedSignature.subarray(0, IV_BYTES), frame.iv)) {
    throw new ProtocolError('INVALID_FIELD', 'envelope reuses its iv for the sealed signature')
  }
  return { deviceIds: [...wrapped.keys()], wrapped }
}

async function unwrapContentKey (privateKey: CryptoKey, wrapped: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    const key = new Uint8Array(await globalThis.crypto.subtle.decrypt(RSA_OAEP, privateKey, bufferSource(wrapped)))
    return key.length === CONTENT_KEY_BYTES ? key : undefined
  } catch {
    return undefined
  }
}

/**
 * A suite-1 instance. It owns its caches (recipient public keys, Ed25519 keys), so a node keeps
 * one for its lifetime and each contact's keys are imported and checked once, not per message.
 */
export function hybridRsaAes (init: HybridRsaAesInit = {}): CryptoSuite<HybridRsaAesView> {
  const publicKeys = init.publicKeys === false ? new RsaPublicKeyCache(0) : init.publicKeys ?? new RsaPublicKeyCache()
  const ed25519 = init.ed25519 ?? createEd25519()

  return {
    id: SUITE_HYBRID_RSA_AES,
    name: 'hybrid-rsa-aes',
    inspect,

    async seal (input) {
      const { random } = input
      if (!constantTimeEqual(await ed25519.publicKey(input.identityPrivateKey), input.senderIdentityKey)) {
        throw new TypeError('"identityPrivateKey" does not belong to "content.senderIdentityKey"')
      }
      // Import first: a bad device key fails before any secret exists.
      const targets = await Promise.all(input.devices.map(async d => ({ deviceId: d.deviceId, key: await publicKeys.import(d.rsaPublicKey) })))
      const contentKey = random(CONTENT_KEY_BYTES)
      try {
        const iv = random(IV_BYTES)
        const sigNonce = random(IV_BYTES)
        if (constantTimeEqual(iv, sigNonce)) {
          throw new RangeError('"random" returned the same 12-byte nonce twice')
        }
        const header = encodeEnvelopeHeader(SUITE_HYBRID_RSA_AES, input.header, input.plaintext.length + GCM_TAG_BYTES)
        const subtle = globalThis.crypto.subtle
        // The wraps and the AES key's import run at once (each is a trip to WebCrypto's threads).
        const [wrappedKeys, aesKey] = await Promise.all([
          Promise.all(targets.map(async ({ deviceId, key }) => ({
            deviceId,
            wrapped: new Uint8Array(await subtle.encrypt(RSA_OAEP, key, bufferSource(contentKey)))
          }))),
          subtle.importKey('raw', bufferSource(contentKey), 'AES-GCM', false, ['encrypt'])
        ])
        const keys = PbKeyBlock.encode({ keys: wrappedKeys })
        const ciphertext = new Uint8Array(await subtle.encrypt(
          { name: 'AES-GCM', iv: bufferSource(iv), additionalData: contentAad(header, keys) }, aesKey, bufferSource(input.plaintext)))
        const signature = await ed25519.sign(input.identityPrivateKey, signaturePayload(header, keys, iv, ciphertext))
        const sealedSignature = concatBytes(sigNonce, new Uint8Array(await subtle.encrypt(
          { name: 'AES-GCM', iv: bufferSource(sigNonce), additionalData: SIG_CONTEXT }, aesKey, bufferSource(signature))))
        return { header, keys, iv, ciphertext, sealedSignature }
      } finally {
        contentKey.fill(0)
      }
    },

    async open (frame, view, input): Promise<SuiteOpened> {
      const wrapped = view.wrapped.get(input.deviceId)
      if (wrapped === undefined) {
        throw new ProtocolError('NOT_A_RECIPIENT', 'envelope holds no key for this device')
      }
      const given = input.privateKey
      if (!(given instanceof Uint8Array) && !(given instanceof globalThis.CryptoKey)) {
        throw new TypeError('"rsaPrivateKey" expected a CryptoKey or PKCS#8 DER bytes')
      }
      const privateKey = given instanceof Uint8Array ? await importRsaPrivateKey(given) : given
      // On an unwrap failure carry on with a random key, so a bad wrapped key and a bad ciphertext
      // take the same path and give the same error: no padding oracle (Manger, CRYPTO 2001).
      const contentKey = (await unwrapContentKey(privateKey, wrapped)) ?? randomBytes(CONTENT_KEY_BYTES)
      let plaintext: Uint8Array
      let signature: Uint8Array
      try {
        const subtle = globalThis.crypto.subtle
        const aesKey = await subtle.importKey('raw', bufferSource(contentKey), 'AES-GCM', false, ['decrypt'])
        // Both at once; either failing is the one DECRYPT_FAILED below.
        const [text, sig] = await Promise.all([
          subtle.decrypt(
            { name: 'AES-GCM', iv: bufferSource(frame.iv), additionalData: contentAad(frame.header, frame.keys) },
            aesKey, bufferSource(frame.ciphertext)),
          subtle.decrypt(
            { name: 'AES-GCM', iv: bufferSource(frame.sealedSignature.subarray(0, IV_BYTES)), additionalData: SIG_CONTEXT },
            aesKey, bufferSource(frame.sealedSignature.subarray(IV_BYTES)))
        ])
        plaintext = new Uint8Array(text)
        signature = new Uint8Array(sig)
      } catch {
        throw new ProtocolError('DECRYPT_FAILED', 'envelope does not decrypt with this device\'s key')
      } finally {
        contentKey.fill(0)
      }
      if (signature.length !== SIGNATURE_BYTES) {
        throw new ProtocolError('INVALID_FIELD', `envelope signature must be ${SIGNATURE_BYTES} bytes`)
      }
      const signed = signaturePayload(frame.header, frame.keys, frame.iv, frame.ciphertext)
      return { plaintext, verify: async identityKey => await ed25519.verify(identityKey, signed, signature) }
    }
  }
}
