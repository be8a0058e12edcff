/**
 * A folder of sealed blobs on disk (Node only): where files that came over a direct connection
 * are kept until a message names them. Loaded by a specifier bundlers do not follow.
 */
import { mkdir, open, readdir, rm, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { MAX_BLOB_DATA_BYTES } from '@parley/protocol'
import type { BlobFolder } from './direct-files.js'

/** The blob folder `<dataDir>/direct-files`, made owner-only when first written to. */
export function openBlobFolder (dataDir: string): BlobFolder {
  const dir = join(dataDir, 'direct-files')
  const path = (hex: string): string => {
    if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError('a blob is named by 32 hex digits')
    return join(dir, hex)
  }
  return {
    async writer (hex, at) {
      await mkdir(dir, { recursive: true, mode: 0o700 })
      // A new blob starts a new file; a resumed one keeps its first `at` bytes (a torn write past them, before a crash, is cut off).
      const file = await open(path(hex), at === 0 ? 'w' : 'r+', 0o600)
      await file.truncate(at)
      let position = at
      let named = false
      return {
        write: async bytes => { await file.write(bytes, 0, bytes.length, position); position += bytes.length },
        sync: async () => {
          await file.datasync()
          // The folder too, once: a new file's name survives a crash with its bytes.
          if (at === 0 && !named) {
            const folder = await open(dir, 'r')
            try { await folder.sync() } finally { await folder.close() }
            named = true
          }
          return true
        },
        close: async () => { await file.close() }
      }
    },
    async * reader (hex, offset, size) {
      const file = await open(path(hex), 'r')
      try {
        for (let at = offset; at < size;) {
          const buffer = new Uint8Array(Math.min(MAX_BLOB_DATA_BYTES, size - at))
          const { bytesRead } = await file.read(buffer, 0, buffer.length, at)
          if (bytesRead === 0) throw new Error('the file is shorter on disk than its record says')
          at += bytesRead
          yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)
        }
      } finally {
        await file.close()
      }
    },
    async remove (hex) { await rm(path(hex), { force: true }) },
    async free () {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 })
        const s = await statfs(dir)
        return s.bavail * s.bsize
      } catch {
        return undefined
      }
    },
    async names () {
      try { return (await readdir(dir)).filter(n => /^[0-9a-f]{32}$/.test(n)) } catch { return [] }
    }
  }
}
