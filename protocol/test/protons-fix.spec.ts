import { expect } from 'chai'
import { reader, writer } from 'protons-runtime'
import { decodeBlobRequest, decodeFileMessage, encodeBlobRequest, encodeFileMessage, randomBytes } from '../src/index.js'
import { protonsUint64Fixed } from '../src/protons-fix.js'

describe('protons-runtime uint64 writer fix', () => {
  it('writes every uint64 as its varint, the values from 2^31 to 2^32 - 1 included', () => {
    expect(protonsUint64Fixed).to.equal(true)
    for (const v of [0n, 1n, 127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 3_000_000_000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 64n - 1n]) {
      const w = writer()
      w.uint64(v)
      expect(reader(w.finish()).uint64(), String(v)).to.equal(v)
    }
  })

  it('keeps a 3 GiB file\'s size and a 3 GB offset as they are', () => {
    const size = 3 * 2 ** 30
    const file = { relay: 'localhost', blobId: randomBytes(16), key: randomBytes(32), size, chunkBytes: 256 * 1024, sha256: randomBytes(32), mediaType: 'video/mp4', fileName: 'film.mp4' }
    expect(decodeFileMessage(encodeFileMessage({ file })).file.size).to.equal(size)
    for (const offset of [2 ** 31, 3_000_000_000, 2 ** 32 - 1]) {
      const { request } = decodeBlobRequest(encodeBlobRequest(randomBytes(32), { type: 'download', blobId: randomBytes(16), offset }))
      expect(request).to.include({ type: 'download', offset })
    }
  })
})
