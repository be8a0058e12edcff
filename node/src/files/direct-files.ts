/**
 * Files over a direct connection (PROTOCOL.md "Files over a direct connection"): a sealed
 * attachment pushed from the sender's device to each of the recipient's devices on
 * /parley/direct-file/1.0.0, instead of through the relay, when every one of them is connected
 * directly. The receiving device keeps the sealed bytes in its own blob folder until a message
 * names them; a push that breaks leaves the sender to go through the relay instead. Only a
 * contact's own device (its PeerId in their signed bundles) may push, within limits.
 */
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import {
  BULK_READ_BUFFER_BYTES, DIRECT_FILE_PROTOCOL, FrameDeadline, MAX_BLOB_DATA_BYTES, decodeDirectFileOffer, encodeBlobResponse, encodeDirectFileOffer,
  lengthPrefixOptions, pacedReads, toHex, type BlobStatus, type DirectFileOffer
} from '@parley/protocol'
import type { Libp2p, Stream } from '@libp2p/interface'
import { NodeError, RelayRequestError } from '../errors.js'
import { KeyLock } from '../key-lock.js'
import { MESSAGE_TTL_MS } from '../constants.js'
import type { Clock } from '../components.js'
import type { NodeStore } from '../node-store.js'
import { anySignal, blobAnswer, sendBlobBytes } from './blob-link.js'

/** Where the sealed bytes of files that came directly are kept (a folder in Node; none in a browser). */
export interface BlobFolder {
  /**
   * Writes blob `hex` from byte `at` on (a new file at 0; the bytes past `at` cut off otherwise).
   * `sync` says whether what was written is now on disk (where it cannot be, the bytes count only
   * once `close` has kept them, and a broken push starts over).
   */
  writer: (hex: string, at: number) => Promise<{ write: (bytes: Uint8Array) => Promise<void>, sync: () => Promise<boolean>, close: () => Promise<void> }>
  /** Blob `hex`'s bytes from `offset` to `size`. */
  reader: (hex: string, offset: number, size: number) => AsyncGenerator<Uint8Array>
  remove: (hex: string) => Promise<void>
  /** The blobs the folder holds. */
  names: () => Promise<string[]>
}

/** Largest file one push may carry. */
export const MAX_DIRECT_FILE_BYTES = 16 * 2 ** 30
/** Bytes of pushed files one device keeps at most, over every sender. */
export const MAX_DIRECT_FILES_BYTES = 64 * 2 ** 30
/** Pushes one sender may have under way to this device at once. */
const MAX_PUSHES_PER_SENDER = 2
/** A push not finished goes this long after it started; a whole one lives as long as a message may wait for it. */
const INCOMPLETE_TTL_MS = 24 * 60 * 60 * 1000
/** Bytes written between two syncs of a push (each moves `stored` on, where a resumed push starts). */
const SYNC_EVERY_BYTES = 32 * 2 ** 20

/** A pushed blob as the device records it. */
interface PushedRecord { sender: string, size: number, stored: number, at: number }

/** What the direct file service is built from. */
export interface DirectFilesInit {
  store: NodeStore
  clock: Clock
  /** The blob folder, where this device has one. */
  folder: () => Promise<BlobFolder | undefined>
  /** Whether `peerId` is a device of `sender`, a contact of this user's (their pinned key, their signed bundles). */
  isContactDevice: (sender: string, peerId: string) => Promise<boolean>
}

/** Pushing files to devices directly, and keeping what they push here. */
export class DirectFiles {
  private readonly pushing = new Map<string, number>()
  private readonly locks = new KeyLock()
  private readonly records

  constructor (private readonly init: DirectFilesInit) {
    this.records = init.store.directFiles
  }

