/**
 * Group chats on this device (PROTOCOL.md "Groups"): the person's actions (create, invite,
 * accept, decline, leave, remove, make admin, rename, send) become signed changes and group
 * messages posted once to the group's log on the relay; what the log holds is taken in, in order,
 * every change checked against the state this device holds. This device's sender key reaches each
 * member once, inside 1:1 envelopes, before its first message to them; when someone leaves or is
 * removed, the next send starts a new sender key that goes to those who remain only.
 */
import {
  GroupLog, ReceiverChain, SenderChain, constantTimeEqual, decodeGroupInvite, decodeGroupManage,
  decodeGroupStatePart, decodeSenderKeyDistribution, decodeSignedGroupChange, decodeTextBody, encodeGroupInvite,
  encodeGroupManage, encodeGroupStatePart, encodeSenderKeyDistribution, encodeTextBody, fromBase64, fromHex,
  groupConversationId, groupStateHash, groupStateParts, inspectGroupMessage, isProtocolError, isValidGroupName,
  isSignedBy, joinGroupStateParts, manageKeyHash, memberOf, openGroupMessage, randomBytes, sealGroupMessage, signGroupChange, toBase64, toHex,
  MAX_DEPOSIT_BATCH, MAX_DEPOSIT_BATCH_BYTES, MAX_GROUP_MEMBERS_PER_REQUEST,
  type Content, type ContentKind, type DeviceBundle, type Ed25519, type GroupAction, type GroupMailItem, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { MESSAGE_TTL_MS } from '../constants.js'
import { NodeError, RejectedContentError, RelayRequestError, failureKind } from '../errors.js'
import { KeyLock } from '../key-lock.js'
import { mapLimit } from '../map-limit.js'
import type { Clock } from '../components.js'
import type { DeviceCrypto } from '../crypto/device-crypto.js'
import type { NodeEvents } from '../events.js'
import type { History, StoredMessage } from '../history.js'
import type { RejectionNotices } from '../inbox/rejection-notices.js'
import type { NodeStore } from '../node-store.js'
import type { RelayLink } from '../relay/connection.js'
import {
  GroupRecords, MAX_AHEAD_CHANGES, MAX_HELD_GROUP_MESSAGES, loadState, logOf, withLog, type GroupRecord, type GroupStatus
} from './records.js'
import { describeChange } from './describe.js'

/** 1:1 envelopes sealed at once when handing out a sender key or invitations. */
const SEAL_CONCURRENCY = 8

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

/** Who this device is. */
export interface GroupsInit {
  self: () => string
  deviceId: string
  identity: { publicKey: Uint8Array, privateKey: Uint8Array }
  /** A person's verified (and pinned) device bundles. */
  bundles: (address: string) => Promise<DeviceBundle[]>
  track: (work: Promise<void>) => void
}

export class Groups {
  readonly records: GroupRecords
  private readonly lock = new KeyLock()

  constructor (private readonly c: GroupsComponents, private readonly init: GroupsInit) {
    this.records = new GroupRecords(c.store)
  }

  // ---- what the person does

  /** Makes a group named `name` and invites `invitees`; this user is its one admin. */
  async create (name: string, invitees: string[]): Promise<GroupSummary> {
    if (!isValidGroupName(name)) throw new NodeError('BAD_INPUT', 'a group name is 1 to 256 bytes of text, without control characters or spaces around it')
    const self = this.init.self()
    const people = await this.identitiesOf(invitees.filter(a => a !== self))
    const groupId = randomBytes(32)
    const signed = signGroupChange({
      groupId, epoch: 1, prior: new Uint8Array(0), author: self, madeAt: this.c.clock.now(),
      action: { type: 'create', name, authorIdentityKey: this.init.identity.publicKey, invitees: people }
    }, this.init.identity.privateKey)
    const log = GroupLog.create(signed, this.init.identity.publicKey)
    const id = toHex(groupId)
    const manageKey = randomBytes(32)
    let record: GroupRecord = withLog({ id, status: 'member', log: [], manageKey: toHex(manageKey), keyHandedTo: [], ownKeyIds: [], rotate: false, seq: 0, ahead: [], parts: [], held: [], since: this.c.clock.now() }, log)
    await this.records.put(record)
    await this.setMembers(record, [self, ...people.map(p => p.address)], [])
    record = await this.welcome(record, log.state, signed, people.map(p => p.address))
    await this.systemLine(record, signed, undefined, log.state)
    return summary(record)
  }

  /** Invites `addresses` (admins only). */
  async invite (id: string, addresses: string[]): Promise<GroupSummary> {
    return await this.lock.run(id, async () => {
      const record = await this.active(id)
      const log = this.logFor(record)
      const people = await this.identitiesOf(addresses.filter(a => memberOf(log.state, a) === undefined))
      if (people.length === 0) throw new NodeError('BAD_INPUT', 'everyone named is in the group already')
      const signed = this.sign(log, { type: 'invite', invitees: people })
      this.apply(log, signed)
      let next = withLog(record, log)
      await this.records.put(next)
      await this.setMembers(next, people.map(p => p.address), [])
      next = await this.postChange(next, signed)
      next = await this.welcome(next, log.state, signed, people.map(p => p.address))
      await this.systemLine(next, signed, undefined, log.state)
      return summary(next)
    })
  }

  /** Accepts an invitation: this user joins. */
  async accept (id: string): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'accept' })) }
  /** Declines an invitation. */
  async decline (id: string): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'decline' })) }
  /** Leaves the group. */
  async leave (id: string): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'leave' })) }
  /** Removes a member or an invited person (admins only). */
  async remove (id: string, target: string): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'remove', target })) }
  /** Makes a member an admin, or not (admins only). */
  async setAdmin (id: string, target: string, admin: boolean): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'set-admin', target, admin })) }
  /** Renames the group (admins only). */
  async rename (id: string, name: string): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'rename', name })) }

  /** Sends a text to the group: encrypted and signed once, stored once on the relay. */
  async send (id: string, text: string): Promise<StoredMessage> {
    const body = (() => {
      try { return encodeTextBody(text) } catch (err: any) { throw new NodeError('BAD_INPUT', err?.message ?? 'that text cannot be sent') }
    })()
    return await this.lock.run(id, async () => {
      const record = await this.active(id)
      if (record.status !== 'member') throw new NodeError('BAD_INPUT', 'accept the invitation before writing to the group')
      const sentAt = this.c.clock.now()
      const { header, seq } = await this.post(record, 'text', body, sentAt)
      const message: StoredMessage = {
        id: header.messageIdHex, conversation: groupConversationId(fromHex(id)), direction: 'out', sender: this.init.self(), text,
        sentAt, storedAt: this.c.clock.now(), state: 'sent', path: 'relay', groupSeq: seq
      }
      await this.c.history.add(message)
      this.c.events.emit({ type: 'outgoing', message })
      return message
    })
  }

  /** This device's groups. */
  async list (): Promise<GroupSummary[]> {
    return (await this.records.all()).filter(r => r.log.length > 0 || r.status === 'joining').map(summary)
  }

  /** One group (by id or unique id prefix, or conversation id). */
  async info (id: string): Promise<GroupSummary> { return summary(await this.find(id)) }

  /** The full id of a group named by id, id prefix (8 or more hex digits) or conversation id; BAD_INPUT otherwise. */
  async resolve (ref: string): Promise<string> { return (await this.find(ref)).id }

  /** Who of the group stored and read one of this user's messages to it. */
  async receipts (id: string, messageId: string): Promise<{ of: number, delivered: number, read: number, members: Array<{ user: string, delivered: boolean, read: boolean }> }> {
    const message = await this.c.history.get(messageId)
    if (message === undefined || message.conversation !== groupConversationId(fromHex(id)) || message.groupSeq === undefined) {
      throw new NodeError('BAD_INPUT', 'no message of yours to this group has that id')
    }
    const r = await this.c.relay.request({ type: 'group-receipts', groupId: fromHex(id), seq: message.groupSeq }, 'group-receipts')
    return { of: r.of, delivered: r.delivered, read: r.read, members: r.members }
  }

  /** The person saw the group's messages: one read mark on the relay, up to the last message taken in. */
  async markRead (id: string): Promise<StoredMessage[]> {
    const record = await this.active(id)
    const read: StoredMessage[] = []
    for (const m of await this.c.history.conversation(groupConversationId(fromHex(record.id)))) {
      if (m.direction !== 'in' || m.state !== 'received' || m.system === true) continue
      const updated = await this.c.history.advance(m.id, 'read')
      if (updated !== undefined) read.push(updated)
    }
    if (record.seq > 0) await this.c.relay.request({ type: 'group-read', groupId: fromHex(record.id), seq: record.seq }, 'ok')
    return read
  }

  // ---- what arrives

  /**
   * A group content that came 1:1, its envelope opened and its sender's device checked: a sender
   * key, an invitation, a manage key. A final error (RejectedContentError) when it cannot be taken.
   */
  async takeDirect (content: Content): Promise<void> {
    switch (content.kind) {
      case 'sender-key': {
        const d = decodeSenderKeyDistribution(content.body)
        const id = toHex(d.groupId)
        await this.lock.run(id, async () => {
          const record = await this.records.get(id)
          if (record === undefined || record.status === 'left') throw new RejectedContentError('a sender key for a group this device is not in')
          const log = logOf(record)
          if (log !== undefined && !this.sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
          if (await this.records.chain(id, toHex(d.keyId)) !== undefined) return
          await this.records.putChain(id, new ReceiverChain(d, { address: content.sender, device: content.senderDevice, identityKey: content.senderIdentityKey }))
        })
        await this.retryHeld(id)
        return
      }
      case 'group-invite': {
        const invite = decodeGroupInvite(content.body)
        const id = toHex(invite.groupId)
        await this.lock.run(id, async () => {
          const known = await this.records.get(id)
          if (known !== undefined && known.status !== 'left') return
          await this.records.put({ id, status: 'joining', invite: { stateHash: toHex(invite.stateHash), epoch: invite.epoch, from: content.sender }, log: [], keyHandedTo: [], ownKeyIds: [], rotate: false, seq: 0, ahead: [], parts: [], held: [], since: this.c.clock.now() })
          await this.records.putChain(id, new ReceiverChain(invite.senderKey, { address: content.sender, device: content.senderDevice, identityKey: content.senderIdentityKey }))
        })
        this.init.track(this.fetch(id).catch(err => { this.c.events.emit({ type: 'warning', message: `the invited group's messages were left for the next fetch: ${err?.message ?? err}` }) }))
        return
      }
      case 'group-manage': {
        const m = decodeGroupManage(content.body)
        const id = toHex(m.groupId)
        await this.lock.run(id, async () => {
          const record = await this.records.get(id)
          const log = record !== undefined ? logOf(record) : undefined
          const from = log !== undefined ? memberOf(log.state, content.sender) : undefined
          if (record === undefined || from === undefined || !from.admin || !this.sameKey(log!.state, content)) throw new RejectedContentError('a manage key from someone who is not an admin of the group')
          await this.records.put({ ...record, manageKey: toHex(m.manageKey) })
        })
        return
      }
      default:
        throw new RejectedContentError(`a ${content.kind} content travels in group messages, not 1:1`)
    }
  }

  /** Takes in every group's log after this device's cursor (at start-up, after a reconnect). */
  async fetchAll (): Promise<void> {
    for (const record of await this.records.all()) {
      if (record.status !== 'left') await this.fetch(record.id)
    }
  }

  /** Takes in one group's log after this device's cursor, page by page. */
  async fetch (id: string): Promise<void> {
    for (let more = true; more;) {
      const record = await this.records.get(id)
      if (record === undefined || record.status === 'left') return
      let page
      try {
        page = await this.c.relay.request({ type: 'group-fetch', groupId: fromHex(id), afterSeq: record.seq }, 'group-mail')
      } catch (err) {
        if (!(err instanceof RelayRequestError) || err.relayCode !== 'NOT_FOUND') throw err
        // The relay's log no longer has this account: an admin took it out of the group.
        await this.lock.run(id, async () => {
          const current = await this.records.get(id)
          if (current === undefined || current.status === 'left') return
          const next: GroupRecord = { ...current, status: 'left' }
          delete next.own
          delete next.manageKey
          await this.records.put(next)
          this.c.events.emit({ type: 'group', groupId: id, what: 'you are no longer in this group' })
        })
        return
      }
      await this.take(id, page.items)
      more = page.more && page.items.length > 0
    }
  }

  /** Messages of a group (pushed or fetched), taken in in log order; each is acknowledged once taken. */
  async take (id: string, items: GroupMailItem[]): Promise<void> {
    const last = await this.lock.run(id, async () => {
      let record = await this.records.get(id)
      if (record === undefined || record.status === 'left') return 0
      for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
        if (item.seq <= record.seq) continue
        record = await this.takeOne(record, item.seq, item.message)
        record = { ...record, seq: item.seq }
      }
      await this.records.put(record)
      return record.seq
    })
    if (last > 0) await this.c.relay.request({ type: 'group-ack', groupId: fromHex(id), seq: last }, 'ok').catch(() => {})
  }

  // ---- inside

  /** A change by this user to the group (accept, leave, remove, ...): signed, applied here, posted, and what it means on the relay done. */
  private async own (id: string, action: (state: GroupState) => GroupAction): Promise<GroupSummary> {
    return await this.lock.run(id, async () => {
      let record = await this.active(id)
      const log = this.logFor(record)
      const before = log.state
      const signed = this.sign(log, action(before))
      this.apply(log, signed)
      record = withLog(record, log)
      const a = signed.change.action
      if (a.type === 'accept') record.status = 'member'
      await this.records.put(record)
      // Those who go see the change that takes them out; the next send starts a new sender key.
      record = await this.postChange(record, signed)
      if (a.type === 'leave' || a.type === 'decline') {
        await this.c.relay.request({ type: 'group-leave', groupId: fromHex(id) }, 'ok').catch(err => { if (failureKind(err) === 'passing') throw err })
        record = { ...record, status: 'left' }
        delete record.own
        delete record.manageKey
      }
      if (a.type === 'remove') {
        record = { ...record, rotate: true }
        await this.setMembers(record, [], [a.target])
        if (memberOf(before, a.target)?.admin === true) record = await this.newManageKey(record, log.state)
      }
      if (a.type === 'set-admin') {
        if (a.admin) await this.handManageKey(record, [a.target])
        else record = await this.newManageKey(record, log.state)
      }
      await this.records.put(record)
      await this.systemLine(record, signed, before, log.state)
      return summary(record)
    })
  }

  /** Takes in one log entry; returns the record as it then stands (not yet stored). */
  private async takeOne (record: GroupRecord, seq: number, bytes: Uint8Array): Promise<GroupRecord> {
    const idHex = (() => { try { return inspectGroupMessage(bytes).messageIdHex } catch { return `group-${record.id.slice(0, 8)}-${seq}` } })()
    let content: Content
    try {
      const header = inspectGroupMessage(bytes)
      const keyId = toHex(header.keyId)
      if (record.ownKeyIds.includes(keyId)) return record
      const chain = await this.records.chain(record.id, keyId)
      if (chain === undefined) {
        // Its sender key may still be on its way (1:1 mail is read apart from the log).
        const held = [...record.held, { seq, message: toBase64(bytes) }].slice(-MAX_HELD_GROUP_MESSAGES)
        return { ...record, held }
      }
      if (header.iteration < chain.start) return record
      content = (await openGroupMessage(bytes, chain, { now: this.c.clock.now(), ed25519: this.c.ed25519 })).content
      await this.records.putChain(record.id, chain)
    } catch (err) {
      if (failureKind(err) === 'passing' && !isProtocolError(err)) throw err
      await this.c.notices.record(idHex, err, 'relay')
      return record
    }
    try {
      return await this.takeContent(record, idHex, content, seq)
    } catch (err) {
      if (failureKind(err) === 'passing' && !isProtocolError(err) && !(err instanceof RejectedContentError)) throw err
      await this.c.notices.record(idHex, err, 'relay', { sender: content.sender, conversation: groupConversationId(fromHex(record.id)) })
      return record
    }
  }

  /** What an opened group message says, taken in. */
  private async takeContent (record: GroupRecord, idHex: string, content: Content, seq: number): Promise<GroupRecord> {
    const log = logOf(record)
    switch (content.kind) {
      case 'text': {
        if (log === undefined || !this.sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
        const message: StoredMessage = {
          id: idHex, conversation: groupConversationId(fromHex(record.id)), direction: content.sender === this.init.self() ? 'out' : 'in', sender: content.sender,
          text: decodeTextBody(content.body), sentAt: content.sentAt, storedAt: this.c.clock.now(), state: content.sender === this.init.self() ? 'sent' : 'received', path: 'relay', groupSeq: seq
        }
        if (await this.c.history.add(message)) this.c.events.emit({ type: 'message', message })
        return record
      }
      case 'group-change': {
        if (log === undefined) return { ...record, ahead: [...record.ahead, toBase64(content.body)].slice(-MAX_AHEAD_CHANGES) }
        const signed = decodeSignedGroupChange(content.body)
        try {
          return await this.offer(record, log, signed)
        } catch (err) {
          // A genuine change that lost a fork (or came after the state it named was gone) is no
          // attack: it is said in the conversation, not recorded as unreadable.
          const author = memberOf(log.state, signed.change.author)
          if (!isProtocolError(err, 'MISMATCH') || author === undefined || signed.change.author !== content.sender || !isSignedBy(signed, author.identityKey)) throw err
          await this.systemLine(record, signed, undefined, log.state, `${describeChange(signed, undefined, log.state)}: it did not take effect, another change to the same state came first`)
          return record
        }
      }
      case 'group-state': {
        const part = decodeGroupStatePart(content.body)
        const invite = record.invite
        if (record.status !== 'joining' || invite === undefined || content.sender !== invite.from || toHex(part.stateHash) !== invite.stateHash) return record
        const parts = [...record.parts.filter(p => decodeGroupStatePart(fromBase64(p)).part !== part.part), toBase64(content.body)]
        if (parts.length < part.parts) return { ...record, parts }
        return await this.adopt({ ...record, parts: [] }, parts.map(p => decodeGroupStatePart(fromBase64(p))).sort((a, b) => a.part - b.part), content)
      }
      default:
        throw new RejectedContentError(`a ${content.kind} content does not travel in group messages`)
    }
  }

  /** The state an invitation promised, checked: for this group, inviting this user under their key, from an admin under the key held for them. */
  private async adopt (record: GroupRecord, parts: ReturnType<typeof decodeGroupStatePart>[], content: Content): Promise<GroupRecord> {
    const { state, change } = joinGroupStateParts(parts)
    const me = memberOf(state, this.init.self())
    const inviter = memberOf(state, content.sender)
    if (toHex(state.groupId) !== record.id || me === undefined || me.joined || !constantTimeEqual(me.identityKey, this.init.identity.publicKey)) {
      throw new RejectedContentError('the invitation\'s group state does not invite this user')
    }
    if (inviter === undefined || !inviter.admin || !constantTimeEqual(inviter.identityKey, content.senderIdentityKey)) throw new RejectedContentError('the invitation did not come from an admin of the group')
    const log = GroupLog.restore([{ state, stateHash: new Uint8Array(0), change }])
    let next: GroupRecord = withLog({ ...record, status: 'invited' }, log)
    delete next.invite
    next = await this.offerAhead(next, log)
    this.c.events.emit({ type: 'group', groupId: record.id, what: `${content.sender} invited you to ${state.name}` })
    await this.systemLine(next, change, undefined, log.state, `${content.sender} invited you`)
    return next
  }

  /** A change from the log, offered to the state held: applied, kept for later, or refused with its reason. */
  private async offer (record: GroupRecord, log: GroupLog, signed: SignedGroupChange): Promise<GroupRecord> {
    const before = log.state
    const outcome = log.offer(signed)
    if (outcome.outcome === 'duplicate') return record
    if (outcome.outcome === 'ahead') return { ...record, ahead: [...record.ahead, toBase64(signed.bytes)].slice(-MAX_AHEAD_CHANGES) }
    let next = withLog(record, log)
    const after = log.state
    const self = this.init.self()
    const gone = before.members.filter(m => memberOf(after, m.address) === undefined).map(m => m.address)
    if (memberOf(after, self) === undefined) {
      next = { ...next, status: 'left' }
      delete next.own
      delete next.manageKey
    } else if (gone.length > 0) {
      next = { ...next, rotate: true, keyHandedTo: next.keyHandedTo.filter(a => !gone.includes(a)) }
      for (const chain of await this.records.chains(record.id)) if (gone.includes(chain.sender)) await this.records.dropChain(record.id, toHex(chain.keyId))
    }
    if (outcome.outcome === 'reorganised') next = { ...next, keyHandedTo: next.keyHandedTo.filter(a => memberOf(after, a) !== undefined) }
    await this.systemLine(next, signed, before, after)
    this.c.events.emit({ type: 'group', groupId: record.id, what: describeChange(signed, before, after) })
    return await this.offerAhead(next, log)
  }

  /** Changes kept for later, offered again now that the state moved on. */
  private async offerAhead (record: GroupRecord, log: GroupLog): Promise<GroupRecord> {
    let next = record
    for (let progress = true; progress && next.ahead.length > 0;) {
      progress = false
      for (const raw of next.ahead) {
        const signed = (() => { try { return decodeSignedGroupChange(fromBase64(raw)) } catch { return undefined } })()
        const rest = { ...next, ahead: next.ahead.filter(r => r !== raw) }
        if (signed === undefined || signed.change.epoch <= log.state.epoch - 64) { next = rest; continue }
        if (signed.change.epoch !== log.state.epoch + 1) continue
        try {
          next = await this.offer(rest, log, signed)
          progress = true
          break
        } catch {
          next = rest
        }
      }
    }
    return next
  }

  /** Group messages held for a sender key that just arrived, taken in. */
  private async retryHeld (id: string): Promise<void> {
    await this.lock.run(id, async () => {
      let record = await this.records.get(id)
      if (record === undefined || record.held.length === 0) return
      const held = record.held
      record = { ...record, held: [] }
      for (const h of held) record = await this.takeOne(record, h.seq, fromBase64(h.message))
      await this.records.put(record)
    })
  }

  /** Posts a content to the group's log under this device's sender key, handing that key first to whoever lacks it. */
  /** `audience`: whom the sender key must reach first (the state's people by default; an invite leaves out those it invites, who get it with their invitation). */
  private async post (record: GroupRecord, kind: ContentKind, body: Uint8Array, sentAt = this.c.clock.now(), audience?: GroupState): Promise<{ header: ReturnType<typeof inspectGroupMessage>, seq: number, record: GroupRecord }> {
    const state = audience ?? this.logFor(record).state
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

  private async postChange (record: GroupRecord, signed: SignedGroupChange): Promise<GroupRecord> {
    const a = signed.change.action
    const state = this.logFor(record).state
    const audience = a.type === 'invite' ? { ...state, members: state.members.filter(m => !a.invitees.some(i => i.address === m.address)) } : undefined
    return (await this.post(record, 'group-change', signed.bytes, this.c.clock.now(), audience)).record
  }

  /** A sender key for the current members (a new one after someone left), handed to every member and invited person who lacks it. */
  private async ensureKey (record: GroupRecord, state: GroupState): Promise<GroupRecord> {
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
    const reached = await this.sendEach(record.id, missing, 'sender-key', () => distribution)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    await this.records.put(next)
    return next
  }

  /** Invitations for `invitees`: each gets this device's sender key 1:1, then the state is posted once to the log for all of them. */
  private async welcome (record: GroupRecord, state: GroupState, signed: SignedGroupChange, invitees: string[]): Promise<GroupRecord> {
    let next = await this.ensureKey(record, { ...state, members: state.members.filter(m => !invitees.includes(m.address)) })
    const chain = SenderChain.fromRecord(next.own!)
    const stateHash = groupStateHash(state)
    const reached = await this.sendEach(record.id, invitees, 'group-invite', () => encodeGroupInvite({ groupId: fromHex(record.id), stateHash, epoch: state.epoch, senderKey: chain.distribution() }), true)
    next = { ...next, keyHandedTo: [...next.keyHandedTo, ...reached] }
    await this.records.put(next)
    const others = { ...state, members: state.members.filter(m => !invitees.includes(m.address)) }
    for (const part of groupStateParts(state, signed)) next = (await this.post(next, 'group-state', encodeGroupStatePart(part), this.c.clock.now(), others)).record
    return next
  }

  /** Adds and removes member accounts of the group's log on the relay (admins: with the manage key). */
  private async setMembers (record: GroupRecord, add: string[], remove: string[]): Promise<void> {
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
  private async newManageKey (record: GroupRecord, state: GroupState): Promise<GroupRecord> {
    if (record.manageKey === undefined) return record
    const fresh = randomBytes(32)
    await this.c.relay.request({ type: 'group-members', groupId: fromHex(record.id), manageKey: fromHex(record.manageKey), add: [], remove: [], newManageHash: manageKeyHash(fresh) }, 'ok')
    const next = { ...record, manageKey: toHex(fresh) }
    await this.records.put(next)
    await this.handManageKey(next, state.members.filter(m => m.admin && m.address !== this.init.self()).map(m => m.address))
    return next
  }

  private async handManageKey (record: GroupRecord, admins: string[]): Promise<void> {
    if (record.manageKey === undefined || admins.length === 0) return
    const body = encodeGroupManage({ groupId: fromHex(record.id), manageKey: fromHex(record.manageKey) })
    await this.sendEach(record.id, admins, 'group-manage', () => body, true)
  }

  /**
   * One 1:1 envelope of `kind` to each of `addresses` (all their devices), deposited in batches;
   * returns those reached. A person who cannot be reached now is left out (handed the key with the
   * next message); if nobody could be, the first failure is thrown.
   */
  private async sendEach (id: string, addresses: string[], kind: ContentKind, body: (address: string) => Uint8Array, chosen = false): Promise<string[]> {
    const conversation = groupConversationId(fromHex(id))
    const self = this.init.self()
    let failure: unknown
    const sealed = await mapLimit(addresses, SEAL_CONCURRENCY, async address => {
      try {
        const bundles = await this.init.bundles(address)
        return { address, sealed: await this.c.crypto.seal({ sender: self, recipient: address, conversation, kind, body: body(address), bundles }) }
      } catch (err) {
        failure ??= err
        return undefined
      }
    })
    const reached: string[] = []
    let batch: Array<{ address: string, bytes: Uint8Array }> = []
    let bytes = 0
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      const items = batch
      batch = []
      bytes = 0
      const answer = await this.c.relay.request({ type: 'deposit-many', deposits: items.map(i => ({ envelope: i.bytes, contact: chosen })) }, 'deposited-many')
      answer.results.forEach((r, i) => {
        if (r.type === 'deposited') reached.push((items[i] as { address: string }).address)
        else failure ??= new RelayRequestError(r.code, r.message)
      })
    }
    for (const s of sealed) {
      if (s === undefined) continue
      if (batch.length >= MAX_DEPOSIT_BATCH || bytes + s.sealed.bytes.length > MAX_DEPOSIT_BATCH_BYTES) await flush()
      batch.push({ address: s.address, bytes: s.sealed.bytes })
      bytes += s.sealed.bytes.length
    }
    await flush()
    if (reached.length === 0 && addresses.length > 0 && failure !== undefined) throw failure
    return reached
  }

  /** The identity keys of people to invite, from their verified (pinned) bundles. */
  private async identitiesOf (addresses: string[]): Promise<Array<{ address: string, identityKey: Uint8Array }>> {
    const unique = [...new Set(addresses)]
    return await mapLimit(unique, SEAL_CONCURRENCY, async address => {
      const bundles = await this.init.bundles(address)
      const first = bundles[0]
      if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no device to invite`)
      return { address, identityKey: first.identityKey }
    })
  }

  private sign (log: GroupLog, action: GroupAction): SignedGroupChange {
    try {
      return signGroupChange({ groupId: log.state.groupId, epoch: log.state.epoch + 1, prior: log.stateHash, author: this.init.self(), madeAt: this.c.clock.now(), action }, this.init.identity.privateKey)
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', err?.message ?? 'that change is not well formed')
    }
  }

  /** Applies this user's own change, turning a refusal into the sentence for the person. */
  private apply (log: GroupLog, signed: SignedGroupChange): void {
    try {
      log.offer(signed)
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', err?.message ?? 'that change cannot be made')
    }
  }

  /** Whether the content's sender is in the group under the identity key it came with. */
  private sameKey (state: GroupState, content: Content): boolean {
    const m = memberOf(state, content.sender)
    return m !== undefined && constantTimeEqual(m.identityKey, content.senderIdentityKey)
  }

  private logFor (record: GroupRecord): GroupLog {
    const log = logOf(record)
    if (log === undefined) throw new NodeError('BAD_INPUT', 'the group\'s state has not arrived yet; try again in a moment')
    return log
  }

  private async active (id: string): Promise<GroupRecord> {
    const record = await this.find(id)
    if (record.status === 'left') throw new NodeError('BAD_INPUT', 'you are no longer in this group')
    return record
  }

  private async find (ref: string): Promise<GroupRecord> {
    const key = ref.startsWith('group:') ? ref.slice(6) : ref.toLowerCase()
    const exact = /^[0-9a-f]{64}$/.test(key) ? await this.records.get(key) : undefined
    if (exact !== undefined) return exact
    if (!/^[0-9a-f]{8,63}$/.test(key)) throw new NodeError('BAD_INPUT', `no group "${ref}" on this device`)
    const matches = (await this.records.all()).filter(r => r.id.startsWith(key))
    if (matches.length !== 1) throw new NodeError('BAD_INPUT', matches.length === 0 ? `no group "${ref}" on this device` : `"${ref}" names more than one group; give more of its id`)
    return matches[0] as GroupRecord
  }

  /** A line in the group's conversation saying what a change did ("alice added bob"). */
  private async systemLine (record: GroupRecord, signed: SignedGroupChange, before: GroupState | undefined, after: GroupState, text?: string): Promise<void> {
    const message: StoredMessage = {
      id: `change-${toHex(signed.hash).slice(0, 32)}`, conversation: groupConversationId(fromHex(record.id)), direction: 'in', sender: signed.change.author,
      text: text ?? describeChange(signed, before, after), sentAt: signed.change.madeAt, storedAt: this.c.clock.now(), state: 'received', system: true
    }
    if (await this.c.history.add(message)) this.c.events.emit({ type: 'message', message })
  }
}

/** A record as the person sees it. */
function summary (record: GroupRecord): GroupSummary {
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
