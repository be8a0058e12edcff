/** Kind 9, `profile`: the body is a pb/file.proto `ProfileKey` (PROTOCOL.md "Profiles"). */
import { CONTENT_KIND_PROFILE } from '../constants.js'
import { decodeProfileKey, encodeProfileKey, type ProfileKey } from '../attachments/profile.js'
import type { ContentKindSpec } from './kind.js'

/** Where the sender's display name and picture are, and the key that opens them. */
export const PROFILE_KIND: ContentKindSpec<'profile', ProfileKey> = {
  name: 'profile',
  id: CONTENT_KIND_PROFILE,
  version: 1,
  decode: decodeProfileKey,
  encode: encodeProfileKey
}
