/**
 * Files on disk as a FileSource and a FileSink (Node only; the web client has its own over
 * File and the File System Access API). A fetched file is written beside its destination as
 * `<name>.part` and renamed over it only once it is whole and checked.
 */
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { NodeError } from '../errors.js'
import type { FileSink, FileSource } from './transfers.js'

/** Media types by file extension, for the files people send most (anything else is application/octet-stream). */
const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic', avif: 'image/avif', svg: 'image/svg+xml',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mkv: 'video/x-matroska',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac',
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', tar: 'application/x-tar',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json', html: 'text/html',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', odt: 'application/vnd.oasis.opendocument.text'
}

/** The media type a file name suggests, or undefined. */
export function mediaTypeOf (name: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase()
  return ext !== undefined ? MEDIA_TYPES[ext] : undefined
}

/** A file on disk to send. `size` is read now; a file that then changes fails its upload (MISMATCH). */
export async function openFileSource (path: string, options: { name?: string, type?: string } = {}): Promise<FileSource & { close: () => Promise<void> }> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (err: any) {
    throw new NodeError('BAD_INPUT', `cannot read ${path}: ${err?.code === 'ENOENT' ? 'no such file' : err?.code ?? 'unreadable'}`)
  }
  const info = await handle.stat()
  if (!info.isFile()) { await handle.close(); throw new NodeError('BAD_INPUT', `${path} is not a file`) }
  const name = options.name ?? basename(path)
  const type = options.type ?? mediaTypeOf(name)
  return {
    name,
    size: info.size,
    ...(type !== undefined ? { type } : {}),
    read: async (offset, length) => {
      const buffer = new Uint8Array(length)
      let got = 0
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return got === length ? buffer : buffer.subarray(0, got)
    },
    close: async () => { await handle.close() }
  }
}

/**
 * A sink that writes to `path` (through `<path>.part`, renamed once the file is whole). With
 * `overwrite` false, BAD_INPUT when `path` exists.
 */
export async function openFileSink (path: string, options: { overwrite?: boolean } = {}): Promise<FileSink> {
  if (options.overwrite !== true && await stat(path).then(() => true, () => false)) {
    throw new NodeError('BAD_INPUT', `${path} already exists (choose another name, or overwrite it)`)
  }
  const part = join(dirname(path), `${basename(path)}.part`)
  const handle = await open(part, 'w', 0o600)
  let done = false
  return {
    write: async bytes => { await handle.write(bytes) },
    close: async () => {
      if (done) return
      done = true
      await handle.sync()
      await handle.close()
      await rename(part, path)
    },
    abort: async () => {
      if (done) return
      done = true
      await handle.close().catch(() => {})
      await rm(part, { force: true })
    }
  }
}

/** A name for a received file that stays inside `dir`: its own name if it is free, else `name (2).ext` and so on. */
export async function freeName (dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.')
  const stem = dot > 0 ? name.slice(0, dot) : name
  const ext = dot > 0 ? name.slice(dot) : ''
  for (let i = 1; ; i++) {
    const candidate = join(dir, i === 1 ? name : `${stem} (${i})${ext}`)
    if (!await stat(candidate).then(() => true, () => false) && !await stat(`${candidate}.part`).then(() => true, () => false)) return candidate
  }
}
