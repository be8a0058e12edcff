/**
 * Group changes (PROTOCOL.md "Group changes"): each is made and signed by one member, names the
 * state it applies to by hash, and is checked by every member against that state before it
 * applies. Encoding, signing, strict decoding and the rules of who may do what live here; which
 * of two changes to the same state wins is the log's (log.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { GROUP_VERSION, IDENTITY_KEY_BYTES, SIGNATURE_BYTES } from '../constants.js'
import { ProtocolError } from '../errors.js'
import { isValidAddress } from '../address.js'
import { concatBytes, constantTimeEqual, utf8Encode } from '../bytes.js'
import { signIdentity, verifyIdentity } from '../keys.js'
import { bufferSource, decodeFrame, safeMillis } from '../wire.js'
import { GROUP_CHANGE, SIGNED_GROUP_CHANGE } from '../schemas.js'
import * as pb from '../pb/group.js'
import {
  GROUP_HASH_BYTES, GROUP_ID_BYTES, MAX_GROUP_MEMBERS, groupStateHash, isValidGroupName, isWellFormedMember, memberOf,
  sortedMembers, type GroupMember, type GroupState
} from './state.js'

const SIGNATURE_CONTEXT = utf8Encode('parley/group-change-sig/v1\0')
const HASH_CONTEXT = utf8Encode('parley/group-change/v1\0')
/** A signed change's size, at most: a create or invite naming 5,000 people is about 400 KiB. */
export const MAX_GROUP_CHANGE_BYTES = 512 * 1024

/** Someone invited: their address and the identity key the inviter holds for them. */
export interface GroupInvitee { address: string, identityKey: Uint8Array }

/** What a change does. */
export type GroupAction =
  | { type: 'create', name: string, authorIdentityKey: Uint8Array, invitees: GroupInvitee[] }
  | { type: 'invite', invitees: GroupInvitee[] }
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'leave' }
  | { type: 'remove', target: string }
  | { type: 'set-admin', target: string, admin: boolean }
  | { type: 'rename', name: string }

/** One change, as its author makes it. */
export interface GroupChange {
  groupId: Uint8Array
  /** The epoch it makes: the prior state's + 1 (1 for a create). */
  epoch: number
  /** The hash of the state it applies to; empty for a create. */
  prior: Uint8Array
  author: string
  /** ms since the epoch, as the author's clock said: shown, never used for order. */
  madeAt: number
  action: GroupAction
}

/** A decoded, signed change: its bytes as received, and the hash that names it. */
export interface SignedGroupChange {
  change: GroupChange
  /** The encoded GroupChange the signature covers. */
  changeBytes: Uint8Array
  signature: Uint8Array
  /** The encoded SignedGroupChange, as sent. */
  bytes: Uint8Array
  /** SHA-256 of the signed bytes, with a context string: compared to settle forks. */
  hash: Uint8Array
}

const ACTION_TO_WIRE: Record<GroupAction['type'], pb.GroupAction> = {
  create: pb.GroupAction.CREATE,
  invite: pb.GroupAction.INVITE,
  accept: pb.GroupAction.ACCEPT,
  decline: pb.GroupAction.DECLINE,
  leave: pb.GroupAction.LEAVE,
  remove: pb.GroupAction.REMOVE,
  'set-admin': pb.GroupAction.SET_ADMIN,
  rename: pb.GroupAction.RENAME
}

/** Encodes and signs a change with the author's identity key. TypeError/RangeError for a change no member would accept the shape of. */
export function signGroupChange (change: GroupChange, identityPrivateKey: Uint8Array): SignedGroupChange {
  const changeBytes = pb.GroupChange.encode(toWire(change))
  // The same checks a receiver makes, as an argument error here.
  try {
    fromWire(decodeFrame(pb.GroupChange, GROUP_CHANGE, changeBytes, 'group change'))
  } catch (err) {
    throw new TypeError(`the change is not well formed: ${(err as Error).message}`)
  }
  const signature = signIdentity(identityPrivateKey, concatBytes(SIGNATURE_CONTEXT, changeBytes))
  const bytes = pb.SignedGroupChange.encode({ change: bufferSource(changeBytes), signature: bufferSource(signature) })
  if (bytes.length > MAX_GROUP_CHANGE_BYTES) throw new RangeError(`a group change may take at most ${MAX_GROUP_CHANGE_BYTES} bytes`)
  return { change: structuredClone(change), changeBytes, signature, bytes, hash: changeHash(bytes) }
}

