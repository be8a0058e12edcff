/**
 * Attachments encrypted in chunks (PROTOCOL.md "Attachments"): AES-256-GCM under a fresh key per
 * attachment, each chunk's nonce and additional data carrying its index and whether it is the
 * last, as in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
 * Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015). A chunk moved,
 * dropped, repeated, cut short, or an attachment cut after any chunk but its last, fails to open.
 * The reference's hash covers the SHA-256 of each sealed chunk, so it is computed chunk by chunk
 * (WebCrypto's digest, the fast one in Node and in browsers), whatever the attachment's size.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { ProtocolError } from '../errors.js'
import { bufferSource } from '../wire.js'
import { concatBytes, constantTimeEqual, randomBytes, utf8Encode } from '../bytes.js'
import { CONTENT_KEY_BYTES, GCM_TAG_BYTES, IV_BYTES } from '../constants.js'

/** Bytes of an attachment's key (AES-256, as a content key). */
export const ATTACHMENT_KEY_BYTES = CONTENT_KEY_BYTES
/** Plaintext bytes per chunk unless the attachment is large (256 KiB: few WebCrypto calls, little memory). */
export const DEFAULT_CHUNK_BYTES = 256 * 1024
/** Smallest and largest chunk sizes a reference may name: more calls than this per MiB, or more memory than this per chunk, are refused. */
export const MIN_CHUNK_BYTES = 1024
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024
/** The most chunks an attachment has: the index is 32 bits (at 256 KiB chunks, 1 PiB). */
export const MAX_CHUNKS = 2 ** 32 - 1
/** Chunks a sender seals one attachment in at most, so it holds at most 2 MiB of chunk hashes (at 4 MiB chunks: 256 GiB). */
export const MAX_SEALED_CHUNKS = 65_536
/** GCM's tag, after each chunk's ciphertext. */
export const CHUNK_TAG_BYTES = GCM_TAG_BYTES
/** The hash a reference carries. */
export const ATTACHMENT_HASH_BYTES = 32

const AAD_CONTEXT = utf8Encode('parley/attachment/v1')
const HASH_CONTEXT = utf8Encode('parley/attachment-hash/v1')

/** The number of chunks of an attachment of `size` bytes (an empty one is one empty chunk). */
export function chunkCount (size: number, chunkBytes: number): number {
  checkChunkBytes(chunkBytes)
  checkSize(size, chunkBytes)
  return Math.max(1, Math.ceil(size / chunkBytes))
}

/** The ciphertext size of an attachment of `size` plaintext bytes in `chunkBytes` chunks. */
export function sealedSize (size: number, chunkBytes: number): number {
  return size + chunkCount(size, chunkBytes) * CHUNK_TAG_BYTES
}

/** The chunk size a sender uses for `size` bytes: 256 KiB, or more for an attachment past 16 GiB, so it has at most MAX_SEALED_CHUNKS. */
export function chunkBytesFor (size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('"size" expected a whole number of bytes')
  const bytes = Math.max(DEFAULT_CHUNK_BYTES, Math.ceil(size / MAX_SEALED_CHUNKS / 1024) * 1024)
  if (bytes > MAX_CHUNK_BYTES) throw new ProtocolError('TOO_LARGE', `an attachment is at most ${MAX_SEALED_CHUNKS * MAX_CHUNK_BYTES} bytes`)
  return bytes
}

/** What a reference says of a sealed attachment, as far as its chunks go. */
export interface SealedShape { size: number, chunkBytes: number }

/** Offsets and lengths of the chunks of one attachment. */
export class ChunkLayout {
  readonly count: number
  readonly sealedSize: number

  /** INVALID_FIELD for a size or chunk size out of range. */
  constructor (readonly size: number, readonly chunkBytes: number) {
    this.count = chunkCount(size, chunkBytes)
    this.sealedSize = size + this.count * CHUNK_TAG_BYTES
  }

  /** Plaintext bytes of chunk `index`. */
  plainLength (index: number): number {
    return index < this.count - 1 ? this.chunkBytes : this.size - (this.count - 1) * this.chunkBytes
  }

  /** Where chunk `index` starts in the plaintext. */
  plainOffset (index: number): number { return index * this.chunkBytes }

  /** Where chunk `index` starts in the sealed attachment. */
  sealedOffset (index: number): number { return index * (this.chunkBytes + CHUNK_TAG_BYTES) }

  /** Sealed bytes of chunk `index`. */
  sealedLength (index: number): number { return this.plainLength(index) + CHUNK_TAG_BYTES }

  /** The chunk the sealed byte at `offset` falls in. */
  chunkAt (offset: number): number { return Math.min(this.count - 1, Math.floor(offset / (this.chunkBytes + CHUNK_TAG_BYTES))) }
}

/**
 * Seals one attachment of a known size under a fresh key, chunk by chunk in order. A chunk sealed
 * before can be sealed again (an upload that resumes reads it from the file once more): the
 * result is given out only when it is the very ciphertext given out the first time, so a key
 * never seals two plaintexts under one nonce. A file changed in between is refused (MISMATCH).
 */
