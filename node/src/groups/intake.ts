/**
 * What arrives for this device's groups: group contents that came 1:1 (sender keys, invitations,
 * manage keys), and each group's log, taken in in order, every change checked against the state
 * this device holds and every message opened under its sender's key. Messages whose sender key is
 * still on its way are held, and taken in when it comes. One bad entry never stops the ones after it.
 */
import {
  GroupLog, ReceiverChain, constantTimeEqual, decodeGroupInvite, decodeGroupManage, decodeGroupStatePart,
  decodeSenderKeyDistribution, decodeSignedGroupChange, fromBase64, fromHex, groupConversationId,
  inspectGroupMessage, isProtocolError, isSignedBy, joinGroupStateParts, memberOf, openGroupMessage, toBase64, toHex,
  type Content, type GroupMailItem, type SignedGroupChange
} from '@parley/protocol'
import { RejectedContentError, RelayRequestError, failureKind } from '../errors.js'
import { shownContent } from '../files/attachment.js'
import type { KeyLock } from '../key-lock.js'
import type { StoredMessage } from '../history.js'
import { MAX_AHEAD_CHANGES, leftGroup, ownChangeDue, logOf, withLog, withRelaySync, withoutManageKey, type GroupRecord, type GroupRecords, type GroupWrites } from './records.js'
import { describeChange } from './describe.js'
import { sameKey, systemLine, type GroupsComponents, type GroupsInit } from './shared.js'
import { OwnChanges, goneBetween } from './own-changes.js'

/** Sender keys held under one key id at most (each from another owner); one is what honest members make. */
const MAX_CHAINS_PER_KEY_ID = 4

