/**
 * Group logs: each group message is stored once, whatever the member count, and every member
 * device reads it from there (PROTOCOL.md "Groups"). A device has a cursor per group (the last
 * sequence number it acknowledged), so what is waiting for it is the log after its cursor; a
 * device added to a group sees only what comes after. The work of a post is the same for 10
 * members as for 5,000: one header read, one id check, one synced batch of four puts.
 *
 * Who may set a group's devices and post is the RPC layer's to decide; this store keeps the log,
 * the cursors and the limits, and refuses a post from a device not in the group.
 */
import { inspectGroupMessage, toHex, type GroupMessageHeader } from '@parley/protocol'
import { RelayError, readFrame } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { seqKey, type Op } from './mailbox-layout.js'
import type { RelayDb } from './store.js'

/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | the group message. */
const GROUP_ITEM_HEADER = 16
/** Furthest in the future a group message may ask to be kept (90 days, as mail). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000

/** One member device, as the relay knows it: its account and its PeerId. */
export interface GroupDevice { user: string, device: string }

/** A group message in the log. */
export interface GroupItem { seq: number, message: Uint8Array, receivedAt: number }

/** Limits of one group's log. */
export interface GroupLogLimits {
  /** Member devices of one group. */
  maxDevices: number
  /** Messages waiting in one group's log (not yet read by every device, nor expired). */
  maxMessages: number
  /** Bytes of the messages waiting in one group's log. */
  maxBytes: number
  /** Messages one fetch returns, at most. */
  pageMessages: number
  /** Bytes one fetch returns, at most (one message more than this is still returned alone). */
  pageBytes: number
}

export const DEFAULT_GROUP_LOG_LIMITS: GroupLogLimits = {
  maxDevices: 20_000,
  maxMessages: 50_000,
  maxBytes: 256 * 1024 * 1024,
  pageMessages: 500,
  pageBytes: 4 * 1024 * 1024
}

/** A group's counters. */
interface GroupMeta { lastSeq: number, count: number, bytes: number }
/** A device's place in a group's log: it sees messages after `from - 1`, and has read up to `cursor`. */
interface DeviceEntry { from: number, cursor: number }
/** Per message id: its sequence number while it waits (kept until expiry, so a replay is not stored twice). */
interface IdEntry { seq: number, expiresAt: number }

/** Called once a post is durable. */
export type GroupPostListener = (groupIdHex: string, item: GroupItem) => void

function groupKey (groupIdHex: string): string { return `${groupIdHex}\x00` }

/** The group-log sublevels of one RelayDb. */
function groupTables (db: RelayDb) {
  return {
    /** `${gid}\0${seq}` → GROUP_ITEM_HEADER, then the message. */
    messages: db.binary('group-msg'),
    /** `${gid}\0${message id hex}` → IdEntry. */
    ids: db.json<IdEntry>('group-id'),
    /** `${gid}\0${user}\0${device}` → DeviceEntry. */
    devices: db.json<DeviceEntry>('group-dev'),
    /** `${gid}` → GroupMeta. */
    meta: db.json<GroupMeta>('group-meta')
  }
}
function deviceKey (groupIdHex: string, d: GroupDevice): string { return `${groupIdHex}\x00${d.user}\x00${d.device}` }

