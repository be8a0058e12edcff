import { createStore, produce } from 'solid-js/store'
import { IdentityChangedError, type FilePreview } from '@parley/node'
import { humanize } from '../lib/humanize.js'
import { canKeepFiles, durationOf, fileSource, storedFile, storedFileSink, thumbnailOf } from '../lib/files.js'
import type { Device, Message } from './device.js'
import type { NoticeStore } from './notice-store.js'
import type { TrustStore } from './trust-store.js'

/** Images, audio and video up to this size are fetched as soon as they are shown, to play inline. */
export const AUTO_FETCH_BYTES = 25 * 1024 * 1024

/** A transfer under way (or stopped, with why). */
export interface Transfer { name: string, done: number, total: number, error?: string }

/** Files sent and fetched, with their progress, and the fetched ones' addresses for previews. */
export interface FilesStore {
  /** Uploads under way, by a key of their own, with the conversation they go to. */
  uploads: Readonly<Record<string, Transfer & { peer: string }>>
  /** Fetches under way or failed, by message id. */
  downloads: Readonly<Record<string, Transfer>>
  /** Object URLs of fetched files, by message id (disk-backed: nothing is held whole in memory). */
  urls: Readonly<Record<string, string>>
  /** Sends a file (a thumbnail made for an image, the length read for audio and video). */
  send: (peer: string, file: File, options?: { voice?: boolean, durationMs?: number, text?: string }) => Promise<void>
  /** Fetches a message's file into this browser's storage (once), then gives its URL. */
  fetch: (message: Message) => Promise<void>
  /** Looks for a file fetched before (a reload), so its preview shows at once. */
  restore: (message: Message) => Promise<void>
  /** Whether a message's file should be fetched when shown (a small image, audio or video). */
  fetchesItself: (message: Message) => boolean
}

/** The files store over `deps.device`. */
export function createFilesStore (deps: { device: Device, notice: NoticeStore, trust: TrustStore }): FilesStore {
  const { device, notice, trust } = deps
  const [uploads, setUploads] = createStore<Record<string, Transfer & { peer: string }>>({})
  const [downloads, setDownloads] = createStore<Record<string, Transfer>>({})
  const [urls, setUrls] = createStore<Record<string, string>>({})
  const fetching = new Map<string, Promise<void>>()
  let uploadCount = 0

  const show = (id: string, file: File): void => { if (urls[id] === undefined) setUrls(id, URL.createObjectURL(file)) }

  async function preview (file: File, options: { voice?: boolean, durationMs?: number }): Promise<FilePreview> {
    const type = file.type.split(';')[0] ?? ''
    const out: FilePreview = {}
    if (type.startsWith('image/')) {
      const thumb = await thumbnailOf(file)
      if (thumb !== undefined) Object.assign(out, { thumbnail: { bytes: thumb.bytes, type: 'image/jpeg' }, width: thumb.width, height: thumb.height })
    }
    const durationMs = options.durationMs ?? (type.startsWith('audio/') || type.startsWith('video/') ? await durationOf(file, type.startsWith('audio/') ? 'audio' : 'video') : undefined)
    if (durationMs !== undefined && durationMs >= 1) out.durationMs = Math.min(durationMs, 24 * 60 * 60 * 1000)
    if (options.voice === true) out.voice = true
    return out
  }

  return {
    uploads,
    downloads,
    urls,
    fetchesItself: m => m.attachment !== undefined && m.attachment.size <= AUTO_FETCH_BYTES && /^(image|audio|video)\//.test(m.attachment.mediaType),
    async send (peer, file, options = {}) {
      const key = `upload-${++uploadCount}`
      setUploads(key, { peer, name: file.name === '' ? 'file' : file.name, done: 0, total: file.size })
      try {
        const message = await device.require().sendFile(peer, fileSource(file), {
          preview: await preview(file, options),
          ...(options.text !== undefined ? { text: options.text } : {}),
          onProgress: p => { setUploads(key, produce(u => { u.done = p.done; u.total = p.total })) }
        })
        // The sender shows what it sent without fetching it back.
        show(message.id, file)
        setUploads(produce(all => { delete all[key] }))
      } catch (err) {
        if (err instanceof IdentityChangedError) { trust.keyChanged(peer); setUploads(produce(all => { delete all[key] })); return }
        setUploads(key, 'error', humanize(err))
        notice.show(`${file.name} was not sent: ${humanize(err)}`)
      }
    },
    async fetch (message) {
      const a = message.attachment
      if (a === undefined || urls[message.id] !== undefined) return
      const running = fetching.get(message.id)
      if (running !== undefined) { await running; return }
      const work = (async () => {
        if (!canKeepFiles()) throw new Error('this browser cannot keep files on disk (no origin private file system)')
        const kept = await storedFile(message.id)
        if (kept !== undefined) { show(message.id, kept); return }
        setDownloads(message.id, { name: a.name, done: 0, total: a.size })
        await device.require().getFile(message.id, await storedFileSink(message.id), {
          onProgress: p => { setDownloads(message.id, produce(d => { d.done = p.done; d.total = p.total })) }
        })
        const file = await storedFile(message.id)
        if (file !== undefined) show(message.id, file)
        setDownloads(produce(all => { delete all[message.id] }))
      })()
      fetching.set(message.id, work)
      try {
        await work
      } catch (err) {
        setDownloads(message.id, { name: a.name, done: 0, total: a.size, error: humanize(err) })
      } finally {
        fetching.delete(message.id)
      }
    },
    async restore (message) {
      if (message.attachment === undefined || urls[message.id] !== undefined) return
      const kept = await storedFile(message.id)
      if (kept !== undefined) show(message.id, kept)
    }
  }
}