/**
 * Decodes a signed change strictly and checks every field's shape (not its signature, which needs
 * the state it applies to): TOO_LARGE, TRUNCATED, MALFORMED, UNSUPPORTED_VERSION, INVALID_FIELD,
 * INVALID_ADDRESS.
 */
export function decodeSignedGroupChange (bytes: Uint8Array): SignedGroupChange {
  if (bytes.length > MAX_GROUP_CHANGE_BYTES) throw new ProtocolError('TOO_LARGE', `a group change may take at most ${MAX_GROUP_CHANGE_BYTES} bytes`)
  const signed = decodeFrame(pb.SignedGroupChange, SIGNED_GROUP_CHANGE, bytes, 'signed group change')
  if (signed.signature.length !== SIGNATURE_BYTES) throw new ProtocolError('INVALID_FIELD', `group change signature must be ${SIGNATURE_BYTES} bytes`)
  const wire = decodeFrame({ encode: pb.GroupChange.encode, decode: (b: Uint8Array) => pb.GroupChange.decode(b, { limits: { invitees: MAX_GROUP_MEMBERS } }) }, GROUP_CHANGE, signed.change, 'group change')
  return { change: fromWire(wire), changeBytes: signed.change.slice(), signature: signed.signature.slice(), bytes: bytes.slice(), hash: changeHash(bytes) }
}

/** The hash that names a signed change. */
export function changeHash (signedBytes: Uint8Array): Uint8Array {
  return sha256(concatBytes(HASH_CONTEXT, signedBytes))
}

/**
 * The state `signed` makes of `state` (undefined for a create, with `creatorKey` the identity key
 * the receiver holds for its author). Refuses with a final ProtocolError: MISMATCH (another group,
 * not the next epoch, a prior that is not this state's hash, a creator key that is not the one
 * held), BAD_SIGNATURE (not signed by the author's key in the state), NOT_ALLOWED (the author may
 * not make it), INVALID_FIELD (it would change nothing, or break a limit).
 */
export function applyGroupChange (state: GroupState | undefined, signed: SignedGroupChange, creatorKey?: Uint8Array): GroupState {
  const { change } = signed
  const action = change.action
  if (state === undefined) {
    if (action.type !== 'create') throw new ProtocolError('MISMATCH', 'a group starts with its create')
    if (creatorKey === undefined || !constantTimeEqual(creatorKey, action.authorIdentityKey)) {
      throw new ProtocolError('MISMATCH', `the group was not created under the identity key held for ${change.author}`)
    }
    checkSignature(signed, action.authorIdentityKey)
    const members: GroupMember[] = [
      { address: change.author, identityKey: action.authorIdentityKey.slice(), admin: true, joined: true },
      ...action.invitees.map(i => ({ address: i.address, identityKey: i.identityKey.slice(), admin: false, joined: false }))
    ]
    return { groupId: change.groupId.slice(), epoch: 1, name: action.name, members: sortedMembers(members), head: signed.hash }
  }
  if (action.type === 'create') throw new ProtocolError('MISMATCH', 'a group is created once')
  if (!constantTimeEqual(change.groupId, state.groupId)) throw new ProtocolError('MISMATCH', 'the change is for another group')
  if (change.epoch !== state.epoch + 1) throw new ProtocolError('MISMATCH', `the change makes epoch ${change.epoch}, not ${state.epoch + 1}`)
  if (!constantTimeEqual(change.prior, groupStateHash(state))) throw new ProtocolError('MISMATCH', 'the change applies to another state of the group')
  const author = memberOf(state, change.author)
  if (author === undefined) throw new ProtocolError('NOT_ALLOWED', `${change.author} is not in the group`)
  checkSignature(signed, author.identityKey)

  const invitedOnly = action.type === 'accept' || action.type === 'decline'
  if (invitedOnly ? author.joined : !author.joined) {
    throw new ProtocolError('NOT_ALLOWED', invitedOnly ? `${change.author} is not invited (already a member)` : `${change.author} has not joined the group`)
  }
  const needsAdmin = action.type === 'invite' || action.type === 'remove' || action.type === 'set-admin' || action.type === 'rename'
  if (needsAdmin && !author.admin) throw new ProtocolError('NOT_ALLOWED', `only an admin may ${action.type === 'set-admin' ? 'make or unmake admins' : action.type}`)

  let members = state.members.map(m => ({ ...m }))
  let name = state.name
  switch (action.type) {
    case 'invite': {
      for (const i of action.invitees) if (memberOf(state, i.address) !== undefined) throw new ProtocolError('INVALID_FIELD', `${i.address} is already in the group`)
      if (members.length + action.invitees.length > MAX_GROUP_MEMBERS) throw new ProtocolError('INVALID_FIELD', `a group holds at most ${MAX_GROUP_MEMBERS} people`)
      members.push(...action.invitees.map(i => ({ address: i.address, identityKey: i.identityKey.slice(), admin: false, joined: false })))
      break
    }
    case 'accept':
      members = members.map(m => (m.address === change.author ? { ...m, joined: true } : m))
      break
    case 'decline':
    case 'leave':
      members = members.filter(m => m.address !== change.author)
      break
    case 'remove': {
      if (action.target === change.author) throw new ProtocolError('INVALID_FIELD', 'a member leaves rather than removing themselves')
      if (memberOf(state, action.target) === undefined) throw new ProtocolError('INVALID_FIELD', `${action.target} is not in the group`)
      members = members.filter(m => m.address !== action.target)
      break
    }
    case 'set-admin': {
      const target = memberOf(state, action.target)
      if (target === undefined || !target.joined) throw new ProtocolError('INVALID_FIELD', `${action.target} is not a member`)
      if (target.admin === action.admin) throw new ProtocolError('INVALID_FIELD', `${action.target} is ${action.admin ? 'already' : 'not'} an admin`)
      if (!action.admin && members.filter(m => m.joined && m.admin).length === 1) throw new ProtocolError('NOT_ALLOWED', 'the last admin stays an admin (they may make another first, or leave)')
      members = members.map(m => (m.address === action.target ? { ...m, admin: action.admin } : m))
      break
    }
    case 'rename':
      if (action.name === state.name) throw new ProtocolError('INVALID_FIELD', 'the group already has that name')
      name = action.name
      break
    default:
      assertNever(action)
  }
  return { groupId: state.groupId, epoch: change.epoch, name, members: withAnAdmin(members), head: signed.hash }
}

