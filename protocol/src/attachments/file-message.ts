/**
 * The body of a `file` content (PROTOCOL.md "Files"): the reference to one sealed attachment and
 * what shows it before it is fetched. Everything here came from the sender, inside the
 * encryption, and is checked field by field: a name is only ever a name, never a path.
 */
import { ProtocolError } from '../errors.js'
import { MAX_TEXT_BYTES } from '../constants.js'
import { isValidRelayName } from '../address.js'
import { utf8Encode } from '../bytes.js'
import { decodeFrame } from '../wire.js'
import { FILE_MESSAGE } from '../schemas.js'
import * as pb from '../pb/file.js'
import { ATTACHMENT_HASH_BYTES, ATTACHMENT_KEY_BYTES, ChunkLayout, type AttachmentShape } from './chunks.js'

/** Bytes of a blob's id on its relay. */
export const BLOB_ID_BYTES = 16
/** Longest file name, in UTF-8 bytes (as most file systems allow). */
export const MAX_FILE_NAME_BYTES = 255
/** Longest media type (RFC 6838 allows 127 characters on each side of the slash). */
export const MAX_MEDIA_TYPE_LENGTH = 255
/** Largest thumbnail: a preview, not the picture (the envelope holds up to 240 KiB of body). */
export const MAX_THUMBNAIL_BYTES = 64 * 1024
/** Media types a thumbnail may have: images every browser shows. */
export const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** Longest audio or video a message may claim (a day). */
export const MAX_DURATION_MS = 24 * 60 * 60 * 1000
/** Largest width or height an image may claim. */
export const MAX_DIMENSION = 65_535
/** The media type of bytes of no known type. */
export const OCTET_STREAM = 'application/octet-stream'

/** Where a sealed attachment is kept, and what opens it. */
export interface FileReference extends AttachmentShape {
  /** The relay holding the blob, by name. */
  relay: string
  /** The blob's id there. */
  blobId: Uint8Array
  mediaType: string
  fileName: string
}

/** A file, photo, video or voice message. */
export interface FileMessage {
  file: FileReference
  caption?: string
  thumbnail?: { bytes: Uint8Array, type: typeof THUMBNAIL_TYPES[number] }
  width?: number
  height?: number
  durationMs?: number
  voice?: boolean
}

// A restricted-name of RFC 6838: letters, digits and !#$&^_.+- , 1 to 127 characters each side.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/
// C0 and C1 controls, the separators of paths on any system, and the bidirectional overrides that disguise a name's ending.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]/

/** Whether `name` is a file name a receiver may save under as it is (no path, no control characters, not `.` or `..`). */
export function isValidFileName (name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || utf8Encode(name).length > MAX_FILE_NAME_BYTES) return false
  if (name === '.' || name === '..' || name.trim() !== name || FORBIDDEN_IN_NAME.test(name)) return false
  return true
}

/** Whether `type` is a media type as a reference carries it: lowercase `type/subtype`, no parameters. */
export function isValidMediaType (type: string): boolean {
  return typeof type === 'string' && type.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE.test(type)
}

/**
 * The body of a file message. TypeError or RangeError for a field a decoder would refuse
 * (see decodeFileMessage).
 */
