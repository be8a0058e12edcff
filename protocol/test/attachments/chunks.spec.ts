import { expect } from 'chai'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  AttachmentOpener, AttachmentSealer, CHUNK_TAG_BYTES, ChunkLayout, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES, MAX_SEALED_CHUNKS, MIN_CHUNK_BYTES, ProtocolError,
  attachmentHash, chunkBytesFor, concatBytes, openChunks, randomBytes, sealChunks, sealedSize
} from '../../src/index.js'

const CHUNK = MIN_CHUNK_BYTES

/** `bytes` handed out in pieces of `piece` bytes (to show any split works). */
async function * piecesOf (bytes: Uint8Array, piece: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece)
}

async function collect (source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const out: Uint8Array[] = []
  for await (const c of source) out.push(c)
  return concatBytes(...out)
}

/** The hash a reference would carry for these sealed chunks. */
function hashOf (chunks: Uint8Array[]): Uint8Array {
  return attachmentHash(concatBytes(...chunks.map(c => sha256(c))))
}

async function sealed (plain: Uint8Array, piece = 777): Promise<{ sealer: AttachmentSealer, chunks: Uint8Array[] }> {
  const sealer = await AttachmentSealer.create(plain.length, CHUNK)
  const chunks: Uint8Array[] = []
  for await (const c of sealChunks(sealer, piecesOf(plain, piece))) chunks.push(c)
  return { sealer, chunks }
}

async function opener (key: Uint8Array, size: number, hash: Uint8Array): Promise<AttachmentOpener> {
  return await AttachmentOpener.create({ key, size, chunkBytes: CHUNK, sha256: hash })
}

async function openError (key: Uint8Array, chunks: Uint8Array[], expected: { size: number, sha256: Uint8Array }): Promise<ProtocolError> {
  try {
    await collect(openChunks(await opener(key, expected.size, expected.sha256), piecesOf(concatBytes(...chunks), 1000)))
  } catch (err) {
    expect(err).to.be.instanceOf(ProtocolError)
    return err as ProtocolError
  }
  throw new Error('it opened')
}

