import { expect } from 'chai'
import {
  MAX_PROFILE_BYTES, MAX_PROFILE_PICTURE_BYTES, PROFILE_FILE_NAME, PROFILE_KIND, PROFILE_MEDIA_TYPE, ProtocolError, concatBytes, decodeContentBody,
  decodeProfileKey, decodeProfileRecord, encodeProfileKey, encodeProfileRecord, isValidDisplayName, randomBytes,
  type ProfileKey, type ProfileRecord
} from '../../src/index.js'
import * as pb from '../../src/pb/file.js'

function key (): ProfileKey {
  return {
    profile: { relay: 'localhost', blobId: randomBytes(16), key: randomBytes(32), size: 20_000, chunkBytes: 256 * 1024, sha256: randomBytes(32), mediaType: PROFILE_MEDIA_TYPE, fileName: PROFILE_FILE_NAME },
    version: 1_800_000_000_000
  }
}

function record (): ProfileRecord {
  return { address: 'alice@localhost', version: 1_800_000_000_000, name: 'Alice Liddell 🐇', picture: { bytes: randomBytes(20_000), type: 'image/webp' } }
}

function refused (work: () => unknown): ProtocolError {
  try { work() } catch (err) { expect(err).to.be.instanceOf(ProtocolError); return err as ProtocolError }
  throw new Error('it decoded')
}

describe('profiles', () => {
  it('round-trips a profile key through the profile kind, and a profile with and without a name or picture', () => {
    const k = key()
    expect(decodeContentBody('profile', PROFILE_KIND.encode(k))).to.deep.equal({ kind: 'profile', value: k })
    for (const r of [record(), { address: 'bob@relay.example', version: 5 }, { address: 'bob@relay.example', version: 5, name: 'Bob' }]) {
      expect(decodeProfileRecord(encodeProfileRecord(r))).to.deep.equal(r)
    }
  })

  it('refuses a key naming anything but a small profile, or of version 0', () => {
    const cases: Array<[(m: pb.ProfileKey) => void, RegExp]> = [
      [m => { m.profile!.mediaType = 'image/jpeg' }, /other than a profile/],
      [m => { m.profile!.fileName = 'photo.jpg' }, /other than a profile/],
      [m => { m.profile!.size = BigInt(MAX_PROFILE_BYTES + 1) }, /over/],
      [m => { m.profile!.key = randomBytes(16) as Uint8Array<ArrayBuffer> }, /key of 32 bytes/],
      [m => { m.version = 0n }, /version/],
      [m => { m.version = 2n ** 60n }, /version/],
      [m => { m.profile = undefined }, /names no profile/]
    ]
    for (const [change, message] of cases) {
      const m = pb.ProfileKey.decode(encodeProfileKey(key()))
      change(m)
      const err = refused(() => decodeProfileKey(pb.ProfileKey.encode(m)))
      expect(err.code).to.equal('INVALID_FIELD')
      expect(err.message).to.match(message)
    }
    // Strict decoding: a field no version defines is refused, not skipped.
    expect(refused(() => decodeProfileKey(concatBytes(encodeProfileKey(key()), new Uint8Array([0x18, 0x01])))).code).to.equal('MALFORMED')
  })

  it('refuses a profile whose name could pass for another, or whose picture is not one', () => {
    const cases: Array<[(m: pb.ProfileRecord) => void, RegExp]> = [
      [m => { m.name = 'a'.repeat(65) }, /display name/],
      [m => { m.name = ' Alice' }, /display name/],
      [m => { m.name = 'Alice\nbob@localhost' }, /display name/],
      [m => { m.name = 'Alice\u202egnp.exe' }, /display name/],
      [m => { m.name = 'Al\u200fice' }, /display name/],
      [m => { m.picture = randomBytes(MAX_PROFILE_PICTURE_BYTES + 1) as Uint8Array<ArrayBuffer> }, /picture/],
      [m => { m.pictureType = 'image/svg+xml' }, /picture/],
      [m => { m.picture = new Uint8Array(0) }, /picture/],
      [m => { m.address = 'not an address' }, /address/],
      [m => { m.version = 0n }, /version/]
    ]
    for (const [change, message] of cases) {
      const m = pb.ProfileRecord.decode(encodeProfileRecord(record()))
      change(m)
      const err = refused(() => decodeProfileRecord(pb.ProfileRecord.encode(m)))
      expect(err.code).to.equal('INVALID_FIELD')
      expect(err.message).to.match(message)
    }
    expect(() => encodeProfileRecord({ ...record(), name: '' })).to.throw(RangeError)
  })

  it('takes display names of every script, up to 64 characters', () => {
    for (const name of ['Зоя', '王小明', 'محمد', 'a'.repeat(64), '👩‍🚀 Ada', 'O\'Brien-Smith']) expect(isValidDisplayName(name), name).to.equal(true)
    for (const name of ['', ' ', 'tab\there', '\u2066x\u2069', '\ud800']) expect(isValidDisplayName(name), JSON.stringify(name)).to.equal(false)
  })
})
