/**
 * The blob protocol, /parley/blob/1.0.0 (PROTOCOL.md "Blobs on the relay"): sealed attachments
 * uploaded to the sender's relay and downloaded from it, one libp2p stream per transfer, with
 * resume from what the relay holds. The relay sees opaque bytes, their size and their owner.
 */
import { ProtocolError } from './errors.js'
import { isValidAddress } from './address.js'
import { SESSION_TOKEN_BYTES } from './rpc-types.js'
import { BLOB_ID_BYTES } from './attachments/file-message.js'
import * as pb from './pb/blob.js'

export const BLOB_PROTOCOL = '/parley/blob/1.0.0'
/** Sealed attachments pushed device to device over a direct connection (same frames as an upload). */
export const DIRECT_FILE_PROTOCOL = '/parley/direct-file/1.0.0'
export const BLOB_VERSION = 1
/** Largest opening request or answer frame. */
export const MAX_BLOB_CONTROL_BYTES = 1024
/** Largest data frame: a 1 MiB piece of the blob. */
export const MAX_BLOB_DATA_BYTES = 1024 * 1024
/** Longest error message a relay sends. */
const MAX_BLOB_MESSAGE_LENGTH = 500

/** What a blob stream opens with. */
export type BlobRequest =
  | { type: 'create', size: number, expiresAt: number }
  | { type: 'upload', blobId: Uint8Array }
  | { type: 'download', blobId: Uint8Array, offset: number }
  | { type: 'delete', blobId: Uint8Array }
  | { type: 'keep', blobId: Uint8Array, expiresAt: number }

/** A blob as the relay holds it. */
export interface BlobStatus { blobId: Uint8Array, size: number, stored: number, expiresAt: number }

/** The relay's answer: a blob's status, or why not. */
export type BlobResponse = { type: 'status', status: BlobStatus } | { type: 'error', code: string, message: string, retryAfterMs?: number }

/** The opening frame of a blob stream, under session `token`. */
export function encodeBlobRequest (token: Uint8Array, request: BlobRequest): Uint8Array {
  const frame: pb.BlobRequest = { version: BLOB_VERSION, token: token as Uint8Array<ArrayBuffer> }
  switch (request.type) {
    case 'create': frame.create = { size: whole(request.size, 'size'), expiresAt: whole(request.expiresAt, 'expiresAt') }; break
    case 'upload': frame.upload = { blobId: blobId(request.blobId) }; break
    case 'download': frame.download = { blobId: blobId(request.blobId), offset: whole(request.offset, 'offset') }; break
    case 'delete': frame.delete = { blobId: blobId(request.blobId) }; break
    case 'keep': frame.keep = { blobId: blobId(request.blobId), expiresAt: whole(request.expiresAt, 'expiresAt') }; break
    default: throw new TypeError('"request.type" expected create, upload, download, delete or keep')
  }
  return pb.BlobRequest.encode(frame)
}

/**
 * The opening frame of a blob stream, checked: TOO_LARGE over MAX_BLOB_CONTROL_BYTES,
 * MALFORMED for bytes that do not decode, UNSUPPORTED_VERSION, INVALID_FIELD for a token or blob
 * id of the wrong length, a number out of range, or not exactly one request.
 */
export function decodeBlobRequest (bytes: Uint8Array): { token: Uint8Array, request: BlobRequest } {
  const frame = decodeControl(pb.BlobRequest, bytes, 'blob request')
  if (frame.version !== BLOB_VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `blob request has version ${frame.version}, this relay speaks ${BLOB_VERSION}`)
  if (frame.token.length !== SESSION_TOKEN_BYTES) throw new ProtocolError('INVALID_FIELD', `a blob request needs a session token of ${SESSION_TOKEN_BYTES} bytes`)
  const token = frame.token.slice()
  const bodies = [frame.create, frame.upload, frame.download, frame.delete, frame.keep].filter(b => b != null)
  if (bodies.length !== 1) throw new ProtocolError('INVALID_FIELD', 'a blob request asks for exactly one thing')
  if (frame.create != null) return { token, request: { type: 'create', size: safe(frame.create.size, 'size'), expiresAt: safe(frame.create.expiresAt, 'expires_at') } }
  if (frame.upload != null) return { token, request: { type: 'upload', blobId: readBlobId(frame.upload.blobId) } }
  if (frame.download != null) return { token, request: { type: 'download', blobId: readBlobId(frame.download.blobId), offset: safe(frame.download.offset, 'offset') } }
  if (frame.keep != null) return { token, request: { type: 'keep', blobId: readBlobId(frame.keep.blobId), expiresAt: safe(frame.keep.expiresAt, 'expires_at') } }
  const del = frame.delete as pb.BlobDelete
  return { token, request: { type: 'delete', blobId: readBlobId(del.blobId) } }
}

