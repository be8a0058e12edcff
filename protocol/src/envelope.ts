/**
 * Envelopes, suite 1 `hybrid-rsa-aes`: seal for a recipient's devices, inspect as a relay, open
 * as a recipient device. See protocol/PROTOCOL.md, "Envelope" for the byte layout and the
 * order of checks; this file follows it step by step.
 */
import {
  CONTENT_KEY_BYTES, CONTENT_KIND_RECEIPT, CONTENT_KIND_TEXT, ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, ENVELOPE_VERSION,
  GCM_TAG_BYTES, IDENTITY_KEY_BYTES, IV_BYTES, MAX_CONVERSATION_ID_LENGTH, MAX_DEVICE_ID_LENGTH,
  MAX_ENVELOPE_BYTES, MAX_RECIPIENT_DEVICES, MESSAGE_ID_BYTES, PADDING_BLOCK_BYTES,
  SEALED_SIGNATURE_BYTES, SIGNATURE_BYTES, SUITE_HYBRID_RSA_AES, WRAPPED_KEY_BYTES
} from './constants.js'
import { ProtocolError, UnsupportedKindError } from './errors.js'
import { isValidAddress, parseAddress } from './address.js'
import { concatBytes, constantTimeEqual, randomBytes, toHex, utf8Encode } from './bytes.js'
import { identityPublicKey, importRsaPrivateKey, importRsaPublicKey, signIdentity, verifyIdentity } from './keys.js'
import { bufferSource, decodeFrame, isPrintableId, requireCanonical, safeMillis, u32be, varintLength } from './wire.js'
import {
  Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader, KeyBlock as PbKeyBlock
} from './pb/envelope.js'
import { CONTENT, ENVELOPE, ENVELOPE_HEADER, KEY_BLOCK } from './schemas.js'

/** What a message is; the wire enum is converted to these names at the edge. */
export type ContentKind = 'text' | 'receipt'

/** The decrypted inside of an envelope (domain type; the wire type lives in pb/envelope.ts). */
export interface Content {
  /** The sender, canonical `name@relay`. */
  sender: string
  /** The sending device's PeerId string. */
  senderDevice: string
  /** The sender's Ed25519 identity public key, 32 bytes; must match the key the recipient knows. */
  senderIdentityKey: Uint8Array
  /** When the sender sent it, ms since the Unix epoch (sender's clock, not verified). */
  sentAt: number
  /** Conversation id, 1-128 printable ASCII characters (no spaces), opaque to the protocol. */
  conversation: string
  /** What the body is. */
  kind: ContentKind
  /** The message body; its format depends on `kind`. */
  body: Uint8Array
}

/** One device to wrap the content key for, from its verified bundle. */
export interface RecipientDevice {
  /** The device's PeerId string (`DeviceBundle.peerId`). */
  deviceId: string
  /** The device's RSA-OAEP-3072 public key, SPKI DER (`DeviceBundle.rsaPublicKey`). */
  rsaPublicKey: Uint8Array
}

/** Arguments of `seal`. */
export interface SealOptions {
  /** The user whose devices are listed, `name@relay` (the sender's own address for sync copies). */
  recipient: string
  /** 1-16 devices of `recipient`, each getting a wrapped copy of the content key. */
  devices: RecipientDevice[]
  /** What to send; `senderIdentityKey` must belong to `identityPrivateKey`. */
  content: Content
  /** The sender's Ed25519 identity private key seed. */
  identityPrivateKey: Uint8Array
  /** When relays may drop the envelope, ms since the Unix epoch. */
  expiresAt: number
  /** A fixed 16-byte message id, for tests and vectors; random by default. */
  messageId?: Uint8Array
  /** Randomness source, for deterministic vectors; `crypto.getRandomValues` by default. */
  random?: (n: number) => Uint8Array
}

/** The result of `seal`. */
export interface SealedEnvelope {
  /** The `Envelope` frame to deliver. */
  bytes: Uint8Array
  /** Its 16-byte message id. */
  messageId: Uint8Array
}

