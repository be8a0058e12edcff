/**
 * The bodies of the group content kinds (PROTOCOL.md "Groups"): invitations and manage keys sent
 * 1:1, and the parts of a group's state posted in its log for the people just invited. Each is
 * decoded strictly, every field checked.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { GROUP_VERSION } from '../constants.js'
import { ProtocolError } from '../errors.js'
import { concatBytes, constantTimeEqual } from '../bytes.js'
import { bufferSource, decodeFrame, safeMillis, u32be } from '../wire.js'
import { GROUP_INVITE, GROUP_MANAGE, GROUP_STATE, GROUP_STATE_PART } from '../schemas.js'
import * as pb from '../pb/group.js'
import { GROUP_HASH_BYTES, GROUP_ID_BYTES, MAX_GROUP_MEMBERS, encodeGroupState, groupStateHash, isValidGroupName, isWellFormedMember, type GroupState } from './state.js'
import { decodeSenderKeyDistribution, encodeSenderKeyDistribution, type SenderKeyDistribution } from './sender-keys.js'
import { MAX_GROUP_CHANGE_BYTES, decodeSignedGroupChange, type SignedGroupChange } from './changes.js'

/** A group's manage key on its relay: 32 random bytes its admins hold. */
export const MANAGE_KEY_BYTES = 32
/** Bytes of state one `group-state` part carries, at most (a group message holds it with room to spare). */
export const GROUP_STATE_CHUNK_BYTES = 192 * 1024
/** Parts one state is cut into, at most. */
export const MAX_GROUP_STATE_PARTS = 16

/** The body of a `group-invite` content. */
export interface GroupInvite { groupId: Uint8Array, stateHash: Uint8Array, epoch: number, senderKey: SenderKeyDistribution }
/** The body of a `group-state` content. */
export interface GroupStatePart { stateHash: Uint8Array, part: number, parts: number, chunk: Uint8Array }
/** The body of a `group-manage` content. */
export interface GroupManage { groupId: Uint8Array, manageKey: Uint8Array }

const sized = (b: Uint8Array, n: number): boolean => b instanceof Uint8Array && b.length === n
const invalid = (m: string): ProtocolError => new ProtocolError('INVALID_FIELD', m)

export function encodeGroupInvite (i: GroupInvite): Uint8Array {
  if (!sized(i.groupId, GROUP_ID_BYTES) || !sized(i.stateHash, GROUP_HASH_BYTES)) throw new TypeError('a group invite names a 32-byte group id and state hash')
  if (!constantTimeEqual(i.senderKey.groupId, i.groupId)) throw new TypeError('a group invite carries a sender key of its group')
  return pb.GroupInvite.encode({ version: GROUP_VERSION, groupId: bufferSource(i.groupId), stateHash: bufferSource(i.stateHash), epoch: BigInt(i.epoch), senderKey: bufferSource(encodeSenderKeyDistribution(i.senderKey)) })
}

export function decodeGroupInvite (bytes: Uint8Array): GroupInvite {
  const w = decodeFrame(pb.GroupInvite, GROUP_INVITE, bytes, 'group invite')
  if (!sized(w.groupId, GROUP_ID_BYTES)) throw invalid(`group invite group id must be ${GROUP_ID_BYTES} bytes`)
  if (!sized(w.stateHash, GROUP_HASH_BYTES)) throw invalid(`group invite state hash must be ${GROUP_HASH_BYTES} bytes`)
  const epoch = safeMillis(w.epoch, 'group invite epoch')
  if (epoch < 1) throw invalid('group invite epoch must be 1 or more')
  const senderKey = decodeSenderKeyDistribution(w.senderKey)
  if (!constantTimeEqual(senderKey.groupId, w.groupId)) throw invalid('group invite carries a sender key of another group')
  return { groupId: w.groupId.slice(), stateHash: w.stateHash.slice(), epoch, senderKey }
}

export function encodeGroupManage (m: GroupManage): Uint8Array {
  if (!sized(m.groupId, GROUP_ID_BYTES) || !sized(m.manageKey, MANAGE_KEY_BYTES)) throw new TypeError('a group manage key names a 32-byte group id and a 32-byte key')
  return pb.GroupManage.encode({ version: GROUP_VERSION, groupId: bufferSource(m.groupId), manageKey: bufferSource(m.manageKey) })
}

export function decodeGroupManage (bytes: Uint8Array): GroupManage {
  const w = decodeFrame(pb.GroupManage, GROUP_MANAGE, bytes, 'group manage key')
  if (!sized(w.groupId, GROUP_ID_BYTES)) throw invalid(`group manage group id must be ${GROUP_ID_BYTES} bytes`)
  if (!sized(w.manageKey, MANAGE_KEY_BYTES)) throw invalid(`group manage key must be ${MANAGE_KEY_BYTES} bytes`)
  return { groupId: w.groupId.slice(), manageKey: w.manageKey.slice() }
}

export function encodeGroupStatePart (p: GroupStatePart): Uint8Array {
  checkPart(p, m => new TypeError(m))
  return pb.GroupStatePart.encode({ version: GROUP_VERSION, stateHash: bufferSource(p.stateHash), part: p.part, parts: p.parts, chunk: bufferSource(p.chunk) })
}

export function decodeGroupStatePart (bytes: Uint8Array): GroupStatePart {
  const w = decodeFrame(pb.GroupStatePart, GROUP_STATE_PART, bytes, 'group state part')
  const p = { stateHash: w.stateHash.slice(), part: w.part, parts: w.parts, chunk: w.chunk.slice() }
  checkPart(p, invalid)
  return p
}

