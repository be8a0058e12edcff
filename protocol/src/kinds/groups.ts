/**
 * Kinds 3 to 7, the group contents (PROTOCOL.md "Groups"): a signed change and a part of a state
 * travel in group messages; a sender key, an invitation and a manage key travel in 1:1 envelopes.
 */
import {
  CONTENT_KIND_GROUP_CHANGE, CONTENT_KIND_GROUP_INVITE, CONTENT_KIND_GROUP_MANAGE, CONTENT_KIND_GROUP_STATE, CONTENT_KIND_SENDER_KEY
} from '../constants.js'
import { decodeSignedGroupChange, type SignedGroupChange } from '../groups/changes.js'
import { decodeSenderKeyDistribution, encodeSenderKeyDistribution, type SenderKeyDistribution } from '../groups/sender-keys.js'
import {
  decodeGroupInvite, decodeGroupManage, decodeGroupStatePart, encodeGroupInvite, encodeGroupManage, encodeGroupStatePart,
  type GroupInvite, type GroupManage, type GroupStatePart
} from '../groups/contents.js'
import type { ContentKindSpec } from './kind.js'

/** A signed group change, checked by each member against their state. */
export const GROUP_CHANGE_KIND: ContentKindSpec<'group-change', SignedGroupChange> = {
  name: 'group-change',
  id: CONTENT_KIND_GROUP_CHANGE,
  version: 1,
  decode: decodeSignedGroupChange,
  encode: (signed: SignedGroupChange) => signed.bytes
}

/** A member device's sender key for a group. */
export const SENDER_KEY_KIND: ContentKindSpec<'sender-key', SenderKeyDistribution> = {
  name: 'sender-key',
  id: CONTENT_KIND_SENDER_KEY,
  version: 1,
  decode: decodeSenderKeyDistribution,
  encode: encodeSenderKeyDistribution
}

/** An invitation to a group. */
export const GROUP_INVITE_KIND: ContentKindSpec<'group-invite', GroupInvite> = {
  name: 'group-invite',
  id: CONTENT_KIND_GROUP_INVITE,
  version: 1,
  decode: decodeGroupInvite,
  encode: encodeGroupInvite
}

/** One part of a group's state, for the people just invited. */
export const GROUP_STATE_KIND: ContentKindSpec<'group-state', GroupStatePart> = {
  name: 'group-state',
  id: CONTENT_KIND_GROUP_STATE,
  version: 1,
  decode: decodeGroupStatePart,
  encode: encodeGroupStatePart
}

/** A group's manage key, for an admin. */
export const GROUP_MANAGE_KIND: ContentKindSpec<'group-manage', GroupManage> = {
  name: 'group-manage',
  id: CONTENT_KIND_GROUP_MANAGE,
  version: 1,
  decode: decodeGroupManage,
  encode: encodeGroupManage
}
