import { expect } from 'chai'
import {
  FILE_KIND, MAX_THUMBNAIL_BYTES, ProtocolError, concatBytes, decodeContentBody, decodeFileMessage, encodeFileMessage, isValidFileName, randomBytes,
  type FileMessage
} from '../../src/index.js'
import * as pb from '../../src/pb/file.js'

function sample (): FileMessage {
  return {
    file: { relay: 'localhost', blobId: randomBytes(16), key: randomBytes(32), size: 1234567, chunkBytes: 256 * 1024, sha256: randomBytes(32), mediaType: 'image/jpeg', fileName: 'holiday photo.jpg' },
    caption: 'the beach',
    thumbnail: { bytes: randomBytes(2000), type: 'image/jpeg' },
    width: 4032,
    height: 3024
  }
}

function refusal (bytes: Uint8Array): ProtocolError {
  try { decodeFileMessage(bytes) } catch (err) { expect(err).to.be.instanceOf(ProtocolError); return err as ProtocolError }
  throw new Error('it decoded')
}

/** A FileMessage encoded as protons would, without the encoder's checks (what a hostile sender writes). */
function raw (message: FileMessage, change: (m: pb.FileMessage) => void): Uint8Array {
  const m = pb.FileMessage.decode(encodeFileMessage(message))
  change(m)
  return pb.FileMessage.encode(m)
}

describe('file messages', () => {
  it('round-trips a photo with its thumbnail, and a voice message, through the file kind', () => {
    const photo = sample()
    expect(decodeContentBody('file', FILE_KIND.encode(photo))).to.deep.equal({ kind: 'file', value: photo })
    const voice: FileMessage = { file: { ...sample().file, mediaType: 'audio/webm', fileName: 'voice.webm' }, durationMs: 4200, voice: true }
    expect(decodeFileMessage(encodeFileMessage(voice))).to.deep.equal(voice)
  })

  it('refuses what a hostile sender could put in a reference, naming the field', () => {
    const base = sample()
    const cases: Array<[string, (m: pb.FileMessage) => void, RegExp]> = [
      ['no file', m => { delete (m as any).file }, /names no file/],
      ['a short key', m => { m.file!.key = randomBytes(16) }, /key of 32/],
      ['a long hash', m => { m.file!.sha256 = randomBytes(33) }, /hash of 32/],
      ['a short blob id', m => { m.file!.blobId = randomBytes(8) }, /blob id of 16/],
      ['a chunk size too small', m => { m.file!.chunkSize = 100 }, /chunk size/],
      ['a size past 2^53', m => { m.file!.size = 2n ** 60n }, /size/],
      ['no relay', m => { m.file!.relay = '' }, /relay/],
      ['a path for a name', m => { m.file!.fileName = '../../.ssh/authorized_keys' }, /file name/],
      ['a name with a control character', m => { m.file!.fileName = 'a\u0007b' }, /file name/],
      ['a name that disguises its ending', m => { m.file!.fileName = 'photo\u202egpj.exe' }, /file name/],
      ['a media type with parameters', m => { m.file!.mediaType = 'text/html; charset=utf-8' }, /media type/],
      ['an uppercase media type', m => { m.file!.mediaType = 'Image/JPEG' }, /media type/],
      ['a thumbnail too large', m => { m.thumbnail = randomBytes(MAX_THUMBNAIL_BYTES + 1) }, /thumbnail/],
      ['a thumbnail that is SVG', m => { m.thumbnailType = 'image/svg+xml' }, /thumbnail/],
      ['a thumbnail type without one', m => { m.thumbnail = new Uint8Array(0) }, /thumbnail/],
      ['a width too large', m => { m.width = 70000 }, /width/],
      ['a voice message that is an image', m => { m.voice = true }, /voice/]
    ]
    for (const [what, change, message] of cases) {
      const err = refusal(raw(base, change))
      expect(err.code, what).to.equal('INVALID_FIELD')
      expect(err.message, what).to.match(message)
    }
  })

  it('refuses bytes that break strict decoding: unknown fields, cut bodies, repeated fields', () => {
    const body = encodeFileMessage(sample())
    expect(refusal(concatBytes(body, new Uint8Array([0x48, 0x01]))).code).to.equal('MALFORMED')
    expect(['TRUNCATED', 'MALFORMED']).to.include(refusal(body.subarray(0, body.length - 2)).code)
    expect(refusal(new Uint8Array(0)).code).to.equal('TRUNCATED')
  })

  it('lets the encoder refuse what the decoder would', () => {
    expect(() => encodeFileMessage({ ...sample(), caption: '' })).to.throw(RangeError, /caption/)
    expect(() => encodeFileMessage({ file: { ...sample().file, fileName: 'a/b' } })).to.throw(RangeError, /file name/)
  })

  it('takes names people give files, and none that are paths', () => {
    for (const name of ['report.pdf', 'Rapport annuel 2026.docx', '写真.png', '.bashrc', 'a'.repeat(255)]) expect(isValidFileName(name), name).to.equal(true)
    for (const name of ['', '.', '..', 'a/b', 'a\\b', 'C:x', ' lead', 'trail ', 'a'.repeat(256), 'nul\u0000']) expect(isValidFileName(name), name).to.equal(false)
  })
})
