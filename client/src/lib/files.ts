/**
 * Files in the browser without holding one whole in memory: a File read chunk by chunk through
 * the streams of its slices, and a fetched file written chunk by chunk into the origin private
 * file system (OPFS, part of the File System API) and handed out from there as a disk-backed
 * File, for inline previews and for saving under its name. The browser's limit is its storage
 * quota for this site (Chromium: a share of the free disk), not memory.
 */
import type { BlobFolder, FileSink, FileSource } from '@parley/node'

/** A File as the node reads it: any range, as often as a resumed upload needs, one chunk at a time. */
export function fileSource (file: File): FileSource {
  return {
    name: file.name === '' ? 'file' : file.name,
    size: file.size,
    ...(file.type !== '' ? { type: file.type.split(';')[0]?.trim().toLowerCase() ?? file.type } : {}),
    read: async (offset, length) => {
      const out = new Uint8Array(Math.min(length, Math.max(0, file.size - offset)))
      const reader = file.slice(offset, offset + out.length).stream().getReader()
      let at = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done === true) break
        out.set(value.subarray(0, out.length - at), at)
        at += value.length
      }
      return at >= out.length ? out : out.subarray(0, at)
    }
  }
}

const FOLDER = 'parley-files'

async function folder (): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory()
  return await root.getDirectoryHandle(FOLDER, { create: true })
}

/** Whether this browser can keep fetched files on disk (OPFS with writable streams). */
export function canKeepFiles (): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function' &&
    typeof (globalThis as any).FileSystemFileHandle?.prototype?.createWritable === 'function'
}

/** A sink into this browser's file storage for message `id`: written as `<id>.part`, renamed to `<id>` once whole. */
export async function storedFileSink (id: string): Promise<FileSink> {
  const dir = await folder()
  const part = await dir.getFileHandle(`${id}.part`, { create: true })
  const writable = await part.createWritable()
  let done = false
  return {
    write: async bytes => { await writable.write(bytes as Uint8Array<ArrayBuffer>) },
    close: async () => {
      if (done) return
      done = true
      await writable.close()
      const whole = await dir.getFileHandle(id, { create: true })
      // Moved where the browser can (Chromium's move()); else copied across, a stream at a time.
      if (typeof (part as any).move === 'function') {
        await dir.removeEntry(id).catch(() => {})
        await (part as any).move(dir, id)
      } else {
        const out = await whole.createWritable()
        await (await part.getFile()).stream().pipeTo(out)
        await dir.removeEntry(`${id}.part`)
      }
    },
    abort: async () => {
      if (done) return
      done = true
      await writable.abort().catch(() => {})
      await dir.removeEntry(`${id}.part`).catch(() => {})
    }
  }
}

/** The fetched file of message `id`, as a disk-backed File, if this browser has it whole. */
export async function storedFile (id: string): Promise<File | undefined> {
  if (!canKeepFiles()) return undefined
  try {
    return await (await (await folder()).getFileHandle(id)).getFile()
  } catch {
    return undefined
  }
}

/** Largest side of a thumbnail, in pixels. */
const THUMBNAIL_SIDE = 320
/** Largest thumbnail (the protocol's limit is 64 KiB). */
const THUMBNAIL_MAX_BYTES = 60 * 1024

/** A JPEG thumbnail of an image, with the image's size; undefined for what the browser cannot decode. */
export async function thumbnailOf (file: Blob): Promise<{ bytes: Uint8Array, width: number, height: number } | undefined> {
  return await scaledJpeg(file, [[THUMBNAIL_SIDE, 0.75], [THUMBNAIL_SIDE, 0.5], [160, 0.5]], THUMBNAIL_MAX_BYTES)
}

/** Side of a profile picture, in pixels (it is shown small; twice that for sharp screens). */
const PROFILE_PICTURE_SIDE = 256
/** Largest profile picture made here (the protocol's limit is 256 KiB). */
const PROFILE_PICTURE_MAX_BYTES = 200 * 1024

