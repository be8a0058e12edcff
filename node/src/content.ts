import { ProtocolError } from '@parley/protocol'
import { MAX_TEXT_BYTES } from './constants.js'

// Fatal: a text that is not valid UTF-8 is refused, never read with replacement characters (two
// readers must see one text).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Decodes the body of a `text` content: non-empty, at most MAX_TEXT_BYTES, valid UTF-8; ProtocolError otherwise. */
export function decodeText (body: Uint8Array): string {
  if (body.length === 0) throw new ProtocolError('INVALID_FIELD', 'the text is empty')
  if (body.length > MAX_TEXT_BYTES) throw new ProtocolError('TOO_LARGE', `the text is longer than ${MAX_TEXT_BYTES} bytes`)
  try {
    return strictUtf8.decode(body)
  } catch {
    throw new ProtocolError('MALFORMED', 'the text is not valid UTF-8')
  }
}