/** What a direct file stream opens with: who sends, and the sealed blob to come. */
export interface DirectFileOffer { sender: string, blobId: Uint8Array, size: number }

/** The opening frame of a direct file stream. */
export function encodeDirectFileOffer (offer: DirectFileOffer): Uint8Array {
  if (!isValidAddress(offer.sender)) throw new RangeError('"sender" expected an address')
  return pb.DirectFileOffer.encode({ version: BLOB_VERSION, sender: offer.sender, blobId: blobId(offer.blobId), size: whole(offer.size, 'size') })
}

/**
 * The opening frame of a direct file stream, checked: TOO_LARGE over MAX_BLOB_CONTROL_BYTES,
 * MALFORMED for bytes that do not decode, UNSUPPORTED_VERSION, INVALID_FIELD for a sender that is
 * not an address, a blob id of the wrong length or a size out of range.
 */
export function decodeDirectFileOffer (bytes: Uint8Array): DirectFileOffer {
  const frame = decodeControl(pb.DirectFileOffer, bytes, 'direct file offer')
  if (frame.version !== BLOB_VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `direct file offer has version ${frame.version}, this device speaks ${BLOB_VERSION}`)
  if (!isValidAddress(frame.sender)) throw new ProtocolError('INVALID_FIELD', 'a direct file offer names no valid sender')
  return { sender: frame.sender, blobId: readBlobId(frame.blobId), size: safe(frame.size, 'size') }
}

/** A relay's answer frame. */
export function encodeBlobResponse (response: BlobResponse): Uint8Array {
  if (response.type === 'error') {
    return pb.BlobResponse.encode({
      error: { code: response.code, message: response.message.slice(0, MAX_BLOB_MESSAGE_LENGTH), retryAfterMs: BigInt(Math.max(0, Math.ceil(response.retryAfterMs ?? 0))) }
    })
  }
  const s = response.status
  return pb.BlobResponse.encode({ status: { blobId: blobId(s.blobId), size: whole(s.size, 'size'), stored: whole(s.stored, 'stored'), expiresAt: whole(s.expiresAt, 'expiresAt') } })
}

/** A relay's answer frame, checked like a request (INVALID_FIELD for a status whose stored bytes exceed its size). */
export function decodeBlobResponse (bytes: Uint8Array): BlobResponse {
  const frame = decodeControl(pb.BlobResponse, bytes, 'blob answer')
  if (frame.error != null) {
    const retryAfterMs = safe(frame.error.retryAfterMs, 'retry_after_ms')
    return {
      type: 'error',
      code: frame.error.code.slice(0, 64),
      message: frame.error.message.slice(0, MAX_BLOB_MESSAGE_LENGTH),
      ...(retryAfterMs > 0 ? { retryAfterMs } : {})
    }
  }
  if (frame.status == null) throw new ProtocolError('INVALID_FIELD', 'a blob answer holds a status or an error')
  const status = {
    blobId: readBlobId(frame.status.blobId),
    size: safe(frame.status.size, 'size'),
    stored: safe(frame.status.stored, 'stored'),
    expiresAt: safe(frame.status.expiresAt, 'expires_at')
  }
  if (status.stored > status.size) throw new ProtocolError('INVALID_FIELD', 'a blob answer says more bytes are stored than the blob has')
  return { type: 'status', status }
}

function decodeControl<T> (codec: { decode: (b: Uint8Array) => T }, bytes: Uint8Array, what: string): T {
  if (bytes.length === 0) throw new ProtocolError('TRUNCATED', `empty ${what}`)
  if (bytes.length > MAX_BLOB_CONTROL_BYTES) throw new ProtocolError('TOO_LARGE', `${what} of ${bytes.length} bytes exceeds ${MAX_BLOB_CONTROL_BYTES}`)
  try {
    return codec.decode(bytes)
  } catch {
    throw new ProtocolError('MALFORMED', `${what} does not decode`)
  }
}

function safe (value: bigint, name: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('INVALID_FIELD', `"${name}" is out of range`)
  return Number(value)
}

function readBlobId (id: Uint8Array): Uint8Array {
  if (id.length !== BLOB_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `a blob id is ${BLOB_ID_BYTES} bytes`)
  return id.slice()
}

function blobId (id: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!(id instanceof Uint8Array) || id.length !== BLOB_ID_BYTES) throw new RangeError(`"blobId" expected ${BLOB_ID_BYTES} bytes`)
  return id as Uint8Array<ArrayBuffer>
}

function whole (n: number, name: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`"${name}" expected a whole number`)
  return BigInt(n)
}
