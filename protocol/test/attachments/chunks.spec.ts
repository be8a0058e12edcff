import { expect } from 'chai'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  AttachmentCipher, CHUNK_TAG_BYTES, MIN_CHUNK_BYTES, ProtocolError, concatBytes, openChunks, randomBytes, sealChunks, sealedSize,
  type SealedTotals
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

async function sealed (plain: Uint8Array, piece = 777): Promise<{ cipher: AttachmentCipher, chunks: Uint8Array[], totals: SealedTotals }> {
  const cipher = await AttachmentCipher.fresh()
  const totals: Partial<SealedTotals> = {}
  const chunks: Uint8Array[] = []
  for await (const c of sealChunks(cipher, piecesOf(plain, piece), CHUNK, totals)) chunks.push(c)
  return { cipher, chunks, totals: totals as SealedTotals }
}

async function openError (cipher: AttachmentCipher, chunks: Uint8Array[], expected: { size: number, sha256: Uint8Array }): Promise<ProtocolError> {
  try {
    await collect(openChunks(cipher, piecesOf(concatBytes(...chunks), 1000), { chunkBytes: CHUNK, ...expected }))
  } catch (err) {
    expect(err).to.be.instanceOf(ProtocolError)
    return err as ProtocolError
  }
  throw new Error('it opened')
}