/** The relay-visible facts of an envelope, as validated by `inspectEnvelope`. */
export interface EnvelopeHeaderInfo {
  /** Envelope format version (ENVELOPE_VERSION). */
  version: number
  /** Crypto suite (SUITE_HYBRID_RSA_AES). */
  suite: number
  /** The 16-byte message id. */
  messageId: Uint8Array
  /** The message id as lowercase hex, handy as a storage key. */
  messageIdHex: string
  /** The recipient user, canonical `name@relay`. */
  recipient: string
  /** When relays may drop it, ms since the Unix epoch. */
  expiresAt: number
  /** Ciphertext length in bytes, tag included. */
  contentSize: number
  /** PeerIds of the devices holding a wrapped key, in wire order. */
  deviceIds: string[]
  /** Size of the whole frame in bytes. */
  size: number
}

/** Arguments of `open`. */
export interface OpenOptions {
  /** This device's PeerId string. */
  deviceId: string
  /** This device's RSA private key: an imported CryptoKey, or PKCS#8 DER to import. */
  rsaPrivateKey: CryptoKey | Uint8Array
  /**
   * The identity key this device knows (pinned) for `sender`, or undefined if none. Errors it
   * throws propagate unchanged.
   */
  resolveIdentityKey: (sender: string) => Promise<Uint8Array | undefined>
  /** The user this device belongs to; MISMATCH if the envelope is addressed to another. */
  expectedRecipient?: string
  /** Current time for the `expired` flag, ms since the Unix epoch; Date.now() by default. */
  now?: number
}

/** The result of `open`. */
export interface OpenedEnvelope {
  /** The validated relay-visible header. */
  header: EnvelopeHeaderInfo
  /** The authenticated content. */
  content: Content
  /** True when `header.expiresAt <= now`; reported, not enforced (relays drop expired mail). */
  expired: boolean
}

const AAD_CONTEXT = utf8Encode(ENVELOPE_AAD_CONTEXT)
const SIG_CONTEXT = utf8Encode(ENVELOPE_SIGNATURE_CONTEXT)
const RSA_OAEP = { name: 'RSA-OAEP' } as const
const MIN_CONTENT_SIZE = PADDING_BLOCK_BYTES + GCM_TAG_BYTES

/** A parsed envelope: the validated info plus the exact received parts the crypto needs. */
interface ParsedEnvelope {
  info: EnvelopeHeaderInfo
  header: Uint8Array
  keys: Uint8Array
  wrapped: Map<string, Uint8Array>
  iv: Uint8Array
  ciphertext: Uint8Array
  sealedSignature: Uint8Array
}

function kindToWire (kind: ContentKind): number {
  switch (kind) {
    case 'text': return CONTENT_KIND_TEXT
    case 'receipt': return CONTENT_KIND_RECEIPT
    default: throw new TypeError('"content.kind" expected "text" or "receipt"')
  }
}

/** The domain name of a wire kind, or undefined for 0 (unset) and kinds this version does not know. */
function kindFromWire (kind: number): ContentKind | undefined {
  switch (kind) {
    case CONTENT_KIND_TEXT: return 'text'
    case CONTENT_KIND_RECEIPT: return 'receipt'
    default: return undefined
  }
}

/** AES-GCM additional data for the ciphertext: context || header || keys. */
function contentAad (header: Uint8Array, keys: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(AAD_CONTEXT, header, keys)
}

/** The exact bytes the sender's identity key signs. Length prefixes keep the split unambiguous. */
function signaturePayload (header: Uint8Array, keys: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(SIG_CONTEXT, u32be(header.length), header, u32be(keys.length), keys, iv, ciphertext)
}

/**
 * Encode `content` with a zero `padding` field sized so the whole encoding is a non-zero
 * multiple of PADDING_BLOCK_BYTES. The field costs 1 tag byte + varint(n) + n bytes and protons
 * omits it when n = 0, so some gaps cannot be filled exactly: those move to the next block.
 */
function encodePadded (content: Omit<PbContent, 'padding'>): Uint8Array<ArrayBuffer> {
  const unpadded = PbContent.encode(content)
  const len = unpadded.length
  for (let target = Math.max(1, Math.ceil(len / PADDING_BLOCK_BYTES)) * PADDING_BLOCK_BYTES; ; target += PADDING_BLOCK_BYTES) {
    if (target === len) return unpadded
    const gap = target - len
    for (let v = 1; v <= 3; v++) {
      const n = gap - 1 - v
      if (n >= 1 && varintLength(n) === v) {
        const padded = PbContent.encode({ ...content, padding: new Uint8Array(n) })
        if (padded.length !== target) throw new Error('internal error: padding arithmetic is wrong')
        return padded
      }
    }
  }
}

