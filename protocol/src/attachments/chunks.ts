/**
 * Attachments encrypted in chunks (PROTOCOL.md "Attachments"): AES-256-GCM under a fresh key per
 * attachment, each chunk's nonce and additional data carrying its index and whether it is the
 * last, as in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
 * Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015). A chunk moved,
 * dropped, repeated, cut short, or an attachment cut after any chunk but its last, fails to open.
 * Streams hold one chunk at a time, whatever the attachment's size.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { ProtocolError } from '../errors.js'
import { bufferSource } from '../wire.js'
import { concatBytes, constantTimeEqual, randomBytes, utf8Encode } from '../bytes.js'
import { CONTENT_KEY_BYTES, GCM_TAG_BYTES, IV_BYTES } from '../constants.js'

/** Bytes of an attachment's key (AES-256, as a content key). */
export const ATTACHMENT_KEY_BYTES = CONTENT_KEY_BYTES
/** Plaintext bytes per chunk unless the sender picks another size (256 KiB: few WebCrypto calls, little memory). */
export const DEFAULT_CHUNK_BYTES = 256 * 1024
/** Smallest and largest chunk sizes a reference may name: more calls than this per MiB, or more memory than this per chunk, are refused. */
export const MIN_CHUNK_BYTES = 1024
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024
/** The most chunks an attachment has: the index is 32 bits (at 256 KiB chunks, 1 PiB). */
export const MAX_CHUNKS = 2 ** 32 - 1
/** GCM's tag, after each chunk's ciphertext. */
export const CHUNK_TAG_BYTES = GCM_TAG_BYTES
/** SHA-256 of a sealed attachment, as its reference carries it. */
export const ATTACHMENT_HASH_BYTES = 32

const AAD_CONTEXT = utf8Encode('parley/attachment/v1')

/** The ciphertext size of an attachment of `size` plaintext bytes in `chunkBytes` chunks (an empty one is one empty chunk). */
export function sealedSize (size: number, chunkBytes: number): number {
  checkChunkBytes(chunkBytes)
  checkSize(size, chunkBytes)
  return size + Math.max(1, Math.ceil(size / chunkBytes)) * CHUNK_TAG_BYTES
}

/**
 * Seals or opens the chunks of one attachment. A cipher that seals makes its own key and seals
 * one attachment once (its nonces are chunk indices: a key sealing twice would repeat them); one
 * made from a reference's key only opens.
 */
export class AttachmentCipher {
  private sealing: 'ready' | 'used' | 'never'

  private constructor (private readonly cryptoKey: CryptoKey, readonly key: Uint8Array<ArrayBuffer> | undefined) {
    this.sealing = key !== undefined ? 'ready' : 'never'
  }

  /** A cipher under a fresh key (`key`, for the reference), to seal one attachment. */
  static async fresh (): Promise<AttachmentCipher> {
    const key = randomBytes(ATTACHMENT_KEY_BYTES)
    return new AttachmentCipher(await importKey(key), key)
  }

  /** A cipher that opens the attachment sealed under `key` (ATTACHMENT_KEY_BYTES). */
  static async forKey (key: Uint8Array): Promise<AttachmentCipher> {
    if (!(key instanceof Uint8Array) || key.length !== ATTACHMENT_KEY_BYTES) throw new TypeError(`"key" expected Uint8Array of length ${ATTACHMENT_KEY_BYTES}`)
    return new AttachmentCipher(await importKey(key), undefined)
  }

  /** Claims the cipher's one sealing run; TypeError when it was made to open, or sealed before. */
  startSealing (): void {
    if (this.sealing !== 'ready') throw new TypeError(this.sealing === 'used' ? 'an attachment cipher seals one attachment only (a fresh key for each)' : 'a cipher made from a received key only opens')
    this.sealing = 'used'
  }

  /** Chunk `index` of the attachment, sealed; `last` for its final chunk. Only from `sealChunks`. */
  async seal (index: number, last: boolean, plaintext: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    if (this.sealing !== 'used') throw new TypeError('chunks are sealed through sealChunks, once per key')
    const { iv, additionalData } = chunkParameters(index, last)
    return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, this.cryptoKey, plaintext))
  }

  /** Chunk `index` opened; DECRYPT_FAILED when it is not that chunk (moved, altered, or claimed last or not wrongly). */
  async open (index: number, last: boolean, sealed: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    if (sealed.length < CHUNK_TAG_BYTES) throw new ProtocolError('TRUNCATED', `attachment chunk ${index} is shorter than its tag`)
    const { iv, additionalData } = chunkParameters(index, last)
    try {
      return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, this.cryptoKey, sealed))
    } catch {
      throw new ProtocolError('DECRYPT_FAILED', `attachment chunk ${index} does not open`)
    }
  }
}

/** What a sealed stream ends with: its plaintext size, its sealed size, and the SHA-256 of its ciphertext (the reference carries them). */
export interface SealedTotals { size: number, sealedSize: number, sha256: Uint8Array }

/**
 * Seals `source` (any split of the plaintext) chunk by chunk under a fresh cipher's key; yields
 * each sealed chunk, and `totals` is filled once the last is out. Holds one chunk and the next in
 * memory. TypeError for a cipher that did not come from `AttachmentCipher.fresh`, or sealed before.
 */
