import { expect } from 'chai'
import {
  BLOB_VERSION, MAX_BLOB_CONTROL_BYTES, ProtocolError, decodeBlobRequest, decodeBlobResponse, decodeDirectFileOffer, encodeBlobRequest, encodeBlobResponse,
  encodeDirectFileOffer, randomBytes, type BlobRequest
} from '../src/index.js'
import * as pb from '../src/pb/blob.js'

function refusal (fn: () => unknown): ProtocolError {
  try { fn() } catch (err) { expect(err).to.be.instanceOf(ProtocolError); return err as ProtocolError }
  throw new Error('it decoded')
}

describe('blob protocol frames', () => {
  const token = randomBytes(32)
  const blobId = randomBytes(16)

  it('round-trips every request and both answers', () => {
    const requests: BlobRequest[] = [
      { type: 'create', size: 4 * 2 ** 30, expiresAt: 1_800_000_000_000 },
      { type: 'upload', blobId },
      { type: 'download', blobId, offset: 2 ** 40 },
      { type: 'delete', blobId },
      { type: 'keep', blobId, expiresAt: 1_800_000_000_000 }
    ]
    for (const request of requests) expect(decodeBlobRequest(encodeBlobRequest(token, request))).to.deep.equal({ token, request })
    const status = { blobId, size: 10, stored: 4, expiresAt: 5 }
    expect(decodeBlobResponse(encodeBlobResponse({ type: 'status', status }))).to.deep.equal({ type: 'status', status })
    expect(decodeBlobResponse(encodeBlobResponse({ type: 'error', code: 'QUOTA_EXCEEDED', message: 'full', retryAfterMs: 7 }))).to.deep.equal({ type: 'error', code: 'QUOTA_EXCEEDED', message: 'full', retryAfterMs: 7 })
  })

  it('round-trips a direct file offer, and refuses one of another version, without a valid sender or blob id, or too large', () => {
    const offer = { sender: 'alice@relay.test', blobId, size: 4 * 2 ** 30 }
    expect(decodeDirectFileOffer(encodeDirectFileOffer(offer))).to.deep.equal(offer)
    expect(refusal(() => decodeDirectFileOffer(pb.DirectFileOffer.encode({ version: BLOB_VERSION + 1, sender: offer.sender, blobId, size: 1n }))).code).to.equal('UNSUPPORTED_VERSION')
    expect(refusal(() => decodeDirectFileOffer(pb.DirectFileOffer.encode({ version: BLOB_VERSION, sender: 'alice', blobId, size: 1n }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeDirectFileOffer(pb.DirectFileOffer.encode({ version: BLOB_VERSION, sender: offer.sender, blobId: randomBytes(8), size: 1n }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeDirectFileOffer(pb.DirectFileOffer.encode({ version: BLOB_VERSION, sender: offer.sender, blobId, size: 2n ** 60n }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeDirectFileOffer(new Uint8Array(MAX_BLOB_CONTROL_BYTES + 1))).code).to.equal('TOO_LARGE')
    expect(() => encodeDirectFileOffer({ ...offer, sender: 'nobody' })).to.throw(RangeError)
  })

  it('refuses a request of another version, without a token, asking two things or none, or too large', () => {
    expect(refusal(() => decodeBlobRequest(pb.BlobRequest.encode({ version: BLOB_VERSION + 1, token, delete: { blobId } }))).code).to.equal('UNSUPPORTED_VERSION')
    expect(refusal(() => decodeBlobRequest(pb.BlobRequest.encode({ version: BLOB_VERSION, token: randomBytes(5), delete: { blobId } }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeBlobRequest(pb.BlobRequest.encode({ version: BLOB_VERSION, token }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeBlobRequest(pb.BlobRequest.encode({ version: BLOB_VERSION, token, upload: { blobId: randomBytes(15) } }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeBlobRequest(pb.BlobRequest.encode({ version: BLOB_VERSION, token, create: { size: 2n ** 60n, expiresAt: 0n } }))).code).to.equal('INVALID_FIELD')
    expect(refusal(() => decodeBlobRequest(new Uint8Array(MAX_BLOB_CONTROL_BYTES + 1))).code).to.equal('TOO_LARGE')
    expect(refusal(() => decodeBlobRequest(new Uint8Array([0xff, 0xff]))).code).to.equal('MALFORMED')
    expect(refusal(() => decodeBlobRequest(new Uint8Array(0))).code).to.equal('TRUNCATED')
  })

  it('refuses an answer that is neither, or says more is stored than the blob has', () => {
    expect(refusal(() => decodeBlobResponse(pb.BlobResponse.encode({}))).code).to.equal('TRUNCATED')
    expect(refusal(() => decodeBlobResponse(pb.BlobResponse.encode({ status: { blobId, size: 1n, stored: 2n, expiresAt: 0n } }))).code).to.equal('INVALID_FIELD')
  })
})
