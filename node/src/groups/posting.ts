/**
 * What this device posts to a group's log, and what must go before it: its sender key (a new one
 * after someone left) handed to every member who lacks it, invitations with the group's state,
 * the members of the relay's log and the group's manage key kept in step with the changes.
 */
import {
  SenderChain, encodeGroupInvite, encodeGroupManage, encodeGroupStatePart, encodeSenderKeyDistribution,
  fromHex, groupConversationId, groupStateHash, groupStateParts, inspectGroupMessage, manageKeyHash, randomBytes,
  sealGroupMessage, toHex, MAX_GROUP_MEMBERS_PER_REQUEST,
  type ContentKind, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { MESSAGE_TTL_MS } from '../constants.js'
import { NodeError } from '../errors.js'
import type { GroupRecords, GroupRecord } from './records.js'
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
  async post (record: GroupRecord, kind: ContentKind, body: Uint8Array, sentAt = this.c.clock.now(), audience?: GroupState): Promise<{ header: ReturnType<typeof inspectGroupMessage>, seq: number, record: GroupRecord }> {
    const state = audience ?? logFor(record).state
    let next = await this.ensureKey(record, state)
    const chain = SenderChain.fromRecord(next.own!)
    const self = this.init.self()
    const { bytes } = await sealGroupMessage(chain, {
      content: { sender: self, senderDevice: this.init.deviceId, senderIdentityKey: this.init.identity.publicKey, sentAt, conversation: groupConversationId(fromHex(record.id)), kind, body },
      expiresAt: sentAt + MESSAGE_TTL_MS,
      ed25519: this.c.ed25519
    })
    // Stored before it goes: a crash after the post never reuses the message key.
    next = { ...next, own: chain.toRecord() }
    await this.records.put(next)
    const posted = await this.c.relay.request({ type: 'group-post', message: bytes }, 'group-posted')
    return { header: inspectGroupMessage(bytes), seq: posted.seq, record: next }
  }

  async postChange (record: GroupRecord, signed: SignedGroupChange): Promise<GroupRecord> {
    const a = signed.change.action
    const state = logFor(record).state
    const audience = a.type === 'invite' ? { ...state, members: state.members.filter(m => !a.invitees.some(i => i.address === m.address)) } : undefined
    return (await this.post(record, 'group-change', signed.bytes, this.c.clock.now(), audience)).record
  }

  /** A sender key for the current members (a new one after someone left), handed to every member and invited person who lacks it. */
  async ensureKey (record: GroupRecord, state: GroupState): Promise<GroupRecord> {
    let next = record
    if (next.own === undefined || next.rotate) {
      const chain = SenderChain.generate(fromHex(record.id), state.epoch)
      next = { ...next, own: chain.toRecord(), keyHandedTo: [], ownKeyIds: [...next.ownKeyIds, toHex(chain.keyId)].slice(-64), rotate: false }
      await this.records.put(next)
    }
    const self = this.init.self()
    const handed = new Set(next.keyHandedTo)
    const missing = state.members.map(m => m.address).filter(a => a !== self && !handed.has(a))
    if (missing.length === 0) return next
    const distribution = encodeSenderKeyDistribution(SenderChain.fromRecord(next.own!).distribution())
    const reached = await this.mail.each(record.id, missing, 'sender-key', () => distribution)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    await this.records.put(next)
    return next
  }

  /** Invitations for `invitees`: each gets this device's sender key 1:1, then the state is posted once to the log for all of them. */
  async welcome (record: GroupRecord, state: GroupState, signed: SignedGroupChange, invitees: string[]): Promise<GroupRecord> {
    let next = await this.ensureKey(record, { ...state, members: state.members.filter(m => !invitees.includes(m.address)) })
    const chain = SenderChain.fromRecord(next.own!)
    const stateHash = groupStateHash(state)
    const reached = await this.mail.each(record.id, invitees, 'group-invite', () => encodeGroupInvite({ groupId: fromHex(record.id), stateHash, epoch: state.epoch, senderKey: chain.distribution() }), true)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    await this.records.put(next)
    const others = { ...state, members: state.members.filter(m => !invitees.includes(m.address)) }
    for (const part of groupStateParts(state, signed)) next = (await this.post(next, 'group-state', encodeGroupStatePart(part), this.c.clock.now(), others)).record
    return next
  }

  /** Adds and removes member accounts of the group's log on the relay (admins: with the manage key). */
  async setMembers (record: GroupRecord, add: string[], remove: string[]): Promise<void> {
    if (record.manageKey === undefined) throw new NodeError('BAD_INPUT', 'this device does not hold the group\'s manage key (only admins do)')
    const manageKey = fromHex(record.manageKey)
    for (let i = 0; i < Math.max(add.length, remove.length, 1); i += MAX_GROUP_MEMBERS_PER_REQUEST) {
      const a = add.slice(i, i + MAX_GROUP_MEMBERS_PER_REQUEST)
      const r = remove.slice(i, i + MAX_GROUP_MEMBERS_PER_REQUEST - a.length)
      if (a.length + r.length === 0) break
      await this.c.relay.request({ type: 'group-members', groupId: fromHex(record.id), manageKey, add: a, remove: r }, 'ok')
    }
  }

  /** A new manage key (an admin went): the relay told, the admins who remain handed it. */
  async newManageKey (record: GroupRecord, state: GroupState): Promise<GroupRecord> {
    if (record.manageKey === undefined) return record
    const fresh = randomBytes(32)
    await this.c.relay.request({ type: 'group-members', groupId: fromHex(record.id), manageKey: fromHex(record.manageKey), add: [], remove: [], newManageHash: manageKeyHash(fresh) }, 'ok')
    const next = { ...record, manageKey: toHex(fresh) }
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
