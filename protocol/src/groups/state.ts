/**
 * A group's state, as every member's device computes it from the same signed changes, and the
 * hash that names it (PROTOCOL.md "Groups"). The encoding is canonical: members sorted by
 * address, so two devices holding the same state hash it alike.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { GROUP_VERSION, IDENTITY_KEY_BYTES } from '../constants.js'
import { concatBytes, toHex, utf8Encode } from '../bytes.js'
import { isValidAddress } from '../address.js'
import { bufferSource } from '../wire.js'
import * as pb from '../pb/group.js'

/** A group id: 32 random bytes chosen by its creator. */
export const GROUP_ID_BYTES = 32
/** Members and invited people together, at most. */
export const MAX_GROUP_MEMBERS = 5000
/** A group name's length in UTF-8 bytes, at most. */
export const MAX_GROUP_NAME_BYTES = 256
/** A hash of a state or a change (SHA-256). */
export const GROUP_HASH_BYTES = 32

const STATE_CONTEXT = utf8Encode('parley/group-state/v1\0')

/** A member of a group, or someone invited to it (`joined` false). */
export interface GroupMember {
  address: string
  /** Ed25519 identity key, as the member who invited them holds it. */
  identityKey: Uint8Array
  admin: boolean
  joined: boolean
}

/** What every member's device agrees on after the same changes. */
export interface GroupState {
  groupId: Uint8Array
  /** Changes applied (the create is 1). */
  epoch: number
  name: string
  /** Sorted by address, each address once. */
  members: readonly GroupMember[]
  /** The hash of the change that made this state. */
  head: Uint8Array
}

/** The canonical encoding of a state. */
export function encodeGroupState (state: GroupState): Uint8Array {
  return pb.GroupState.encode({
    version: GROUP_VERSION,
    groupId: bufferSource(state.groupId),
    epoch: BigInt(state.epoch),
    name: state.name,
    members: sortedMembers(state.members).map(m => ({ address: m.address, identityKey: bufferSource(m.identityKey), admin: m.admin, joined: m.joined })),
    head: bufferSource(state.head)
  })
}

/** The hash that names a state: what a change applying to it gives as `prior`. */
export function groupStateHash (state: GroupState): Uint8Array {
  return sha256(concatBytes(STATE_CONTEXT, encodeGroupState(state)))
}

/** Members in address order (by UTF-16 code unit: addresses are ASCII). */
export function sortedMembers (members: readonly GroupMember[]): GroupMember[] {
  return [...members].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
}

/** The member with this address, or undefined. */
export function memberOf (state: GroupState, address: string): GroupMember | undefined {
  return state.members.find(m => m.address === address)
}

/** Whether a group name is acceptable: 1 to MAX_GROUP_NAME_BYTES bytes of UTF-8, no control characters. */
export function isValidGroupName (name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0) return false
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return false
  if (name.trim() !== name) return false
  return utf8Encode(name).length <= MAX_GROUP_NAME_BYTES
}

/** Whether `member` is a well-formed member entry (address canonical, identity key 32 bytes). */
export function isWellFormedMember (member: { address: string, identityKey: Uint8Array }): boolean {
  return isValidAddress(member.address) && member.identityKey instanceof Uint8Array && member.identityKey.length === IDENTITY_KEY_BYTES
}

/** A group id as the conversation id of its messages: `group:` and 64 hex digits. */
export function groupConversationId (groupId: Uint8Array): string {
  return `group:${toHex(groupId)}`
}
