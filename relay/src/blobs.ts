/**
 * Blobs: sealed attachments kept for their senders (PROTOCOL.md "Blobs on the relay"). The bytes
 * are opaque to the relay (sealed on the sender's device); each blob is a file of its own in the
 * data folder's `blobs/`, and its record (owner, size, bytes on disk, expiry) is in LevelDB. The
 * record's `stored` counts only bytes synced to disk, so an upload resumes from it after a broken
 * connection or a crash of the relay (bytes past it are cut off first).
 */
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { BLOB_ID_BYTES, MAX_BLOB_DATA_BYTES, fromHex, toHex, type BlobStatus } from '@parley/protocol'
import { RelayError } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import type { RelayDb } from './store.js'

/** The limits of blobs, per account. */
export interface BlobLimits {
  /** Bytes of blobs one account may hold (reserved in full when a blob is made). */
  maxBytesPerAccount: number
  /** Blobs one account may hold. */
  maxBlobsPerAccount: number
  /** Bytes one account may upload per second, over all its uploads (a burst of `uploadBurstBytes` first). */
  uploadBytesPerSecond: number
  uploadBurstBytes: number
  /** Uploads one account may have under way at once. */
  maxUploadsPerAccount: number
  /** Downloads one account may have under way at once (each holds a file open and a window of data). */
  maxDownloadsPerAccount: number
  /** A blob not uploaded whole goes this long after its last byte came. */
  incompleteTtlMs: number
  /** Furthest in the future a blob may be kept. */
  maxExpiryMs: number
}

export const DEFAULT_BLOB_LIMITS: BlobLimits = {
  maxBytesPerAccount: 10 * 2 ** 30,
  maxBlobsPerAccount: 10_000,
  uploadBytesPerSecond: 256 * 2 ** 20,
  uploadBurstBytes: 512 * 2 ** 20,
  maxUploadsPerAccount: 4,
  maxDownloadsPerAccount: 8,
  incompleteTtlMs: 24 * 60 * 60 * 1000,
  maxExpiryMs: 90 * 24 * 60 * 60 * 1000
}

/** Bytes written between two syncs of an upload (each sync moves `stored` on, where a resume starts). */
const SYNC_EVERY_BYTES = 32 * 2 ** 20
/** Bytes of an upload handed to the disk and not yet written, past which the stream waits. */
const WRITE_AHEAD_BYTES = 8 * 2 ** 20

interface BlobRecord { owner: string, size: number, stored: number, expiresAt: number, touchedAt: number }

/** One account's use, as the records say. */
interface Usage { bytes: number, count: number, uploads: number, tokens: number, refilledAt: number }

/** An upload under way: written to, then finished or closed. */
export interface BlobUpload {
  readonly status: BlobStatus
  /** Appends `bytes` (TOO_LARGE past the blob's size); waits while the account's upload rate is spent. */
  write: (bytes: Uint8Array) => Promise<void>
  /** Whether every byte of the blob came. */
  readonly full: boolean
  /** Syncs what came and records it; the status after. Call once, in every case. */
  close: () => Promise<BlobStatus>
}

/** The relay's blobs. */
export class BlobStore {
  private readonly records
  /** Owner and id, so an account's blobs are found without a scan (value: the blob's size). */
  private readonly owners
  private readonly limits: BlobLimits
  private readonly dir: string
  private readonly usage = new Map<string, Promise<Usage>>()
  private readonly locks = new KeyedLock()
  /** Uploads under way, by blob id: a new one for the same blob waits for the old one to close. */
  private readonly writing = new Map<string, { abort: () => void, closed: Promise<unknown> }>()
  /** Downloads under way, by the account reading. */
  private readonly downloads = new Map<string, number>()

  constructor (private readonly db: RelayDb, dataDir: string, limits: Partial<BlobLimits> = {}, private readonly now: () => number = Date.now) {
    this.records = db.json<BlobRecord>('blobs')
    this.owners = db.json<number>('blob-owners')
    this.limits = { ...DEFAULT_BLOB_LIMITS, ...limits }
    this.dir = join(dataDir, 'blobs')
  }