describe('attachment chunks', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 300]) {
    it(`round-trips ${size} bytes split anyhow, with the size and ciphertext hash the reference carries`, async () => {
      const plain = randomBytes(size)
      const { cipher, chunks, totals } = await sealed(plain)
      expect(totals.size).to.equal(size)
      expect(totals.sealedSize).to.equal(sealedSize(size, CHUNK))
      expect(chunks.reduce((n, c) => n + c.length, 0)).to.equal(totals.sealedSize)
      expect(totals.sha256).to.deep.equal(sha256(concatBytes(...chunks)))
      for (const c of chunks.slice(0, -1)) expect(c.length).to.equal(CHUNK + CHUNK_TAG_BYTES)
      const opened = await collect(openChunks(cipher, piecesOf(concatBytes(...chunks), 333), { chunkBytes: CHUNK, size, sha256: totals.sha256 }))
      expect(opened).to.deep.equal(plain)
    })
  }

  it('detects a chunk altered, moved, dropped, repeated, and an attachment cut short or run on', async () => {
    const plain = randomBytes(4 * CHUNK + 10)
    const { cipher, chunks, totals } = await sealed(plain)
    const expected = { size: plain.length, sha256: totals.sha256 }
    // The same bytes in the wrong places: the hash is right for none of them, so the chunks are checked on their own too.
    const altered = chunks.map(c => c.slice())
    altered[1]![5]! ^= 1
    expect((await openError(cipher, altered, { ...expected, sha256: sha256(concatBytes(...altered)) })).code).to.equal('DECRYPT_FAILED')
    const swapped = [chunks[0]!, chunks[2]!, chunks[1]!, chunks[3]!, chunks[4]!]
    expect((await openError(cipher, swapped, { ...expected, sha256: sha256(concatBytes(...swapped)) })).code).to.equal('DECRYPT_FAILED')
    const repeated = [chunks[0]!, chunks[0]!, chunks[2]!, chunks[3]!, chunks[4]!]
    expect((await openError(cipher, repeated, { ...expected, sha256: sha256(concatBytes(...repeated)) })).code).to.equal('DECRYPT_FAILED')
    // A full chunk dropped, and the reference's size told to match: the one that moves up is refused.
    const dropped = [chunks[0]!, chunks[2]!, chunks[3]!, chunks[4]!]
    expect((await openError(cipher, dropped, { size: plain.length - CHUNK, sha256: sha256(concatBytes(...dropped)) })).code).to.equal('DECRYPT_FAILED')
    // Cut after a whole chunk, the size told to match: that chunk was not sealed as the last.
    const cut = chunks.slice(0, 2)
    expect((await openError(cipher, cut, { size: 2 * CHUNK, sha256: sha256(concatBytes(...cut)) })).code).to.equal('DECRYPT_FAILED')
    // Cut, with the reference's size: it ends too soon.
    expect((await openError(cipher, chunks.slice(0, 3), expected)).code).to.equal('TRUNCATED')
    // Bytes after the last chunk.
    expect((await openError(cipher, [...chunks, new Uint8Array([1])], expected)).code).to.equal('MALFORMED')
    // Another attachment's ciphertext, or the right one under another hash.
    expect((await openError(cipher, chunks, { ...expected, sha256: randomBytes(32) })).code).to.equal('MISMATCH')
    const other = await AttachmentCipher.forKey(randomBytes(32))
    expect((await openError(other, chunks, { ...expected, sha256: sha256(concatBytes(...chunks)) })).code).to.equal('DECRYPT_FAILED')
  })

  it('refuses chunk sizes out of range and keys of the wrong length, naming them', async () => {
    const cipher = await AttachmentCipher.fresh()
    let refused: unknown
    try { await collect(sealChunks(cipher, piecesOf(new Uint8Array(10), 5), 100)) } catch (err) { refused = err }
    expect((refused as ProtocolError).code).to.equal('INVALID_FIELD')
    let wrong: unknown
    try { await AttachmentCipher.forKey(new Uint8Array(16)) } catch (err) { wrong = err }
    expect((wrong as Error).message).to.match(/"key" expected Uint8Array of length 32/)
  })

  it('opens whatever the pieces of the download (one byte, a chunk and its tag, the whole), and finds bytes run on in the same piece as the last chunk', async () => {
    const plain = randomBytes(3 * CHUNK)
    const { cipher, chunks, totals } = await sealed(plain)
    const whole = concatBytes(...chunks)
    const expected = { chunkBytes: CHUNK, size: plain.length, sha256: totals.sha256 }
    for (const piece of [1, CHUNK + CHUNK_TAG_BYTES, whole.length]) expect(await collect(openChunks(cipher, piecesOf(whole, piece), expected))).to.deep.equal(plain)
    let runOn: unknown
    try { await collect(openChunks(cipher, piecesOf(concatBytes(whole, randomBytes(5)), whole.length + 5), expected)) } catch (err) { runOn = err }
    expect((runOn as ProtocolError).code).to.equal('MALFORMED')
    // Cut inside a chunk: it ends too soon.
    let cut: unknown
    try { await collect(openChunks(cipher, piecesOf(whole.subarray(0, CHUNK + 100), 64), expected)) } catch (err) { cut = err }
    expect((cut as ProtocolError).code).to.equal('TRUNCATED')
  })

  it('seals one attachment per key: a cipher seals once, and one made from a received key never', async () => {
    const { cipher } = await sealed(randomBytes(10))
    let again: unknown
    try { await collect(sealChunks(cipher, piecesOf(randomBytes(10), 5), CHUNK)) } catch (err) { again = err }
    expect((again as Error).message).to.match(/one attachment only/)
    const received = await AttachmentCipher.forKey(cipher.key!)
    let opening: unknown
    try { await collect(sealChunks(received, piecesOf(randomBytes(10), 5), CHUNK)) } catch (err) { opening = err }
    expect((opening as Error).message).to.match(/only opens/)
  })

  it('refuses a reference whose size or hash is out of shape before reading anything', async () => {
    const { cipher, chunks } = await sealed(randomBytes(10))
    for (const expected of [{ size: -1, sha256: randomBytes(32) }, { size: 2 ** 60, sha256: randomBytes(32) }, { size: 1.5, sha256: randomBytes(32) }, { size: 10, sha256: new Uint8Array(0) }]) {
      expect((await openError(cipher, chunks, expected)).code).to.equal('INVALID_FIELD')
    }
  })
})
