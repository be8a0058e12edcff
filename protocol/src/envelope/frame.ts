/**
 * The envelope frame, the same for every crypto suite: size limit, strict decoding, version,
 * canonical encoding, the header's suite (dispatched through a SuiteRegistry) and routing
 * fields. PROTOCOL.md, "What a relay checks", steps 1-7; the suite runs the rest.
 */
import { ENVELOPE_VERSION, MAX_ENVELOPE_BYTES, MESSAGE_ID_BYTES } from '../constants.js'
import { ProtocolError } from '../errors.js'
import { isValidAddress } from '../address.js'
import { bufferSource, decodeFrame, requireCanonical, safeMillis } from '../wire.js'
import { Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader } from '../pb/envelope.js'
import { ENVELOPE, ENVELOPE_HEADER } from '../schemas.js'
import type { MessageSchema } from '../strict-decoding.js'
import { UnsupportedSuiteError, type EnvelopeFrame, type SealHeaderFields, type SuiteRegistry, type SuiteSealed } from './suite.js'

/** The strict schema of `EnvelopeHeader` whose suite selector accepts exactly `registry`'s suites. */
export function envelopeHeaderSchema (registry: SuiteRegistry): MessageSchema {
  const ids = registry.ids
  return {
    ...ENVELOPE_HEADER,
    selector: {
      field: 1,
      supported: v => v <= 0xffffffffn && registry.has(Number(v)),
      code: 'UNSUPPORTED_SUITE',
      sentence: v => new UnsupportedSuiteError(Number(v), ids).message,
      refuse: v => new UnsupportedSuiteError(Number(v), ids)
    }
  }
}

/**
 * Decode and check the suite-independent frame. `headerSchema` comes from
 * `envelopeHeaderSchema(registry)`, so an unknown suite is refused before the header's other
 * fields are judged, whatever they hold.
 */
export function decodeEnvelopeFrame (bytes: Uint8Array, headerSchema: MessageSchema): EnvelopeFrame {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('"bytes" expected Uint8Array')
  }
  if (bytes.length > MAX_ENVELOPE_BYTES) {
    throw new ProtocolError('TOO_LARGE', `envelope is ${bytes.length} bytes, over the ${MAX_ENVELOPE_BYTES}-byte limit`)
  }
  const env = decodeFrame(PbEnvelope, ENVELOPE, bytes, 'envelope')
  if (env.version !== ENVELOPE_VERSION) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `envelope version ${env.version} is not supported (expected ${ENVELOPE_VERSION})`)
  }
  // A frame cut at a field boundary decodes with fields missing: report it as malformed.
  for (const field of ['header', 'keys', 'iv', 'ciphertext', 'sealedSignature'] as const) {
    if (env[field].length === 0) {
      throw new ProtocolError('MALFORMED', `envelope has no ${field} field`)
    }
  }
  requireCanonical(PbEnvelope, env, bytes, 'envelope')

  const header = decodeFrame(PbEnvelopeHeader, headerSchema, env.header, 'envelope header')
  requireCanonical(PbEnvelopeHeader, header, env.header, 'envelope header')
  if (header.messageId.length !== MESSAGE_ID_BYTES) {
    throw new ProtocolError('INVALID_FIELD', `envelope message id must be ${MESSAGE_ID_BYTES} bytes`)
  }
  if (!isValidAddress(header.recipient)) {
    throw new ProtocolError('INVALID_ADDRESS', 'envelope recipient is not a canonical name@relay address')
  }
  const expiresAt = safeMillis(header.expiresAt, 'envelope expires_at')
  if (expiresAt === 0) {
    throw new ProtocolError('INVALID_FIELD', 'envelope expires_at is missing')
  }
  if (env.ciphertext.length !== header.contentSize) {
    throw new ProtocolError('INVALID_FIELD', 'envelope ciphertext length differs from its header content_size')
  }
  return {
    version: env.version,
    suite: header.suite,
    messageId: header.messageId,
    recipient: header.recipient,
    expiresAt,
    contentSize: header.contentSize,
    size: bytes.length,
    header: env.header,
    keys: env.keys,
    iv: env.iv,
    ciphertext: env.ciphertext,
    sealedSignature: env.sealedSignature
  }
}

/** The canonical `EnvelopeHeader` a suite seals under. */
export function encodeEnvelopeHeader (suite: number, fields: SealHeaderFields, contentSize: number): Uint8Array {
  return PbEnvelopeHeader.encode({
    suite,
    messageId: bufferSource(fields.messageId),
    recipient: fields.recipient,
    expiresAt: BigInt(fields.expiresAt),
    contentSize
  })
}

/** The canonical `Envelope` frame of a suite's parts, TOO_LARGE over MAX_ENVELOPE_BYTES. */
export function encodeEnvelopeFrame (parts: SuiteSealed): Uint8Array {
  const bytes = PbEnvelope.encode({
    version: ENVELOPE_VERSION,
    header: bufferSource(parts.header),
    keys: bufferSource(parts.keys),
    iv: bufferSource(parts.iv),
    ciphertext: bufferSource(parts.ciphertext),
    sealedSignature: bufferSource(parts.sealedSignature)
  })
  if (bytes.length > MAX_ENVELOPE_BYTES) {
    throw new ProtocolError('TOO_LARGE', `envelope would be ${bytes.length} bytes, over the ${MAX_ENVELOPE_BYTES}-byte limit; shorten the body`)
  }
  return bytes
}