  /** Makes the folder, and removes files no record names (left by a crash between the two). */
  async open (): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    for (const name of await readdir(this.dir)) {
      if (!/^[0-9a-f]{32}$/.test(name) || await this.records.get(name) === undefined) await rm(join(this.dir, name), { force: true })
    }
  }

  /**
   * Reserves a blob of `size` bytes for `owner`, kept until `expiresAt`. QUOTA_EXCEEDED when it
   * would take the account past its bytes or blobs; BAD_REQUEST for an expiry in the past or too
   * far away.
   */
  async create (owner: string, size: number, expiresAt: number): Promise<BlobStatus> {
    const now = this.checkExpiry(expiresAt)
    return await this.locks.run(`owner:${owner}`, async () => {
      const usage = await this.usageOf(owner)
      if (size > this.limits.maxBytesPerAccount - usage.bytes) {
        throw new RelayError('QUOTA_EXCEEDED', `over your storage for files on this relay: ${mib(usage.bytes)} of ${mib(this.limits.maxBytesPerAccount)} is used, and this file needs ${mib(size)}`)
      }
      if (usage.count >= this.limits.maxBlobsPerAccount) throw new RelayError('QUOTA_EXCEEDED', `you keep ${usage.count} files on this relay, the most it keeps for one account`)
      const id = toHex(randomBytes(BLOB_ID_BYTES))
      const record: BlobRecord = { owner, size, stored: 0, expiresAt, touchedAt: now }
      await this.db.commit([
        { type: 'put', sublevel: this.records, key: id, value: record },
        { type: 'put', sublevel: this.owners, key: `${owner}\x00${id}`, value: size }
      ])
      const file = await open(this.path(id), 'w', 0o600)
      await file.close()
      usage.bytes += size
      usage.count++
      return statusOf(id, record)
    })
  }

  /** A blob's status: NOT_FOUND when there is none (or it expired). */
  async status (id: Uint8Array): Promise<BlobStatus> {
    const hex = toHex(id)
    return statusOf(hex, await this.live(hex))
  }

  /**
   * Starts (or resumes) the upload of one of `owner`'s blobs, from the bytes it holds on disk.
   * An upload of the same blob still under way is stopped first. NOT_FOUND for a blob that is not
   * the owner's (nobody learns whether it exists); RATE_LIMITED with too many uploads at once.
   * `takenOver` is called if a later upload of the same blob (a client that reconnected) or its
   * deletion stops this one: its stream should end, and `close` be called.
   */
  async upload (owner: string, id: Uint8Array, takenOver: () => void = () => {}): Promise<BlobUpload> {
    const hex = toHex(id)
    const previous = this.writing.get(hex)
    if (previous !== undefined) { previous.abort(); await previous.closed }
    const record = await this.live(hex)
    if (record.owner !== owner) throw notFound()
    const usage = await this.usageOf(owner)
    if (usage.uploads >= this.limits.maxUploadsPerAccount) throw new RelayError('RATE_LIMITED', `at most ${this.limits.maxUploadsPerAccount} uploads at once`, 1000)
    if (this.writing.has(hex)) throw new RelayError('RATE_LIMITED', 'this file is being uploaded on another stream', 1000)
    usage.uploads++
    let file: FileHandle
    try {
      file = await open(this.path(hex), 'r+')
      // Bytes past the synced count may be torn: they are sent again.
      await file.truncate(record.stored)
    } catch (err) {
      usage.uploads--
      throw err
    }
    let stored = record.stored
    let written = record.stored
    let aborted = false
    let closing: Promise<BlobStatus> | undefined
    // Writes go to the disk in order behind the stream (up to WRITE_AHEAD_BYTES ahead of it); a
    // sync runs beside them now and then, and moves `stored` to what was written before it began.
    let writes: Promise<void> = Promise.resolve()
    let writing = 0
    let failure: unknown
    let syncing: Promise<void> | undefined
    let syncRequested = record.stored
    const sync = async (upTo: number, before: Promise<void>): Promise<void> => {
      await before
      if (failure !== undefined || upTo <= stored) return
      await file.datasync()
      const current = await this.records.get(hex)
      // Deleted meanwhile (by its owner, the account's deletion or the sweep): nothing to record.
      if (current === undefined) return
      await this.db.commit([{ type: 'put', sublevel: this.records, key: hex, value: { ...current, stored: upTo, touchedAt: this.now() } }])
      stored = Math.max(stored, upTo)
    }
    const startSync = (): void => {
      if (syncing !== undefined) return
      syncRequested = written
      syncing = sync(written, writes).catch(err => { failure ??= err }).finally(() => { syncing = undefined })
    }
    let closedResolve!: () => void
    const closed = new Promise<void>(resolve => { closedResolve = resolve })
    this.writing.set(hex, { abort: () => { aborted = true; takenOver() }, closed })
    const store = this
    return {
      status: statusOf(hex, record),
      get full () { return written === record.size },
      async write (bytes: Uint8Array): Promise<void> {
        if (aborted) throw new RelayError('BAD_REQUEST', 'a newer upload of this file took over')
        if (failure !== undefined) throw failure
        if (bytes.length > record.size - written) throw new RelayError('TOO_LARGE', `the file is ${record.size} bytes; this goes past its end`)
        await store.takeTokens(usage, bytes.length)
        const at = written
        written += bytes.length
        writing += bytes.length
        writes = writes.then(async () => {
          if (failure !== undefined) return
          await file.write(bytes, 0, bytes.length, at)
        }).catch(err => { failure ??= err }).finally(() => { writing -= bytes.length })
        if (written - syncRequested >= SYNC_EVERY_BYTES) startSync()
        if (writing > WRITE_AHEAD_BYTES) await writes
        if (failure !== undefined) throw failure
      },
      async close (): Promise<BlobStatus> {
        closing ??= (async () => {
          try {
            await writes
            await syncing
            if (failure === undefined) await sync(written, writes)
            if (failure !== undefined) throw failure
          } finally {
            await file.close().catch(() => {})
            usage.uploads--
            if (store.writing.get(hex)?.closed === closed) store.writing.delete(hex)
            closedResolve()
          }
          return statusOf(hex, { ...record, stored })
        })()
        return await closing
      }
    }
  }

  /**
   * The bytes of a whole blob from `offset` on, in pieces of at most MAX_BLOB_DATA_BYTES, for
   * the account `reader`. NOT_FOUND for a blob that is not here or not uploaded whole yet;
   * BAD_REQUEST past its end; RATE_LIMITED with too many downloads of the account's at once.
   * Call `return()` on the pieces (a for-await that ends does) to let the file go.
   */
  async download (reader: string, id: Uint8Array, offset: number): Promise<{ status: BlobStatus, pieces: AsyncGenerator<Uint8Array> }> {
    const hex = toHex(id)
    const record = await this.live(hex)
    if (record.stored !== record.size) throw new RelayError('NOT_FOUND', 'this file is not uploaded whole yet')
    if (offset > record.size) throw new RelayError('BAD_REQUEST', `the file is ${record.size} bytes; nothing starts at ${offset}`)
    const running = this.downloads.get(reader) ?? 0
    if (running >= this.limits.maxDownloadsPerAccount) throw new RelayError('RATE_LIMITED', `at most ${this.limits.maxDownloadsPerAccount} downloads at once`, 1000)
    this.downloads.set(reader, running + 1)
    let file: FileHandle
    try {
      file = await open(this.path(hex), 'r')
    } catch (err) {
      this.release(reader)
      throw err
    }
    // Let go once, whether the pieces were read to the end, stopped, or never started.
    let released = false
    const release = async (): Promise<void> => {
      if (released) return
      released = true
      this.release(reader)
      await file.close().catch(() => {})
    }
    const pieces = async function * (): AsyncGenerator<Uint8Array> {
      try {
        // The next piece is read while this one goes out.
        const readAt = async (at: number): Promise<Uint8Array> => {
          const buffer = new Uint8Array(Math.min(MAX_BLOB_DATA_BYTES, record.size - at))
          const { bytesRead } = await file.read(buffer, 0, buffer.length, at)
          if (bytesRead === 0) throw new RelayError('INTERNAL', 'the file is shorter on disk than its record says')
          return bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)
        }
        let at = offset
        let next = at < record.size ? readAt(at) : undefined
        while (next !== undefined) {
          const piece = await next
          at += piece.length
          next = at < record.size ? readAt(at) : undefined
          next?.catch(() => {})
          yield piece
        }
      } finally {
        await release()
      }
    }
    const generator = pieces()
    const stop = generator.return.bind(generator)
    generator.return = async value => { const result = await stop(value); await release(); return result }
    return { status: statusOf(hex, record), pieces: generator }
  }

  private release (reader: string): void {
    const left = (this.downloads.get(reader) ?? 1) - 1
    if (left <= 0) this.downloads.delete(reader)
    else this.downloads.set(reader, left)
  }

  /**
   * Keeps one of `owner`'s whole blobs until `expiresAt` instead (a profile kept as long as it is
   * the current one). NOT_FOUND when it is not theirs or not whole; BAD_REQUEST for an expiry in
   * the past or too far away.
   */
  async keep (owner: string, id: Uint8Array, expiresAt: number): Promise<BlobStatus> {
    const hex = toHex(id)
    this.checkExpiry(expiresAt)
    return await this.locks.run(`blob:${hex}`, async () => {
      const record = await this.live(hex)
      if (record.owner !== owner || record.stored !== record.size) throw notFound()
      const kept: BlobRecord = { ...record, expiresAt }
      await this.db.commit([{ type: 'put', sublevel: this.records, key: hex, value: kept }])
      return statusOf(hex, kept)
    })
  }

  /** Deletes one of `owner`'s blobs; NOT_FOUND when it is not theirs. */
  async delete (owner: string, id: Uint8Array): Promise<void> {
    const hex = toHex(id)
    const record = await this.records.get(hex)
    if (record?.owner !== owner) throw notFound()
    await this.remove([[hex, record]])
  }

  /** Deletes every blob of an account (the account is deleted). */
  async deleteUser (owner: string): Promise<number> {
    const found: Array<[string, BlobRecord]> = []
    for await (const key of this.owners.keys({ gt: `${owner}\x00`, lt: `${owner}\x01` })) {
      const hex = key.slice(owner.length + 1)
      const record = await this.records.get(hex)
      if (record !== undefined) found.push([hex, record])
      else await this.db.commit([{ type: 'del', sublevel: this.owners, key }])
    }
    await this.remove(found)
    this.usage.delete(owner)
    return found.length
  }

  /** Deletes expired blobs and uploads left unfinished past `incompleteTtlMs`. Returns how many went. */
  async sweep (): Promise<number> {
    const now = this.now()
    const gone: Array<[string, BlobRecord]> = []
    for await (const [hex, record] of this.records.iterator()) {
      if (expired(record, now, this.limits.incompleteTtlMs) && !this.writing.has(hex)) gone.push([hex, record])
    }
    for (let i = 0; i < gone.length; i += 500) await this.remove(gone.slice(i, i + 500))
    return gone.length
  }

  /** Bytes and blobs one account holds. */
  async usageOf (owner: string): Promise<Usage> {
    let usage = this.usage.get(owner)
    if (usage === undefined) {
      usage = (async () => {
        let bytes = 0
        let count = 0
        for await (const size of this.owners.values({ gt: `${owner}\x00`, lt: `${owner}\x01` })) { bytes += size; count++ }
        return { bytes, count, uploads: 0, tokens: this.limits.uploadBurstBytes, refilledAt: this.now() }
      })()
      this.usage.set(owner, usage)
      usage.catch(() => { this.usage.delete(owner) })
    }
    return await usage
  }

  /** The time now, once `expiresAt` is known to be in the future and not too far (BAD_REQUEST otherwise). */
  private checkExpiry (expiresAt: number): number {
    const now = this.now()
    if (expiresAt <= now) throw new RelayError('BAD_REQUEST', 'a blob must expire in the future')
    if (expiresAt > now + this.limits.maxExpiryMs) throw new RelayError('BAD_REQUEST', `a blob is kept for at most ${Math.round(this.limits.maxExpiryMs / 86_400_000)} days`)
    return now
  }

  /** The record of a blob not expired; NOT_FOUND otherwise. */
  private async live (hex: string): Promise<BlobRecord> {
    const record = await this.records.get(hex)
    if (record === undefined || expired(record, this.now(), this.limits.incompleteTtlMs)) throw notFound()
    return record
  }

  /** Records first, then files: a crash between leaves files that `open` removes. */
  private async remove (blobs: Array<[string, BlobRecord]>): Promise<void> {
    if (blobs.length === 0) return
    await this.db.commit(blobs.flatMap(([hex, record]) => [
      { type: 'del' as const, sublevel: this.records, key: hex },
      { type: 'del' as const, sublevel: this.owners, key: `${record.owner}\x00${hex}` }
    ]))
    for (const [hex, record] of blobs) {
      this.writing.get(hex)?.abort()
      await rm(this.path(hex), { force: true })
      const usage = this.usage.get(record.owner)
      if (usage !== undefined) void usage.then(u => { u.bytes -= record.size; u.count-- }, () => {})
    }
  }

  /** Waits until the account may upload `bytes` more (a token bucket over all its uploads). */
  private async takeTokens (usage: Usage, bytes: number): Promise<void> {
    const { uploadBytesPerSecond: rate, uploadBurstBytes: burst } = this.limits
    for (;;) {
      const now = this.now()
      usage.tokens = Math.min(burst, usage.tokens + (now - usage.refilledAt) * rate / 1000)
      usage.refilledAt = now
      if (usage.tokens >= bytes || usage.tokens >= burst) { usage.tokens -= bytes; return }
      await new Promise(resolve => setTimeout(resolve, Math.min(1000, Math.ceil((bytes - usage.tokens) * 1000 / rate))))
    }
  }

  private path (hex: string): string { return join(this.dir, hex) }
}

function expired (record: BlobRecord, now: number, incompleteTtlMs: number): boolean {
  return record.expiresAt <= now || (record.stored < record.size && record.touchedAt + incompleteTtlMs <= now)
}

function statusOf (hex: string, record: BlobRecord): BlobStatus {
  return { blobId: fromHex(hex), size: record.size, stored: record.stored, expiresAt: record.expiresAt }
}

function notFound (): RelayError {
  return new RelayError('NOT_FOUND', 'no such file on this relay (it may have expired)')
}

function mib (bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`
}