/** When the last admin has left, the joined member first in address order becomes one, so a group is never left without. */
function withAnAdmin (members: GroupMember[]): GroupMember[] {
  const joined = members.filter(m => m.joined)
  if (joined.length === 0 || joined.some(m => m.admin)) return members
  const heir = sortedMembers(joined)[0] as GroupMember
  return members.map(m => (m.address === heir.address ? { ...m, admin: true } : m))
}

/** Whether a change is signed by the holder of `identityKey` (its author's key in some state). */
export function isSignedBy (signed: SignedGroupChange, identityKey: Uint8Array): boolean {
  return verifyIdentity(identityKey, concatBytes(SIGNATURE_CONTEXT, signed.changeBytes), signed.signature)
}

function checkSignature (signed: SignedGroupChange, key: Uint8Array): void {
  if (!verifyIdentity(key, concatBytes(SIGNATURE_CONTEXT, signed.changeBytes), signed.signature)) {
    throw new ProtocolError('BAD_SIGNATURE', `the change is not signed by ${signed.change.author}'s identity key`)
  }
}

function toWire (change: GroupChange): pb.GroupChange {
  const action = change.action
  if (action === null || typeof action !== 'object' || !(action.type in ACTION_TO_WIRE)) throw new TypeError('"action.type" expected a group action')
  if (!Number.isSafeInteger(change.epoch) || change.epoch < 1) throw new RangeError('"epoch" expected a positive integer')
  if (!Number.isSafeInteger(change.madeAt) || change.madeAt < 0) throw new RangeError('"madeAt" expected ms since the epoch')
  const invitees = action.type === 'create' || action.type === 'invite' ? action.invitees : []
  return {
    version: GROUP_VERSION,
    groupId: bufferSource(change.groupId),
    epoch: BigInt(change.epoch),
    prior: bufferSource(change.prior),
    author: change.author,
    action: ACTION_TO_WIRE[action.type],
    name: action.type === 'create' || action.type === 'rename' ? action.name : '',
    invitees: invitees.map(i => ({ address: i.address, identityKey: bufferSource(i.identityKey), admin: false, joined: false })),
    target: action.type === 'remove' || action.type === 'set-admin' ? action.target : '',
    admin: action.type === 'set-admin' ? action.admin : false,
    authorIdentityKey: bufferSource(action.type === 'create' ? action.authorIdentityKey : new Uint8Array(0)),
    madeAt: BigInt(change.madeAt)
  }
}

