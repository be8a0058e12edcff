/**
 * Files sealed on this device and sent through the relay, and fetched and opened here, with
 * bounded memory whatever their size: a few chunks in flight at a time. An upload that breaks
 * resumes from the bytes the relay holds (the chunks read from the file again and sealed again to
 * the same bytes); a download resumes at the next chunk to open.
 */
import {
  AttachmentOpener, AttachmentSealer, OCTET_STREAM, openChunks, fromBase64, fromHex, isProtocolError, isValidFileName, isValidMediaType, randomBytes, toBase64, toHex,
  type ChunkLayout, type DirectFileOffer
} from '@parley/protocol'
import { NodeError, RelayRequestError, failureKind } from '../errors.js'
import { MESSAGE_TTL_MS } from '../constants.js'
import type { Clock } from '../components.js'
import type { StoredAttachment } from './attachment.js'
import type { BlobLink } from './blob-link.js'
import { sleep } from '../relay/time.js'

/** Devices to push a file to directly, and how (see DirectFiles.push). */
export interface DirectPush {
  devices: string[]
  /** This user's address, as the offer names the sender. */
  sender: string
  push: (peerId: string, offer: DirectFileOffer, from: (stored: number) => AsyncIterable<Uint8Array>, sent: (bytes: number, stored: number) => void, signal?: AbortSignal) => Promise<unknown>
}

/** A signal that never aborts, for waits of a transfer without one. */
const NEVER = new AbortController().signal

/** A file to send: its bytes can be read at any offset, as often as a resumed upload needs. */
export interface FileSource {
  /** The name it is sent under (a name, not a path). */
  readonly name: string
  readonly size: number
  /** Its media type, when known. */
  readonly type?: string
  /** `length` bytes from `offset` (fewer only at the end). */
  read: (offset: number, length: number) => Promise<Uint8Array>
}

/** Where a fetched file goes, in order; nothing of it counts until `close`. */
export interface FileSink {
  write: (bytes: Uint8Array) => Promise<void>
  /** The file is whole and checked: keep it. */
  close: () => Promise<void>
  /** The file failed: throw away what was written. */
  abort: () => Promise<void>
}

/** A source over bytes in memory (small things: a profile, a test's file). */
export function bytesSource (name: string, bytes: Uint8Array, type?: string): FileSource {
  return {
    name,
    size: bytes.length,
    ...(type !== undefined ? { type } : {}),
    read: async (offset, length) => bytes.slice(offset, offset + length)
  }
}

/** A sink into memory, for a file known to be at most `size` bytes (its reference says so, and the opener holds it to that). */
export function bytesSink (size: number): FileSink & { bytes: () => Uint8Array } {
  const out = new Uint8Array(size)
  let at = 0
  let closed = false
  return {
    write: async bytes => {
      if (bytes.length > size - at) throw new NodeError('REJECTED', `the file runs past its ${size} bytes`)
      out.set(bytes, at)
      at += bytes.length
    },
    close: async () => { closed = true },
    abort: async () => { at = 0 },
    bytes: () => {
      if (!closed) throw new NodeError('BAD_INPUT', 'the file is not whole yet')
      return out.subarray(0, at)
    }
  }
}

/** How far a transfer is: bytes of the file sent or received so far, of `total`. */
export interface TransferProgress { done: number, total: number }

/** Options of an upload or download. */
export interface TransferOptions {
  signal?: AbortSignal
  onProgress?: (progress: TransferProgress) => void
}

/** Tries a transfer makes before it gives up, for passing failures (a broken connection, a busy relay). */
export const TRANSFER_TRIES = 8
/** Wait before the first retry, doubled after each. */
const RETRY_FIRST_MS = 250
/** Chunks sealed or opened ahead of the stream (each up to a chunk's size in memory). */
const PIPELINE_DEPTH = 4

/** Sends and fetches attachments through the home relay. */
export class FileTransfers {
  constructor (
    private readonly c: { clock: Clock, warn?: (message: string) => void },
    private readonly link: BlobLink,
    /** The sealed bytes of a blob this device holds whole because `sender` pushed it here over a direct connection, from an offset. */
    private readonly local?: (blobId: string, sealedSize: number, offset: number, sender: string) => Promise<AsyncIterable<Uint8Array> | undefined>
  ) {}

