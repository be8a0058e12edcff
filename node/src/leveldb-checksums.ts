/**
 * Checks the CRC32C checksums LevelDB keeps in its table and log files. LevelDB itself reads
 * without checking them (classic-level offers no `verify_checksums` or `paranoid_checks`), so a
 * garbled table can read back as other, valid-looking records; this finds it before the node
 * trusts a byte. Formats: leveldb doc/table_format.md and doc/log_format.md (no package reads
 * them); CRC32C comes from @aws-crypto/crc32c. Tested against files LevelDB wrote.
 */
import { Crc32c, crc32c } from '@aws-crypto/crc32c'
import { decode as decodeVarint, encodingLength } from 'uint8-varint'

/** LevelDB stores checksums masked, so that a CRC of data holding CRCs is not degenerate (leveldb util/crc32c.h). */
function unmask (masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0
  return ((rot >>> 17) | (rot << 15)) >>> 0
}

/** The footer's last 8 bytes (table_format.md "Footer"). */
const TABLE_MAGIC = 0xdb4775248b80fb57n
const FOOTER_BYTES = 48
/** Block type byte and masked CRC after each block. */
const BLOCK_TRAILER_BYTES = 5
/** Log files are 32 KiB blocks of records with a 7-byte header: CRC (4), length (2), type (1). */
const LOG_BLOCK_BYTES = 32768
const LOG_HEADER_BYTES = 7

/** A place in a file that failed its check, or a structure that does not parse. */
export class ChecksumError extends Error {
  override name = 'ChecksumError'
}

interface Handle { offset: number, size: number }

function readVarint (buf: Uint8Array, at: number): { value: number, next: number } {
  if (at >= buf.length) throw new ChecksumError('a number runs past the end of its record')
  const value = decodeVarint(buf, at)
  return { value, next: at + encodingLength(value) }
}

function readHandle (buf: Uint8Array, at: number): { handle: Handle, next: number } {
  const offset = readVarint(buf, at)
  const size = readVarint(buf, offset.next)
  return { handle: { offset: offset.value, size: size.value }, next: size.next }
}

/** Checks the block at `h` against its checksum. */
function checkedBlock (file: Uint8Array, h: Handle, what: string): void {
  if (h.offset + h.size + BLOCK_TRAILER_BYTES > file.length - FOOTER_BYTES) throw new ChecksumError(`${what} lies outside the file`)
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const stored = unmask(view.getUint32(h.offset + h.size + 1, true))
  // The CRC covers the block contents and the type byte after them.
  if (crc32c(file.subarray(h.offset, h.offset + h.size + 1)) !== stored) throw new ChecksumError(`${what} at byte ${h.offset} fails its checksum`)
}

/**
 * Checks every block of a table (.ldb) file; throws ChecksumError at the first damage. The
 * footer (never compressed) locates the metaindex and index blocks. The data and filter blocks
 * fill the file before the metaindex block back to back, each followed by its type byte and
 * masked CRC; their sizes are listed only in the index block, which may be Snappy-compressed, so
 * their boundaries are found by the checksums themselves: a block ends where the running CRC of
 * its bytes and type matches the four bytes after them. A garbled block never matches (a chance
 * of 2^-32 per byte), so the scan does not end exactly at the metaindex block.
 */
export function checkTable (file: Uint8Array): void {
  if (file.length < FOOTER_BYTES) throw new ChecksumError('the file is shorter than a table footer')
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  if (view.getBigUint64(file.length - 8, true) !== TABLE_MAGIC) throw new ChecksumError('the table footer is not LevelDB\'s')
  const footer = file.subarray(file.length - FOOTER_BYTES)
  const meta = readHandle(footer, 0)
  checkedBlock(file, meta.handle, 'the metaindex block')
  checkedBlock(file, readHandle(footer, meta.next).handle, 'the index block')
  const end = meta.handle.offset
  let start = 0
  let crc = new Crc32c()
  let fed = 0
  for (let p = 0; p < end; p++) {
    const b = file[p] as number
    // b as the type byte (0: raw, 1: Snappy) of a block [start, p), its masked CRC after it. The
    // running CRC is fed only up to such candidates (about one byte in a hundred).
    if (b > 1 || p === start || p + BLOCK_TRAILER_BYTES > end) continue
    crc.update(file.subarray(fed, p + 1))
    fed = p + 1
    if (crc.digest() === unmask(view.getUint32(p + 1, true))) {
      start = p + BLOCK_TRAILER_BYTES
      p = start - 1
      crc = new Crc32c()
      fed = start
    }
  }
  if (start !== end) throw new ChecksumError(`a data block at byte ${start} fails its checksum`)
}