  /** Takes pushes on `host`, where this device has a blob folder. */
  async handle (host: Pick<Libp2p, 'handle'>): Promise<void> {
    if (await this.init.folder() === undefined) return
    await host.handle(DIRECT_FILE_PROTOCOL, (stream, connection) => { void this.serve(stream, connection.remotePeer.toString()) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
  }

  /**
   * Pushes the sealed bytes `from(stored)` gives to device `peerId` over its open direct
   * connection, resuming from what it already holds; resolves once every byte is on its disk.
   */
  async push (libp2p: Libp2p, peerId: string, offer: DirectFileOffer, from: (stored: number) => AsyncIterable<Uint8Array>, sent: (bytes: number, stored: number) => void, signal?: AbortSignal): Promise<BlobStatus> {
    const connection = libp2p.getConnections(peerIdFromString(peerId)).find(c => c.status === 'open' && c.limits === undefined)
    if (connection === undefined) throw new NodeError('RELAY_UNREACHABLE', 'no direct connection to the device')
    const stream = await connection.newStream(DIRECT_FILE_PROTOCOL, { signal: anySignal(signal, 10_000) })
    const lp = lpStream(stream, { ...lengthPrefixOptions(MAX_BLOB_DATA_BYTES), maxBufferSize: BULK_READ_BUFFER_BYTES })
    try {
      await lp.write(encodeDirectFileOffer(offer), { signal: anySignal(signal, 10_000) })
      const status = await blobAnswer(lp, signal, 'the device')
      return await sendBlobBytes(stream, lp, status, from, sent, signal, 'the device')
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error('push failed'))
      throw err
    }
  }

  /**
   * The sealed bytes of a blob that came directly, whole, from `offset` on; undefined when this
   * device has no whole copy of `sealedSize` bytes.
   */
  async local (blobId: string, sealedSize: number, offset: number): Promise<AsyncGenerator<Uint8Array> | undefined> {
    const record = await this.records.get(blobId) as PushedRecord | undefined
    const folder = await this.init.folder()
    if (record === undefined || folder === undefined || record.stored !== record.size || record.size !== sealedSize) return undefined
    return folder.reader(blobId, offset, record.size)
  }

  /** Removes pushes left unfinished for a day, and whole ones older than a message lives. Returns how many went. */
  async sweep (): Promise<number> {
    const folder = await this.init.folder()
    if (folder === undefined) return 0
    const now = this.init.clock.now()
    let gone = 0
    const known = new Set<string>()
    for await (const [hex, record] of this.records.iterator() as AsyncIterable<[string, PushedRecord]>) {
      known.add(hex)
      const ttl = record.stored === record.size ? MESSAGE_TTL_MS : INCOMPLETE_TTL_MS
      if (now - record.at < ttl || this.pushing.has(`blob:${hex}`)) continue
      await this.records.del(hex)
      await folder.remove(hex)
      gone++
    }
    // Files no record names (a crash between the two) go too.
    for (const hex of await folder.names()) if (!known.has(hex)) await folder.remove(hex)
    return gone
  }

  /** Receives one push; every refusal is answered with its reason, then the stream closes. */
  async serve (stream: Stream, remotePeer: string): Promise<void> {
    const deadline = new FrameDeadline()
    deadline.limitWait(true)
    const lp = lpStream(stream, { ...lengthPrefixOptions(MAX_BLOB_DATA_BYTES, deadline), maxBufferSize: BULK_READ_BUFFER_BYTES })
    // Paused between reads: the sender waits for this disk, not for this memory.
    const paced = pacedReads(stream, MAX_BLOB_DATA_BYTES, async signal => await lp.read(signal !== undefined ? { signal } : {}))
    const read = async (): Promise<Uint8Array> => (await deadline.read(async signal => await paced(signal))).subarray()
    const answer = async (status: BlobStatus): Promise<void> => { await lp.write(encodeBlobResponse({ type: 'status', status })) }
    try {
      // A pusher keeps sending: one that stops for FIRST_FRAME_DEADLINE_MS is cut off (its sender goes through the relay).
      const offer = decodeDirectFileOffer(await read())
      if (!await this.init.isContactDevice(offer.sender, remotePeer)) throw new RelayRequestError('UNAUTHENTICATED', 'only a contact\'s own device may send a file here directly')
      if (offer.size > MAX_DIRECT_FILE_BYTES) throw new RelayRequestError('TOO_LARGE', `a file sent directly is at most ${MAX_DIRECT_FILE_BYTES / 2 ** 30} GiB here`)
      const running = this.pushing.get(offer.sender) ?? 0
      if (running >= MAX_PUSHES_PER_SENDER) throw new RelayRequestError('RATE_LIMITED', 'too many files from you are on their way here at once')
      this.pushing.set(offer.sender, running + 1)
      try {
        await this.receive(offer, read, answer)
      } finally {
        const left = (this.pushing.get(offer.sender) ?? 1) - 1
        if (left <= 0) this.pushing.delete(offer.sender)
        else this.pushing.set(offer.sender, left)
      }
      await stream.close()
    } catch (err: any) {
      const code = err instanceof RelayRequestError ? err.relayCode : err?.name === 'ProtocolError' ? 'BAD_REQUEST' : 'UNAVAILABLE'
      const message = err instanceof RelayRequestError || err?.name === 'ProtocolError' ? err.message : 'the file could not be kept here'
      try {
        await lp.write(encodeBlobResponse({ type: 'error', code, message }), { signal: AbortSignal.timeout(2000) })
        await stream.close({ signal: AbortSignal.timeout(2000) })
      } catch {
        stream.abort(new Error(message))
      }
    }
  }

  private async receive (offer: DirectFileOffer, read: () => Promise<Uint8Array>, answer: (status: BlobStatus) => Promise<void>): Promise<void> {
    const folder = await this.init.folder()
    if (folder === undefined) throw new RelayRequestError('UNAVAILABLE', 'this device keeps no files sent directly')
    const hex = toHex(offer.blobId)
    // One push per blob at a time: a second one (the sender reconnected) waits for the first to end.
    const key = `blob:${hex}`
    this.pushing.set(key, 1)
    try {
      await this.locks.run(key, async () => {
        const existing = await this.records.get(hex) as PushedRecord | undefined
        // Another sender's blob under the same id is not theirs to add to: it starts over for this one.
        const resumed = existing !== undefined && existing.sender === offer.sender && existing.size === offer.size ? existing : undefined
        if (resumed === undefined) await this.checkRoom(offer.size, hex)
        const record: PushedRecord = resumed ?? { sender: offer.sender, size: offer.size, stored: 0, at: this.init.clock.now() }
        await this.records.put(hex, record)
        const writer = await folder.writer(hex, record.stored)
        let closed = false
        try {
          let written = record.stored
          let synced = record.stored
          await answer({ blobId: offer.blobId, size: offer.size, stored: record.stored, expiresAt: 0 })
          while (written < offer.size) {
            const frame = await read()
            if (frame.length === 0 || frame.length > offer.size - written) throw new RelayRequestError('TOO_LARGE', `the file is ${offer.size} bytes; this goes past its end`)
            await writer.write(frame)
            written += frame.length
            if (written - synced >= SYNC_EVERY_BYTES && written < offer.size && await writer.sync()) {
              synced = written
              await this.records.put(hex, { ...record, stored: synced })
            }
          }
          await writer.sync()
          closed = true
          await writer.close()
          await this.records.put(hex, { ...record, stored: offer.size })
          await answer({ blobId: offer.blobId, size: offer.size, stored: offer.size, expiresAt: 0 })
        } finally {
          if (!closed) await writer.close().catch(() => {})
        }
      })
    } finally {
      this.pushing.delete(key)
    }
  }

  /** RESOURCE_EXHAUSTED when `size` more bytes would take the pushed files past MAX_DIRECT_FILES_BYTES. */
  private async checkRoom (size: number, except: string): Promise<void> {
    let held = 0
    for await (const [hex, record] of this.records.iterator() as AsyncIterable<[string, PushedRecord]>) if (hex !== except) held += record.size
    if (held + size > MAX_DIRECT_FILES_BYTES) throw new RelayRequestError('QUOTA_EXCEEDED', 'this device holds as many files sent directly as it keeps')
  }
}
