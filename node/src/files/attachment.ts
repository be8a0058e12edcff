/**
 * A file message's attachment as history keeps it (every record is sealed at rest): what shows
 * it, and the reference that fetches and opens it.
 */
import { decodeFileMessage, decodeTextBody, encodeFileMessage, fromBase64, fromHex, toBase64, toHex, utf8Encode, type Content, type FileMessage } from '@parley/protocol'

/** An attachment of a stored message. */
export interface StoredAttachment {
  /** The name it was sent under (only ever a name, never a path). */
  name: string
  mediaType: string
  /** Plaintext bytes. */
  size: number
  /** Where its sealed bytes are kept: a relay's name and the blob's id there (hex). */
  relay: string
  blobId: string
  /** The attachment's own key, and the hash its sealed chunks make (base64). */
  key: string
  sha256: string
  chunkBytes: number
  thumbnail?: { data: string, type: string }
  width?: number
  height?: number
  durationMs?: number
  voice?: boolean
}

/** The attachment of a decoded file message. */
export function attachmentOf (m: FileMessage): StoredAttachment {
  return {
    name: m.file.fileName,
    mediaType: m.file.mediaType,
    size: m.file.size,
    relay: m.file.relay,
    blobId: toHex(m.file.blobId),
    key: toBase64(m.file.key),
    sha256: toBase64(m.file.sha256),
    chunkBytes: m.file.chunkBytes,
    ...(m.thumbnail !== undefined ? { thumbnail: { data: toBase64(m.thumbnail.bytes), type: m.thumbnail.type } } : {}),
    ...(m.width !== undefined ? { width: m.width } : {}),
    ...(m.height !== undefined ? { height: m.height } : {}),
    ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}),
    ...(m.voice === true ? { voice: true } : {})
  }
}

/** The file message that carries `a` (and `caption`, when there is one). */
export function fileMessageOf (a: StoredAttachment, caption?: string): FileMessage {
  return {
    file: { relay: a.relay, blobId: fromHex(a.blobId), key: fromBase64(a.key), size: a.size, chunkBytes: a.chunkBytes, sha256: fromBase64(a.sha256), mediaType: a.mediaType, fileName: a.name },
    ...(caption !== undefined && caption !== '' ? { caption } : {}),
    ...(a.thumbnail !== undefined ? { thumbnail: { bytes: fromBase64(a.thumbnail.data), type: a.thumbnail.type as 'image/jpeg' } } : {}),
    ...(a.width !== undefined ? { width: a.width } : {}),
    ...(a.height !== undefined ? { height: a.height } : {}),
    ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}),
    ...(a.voice === true ? { voice: true } : {})
  }
}

/**
 * What a text or file content shows in a conversation: its text (a file's caption, or none) and
 * its attachment. A final ProtocolError for a body that does not decode.
 */
export function shownContent (content: Pick<Content, 'kind' | 'body'>): { text: string, attachment?: StoredAttachment } {
  if (content.kind === 'file') {
    const m = decodeFileMessage(content.body)
    return { text: m.caption ?? '', attachment: attachmentOf(m) }
  }
  return { text: decodeTextBody(content.body) }
}

/** The content an outgoing message is sent as: a file message when it has an attachment (its text the caption), else its text. */
export function contentOf (message: { text: string, attachment?: StoredAttachment | undefined }): { kind: 'text' | 'file', body: Uint8Array } {
  if (message.attachment !== undefined) return { kind: 'file', body: encodeFileMessage(fileMessageOf(message.attachment, message.text)) }
  return { kind: 'text', body: utf8Encode(message.text) }
}

/** A byte count for people: 980 B, 1.4 KiB, 200.0 MiB, 4.00 GiB. */
export function formatBytes (n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 2 ** 20) return `${(n / 1024).toFixed(1)} KiB`
  if (n < 2 ** 30) return `${(n / 2 ** 20).toFixed(1)} MiB`
  return `${(n / 2 ** 30).toFixed(2)} GiB`
}
