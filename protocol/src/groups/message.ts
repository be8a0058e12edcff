/**
 * Group messages (PROTOCOL.md "Group messages"): a padded Content encrypted once with AES-256-GCM
 * under the sender chain's next message key, the header as additional data, and signed once with
 * the sender key's Ed25519 key, whatever the group's size. The relay stores this one frame for
 * every member's devices and reads only its header.
 */
import { GROUP_VERSION, MAX_ENVELOPE_BYTES, MESSAGE_ID_BYTES, SIGNATURE_BYTES } from '../constants.js'
import { ProtocolError, UnsupportedKindError } from '../errors.js'
import { concatBytes, constantTimeEqual, randomBytes, toHex, utf8Encode } from '../bytes.js'
import { createEd25519, type Ed25519 } from '../ed25519.js'
import { bufferSource, decodeFrame, safeMillis, u32be } from '../wire.js'
import { GROUP_MESSAGE, GROUP_MESSAGE_HEADER } from '../schemas.js'
import { decodeContent, encodeContentForSeal } from '../envelope/content.js'
import { contentKinds } from '../kinds/index.js'
import type { Content } from '../envelope/types.js'
import * as pb from '../pb/group.js'
import { GROUP_ID_BYTES, groupConversationId } from './state.js'
import { SENDER_KEY_ID_BYTES, type ReceiverChain, type SenderChain } from './sender-keys.js'

const SIGNATURE_CONTEXT = utf8Encode('parley/group-message-sig/v1\0')
const AES_GCM_TAG_BYTES = 16

/** A group message's header: all the relay reads. */
export interface GroupMessageHeader {
  groupId: Uint8Array
  keyId: Uint8Array
  iteration: number
  messageId: Uint8Array
  messageIdHex: string
  /** ms since the epoch. */
  expiresAt: number
}

/** A group message read: its header and its checked content. */
export interface OpenedGroupMessage { header: GroupMessageHeader, content: Content }

/** What seal needs beyond the chain. */
export interface GroupSealOptions {
  /** The content; its conversation must be the group's (`group:` and the id in hex). */
  content: Content
  expiresAt: number
  /** 16 bytes; random by default. */
  messageId?: Uint8Array
  /** The signer to use (one per node keeps the signing key imported); a shared default otherwise. */
  ed25519?: Ed25519
}

let sharedEd25519: Ed25519 | undefined
const ed25519Of = (given?: Ed25519): Ed25519 => given ?? (sharedEd25519 ??= createEd25519())

/** Encrypts and signs one group message under the chain's next key (the chain moves on). */
export async function sealGroupMessage (chain: SenderChain, options: GroupSealOptions): Promise<{ bytes: Uint8Array, header: GroupMessageHeader }> {
  const { content, expiresAt } = options
  if (content.conversation !== groupConversationId(chain.groupId)) throw new TypeError('"content.conversation" expected the group\'s conversation id')
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0) throw new RangeError('"expiresAt" expected ms since the epoch')
  const messageId = options.messageId ?? randomBytes(MESSAGE_ID_BYTES)
  if (!(messageId instanceof Uint8Array) || messageId.length !== MESSAGE_ID_BYTES) throw new TypeError(`"messageId" expected ${MESSAGE_ID_BYTES} bytes`)
  const plaintext = encodeContentForSeal(content)
  const key = chain.next()
  const headerBytes = pb.GroupMessageHeader.encode({
    version: GROUP_VERSION,
    groupId: bufferSource(chain.groupId),
    keyId: bufferSource(chain.keyId),
    iteration: key.iteration,
    messageId: bufferSource(messageId),
    expiresAt: BigInt(expiresAt)
  })
  const aes = await crypto.subtle.importKey('raw', bufferSource(key.key), 'AES-GCM', false, ['encrypt'])
  key.key.fill(0)
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: bufferSource(key.iv), additionalData: headerBytes }, aes, plaintext))
  const signature = await ed25519Of(options.ed25519).sign(chain.signingSeed, signedPart(headerBytes, ciphertext))
  const bytes = pb.GroupMessage.encode({ header: headerBytes, ciphertext: bufferSource(ciphertext), signature: bufferSource(signature) })
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new ProtocolError('TOO_LARGE', `a group message may take at most ${MAX_ENVELOPE_BYTES} bytes`)
  return { bytes, header: headerOf(chain.groupId, chain.keyId, key.iteration, messageId, expiresAt) }
}

/**
 * Reads a group message's header without any key (the relay does, and a receiver to find the
 * sender key): TOO_LARGE, TRUNCATED, MALFORMED, UNSUPPORTED_VERSION, INVALID_FIELD.
 */
