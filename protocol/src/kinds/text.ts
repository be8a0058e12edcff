/** Kind 1, `text`: the body is the message as UTF-8 (PROTOCOL.md "Content kinds"). */
import { CONTENT_KIND_TEXT } from '../constants.js'
import { decodeTextBody, encodeTextBody } from '../text.js'
import type { ContentKindSpec } from './kind.js'

/** A text message. */
export const TEXT_KIND: ContentKindSpec<'text', string> = {
  name: 'text',
  id: CONTENT_KIND_TEXT,
  version: 1,
  decode: decodeTextBody,
  encode: encodeTextBody
}
