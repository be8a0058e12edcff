/** Kind 8, `file`: the body is a pb/file.proto `FileMessage` (PROTOCOL.md "Files"). */
import { CONTENT_KIND_FILE } from '../constants.js'
import { decodeFileMessage, encodeFileMessage, type FileMessage } from '../attachments/file-message.js'
import type { ContentKindSpec } from './kind.js'

/** A file, photo, video or voice message. */
export const FILE_KIND: ContentKindSpec<'file', FileMessage> = {
  name: 'file',
  id: CONTENT_KIND_FILE,
  version: 1,
  decode: decodeFileMessage,
  encode: encodeFileMessage
}
