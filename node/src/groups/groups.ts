/**
 * Group chats on this device (PROTOCOL.md "Groups"): the person's actions (create, invite,
 * accept, decline, leave, remove, make admin, rename, send) become signed changes and group
 * messages posted once to the group's log on the relay (posting.ts); what the log holds is taken
 * in, in order, every change checked against the state this device holds (intake.ts). This
 * device's sender key reaches each member once, inside 1:1 envelopes (member-mail.ts), before its
 * first message to them; when someone leaves or is removed, the next send starts a new sender key
 * that goes to those who remain only.
 */
import {
  GroupLog, encodeTextBody, fromHex, groupConversationId, isValidGroupName, memberOf, randomBytes, signGroupChange, toHex,
  type Content, type GroupAction, type GroupMailItem, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { NodeError, failureKind } from '../errors.js'
import type { CallOptions } from '../account/keyless.js'
import { throwIfAborted } from '../relay/time.js'
import { KeyLock } from '../key-lock.js'
import type { StoredMessage } from '../history.js'
import { contentOf, type StoredAttachment } from '../files/attachment.js'
import { GroupRecords, withLog, type GroupRecord } from './records.js'
import { GroupIntake } from './intake.js'
import { MemberMail } from './member-mail.js'
import { GroupPosting } from './posting.js'
import { OwnChanges } from './own-changes.js'
import { logFor, summary, systemLine, type GroupSummary, type GroupsComponents, type GroupsInit } from './shared.js'

export type { GroupSummary, GroupsComponents, GroupsInit } from './shared.js'

/** The groups service: what the person does to their groups, and what arrives for them. */
export class Groups {
  readonly records: GroupRecords
  /** Per group id: what arrives and what the person does take turns. */
  private readonly lock = new KeyLock()
  private readonly mail: MemberMail
  private readonly posting: GroupPosting
  private readonly intake: GroupIntake
  private readonly changes: OwnChanges
  /** Groups being fetched because of a push, and those asked again meanwhile. */
  private readonly fetching = new Map<string, Promise<void>>()
  private readonly fetchAgain = new Set<string>()

  constructor (private readonly c: GroupsComponents, private readonly init: GroupsInit) {
    this.records = new GroupRecords(c.store)
    this.mail = new MemberMail(c, init)
    this.posting = new GroupPosting(c, init, this.records, this.mail)
    this.changes = new OwnChanges(c, init, this.records, this.posting)
    this.intake = new GroupIntake(c, init, this.records, this.lock, this.changes)
  }

  // ---- what the person does

  /**
   * Makes a group named `name` and invites `invitees`; this user is its one admin. `signal` can
   * stop it until the group is made; from then on its invitations all go out.
   */
  async create (name: string, invitees: string[], options: CallOptions = {}): Promise<GroupSummary> {
    if (!isValidGroupName(name)) throw new NodeError('BAD_INPUT', 'a group name is 1 to 256 bytes of text, without control characters or spaces around it')
    throwIfAborted(options.signal)
    const self = this.init.self()
    const people = await this.mail.identitiesOf(invitees.filter(a => a !== self))
    throwIfAborted(options.signal)
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
    try {
      await this.posting.setMembers(record, [self, ...people.map(p => p.address)], [])
    } catch (err) {
      // The relay made no group (a refusal of one invitee refuses the request whole): nor does this device.
      await this.records.remove(id)
      throw err
    }
    record = await this.posting.welcome(record, log.state, signed, people.map(p => p.address))
    await systemLine(this.c, record, signed, undefined, log.state)
    return summary(record)
  }

  /** Invites `addresses` (admins only). */
  async invite (id: string, addresses: string[], options: CallOptions = {}): Promise<GroupSummary> {
    return summary(await this.changing(id, async record => {
      const log = logFor(record)
      const people = await this.mail.identitiesOf(addresses.filter(a => memberOf(log.state, a) === undefined))
      if (people.length === 0) throw new NodeError('BAD_INPUT', 'everyone named is in the group already')
      return await this.changes.make(record, () => ({ type: 'invite', invitees: people }), options.signal)
    }))
  }

  /** Accepts an invitation: this user joins. */
  async accept (id: string, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'accept' }), options) }
  /** Declines an invitation. */
  async decline (id: string, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'decline' }), options) }
  /** Leaves the group. */
  async leave (id: string, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'leave' }), options) }
  /** Removes a member or an invited person (admins only). */
  async remove (id: string, target: string, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'remove', target }), options) }
  /** Makes a member an admin, or not (admins only). */
  async setAdmin (id: string, target: string, admin: boolean, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'set-admin', target, admin }), options) }
  /** Renames the group (admins only). */
  async rename (id: string, name: string, options: CallOptions = {}): Promise<GroupSummary> { return await this.own(id, () => ({ type: 'rename', name }), options) }

  /**
   * Sends a text to the group: encrypted and signed once, stored once on the relay. `signal` can
   * stop it until it is posted (while its sender key goes out to members who lack it, say).
   */
  async send (id: string, text: string, options: CallOptions & { attachment?: StoredAttachment } = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    const { attachment } = options
    const { kind, body } = (() => {
      try {
        return attachment !== undefined ? contentOf({ text, attachment }) : { kind: 'text' as const, body: encodeTextBody(text) }
      } catch (err: any) { throw new NodeError('BAD_INPUT', err?.message ?? 'that text cannot be sent') }
    })()
    const gid = (await this.active(id)).id
    const around = this.init.aroundSend ?? (async (_: string, send: () => Promise<StoredMessage>) => await send())
    return await around(groupConversationId(fromHex(gid)), async () => await this.post(gid, kind, body, text, attachment, options.signal))
  }

  /** Posts a text or file content under the group's lock, and keeps it in the conversation. */
  private async post (id: string, kind: 'text' | 'file', body: Uint8Array, text: string, attachment: StoredAttachment | undefined, signal?: AbortSignal): Promise<StoredMessage> {
    // This device's change posted past entries not taken in yet is applied first (the log fetched outside the lock).
    if ((await this.active(id)).pending?.seq !== undefined) await this.fetchQuietly(id)
    return await this.lock.run(id, async () => {
      const record = await this.changes.settle(await this.active(id))
      if (record.status !== 'member') throw new NodeError('BAD_INPUT', 'accept the invitation before writing to the group')
      // Under the key from before a removal, the one taken out could read it: the new key comes once the removal is in.
      if (OwnChanges.takesSomeoneOut(record)) throw new NodeError('RELAY_UNREACHABLE', 'your change taking someone out of this group is still on its way: write again once the relay is reachable')
      const sentAt = this.c.clock.now()
      const { header, seq } = await this.posting.post(record, kind, body, sentAt, undefined, signal)
      const message: StoredMessage = {
        id: header.messageIdHex, conversation: groupConversationId(fromHex(id)), direction: 'out', sender: this.init.self(), text, ...(attachment !== undefined ? { attachment } : {}),
        sentAt, storedAt: this.c.clock.now(), state: 'sent', path: 'relay', groupSeq: seq
      }
      await this.c.history.add(message)
      this.c.events.emit({ type: 'outgoing', message })
      return message
    })
  }

  /**
   * Posts this user's profile key to a group it is a member of (its conversation id): stored once
   * on the relay, read by every member. Nothing is added to the conversation.
   */
  async postProfile (conversation: string, body: Uint8Array): Promise<void> {
    const id = await this.resolve(conversation)
    if ((await this.active(id)).pending?.seq !== undefined) await this.fetchQuietly(id)
    await this.lock.run(id, async () => {
      const record = await this.changes.settle(await this.active(id))
      if (record.status !== 'member') throw new NodeError('BAD_INPUT', 'not a member of this group')
      if (OwnChanges.takesSomeoneOut(record)) throw new NodeError('RELAY_UNREACHABLE', 'a change taking someone out of this group is still on its way')
      await this.posting.post(record, 'profile', body)
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

  /** A group content that came 1:1, its envelope opened and its sender's device checked (see GroupIntake.takeDirect). */
  async takeDirect (content: Content): Promise<void> { await this.intake.takeDirect(content) }

  /** Takes in every group's log after this device's cursor (at start-up, after a reconnect). */
  async fetchAll (): Promise<void> { await this.intake.fetchAll() }

  /** Takes in one group's log after this device's cursor, page by page. */
  async fetch (id: string): Promise<void> { await this.intake.fetch(id) }

  /**
   * Messages the relay pushed: taken in when they follow on from what this device holds; when
   * some before them are missing (the relay left pushes out for a slow reader, or they were
   * posted before the stream followed the group), or the push is empty (the relay's "fetch"),
   * the log is fetched from this device's cursor instead, one fetch at a time per group.
   */
  async takePushed (id: string, items: GroupMailItem[]): Promise<void> {
    const record = await this.records.get(id)
    if (record === undefined || record.status === 'left') return
    const first = Math.min(...items.map(i => i.seq))
    if (items.length > 0 && first <= record.seq + 1) return await this.intake.take(id, items)
    await this.fetchSoon(id)
  }

  /** Fetches a group's log; asked again while it runs, it fetches once more after. */
  private async fetchSoon (id: string): Promise<void> {
    const running = this.fetching.get(id)
    if (running !== undefined) {
      this.fetchAgain.add(id)
      return await running
    }
    const run = (async () => {
      do {
        this.fetchAgain.delete(id)
        await this.intake.fetch(id)
      } while (this.fetchAgain.has(id))
    })().finally(() => { this.fetching.delete(id) })
    this.fetching.set(id, run)
    return await run
  }

  // ---- inside

  /** A change by this user to the group (accept, leave, remove, ...): signed, posted, applied, and what it means on the relay done. */
  private async own (id: string, action: (state: GroupState) => GroupAction, options: CallOptions): Promise<GroupSummary> {
    return summary(await this.changing(id, async record => await this.changes.make(record, action, options.signal)))
  }

  /**
   * Makes a change under the group's lock. An earlier change of this device's posted past
   * entries not yet taken in is settled first, and a change posted so is applied once the log
   * before it is taken in: both fetch the log (outside the lock, which taking in needs).
   */
  private async changing (id: string, make: (record: GroupRecord) => Promise<GroupRecord>): Promise<GroupRecord> {
    if ((await this.active(id)).pending?.seq !== undefined) await this.fetchQuietly(id)
    const made = await this.lock.run(id, async () => await make(await this.active(id)))
    if (made.pending?.seq === undefined) return made
    await this.fetchQuietly(id)
    return (await this.records.get(id)) ?? made
  }

  /** Takes in a group's log; a failure is warned of, and left for the next fetch. */
  private async fetchQuietly (id: string): Promise<void> {
    await this.intake.fetch(id).catch(err => { this.c.events.emit({ type: 'warning', message: `the group's log was left for the next fetch: ${err?.message ?? err}` }) })
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
}