/** A profile picture from an image: scaled down to 256 pixels a side and made a JPEG; undefined for what the browser cannot decode. */
export async function profilePictureOf (file: Blob): Promise<{ bytes: Uint8Array, type: 'image/jpeg' } | undefined> {
  const made = await scaledJpeg(file, [[PROFILE_PICTURE_SIDE, 0.85], [PROFILE_PICTURE_SIDE, 0.6], [128, 0.6]], PROFILE_PICTURE_MAX_BYTES)
  return made === undefined ? undefined : { bytes: made.bytes, type: 'image/jpeg' }
}

/** The image scaled to each side and quality in turn until it fits in `maxBytes`, with its own size. */
async function scaledJpeg (file: Blob, tries: ReadonlyArray<readonly [number, number]>, maxBytes: number): Promise<{ bytes: Uint8Array, width: number, height: number } | undefined> {
  if (typeof createImageBitmap !== 'function') return undefined
  let bitmap: ImageBitmap
  try { bitmap = await createImageBitmap(file) } catch { return undefined }
  try {
    const { width, height } = bitmap
    if (width < 1 || height < 1) return undefined
    for (const [side, quality] of tries) {
      const scale = Math.min(1, side / Math.max(width, height))
      const w = Math.max(1, Math.round(width * scale))
      const h = Math.max(1, Math.round(height * scale))
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, w, h)
      const blob = await new Promise<Blob | null>(resolve => { canvas.toBlob(resolve, 'image/jpeg', quality) })
      if (blob !== null && blob.size <= maxBytes) return { bytes: new Uint8Array(await blob.arrayBuffer()), width: Math.min(width, 65_535), height: Math.min(height, 65_535) }
    }
    return undefined
  } finally {
    bitmap.close()
  }
}

/** The length of an audio or video file in milliseconds, as the browser reads it (undefined if it cannot). */
export async function durationOf (file: Blob, kind: 'audio' | 'video'): Promise<number | undefined> {
  const url = URL.createObjectURL(file)
  try {
    const element = document.createElement(kind)
    element.preload = 'metadata'
    element.src = url
    const seconds = await new Promise<number>((resolve) => {
      element.onloadedmetadata = () => { resolve(element.duration) }
      element.onerror = () => { resolve(NaN) }
      setTimeout(() => { resolve(NaN) }, 3000)
    })
    return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined
  } finally {
    URL.revokeObjectURL(url)
  }
}

const DIRECT_FOLDER = 'parley-direct'

/**
 * Where the node keeps files that come over a direct connection, in this browser's file storage
 * (`parley-direct/`, one file per blob). A writable's bytes reach the file only when it closes,
 * so nothing counts as kept before the end: a push that breaks starts over.
 */
export function opfsBlobFolder (): BlobFolder {
  const dir = async (): Promise<FileSystemDirectoryHandle> => await (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECT_FOLDER, { create: true })
  return {
    async writer (hex, at) {
      const handle = await (await dir()).getFileHandle(hex, { create: true })
      const writable = await handle.createWritable({ keepExistingData: at > 0 })
      await writable.truncate(at)
      await writable.seek(at)
      return {
        write: async bytes => { await writable.write(bytes as Uint8Array<ArrayBuffer>) },
        sync: async () => false,
        close: async () => { await writable.close() }
      }
    },
    async * reader (hex, offset, size) {
      const file = await (await (await dir()).getFileHandle(hex)).getFile()
      if (file.size < size) throw new Error('the file is shorter than its record says')
      const reader = file.slice(offset, size).stream().getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done === true) return
        yield value
      }
    },
    async remove (hex) { await (await dir()).removeEntry(hex).catch(() => {}) },
    async names () {
      const out: string[] = []
      for await (const name of (await dir() as any).keys() as AsyncIterable<string>) if (/^[0-9a-f]{32}$/.test(name)) out.push(name)
      return out
    }
  }
}

/** Erases every file this browser keeps for Parley (fetched ones and ones sent here directly), with the device. */
export async function forgetStoredFiles (): Promise<void> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function') return
  const root = await navigator.storage.getDirectory()
  for (const name of [FOLDER, DIRECT_FOLDER]) await root.removeEntry(name, { recursive: true }).catch(() => {})
}