/** Run every pure check a relay applies and keep the received parts for `open`. */
function parseEnvelope (bytes: Uint8Array): ParsedEnvelope {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('"bytes" expected Uint8Array')
  }
  if (bytes.length > MAX_ENVELOPE_BYTES) {
    throw new ProtocolError('TOO_LARGE', `envelope is ${bytes.length} bytes, over the ${MAX_ENVELOPE_BYTES}-byte limit`)
  }
  const env = decodeFrame(PbEnvelope, ENVELOPE, bytes, 'envelope')
  if (env.version !== ENVELOPE_VERSION) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `envelope version ${env.version} is not supported (expected ${ENVELOPE_VERSION})`)
  }
  // A frame cut at a field boundary decodes with fields missing: report it as malformed.
  for (const field of ['header', 'keys', 'iv', 'ciphertext', 'sealedSignature'] as const) {
    if (env[field].length === 0) {
      throw new ProtocolError('MALFORMED', `envelope has no ${field} field`)
    }
  }
  requireCanonical(PbEnvelope, env, bytes, 'envelope')

  const header = decodeFrame(PbEnvelopeHeader, ENVELOPE_HEADER, env.header, 'envelope header')
  if (header.suite !== SUITE_HYBRID_RSA_AES) {
    throw new ProtocolError('UNSUPPORTED_SUITE', `envelope suite ${header.suite} is not supported (expected ${SUITE_HYBRID_RSA_AES})`)
  }
  requireCanonical(PbEnvelopeHeader, header, env.header, 'envelope header')
  if (header.messageId.length !== MESSAGE_ID_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope message id must be ${MESSAGE_ID_BYTES} bytes`)
  }
  if (!isValidAddress(header.recipient)) {
    throw new ProtocolError('INVALID_ADDRESS', 'envelope recipient is not a canonical name@relay address')
  }
  const expiresAt = safeMillis(header.expiresAt, 'envelope expires_at')
  if (expiresAt === 0) {
    throw new ProtocolError('INVALID_FIELD', 'envelope expires_at is missing')
  }

  const keyBlock = decodeFrame(PbKeyBlock, KEY_BLOCK, env.keys, 'envelope key block')
  requireCanonical(PbKeyBlock, keyBlock, env.keys, 'envelope key block')
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

  if (env.iv.length !== IV_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope iv must be ${IV_BYTES} bytes`)
  }
  if (env.ciphertext.length !== header.contentSize) {
    throw new ProtocolError('INVALID_FIELD', 'envelope ciphertext length differs from its header content_size')
  }
  if (header.contentSize < MIN_CONTENT_SIZE || (header.contentSize - GCM_TAG_BYTES) % PADDING_BLOCK_BYTES !== 0) {
    throw new ProtocolError('INVALID_FIELD', `envelope content_size must be a tag plus a non-zero multiple of ${PADDING_BLOCK_BYTES}`)
  }
  if (env.sealedSignature.length !== SEALED_SIGNATURE_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope sealed signature must be ${SEALED_SIGNATURE_BYTES} bytes`)
  }
  // Two GCM nonces under one key must differ (SP 800-38D §8); an honest sender never repeats one.
  if (constantTimeEqual(env.sealedSignature.subarray(0, IV_BYTES), env.iv)) {
    throw new ProtocolError('INVALID_FIELD', 'envelope reuses its iv for the sealed signature')
  }

  return {
    info: {
      version: env.version,
      suite: header.suite,
      messageId: header.messageId.slice(),
      messageIdHex: toHex(header.messageId),
      recipient: header.recipient,
      expiresAt,
      contentSize: header.contentSize,
      deviceIds: [...wrapped.keys()],
      size: bytes.length
    },
    header: env.header,
    keys: env.keys,
    wrapped,
    iv: env.iv,
    ciphertext: env.ciphertext,
    sealedSignature: env.sealedSignature
  }
}

/**
 * Validate an envelope without any keys, as a relay does before storing or forwarding it, and
 * return its routing facts. Pure and synchronous. Checks, in order: size (TOO_LARGE), decoding
 * (TRUNCATED, MALFORMED), version (UNSUPPORTED_VERSION), missing fields and canonical encoding
 * (MALFORMED), suite (UNSUPPORTED_SUITE), then every field (INVALID_FIELD, INVALID_ADDRESS).
 */
export function inspectEnvelope (bytes: Uint8Array): EnvelopeHeaderInfo {
  return parseEnvelope(bytes).info
}

function checkRandom (random: (n: number) => Uint8Array, n: number): Uint8Array {
  const out = random(n)
  if (!(out instanceof Uint8Array) || out.length !== n) {
    throw new TypeError(`"random" returned something other than ${n} bytes`)
  }
  // Copy, so wiping our key material never touches a buffer the caller owns.
  return out.slice()
}

function validateContentForSeal (content: Content, identityPrivateKey: Uint8Array): void {
  if (!isValidAddress(content.sender)) {
    throw new TypeError('"content.sender" expected a canonical lowercase name@relay address')
  }
  if (typeof content.senderDevice !== 'string' || !isPrintableId(content.senderDevice, MAX_DEVICE_ID_LENGTH)) {
    throw new TypeError(`"content.senderDevice" expected 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
  }
  if (!(content.senderIdentityKey instanceof Uint8Array) || content.senderIdentityKey.length !== IDENTITY_KEY_BYTES) {
    throw new TypeError(`"content.senderIdentityKey" expected Uint8Array of length ${IDENTITY_KEY_BYTES}`)
  }
  if (!constantTimeEqual(identityPublicKey(identityPrivateKey), content.senderIdentityKey)) {
    throw new TypeError('"identityPrivateKey" does not belong to "content.senderIdentityKey"')
  }
  if (!Number.isSafeInteger(content.sentAt) || content.sentAt < 0) {
    throw new RangeError('"content.sentAt" expected a non-negative integer of ms since the epoch')
  }
  if (typeof content.conversation !== 'string' || !isPrintableId(content.conversation, MAX_CONVERSATION_ID_LENGTH)) {
    throw new TypeError(`"content.conversation" expected 1-${MAX_CONVERSATION_ID_LENGTH} printable ASCII characters`)
  }
  if (!(content.body instanceof Uint8Array)) {
    throw new TypeError('"content.body" expected Uint8Array')
  }
  if (content.body.length > MAX_ENVELOPE_BYTES) {
    throw new ProtocolError('TOO_LARGE', `body of ${content.body.length} bytes cannot fit in an envelope`)
  }
}

