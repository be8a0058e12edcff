/**
 * Group logs: each group message is stored once, whatever the member count, and every member
 * device reads it from there (PROTOCOL.md "Group logs on the relay"). The relay knows a group's
 * member accounts (set by whoever holds the group's manage key: its admins) and, per device that
 * read, a cursor (the last sequence number it acknowledged); a member added later sees only what
 * comes after. The work of a post is the same for 10 members as for 5,000: one header read, one
 * member check, one id check, one poster count, one synced batch of four puts. A post takes its
 * place under the group's lock and is written after it (loaded-groups.ts): the posts of one busy
 * group share synced batches.
 */
import { createHash } from 'node:crypto'
import { GROUP_MANAGE_KEY_BYTES, constantTimeEqual, fromHex, inspectGroupMessage, toHex, utf8Decode, utf8Encode, type GroupMessageHeader } from '@parley/protocol'
import { RelayError, readFrame } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { seqKey, type Op } from './mailbox-layout.js'
import type { RelayDb } from './store.js'
import { DEFAULT_MEMBERSHIP_LIMITS, GroupMemberships, type Membership, type MembershipLimits } from './group-memberships.js'
import { LoadedGroups, type GroupMeta, type PosterEntry } from './loaded-groups.js'

/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | poster length (2) | poster | the group message. */
const GROUP_ITEM_HEADER = 18
/** Furthest in the future a group message may ask to be kept (90 days, as mail). */
const MAX_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000

/** One member device: its account and its PeerId. */
export interface GroupDevice { user: string, device: string }

/** A group message in the log. */
export interface GroupItem { seq: number, message: Uint8Array, receivedAt: number }

/** Limits of one group's log, and of the groups an account may be in. */
export interface GroupLogLimits extends MembershipLimits {
  /** Member accounts of one group. */
  maxMembers: number
  /** Messages waiting in one group's log (not yet read by every member, nor expired). */
  maxMessages: number
  /** Bytes of the messages waiting in one group's log. */
  maxBytes: number
  /** Messages one member's posts may have waiting in one group's log: one member cannot fill it for everyone. */
  maxMessagesPerPoster: number
  /** Bytes one member's posts may have waiting in one group's log. */
  maxBytesPerPoster: number
  /** Messages one fetch returns, at most. */
  pageMessages: number
  /** Bytes one fetch returns, at most (one message more than this is still returned alone). */
  pageBytes: number
  /** Members listed in one receipts answer, at most (the counts cover all). */
  receiptMembers: number
}

export const DEFAULT_GROUP_LOG_LIMITS: GroupLogLimits = {
  ...DEFAULT_MEMBERSHIP_LIMITS,
  maxMembers: 5000,
  maxMessages: 50_000,
  maxBytes: 256 * 1024 * 1024,
  maxMessagesPerPoster: 5_000,
  maxBytesPerPoster: 32 * 1024 * 1024,
  pageMessages: 500,
  pageBytes: 4 * 1024 * 1024,
  receiptMembers: 1000
}

/** What the relay holds of a group message's delivery: per member, whether a device of theirs stored it, and whether they read it. */
export interface GroupReceipts {
  /** Members (other than the poster) who can see the message. */
  of: number
  delivered: number
  read: number
  /** Up to `receiptMembers` of them, in address order. */
  members: Array<{ user: string, delivered: boolean, read: boolean }>
}

/** A member account: it sees messages from `from` on, and has read up to `readSeq`; whom it was invited by, until it posts. */
interface MemberEntry extends Membership { from: number, readSeq: number }
/** Per message id: its sequence number, kept until expiry, so a replay is not stored twice. */
interface IdEntry { seq: number, expiresAt: number }

/** Called once a post is durable. */
export type GroupPostListener = (groupIdHex: string, item: GroupItem) => void
/** Called once a change of members is durable (account names). */
export type GroupMembersListener = (groupIdHex: string, added: string[], removed: string[]) => void

/** Everything stored under one group sorts between these two keys. */
function range (gid: string): { gt: string, lt: string } { return { gt: `${gid}\x00`, lt: `${gid}\x01` } }

