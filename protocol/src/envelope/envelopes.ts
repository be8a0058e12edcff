/**
 * Seal, inspect and open envelopes over a set of crypto suites: the frame and the content are
 * checked here, the suite named by the header does the cryptography. PROTOCOL.md, "Envelope".
 */
import { MAX_DEVICE_ID_LENGTH, MAX_RECIPIENT_DEVICES, MESSAGE_ID_BYTES, SUITE_HYBRID_RSA_AES } from '../constants.js'
import { ProtocolError, UnsupportedKindError } from '../errors.js'
import { parseAddress } from '../address.js'
import { constantTimeEqual, randomBytes, toHex } from '../bytes.js'
import { isPrintableId } from '../wire.js'
import type { MessageSchema } from '../strict-decoding.js'
import { contentKinds, type ContentKind } from '../kinds/index.js'
import { decodeContent, encodeContentForSeal } from './content.js'
import { decodeEnvelopeFrame, encodeEnvelopeFrame, envelopeHeaderSchema } from './frame.js'
import { SuiteRegistry, type CryptoSuite, type EnvelopeFrame, type SuiteView } from './suite.js'
import type { EnvelopeHeaderInfo, OpenOptions, OpenedEnvelope, SealOptions, SealedEnvelope } from './types.js'

interface Parsed { frame: EnvelopeFrame, suite: CryptoSuite, view: SuiteView, info: EnvelopeHeaderInfo }

function checkedRandom (random: (n: number) => Uint8Array): (n: number) => Uint8Array {
  return n => {
    const out = random(n)
    if (!(out instanceof Uint8Array) || out.length !== n) {
      throw new TypeError(`"random" returned something other than ${n} bytes`)
    }
    // Copy, so wiping our key material never touches a buffer the caller owns.
    return out.slice()
  }
}

/** Envelopes over a fixed set of suites; keep one per device, since its suites own key caches. */
export class Envelopes {
  /** The suites this instance seals and opens. */
  readonly suites: SuiteRegistry
  private readonly headerSchema: MessageSchema

  /** TypeError for no suites or two with one id. */
  constructor (suites: readonly CryptoSuite[]) {
    this.suites = new SuiteRegistry(suites)
    this.headerSchema = envelopeHeaderSchema(this.suites)
  }

  private parse (bytes: Uint8Array): Parsed {
    const frame = decodeEnvelopeFrame(bytes, this.headerSchema)
    const suite = this.suites.get(frame.suite)
    const view = suite.inspect(frame)
    const info: EnvelopeHeaderInfo = {
      version: frame.version,
      suite: frame.suite,
      messageId: frame.messageId.slice(),
      messageIdHex: toHex(frame.messageId),
      recipient: frame.recipient,
      expiresAt: frame.expiresAt,
      contentSize: frame.contentSize,
      deviceIds: view.deviceIds,
      size: frame.size
    }
    return { frame, suite, view, info }
  }

  /**
   * Validate an envelope without any keys, as a relay does, and return its routing facts. Pure
   * and synchronous. Size (TOO_LARGE), decoding (TRUNCATED, MALFORMED), version
   * (UNSUPPORTED_VERSION), missing fields and canonical encoding (MALFORMED), suite
   * (UnsupportedSuiteError, UNSUPPORTED_SUITE), then every field (INVALID_FIELD, INVALID_ADDRESS).
   */
  inspect (bytes: Uint8Array): EnvelopeHeaderInfo {
    return this.parse(bytes).info
  }

