/**
 * What the relay works out of a group's log on demand, reading it whole: who has a message
 * (receipts, for its poster), and what a sweep removes and what stays (counted afresh).
 */
import { RelayError } from './errors.js'
import { seqKey, type Op } from './mailbox-layout.js'
import { range, readItem, type GroupTables } from './group-log-layout.js'
import type { PosterEntry } from './loaded-groups.js'

/** What the relay holds of a group message's delivery: per member, whether a device of theirs stored it, and whether they read it. */
export interface GroupReceipts {
  /** Members (other than the poster) who can see the message. */
  of: number
  delivered: number
  read: number
  /** Up to `limit` of them, in address order. */
  members: Array<{ user: string, delivered: boolean, read: boolean }>
}

/**
 * Who of group `gid` has stored and read message `seq`, for its poster `asker` alone (NOT_FOUND
 * for anyone else, and for a message gone): counted from the cursors and read marks, so a message
 * costs nothing per member until its sender asks. At most `limit` members are listed.
 */
export async function groupReceipts (tables: GroupTables, gid: string, seq: number, asker: string, limit: number): Promise<GroupReceipts> {
  const key = `${gid}\x00${seqKey(seq)}`
  const value = await tables.messages.get(key)
  // Only a member still in the group asks: one taken out learns nothing more of who read what.
  if (value === undefined || readItem(key, value, gid)?.poster !== asker || await tables.members.get(`${gid}\x00${asker}`) === undefined) {
    throw new RelayError('NOT_FOUND', 'no such message of yours in this group')
  }
  const delivered = new Set<string>()
  for await (const [key, cursor] of tables.cursors.iterator(range(gid))) {
    if (cursor >= seq) delivered.add(key.slice(gid.length + 1, key.indexOf('\x00', gid.length + 1)))
  }
  const out: GroupReceipts = { of: 0, delivered: 0, read: 0, members: [] }
  for await (const [key, member] of tables.members.iterator(range(gid))) {
    const user = key.slice(gid.length + 1)
    if (user === asker || member.from > seq) continue
    const read = member.readSeq >= seq
    const got = read || delivered.has(user)
    out.of++
    if (got) out.delivered++
    if (read) out.read++
    if (out.members.length < limit) out.members.push({ user, delivered: got, read })
  }
  return out
}

/**
 * A sweep of group `gid` (its last place `lastSeq`), worked out: removing the messages every
 * member device has stored, those expired (at `now`) and those the disk damaged, and the ids of
 * expired messages; and what stays, counted afresh with each poster's share (a write that failed
 * half way leaves no count wrong for long, and messages from before posters were counted get one).
 */
export async function sweepOps (tables: GroupTables, gid: string, lastSeq: number, now: number): Promise<{ ops: Op[], count: number, bytes: number, removed: number }> {
  // Per member: the least of its devices' cursors, or (no device read yet) all it may see.
  const lowestOf = new Map<string, number>()
  for await (const [key, member] of tables.members.iterator(range(gid))) lowestOf.set(key.slice(gid.length + 1), member.from - 1)
  const seen = new Set<string>()
  for await (const [key, cursor] of tables.cursors.iterator(range(gid))) {
    const user = key.slice(gid.length + 1, key.indexOf('\x00', gid.length + 1))
    const floor = lowestOf.get(user)
    if (floor === undefined) continue
    lowestOf.set(user, seen.has(user) ? Math.min(floor, cursor) : Math.max(floor, cursor))
    seen.add(user)
  }
  let lowest = lastSeq
  for (const floor of lowestOf.values()) lowest = Math.min(lowest, floor)
  const ops: Op[] = []
  let count = 0
  let bytes = 0
  const staying = new Map<string, PosterEntry>()
  for await (const [key, value] of tables.messages.iterator(range(gid))) {
    const item = readItem(key, value, gid)
    if (item === undefined || item.seq <= lowest || item.expiresAt <= now) {
      ops.push({ type: 'del', sublevel: tables.messages, key })
      continue
    }
    count++
    bytes += item.message.length
    const s = staying.get(item.poster) ?? { count: 0, bytes: 0 }
    staying.set(item.poster, { count: s.count + 1, bytes: s.bytes + item.message.length })
  }
  const removed = ops.length
  for await (const [key, held] of tables.posters.iterator(range(gid))) {
    const user = key.slice(gid.length + 1)
    const left = staying.get(user)
    staying.delete(user)
    if (left === undefined) ops.push({ type: 'del', sublevel: tables.posters, key })
    else if (left.count !== held.count || left.bytes !== held.bytes) ops.push({ type: 'put', sublevel: tables.posters, key, value: left })
  }
  for (const [user, left] of staying) ops.push({ type: 'put', sublevel: tables.posters, key: `${gid}\x00${user}`, value: left })
  for await (const [key, entry] of tables.ids.iterator(range(gid))) {
    if (entry.expiresAt <= now) ops.push({ type: 'del', sublevel: tables.ids, key })
  }
  return { ops, count, bytes, removed }
}