  /**
   * Seals `source` and uploads it to the home relay; resolves with the attachment a message
   * names it by. With `direct`, it is pushed to each of those devices over its direct connection
   * instead, and goes to the relay only if a push breaks. MISMATCH (a final error) when the file
   * changes while it is being sent.
   */
  async upload (source: FileSource, options: TransferOptions & { expiresAt?: number, direct?: DirectPush } = {}): Promise<StoredAttachment> {
    const name = source.name
    if (!isValidFileName(name)) throw new NodeError('BAD_INPUT', `"${name}" cannot be sent as a file name (1 to 255 bytes, no path, no control characters)`)
    const mediaType = source.type !== undefined && isValidMediaType(source.type) ? source.type : OCTET_STREAM
    if (!Number.isSafeInteger(source.size) || source.size < 0) throw new NodeError('BAD_INPUT', 'the file has no size')
    const sealer = await AttachmentSealer.create(source.size)
    const layout = sealer.layout
    const attachment = (blobId: Uint8Array): StoredAttachment => ({
      name,
      mediaType,
      size: source.size,
      relay: this.link.relayName,
      blobId: toHex(blobId),
      key: toBase64(sealer.key),
      sha256: toBase64(sealer.hash()),
      chunkBytes: layout.chunkBytes
    })
    if (options.direct !== undefined) {
      const pushed = await this.pushDirect(sealer, source, options.direct, options)
      if (pushed !== undefined) return attachment(pushed)
    }
    const expiresAt = options.expiresAt ?? this.c.clock.now() + MESSAGE_TTL_MS
    const created = await this.retrying(async () => await this.link.create(layout.sealedSize, expiresAt, options.signal), options.signal)
    const blobId = created.blobId
    const progress = (stored: number): void => { options.onProgress?.({ done: plainBytes(layout, stored), total: source.size }) }
    progress(0)
    try {
      let reached = 0
      await this.retrying(async () => {
        let stored = 0
        await this.link.upload(blobId, from => this.sealedFrom(sealer, source, from, options.signal), (bytes, start) => {
          stored = stored === 0 ? start + bytes : stored + bytes
          reached = Math.max(reached, stored)
          progress(stored)
        }, options.signal)
      }, options.signal, () => reached)
    } catch (err) {
      // What was reserved for it is given back now, not when an unfinished upload expires (best effort).
      await this.link.delete(blobId).catch(() => {})
      throw err
    }
    progress(layout.sealedSize)
    return attachment(blobId)
  }

  /**
   * Pushes the sealed file to each device in turn (progress counts them all); the blob id the
   * message names, or undefined when a push broke (said as a warning: the relay takes it then).
   */
  private async pushDirect (sealer: AttachmentSealer, source: FileSource, direct: DirectPush, options: TransferOptions): Promise<Uint8Array | undefined> {
    const layout = sealer.layout
    const blobId = randomBytes(16)
    const total = source.size * direct.devices.length
    try {
      for (const [i, peerId] of direct.devices.entries()) {
        const before = i * source.size
        let stored = 0
        options.onProgress?.({ done: before, total })
        await direct.push(peerId, { sender: direct.sender, blobId, size: layout.sealedSize }, from => this.sealedFrom(sealer, source, from, options.signal), (bytes, start) => {
          stored = stored === 0 ? start + bytes : stored + bytes
          options.onProgress?.({ done: before + plainBytes(layout, stored), total })
        }, options.signal)
      }
      options.onProgress?.({ done: total, total })
      return blobId
    } catch (err: any) {
      // The file itself changing, or the person stopping it, is not the connection's fault.
      if (options.signal?.aborted === true || isProtocolError(err, 'MISMATCH')) throw err
      this.c.warn?.(`the file could not go directly (${err?.message ?? 'the connection broke'}); it goes through the relay`)
      return undefined
    }
  }

  /** Keeps one of this account's uploaded blobs on the relay until `expiresAt` (retried like a transfer). */
  async keep (blobId: string, expiresAt: number, signal?: AbortSignal): Promise<void> {
    await this.retrying(async () => { await this.link.keep(fromHex(blobId), expiresAt, signal) }, signal)
  }

  /** Deletes one of this account's blobs on the relay (one try). */
  async delete (blobId: string, signal?: AbortSignal): Promise<void> { await this.link.delete(fromHex(blobId), signal) }

