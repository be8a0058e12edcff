/**
 * What this device posts to a group's log, and what must go before it: its sender key (a new one
 * after someone left) handed to every member who lacks it, invitations with the group's state,
 * the members of the relay's log and the group's manage key kept in step with the changes.
 */
import {
  SenderChain, encodeGroupInvite, encodeGroupManage, encodeGroupStatePart, encodeSenderKeyDistribution,
  fromHex, groupConversationId, groupStateHash, groupStateParts, inspectGroupMessage, manageKeyHash, randomBytes, toBase64,
  sealGroupMessage, toHex, MAX_GROUP_MEMBERS_PER_REQUEST,
  type ContentKind, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { INVITE_RETRY_MS, MESSAGE_TTL_MS } from '../constants.js'
import { NodeError, RelayRequestError } from '../errors.js'
import { throwIfAborted } from '../relay/time.js'
import { owedExcept, owedTo, type GroupRecords, type GroupRecord } from './records.js'
import type { MemberMail } from './member-mail.js'
import { logFor, type GroupsComponents, type GroupsInit } from './shared.js'

/** Posts to group logs under this device's sender key. */
export class GroupPosting {
  constructor (
    private readonly c: GroupsComponents,
    private readonly init: GroupsInit,
    private readonly records: GroupRecords,
    private readonly mail: MemberMail
  ) {}

  /** Posts a content to the group's log under this device's sender key, handing that key first to whoever lacks it. */
  /** `audience`: whom the sender key must reach first (the state's people by default; an invite leaves out those it invites, who get it with their invitation). */
  async post (record: GroupRecord, kind: ContentKind, body: Uint8Array, sentAt = this.c.clock.now(), audience?: GroupState, signal?: AbortSignal): Promise<{ header: ReturnType<typeof inspectGroupMessage>, seq: number, record: GroupRecord }> {
    const sealed = await this.seal(record, kind, body, sentAt, audience, undefined, signal)
    throwIfAborted(signal)
    const seq = await this.send(sealed.bytes)
    let next = sealed.record
    // Right after what this device has taken in: the cursor passes its own post, so a change made
    // next applies at once (not after texts: one more write each, for a fetch a change can do).
    if (kind !== 'text' && kind !== 'file' && kind !== 'profile' && next.seq + 1 === seq) {
      next = { ...next, seq }
      await this.records.put(next)
    }
    return { header: inspectGroupMessage(sealed.bytes), seq, record: next }
  }

  /**
   * Seals a change of this device's to the group (the state after it says whom the sender key
   * must reach first) and stores it as the record's pending change, before anything is posted:
   * after a crash it is posted again, and the relay answers a repost with the place it already has.
   */
  async sealChange (record: GroupRecord, signed: SignedGroupChange, after: GroupState, rekey: boolean, signal?: AbortSignal): Promise<GroupRecord> {
    const a = signed.change.action
    const audience = a.type === 'invite' ? { ...after, members: after.members.filter(m => !a.invitees.some(i => i.address === m.address)) } : after
    const sealed = await this.seal(record, 'group-change', signed.bytes, this.c.clock.now(), audience, (r, bytes) => ({ ...r, pending: { message: toBase64(bytes), change: toBase64(signed.bytes), rekey } }), signal)
    return sealed.record
  }

  /** Posts a sealed group message; its place in the log (the same place again for a repost). */
  async send (bytes: Uint8Array): Promise<number> {
    return (await this.c.relay.request({ type: 'group-post', message: bytes }, 'group-posted')).seq
  }

  /** Seals a content under this device's sender key (handed first to whoever lacks it); stored with the key stepped on, and `also` done to the record, before it goes. */
  private async seal (record: GroupRecord, kind: ContentKind, body: Uint8Array, sentAt: number, audience?: GroupState, also?: (r: GroupRecord, bytes: Uint8Array) => GroupRecord, signal?: AbortSignal): Promise<{ bytes: Uint8Array, record: GroupRecord }> {
    const state = audience ?? logFor(record).state
    let next = await this.ensureKey(record, state, signal)
    const chain = SenderChain.fromRecord(next.own!)
    const self = this.init.self()
    const { bytes } = await sealGroupMessage(chain, {
      content: { sender: self, senderDevice: this.init.deviceId, senderIdentityKey: this.init.identity.publicKey, sentAt, conversation: groupConversationId(fromHex(record.id)), kind, body },
      expiresAt: sentAt + MESSAGE_TTL_MS,
      ed25519: this.c.ed25519
    })
    // Stored before it goes: a crash after the post never reuses the message key.
    next = { ...next, own: chain.toRecord() }
    if (also !== undefined) next = also(next, bytes)
    await this.records.put(next)
    return { bytes, record: next }
  }

  /** A sender key for the current members (a new one after someone left), handed to every member and invited person who lacks it. */
  async ensureKey (record: GroupRecord, state: GroupState, signal?: AbortSignal): Promise<GroupRecord> {
    let next = record
    if (next.own === undefined || next.rotate) {
      const chain = SenderChain.generate(fromHex(record.id), state.epoch)
      next = { ...next, own: chain.toRecord(), keyHandedTo: [], ownKeyIds: [...next.ownKeyIds, toHex(chain.keyId)].slice(-64), rotate: false }
      await this.records.put(next)
    }
    const self = this.init.self()
    const handed = new Set(next.keyHandedTo)
    // Those still owed an invitation have no record of the group to take a sender key into: it goes with the invitation.
    const owed = owedTo(next)
    const missing = state.members.map(m => m.address).filter(a => a !== self && !handed.has(a) && !owed.has(a))
    if (missing.length === 0) return next
    const distribution = encodeSenderKeyDistribution(SenderChain.fromRecord(next.own!).distribution())
    const reached = await this.mail.each(record.id, missing, 'sender-key', () => distribution, false, signal)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    await this.records.put(next)
    return next
  }

  /** Invitations for `invitees`: each gets this device's sender key 1:1, then the state is posted once to the log for all of them. */
  async welcome (record: GroupRecord, state: GroupState, signed: SignedGroupChange, invitees: string[], signal?: AbortSignal): Promise<GroupRecord> {
    let next = await this.ensureKey(record, { ...state, members: state.members.filter(m => !invitees.includes(m.address)) }, signal)
    const chain = SenderChain.fromRecord(next.own!)
    const invite = encodeGroupInvite({ groupId: fromHex(record.id), stateHash: groupStateHash(state), epoch: state.epoch, senderKey: chain.distribution() })
    const reached = await this.invite(record.id, invite, invitees, signal)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    // Those not reached now (a mailbox full, a device list that did not come) are owed it: sent again later.
    const missed = invitees.filter(a => !reached.includes(a))
    const now = this.c.clock.now()
    const owed = owedExcept(next.invitesOwed, invitees)
    if (missed.length > 0) owed.push({ invite: toBase64(invite), addresses: missed, tries: 0, next: now + INVITE_RETRY_MS, until: now + MESSAGE_TTL_MS })
    next = { ...next, invitesOwed: owed }
    if (owed.length === 0) delete next.invitesOwed
    await this.records.put(next)
    const others = { ...state, members: state.members.filter(m => !invitees.includes(m.address)) }
    for (const part of groupStateParts(state, signed)) next = (await this.post(next, 'group-state', encodeGroupStatePart(part), this.c.clock.now(), others, signal)).record
    return next
  }

  /** Sends an invitation (an encoded group-invite body) to `invitees`; those it reached (none when no one could be, or it was aborted). */
  async invite (id: string, invite: Uint8Array, invitees: string[], signal?: AbortSignal): Promise<string[]> {
    try {
      return await this.mail.each(id, invitees, 'group-invite', () => invite, true, signal)
    } catch {
      throwIfAborted(signal)
      return []
    }
  }

  /** Adds and removes member accounts of the group's log on the relay (admins: with the manage key), at most MAX_GROUP_MEMBERS_PER_REQUEST a request. */
  async setMembers (record: GroupRecord, add: string[], remove: string[]): Promise<void> {
    if (record.manageKey === undefined) throw new NodeError('BAD_INPUT', 'this device does not hold the group\'s manage key (only admins do)')
    const manageKey = fromHex(record.manageKey)
    const all = [...add.map(address => ({ address, add: true })), ...remove.map(address => ({ address, add: false }))]
    for (let i = 0; i < all.length; i += MAX_GROUP_MEMBERS_PER_REQUEST) {
      const part = all.slice(i, i + MAX_GROUP_MEMBERS_PER_REQUEST)
      await this.c.relay.request({ type: 'group-members', groupId: fromHex(record.id), manageKey, add: part.filter(p => p.add).map(p => p.address), remove: part.filter(p => !p.add).map(p => p.address) }, 'ok')
    }
  }

  /**
   * A new manage key (an admin went): stored as the next key first, set on the relay, then made the
   * key and handed to the admins who remain. After a crash half way it is finished: a relay that
   * took the next key already is told apart by the next key being accepted.
   */
  async newManageKey (record: GroupRecord, state: GroupState): Promise<GroupRecord> {
    if (record.manageKey === undefined) return record
    let next = record
    if (next.nextManageKey === undefined) {
      next = { ...next, nextManageKey: toHex(randomBytes(32)) }
      await this.records.put(next)
    }
    const groupId = fromHex(record.id)
    const fresh = fromHex(next.nextManageKey!)
    try {
      await this.c.relay.request({ type: 'group-members', groupId, manageKey: fromHex(next.manageKey!), add: [], remove: [], newManageHash: manageKeyHash(fresh) }, 'ok')
    } catch (err) {
      if (!(err instanceof RelayRequestError) || err.relayCode !== 'INVALID_CREDENTIALS') throw err
      // Refused under the key held: the relay may hold the next one already (set before a crash).
      await this.c.relay.request({ type: 'group-members', groupId, manageKey: fresh, add: [], remove: [] }, 'ok')
    }
    next = { ...next, manageKey: next.nextManageKey! }
    delete next.nextManageKey
    await this.records.put(next)
    await this.handManageKey(next, state.members.filter(m => m.admin && m.address !== this.init.self()).map(m => m.address))
    return next
  }

  async handManageKey (record: GroupRecord, admins: string[]): Promise<void> {
    if (record.manageKey === undefined || admins.length === 0) return
    const body = encodeGroupManage({ groupId: fromHex(record.id), manageKey: fromHex(record.manageKey) })
    await this.mail.each(record.id, admins, 'group-manage', () => body, true)
  }
}
