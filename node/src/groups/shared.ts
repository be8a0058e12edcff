/**
 * What the parts of the groups service share: what they are built from, who this device is, the
 * group as the person sees it, and the checks and lines every part makes the same way.
 */
import { constantTimeEqual, fromHex, groupConversationId, memberOf, toHex, type Content, type DeviceBundle, type Ed25519, type GroupLog, type GroupState, type SignedGroupChange } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { Clock } from '../components.js'
import type { DeviceCrypto } from '../crypto/device-crypto.js'
import type { NodeEvents } from '../events.js'
import type { History, StoredMessage } from '../history.js'
import type { RejectionNotices } from '../inbox/rejection-notices.js'
import type { NodeStore } from '../node-store.js'
import type { RelayLink } from '../relay/connection.js'
import { loadState, logOf, type GroupRecord, type GroupStatus } from './records.js'
import { describeChange } from './describe.js'

/** A group as the person sees it. */
export interface GroupSummary {
  id: string
  conversation: string
  name: string
  status: GroupStatus
  epoch: number
  admin: boolean
  members: Array<{ address: string, admin: boolean, joined: boolean }>
}

/** What the groups service is built from. */
export interface GroupsComponents {
  store: NodeStore
  relay: RelayLink
  clock: Clock
  events: NodeEvents
  history: History
  crypto: Pick<DeviceCrypto, 'seal'>
  ed25519: Ed25519
  notices: Pick<RejectionNotices, 'record'>
}

/** Who this device is, and the node's parts the groups service goes through. */
export interface GroupsInit {
  self: () => string
  deviceId: string
  identity: { publicKey: Uint8Array, privateKey: Uint8Array }
  /** A person's verified (and pinned) device bundles. */
  bundles: (address: string) => Promise<DeviceBundle[]>
  /** Makes the bundles of many people (a group's members) quick to have; never fails for one of them. */
  prefetch?: (addresses: readonly string[]) => Promise<void>
  track: (work: Promise<void>) => void
  /** Runs a send of this user's to a group (its conversation id): its members get this user's profile too, if they lack it. */
  aroundSend?: <T>(conversation: string, send: () => Promise<T>) => Promise<T>
  /** Takes a profile key a member posted to a group. */
  takeProfile?: (sender: string, body: Uint8Array) => Promise<void>
}

/** A record as the person sees it. */
export function summary (record: GroupRecord): GroupSummary {
  const last = record.log[record.log.length - 1]
  const state = last !== undefined ? loadState(last.state) : undefined
  return {
    id: record.id,
    conversation: groupConversationId(fromHex(record.id)),
    name: state?.name ?? '(invitation arriving)',
    status: record.status,
    epoch: state?.epoch ?? 0,
    admin: record.manageKey !== undefined,
    members: state?.members.map(m => ({ address: m.address, admin: m.admin, joined: m.joined })) ?? []
  }
}

/** Whether the content's sender is in the group under the identity key it came with. */
export function sameKey (state: GroupState, content: Content): boolean {
  const m = memberOf(state, content.sender)
  return m !== undefined && constantTimeEqual(m.identityKey, content.senderIdentityKey)
}

/** The group's log as this device holds it; BAD_INPUT while its state has not arrived. */
export function logFor (record: GroupRecord): GroupLog {
  const log = logOf(record)
  if (log === undefined) throw new NodeError('BAD_INPUT', 'the group\'s state has not arrived yet; try again in a moment')
  return log
}

/** A line in the group's conversation saying what a change did ("alice added bob"). */
export async function systemLine (c: Pick<GroupsComponents, 'history' | 'clock'> & { events: Pick<GroupsComponents['events'], 'emit'> }, record: GroupRecord, signed: SignedGroupChange, before: GroupState | undefined, after: GroupState, text?: string): Promise<void> {
  const message: StoredMessage = {
    id: `change-${toHex(signed.hash).slice(0, 32)}`, conversation: groupConversationId(fromHex(record.id)), direction: 'in', sender: signed.change.author,
    text: text ?? describeChange(signed, before, after), sentAt: signed.change.madeAt, storedAt: c.clock.now(), state: 'received', system: true
  }
  if (await c.history.add(message)) c.events.emit({ type: 'message', message })
}
