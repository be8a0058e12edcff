import { expect } from 'chai'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes, toHex } from '@parley/protocol'
import { BlobStore } from '../src/blobs.js'
import type { RelayDb } from '../src/store.js'
import { RelayError } from '../src/errors.js'
import { makeTempDir, openDb, removeTempDir } from './helpers.js'

/** Asserts `work` rejects with a RelayError of `code` (and a message matching `message`). */
async function expectRelayError (work: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  let caught: unknown
  try { await work } catch (err) { caught = err }
  expect(caught).to.be.instanceOf(RelayError)
  expect((caught as RelayError).code).to.equal(code)
  if (message !== undefined) expect((caught as RelayError).message).to.match(message)
}

const DAY = 24 * 60 * 60 * 1000
const MiB = 2 ** 20

describe('BlobStore', () => {
  let dir: string | undefined
  let db: RelayDb
  let now: number
  let store: BlobStore

  beforeEach(async () => {
    dir = await makeTempDir('blobs')
    db = await openDb(dir)
    now = 1_800_000_000_000
    store = new BlobStore(db, dir, { maxBytesPerAccount: 10 * MiB, maxBlobsPerAccount: 5 }, () => now)
    await store.open()
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  async function upload (owner: string, id: Uint8Array, bytes: Uint8Array, pieces = 3): Promise<void> {
    const up = await store.upload(owner, id)
    try {
      const from = up.status.stored
      const step = Math.ceil((bytes.length - from) / pieces)
      for (let at = from; at < bytes.length; at += step) await up.write(bytes.subarray(at, Math.min(bytes.length, at + step)))
    } finally {
      await up.close()
    }
  }

  async function download (id: Uint8Array, offset = 0): Promise<Uint8Array> {
    const { pieces } = await store.download('reader', id, offset)
    const out: Uint8Array[] = []
    for await (const p of pieces) out.push(p)
    return Buffer.concat(out)
  }

  it('keeps a blob uploaded in pieces and gives it back whole or from an offset, in a file of its own', async () => {
    const bytes = randomBytes(3 * MiB + 5)
    const created = await store.create('alice', bytes.length, now + DAY)
    expect(created.stored).to.equal(0)
    await upload('alice', created.blobId, bytes)
    expect((await store.status(created.blobId)).stored).to.equal(bytes.length)
    expect(await download(created.blobId)).to.deep.equal(Buffer.from(bytes))
    expect(await download(created.blobId, MiB + 1)).to.deep.equal(Buffer.from(bytes.subarray(MiB + 1)))
    expect(new Uint8Array(await readFile(join(dir!, 'blobs', toHex(created.blobId))))).to.deep.equal(bytes)
    expect((await stat(join(dir!, 'blobs', toHex(created.blobId)))).mode & 0o777).to.equal(0o600)
  })

  it('resumes an upload from the bytes synced to disk, cutting off any torn ones past them', async () => {
    const bytes = randomBytes(2 * MiB)
    const { blobId } = await store.create('alice', bytes.length, now + DAY)
    const up = await store.upload('alice', blobId)
    await up.write(bytes.subarray(0, 700_000))
    expect((await up.close()).stored).to.equal(700_000)
    // A crash left bytes on disk past the record (not synced when it happened): they are sent again.
    await writeFile(join(dir!, 'blobs', toHex(blobId)), Buffer.concat([bytes.subarray(0, 700_000), randomBytes(1000)]))
    const again = await store.upload('alice', blobId)
    expect(again.status.stored).to.equal(700_000)
    await again.write(bytes.subarray(700_000))
    await again.close()
    expect(await download(blobId)).to.deep.equal(Buffer.from(bytes))
  })

  it('refuses bytes past a blob\'s end, downloads of one not whole yet, and another account\'s upload or delete', async () => {
    const { blobId } = await store.create('alice', 10, now + DAY)
    const up = await store.upload('alice', blobId)
    await expectRelayError(up.write(new Uint8Array(11)), 'TOO_LARGE')
    await up.write(new Uint8Array(4))
    await up.close()
    await expectRelayError(store.download('bob', blobId, 0), 'NOT_FOUND')
    await expectRelayError(store.upload('mallory', blobId), 'NOT_FOUND')
    await expectRelayError(store.delete('mallory', blobId), 'NOT_FOUND')
    await expectRelayError(store.status(randomBytes(16)), 'NOT_FOUND')
    await upload('alice', blobId, new Uint8Array(10))
    await expectRelayError(store.download('bob', blobId, 11), 'BAD_REQUEST')
  })

  it('refuses a blob over the account\'s quota, in bytes and in count, and counts a deleted one back', async () => {
    const big = await store.create('alice', 8 * MiB, now + DAY)
    await expectRelayError(store.create('alice', 3 * MiB, now + DAY), 'QUOTA_EXCEEDED', /8\.0 MiB of 10\.0 MiB is used/)
    // Another account has its own.
    await store.create('bob', 3 * MiB, now + DAY)
    await store.delete('alice', big.blobId)
    await store.create('alice', 3 * MiB, now + DAY)
    for (let i = 0; i < 4; i++) await store.create('alice', 1, now + DAY)
    await expectRelayError(store.create('alice', 1, now + DAY), 'QUOTA_EXCEEDED', /5 files/)
    // Counted again from disk by a relay that restarts.
    const reopened = new BlobStore(db, dir!, { maxBytesPerAccount: 10 * MiB, maxBlobsPerAccount: 5 }, () => now)
    expect(await reopened.usageOf('alice')).to.include({ bytes: 3 * MiB + 4, count: 5 })
  })

  it('refuses an expiry in the past or further than 90 days', async () => {
    await expectRelayError(store.create('alice', 1, now), 'BAD_REQUEST')
    await expectRelayError(store.create('alice', 1, now + 91 * DAY), 'BAD_REQUEST', /90 days/)
  })

  it('sweeps blobs past their expiry and uploads left unfinished for a day, files and records', async () => {
    const kept = await store.create('alice', 4, now + 10 * DAY)
    await upload('alice', kept.blobId, new Uint8Array(4))
    const expiring = await store.create('alice', 4, now + DAY)
    await upload('alice', expiring.blobId, new Uint8Array(4))
    const abandoned = await store.create('alice', 4, now + 10 * DAY)
    now += DAY + 1
    expect(await store.sweep()).to.equal(2)
    expect(await readdir(join(dir!, 'blobs'))).to.deep.equal([toHex(kept.blobId)])
    await expectRelayError(store.status(abandoned.blobId), 'NOT_FOUND')
    expect(await store.usageOf('alice')).to.include({ bytes: 4, count: 1 })
  })

  it('keeps its owner\'s whole blob longer when asked, and nobody else\'s, nor one not whole, nor past 90 days', async () => {
    const blob = await store.create('alice', 4, now + DAY)
    await expectRelayError(store.keep('alice', blob.blobId, now + 80 * DAY), 'NOT_FOUND')
    await upload('alice', blob.blobId, new Uint8Array([1, 2, 3, 4]))
    await expectRelayError(store.keep('mallory', blob.blobId, now + 80 * DAY), 'NOT_FOUND')
    await expectRelayError(store.keep('alice', blob.blobId, now + 91 * DAY), 'BAD_REQUEST', /90 days/)
    await expectRelayError(store.keep('alice', blob.blobId, now), 'BAD_REQUEST')
    expect((await store.keep('alice', blob.blobId, now + 80 * DAY)).expiresAt).to.equal(now + 80 * DAY)
    now += 30 * DAY
    expect(await store.sweep()).to.equal(0)
    expect(await download(blob.blobId)).to.deep.equal(new Uint8Array([1, 2, 3, 4]))
    now += 51 * DAY
    expect(await store.sweep()).to.equal(1)
    await expectRelayError(store.keep('alice', blob.blobId, now + DAY), 'NOT_FOUND')
  })

  it('deletes every blob of an account with it, and removes files no record names at start', async () => {
    for (let i = 0; i < 3; i++) await store.create('alice', 4, now + DAY)
    const bobs = await store.create('bob', 4, now + DAY)
    expect(await store.deleteUser('alice')).to.equal(3)
    expect(await readdir(join(dir!, 'blobs'))).to.deep.equal([toHex(bobs.blobId)])
    await writeFile(join(dir!, 'blobs', 'f'.repeat(32)), 'left by a crash')
    await store.open()
    expect(await readdir(join(dir!, 'blobs'))).to.deep.equal([toHex(bobs.blobId)])
  })

  it('lets a new upload of a blob take over from one still open (a client that reconnected)', async () => {
    const bytes = randomBytes(MiB)
    const { blobId } = await store.create('alice', bytes.length, now + DAY)
    let takenOver = false
    const first = await store.upload('alice', blobId, () => { takenOver = true; void first.close() })
    await first.write(bytes.subarray(0, 1000))
    const second = await store.upload('alice', blobId)
    expect(takenOver).to.equal(true)
    expect(second.status.stored).to.equal(1000)
    await expectRelayError(first.write(bytes.subarray(1000, 2000)), 'BAD_REQUEST', /took over/)
    await second.write(bytes.subarray(1000))
    await second.close()
    expect(await download(blobId)).to.deep.equal(Buffer.from(bytes))
  })

  it('lets one account have a few downloads under way at once, and counts one back once it ends', async () => {
    const { blobId } = await store.create('alice', 10, now + DAY)
    await upload('alice', blobId, new Uint8Array(10))
    const open = []
    for (let i = 0; i < 8; i++) open.push(await store.download('bob', blobId, 0))
    await expectRelayError(store.download('bob', blobId, 0), 'RATE_LIMITED')
    // Another account is not held back by bob's.
    await (await store.download('carol', blobId, 0)).pieces.return(undefined)
    await open[0]!.pieces.return(undefined)
    const again = await store.download('bob', blobId, 0)
    for await (const _ of again.pieces) { /* read to the end */ }
    for (const d of open.slice(1)) await d.pieces.return(undefined)
  })

  it('holds an account to its upload rate over all its uploads', async () => {
    let clock = now
    const slow = new BlobStore(db, dir!, { uploadBytesPerSecond: 4 * MiB, uploadBurstBytes: MiB }, () => clock)
    const { blobId } = await slow.create('alice', 3 * MiB, clock + DAY)
    const up = await slow.upload('alice', blobId)
    await up.write(new Uint8Array(MiB))
    // The burst is spent: the next MiB waits for a quarter of a second of the rate, on the store's clock.
    let done = false
    const next = up.write(new Uint8Array(MiB)).then(() => { done = true })
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(done).to.equal(false)
    clock += 250
    await next
    await up.close()
  })

  it('keeps no byte of a blob anywhere but its file (the record holds sizes and times)', async () => {
    const marker = Buffer.from('a marker no record may hold')
    const { blobId } = await store.create('alice', marker.length, now + DAY)
    await upload('alice', blobId, marker, 1)
    await db.close()
    for (const name of await readdir(dir!)) {
      if (name === 'blobs') continue
      const content = await readFile(join(dir!, name)).catch(() => Buffer.alloc(0))
      expect(content.includes(marker), name).to.equal(false)
    }
    db = await openDb(dir!)
  })
})
