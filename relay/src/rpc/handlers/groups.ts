/**
 * Handlers for group logs (PROTOCOL.md "Group logs on the relay"): members set with the group's
 * manage key, one stored copy per group message, a cursor per device, a read mark per member,
 * and receipts counted for the poster on demand.
 */
import { formatAddress, parseAddress, toHex } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup, StreamControl } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type GroupRequestType = 'group-members' | 'group-post' | 'group-fetch' | 'group-ack' | 'group-read' | 'group-receipts' | 'group-leave'

/** The group handlers over `c`. */
export function groupHandlers (c: HandlerServices): HandlerGroup<GroupRequestType> {
  const { groups, accounts } = c
  /** The account name of an address of this relay; NOT_FOUND for another relay's (no federation yet) or an unknown account. */
  const localName = async (address: string, mustExist: boolean): Promise<string> => {
    let parsed
    try { parsed = parseAddress(address) } catch { throw new RelayError('BAD_REQUEST', `"${address}" is not an address of the form name@relay`) }
    if (parsed.relay !== c.relayName) throw new RelayError('NOT_FOUND', `${address} is on another relay; groups across relays are not available yet`)
    if (mustExist) {
      const account = await accounts.get(parsed.name)
      if (account === undefined || !account.verified) throw new RelayError('NOT_FOUND', `${address} is not a user of this relay`)
    }
    return parsed.name
  }
  /** The stream follows the group's new messages from now on (checked under the group's lock: a removal always unfollows it). */
  const follow = async (groupId: Uint8Array, user: string, stream: StreamControl): Promise<void> => {
    const gid = toHex(groupId)
    if (!stream.following(gid)) await groups.follow(groupId, user, () => { stream.followGroup(gid) })
  }
  return {
    // Verified accounts only, as for mail: a group log is storage others read.
    'group-members': {
      auth: 'session+verified',
      rates: ['per-source', 'group-requests'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, stream }) => {
        const add: string[] = []
        for (const a of r.add) add.push(await localName(a, true))
        const remove: string[] = []
        for (const a of r.remove) remove.push(await localName(a, false))
        await groups.setMembers(r.groupId, r.manageKey, { add, remove, ...(r.newManageHash !== undefined ? { newManageHash: r.newManageHash } : {}) }, session.user)
        if (add.includes(session.user)) await follow(r.groupId, session.user, stream)
        return { type: 'ok' }
      }
    },
    'group-post': {
      auth: 'session+verified',
      rates: ['per-source', 'group-posts'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller, stream }) => {
        const { groupId, ...posted } = await groups.post(r.message, { user: session.user, device: caller.peerId })
        await follow(groupId, session.user, stream)
        return { type: 'group-posted', ...posted }
      }
    },
    'group-fetch': {
      auth: 'session',
      rates: ['per-source', 'group-requests'],
      deadlineMs: REQUEST_DEADLINES.paged,
      handle: async (r, { session, caller, stream }) => {
        // Followed before the page is read: what is posted meanwhile is pushed, or in the page.
        await follow(r.groupId, session.user, stream)
        await stream.nextPage()
        return { type: 'group-mail', groupId: r.groupId, ...await groups.fetch(r.groupId, { user: session.user, device: caller.peerId }, r.afterSeq) }
      }
    },
    'group-ack': {
      auth: 'session',
      rates: ['per-source', 'group-requests'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller, stream }) => {
        await groups.ack(r.groupId, { user: session.user, device: caller.peerId }, r.seq)
        await follow(r.groupId, session.user, stream)
        return { type: 'ok' }
      }
    },
    'group-read': {
      auth: 'session',
      rates: ['per-source', 'group-requests'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session }) => { await groups.markRead(r.groupId, session.user, r.seq); return { type: 'ok' } }
    },
    'group-receipts': {
      auth: 'session',
      rates: ['per-source', 'lookups'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session }) => {
        const receipts = await groups.receipts(r.groupId, r.seq, session.user)
        return { type: 'group-receipts', ...receipts, members: receipts.members.map(m => ({ ...m, user: formatAddress(m.user, c.relayName) })) }
      }
    },
    'group-leave': {
      auth: 'session',
      rates: ['per-source', 'group-requests'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session }) => { await groups.leave(r.groupId, session.user); return { type: 'ok' } }
    }
  }
}