/**
 * Encrypt `content` for every listed device of `recipient` and sign it with the sender's
 * identity key (suite 1, hybrid-rsa-aes). Copies for the sender's own other devices go in a
 * separate `seal` addressed to the sender, so relays cannot link the sender's devices.
 * TypeError/RangeError for invalid arguments, ProtocolError INVALID_ADDRESS for a bad recipient,
 * INVALID_FIELD for a device key that is not RSA-OAEP-3072, TOO_LARGE when the result would
 * exceed MAX_ENVELOPE_BYTES (a body of at most MAX_BODY_BYTES always fits).
 */
export async function seal (opts: SealOptions): Promise<SealedEnvelope> {
  const { content, identityPrivateKey } = opts
  const parsed = parseAddress(opts.recipient)
  const recipient = `${parsed.name}@${parsed.relay}`
  if (!Array.isArray(opts.devices) || opts.devices.length < 1 || opts.devices.length > MAX_RECIPIENT_DEVICES) {
    throw new RangeError(`"devices" expected 1-${MAX_RECIPIENT_DEVICES} recipient devices`)
  }
  const seen = new Set<string>()
  for (const d of opts.devices) {
    if (typeof d.deviceId !== 'string' || !isPrintableId(d.deviceId, MAX_DEVICE_ID_LENGTH)) {
      throw new TypeError(`"devices[].deviceId" expected 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
    }
    if (seen.has(d.deviceId)) {
      throw new TypeError(`"devices" lists device ${d.deviceId} twice`)
    }
    seen.add(d.deviceId)
  }
  validateContentForSeal(content, identityPrivateKey)
  const kind = kindToWire(content.kind)
  if (!Number.isSafeInteger(opts.expiresAt) || opts.expiresAt <= 0) {
    throw new RangeError('"expiresAt" expected a positive integer of ms since the epoch')
  }
  const random = opts.random ?? randomBytes
  let messageId: Uint8Array
  if (opts.messageId !== undefined) {
    if (!(opts.messageId instanceof Uint8Array) || opts.messageId.length !== MESSAGE_ID_BYTES) {
      throw new TypeError(`"messageId" expected Uint8Array of length ${MESSAGE_ID_BYTES}`)
    }
    messageId = opts.messageId.slice()
  } else {
    messageId = checkRandom(random, MESSAGE_ID_BYTES)
  }

  // Import first: a bad device key fails before any secret exists.
  const publicKeys = await Promise.all(opts.devices.map(async d => await importRsaPublicKey(d.rsaPublicKey)))

  const contentKey = checkRandom(random, CONTENT_KEY_BYTES)
  try {
    const iv = checkRandom(random, IV_BYTES)
    const sigNonce = checkRandom(random, IV_BYTES)
    if (constantTimeEqual(iv, sigNonce)) {
      throw new RangeError('"random" returned the same 12-byte nonce twice')
    }

    const plaintext = encodePadded({
      sender: content.sender,
      senderDevice: content.senderDevice,
      senderIdentityKey: bufferSource(content.senderIdentityKey),
      sentAt: BigInt(content.sentAt),
      conversation: content.conversation,
      kind,
      body: bufferSource(content.body)
    })
    const header = PbEnvelopeHeader.encode({
      suite: SUITE_HYBRID_RSA_AES,
      messageId: bufferSource(messageId),
      recipient,
      expiresAt: BigInt(opts.expiresAt),
      contentSize: plaintext.length + GCM_TAG_BYTES
    })
    const wrappedKeys = await Promise.all(publicKeys.map(async (key, i) => ({
      deviceId: (opts.devices[i] as RecipientDevice).deviceId,
      wrapped: new Uint8Array(await globalThis.crypto.subtle.encrypt(RSA_OAEP, key, bufferSource(contentKey)))
    })))
    const keys = PbKeyBlock.encode({ keys: wrappedKeys })

    const aesKey = await globalThis.crypto.subtle.importKey('raw', bufferSource(contentKey), 'AES-GCM', false, ['encrypt'])
    const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: bufferSource(iv), additionalData: contentAad(header, keys) }, aesKey, plaintext))
    const signature = signIdentity(identityPrivateKey, signaturePayload(header, keys, iv, ciphertext))
    const sealedSignature = concatBytes(sigNonce, new Uint8Array(await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: bufferSource(sigNonce), additionalData: SIG_CONTEXT }, aesKey, bufferSource(signature))))

    const bytes = PbEnvelope.encode({
      version: ENVELOPE_VERSION,
      header,
      keys,
      iv: bufferSource(iv),
      ciphertext,
      sealedSignature
    })
    if (bytes.length > MAX_ENVELOPE_BYTES) {
      throw new ProtocolError('TOO_LARGE', `envelope would be ${bytes.length} bytes, over the ${MAX_ENVELOPE_BYTES}-byte limit; shorten the body`)
    }
    // Never emit what a relay would refuse.
    parseEnvelope(bytes)
    return { bytes, messageId }
  } finally {
    contentKey.fill(0)
  }
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
 * Open an envelope addressed to this device: validate it as `inspectEnvelope` does, unwrap the
 * content key (NOT_A_RECIPIENT, DECRYPT_FAILED), decrypt content and signature (DECRYPT_FAILED),
 * decode the content strictly and validate it (TRUNCATED, MALFORMED, INVALID_FIELD,
 * INVALID_ADDRESS), look up the sender's identity key (UNKNOWN_SENDER), require it to equal the
 * claimed one and the signature to verify over the exact received bytes (BAD_SIGNATURE), and
 * finally require a kind this version reads (UnsupportedKindError, UNSUPPORTED_KIND, naming the
 * authenticated sender). The body is returned as bytes: `decodeTextBody` and `decodeReceipt`
 * judge it per kind. Throws only ProtocolError for bad bytes; errors from `resolveIdentityKey`
 * propagate unchanged.
 */
export async function open (bytes: Uint8Array, opts: OpenOptions): Promise<OpenedEnvelope> {
  const env = parseEnvelope(bytes)
  if (opts.expectedRecipient !== undefined) {
    const expected = parseAddress(opts.expectedRecipient)
    if (env.info.recipient !== `${expected.name}@${expected.relay}`) {
      throw new ProtocolError('MISMATCH', 'envelope is addressed to a different user than this device\'s')
    }
  }
  const wrapped = env.wrapped.get(opts.deviceId)
  if (wrapped === undefined) {
    throw new ProtocolError('NOT_A_RECIPIENT', 'envelope holds no key for this device')
  }
  const privateKey = opts.rsaPrivateKey instanceof Uint8Array
    ? await importRsaPrivateKey(opts.rsaPrivateKey)
    : opts.rsaPrivateKey

  // On an unwrap failure carry on with a random key, so a bad wrapped key and a bad ciphertext
  // take the same path and give the same error: no padding oracle (Manger, CRYPTO 2001).
  const contentKey = (await unwrapContentKey(privateKey, wrapped)) ?? randomBytes(CONTENT_KEY_BYTES)
  let plaintext: Uint8Array
  let signature: Uint8Array
  try {
    const aesKey = await globalThis.crypto.subtle.importKey('raw', bufferSource(contentKey), 'AES-GCM', false, ['decrypt'])
    plaintext = new Uint8Array(await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bufferSource(env.iv), additionalData: contentAad(env.header, env.keys) },
      aesKey, bufferSource(env.ciphertext)))
    signature = new Uint8Array(await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bufferSource(env.sealedSignature.subarray(0, IV_BYTES)), additionalData: SIG_CONTEXT },
      aesKey, bufferSource(env.sealedSignature.subarray(IV_BYTES))))
  } catch {
    throw new ProtocolError('DECRYPT_FAILED', 'envelope does not decrypt with this device\'s key')
  } finally {
    contentKey.fill(0)
  }
  if (signature.length !== SIGNATURE_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope signature must be ${SIGNATURE_BYTES} bytes`)
  }

  const pb = decodeFrame(PbContent, CONTENT, plaintext, 'envelope content')
  if (!isValidAddress(pb.sender)) {
    throw new ProtocolError('INVALID_ADDRESS', 'envelope sender is not a canonical name@relay address')
  }
  if (!isPrintableId(pb.senderDevice, MAX_DEVICE_ID_LENGTH)) {
    throw new ProtocolError('INVALID_FIELD', `envelope sender device must be 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
  }
  if (pb.senderIdentityKey.length !== IDENTITY_KEY_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope sender identity key must be ${IDENTITY_KEY_BYTES} bytes`)
  }
  const sentAt = safeMillis(pb.sentAt, 'envelope sent_at')
  // ASCII only: protons decodes invalid UTF-8 leniently, and ids need no more.
  if (!isPrintableId(pb.conversation, MAX_CONVERSATION_ID_LENGTH)) {
    throw new ProtocolError('INVALID_FIELD', `envelope conversation must be 1-${MAX_CONVERSATION_ID_LENGTH} printable ASCII characters`)
  }

  const known = await opts.resolveIdentityKey(pb.sender)
  if (known === undefined) {
    throw new ProtocolError('UNKNOWN_SENDER', 'no identity key is known for the envelope\'s sender')
  }
  if (!constantTimeEqual(known, pb.senderIdentityKey)) {
    throw new ProtocolError('BAD_SIGNATURE', 'envelope claims an identity key other than the one known for its sender')
  }
  if (!verifyIdentity(known, signaturePayload(env.header, env.keys, env.iv, env.ciphertext), signature)) {
    throw new ProtocolError('BAD_SIGNATURE', 'envelope signature does not verify under the sender\'s identity key')
  }
  // Judged only now, so that a kind from a newer version is refused as coming from its real sender.
  const kind = kindFromWire(pb.kind)
  if (kind === undefined) throw new UnsupportedKindError(pb.kind, pb.sender, pb.senderDevice)

  const now = opts.now ?? Date.now()
  return {
    header: env.info,
    content: {
      sender: pb.sender,
      senderDevice: pb.senderDevice,
      senderIdentityKey: pb.senderIdentityKey.slice(),
      sentAt,
      conversation: pb.conversation,
      kind,
      body: pb.body.slice()
    },
    expired: env.info.expiresAt <= now
  }
}