export class AttachmentSealer {
  readonly layout: ChunkLayout
  private readonly digests: Uint8Array
  /** Chunks whose first sealing started, and those it finished. */
  private started = 0
  private sealed = 0

  private constructor (private readonly cryptoKey: CryptoKey, readonly key: Uint8Array<ArrayBuffer>, layout: ChunkLayout) {
    this.layout = layout
    this.digests = new Uint8Array(layout.count * ATTACHMENT_HASH_BYTES)
  }

  /** A sealer for `size` bytes in chunks of `chunkBytes` (chunkBytesFor(size) unless given). */
  static async create (size: number, chunkBytes = chunkBytesFor(size)): Promise<AttachmentSealer> {
    const layout = new ChunkLayout(size, chunkBytes)
    if (layout.count > MAX_SEALED_CHUNKS) throw new ProtocolError('TOO_LARGE', `an attachment is sealed in at most ${MAX_SEALED_CHUNKS} chunks (choose larger chunks)`)
    const key = randomBytes(ATTACHMENT_KEY_BYTES)
    return new AttachmentSealer(await importKey(key), key, layout)
  }

  /** Whether every chunk was sealed (then `hash` is known). */
  get complete (): boolean { return this.sealed === this.layout.count }

  /** How many chunks were sealed so far. */
  get sealedChunks (): number { return this.sealed }

  /**
   * Chunk `index` sealed. `plaintext` must be that chunk's bytes (ChunkLayout.plainLength long).
   * The first time, chunks are taken in order (the next may start before the last is done: a
   * pipeline); a chunk sealed before comes out again only if it is the same, once no first
   * sealing is under way. TypeError for a chunk out of turn; MISMATCH for one of the wrong length
   * or other bytes.
   */
  async sealChunk (index: number, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const { layout } = this
    const first = index === this.started
    if (!Number.isSafeInteger(index) || index < 0 || index >= layout.count || index > this.started || (!first && this.sealed !== this.started)) {
      throw new TypeError(`chunk ${index} cannot be sealed now: ${this.sealed} of ${layout.count} are sealed, and they go in order`)
    }
    if (plaintext.length !== layout.plainLength(index)) {
      throw new ProtocolError('MISMATCH', `chunk ${index} is ${plaintext.length} bytes, not ${layout.plainLength(index)}: the file changed while it was being sent`)
    }
    // Claimed before anything is awaited, so the next chunk's sealing can start meanwhile.
    if (first) this.started++
    const { iv, additionalData } = chunkParameters(index, index === layout.count - 1)
    let out: Uint8Array<ArrayBuffer>
    let digest: Uint8Array
    try {
      out = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, this.cryptoKey, bufferSource(plaintext)))
      digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', out))
    } catch (err) {
      // Nothing was given out: the chunk may be sealed again as a first.
      if (first) this.started = Math.min(this.started, index)
      throw err
    }
    const slot = this.digests.subarray(index * ATTACHMENT_HASH_BYTES, (index + 1) * ATTACHMENT_HASH_BYTES)
    if (!first) {
      if (!constantTimeEqual(slot, digest)) throw new ProtocolError('MISMATCH', `chunk ${index} is not what it was: the file changed while it was being sent`)
    } else {
      slot.set(digest)
      this.sealed++
    }
    return out
  }

  /** The hash the reference carries; TypeError before every chunk is sealed. */
  hash (): Uint8Array {
    if (!this.complete) throw new TypeError(`the attachment's hash is known once all ${this.layout.count} chunks are sealed (${this.sealed} are)`)
    return attachmentHash(this.digests)
  }
}

/** What an attachment's reference says of it, for opening. */
export interface AttachmentShape extends SealedShape { key: Uint8Array, sha256: Uint8Array }

/**
 * Opens one attachment chunk by chunk, in order. It checks the hash the reference carries before
 * it opens the last chunk, so whatever it hands out is either followed by that last chunk, or by
 * an error (the caller throws what it got away).
 */
export class AttachmentOpener {
  readonly layout: ChunkLayout
  private readonly hashing = sha256.create().update(HASH_CONTEXT)
  private opened = 0

  private constructor (private readonly cryptoKey: CryptoKey, layout: ChunkLayout, private readonly expected: Uint8Array) {
    this.layout = layout
  }

  /** INVALID_FIELD for a reference out of range (key, hash, size, chunk size), before anything is read. */
  static async create (shape: AttachmentShape): Promise<AttachmentOpener> {
    if (!(shape.key instanceof Uint8Array) || shape.key.length !== ATTACHMENT_KEY_BYTES) throw new ProtocolError('INVALID_FIELD', `an attachment's key is ${ATTACHMENT_KEY_BYTES} bytes`)
    if (!(shape.sha256 instanceof Uint8Array) || shape.sha256.length !== ATTACHMENT_HASH_BYTES) throw new ProtocolError('INVALID_FIELD', `an attachment's hash is ${ATTACHMENT_HASH_BYTES} bytes`)
    const layout = new ChunkLayout(shape.size, shape.chunkBytes)
    return new AttachmentOpener(await importKey(shape.key), layout, shape.sha256.slice())
  }