/** Takes in what arrives for this device's groups. */
export class GroupIntake {
  constructor (
    private readonly c: GroupsComponents,
    private readonly init: GroupsInit,
    private readonly records: GroupRecords,
    /** The groups service's lock, per group id: what arrives and what the person does take turns. */
    private readonly lock: KeyLock,
    /** This device's own changes: one still pending is settled before the log is taken in. */
    private readonly changes: Pick<OwnChanges, 'settle' | 'tidy'>
  ) {}

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
          if (log !== undefined && !sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
          const chain = new ReceiverChain(d, { address: content.sender, device: content.senderDevice, identityKey: content.senderIdentityKey })
          const under = await this.records.chainsUnder(id, toHex(d.keyId))
          if (under.some(c => c.ownerTag === chain.ownerTag)) return
          // Key ids are random: several owners under one is someone handing out another's id.
          if (under.length >= MAX_CHAINS_PER_KEY_ID) throw new RejectedContentError('too many sender keys under one key id')
          const writes = this.records.writes(id)
          await writes.addChain(chain, this.c.clock.now())
          await writes.commit(record)
        })
        await this.retryHeld(id, toHex(d.keyId))
        return
      }
      case 'group-invite': {
        const invite = decodeGroupInvite(content.body)
        const id = toHex(invite.groupId)
        await this.lock.run(id, async () => {
          const known = await this.records.get(id)
          if (known !== undefined && known.status !== 'left') return
          // The record and the inviter's sender key together: the state's parts come under that key.
          const writes = this.records.writes(id)
          await writes.addChain(new ReceiverChain(invite.senderKey, { address: content.sender, device: content.senderDevice, identityKey: content.senderIdentityKey }), this.c.clock.now())
          await writes.commit({ id, status: 'joining', invite: { stateHash: toHex(invite.stateHash), epoch: invite.epoch, from: content.sender }, log: [], keyHandedTo: [], ownKeyIds: [], rotate: false, seq: 0, ahead: [], parts: [], held: [], since: this.c.clock.now() })
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
          if (record === undefined || from === undefined || !from.admin || !sameKey(log!.state, content)) throw new RejectedContentError('a manage key from someone who is not an admin of the group')
          await this.records.put({ ...record, manageKey: toHex(m.manageKey) })
        })
        return
      }
      default:
        throw new RejectedContentError(`a ${content.kind} content travels in group messages, not 1:1`)
    }
  }

  /**
   * Takes in every group's log after this device's cursor (at start-up, after a reconnect), and
   * the messages held for a sender key that came while the device was stopping.
   */
  async fetchAll (): Promise<void> {
    for (const record of await this.records.all()) {
      if (record.status === 'left') continue
      if (record.held.length > 0) await this.retryHeld(record.id)
      await this.fetch(record.id)
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
          await this.records.put(leftGroup(current))
          this.c.events.emit({ type: 'group', groupId: id, what: 'you are no longer in this group' })
        })
        return
      }
      more = page.more && page.items.length > 0
      // The last page: nothing more stands before this device's own change, if one is still pending.
      await this.take(id, page.items, !more)
    }
  }

  /**
   * Messages of a group (pushed or fetched), taken in in log order; each is acknowledged once
   * taken. `caughtUp`: they are the last the log has (a fetch's last page).
   */
  async take (id: string, items: GroupMailItem[], caughtUp = false): Promise<void> {
    const last = await this.lock.run(id, async () => {
      let record = await this.records.get(id)
      if (record === undefined || record.status === 'left') return 0
      // Settled once per page at most: what follows a change and fails is tried again next time, not per entry.
      let settled = record.pending !== undefined && (record.pending.seq === undefined || ownChangeDue(record, record.seq + 1))
      // This device's own change still on its way takes its place in the log first, once every entry before it is in.
      record = await this.changes.settle(record)
      // The page's sender keys are stored with the cursor past it: a page not taken in whole is taken in again.
      const writes = this.records.writes(id)
      for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
        if (item.seq <= record.seq) continue
        if (!settled && ownChangeDue(record, item.seq)) {
          settled = true
          await writes.commit(record)
          // Every entry the log still has before its place is in (one that expired is gone for everyone).
          record = await this.changes.settle(record, true)
          // Not applied (the record could not be stored, say): nothing after its place is taken in before it.
          if (record.status === 'left' || (record.pending?.seq !== undefined && record.seq < record.pending.seq)) break
        }
        record = await this.takeOne(record, writes, item.seq, item.message)
        record = { ...record, seq: item.seq }
      }
      await writes.commit(record)
      if (!settled && record.pending !== undefined && (caughtUp || ownChangeDue(record, record.seq + 1))) record = await this.changes.settle(record, caughtUp)
      await this.changes.tidy(record)
      return record.seq
    })
    if (last > 0) await this.c.relay.request({ type: 'group-ack', groupId: fromHex(id), seq: last }, 'ok').catch(() => {})
  }

  /** Takes in one log entry; returns the record as it then stands (not yet stored). */
  private async takeOne (record: GroupRecord, writes: GroupWrites, seq: number, bytes: Uint8Array): Promise<GroupRecord> {
    const idHex = (() => { try { return inspectGroupMessage(bytes).messageIdHex } catch { return `group-${record.id.slice(0, 8)}-${seq}` } })()
    let content: Content
    try {
      const header = inspectGroupMessage(bytes)
      const keyId = toHex(header.keyId)
      if (record.ownKeyIds.includes(keyId)) return record
      const chains = await writes.chainsUnder(keyId)
      if (chains.length === 0) {
        // Its sender key may still be on its way (1:1 mail is read apart from the log).
        return { ...record, held: writes.hold(record.held, { seq, keyId, bytes: bytes.length, at: this.c.clock.now() }, bytes) }
      }
      const opened = await this.openUnder(bytes, chains, header.iteration)
      if (opened === undefined) return record
      content = opened.content
      writes.putChain(opened.chain)
    } catch (err) {
      if (failureKind(err) === 'passing' && !isProtocolError(err)) throw err
      await this.c.notices.record(idHex, err, 'relay')
      return record
    }
    try {
      return await this.takeContent(record, writes, idHex, content, seq)
    } catch (err) {
      if (failureKind(err) === 'passing' && !isProtocolError(err) && !(err instanceof RejectedContentError)) throw err
      await this.c.notices.record(idHex, err, 'relay', { sender: content.sender, conversation: groupConversationId(fromHex(record.id)) })
      return record
    }
  }

  /** What an opened group message says, taken in. */
  private async takeContent (record: GroupRecord, writes: GroupWrites, idHex: string, content: Content, seq: number): Promise<GroupRecord> {
    const log = logOf(record)
    switch (content.kind) {
      case 'text':
      case 'file': {
        if (log === undefined || !sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
        const message: StoredMessage = {
          id: idHex, conversation: groupConversationId(fromHex(record.id)), direction: content.sender === this.init.self() ? 'out' : 'in', sender: content.sender,
          ...shownContent(content), sentAt: content.sentAt, storedAt: this.c.clock.now(), state: content.sender === this.init.self() ? 'sent' : 'received', path: 'relay', groupSeq: seq
        }
        if (await this.c.history.add(message)) this.c.events.emit({ type: 'message', message })
        return record
      }
      case 'profile': {
        if (log === undefined || !sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
        await this.init.takeProfile?.(content.sender, content.body)
        return record
      }
      case 'group-change': {
        if (log === undefined) return { ...record, ahead: [...record.ahead, { seq, change: toBase64(content.body) }].slice(-MAX_AHEAD_CHANGES) }
        // Only the group's people post its changes: nobody else's can be kept for later, or push genuine ones out.
        if (!sameKey(log.state, content)) throw new RejectedContentError(`${content.sender} is not in the group`)
        const signed = decodeSignedGroupChange(content.body)
        // Each posts their own: a change reposted by someone else would take a place its author never chose.
        if (signed.change.author !== content.sender) throw new RejectedContentError('a group change is posted by its author')
        try {
          return await this.offer(record, writes, log, signed, seq)
        } catch (err) {
          // A genuine change that lost a fork (or came after the state it named was gone) is no
          // attack: it is said in the conversation, not recorded as unreadable.
          const author = memberOf(log.state, signed.change.author)
          if (!isProtocolError(err, 'MISMATCH') || author === undefined || !isSignedBy(signed, author.identityKey)) throw err
          await systemLine(this.c, record, signed, undefined, log.state, `${describeChange(signed, undefined, log.state)}: it did not take effect, another change to the same state came first`)
          return record
        }
      }
      case 'group-state': {
        const part = decodeGroupStatePart(content.body)
        const invite = record.invite
        if (record.status !== 'joining' || invite === undefined || content.sender !== invite.from || toHex(part.stateHash) !== invite.stateHash) return record
        const parts = [...record.parts.filter(p => decodeGroupStatePart(fromBase64(p)).part !== part.part), toBase64(content.body)]
        if (parts.length < part.parts) return { ...record, parts }
        return await this.adopt({ ...record, parts: [] }, writes, parts.map(p => decodeGroupStatePart(fromBase64(p))).sort((a, b) => a.part - b.part), content)
      }
      default:
        throw new RejectedContentError(`a ${content.kind} content does not travel in group messages`)
    }
  }

  /** The state an invitation promised, checked: for this group, inviting this user under their key, from an admin under the key held for them. */
  private async adopt (record: GroupRecord, writes: GroupWrites, parts: ReturnType<typeof decodeGroupStatePart>[], content: Content): Promise<GroupRecord> {
    const { state, change } = joinGroupStateParts(parts)
    const me = memberOf(state, this.init.self())
    const inviter = memberOf(state, content.sender)
    if (toHex(state.groupId) !== record.id || me === undefined || me.joined || !constantTimeEqual(me.identityKey, this.init.identity.publicKey)) {
      throw new RejectedContentError('the invitation\'s group state does not invite this user')
    }
    if (inviter === undefined || !inviter.admin || !constantTimeEqual(inviter.identityKey, content.senderIdentityKey)) throw new RejectedContentError('the invitation did not come from an admin of the group')
    const log = GroupLog.restore([{ state, change, seq: 0 }])
    let next: GroupRecord = withLog({ ...record, status: 'invited' }, log)
    delete next.invite
    next = await this.offerAhead(next, writes, log)
    // Told once the record is stored: a listener that asks for the group then finds it.
    const events = writes.later(this.c.events)
    events.emit({ type: 'group', groupId: record.id, what: `${content.sender} invited you to ${state.name}` })
    await systemLine({ ...this.c, events }, next, change, undefined, log.state, `${content.sender} invited you`)
    return next
  }

  /** A change from the log, offered to the state held: applied, kept for later, or refused with its reason. */
  private async offer (record: GroupRecord, writes: GroupWrites, log: GroupLog, signed: SignedGroupChange, seq: number): Promise<GroupRecord> {
    const before = log.state
    const outcome = log.offer(signed, seq)
    if (outcome.outcome === 'duplicate') return record
    if (outcome.outcome === 'ahead') return { ...record, ahead: [...record.ahead, { seq, change: toBase64(signed.bytes) }].slice(-MAX_AHEAD_CHANGES) }
    let next = withLog(record, log)
    const after = log.state
    const self = this.init.self()
    const gone = goneBetween(before, after)
    if (memberOf(after, self) === undefined) {
      next = leftGroup(next)
    } else {
      if (gone.length > 0) {
        next = { ...next, rotate: true, keyHandedTo: next.keyHandedTo.filter(a => !gone.includes(a)) }
        await writes.dropChainsOf(gone)
      }
      // An admin's device keeps the relay's members in step, whoever made the change (tidied after the page).
      const named = OwnChanges.named(signed, before, after)
      if (next.manageKey !== undefined && named.length > 0) next = withRelaySync(next, named)
      // One who is no admin any more holds no manage key (the admin who made the change hands a new
      // one to those who remain); one handed it just before becoming an admin keeps it.
      if (memberOf(before, self)?.admin === true && memberOf(after, self)?.admin !== true) next = withoutManageKey(next)
    }
    if (outcome.outcome === 'reorganised') next = { ...next, keyHandedTo: next.keyHandedTo.filter(a => memberOf(after, a) !== undefined) }
    const events = writes.later(this.c.events)
    await systemLine({ ...this.c, events }, next, signed, before, after)
    events.emit({ type: 'group', groupId: record.id, what: describeChange(signed, before, after) })
    return await this.offerAhead(next, writes, log)
  }

  /** Changes kept for later, offered again now that the state moved on. */
  private async offerAhead (record: GroupRecord, writes: GroupWrites, log: GroupLog): Promise<GroupRecord> {
    let next = record
    // Another pass only when one moved the state on: a change that still names a state this
    // device does not hold stays kept, and is not offered again until the state moves.
    for (let progress = true; progress && next.ahead.length > 0;) {
      progress = false
      for (const kept of next.ahead) {
        const signed = (() => { try { return decodeSignedGroupChange(fromBase64(kept.change)) } catch { return undefined } })()
        const rest = { ...next, ahead: next.ahead.filter(r => r !== kept) }
        if (signed === undefined || signed.change.epoch <= log.state.epoch - 64) { next = rest; continue }
        if (signed.change.epoch !== log.state.epoch + 1) continue
        const held = log.stateHash
        try {
          next = await this.offer(rest, writes, log, signed, kept.seq)
        } catch {
          next = rest
          continue
        }
        if (!constantTimeEqual(log.stateHash, held)) {
          progress = true
          break
        }
      }
    }
    return next
  }

  /**
   * Opens a group message under the one of `chains` (all under its key id) it was sealed under;
   * undefined when it is from before every chain's start (sent before this device had the key),
   * else the first refusal when none opens it. A chain another member handed out under this key id
   * (even with the real owner's signing key) refuses the message by itself and never hides the real one.
   */
  private async openUnder (bytes: Uint8Array, chains: ReceiverChain[], iteration: number): Promise<{ content: Content, chain: ReceiverChain } | undefined> {
    let refusal: unknown
    let early = true
    for (const chain of chains) {
      if (iteration < chain.start) continue
      early = false
      try {
        return { content: (await openGroupMessage(bytes, chain, { now: this.c.clock.now(), ed25519: this.c.ed25519 })).content, chain }
      } catch (err) {
        // Each try gives its message key back: the next chain is tried as if this one were not held.
        if (!isProtocolError(err)) throw err
        refusal ??= err
      }
    }
    if (early) return undefined
    throw refusal
  }

  /** Group messages held for a sender key that is here now (under `keyId`, or any), taken in. */
  private async retryHeld (id: string, keyId?: string): Promise<void> {
    await this.lock.run(id, async () => {
      let record = await this.records.get(id)
      if (record === undefined || record.status === 'left' || record.held.length === 0) return
      const writes = this.records.writes(id)
      const live = writes.expireHeld(record.held, this.c.clock.now())
      const expired = live.length < record.held.length
      record = { ...record, held: live }
      const keyIds = new Set<string>()
      for (const k of new Set(record.held.map(h => h.keyId))) {
        if ((keyId === undefined || k === keyId) && (await writes.chainsUnder(k)).length > 0) keyIds.add(k)
      }
      const ready = record.held.filter(h => keyIds.has(h.keyId))
      if (ready.length === 0) {
        if (expired) await writes.commit(record)
        return
      }
      record = { ...record, held: record.held.filter(h => !keyIds.has(h.keyId)) }
      for (const h of ready) {
        const bytes = await writes.heldMessage(h)
        writes.release(h)
        if (bytes !== undefined) record = await this.takeOne(record, writes, h.seq, bytes)
      }
      await writes.commit(record)
    })
  }
}