/** The group-log sublevels of one RelayDb. */
function groupTables (db: RelayDb) {
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

/** The relay's group logs, in its LevelDB. */
export class GroupLogStore {
  private readonly tables: ReturnType<typeof groupTables>
  private readonly memberships: GroupMemberships
  private readonly loaded: LoadedGroups
  private readonly lock = new KeyedLock()
  private readonly postListeners = new Set<GroupPostListener>()
  private readonly memberListeners = new Set<GroupMembersListener>()
  private readonly limits: GroupLogLimits
  private readonly now: () => number

  constructor (private readonly db: RelayDb, limits?: Partial<GroupLogLimits>, now?: () => number) {
    this.tables = groupTables(db)
    this.limits = { ...DEFAULT_GROUP_LOG_LIMITS, ...limits }
    this.memberships = new GroupMemberships(db, this.limits)
    this.loaded = new LoadedGroups(async gid => await this.tables.meta.get(gid), gid => this.lock.busy(gid))
    this.now = now ?? Date.now
  }

  /** Registers a listener for durable posts (to push them to online member devices). */
  onPost (listener: GroupPostListener): () => void {
    this.postListeners.add(listener)
    return () => this.postListeners.delete(listener)
  }

  /** Registers a listener for durable changes of members (to keep pushes to online devices exact). */
  onMembers (listener: GroupMembersListener): () => void {
    this.memberListeners.add(listener)
    return () => this.memberListeners.delete(listener)
  }

  /** A group message's header as the relay reads it; BAD_ENVELOPE or TOO_LARGE otherwise. */
  inspect (message: Uint8Array): GroupMessageHeader {
    return readFrame('group message', () => inspectGroupMessage(message))
  }

  /**
   * Adds and removes member accounts, with the group's manage key; the first call for a group id
   * makes the group with that key. `newManageHash` (SHA-256 of a new key) replaces the key from
   * then on (when an admin is removed or steps down). An account added sees only messages posted
   * from now on; one removed loses its cursors and sees nothing more. INVALID_CREDENTIALS for a
   * wrong key, QUOTA_EXCEEDED past `maxMembers`, or for an account in as many groups as it may be
   * (group-memberships.ts: an account `by` adds is pending until it posts); BAD_REQUEST for a new group whose first members leave out `by`, its maker
   * (every group has a member who made it, so groups one account makes are bounded by its own cap).
   */
  async setMembers (groupId: Uint8Array, manageKey: Uint8Array, change: { add: string[], remove: string[], newManageHash?: Uint8Array }, by?: string): Promise<void> {
    const gid = toHex(groupId)
    if (manageKey.length !== GROUP_MANAGE_KEY_BYTES) throw new RelayError('BAD_REQUEST', `a group manage key is ${GROUP_MANAGE_KEY_BYTES} bytes`)
    const added: string[] = []
    const removed: string[] = []
    await this.lock.run(gid, async () => {
      // Posts under way are written first: the change reads and rewrites what they wrote.
      const group = await this.loaded.get(gid, true)
      const held = group?.meta
      const hash = new Uint8Array(createHash('sha256').update(manageKey).digest())
      if (held !== undefined && !constantTimeEqual(hash, fromHex(held.manager))) throw new RelayError('INVALID_CREDENTIALS', 'that is not this group\'s manage key')
      if (held === undefined && by !== undefined && !change.add.includes(by)) throw new RelayError('BAD_REQUEST', 'a new group\'s first members include the account that makes it')
      const meta: GroupMeta = held ?? { lastSeq: 0, count: 0, bytes: 0, members: 0, manager: toHex(hash) }
      const ops: Op[] = []
      for (const user of new Set(change.remove)) {
        const member = await this.tables.members.get(`${gid}\x00${user}`)
        if (member === undefined) continue
        ops.push(...await this.removalOps(gid, user, member))
        removed.push(user)
      }
      const now = this.now()
      for (const user of new Set(change.add)) {
        if (removed.includes(user) || await this.tables.members.get(`${gid}\x00${user}`) !== undefined) continue
        const joining = await this.memberships.addOps(gid, user, by, now)
        ops.push({ type: 'put', sublevel: this.tables.members, key: `${gid}\x00${user}`, value: { from: meta.lastSeq + 1, readSeq: meta.lastSeq, ...joining.membership } }, ...joining.ops)
        added.push(user)
      }
      const members = meta.members + added.length - removed.length
      if (members > this.limits.maxMembers) throw new RelayError('QUOTA_EXCEEDED', `a group may have at most ${this.limits.maxMembers} members`)
      const manager = change.newManageHash !== undefined ? toHex(change.newManageHash) : meta.manager
      if (ops.length === 0 && held !== undefined && manager === meta.manager) return
      const next: GroupMeta = { ...meta, members, manager }
      await this.db.commit([...ops, { type: 'put', sublevel: this.tables.meta, key: gid, value: next }])
      if (group !== undefined) group.meta = next
      else this.loaded.add(gid, next)
    })
    this.tell(gid, added, removed)
  }

  /**
   * Calls `then` if `user` is a member, under the group's lock: a change of members is either
   * before it (and refused it) or after it (and its listeners are told after `then`), so a stream
   * made to follow the group here is always unfollowed by a removal.
   */
  async follow (groupId: Uint8Array, user: string, then: () => void): Promise<void> {
    const gid = toHex(groupId)
    await this.lock.run(gid, async () => {
      if (await this.tables.members.get(`${gid}\x00${user}`) !== undefined) then()
    })
  }

  /** `user` leaves the group by themselves (no manage key needed); NOT_FOUND if not a member. */
  async leave (groupId: Uint8Array, user: string): Promise<void> {
    const gid = toHex(groupId)
    await this.lock.run(gid, async () => {
      const group = await this.loaded.get(gid, true)
      const member = await this.tables.members.get(`${gid}\x00${user}`)
      if (group === undefined || member === undefined) throw new RelayError('NOT_FOUND', 'no such group for this account')
      const next: GroupMeta = { ...group.meta, members: group.meta.members - 1 }
      await this.db.commit([...await this.removalOps(gid, user, member), { type: 'put', sublevel: this.tables.meta, key: gid, value: next }])
      group.meta = next
    })
    this.tell(gid, [], [user])
  }

  /** The group's member accounts, in order. */
  async members (groupId: Uint8Array): Promise<string[]> {
    const gid = toHex(groupId)
    const out: string[] = []
    for await (const key of this.tables.members.keys(range(gid))) out.push(key.slice(gid.length + 1))
    return out
  }

  /** The groups `user` is a member of (group ids in hex). */
  async groupsOf (user: string): Promise<string[]> { return await this.memberships.of(user) }

  /** The groups others added `user` to that it has not posted in yet (group ids in hex). */
  async pendingGroupsOf (user: string): Promise<string[]> { return await this.memberships.pendingOf(user) }

  /** Takes a deleted account out of every group it was in. */
  async deleteUser (user: string): Promise<void> {
    for (const gid of await this.groupsOf(user)) {
      await this.leave(fromHex(gid), user).catch(err => { if (!(err instanceof RelayError)) throw err })
    }
  }

  /**
   * Stores one group message once, for every member device, and resolves once it is durable.
   * NOT_FOUND when the poster's account is not a member (the group's existence is not revealed);
   * BAD_ENVELOPE, TOO_LARGE, QUOTA_EXCEEDED otherwise. A message id already stored is a duplicate:
   * answered, not stored again.
   */
  async post (message: Uint8Array, poster: GroupDevice): Promise<{ seq: number, duplicate: boolean, storedAt: number }> {
    const header = this.inspect(message)
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'group message refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'group message refused: expiry is more than 90 days away')
    const gid = toHex(header.groupId)
    const posterBytes = utf8Encode(poster.user)
    const reserved = await this.lock.run(gid, async () => {
      const member = await this.tables.members.get(`${gid}\x00${poster.user}`)
      const group = member !== undefined ? await this.loaded.get(gid) : undefined
      if (member === undefined || group === undefined) throw new RelayError('NOT_FOUND', 'no such group for this account')
      // A repost while the first is being written is answered with its place once it is durable.
      const writing = group.ids.get(header.messageIdHex)
      if (writing !== undefined) return { seq: writing.seq, duplicate: true, durable: writing.durable }
      const idKey = `${gid}\x00${header.messageIdHex}`
      const known = await this.tables.ids.get(idKey)
      if (known !== undefined) return { seq: known.seq, duplicate: true, durable: Promise.resolve() }
      const posterKey = `${gid}\x00${poster.user}`
      const mine = group.posters.get(poster.user) ?? await this.tables.posters.get(posterKey) ?? { count: 0, bytes: 0 }
      if (mine.count + 1 > this.limits.maxMessagesPerPoster || mine.bytes + message.length > this.limits.maxBytesPerPoster) {
        throw new RelayError('QUOTA_EXCEEDED', 'you have as much waiting in this group\'s log as one member may: wait until its members have read more')
      }
      const meta = group.meta
      if (meta.count + 1 > this.limits.maxMessages || meta.bytes + message.length > this.limits.maxBytes) {
        throw new RelayError('QUOTA_EXCEEDED', 'the group\'s log is full: its members have much unread')
      }
      const seq = meta.lastSeq + 1
      const value = new Uint8Array(GROUP_ITEM_HEADER + posterBytes.length + message.length)
      const view = new DataView(value.buffer)
      view.setBigUint64(0, BigInt(now))
      view.setBigUint64(8, BigInt(header.expiresAt))
      view.setUint16(16, posterBytes.length)
      value.set(posterBytes, GROUP_ITEM_HEADER)
      value.set(message, GROUP_ITEM_HEADER + posterBytes.length)
      // A member's first post (accepting its invitation) makes its membership full.
      const joined = this.memberships.joinOps(gid, poster.user, member)
      if (joined.length > 0) {
        const full: MemberEntry = { ...member }
        delete full.invitedBy
        joined.push({ type: 'put', sublevel: this.tables.members, key: `${gid}\x00${poster.user}`, value: full })
      }
      const nextMine = { count: mine.count + 1, bytes: mine.bytes + message.length }
      const nextMeta = { ...meta, lastSeq: seq, count: meta.count + 1, bytes: meta.bytes + message.length }
      // Reserved here, written once the lock is released: the posts of a busy group share synced batches.
      const durable = this.db.commit([
        ...joined,
        { type: 'put', sublevel: this.tables.messages, key: `${gid}\x00${seqKey(seq)}`, value },
        { type: 'put', sublevel: this.tables.ids, key: idKey, value: { seq, expiresAt: header.expiresAt } },
        { type: 'put', sublevel: this.tables.posters, key: posterKey, value: nextMine },
        { type: 'put', sublevel: this.tables.meta, key: gid, value: nextMeta }
      ])
      group.meta = nextMeta
      group.posters.set(poster.user, nextMine)
      this.loaded.writingPost(group, header.messageIdHex, seq, durable)
      return { seq, duplicate: false, durable }
    })
    await reserved.durable
    const result = { seq: reserved.seq, duplicate: reserved.duplicate, storedAt: now }
    if (!result.duplicate) {
      const item: GroupItem = { seq: result.seq, message, receivedAt: now }
      for (const listener of this.postListeners) {
        // A push that fails must not fail a post already on disk.
        try { listener(gid, item) } catch (err: any) { console.error(`relay: a group post listener failed (${err?.name ?? 'Error'})`) }
      }
    }
    return result
  }

  /**
   * The messages waiting for `device` in the group, oldest first, after its cursor (and after
   * `afterSeq`, to page on before acknowledging), within a page's limits. NOT_FOUND if its account
   * is not a member.
   */
  async fetch (groupId: Uint8Array, device: GroupDevice, afterSeq = 0): Promise<{ items: GroupItem[], more: boolean }> {
    const gid = toHex(groupId)
    const member = await this.tables.members.get(`${gid}\x00${device.user}`)
    if (member === undefined) throw new RelayError('NOT_FOUND', 'no such group for this account')
    const cursor = await this.tables.cursors.get(`${gid}\x00${device.user}\x00${device.device}`) ?? member.from - 1
    const now = this.now()
    const items: GroupItem[] = []
    let bytes = 0
    let more = false
    const after = Math.max(cursor, member.from - 1, afterSeq)
    for await (const [key, value] of this.tables.messages.iterator({ gt: `${gid}\x00${seqKey(after)}`, lt: `${gid}\x01` })) {
      const item = readItem(key, value, gid)
      if (item.expiresAt <= now) continue
      if (items.length >= this.limits.pageMessages || (items.length > 0 && bytes + item.message.length > this.limits.pageBytes)) { more = true; break }
      items.push({ seq: item.seq, message: item.message.slice(), receivedAt: item.receivedAt })
      bytes += item.message.length
    }
    return { items, more }
  }

  /** `device` stored the group's messages up to `seq`; NOT_FOUND if its account is not a member, BAD_REQUEST for a seq not yet posted. */
  async ack (groupId: Uint8Array, device: GroupDevice, seq: number): Promise<void> {
    const gid = toHex(groupId)
    await this.lock.run(gid, async () => {
      const { meta } = await this.memberAt(gid, device.user, seq)
      const key = `${gid}\x00${device.user}\x00${device.device}`
      const cursor = await this.tables.cursors.get(key)
      if (cursor !== undefined && seq <= cursor) return
      await this.db.commit([{ type: 'put', sublevel: this.tables.cursors, key, value: Math.min(seq, meta.lastSeq) }])
    })
  }

  /** `user` has read the group's messages up to `seq` (the read state others see, one number per member). */
  async markRead (groupId: Uint8Array, user: string, seq: number): Promise<void> {
    const gid = toHex(groupId)
    await this.lock.run(gid, async () => {
      const { member } = await this.memberAt(gid, user, seq)
      if (seq <= member.readSeq) return
      await this.db.commit([{ type: 'put', sublevel: this.tables.members, key: `${gid}\x00${user}`, value: { ...member, readSeq: seq } }])
    })
  }

  /**
   * Who of the group has stored and read message `seq`, for its poster alone (NOT_FOUND for anyone
   * else, and for a message gone): counted from the cursors and read marks, on demand, so a
   * message costs nothing per member until its sender asks.
   */
  async receipts (groupId: Uint8Array, seq: number, asker: string): Promise<GroupReceipts> {
    const gid = toHex(groupId)
    const value = await this.tables.messages.get(`${gid}\x00${seqKey(seq)}`)
    // Only a member still in the group asks: one taken out learns nothing more of who read what.
    if (value === undefined || readItem(`${gid}\x00${seqKey(seq)}`, value, gid).poster !== asker || await this.tables.members.get(`${gid}\x00${asker}`) === undefined) {
      throw new RelayError('NOT_FOUND', 'no such message of yours in this group')
    }
    const delivered = new Set<string>()
    for await (const [key, cursor] of this.tables.cursors.iterator(range(gid))) {
      if (cursor >= seq) delivered.add(key.slice(gid.length + 1, key.indexOf('\x00', gid.length + 1)))
    }
    const out: GroupReceipts = { of: 0, delivered: 0, read: 0, members: [] }
    for await (const [key, member] of this.tables.members.iterator(range(gid))) {
      const user = key.slice(gid.length + 1)
      if (user === asker || member.from > seq) continue
      const read = member.readSeq >= seq
      const got = read || delivered.has(user)
      out.of++
      if (got) out.delivered++
      if (read) out.read++
      if (out.members.length < this.limits.receiptMembers) out.members.push({ user, delivered: got, read })
    }
    return out
  }

  /**
   * Removes, in one group, the messages every member device has stored and those expired, and the
   * ids of expired messages: the log keeps only what someone still waits for, and the ids a replay
   * could bring back. Returns how many messages were removed.
   */
  async sweep (groupId: Uint8Array): Promise<number> {
    const gid = toHex(groupId)
    return await this.lock.run(gid, async () => {
      // Posts under way are written first: the counters are made again from what is on disk.
      const group = await this.loaded.get(gid, true)
      if (group === undefined) return 0
      const meta = group.meta
      // Per member: the least of its devices' cursors, or (no device read yet) all it may see.
      const lowestOf = new Map<string, number>()
      for await (const [key, member] of this.tables.members.iterator(range(gid))) lowestOf.set(key.slice(gid.length + 1), member.from - 1)
      const seen = new Set<string>()
      for await (const [key, cursor] of this.tables.cursors.iterator(range(gid))) {
        const user = key.slice(gid.length + 1, key.indexOf('\x00', gid.length + 1))
        const floor = lowestOf.get(user)
        if (floor === undefined) continue
        lowestOf.set(user, seen.has(user) ? Math.min(floor, cursor) : Math.max(floor, cursor))
        seen.add(user)
      }
      let lowest = meta.lastSeq
      for (const floor of lowestOf.values()) lowest = Math.min(lowest, floor)
      const now = this.now()
      const ops: Op[] = []
      // What stays, counted afresh: a write that failed half way leaves no count ahead for long.
      let count = 0
      let bytes = 0
      const staying = new Map<string, PosterEntry>()
      for await (const [key, value] of this.tables.messages.iterator(range(gid))) {
        const item = readItem(key, value, gid)
        if (item.seq <= lowest || item.expiresAt <= now) {
          ops.push({ type: 'del', sublevel: this.tables.messages, key })
          continue
        }
        count++
        bytes += item.message.length
        const s = staying.get(item.poster) ?? { count: 0, bytes: 0 }
        staying.set(item.poster, { count: s.count + 1, bytes: s.bytes + item.message.length })
      }
      const removed = ops.length
      for await (const [key, held] of this.tables.posters.iterator(range(gid))) {
        const left = staying.get(key.slice(gid.length + 1))
        if (left === undefined) ops.push({ type: 'del', sublevel: this.tables.posters, key })
        else if (left.count !== held.count || left.bytes !== held.bytes) ops.push({ type: 'put', sublevel: this.tables.posters, key, value: left })
      }
      for await (const [key, entry] of this.tables.ids.iterator(range(gid))) {
        if (entry.expiresAt <= now) ops.push({ type: 'del', sublevel: this.tables.ids, key })
      }
      if (ops.length === 0 && count === meta.count && bytes === meta.bytes) return 0
      const next: GroupMeta = { ...meta, count, bytes }
      await this.db.commit([...ops, { type: 'put', sublevel: this.tables.meta, key: gid, value: next }])
      group.meta = next
      group.posters.clear()
      return removed
    })
  }

  /** Sweeps every group; returns how many messages went. */
  async sweepAll (): Promise<number> {
    let removed = 0
    for await (const gid of this.tables.meta.keys()) removed += await this.sweep(fromHex(gid))
    return removed
  }

  /** The member entry of `user` and the group's counters, for a `seq` already posted; NOT_FOUND, BAD_REQUEST otherwise. */
  private async memberAt (gid: string, user: string, seq: number): Promise<{ member: MemberEntry, meta: GroupMeta }> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RelayError('BAD_REQUEST', 'a sequence number is a non-negative integer')
    const member = await this.tables.members.get(`${gid}\x00${user}`)
    const meta = member !== undefined ? (await this.loaded.get(gid))?.meta : undefined
    if (member === undefined || meta === undefined) throw new RelayError('NOT_FOUND', 'no such group for this account')
    if (seq > meta.lastSeq) throw new RelayError('BAD_REQUEST', 'that message has not been posted')
    return { member, meta }
  }

  /** The operations that take `user` out of the group: its member entry, its cursors, its count. */
  private async removalOps (gid: string, user: string, member: MemberEntry): Promise<Op[]> {
    const ops: Op[] = [
      { type: 'del', sublevel: this.tables.members, key: `${gid}\x00${user}` },
      ...this.memberships.removalOps(gid, user, member)
    ]
    for await (const key of this.tables.cursors.keys({ gt: `${gid}\x00${user}\x00`, lt: `${gid}\x00${user}\x01` })) ops.push({ type: 'del', sublevel: this.tables.cursors, key })
    return ops
  }

  private tell (gid: string, added: string[], removed: string[]): void {
    if (added.length === 0 && removed.length === 0) return
    for (const listener of this.memberListeners) {
      try { listener(gid, added, removed) } catch (err: any) { console.error(`relay: a group members listener failed (${err?.name ?? 'Error'})`) }
    }
  }
}

/** One stored log entry read back. */
function readItem (key: string, value: Uint8Array, gid: string): { seq: number, receivedAt: number, expiresAt: number, poster: string, message: Uint8Array } {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength)
  const posterLength = view.getUint16(16)
  return {
    seq: Number(key.slice(gid.length + 1)),
    receivedAt: Number(view.getBigUint64(0)),
    expiresAt: Number(view.getBigUint64(8)),
    poster: utf8Decode(value.subarray(GROUP_ITEM_HEADER, GROUP_ITEM_HEADER + posterLength)),
    message: value.subarray(GROUP_ITEM_HEADER + posterLength)
  }
}