function checkPart (p: GroupStatePart, fail: (m: string) => Error): void {
  if (!sized(p.stateHash, GROUP_HASH_BYTES)) throw fail(`group state part hash must be ${GROUP_HASH_BYTES} bytes`)
  if (!Number.isInteger(p.parts) || p.parts < 1 || p.parts > MAX_GROUP_STATE_PARTS) throw fail(`a group state comes in 1 to ${MAX_GROUP_STATE_PARTS} parts`)
  if (!Number.isInteger(p.part) || p.part < 0 || p.part >= p.parts) throw fail('group state part index is out of range')
  if (!(p.chunk instanceof Uint8Array) || p.chunk.length === 0 || p.chunk.length > GROUP_STATE_CHUNK_BYTES) throw fail(`a group state part carries 1 to ${GROUP_STATE_CHUNK_BYTES} bytes`)
}

/** A group state and the change that made it, cut into the parts to post for people just invited. */
export function groupStateParts (state: GroupState, change: SignedGroupChange): GroupStatePart[] {
  const stateBytes = encodeGroupState(state)
  const whole = concatBytes(u32be(change.bytes.length), change.bytes, stateBytes)
  const parts = Math.ceil(whole.length / GROUP_STATE_CHUNK_BYTES)
  if (parts > MAX_GROUP_STATE_PARTS) throw new RangeError('the group state is too large to post')
  const stateHash = groupStateHash(state)
  return Array.from({ length: parts }, (_, part) => ({ stateHash, part, parts, chunk: whole.subarray(part * GROUP_STATE_CHUNK_BYTES, (part + 1) * GROUP_STATE_CHUNK_BYTES) }))
}

/**
 * The state and change that parts, all of one state hash in part order, put together: the state
 * decoded strictly, its hash the one the parts name, its head the change's hash. MISMATCH or a
 * decoding error otherwise.
 */
export function joinGroupStateParts (parts: GroupStatePart[]): { state: GroupState, change: SignedGroupChange } {
  const first = parts[0]
  if (first === undefined || parts.length !== first.parts || parts.some((p, i) => p.part !== i || p.parts !== first.parts || !constantTimeEqual(p.stateHash, first.stateHash))) {
    throw new ProtocolError('MISMATCH', 'the group state parts do not make one whole')
  }
  const whole = concatBytes(...parts.map(p => p.chunk))
  if (whole.length < 4) throw new ProtocolError('TRUNCATED', 'the group state is cut short')
  const changeLength = new DataView(whole.buffer, whole.byteOffset).getUint32(0)
  if (changeLength > MAX_GROUP_CHANGE_BYTES || 4 + changeLength > whole.length) throw new ProtocolError('TRUNCATED', 'the group state is cut short')
  const change = decodeSignedGroupChange(whole.subarray(4, 4 + changeLength))
  const state = decodeGroupState(whole.subarray(4 + changeLength))
  if (!constantTimeEqual(groupStateHash(state), first.stateHash)) throw new ProtocolError('MISMATCH', 'the group state is not the one its parts name')
  if (!constantTimeEqual(state.head, change.hash) || change.change.epoch !== state.epoch || !constantTimeEqual(change.change.groupId, state.groupId)) {
    throw new ProtocolError('MISMATCH', 'the group state was not made by the change it came with')
  }
  return { state, change }
}

/**
 * Decodes a state strictly: every field checked, members in canonical order each once, within the
 * limits, with an admin among the joined members. INVALID_FIELD and the decoding codes otherwise.
 */
export function decodeGroupState (bytes: Uint8Array): GroupState {
  const w = decodeFrame({ encode: pb.GroupState.encode, decode: (b: Uint8Array) => pb.GroupState.decode(b, { limits: { members: MAX_GROUP_MEMBERS } }) }, GROUP_STATE, bytes, 'group state')
  if (!sized(w.groupId, GROUP_ID_BYTES)) throw invalid(`group state group id must be ${GROUP_ID_BYTES} bytes`)
  if (!sized(w.head, GROUP_HASH_BYTES)) throw invalid(`group state head must be ${GROUP_HASH_BYTES} bytes`)
  const epoch = safeMillis(w.epoch, 'group state epoch')
  if (epoch < 1) throw invalid('group state epoch must be 1 or more')
  if (!isValidGroupName(w.name)) throw invalid('group state name is not a valid group name')
  let previous = ''
  for (const m of w.members) {
    if (!isWellFormedMember(m)) throw invalid('a group member needs a canonical name@relay address and a 32-byte identity key')
    if (m.address <= previous) throw invalid('group state members must be in address order, each once')
    if (m.admin && !m.joined) throw invalid('an invited person is not an admin yet')
    previous = m.address
  }
  const joined = w.members.filter(m => m.joined)
  if (joined.length === 0 || !joined.some(m => m.admin)) throw invalid('a group state has a joined admin')
  return { groupId: w.groupId.slice(), epoch, name: w.name, members: w.members.map(m => ({ address: m.address, identityKey: m.identityKey.slice(), admin: m.admin, joined: m.joined })), head: w.head.slice() }
}

/** SHA-256 of a manage key, as the relay keeps it. */
export function manageKeyHash (manageKey: Uint8Array): Uint8Array {
  return sha256(manageKey)
}

