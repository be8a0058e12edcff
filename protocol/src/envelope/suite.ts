/**
 * The `CryptoSuite` seam: the envelope frame (envelope/frame.ts) is the same for every suite; a
 * suite decides what `keys`, `iv`, `ciphertext` and `sealed_signature` hold, how content is
 * encrypted for a set of devices and how one device opens it. See PROTOCOL.md, "Crypto suites".
 */
import { ProtocolError } from '../errors.js'
import type { RecipientDevice } from './types.js'

/** The decoded, frame-level-validated parts of an envelope, with the exact received bytes. */
export interface EnvelopeFrame {
  /** Envelope format version. */
  version: number
  /** Crypto suite id from the header. */
  suite: number
  /** The 16-byte message id. */
  messageId: Uint8Array
  /** Canonical `name@relay` recipient. */
  recipient: string
  /** When relays may drop it, ms since the epoch. */
  expiresAt: number
  /** Ciphertext length from the header (equal to `ciphertext.length`). */
  contentSize: number
  /** Size of the whole frame in bytes. */
  size: number
  /** Exact received `EnvelopeHeader` bytes. */
  header: Uint8Array
  /** Exact received key block bytes (format per suite). */
  keys: Uint8Array
  /** Received nonce (format per suite). */
  iv: Uint8Array
  /** Received ciphertext. */
  ciphertext: Uint8Array
  /** Received sealed signature (format per suite). */
  sealedSignature: Uint8Array
}

/** What a suite's relay-side checks found: at least the devices holding a key. */
export interface SuiteView {
  /** Device ids holding a wrapped key, in wire order. */
  deviceIds: string[]
}

/** The envelope header fields a suite puts in the frame it seals. */
export interface SealHeaderFields {
  /** 16-byte message id. */
  messageId: Uint8Array
  /** Canonical recipient address. */
  recipient: string
  /** Expiry, ms since the epoch. */
  expiresAt: number
}

/** What `CryptoSuite.seal` is given; everything is already validated by the envelope layer. */
export interface SuiteSealInput {
  /** The header fields to encode (the suite adds its id and the content size). */
  header: SealHeaderFields
  /** 1-16 distinct devices, shapes checked; keys not yet. */
  devices: RecipientDevice[]
  /** The padded canonical `Content` encoding to encrypt. */
  plaintext: Uint8Array
  /** The sender's identity private key. */
  identityPrivateKey: Uint8Array
  /** The identity public key the content claims; the suite checks the pair before any secret exists. */
  senderIdentityKey: Uint8Array
  /** Randomness source (returns fresh copies). */
  random: (n: number) => Uint8Array
}

/** The frame parts a suite produces; the envelope layer adds the version and encodes the frame. */
export interface SuiteSealed {
  /** Encoded `EnvelopeHeader` (see `encodeEnvelopeHeader`). */
  header: Uint8Array
  /** Suite key block. */
  keys: Uint8Array
  /** Suite nonce. */
  iv: Uint8Array
  /** Suite ciphertext. */
  ciphertext: Uint8Array
  /** Suite sealed signature. */
  sealedSignature: Uint8Array
}

/** What `CryptoSuite.open` is given. */
export interface SuiteOpenInput {
  /** This device's id, known to hold a key in the frame. */
  deviceId: string
  /** This device's private key in a form the suite understands. */
  privateKey: unknown
}

/** What `CryptoSuite.open` returns: the plaintext and a verifier bound to the received bytes. */
export interface SuiteOpened {
  /** The decrypted `Content` encoding, not yet decoded. */
  plaintext: Uint8Array
  /** True when the envelope's signature verifies under `identityKey` over the received bytes. */
  verify: (identityKey: Uint8Array) => Promise<boolean>
}

/** One crypto suite: how content is encrypted for a set of devices and opened by one. */
export interface CryptoSuite<View extends SuiteView = SuiteView> {
  /** Wire id (`EnvelopeHeader.suite`). */
  readonly id: number
  /** Name, e.g. `hybrid-rsa-aes`. */
  readonly name: string
  /** Pure relay-side checks of the suite's parts (INVALID_FIELD, MALFORMED, TRUNCATED). */
  inspect (frame: EnvelopeFrame): View
  /** Encrypt and sign for the devices; ProtocolError INVALID_FIELD for a bad device key. */
  seal (input: SuiteSealInput): Promise<SuiteSealed>
  /** Decrypt for one device (DECRYPT_FAILED, one generic error for every key or tag failure). */
  open (frame: EnvelopeFrame, view: View, input: SuiteOpenInput): Promise<SuiteOpened>
}

/** UNSUPPORTED_SUITE: an envelope (or a seal request) names a suite this implementation lacks. */
export class UnsupportedSuiteError extends ProtocolError {
  override name = 'UnsupportedSuiteError'
  /** The suite id received. */
  readonly suite: number

  constructor (suite: number, supported: readonly number[]) {
    super('UNSUPPORTED_SUITE', `envelope suite ${suite} is not supported (expected ${supported.length === 1 ? String(supported[0]) : `one of ${supported.join(', ')}`})`)
    this.suite = suite
  }
}

/** An immutable set of suites, looked up by id. */
export class SuiteRegistry {
  private readonly byId = new Map<number, CryptoSuite>()

  /** TypeError for an empty list, a duplicate id or an id that is not a positive uint32. */
  constructor (suites: readonly CryptoSuite[]) {
    if (suites.length === 0) throw new TypeError('"suites" expected at least one crypto suite')
    for (const s of suites) {
      if (!Number.isInteger(s.id) || s.id < 1 || s.id > 0xffffffff) throw new TypeError(`suite "${s.name}" needs an id in 1..2^32-1, got ${s.id}`)
      if (this.byId.has(s.id)) throw new TypeError(`two crypto suites use id ${s.id}`)
      this.byId.set(s.id, s)
    }
  }

  /** The ids, ascending. */
  get ids (): number[] { return [...this.byId.keys()].sort((a, b) => a - b) }

  /** The suite with `id`, or UnsupportedSuiteError. */
  get (id: number): CryptoSuite {
    const suite = this.byId.get(id)
    if (suite === undefined) throw new UnsupportedSuiteError(id, this.ids)
    return suite
  }

  /** True when `id` is one of the suites. */
  has (id: number): boolean { return this.byId.has(id) }
}