export function encodeFileMessage (message: FileMessage): Uint8Array {
  const problem = check(message)
  if (problem !== undefined) throw new RangeError(problem)
  const { file } = message
  return pb.FileMessage.encode({
    file: referenceToWire(file),
    caption: message.caption ?? '',
    thumbnail: (message.thumbnail?.bytes ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>,
    thumbnailType: message.thumbnail?.type ?? '',
    width: message.width ?? 0,
    height: message.height ?? 0,
    durationMs: message.durationMs ?? 0,
    voice: message.voice ?? false
  })
}

/**
 * Decodes and checks a file message's body: strict decoding (PROTOCOL.md "Strict decoding"),
 * then INVALID_FIELD for a reference out of range (key, hash, blob id, size and chunk size, relay
 * name), a media type or file name out of shape, a caption over MAX_TEXT_BYTES, a thumbnail over
 * MAX_THUMBNAIL_BYTES or of another type, or a dimension or duration out of range.
 */
export function decodeFileMessage (bytes: Uint8Array): FileMessage {
  const m = decodeFrame(pb.FileMessage, FILE_MESSAGE, bytes, 'file message')
  if (m.file === undefined) throw new ProtocolError('INVALID_FIELD', 'a file message names no file')
  const message: FileMessage = {
    file: referenceFromWire(m.file, 'a file message'),
    ...(m.caption !== '' ? { caption: m.caption } : {}),
    ...(m.thumbnail.length > 0 || m.thumbnailType !== '' ? { thumbnail: { bytes: m.thumbnail.slice(), type: m.thumbnailType as typeof THUMBNAIL_TYPES[number] } } : {}),
    ...(m.width !== 0 ? { width: m.width } : {}),
    ...(m.height !== 0 ? { height: m.height } : {}),
    ...(m.durationMs !== 0 ? { durationMs: m.durationMs } : {}),
    ...(m.voice ? { voice: true } : {})
  }
  const problem = check(message)
  if (problem !== undefined) throw new ProtocolError('INVALID_FIELD', `a file message ${problem}`)
  return message
}

/** What is wrong with a file message, said after "a file message", or undefined. */
function check (message: FileMessage): string | undefined {
  const file = message?.file
  const problem = referenceProblem(file)
  if (problem !== undefined) return problem
  if (message.caption !== undefined && (typeof message.caption !== 'string' || message.caption === '' || utf8Encode(message.caption).length > MAX_TEXT_BYTES)) return `has a caption over ${MAX_TEXT_BYTES} bytes, or an empty one`
  const thumbnail = message.thumbnail
  if (thumbnail !== undefined) {
    if (!(thumbnail.bytes instanceof Uint8Array) || thumbnail.bytes.length === 0 || thumbnail.bytes.length > MAX_THUMBNAIL_BYTES) return `has a thumbnail of 0 or over ${MAX_THUMBNAIL_BYTES} bytes`
    if (!(THUMBNAIL_TYPES as readonly string[]).includes(thumbnail.type)) return `has a thumbnail that is not one of ${THUMBNAIL_TYPES.join(', ')}`
  }
  for (const [name, value, max] of [['width', message.width, MAX_DIMENSION], ['height', message.height, MAX_DIMENSION], ['duration', message.durationMs, MAX_DURATION_MS]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1 || value > max)) return `has a ${name} out of range (1 to ${max})`
  }
  if (message.voice !== undefined && typeof message.voice !== 'boolean') return 'has a voice flag that is not one'
  if (message.voice === true && !file.mediaType.startsWith('audio/')) return 'is a voice message that is not audio'
  return undefined
}

/** A reference as pb/file.proto holds it. */
export function referenceToWire (file: FileReference): pb.FileReference {
  return {
    relay: file.relay,
    blobId: file.blobId as Uint8Array<ArrayBuffer>,
    key: file.key as Uint8Array<ArrayBuffer>,
    size: BigInt(file.size),
    chunkSize: file.chunkBytes,
    sha256: file.sha256 as Uint8Array<ArrayBuffer>,
    mediaType: file.mediaType,
    fileName: file.fileName
  }
}

/** A decoded reference, copied out of the frame (INVALID_FIELD, after `what`, for a size past 2^53). */
export function referenceFromWire (file: pb.FileReference, what: string): FileReference {
  if (file.size > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('INVALID_FIELD', `${what}'s size is out of range`)
  return {
    relay: file.relay,
    blobId: file.blobId.slice(),
    key: file.key.slice(),
    size: Number(file.size),
    chunkBytes: file.chunkSize,
    sha256: file.sha256.slice(),
    mediaType: file.mediaType,
    fileName: file.fileName
  }
}

/** What is wrong with a reference (relay name, blob id, key, hash, sizes, media type, name), said after "a file message", or undefined. */
export function referenceProblem (file: FileReference | undefined): string | undefined {
  if (file === undefined || file === null || typeof file !== 'object') return 'names no file'
  if (typeof file.relay !== 'string' || !isValidRelayName(file.relay)) return 'names no valid relay'
  if (!(file.blobId instanceof Uint8Array) || file.blobId.length !== BLOB_ID_BYTES) return `needs a blob id of ${BLOB_ID_BYTES} bytes`
  if (!(file.key instanceof Uint8Array) || file.key.length !== ATTACHMENT_KEY_BYTES) return `needs a key of ${ATTACHMENT_KEY_BYTES} bytes`
  if (!(file.sha256 instanceof Uint8Array) || file.sha256.length !== ATTACHMENT_HASH_BYTES) return `needs a hash of ${ATTACHMENT_HASH_BYTES} bytes`
  try {
    new ChunkLayout(file.size, file.chunkBytes) // eslint-disable-line no-new
  } catch (err: any) {
    return `has a size or chunk size out of range (${err?.message ?? 'refused'})`
  }
  if (!isValidMediaType(file.mediaType)) return 'has a media type out of shape (lowercase type/subtype, no parameters)'
  if (!isValidFileName(file.fileName)) return `has a file name that is not one (1 to ${MAX_FILE_NAME_BYTES} bytes, no path, no control characters)`
  return undefined
}
