/**
 * Profiles (PROTOCOL.md "Profiles"): a person's display name and picture, sealed on their device
 * as a small attachment and kept on their relay as an opaque blob. The key that opens it travels
 * to contacts and group members in a `profile` content, inside ordinary envelopes. Everything
 * here came from the sender and is checked field by field; the opened record must name the
 * sender and the version the key announced, so no profile can be passed off as another's.
 */
import { ProtocolError } from '../errors.js'
import { isValidAddress } from '../address.js'
import { decodeFrame } from '../wire.js'
import { PROFILE_KEY, PROFILE_RECORD } from '../schemas.js'
import * as pb from '../pb/file.js'
import { THUMBNAIL_TYPES, referenceFromWire, referenceProblem, referenceToWire, type FileReference } from './file-message.js'

/** The media type a profile's reference carries. */
export const PROFILE_MEDIA_TYPE = 'application/vnd.parley.profile'
/** The file name a profile's reference carries. */
export const PROFILE_FILE_NAME = 'profile'
/** Longest display name, in characters (code points). */
export const MAX_PROFILE_NAME_CHARS = 64
/** Largest picture: a portrait of a few hundred pixels a side, not a photo album. */
export const MAX_PROFILE_PICTURE_BYTES = 256 * 1024
/** Largest sealed profile a receiver fetches: a picture, a name and the framing, with room to spare. */
export const MAX_PROFILE_BYTES = MAX_PROFILE_PICTURE_BYTES + 4096
/** Media types a picture may have: images every browser shows. */
export const PROFILE_PICTURE_TYPES = THUMBNAIL_TYPES

/** The body of a `profile` content: where the sender's sealed profile is, and its version. */
export interface ProfileKey {
  profile: FileReference
  /** When the profile last changed (ms since the epoch); a receiver keeps only a higher one than it has. */
  version: number
}

/** A profile, opened. */
export interface ProfileRecord {
  /** Whose it is. */
  address: string
  version: number
  /** The display name, if one is set. */
  name?: string
  picture?: { bytes: Uint8Array, type: typeof PROFILE_PICTURE_TYPES[number] }
}

// Controls, line and paragraph separators, and the bidirectional overrides and isolates that make a name read as another.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_DISPLAY_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/

// Half of a character: not text, and no UTF-8 can carry it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether `name` can be shown as a display name: 1 to 64 characters, no controls or direction overrides, no space at either end. */
export function isValidDisplayName (name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || [...name].length > MAX_PROFILE_NAME_CHARS) return false
  return name.trim() === name && !FORBIDDEN_IN_DISPLAY_NAME.test(name) && !LONE_SURROGATE.test(name)
}

/** The body of a profile content; RangeError for one a decoder would refuse. */
export function encodeProfileKey (key: ProfileKey): Uint8Array {
  const problem = keyProblem(key)
  if (problem !== undefined) throw new RangeError(`a profile key ${problem}`)
  return pb.ProfileKey.encode({ profile: referenceToWire(key.profile), version: BigInt(key.version) })
}

/**
 * Decodes and checks a profile content's body: strict decoding, then INVALID_FIELD for a
 * reference out of range, of another media type or name, larger than MAX_PROFILE_BYTES, or a
 * version of 0 or past 2^53.
 */
export function decodeProfileKey (bytes: Uint8Array): ProfileKey {
  const m = decodeFrame(pb.ProfileKey, PROFILE_KEY, bytes, 'profile key')
  if (m.profile === undefined) throw new ProtocolError('INVALID_FIELD', 'a profile key names no profile')
  if (m.version > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('INVALID_FIELD', 'a profile key\'s version is out of range')
  const key: ProfileKey = { profile: referenceFromWire(m.profile, 'a profile key'), version: Number(m.version) }
  const problem = keyProblem(key)
  if (problem !== undefined) throw new ProtocolError('INVALID_FIELD', `a profile key ${problem}`)
  return key
}

/** The plaintext of a sealed profile; RangeError for one a decoder would refuse. */
export function encodeProfileRecord (record: ProfileRecord): Uint8Array {
  const problem = recordProblem(record)
  if (problem !== undefined) throw new RangeError(`a profile ${problem}`)
  return pb.ProfileRecord.encode({
    address: record.address,
    version: BigInt(record.version),
    name: record.name ?? '',
    picture: (record.picture?.bytes ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>,
    pictureType: record.picture?.type ?? ''
  })
}

/**
 * Decodes and checks an opened profile: strict decoding, then INVALID_FIELD for an address out
 * of shape, a version of 0, a display name that is not one, or a picture empty, over
 * MAX_PROFILE_PICTURE_BYTES or of another type. Whether it is the sender's is the caller's check
 * (`address` and `version` against the key that named it).
 */
export function decodeProfileRecord (bytes: Uint8Array): ProfileRecord {
  const m = decodeFrame(pb.ProfileRecord, PROFILE_RECORD, bytes, 'profile')
  if (m.version > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('INVALID_FIELD', 'a profile\'s version is out of range')
  const record: ProfileRecord = {
    address: m.address,
    version: Number(m.version),
    ...(m.name !== '' ? { name: m.name } : {}),
    ...(m.picture.length > 0 || m.pictureType !== '' ? { picture: { bytes: m.picture.slice(), type: m.pictureType as typeof PROFILE_PICTURE_TYPES[number] } } : {})
  }
  const problem = recordProblem(record)
  if (problem !== undefined) throw new ProtocolError('INVALID_FIELD', `a profile ${problem}`)
  return record
}

function keyProblem (key: ProfileKey): string | undefined {
  if (key === null || typeof key !== 'object') return 'is not one'
  const problem = referenceProblem(key.profile)
  if (problem !== undefined) return problem
  if (key.profile.mediaType !== PROFILE_MEDIA_TYPE || key.profile.fileName !== PROFILE_FILE_NAME) return `names something other than a profile (${PROFILE_MEDIA_TYPE}, "${PROFILE_FILE_NAME}")`
  if (key.profile.size > MAX_PROFILE_BYTES) return `names a profile of over ${MAX_PROFILE_BYTES} bytes`
  if (!Number.isSafeInteger(key.version) || key.version < 1) return 'has a version out of range'
  return undefined
}

function recordProblem (record: ProfileRecord): string | undefined {
  if (record === null || typeof record !== 'object') return 'is not one'
  if (typeof record.address !== 'string' || !isValidAddress(record.address)) return 'names no valid address'
  if (!Number.isSafeInteger(record.version) || record.version < 1) return 'has a version out of range'
  if (record.name !== undefined && !isValidDisplayName(record.name)) return `has a display name that is not one (1 to ${MAX_PROFILE_NAME_CHARS} characters, no controls or direction overrides, no space at either end)`
  const picture = record.picture
  if (picture !== undefined) {
    if (!(picture.bytes instanceof Uint8Array) || picture.bytes.length === 0 || picture.bytes.length > MAX_PROFILE_PICTURE_BYTES) return `has a picture of 0 or over ${MAX_PROFILE_PICTURE_BYTES} bytes`
    if (!(PROFILE_PICTURE_TYPES as readonly string[]).includes(picture.type)) return `has a picture that is not one of ${PROFILE_PICTURE_TYPES.join(', ')}`
  }
  return undefined
}
