/**
 * Text messages: the body of a `text` content is the message as UTF-8, nothing else. See
 * protocol/PROTOCOL.md, "Content kinds".
 */
import { ProtocolError } from './errors.js'
import { MAX_TEXT_BYTES } from './constants.js'
import { utf8Encode } from './bytes.js'

// fatal: a byte sequence that is not UTF-8 is refused, never replaced with U+FFFD (which would
// give two implementations two different texts). ignoreBOM: a leading U+FEFF is text like any other.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The body of a text message. TypeError for a non-string, RangeError for an empty text or one over MAX_TEXT_BYTES of UTF-8. */
export function encodeTextBody (text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('"text" expected a string')
  const body = utf8Encode(text)
  if (body.length === 0) throw new RangeError('"text" expected at least one character')
  if (body.length > MAX_TEXT_BYTES) throw new RangeError(`"text" expected at most ${MAX_TEXT_BYTES} bytes of UTF-8, got ${body.length}`)
  return body
}

/**
 * The text a text message's body carries, or a final ProtocolError: TOO_LARGE over
 * MAX_TEXT_BYTES (checked before decoding), INVALID_FIELD for an empty body, MALFORMED for bytes
 * that are not valid UTF-8 (lone surrogates and over-long forms included).
 */
export function decodeTextBody (body: Uint8Array): string {
  if (!(body instanceof Uint8Array)) throw new TypeError('"body" expected Uint8Array')
  if (body.length > MAX_TEXT_BYTES) throw new ProtocolError('TOO_LARGE', `text of ${body.length} bytes is over the ${MAX_TEXT_BYTES}-byte limit`)
  if (body.length === 0) throw new ProtocolError('INVALID_FIELD', 'text message is empty')
  try {
    return decoder.decode(body)
  } catch {
    throw new ProtocolError('MALFORMED', 'text message is not valid UTF-8')
  }
}