export async function * sealChunks (cipher: AttachmentCipher, source: AsyncIterable<Uint8Array>, chunkBytes: number, totals: Partial<SealedTotals> = {}): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  checkChunkBytes(chunkBytes)
  cipher.startSealing()
  const hash = sha256.create()
  let index = 0
  let size = 0
  let pending: Uint8Array<ArrayBuffer> | undefined
  const emit = async (chunk: Uint8Array<ArrayBuffer>, last: boolean): Promise<Uint8Array<ArrayBuffer>> => {
    const out = await cipher.seal(index++, last, chunk)
    hash.update(out)
    return out
  }
  for await (const piece of rechunk(source, chunkBytes)) {
    // One chunk held back: only the end of the source says which chunk is the last.
    if (pending !== undefined) yield await emit(pending, false)
    size += piece.length
    if (size > MAX_CHUNKS * chunkBytes) throw new ProtocolError('TOO_LARGE', `an attachment has at most ${MAX_CHUNKS} chunks`)
    pending = piece
  }
  yield await emit(pending ?? new Uint8Array(0), true)
  totals.size = size
  totals.sealedSize = sealedSize(size, chunkBytes)
  totals.sha256 = hash.digest()
}

/**
 * Opens a sealed stream (`source`: any split of the ciphertext) chunk by chunk, yielding
 * plaintext; checks it against what the reference says (`size`, `sha256` of the ciphertext) before
 * yielding its last chunk. INVALID_FIELD for a reference out of range; TRUNCATED when it ends
 * before its last chunk; MALFORMED when bytes follow it; MISMATCH when its hash is not the
 * reference's; DECRYPT_FAILED for a chunk that does not open. What was yielded before a failure
 * must be thrown away by the caller.
 */
export async function * openChunks (cipher: AttachmentCipher, source: AsyncIterable<Uint8Array>, expected: { chunkBytes: number, size: number, sha256: Uint8Array }): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const total = sealedSize(expected.size, expected.chunkBytes)
  if (!(expected.sha256 instanceof Uint8Array) || expected.sha256.length !== ATTACHMENT_HASH_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `an attachment's hash is ${ATTACHMENT_HASH_BYTES} bytes`)
  }
  const hash = sha256.create()
  const chunks = rechunk(source, expected.chunkBytes + CHUNK_TAG_BYTES)[Symbol.asyncIterator]()
  let index = 0
  let read = 0
  for (let next = await chunks.next(); next.done !== true;) {
    const chunk = next.value
    read += chunk.length
    if (read > total) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
    // A short chunk is the stream's end: one that ends before the reference's size was cut.
    if (read < total && chunk.length < expected.chunkBytes + CHUNK_TAG_BYTES) break
    const last = read === total
    hash.update(chunk)
    if (last) {
      if (!(await chunks.next()).done) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
      if (!constantTimeEqual(hash.digest(), expected.sha256)) throw new ProtocolError('MISMATCH', 'the attachment is not the one its message names (its hash differs)')
      yield await cipher.open(index, true, chunk)
      return
    }
    yield await cipher.open(index++, false, chunk)
    next = await chunks.next()
  }
  throw new ProtocolError('TRUNCATED', `the attachment ends after ${read} of its ${total} bytes`)
}

/** `source` cut into pieces of `bytes` (the last may be shorter; none empty), each a fresh buffer of its own. */
async function * rechunk (source: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let chunk = new Uint8Array(bytes)
  let held = 0
  for await (const piece of source) {
    let offset = 0
    while (offset < piece.length) {
      const take = Math.min(bytes - held, piece.length - offset)
      chunk.set(piece.subarray(offset, offset + take), held)
      held += take
      offset += take
      if (held === bytes) {
        yield chunk
        chunk = new Uint8Array(bytes)
        held = 0
      }
    }
  }
  if (held > 0) yield chunk.slice(0, held)
}

/** The nonce and additional data of chunk `index`: 7 zero bytes, the index (32 bits), the last-chunk flag (the key is never used for another attachment). */
function chunkParameters (index: number, last: boolean): { iv: Uint8Array<ArrayBuffer>, additionalData: Uint8Array<ArrayBuffer> } {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_CHUNKS - 1) throw new ProtocolError('TOO_LARGE', `an attachment has at most ${MAX_CHUNKS} chunks`)
  const iv = new Uint8Array(IV_BYTES)
  new DataView(iv.buffer).setUint32(7, index)
  iv[11] = last ? 1 : 0
  return { iv, additionalData: concatBytes(AAD_CONTEXT, iv.subarray(7)) }
}

async function importKey (key: Uint8Array): Promise<CryptoKey> {
  return await globalThis.crypto.subtle.importKey('raw', bufferSource(key), 'AES-GCM', false, ['encrypt', 'decrypt'])
}

function checkChunkBytes (chunkBytes: number): void {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `an attachment's chunk size is ${MIN_CHUNK_BYTES} to ${MAX_CHUNK_BYTES} bytes`)
  }
}

function checkSize (size: number, chunkBytes: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_CHUNKS * chunkBytes) {
    throw new ProtocolError('INVALID_FIELD', `an attachment's size is 0 to ${MAX_CHUNKS} chunks of ${chunkBytes} bytes`)
  }
}