  /**
   * Fetches an attachment, opens and checks it chunk by chunk, and writes it to `sink`; the sink
   * is closed once the whole file is checked, or aborted. A final ProtocolError for a file that
   * is not the one its message names (altered, cut, run on).
   */
  async download (attachment: StoredAttachment, sink: FileSink, options: TransferOptions & { pushedBy?: string } = {}): Promise<void> {
    const opener = await AttachmentOpener.create({ key: fromBase64(attachment.key), size: attachment.size, chunkBytes: attachment.chunkBytes, sha256: fromBase64(attachment.sha256) })
    const layout = opener.layout
    const report = (): void => { options.onProgress?.({ done: Math.min(attachment.size, opener.openedChunks * layout.chunkBytes), total: attachment.size }) }
    report()
    try {
      await this.retrying(async () => {
        const offset = layout.sealedOffset(opener.openedChunks)
        // A copy that came over a direct connection is read here; anything else from the relay.
        const pushed = options.pushedBy !== undefined ? await this.local?.(attachment.blobId, layout.sealedSize, offset, options.pushedBy) : undefined
        const bytes = pushed ?? await (async () => {
          const { status, bytes } = await this.link.download(attachment.relay, fromHex(attachment.blobId), offset, options.signal)
          if (status.size !== layout.sealedSize) {
            throw new NodeError('REJECTED', `the relay's file is ${status.size} bytes, not the ${layout.sealedSize} its message names`)
          }
          return bytes
        })()
        // Written in order behind the opening, a few chunks at most.
        let writes: Promise<void> = Promise.resolve()
        let queued = 0
        for await (const plain of openChunks(opener, bytes)) {
          queued++
          writes = writes.then(async () => { await sink.write(plain) }).finally(() => { queued-- })
          writes.catch(() => {})
          if (queued >= PIPELINE_DEPTH) await writes
          report()
        }
        await writes
      }, options.signal, () => opener.openedChunks)
    } catch (err) {
      await sink.abort().catch(() => {})
      throw err
    }
    await sink.close()
  }

  /** The sealed bytes of a source from `stored` on: chunks read and sealed a few ahead of the stream. */
  private async * sealedFrom (sealer: AttachmentSealer, source: FileSource, stored: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const layout = sealer.layout
    const first = layout.chunkAt(stored)
    // Reads run ahead in parallel; sealings start in chunk order (each claims its place as it starts).
    let turn: Promise<void> = Promise.resolve()
    const seal = async (index: number): Promise<Uint8Array> => {
      const reading = source.read(layout.plainOffset(index), layout.plainLength(index))
      const previous = turn
      let started!: () => void
      turn = new Promise(resolve => { started = resolve })
      try {
        const plain = await reading
        await previous
        const sealing = sealer.sealChunk(index, plain)
        started()
        return await sealing
      } finally {
        started()
      }
    }
    const ahead: Array<Promise<Uint8Array>> = []
    let next = first
    const fill = (): void => {
      while (ahead.length < PIPELINE_DEPTH && next < layout.count) {
        const p = seal(next++)
        p.catch(() => {})
        ahead.push(p)
      }
    }
    try {
      fill()
      for (let index = first; index < layout.count; index++) {
        if (signal?.aborted === true) throw signal.reason
        const sealed = await (ahead.shift() as Promise<Uint8Array>)
        fill()
        yield index === first ? sealed.subarray(stored - layout.sealedOffset(index)) : sealed
      }
    } finally {
      // Chunks sealed ahead and not sent are waited for: a resumed upload seals them again.
      await Promise.allSettled(ahead)
    }
  }

  /**
   * Runs `attempt` until it succeeds, a final failure, the signal, or TRANSFER_TRIES passing
   * failures in a row without progress (`position` says how far the transfer is: a try that moved
   * it on starts the count again, so a long transfer survives any number of broken connections).
   */
  private async retrying<T> (attempt: () => Promise<T>, signal?: AbortSignal, position: () => number = () => 0): Promise<T> {
    let wait = RETRY_FIRST_MS
    let tries = 0
    let reached = position()
    for (;;) {
      try {
        return await attempt()
      } catch (err: any) {
        if (signal?.aborted === true) throw signal.reason ?? err
        if (position() > reached) { reached = position(); tries = 0; wait = RETRY_FIRST_MS }
        tries++
        if (final(err) || tries >= TRANSFER_TRIES) throw err
        this.c.warn?.(`${err?.message ?? 'the transfer broke off'}; trying again`)
        const retryAfter = typeof err?.retryAfterMs === 'number' ? err.retryAfterMs : 0
        // The wait ends early on an abort; the next try then fails on the signal and is thrown above.
        await sleep(Math.max(wait, retryAfter), signal ?? NEVER)
        wait = Math.min(wait * 2, 10_000)
      }
    }
  }
}

/** The relay's refusals no retry of this transfer changes (a full account, a blob gone), and every final failure. */
const FINAL_BLOB_CODES = new Set(['QUOTA_EXCEEDED', 'TOO_LARGE', 'BAD_REQUEST', 'NOT_FOUND', 'UNAUTHENTICATED', 'UNSUPPORTED_VERSION'])
function final (err: unknown): boolean {
  return failureKind(err) === 'final' || (err instanceof RelayRequestError && FINAL_BLOB_CODES.has(err.relayCode))
}

/** Bytes of the file that `sealed` bytes of its sealed form hold. */
function plainBytes (layout: ChunkLayout, sealed: number): number {
  const index = layout.chunkAt(sealed)
  const within = Math.max(0, Math.min(layout.plainLength(index), sealed - layout.sealedOffset(index)))
  return Math.min(layout.size, layout.plainOffset(index) + within)
}