/** A decoded change's fields, checked: each action carries exactly the fields it uses. */
function fromWire (w: pb.GroupChange): GroupChange {
  if (w.groupId.length !== GROUP_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `group id must be ${GROUP_ID_BYTES} bytes`)
  if (!isValidAddress(w.author)) throw new ProtocolError('INVALID_ADDRESS', 'group change author is not a canonical name@relay address')
  const epoch = safeMillis(w.epoch, 'group change epoch')
  const madeAt = safeMillis(w.madeAt, 'group change made_at')
  const create = w.action === pb.GroupAction.CREATE
  if (create ? epoch !== 1 || w.prior.length !== 0 : epoch < 2 || w.prior.length !== GROUP_HASH_BYTES) {
    throw new ProtocolError('INVALID_FIELD', create ? 'a create makes epoch 1 and names no prior state' : `a change makes epoch 2 or later and names a prior state of ${GROUP_HASH_BYTES} bytes`)
  }
  const uses = {
    name: w.action === pb.GroupAction.CREATE || w.action === pb.GroupAction.RENAME,
    invitees: w.action === pb.GroupAction.CREATE || w.action === pb.GroupAction.INVITE,
    target: w.action === pb.GroupAction.REMOVE || w.action === pb.GroupAction.SET_ADMIN,
    admin: w.action === pb.GroupAction.SET_ADMIN,
    authorKey: create
  }
  const unused = (uses.name ? [] : w.name !== '' ? ['name'] : [])
    .concat(uses.invitees || w.invitees.length === 0 ? [] : ['invitees'])
    .concat(uses.target || w.target === '' ? [] : ['target'])
    .concat(uses.admin || !w.admin ? [] : ['admin'])
    .concat(uses.authorKey || w.authorIdentityKey.length === 0 ? [] : ['author_identity_key'])
  if (unused.length > 0) throw new ProtocolError('INVALID_FIELD', `a group change of this action carries no ${unused.join(', ')}`)
  if (uses.name && !isValidGroupName(w.name)) throw new ProtocolError('INVALID_FIELD', 'group name must be 1 to 256 bytes of text without control characters or surrounding spaces')
  if (uses.target && !isValidAddress(w.target)) throw new ProtocolError('INVALID_ADDRESS', 'group change target is not a canonical name@relay address')
  if (create && w.authorIdentityKey.length !== IDENTITY_KEY_BYTES) throw new ProtocolError('INVALID_FIELD', `a create carries its author's ${IDENTITY_KEY_BYTES}-byte identity key`)
  let invitees: GroupInvitee[] = []
  if (uses.invitees) {
    if (w.action === pb.GroupAction.INVITE && w.invitees.length === 0) throw new ProtocolError('INVALID_FIELD', 'an invite names someone')
    if (w.invitees.length > (create ? MAX_GROUP_MEMBERS - 1 : MAX_GROUP_MEMBERS)) throw new ProtocolError('INVALID_FIELD', `a group holds at most ${MAX_GROUP_MEMBERS} people`)
    const seen = new Set<string>([...(create ? [w.author] : [])])
    for (const i of w.invitees) {
      if (!isWellFormedMember(i)) throw new ProtocolError('INVALID_FIELD', 'an invitee needs a canonical name@relay address and a 32-byte identity key')
      if (i.admin || i.joined) throw new ProtocolError('INVALID_FIELD', 'an invitee is neither admin nor joined yet')
      if (seen.has(i.address)) throw new ProtocolError('INVALID_FIELD', `${i.address} is named twice (or is the author)`)
      seen.add(i.address)
    }
    invitees = w.invitees.map(i => ({ address: i.address, identityKey: i.identityKey.slice() }))
  }
  const base = { groupId: w.groupId.slice(), epoch, prior: w.prior.slice(), author: w.author, madeAt }
  switch (w.action) {
    case pb.GroupAction.CREATE: return { ...base, action: { type: 'create', name: w.name, authorIdentityKey: w.authorIdentityKey.slice(), invitees } }
    case pb.GroupAction.INVITE: return { ...base, action: { type: 'invite', invitees } }
    case pb.GroupAction.ACCEPT: return { ...base, action: { type: 'accept' } }
    case pb.GroupAction.DECLINE: return { ...base, action: { type: 'decline' } }
    case pb.GroupAction.LEAVE: return { ...base, action: { type: 'leave' } }
    case pb.GroupAction.REMOVE: return { ...base, action: { type: 'remove', target: w.target } }
    case pb.GroupAction.SET_ADMIN: return { ...base, action: { type: 'set-admin', target: w.target, admin: w.admin } }
    case pb.GroupAction.RENAME: return { ...base, action: { type: 'rename', name: w.name } }
    default: throw new ProtocolError('INVALID_FIELD', 'group change action is not one this version knows')
  }
}

function assertNever (value: never): never {
  throw new ProtocolError('INVALID_FIELD', `group change action ${String(value)} is not known`)
}
