/**
 * How the relay's group logs are laid out in its LevelDB: one sublevel per kind of record, every
 * key of a group under its hex id, and each message stored with who posted it and when.
 */
import { utf8Decode, utf8Encode } from '@parley/protocol'
import type { Membership } from './group-memberships.js'
import type { GroupMeta, PosterEntry } from './loaded-groups.js'
import type { RelayDb } from './store.js'

/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | poster length (2) | poster | the group message. */
const GROUP_ITEM_HEADER = 18

/** A member account: it sees messages from `from` on, and has read up to `readSeq`; whom it was invited by, until it posts. */
export interface MemberEntry extends Membership { from: number, readSeq: number }
/** Per message id: its sequence number, kept until expiry, so a replay is not stored twice. */
export interface IdEntry { seq: number, expiresAt: number }

/** Everything stored under one group sorts between these two keys. */
export function range (gid: string): { gt: string, lt: string } { return { gt: `${gid}\x00`, lt: `${gid}\x01` } }

/** The group-log sublevels of one RelayDb. */
export function groupTables (db: RelayDb) {
  return {
    /** `${gid}\0${seq}` → GROUP_ITEM_HEADER, then the message. */
    messages: db.binary('group-msg'),
    /** `${gid}\0${message id hex}` → IdEntry. */
    ids: db.json<IdEntry>('group-id'),
    /** `${gid}\0${user}` → MemberEntry. */
    members: db.json<MemberEntry>('group-member'),
    /** `${gid}\0${user}\0${device}` → the device's cursor. */
    cursors: db.json<number>('group-cursor'),
    /** `${gid}` → GroupMeta. */
    meta: db.json<GroupMeta>('group-meta'),
    /** `${gid}\0${poster}` → PosterEntry: what a member's posts have waiting. */
    posters: db.json<PosterEntry>('group-poster')
  }
}

export type GroupTables = ReturnType<typeof groupTables>

/** A stored log entry read back. */
export interface StoredItem { seq: number, receivedAt: number, expiresAt: number, poster: string, message: Uint8Array }

/** A message as the log stores it. */
export function encodeItem (receivedAt: number, expiresAt: number, poster: string, message: Uint8Array): Uint8Array {
  const posterBytes = utf8Encode(poster)
  const value = new Uint8Array(GROUP_ITEM_HEADER + posterBytes.length + message.length)
  const view = new DataView(value.buffer)
  view.setBigUint64(0, BigInt(receivedAt))
  view.setBigUint64(8, BigInt(expiresAt))
  view.setUint16(16, posterBytes.length)
  value.set(posterBytes, GROUP_ITEM_HEADER)
  value.set(message, GROUP_ITEM_HEADER + posterBytes.length)
  return value
}

/** One stored log entry read back; undefined for one the disk damaged (too short, or a key that names no place). */
export function readItem (key: string, value: Uint8Array, gid: string): StoredItem | undefined {
  const seq = Number(key.slice(gid.length + 1))
  if (value.length < GROUP_ITEM_HEADER || !Number.isSafeInteger(seq)) return undefined
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength)
  const posterLength = view.getUint16(16)
  if (value.length < GROUP_ITEM_HEADER + posterLength) return undefined
  return {
    seq,
    receivedAt: Number(view.getBigUint64(0)),
    expiresAt: Number(view.getBigUint64(8)),
    poster: utf8Decode(value.subarray(GROUP_ITEM_HEADER, GROUP_ITEM_HEADER + posterLength)),
    message: value.subarray(GROUP_ITEM_HEADER + posterLength)
  }
}