describe('attachment chunks', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 300]) {
    it(`round-trips ${size} bytes split anyhow, with the hash over each sealed chunk's SHA-256`, async () => {
      const plain = randomBytes(size)
      const { sealer, chunks } = await sealed(plain)
      expect(sealer.complete).to.equal(true)
      expect(chunks.reduce((n, c) => n + c.length, 0)).to.equal(sealedSize(size, CHUNK))
      expect(sealer.hash()).to.deep.equal(hashOf(chunks))
      for (const c of chunks.slice(0, -1)) expect(c.length).to.equal(CHUNK + CHUNK_TAG_BYTES)
      const opened = await collect(openChunks(await opener(sealer.key, size, sealer.hash()), piecesOf(concatBytes(...chunks), 333)))
      expect(opened).to.deep.equal(plain)
    })
  }

  it('detects a chunk altered, moved, dropped, repeated, and an attachment cut short or run on', async () => {
    const plain = randomBytes(4 * CHUNK + 10)
    const { sealer, chunks } = await sealed(plain)
    const key = sealer.key
    const expected = { size: plain.length, sha256: sealer.hash() }
    // The same bytes in the wrong places, under a hash made to match: the chunks are checked on their own too.
    const altered = chunks.map(c => c.slice())
    altered[1]![5]! ^= 1
    expect((await openError(key, altered, { ...expected, sha256: hashOf(altered) })).code).to.equal('DECRYPT_FAILED')
    const swapped = [chunks[0]!, chunks[2]!, chunks[1]!, chunks[3]!, chunks[4]!]
    expect((await openError(key, swapped, { ...expected, sha256: hashOf(swapped) })).code).to.equal('DECRYPT_FAILED')
    const repeated = [chunks[0]!, chunks[0]!, chunks[2]!, chunks[3]!, chunks[4]!]
    expect((await openError(key, repeated, { ...expected, sha256: hashOf(repeated) })).code).to.equal('DECRYPT_FAILED')
    // A full chunk dropped, and the reference's size told to match: the one that moves up is refused.
    const dropped = [chunks[0]!, chunks[2]!, chunks[3]!, chunks[4]!]
    expect((await openError(key, dropped, { size: plain.length - CHUNK, sha256: hashOf(dropped) })).code).to.equal('DECRYPT_FAILED')
    // Cut after a whole chunk, the size told to match: that chunk was not sealed as the last.
    const cut = chunks.slice(0, 2)
    expect((await openError(key, cut, { size: 2 * CHUNK, sha256: hashOf(cut) })).code).to.equal('DECRYPT_FAILED')
    // The last chunk altered, under the reference's own hash: found by the hash before it is opened.
    const lastAltered = chunks.map(c => c.slice())
    lastAltered[4]![0]! ^= 1
    expect((await openError(key, lastAltered, expected)).code).to.equal('MISMATCH')
    // Cut, with the reference's size: it ends too soon.
    expect((await openError(key, chunks.slice(0, 3), expected)).code).to.equal('TRUNCATED')
    // Bytes after the last chunk.
    expect((await openError(key, [...chunks, new Uint8Array([1])], expected)).code).to.equal('MALFORMED')
    // Another attachment's hash, or the right one under another key.
    expect((await openError(key, chunks, { ...expected, sha256: randomBytes(32) })).code).to.equal('MISMATCH')
    expect((await openError(randomBytes(32), chunks, expected)).code).to.equal('DECRYPT_FAILED')
  })

  it('opens whatever the pieces of the download (one byte, a chunk and its tag, the whole), and finds bytes run on in the same piece as the last chunk', async () => {
    const plain = randomBytes(3 * CHUNK)
    const { sealer, chunks } = await sealed(plain)
    const whole = concatBytes(...chunks)
    for (const piece of [1, CHUNK + CHUNK_TAG_BYTES, whole.length]) {
      expect(await collect(openChunks(await opener(sealer.key, plain.length, sealer.hash()), piecesOf(whole, piece)))).to.deep.equal(plain)
    }
    let runOn: unknown
    try { await collect(openChunks(await opener(sealer.key, plain.length, sealer.hash()), piecesOf(concatBytes(whole, randomBytes(5)), whole.length + 5))) } catch (err) { runOn = err }
    expect((runOn as ProtocolError).code).to.equal('MALFORMED')
    // Cut inside a chunk: it ends too soon.
    let cut: unknown
    try { await collect(openChunks(await opener(sealer.key, plain.length, sealer.hash()), piecesOf(whole.subarray(0, CHUNK + 100), 64))) } catch (err) { cut = err }
    expect((cut as ProtocolError).code).to.equal('TRUNCATED')
  })

  it('resumes opening at the next chunk: a download broken after two chunks goes on from the third', async () => {
    const plain = randomBytes(5 * CHUNK + 9)
    const { sealer, chunks } = await sealed(plain)
    const open = await opener(sealer.key, plain.length, sealer.hash())
    const first = await collect(openChunks(open, piecesOf(concatBytes(...chunks.slice(0, 2), chunks[2]!.subarray(0, 100)), 500))).catch(err => err)
    expect((first as ProtocolError).code).to.equal('TRUNCATED')
    expect(open.openedChunks).to.equal(2)
    const layout = open.layout
    const rest = concatBytes(...chunks).subarray(layout.sealedOffset(open.openedChunks))
    const tail = await collect(openChunks(open, piecesOf(rest, 4096)))
    expect(tail).to.deep.equal(plain.subarray(2 * CHUNK))
    expect(open.complete).to.equal(true)
  })

  it('seals a chunk again only to the very bytes it gave the first time: a file changed between tries is refused', async () => {
    const plain = randomBytes(3 * CHUNK + 5)
    const { sealer, chunks } = await sealed(plain)
    const layout = sealer.layout
    const again = await sealer.sealChunk(1, plain.subarray(layout.plainOffset(1), layout.plainOffset(1) + layout.plainLength(1)))
    expect(again).to.deep.equal(chunks[1])
    const changed = plain.slice(layout.plainOffset(1), layout.plainOffset(1) + layout.plainLength(1))
    changed[0]! ^= 1
    let refused: unknown
    try { await sealer.sealChunk(1, changed) } catch (err) { refused = err }
    expect((refused as ProtocolError).code).to.equal('MISMATCH')
    let short: unknown
    try { await sealer.sealChunk(3, new Uint8Array(4)) } catch (err) { short = err }
    expect((short as ProtocolError).code).to.equal('MISMATCH')
    // The hash is the one of the first sealing, whatever was tried since.
    expect(sealer.hash()).to.deep.equal(hashOf(chunks))
  })

  it('seals in order the first time and gives the hash only once every chunk is sealed', async () => {
    const sealer = await AttachmentSealer.create(3 * CHUNK, CHUNK)
    expect(() => sealer.hash()).to.throw(TypeError, /once all 3 chunks/)
    let skipped: unknown
    try { await sealer.sealChunk(1, new Uint8Array(CHUNK)) } catch (err) { skipped = err }
    expect((skipped as Error).message).to.match(/go in order/)
    let wrongSize: unknown
    try { await collect(sealChunks(sealer, piecesOf(new Uint8Array(2 * CHUNK), 100))) } catch (err) { wrongSize = err }
    expect((wrongSize as ProtocolError).code).to.equal('MISMATCH')
  })

  it('picks 256 KiB chunks up to 16 GiB and larger ones after, within MAX_SEALED_CHUNKS', () => {
    expect(chunkBytesFor(0)).to.equal(DEFAULT_CHUNK_BYTES)
    expect(chunkBytesFor(4 * 2 ** 30)).to.equal(DEFAULT_CHUNK_BYTES)
    const big = 100 * 2 ** 30
    expect(new ChunkLayout(big, chunkBytesFor(big)).count).to.be.at.most(MAX_SEALED_CHUNKS)
    expect(() => chunkBytesFor(MAX_SEALED_CHUNKS * MAX_CHUNK_BYTES + 1)).to.throw(ProtocolError)
  })

  it('refuses a reference out of shape (chunk size, size, key, hash) before reading anything', async () => {
    for (const shape of [
      { size: 10, chunkBytes: 100, key: randomBytes(32), sha256: randomBytes(32) },
      { size: -1, chunkBytes: CHUNK, key: randomBytes(32), sha256: randomBytes(32) },
      { size: 2 ** 60, chunkBytes: CHUNK, key: randomBytes(32), sha256: randomBytes(32) },
      { size: 1.5, chunkBytes: CHUNK, key: randomBytes(32), sha256: randomBytes(32) },
      { size: 10, chunkBytes: CHUNK, key: randomBytes(16), sha256: randomBytes(32) },
      { size: 10, chunkBytes: CHUNK, key: randomBytes(32), sha256: new Uint8Array(0) }
    ]) {
      let refused: unknown
      try { await AttachmentOpener.create(shape) } catch (err) { refused = err }
      expect((refused as ProtocolError).code).to.equal('INVALID_FIELD')
    }
  })

  it('makes a fresh key for every attachment', async () => {
    const a = await AttachmentSealer.create(10, CHUNK)
    const b = await AttachmentSealer.create(10, CHUNK)
    expect(a.key).to.not.deep.equal(b.key)
  })
})