  /**
   * Encrypt `content` for every listed device of `recipient` with the chosen suite and sign it.
   * Copies for the sender's own other devices go in a separate `seal` addressed to the sender,
   * so relays cannot link the sender's devices. TypeError/RangeError for invalid arguments,
   * INVALID_ADDRESS for a bad recipient, INVALID_FIELD for a device key the suite refuses,
   * TOO_LARGE when the result would exceed MAX_ENVELOPE_BYTES.
   */
  async seal (opts: SealOptions): Promise<SealedEnvelope> {
    const parsed = parseAddress(opts.recipient)
    const recipient = `${parsed.name}@${parsed.relay}`
    if (!Array.isArray(opts.devices) || opts.devices.length < 1 || opts.devices.length > MAX_RECIPIENT_DEVICES) {
      throw new RangeError(`"devices" expected 1-${MAX_RECIPIENT_DEVICES} recipient devices`)
    }
    const seen = new Set<string>()
    for (const d of opts.devices) {
      if (typeof d.deviceId !== 'string' || !isPrintableId(d.deviceId, MAX_DEVICE_ID_LENGTH)) {
        throw new TypeError(`"devices[].deviceId" expected 1-${MAX_DEVICE_ID_LENGTH} printable ASCII characters`)
      }
      if (seen.has(d.deviceId)) {
        throw new TypeError(`"devices" lists device ${d.deviceId} twice`)
      }
      seen.add(d.deviceId)
    }
    const plaintext = encodeContentForSeal(opts.content)
    if (!Number.isSafeInteger(opts.expiresAt) || opts.expiresAt <= 0) {
      throw new RangeError('"expiresAt" expected a positive integer of ms since the epoch')
    }
    const suite = this.suites.get(opts.suite ?? SUITE_HYBRID_RSA_AES)
    const random = checkedRandom(opts.random ?? randomBytes)
    let messageId: Uint8Array
    if (opts.messageId !== undefined) {
      if (!(opts.messageId instanceof Uint8Array) || opts.messageId.length !== MESSAGE_ID_BYTES) {
        throw new TypeError(`"messageId" expected Uint8Array of length ${MESSAGE_ID_BYTES}`)
      }
      messageId = opts.messageId.slice()
    } else {
      messageId = random(MESSAGE_ID_BYTES)
    }
    const parts = await suite.seal({
      header: { messageId, recipient, expiresAt: opts.expiresAt },
      devices: opts.devices,
      plaintext,
      identityPrivateKey: opts.identityPrivateKey,
      senderIdentityKey: opts.content.senderIdentityKey,
      random
    })
    const bytes = encodeEnvelopeFrame(parts)
    // Never emit what a relay would refuse.
    this.parse(bytes)
    return { bytes, messageId }
  }

  /**
   * Open an envelope addressed to this device: the `inspect` checks, MISMATCH for another user,
   * the suite's unwrap and decryption (NOT_A_RECIPIENT, DECRYPT_FAILED), strict content decoding
   * (TRUNCATED, MALFORMED, INVALID_FIELD, INVALID_ADDRESS), the sender's identity key
   * (UNKNOWN_SENDER) and signature over the exact received bytes (BAD_SIGNATURE), and last a kind
   * this version reads (UnsupportedKindError naming the authenticated sender). Errors from
   * `resolveIdentityKey` propagate unchanged.
   */
  async open (bytes: Uint8Array, opts: OpenOptions): Promise<OpenedEnvelope> {
    const { frame, suite, view, info } = this.parse(bytes)
    if (opts.expectedRecipient !== undefined) {
      const expected = parseAddress(opts.expectedRecipient)
      if (info.recipient !== `${expected.name}@${expected.relay}`) {
        throw new ProtocolError('MISMATCH', 'envelope is addressed to a different user than this device\'s')
      }
    }
    const opened = await suite.open(frame, view, { deviceId: opts.deviceId, privateKey: opts.rsaPrivateKey })
    const content = decodeContent(opened.plaintext)
    const known = await opts.resolveIdentityKey(content.sender)
    if (known === undefined) {
      throw new ProtocolError('UNKNOWN_SENDER', 'no identity key is known for the envelope\'s sender')
    }
    if (!constantTimeEqual(known, content.senderIdentityKey)) {
      throw new ProtocolError('BAD_SIGNATURE', 'envelope claims an identity key other than the one known for its sender')
    }
    if (!(await opened.verify(known))) {
      throw new ProtocolError('BAD_SIGNATURE', 'envelope signature does not verify under the sender\'s identity key')
    }
    // Judged only now, so that a kind from a newer version is refused as coming from its real sender.
    const kind = contentKinds.fromWire(content.kind)
    if (kind === undefined) throw new UnsupportedKindError(content.kind, content.sender, content.senderDevice)
    const now = opts.now ?? Date.now()
    return {
      header: info,
      content: { ...content, kind: kind.name as ContentKind },
      expired: info.expiresAt <= now
    }
  }
}
