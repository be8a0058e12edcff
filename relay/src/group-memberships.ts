/**
 * Which groups each account is in, and how many. An account added by someone else is invited:
 * it counts as pending until it posts in the group (its acceptance is a post), so strangers who
 * add it to groups fill only a part of its room, and each of them only a small part of that. The
 * groups an account makes or posts in are bounded by the total.
 */
import { RelayError } from './errors.js'
import type { Op } from './mailbox-layout.js'
import type { RelayDb } from './store.js'

/** How many groups an account may be in. */
export interface MembershipLimits {
  /** Groups one account may be in, pending or not (checked as it is added). */
  maxGroupsPerAccount: number
  /** Of those, groups others added it to that it has not posted in yet. */
  maxPendingGroupsPerAccount: number
  /** Of those, groups one other account added it to. */
  maxPendingGroupsPerInviter: number
}

export const DEFAULT_MEMBERSHIP_LIMITS: MembershipLimits = {
  maxGroupsPerAccount: 1000,
  maxPendingGroupsPerAccount: 500,
  maxPendingGroupsPerInviter: 20
}

/** A member account's entry as the group log keeps it: whom it was invited by while pending. */
export interface Membership { invitedBy?: string }

/** The groups of every account, and the pending invitations among them. */
export class GroupMemberships {
  private readonly groupsOf
  private readonly pending

  constructor (db: RelayDb, private readonly limits: MembershipLimits) {
    /** `${user}\0${gid}` → 1. */
    this.groupsOf = db.json<number>('group-of')
    /** `${user}\0${inviter}\0${gid}` → 1: groups others added `user` to that it has not posted in. */
    this.pending = db.json<number>('group-pending')
  }

  /**
   * The operations that make `user` a member of group `gid`, added by `by` (the same account when
   * it adds itself), and the membership to keep in its entry. QUOTA_EXCEEDED past the limits.
   */
  async addOps (gid: string, user: string, by: string | undefined): Promise<{ ops: Op[], membership: Membership }> {
    const { maxGroupsPerAccount, maxPendingGroupsPerAccount, maxPendingGroupsPerInviter } = this.limits
    if (await count(this.groupsOf, `${user}\x00`, maxGroupsPerAccount) >= maxGroupsPerAccount) {
      throw new RelayError('QUOTA_EXCEEDED', `${user} cannot be added to a group now`)
    }
    const ops: Op[] = [{ type: 'put', sublevel: this.groupsOf, key: `${user}\x00${gid}`, value: 1 }]
    if (by === undefined || by === user) return { ops, membership: {} }
    if (await count(this.pending, `${user}\x00`, maxPendingGroupsPerAccount) >= maxPendingGroupsPerAccount) {
      throw new RelayError('QUOTA_EXCEEDED', `${user} cannot be added to a group now`)
    }
    if (await count(this.pending, `${user}\x00${by}\x00`, maxPendingGroupsPerInviter) >= maxPendingGroupsPerInviter) {
      throw new RelayError('QUOTA_EXCEEDED', `${user} has as many of your invitations waiting as one account may send (${maxPendingGroupsPerInviter})`)
    }
    ops.push({ type: 'put', sublevel: this.pending, key: `${user}\x00${by}\x00${gid}`, value: 1 })
    return { ops, membership: { invitedBy: by } }
  }

  /** The operations that turn a pending membership into a full one (the member posted); none for a full one. */
  joinOps (gid: string, user: string, membership: Membership): Op[] {
    if (membership.invitedBy === undefined) return []
    return [{ type: 'del', sublevel: this.pending, key: `${user}\x00${membership.invitedBy}\x00${gid}` }]
  }

  /** The operations that take `user` out of group `gid`'s count. */
  removalOps (gid: string, user: string, membership: Membership): Op[] {
    return [{ type: 'del', sublevel: this.groupsOf, key: `${user}\x00${gid}` }, ...this.joinOps(gid, user, membership)]
  }

  /** The groups `user` is a member of (group ids in hex). */
  async of (user: string): Promise<string[]> {
    const out: string[] = []
    for await (const key of this.groupsOf.keys({ gt: `${user}\x00`, lt: `${user}\x01` })) out.push(key.slice(user.length + 1))
    return out
  }

  /** The groups others added `user` to that it has not posted in yet (group ids in hex). */
  async pendingOf (user: string): Promise<string[]> {
    const out: string[] = []
    for await (const key of this.pending.keys({ gt: `${user}\x00`, lt: `${user}\x01` })) out.push(key.slice(key.lastIndexOf('\x00') + 1))
    return out
  }
}

/** Keys under `prefix` (which ends in \0), counted up to `upTo`. */
async function count (table: { keys: (range: { gt: string, lt: string, limit: number }) => AsyncIterable<string> }, prefix: string, upTo: number): Promise<number> {
  let n = 0
  for await (const _ of table.keys({ gt: prefix, lt: `${prefix.slice(0, -1)}\x01`, limit: upTo })) n++
  return n
}
