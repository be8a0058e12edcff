import { expect } from 'chai'
import { PROFILE_FILE_NAME, PROFILE_MEDIA_TYPE, decodeProfileKey, encodeProfileKey, encodeProfileRecord, randomBytes, toBase64, toHex } from '@parley/protocol'
import { NodeEvents, type NodeEvent } from '../../src/events.js'
import type { NodeStore } from '../../src/node-store.js'
import { PROFILE_KEEP_MS, Profiles } from '../../src/profiles/profiles.js'
import type { StoredAttachment } from '../../src/files/attachment.js'
import type { FileSink, FileSource } from '../../src/files/transfers.js'
import { memoryStore } from '../fakes.js'

const DAY = 24 * 60 * 60 * 1000
const ME = 'alice@relay.test'

describe('Profiles', () => {
  let store: NodeStore
  let now: number
  let profiles: Profiles
  let calls: string[]
  let sent: Array<{ peer: string, body: Uint8Array }>
  /** What a download hands out: the plaintext each blob id holds. */
  let blobs: Map<string, Uint8Array>
  let events: NodeEvent[]
  const background: Array<Promise<void>> = []

  beforeEach(async () => {
    store = await memoryStore()
    now = 1_800_000_000_000
    calls = []
    sent = []
    blobs = new Map()
    events = []
    const nodeEvents = new NodeEvents()
    nodeEvents.on(e => { events.push(e) })
    const ref = (blobId: string, size: number): StoredAttachment => ({ name: PROFILE_FILE_NAME, mediaType: PROFILE_MEDIA_TYPE, size, relay: 'relay.test', blobId, key: toBase64(randomBytes(32)), sha256: toBase64(randomBytes(32)), chunkBytes: 256 * 1024 })
    profiles = new Profiles({
      store,
      clock: { now: () => now },
      events: nodeEvents,
      files: {
        upload: async (source: FileSource, options: { expiresAt?: number } = {}) => {
          const blobId = toHex(randomBytes(16))
          calls.push(`upload until ${(options.expiresAt ?? 0) - now}`)
          blobs.set(blobId, await source.read(0, source.size))
          return ref(blobId, source.size)
        },
        download: async (a: StoredAttachment, sink: FileSink) => { await sink.write(blobs.get(a.blobId) as Uint8Array); await sink.close() },
        keep: async (blobId: string, until: number) => { calls.push(`keep ${blobId} +${(until - now) / DAY}d`) },
        delete: async (blobId: string) => { calls.push(`delete ${blobId}`) }
      } as any,
      self: () => ME,
      send: async (peer, body) => { sent.push({ peer, body }) },
      audience: async () => ['bob@relay.test', 'group:ab'],
      audienceOf: async () => 'same',
      track: work => { background.push(work) }
    })
  })

  afterEach(async () => {
    await Promise.allSettled(background.splice(0))
    await store.close()
  })

  it('sets a profile kept 90 days, tells everyone at once, sends it again only when it changed, and versions never go back', async () => {
    const first = await profiles.set({ name: 'Alice' })
    await Promise.all(background.splice(0))
    expect(calls).to.deep.equal([`upload until ${PROFILE_KEEP_MS}`])
    expect(sent.map(s => s.peer)).to.deep.equal(['bob@relay.test', 'group:ab'])
    await profiles.announce('bob@relay.test')
    expect(sent).to.have.length(2)
    // The clock went back: the next version is still higher, and the old blob goes.
    now -= DAY
    const second = await profiles.set({ name: 'Alice L.' })
    await Promise.all(background.splice(0))
    expect(second.version).to.be.greaterThan(first.version)
    expect(calls.filter(c => c.startsWith('delete'))).to.have.length(1)
    expect(decodeProfileKey(sent.at(-1)!.body).version).to.equal(second.version)
  })

  it('keeps the current profile\'s blob on the relay once less than 30 days are left, and not before', async () => {
    await profiles.set({ name: 'Alice' })
    now += 50 * DAY
    await profiles.keepAlive()
    expect(calls.filter(c => c.startsWith('keep'))).to.deep.equal([])
    now += 15 * DAY
    await profiles.keepAlive()
    expect(calls.filter(c => c.startsWith('keep'))).to.have.length(1)
    expect(calls.at(-1)).to.match(/\+90d$/)
    // Renewed: nothing more to do for another two months.
    now += 30 * DAY
    await profiles.keepAlive()
    expect(calls.filter(c => c.startsWith('keep'))).to.have.length(1)
  })

  it('takes a contact\'s newer profile only, and only one that names them', async () => {
    const key = (address: string, version: number, name: string): Uint8Array => {
      const blobId = toHex(randomBytes(16))
      const plain = encodeProfileRecord({ address, version, name })
      blobs.set(blobId, plain)
      return encodeProfileKey({ profile: { relay: 'relay.test', blobId: Uint8Array.from(Buffer.from(blobId, 'hex')), key: randomBytes(32), size: plain.length, chunkBytes: 256 * 1024, sha256: randomBytes(32), mediaType: PROFILE_MEDIA_TYPE, fileName: PROFILE_FILE_NAME }, version })
    }
    await profiles.take('bob@relay.test', key('bob@relay.test', 5, 'Bob'))
    await Promise.all(background.splice(0))
    expect((await profiles.of('bob@relay.test'))?.name).to.equal('Bob')
    // An older or equal version changes nothing; one naming someone else is dropped with a warning.
    await profiles.take('bob@relay.test', key('bob@relay.test', 4, 'Old Bob'))
    await profiles.take('bob@relay.test', key('carol@relay.test', 6, 'Carol'))
    await Promise.all(background.splice(0))
    expect((await profiles.of('bob@relay.test'))?.name).to.equal('Bob')
    expect(events.some(e => e.type === 'warning' && /not bob@relay\.test's/.test(e.message))).to.equal(true)
    // This user's own profile never comes in from outside.
    await profiles.take(ME, key(ME, 9, 'Not me'))
    expect(await profiles.of(ME)).to.equal(undefined)
  })
})