  /** How many chunks were opened so far (a download resumes at the next one). */
  get openedChunks (): number { return this.opened }

  /** Whether the last chunk was opened (the attachment is whole and the one named). */
  get complete (): boolean { return this.opened === this.layout.count }

  /**
   * Chunk `index` (the next one) opened. TRUNCATED or MALFORMED for a chunk of the wrong length,
   * MISMATCH when the chunks do not make the hash the reference carries (checked at the last),
   * DECRYPT_FAILED for a chunk that does not open as this one.
   */
  async openChunk (index: number, sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const { layout } = this
    if (index !== this.opened || index >= layout.count) throw new TypeError(`chunk ${index} cannot be opened now: chunk ${this.opened} of ${layout.count} is next`)
    const length = layout.sealedLength(index)
    if (sealed.length < length) throw new ProtocolError('TRUNCATED', `attachment chunk ${index} is ${sealed.length} bytes, not ${length}`)
    if (sealed.length > length) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
    const bytes = bufferSource(sealed)
    const last = index === layout.count - 1
    const { iv, additionalData } = chunkParameters(index, last)
    // Hashed and opened at once; nothing is handed out before both are done (and the hash checked, at the last).
    const [digest, plain] = await Promise.all([
      globalThis.crypto.subtle.digest('SHA-256', bytes),
      globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, this.cryptoKey, bytes).then(p => new Uint8Array(p), () => undefined)
    ])
    this.hashing.update(new Uint8Array(digest))
    if (last && !constantTimeEqual(this.hashing.digest(), this.expected)) throw new ProtocolError('MISMATCH', 'the attachment is not the one its message names (its hash differs)')
    if (plain === undefined) throw new ProtocolError('DECRYPT_FAILED', `attachment chunk ${index} does not open`)
    this.opened++
    return plain
  }
}

/** The hash of an attachment whose sealed chunks have the SHA-256 digests `digests` (concatenated, in order). */
export function attachmentHash (digests: Uint8Array): Uint8Array {
  return sha256(concatBytes(HASH_CONTEXT, digests))
}

/**
 * Seals `source` (the attachment's bytes, split anyhow) with `sealer`, yielding each sealed chunk
 * in order. MISMATCH when the source is not the size the sealer was made for.
 */
export async function * sealChunks (sealer: AttachmentSealer, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const { layout } = sealer
  let index = 0
  for await (const piece of rechunk(source, layout.chunkBytes)) {
    if (index >= layout.count || piece.length !== layout.plainLength(index)) throw new ProtocolError('MISMATCH', `the attachment is not ${layout.size} bytes: it changed while it was being sent`)
    yield await sealer.sealChunk(index++, piece)
  }
  // An empty attachment is one empty chunk.
  if (index === 0 && layout.size === 0) yield await sealer.sealChunk(index++, new Uint8Array(0))
  if (index !== layout.count) throw new ProtocolError('MISMATCH', `the attachment is not ${layout.size} bytes: it changed while it was being sent`)
}

/**
 * Opens a sealed stream (`source`: the ciphertext from the opener's next chunk on, split anyhow),
 * yielding plaintext chunk by chunk. TRUNCATED when it ends before its last chunk; MALFORMED when
 * bytes follow it; MISMATCH when its hash is not the reference's; DECRYPT_FAILED for a chunk that
 * does not open. What was yielded before a failure must be thrown away by the caller.
 */
export async function * openChunks (opener: AttachmentOpener, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const { layout } = opener
  const pieces = rechunk(source, layout.chunkBytes + CHUNK_TAG_BYTES)[Symbol.asyncIterator]()
  let read = layout.sealedOffset(opener.openedChunks)
  while (!opener.complete) {
    const next = await pieces.next()
    if (next.done === true) throw new ProtocolError('TRUNCATED', `the attachment ends after ${read} of its ${layout.sealedSize} bytes`)
    const chunk = next.value
    const index = opener.openedChunks
    if (chunk.length > layout.sealedLength(index)) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
    read += chunk.length
    if (chunk.length < layout.sealedLength(index)) throw new ProtocolError('TRUNCATED', `the attachment ends after ${read} of its ${layout.sealedSize} bytes`)
    if (opener.layout.count - 1 === index && !(await pieces.next()).done) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
    yield await opener.openChunk(index, chunk)
  }
  if (!(await pieces.next()).done) throw new ProtocolError('MALFORMED', 'bytes follow the attachment\'s last chunk')
}

/** `source` cut into pieces of `bytes` (the last may be shorter; none empty), each a fresh buffer of its own. */
export async function * rechunk (source: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
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