/** Log record types (log_format.md): a record whole, or its first, middle and last fragments. */
const FULL = 1
const FIRST = 2
const MIDDLE = 3
const LAST = 4

/**
 * The records of a log-format file (a .log, or a MANIFEST), each checksum checked and fragments
 * joined. A record cut short at the very end is what a crash during a write leaves, and LevelDB
 * drops it on recovery: that is not damage.
 */
export function readLogRecords (file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const records: Uint8Array[] = []
  let pending: Uint8Array[] | undefined
  let at = 0
  while (at < file.length) {
    const left = LOG_BLOCK_BYTES - (at % LOG_BLOCK_BYTES)
    // Fewer bytes than a header left in a block are zero padding.
    if (left < LOG_HEADER_BYTES) { at += left; continue }
    if (at + LOG_HEADER_BYTES > file.length) break
    const length = view.getUint16(at + 4, true)
    const type = file[at + 6] as number
    // Zeros where a header should be: LevelDB skips the rest of the block, and so does this.
    if (type === 0 && length === 0) { at += left; continue }
    if (LOG_HEADER_BYTES + length > left) throw new ChecksumError(`a log record at byte ${at} runs past its block`)
    if (at + LOG_HEADER_BYTES + length > file.length) break
    if (crc32c(file.subarray(at + 6, at + LOG_HEADER_BYTES + length)) !== unmask(view.getUint32(at, true))) {
      throw new ChecksumError(`a log record at byte ${at} fails its checksum`)
    }
    const data = file.subarray(at + LOG_HEADER_BYTES, at + LOG_HEADER_BYTES + length)
    if (type === FULL && pending === undefined) records.push(data)
    else if (type === FIRST && pending === undefined) pending = [data]
    else if (type === MIDDLE && pending !== undefined) pending.push(data)
    else if (type === LAST && pending !== undefined) { pending.push(data); records.push(concat(pending)); pending = undefined }
    else throw new ChecksumError(`a log record at byte ${at} is out of order (type ${type})`)
    at += LOG_HEADER_BYTES + length
  }
  return records
}

/** Checks every record of a log-format file; see readLogRecords. */
export function checkLog (file: Uint8Array): void {
  readLogRecords(file)
}

function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** What a MANIFEST says is the database: its table files, and the logs still to replay. */
export interface LiveFiles {
  tables: Set<number>
  /** Logs numbered from logNumber on (and prevLogNumber) hold writes not yet in a table. */
  logNumber: number
  prevLogNumber: number
  nextFile: number
}

/** VersionEdit tags (leveldb db/version_edit.cc). */
const TAG = { comparator: 1, logNumber: 2, nextFile: 3, lastSequence: 4, compactPointer: 5, deletedFile: 6, newFile: 7, prevLogNumber: 9 } as const

/**
 * Replays the version edits of a MANIFEST. Only the files it names are the database: a table
 * left half-written when a compaction was cut short by closing is not, and LevelDB deletes it on
 * its next open.
 */
export function liveFiles (manifest: Uint8Array): LiveFiles {
  const live: LiveFiles = { tables: new Set(), logNumber: 0, prevLogNumber: 0, nextFile: 0 }
  for (const edit of readLogRecords(manifest)) {
    let at = 0
    const varint = (): number => { const r = readVarint(edit, at); at = r.next; return r.value }
    const slice = (): void => { const length = varint(); at += length; if (at > edit.length) throw new ChecksumError('a MANIFEST entry runs past its record') }
    while (at < edit.length) {
      const tag = varint()
      switch (tag) {
        case TAG.comparator: slice(); break
        case TAG.logNumber: live.logNumber = varint(); break
        case TAG.nextFile: live.nextFile = varint(); break
        case TAG.lastSequence: varint(); break
        case TAG.compactPointer: varint(); slice(); break
        // Within one edit, deletions come before additions, so a table moved down a level stays.
        case TAG.deletedFile: varint(); live.tables.delete(varint()); break
        case TAG.newFile: varint(); live.tables.add(varint()); varint(); slice(); slice(); break
        case TAG.prevLogNumber: live.prevLogNumber = varint(); break
        default: throw new ChecksumError(`the MANIFEST holds an entry of unknown kind ${tag}`)
      }
    }
  }
  return live
}
