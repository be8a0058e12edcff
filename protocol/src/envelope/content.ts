/**
 * The envelope's plaintext, `Content`, the same for every suite: validation before sealing,
 * padding (PROTOCOL.md "Padding") and strict decoding after opening ("Opening", steps 6-7).
 */
import {
  IDENTITY_KEY_BYTES, MAX_CONVERSATION_ID_LENGTH, MAX_DEVICE_ID_LENGTH, MAX_ENVELOPE_BYTES, PADDING_BLOCK_BYTES
} from '../constants.js'
import { ProtocolError } from '../errors.js'
import { isValidAddress } from '../address.js'
import { bufferSource, decodeFrame, isPrintableId, safeMillis, varintLength } from '../wire.js'
import { Content as PbContent } from '../pb/envelope.js'
import { CONTENT } from '../schemas.js'
import { contentKindId } from '../kinds/index.js'
import type { Content } from './types.js'

/** A decoded, validated `Content` whose kind is still the wire number (judged after the signature). */
export interface DecodedContent extends Omit<Content, 'kind'> {
  /** `Content.kind` as received. */
  kind: number
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

/** Check `content` as a caller's argument (TypeError, RangeError, TOO_LARGE) and return its padded encoding. */
export function encodeContentForSeal (content: Content): Uint8Array<ArrayBuffer> {
  if (!isValidAddress(content.sender)) {
    throw new TypeError('"content.sender" expected a canonical lowercase name@relay address')
  }
  if (typeof content.senderDevice !== 'string' || !isPrintableId(content.senderDevice, MAX_DEVICE_ID_LENGTH)) {
    throw new TypeError(`"content.senderDevice" expected 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
  }
  if (!(content.senderIdentityKey instanceof Uint8Array) || content.senderIdentityKey.length !== IDENTITY_KEY_BYTES) {
    throw new TypeError(`"content.senderIdentityKey" expected Uint8Array of length ${IDENTITY_KEY_BYTES}`)
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
  const kind = contentKindId(content.kind)
  return encodePadded({
    sender: content.sender,
    senderDevice: content.senderDevice,
    senderIdentityKey: bufferSource(content.senderIdentityKey),
    sentAt: BigInt(content.sentAt),
    conversation: content.conversation,
    kind,
    body: bufferSource(content.body)
  })
}

/** Decode a decrypted plaintext strictly and validate every field but the kind. */
export function decodeContent (plaintext: Uint8Array): DecodedContent {
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
  return {
    sender: pb.sender,
    senderDevice: pb.senderDevice,
    senderIdentityKey: pb.senderIdentityKey.slice(),
    sentAt,
    conversation: pb.conversation,
    kind: pb.kind,
    body: pb.body.slice()
  }
}