export function inspectGroupMessage (bytes: Uint8Array): GroupMessageHeader & { headerBytes: Uint8Array, ciphertext: Uint8Array, signature: Uint8Array } {
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new ProtocolError('TOO_LARGE', `a group message may take at most ${MAX_ENVELOPE_BYTES} bytes`)
  const frame = decodeFrame(pb.GroupMessage, GROUP_MESSAGE, bytes, 'group message')
  const h = decodeFrame(pb.GroupMessageHeader, GROUP_MESSAGE_HEADER, frame.header, 'group message header')
  if (h.groupId.length !== GROUP_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `group message group id must be ${GROUP_ID_BYTES} bytes`)
  if (h.keyId.length !== SENDER_KEY_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `group message key id must be ${SENDER_KEY_ID_BYTES} bytes`)
  if (h.messageId.length !== MESSAGE_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `group message id must be ${MESSAGE_ID_BYTES} bytes`)
  if (frame.signature.length !== SIGNATURE_BYTES) throw new ProtocolError('INVALID_FIELD', `group message signature must be ${SIGNATURE_BYTES} bytes`)
  if (frame.ciphertext.length < AES_GCM_TAG_BYTES) throw new ProtocolError('TRUNCATED', 'group message ciphertext is shorter than its tag')
  const expiresAt = safeMillis(h.expiresAt, 'group message expires_at')
  return {
    ...headerOf(h.groupId, h.keyId, h.iteration, h.messageId, expiresAt),
    headerBytes: frame.header,
    ciphertext: frame.ciphertext,
    signature: frame.signature
  }
}

/**
 * Opens a group message with the sender key it names. Checks, in order: the frame (as inspect),
 * the key id (MISMATCH), the signature under the sender key's signing key (BAD_SIGNATURE, before
 * any key is stepped), the message key (REPLAYED, INVALID_FIELD), the decryption (DECRYPT_FAILED),
 * the content (decodeContent's codes), that it is from the device the sender key came from and for
 * this group (MISMATCH), expiry (EXPIRED, with `now`), and its kind (UnsupportedKindError). Only a
 * message that passes all of them uses up its key.
 */
export async function openGroupMessage (bytes: Uint8Array, chain: ReceiverChain, options: { now?: number, ed25519?: Ed25519 } = {}): Promise<OpenedGroupMessage> {
  const m = inspectGroupMessage(bytes)
  if (!constantTimeEqual(m.keyId, chain.keyId) || !constantTimeEqual(m.groupId, chain.distribution.groupId)) {
    throw new ProtocolError('MISMATCH', 'the group message is under another sender key')
  }
  if (!await ed25519Of(options.ed25519).verify(chain.signingKey, signedPart(m.headerBytes, m.ciphertext), m.signature)) {
    throw new ProtocolError('BAD_SIGNATURE', 'the group message is not signed by its sender key')
  }
  if (options.now !== undefined && m.expiresAt <= options.now) throw new ProtocolError('EXPIRED', 'the group message expired')
  const pending = chain.keyFor(m.iteration)
  try {
    let plaintext: Uint8Array
    try {
      const aes = await crypto.subtle.importKey('raw', bufferSource(pending.key), 'AES-GCM', false, ['decrypt'])
      plaintext = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bufferSource(pending.iv), additionalData: bufferSource(m.headerBytes) }, aes, bufferSource(m.ciphertext)))
    } catch {
      throw new ProtocolError('DECRYPT_FAILED', 'the group message does not decrypt under its sender key')
    }
    const decoded = decodeContent(plaintext)
    if (decoded.sender !== chain.sender || decoded.senderDevice !== chain.device || !constantTimeEqual(decoded.senderIdentityKey, chain.from.identityKey)) {
      throw new ProtocolError('MISMATCH', 'the group message names another sender than its sender key\'s')
    }
    if (decoded.conversation !== groupConversationId(chain.distribution.groupId)) throw new ProtocolError('MISMATCH', 'the group message is for another conversation')
    const kind = contentKinds.fromWire(decoded.kind)
    if (kind === undefined) throw new UnsupportedKindError(decoded.kind, decoded.sender, decoded.senderDevice)
    pending.commit()
    return { header: headerOf(m.groupId, m.keyId, m.iteration, m.messageId, m.expiresAt), content: { ...decoded, kind: kind.name as Content['kind'] } }
  } catch (err) {
    // An authentic message whose content this version cannot read is used up like one read.
    if (err instanceof UnsupportedKindError) pending.commit()
    else pending.release()
    throw err
  }
}

function signedPart (headerBytes: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(SIGNATURE_CONTEXT, u32be(headerBytes.length), headerBytes, ciphertext)
}

function headerOf (groupId: Uint8Array, keyId: Uint8Array, iteration: number, messageId: Uint8Array, expiresAt: number): GroupMessageHeader {
  return { groupId: groupId.slice(), keyId: keyId.slice(), iteration, messageId: messageId.slice(), messageIdHex: toHex(messageId), expiresAt }
}