/** The relay's group logs, in its LevelDB. */
export class GroupLogStore {
  private readonly tables: ReturnType<typeof groupTables>
  private readonly lock = new KeyedLock()
  private readonly listeners = new Set<GroupPostListener>()
  private readonly limits: GroupLogLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, limits?: Partial<GroupLogLimits>, now?: () => number) {
    this.tables = groupTables(db)
    this.limits = { ...DEFAULT_GROUP_LOG_LIMITS, ...limits }
    this.now = now ?? Date.now
  }

  /** Registers a listener for durable posts (to push them to online member devices). */
  onPost (listener: GroupPostListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A group message's header as the relay reads it; BAD_ENVELOPE or TOO_LARGE otherwise. */
  inspect (message: Uint8Array): GroupMessageHeader {
    return readFrame('group message', () => inspectGroupMessage(message))
  }

  /**
   * Makes `devices` the group's member devices. A device new to the group sees only messages
   * posted from now on; a device no longer listed loses its cursor and sees nothing more.
   */
  async setDevices (groupId: Uint8Array, devices: GroupDevice[]): Promise<void> {
    const gid = toHex(groupId)
    const unique = new Map(devices.map(d => [deviceKey(gid, d), d]))
    if (unique.size > this.limits.maxDevices) throw new RelayError('QUOTA_EXCEEDED', `a group may have at most ${this.limits.maxDevices} devices`)
    await this.lock.run(gid, async () => {
      const meta = await this.metaOf(gid)
      const ops: Op[] = []
      const held = new Set<string>()
      for await (const key of this.tables.devices.keys({ gt: groupKey(gid), lt: `${gid}\x01` })) {
        held.add(key)
        if (!unique.has(key)) ops.push({ type: 'del', sublevel: this.tables.devices, key })
      }
      for (const key of unique.keys()) {
        if (!held.has(key)) ops.push({ type: 'put', sublevel: this.tables.devices, key, value: { from: meta.lastSeq + 1, cursor: meta.lastSeq } })
      }
      if (ops.length > 0) await this.db.commit(ops)
    })
  }

  /** The group's member devices. */
  async devices (groupId: Uint8Array): Promise<GroupDevice[]> {
    const gid = toHex(groupId)
    const out: GroupDevice[] = []
    for await (const key of this.tables.devices.keys({ gt: groupKey(gid), lt: `${gid}\x01` })) {
      const [, user, device] = key.split('\x00')
      out.push({ user: user as string, device: device as string })
    }
    return out
  }

  /**
   * Stores one group message once, for every member device, and resolves once it is durable.
   * NOT_FOUND when `poster` is not a device of the group (the group's existence is not revealed);
   * BAD_ENVELOPE, TOO_LARGE, QUOTA_EXCEEDED otherwise. A message id already stored is a duplicate:
   * answered, not stored again.
   */
  async post (message: Uint8Array, poster: GroupDevice): Promise<{ seq: number, duplicate: boolean }> {
    const header = this.inspect(message)
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'group message refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'group message refused: expiry is more than 90 days away')
    const gid = toHex(header.groupId)
    const item = await this.lock.run(gid, async () => {
      if (await this.tables.devices.get(deviceKey(gid, poster)) === undefined) throw new RelayError('NOT_FOUND', 'no such group for this device')
      const idKey = `${gid}\x00${header.messageIdHex}`
      const known = await this.tables.ids.get(idKey)
      if (known !== undefined) return { seq: known.seq, duplicate: true as const }
      const meta = await this.metaOf(gid)
      if (meta.count + 1 > this.limits.maxMessages || meta.bytes + message.length > this.limits.maxBytes) {
        throw new RelayError('QUOTA_EXCEEDED', 'the group\'s log is full: its members have much unread')
      }
      const seq = meta.lastSeq + 1
      const value = new Uint8Array(GROUP_ITEM_HEADER + message.length)
      const view = new DataView(value.buffer)
      view.setBigUint64(0, BigInt(now))
      view.setBigUint64(8, BigInt(header.expiresAt))
      value.set(message, GROUP_ITEM_HEADER)
      await this.db.commit([
        { type: 'put', sublevel: this.tables.messages, key: `${gid}\x00${seqKey(seq)}`, value },
        { type: 'put', sublevel: this.tables.ids, key: idKey, value: { seq, expiresAt: header.expiresAt } },
        { type: 'put', sublevel: this.tables.meta, key: gid, value: { lastSeq: seq, count: meta.count + 1, bytes: meta.bytes + message.length } }
      ])
      return { seq, duplicate: false as const, item: { seq, message, receivedAt: now } }
    })
    if (!item.duplicate) {
      for (const listener of this.listeners) {
        // A push that fails must not fail a post already on disk.
        try { listener(gid, item.item) } catch (err: any) { console.error(`relay: a group post listener failed (${err?.name ?? 'Error'})`) }
      }
    }
    return { seq: item.seq, duplicate: item.duplicate }
  }

  /** The messages waiting for `device` in the group, oldest first, within a page's limits; NOT_FOUND if it is not a device of the group. */
  async fetch (groupId: Uint8Array, device: GroupDevice): Promise<{ items: GroupItem[], more: boolean }> {
    const gid = toHex(groupId)
    const entry = await this.tables.devices.get(deviceKey(gid, device))
    if (entry === undefined) throw new RelayError('NOT_FOUND', 'no such group for this device')
    const now = this.now()
    const items: GroupItem[] = []
    let bytes = 0
    let more = false
    const after = Math.max(entry.cursor, entry.from - 1)
    for await (const [key, value] of this.tables.messages.iterator({ gt: `${gid}\x00${seqKey(after)}`, lt: `${gid}\x01` })) {
      const view = new DataView(value.buffer, value.byteOffset, value.byteLength)
      if (Number(view.getBigUint64(8)) <= now) continue
      const message = value.subarray(GROUP_ITEM_HEADER)
      if (items.length >= this.limits.pageMessages || (items.length > 0 && bytes + message.length > this.limits.pageBytes)) { more = true; break }
      items.push({ seq: Number(key.slice(gid.length + 1)), message: message.slice(), receivedAt: Number(view.getBigUint64(0)) })
      bytes += message.length
    }
    return { items, more }
  }

  /** `device` has read the group's messages up to `seq`; NOT_FOUND if it is not a device of the group, BAD_REQUEST for a seq not yet posted. */
  async ack (groupId: Uint8Array, device: GroupDevice, seq: number): Promise<void> {
    const gid = toHex(groupId)
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RelayError('BAD_REQUEST', 'a sequence number is a non-negative integer')
    await this.lock.run(gid, async () => {
      const key = deviceKey(gid, device)
      const entry = await this.tables.devices.get(key)
      if (entry === undefined) throw new RelayError('NOT_FOUND', 'no such group for this device')
      const meta = await this.metaOf(gid)
      if (seq > meta.lastSeq) throw new RelayError('BAD_REQUEST', 'that message has not been posted')
      if (seq <= entry.cursor) return
      await this.db.commit([{ type: 'put', sublevel: this.tables.devices, key, value: { ...entry, cursor: seq } }])
    })
  }

  /** How many of the group's devices have read message `seq` (from their cursors), of how many that can see it. */
  async delivery (groupId: Uint8Array, seq: number): Promise<{ read: number, of: number }> {
    const gid = toHex(groupId)
    let read = 0
    let of = 0
    for await (const entry of this.tables.devices.values({ gt: groupKey(gid), lt: `${gid}\x01` })) {
      if (entry.from > seq) continue
      of++
      if (entry.cursor >= seq) read++
    }
    return { read, of }
  }

  /**
   * Removes, in one group, the messages every device has read and those expired, and the ids of
   * expired messages: the log keeps only what some device still waits for, and the ids a replay
   * could bring back. Returns how many messages were removed.
   */
  async sweep (groupId: Uint8Array): Promise<number> {
    const gid = toHex(groupId)
    return await this.lock.run(gid, async () => {
      const meta = await this.metaOf(gid)
      let lowest = meta.lastSeq
      for await (const entry of this.tables.devices.values({ gt: groupKey(gid), lt: `${gid}\x01` })) lowest = Math.min(lowest, Math.max(entry.cursor, entry.from - 1))
      const now = this.now()
      const ops: Op[] = []
      let count = meta.count
      let bytes = meta.bytes
      for await (const [key, value] of this.tables.messages.iterator({ gt: groupKey(gid), lt: `${gid}\x01` })) {
        const seq = Number(key.slice(gid.length + 1))
        const expired = Number(new DataView(value.buffer, value.byteOffset, value.byteLength).getBigUint64(8)) <= now
        if (seq > lowest && !expired) continue
        ops.push({ type: 'del', sublevel: this.tables.messages, key })
        count--
        bytes -= value.length - GROUP_ITEM_HEADER
      }
      const removed = ops.length
      for await (const [key, entry] of this.tables.ids.iterator({ gt: groupKey(gid), lt: `${gid}\x01` })) {
        if (entry.expiresAt <= now) ops.push({ type: 'del', sublevel: this.tables.ids, key })
      }
      if (ops.length === 0) return 0
      await this.db.commit([...ops, { type: 'put', sublevel: this.tables.meta, key: gid, value: { lastSeq: meta.lastSeq, count, bytes } }])
      return removed
    })
  }

  private async metaOf (gid: string): Promise<GroupMeta> {
    return await this.tables.meta.get(gid) ?? { lastSeq: 0, count: 0, bytes: 0 }
  }
}
