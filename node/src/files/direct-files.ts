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
  /** Bytes free on its disk, where that can be known. */
  free?: () => Promise<number | undefined>
}

/** Largest file one push may carry, and the most one sender's files may take here. */
export const MAX_DIRECT_FILE_BYTES = 16 * 2 ** 30
/** Bytes of pushed files one device keeps at most, over every sender. */
export const MAX_DIRECT_FILES_BYTES = 64 * 2 ** 30
/** Files from one sender this device keeps at once. */
export const MAX_DIRECT_FILES_PER_SENDER = 1000
/** Disk left free whatever comes: a file is refused if it would leave less. */
const FREE_DISK_MARGIN_BYTES = 2 * 2 ** 30
/** Pushes one sender may have under way to this device at once. */
const MAX_PUSHES_PER_SENDER = 2

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
  /** Pushes under way, by sender. */
  private readonly pushing = new Map<string, number>()
  /** Blobs being received (the sweep leaves them alone). */
  private readonly receiving = new Set<string>()
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
   * connection (from where its answer says, 0: a push is taken whole or not at all); resolves
   * once every byte is on its disk.
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
   * The sealed bytes of a blob `sender` pushed here, whole, from `offset` on; undefined when this
   * device has no whole copy of `sealedSize` bytes from them (a blob another sender pushed under
   * the same id is never read for this one).
   */
  async local (blobId: string, sealedSize: number, offset: number, sender: string): Promise<AsyncGenerator<Uint8Array> | undefined> {
    const record = await this.records.get(blobId) as PushedRecord | undefined
    const folder = await this.init.folder()
    if (record === undefined || folder === undefined || record.sender !== sender || record.stored !== record.size || record.size !== sealedSize) return undefined
    return folder.reader(blobId, offset, record.size)
  }

  /** Removes whole pushes older than a message lives, and files no record names. Returns how many records went. */
  async sweep (): Promise<number> {
    const folder = await this.init.folder()
    if (folder === undefined) return 0
    const now = this.init.clock.now()
    let gone = 0
    for await (const [hex, record] of this.records.iterator() as AsyncIterable<[string, PushedRecord]>) {
      if (this.receiving.has(hex) || (record.stored === record.size && now - record.at < MESSAGE_TTL_MS)) continue
      await this.records.del(hex)
      await folder.remove(hex)
      gone++
    }
    // Files no record names (a crash between the two): looked up again now, and never one being received.
    for (const hex of await folder.names()) {
      if (!this.receiving.has(hex) && await this.records.get(hex) === undefined) await folder.remove(hex)
    }
    return gone
  }

  /** Receives one push; every refusal is answered with its reason, then the stream closes. */
  async serve (stream: Stream, remotePeer: string): Promise<void> {
    const deadline = new FrameDeadline()
    deadline.limitWait(true)
    const lp = lpStream(stream, { ...lengthPrefixOptions(MAX_BLOB_DATA_BYTES, deadline), maxBufferSize: BULK_READ_BUFFER_BYTES })
    const answer = async (status: BlobStatus): Promise<void> => { await lp.write(encodeBlobResponse({ type: 'status', status })) }
    try {
      // A pusher keeps sending: one that stops for FIRST_FRAME_DEADLINE_MS is cut off (its sender goes through the relay).
      const offer = decodeDirectFileOffer((await deadline.read(async signal => await lp.read({ signal }))).subarray())
      if (!await this.init.isContactDevice(offer.sender, remotePeer)) throw new RelayRequestError('UNAUTHENTICATED', 'only a contact\'s own device may send a file here directly')
      if (offer.size === 0 || offer.size > MAX_DIRECT_FILE_BYTES) throw new RelayRequestError('TOO_LARGE', `a file sent directly is 1 byte to ${MAX_DIRECT_FILE_BYTES / 2 ** 30} GiB here`)
      const running = this.pushing.get(offer.sender) ?? 0
      if (running >= MAX_PUSHES_PER_SENDER) throw new RelayRequestError('RATE_LIMITED', 'too many files from you are on their way here at once')
      this.pushing.set(offer.sender, running + 1)
      try {
        // Paused between reads from here on (the sender waits for this disk, not for this memory), and only for a contact's device.
        const paced = pacedReads(stream, MAX_BLOB_DATA_BYTES, async signal => await lp.read(signal !== undefined ? { signal } : {}))
        await this.receive(offer, async () => (await deadline.read(async signal => await paced(signal))).subarray(), answer)
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

  /**
   * Takes one push whole, or nothing of it: a push that breaks is thrown away (its sender goes
   * through the relay, and a later push of the file comes under a new id).
   */
  private async receive (offer: DirectFileOffer, read: () => Promise<Uint8Array>, answer: (status: BlobStatus) => Promise<void>): Promise<void> {
    const folder = await this.init.folder()
    if (folder === undefined) throw new RelayRequestError('UNAVAILABLE', 'this device keeps no files sent directly')
    const hex = toHex(offer.blobId)
    if (this.receiving.has(hex) || await this.records.get(hex) !== undefined) throw new RelayRequestError('BAD_REQUEST', 'this device already holds a file under that id')
    this.receiving.add(hex)
    let kept = false
    try {
      const record: PushedRecord = { sender: offer.sender, size: offer.size, stored: 0, at: this.init.clock.now() }
      // The room is reserved with the record, one push at a time: two pushes cannot both take the last of it.
      await this.locks.run('room', async () => {
        await this.checkRoom(offer, folder)
        await this.records.put(hex, record)
      })
      const writer = await folder.writer(hex, 0)
      let closed = false
      try {
        let written = 0
        await answer({ blobId: offer.blobId, size: offer.size, stored: 0, expiresAt: 0 })
        while (written < offer.size) {
          const frame = await read()
          if (frame.length === 0 || frame.length > offer.size - written) throw new RelayRequestError('TOO_LARGE', `the file is ${offer.size} bytes; this goes past its end`)
          await writer.write(frame)
          written += frame.length
        }
        await writer.sync()
        closed = true
        await writer.close()
        await this.records.put(hex, { ...record, stored: offer.size })
        kept = true
        await answer({ blobId: offer.blobId, size: offer.size, stored: offer.size, expiresAt: 0 })
      } finally {
        if (!closed) await writer.close().catch(() => {})
      }
    } finally {
      if (!kept) {
        await this.records.del(hex).catch(() => {})
        await folder.remove(hex).catch(() => {})
      }
      this.receiving.delete(hex)
    }
  }

  /**
   * QUOTA_EXCEEDED when `offer` would take its sender past MAX_DIRECT_FILES_PER_SENDER files or
   * MAX_DIRECT_FILE_BYTES of them, every sender past MAX_DIRECT_FILES_BYTES, or the disk past
   * what it has free (with a margin).
   */
  private async checkRoom (offer: DirectFileOffer, folder: BlobFolder): Promise<void> {
    let held = 0
    let fromSender = 0
    let filesFromSender = 0
    for await (const record of this.records.values() as AsyncIterable<PushedRecord>) {
      held += record.size
      if (record.sender === offer.sender) { fromSender += record.size; filesFromSender++ }
    }
    if (filesFromSender >= MAX_DIRECT_FILES_PER_SENDER || fromSender + offer.size > MAX_DIRECT_FILE_BYTES) throw new RelayRequestError('QUOTA_EXCEEDED', 'this device holds as many files sent directly by you as it keeps')
    if (held + offer.size > MAX_DIRECT_FILES_BYTES) throw new RelayRequestError('QUOTA_EXCEEDED', 'this device holds as many files sent directly as it keeps')
    const free = await folder.free?.()
    if (free !== undefined && offer.size + FREE_DISK_MARGIN_BYTES > free) throw new RelayRequestError('QUOTA_EXCEEDED', 'this device has not the room for the file')
  }
}
