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
import { GROUP_MANAGE_KEY_BYTES, constantTimeEqual, fromHex, inspectGroupMessage, toHex, type GroupMessageHeader } from '@parley/protocol'
import { RelayError, readFrame } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { seqKey, type Op } from './mailbox-layout.js'
export type { GroupReceipts } from './group-log-upkeep.js'
import type { RelayDb } from './store.js'
import { DEFAULT_MEMBERSHIP_LIMITS, GroupMemberships, type MembershipLimits } from './group-memberships.js'
import { LoadedGroups, type GroupMeta } from './loaded-groups.js'
import { encodeItem, groupTables, range, readItem, type GroupTables, type MemberEntry } from './group-log-layout.js'
import { groupReceipts, sweepOps, type GroupReceipts } from './group-log-upkeep.js'

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

/** Called once a post is durable. */
export type GroupPostListener = (groupIdHex: string, item: GroupItem) => void
/** Called once a change of members is durable (account names). */
export type GroupMembersListener = (groupIdHex: string, added: string[], removed: string[]) => void


/** The relay's group logs, in its LevelDB. */
export class GroupLogStore {
  private readonly tables: GroupTables
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
      for (const user of new Set(change.add)) {
        if (removed.includes(user) || await this.tables.members.get(`${gid}\x00${user}`) !== undefined) continue
        const joining = await this.memberships.addOps(gid, user, by)
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
  async post (message: Uint8Array, poster: GroupDevice): Promise<{ seq: number, duplicate: boolean, storedAt: number, groupId: Uint8Array }> {
    const header = this.inspect(message)
    const now = this.now()
    if (header.expiresAt <= now) throw new RelayError('BAD_ENVELOPE', 'group message refused: it has already expired')
    if (header.expiresAt > now + MAX_EXPIRY_MS) throw new RelayError('BAD_ENVELOPE', 'group message refused: expiry is more than 90 days away')
    const gid = toHex(header.groupId)
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
      const value = encodeItem(now, header.expiresAt, poster.user, message)
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
    const result = { seq: reserved.seq, duplicate: reserved.duplicate, storedAt: now, groupId: header.groupId }
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
      // A damaged entry is left out (a sweep removes it): it never stops the ones after it.
      if (item === undefined || item.expiresAt <= now) continue
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
   * else, and for a message gone): counted on demand (group-log-upkeep.ts).
   */
  async receipts (groupId: Uint8Array, seq: number, asker: string): Promise<GroupReceipts> {
    return await groupReceipts(this.tables, toHex(groupId), seq, asker, this.limits.receiptMembers)
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
      const { ops, count, bytes, removed } = await sweepOps(this.tables, gid, meta.lastSeq, this.now())
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
    let member = await this.tables.members.get(`${gid}\x00${user}`)
    // An invited member's first post may be on its way, rewriting its entry: read the entry after it.
    const settled = member?.invitedBy !== undefined
    const meta = member !== undefined ? (await this.loaded.get(gid, settled))?.meta : undefined
    if (settled) member = await this.tables.members.get(`${gid}\x00${user}`)
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
