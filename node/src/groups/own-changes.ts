/**
 * The changes this device makes to a group, from the person's action to everything that follows
 * it. A change is sealed and stored as pending before it is posted, posted, applied at the place
 * the relay's log gave it (so a fork is settled here as on every other device), then followed up:
 * the relay's member accounts, the manage key, this device leaving. Each step can be done again,
 * so after a crash the pending change is settled first; a change posted late only loses the fork
 * it is in, as anyone's would.
 *
 * Every admin device also keeps the relay's member accounts in step with the changes it takes in
 * (those invited added, those gone taken out), until the relay has taken it: a removal stands on
 * the relay even when the admin who made it went offline straight after.
 */
import {
  decodeSignedGroupChange, fromBase64, fromHex, isProtocolError, memberOf, signGroupChange,
  type GroupAction, type GroupLog, type GroupState, type SignedGroupChange
} from '@parley/protocol'
import { NodeError, RelayRequestError, failureKind } from '../errors.js'
import { throwIfAborted } from '../relay/time.js'
import { leftGroup, ownChangeDue, withLog, withRelaySync, withoutManageKey, type GroupRecord, type GroupRecords, type OwedInvite } from './records.js'
import type { GroupPosting } from './posting.js'
import { INVITE_RETRY_MAX_MS, INVITE_RETRY_MS } from '../constants.js'
import { logFor, systemLine, type GroupsComponents, type GroupsInit } from './shared.js'

/** A place after every other in the log, to try a change on a copy of the state. */
const TRIAL_SEQ = Number.MAX_SAFE_INTEGER

/** Makes and settles this device's changes; keeps the relay's members in step. */
export class OwnChanges {
  constructor (
    private readonly c: GroupsComponents,
    private readonly init: GroupsInit,
    private readonly records: GroupRecords,
    private readonly posting: GroupPosting
  ) {}

  /**
   * Signs the person's change, posts it and applies it. BAD_INPUT when it cannot be made on the
   * state held; a relay's refusal as it came (nothing applied then); the change having lost a fork
   * to one posted just before it is said in the conversation, and the state is the winner's.
   */
  async make (record: GroupRecord, action: (state: GroupState) => GroupAction, signal?: AbortSignal): Promise<GroupRecord> {
    throwIfAborted(signal)
    const settled = await this.settle(record)
    if (settled.pending !== undefined) throw new NodeError('RELAY_UNREACHABLE', 'an earlier change to this group is still on its way: try again once the relay is reachable')
    const log = logFor(settled)
    const before = log.state
    const signed = this.sign(log, action(before))
    const trial = log.copy()
    try {
      trial.offer(signed, TRIAL_SEQ)
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', err?.message ?? 'that change cannot be made')
    }
    const a = signed.change.action
    const rekey = (a.type === 'remove' && memberOf(before, a.target)?.admin === true) || (a.type === 'set-admin' && !a.admin)
    // Those invited are members of the relay's log before the change is in it: they read from it on.
    if (a.type === 'invite') await this.posting.setMembers(settled, a.invitees.map(i => i.address), [])
    let pending: GroupRecord
    try {
      // Aborted (or failed) while the sender key goes out: nothing is pending, nothing posted.
      pending = await this.posting.sealChange(settled, signed, trial.state, rekey, signal)
    } catch (err) {
      if (a.type === 'invite') {
        const undone = withoutPending((await this.records.get(record.id)) ?? settled, signed)
        await this.records.put(undone)
        await this.tidy(undone)
      }
      throw err
    }
    // Sealed and stored: from here it goes out whatever the signal says, as a pending change would after a crash.
    return await this.finish(pending, true)
  }

  /**
   * The record's pending change, if any, posted (again), applied and followed up once the entries
   * before it are taken in (`caughtUp`: the log has nothing more before it); failures are warned
   * of, never thrown.
   */
  async settle (record: GroupRecord, caughtUp = false): Promise<GroupRecord> {
    const pending = record.pending
    if (pending === undefined) return record
    if (pending.seq !== undefined && !caughtUp && !ownChangeDue(record, record.seq + 1)) return record
    try {
      return await this.finish(record, false)
    } catch (err: any) {
      this.c.events.emit({ type: 'warning', message: `a change to a group is still on its way: ${err?.message ?? err}` })
      // As far as it got: the record as stored now, never the one from before.
      return (await this.records.get(record.id)) ?? record
    }
  }

  /**
   * Admins: takes out of the relay's log those the state no longer has, and adds those it has,
   * among the accounts a change named. Kept until done; never throws (tried again next time).
   */
  async tidy (record: GroupRecord): Promise<GroupRecord> {
    return await this.inviteAgain(await this.syncRelay(record))
  }

  /** The relay's members in step with the state for the accounts changes named (see tidy). */
  private async syncRelay (record: GroupRecord): Promise<GroupRecord> {
    const named = record.relaySync ?? []
    if (named.length === 0) return record
    let next: GroupRecord = { ...record }
    delete next.relaySync
    if (record.manageKey !== undefined && record.status !== 'left') {
      const state = logFor(record).state
      try {
        await this.posting.setMembers(record, named.filter(a => memberOf(state, a) !== undefined), named.filter(a => memberOf(state, a) === undefined))
      } catch (err: any) {
        if (failureKind(err) === 'passing') return record
        this.c.events.emit({ type: 'warning', message: `the relay did not take a change of the group's members: ${err?.message ?? err}` })
      }
    }
    await this.records.put(next)
    return next
  }

  /**
   * Invitations owed to people they did not reach, sent again once due; those who joined, or are
   * no longer invited, are owed nothing. Never throws (a failure waits for the next try).
   */
  private async inviteAgain (record: GroupRecord): Promise<GroupRecord> {
    const owed = record.invitesOwed ?? []
    if (owed.length === 0) return record
    const now = this.c.clock.now()
    const state = record.status === 'left' ? undefined : logFor(record).state
    const still: OwedInvite[] = []
    let changed = false
    for (const o of owed) {
      const addresses = o.addresses.filter(a => state !== undefined && memberOf(state, a)?.joined === false)
      if (addresses.length < o.addresses.length) changed = true
      // Past its time the state it names has left the relay's log: sending it again would be no use.
      if (addresses.length === 0 || o.until <= now) { changed = true; continue }
      if (o.next > now) { still.push({ ...o, addresses }); continue }
      changed = true
      const reached = await this.posting.invite(record.id, fromBase64(o.invite), addresses)
      const missed = addresses.filter(a => !reached.includes(a))
      const tries = o.tries + 1
      if (missed.length > 0) still.push({ ...o, addresses: missed, tries, next: now + Math.min(INVITE_RETRY_MS * 2 ** tries, INVITE_RETRY_MAX_MS) })
    }
    if (!changed) return record
    const next: GroupRecord = { ...record, invitesOwed: still }
    if (still.length === 0) delete next.invitesOwed
    await this.records.put(next)
    return next
  }

  /** Whether the record's pending change, not applied yet, takes someone out (a removal): until it is, texts would go under the old key. */
  static takesSomeoneOut (record: GroupRecord): boolean {
    const pending = record.pending
    if (pending === undefined || pending.applied === true) return false
    return decodeSignedGroupChange(fromBase64(pending.change)).change.action.type === 'remove'
  }

  /** The accounts a change applied by this device names: an admin's device keeps the relay's log in step with them. */
  static named (signed: SignedGroupChange, before: GroupState, after: GroupState): string[] {
    const a = signed.change.action
    const gone = goneBetween(before, after)
    return a.type === 'invite' ? [...gone, ...a.invitees.map(i => i.address)] : gone
  }

  /** Posts the pending change, applies it where the log put it once the entries before it are in, and follows it up. */
  private async finish (record: GroupRecord, surface: boolean): Promise<GroupRecord> {
    const pending = record.pending!
    const signed = decodeSignedGroupChange(fromBase64(pending.change))
    let seq = pending.seq
    if (seq === undefined) {
      try {
        seq = await this.posting.send(fromBase64(pending.message))
      } catch (err) {
        // No answer: it may stand in the log already, so it stays pending and is posted again (the
        // relay answers a repost with the place it has). An answer that refuses it: it never took effect.
        if (!(err instanceof RelayRequestError)) throw err
        const next = withoutPending(record, signed)
        await this.records.put(next)
        if (surface) {
          await this.tidy(next)
          throw err
        }
        this.c.events.emit({ type: 'warning', message: `a change to a group was refused by the relay: ${(err as Error)?.message ?? err}` })
        return await this.tidy(next)
      }
      if (record.seq + 1 < seq) {
        // Entries before it are not taken in yet: it is applied when they are (see GroupIntake.take).
        const next = { ...record, pending: { ...pending, seq } }
        await this.records.put(next)
        return next
      }
    }
    const log = logFor(record)
    let next = record
    // Applied before, its follow-up left for later: only that is done again (the change may be
    // far back in the log by now, past the states kept).
    if (pending.applied !== true) {
      const before = log.state
      let outcome
      try {
        outcome = log.offer(signed, seq)
      } catch (err) {
        if (!isProtocolError(err)) throw err
        // A change to the same state stands before it in the log: the group went the other way.
        const lost = withoutPending(record, signed)
        await this.records.put(lost)
        await systemLine(this.c, lost, signed, undefined, before, 'your change did not take effect: another change to the same state came first')
        return await this.tidy(lost)
      }
      // Every entry before it is in, and it is this device's own: the cursor passes it.
      next = { ...withLog(record, log), seq: Math.max(record.seq, seq), pending: { ...pending, seq, applied: true } }
      next = await this.apply(next, signed, outcome.outcome, before, log.state)
    }
    // Followed up, each step one that can be done again: a passing failure leaves it pending, to be done again.
    try {
      next = await this.followUp(next, signed, pending.rekey, log.state)
    } catch (err: any) {
      // Each step stores what it did (a next manage key, say): go on from the record as stored.
      const stored = (await this.records.get(record.id)) ?? next
      if (failureKind(err) === 'passing') {
        this.c.events.emit({ type: 'warning', message: `what follows a change to a group is left for later: ${err?.message ?? err}` })
        return stored
      }
      this.c.events.emit({ type: 'warning', message: `what follows a change to a group could not be done: ${err?.message ?? err}` })
      next = { ...stored }
    }
    delete next.pending
    await this.records.put(next)
    return await this.tidy(next)
  }

  /** This device's change applied to the record (its log already holds it), stored with the sender keys of those it took out dropped. */
  private async apply (record: GroupRecord, signed: SignedGroupChange, outcome: string, before: GroupState, after: GroupState): Promise<GroupRecord> {
    const next = { ...record }
    const a = signed.change.action
    const writes = this.records.writes(record.id)
    if (outcome !== 'duplicate') {
      if (a.type === 'accept') next.status = 'member'
      const gone = goneBetween(before, after)
      if (gone.length > 0) {
        next.rotate = true
        await writes.dropChainsOf(gone)
      }
      if (outcome === 'reorganised') next.keyHandedTo = next.keyHandedTo.filter(addr => memberOf(after, addr) !== undefined)
    }
    await writes.commit(next)
    if (outcome !== 'duplicate') await systemLine(this.c, next, signed, before, after)
    return next
  }

  /** What an applied change of this device's asks of the relay and of the other admins. */
  private async followUp (record: GroupRecord, signed: SignedGroupChange, rekey: boolean, state: GroupState): Promise<GroupRecord> {
    const a = signed.change.action
    let next = record
    if (a.type === 'leave' || a.type === 'decline') {
      await this.c.relay.request({ type: 'group-leave', groupId: fromHex(record.id) }, 'ok').catch(err => { if (failureKind(err) === 'passing') throw err })
      return leftGroup(next)
    }
    if (a.type === 'invite') next = await this.posting.welcome(next, state, signed, a.invitees.map(i => i.address))
    if (next.manageKey === undefined) return next
    if (a.type === 'remove') {
      next = withRelaySync(next, [a.target])
      await this.records.put(next)
    }
    if (a.type === 'set-admin' && a.admin) await this.posting.handManageKey(next, [a.target])
    if (rekey) next = await this.posting.newManageKey(next, state)
    // This user stepped down: the new key went to the admins who remain, not kept here.
    return memberOf(state, this.init.self())?.admin !== true ? withoutManageKey(next) : next
  }

  private sign (log: GroupLog, action: GroupAction): SignedGroupChange {
    try {
      return signGroupChange({ groupId: log.state.groupId, epoch: log.state.epoch + 1, prior: log.stateHash, author: this.init.self(), madeAt: this.c.clock.now(), action }, this.init.identity.privateKey)
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', err?.message ?? 'that change is not well formed')
    }
  }
}

/** Who the state before had and the state after has not. */
export function goneBetween (before: GroupState, after: GroupState): string[] {
  return before.members.filter(m => memberOf(after, m.address) === undefined).map(m => m.address)
}

/**
 * The record without its pending change, which did not take effect. An invitation's people were
 * made members of the relay's log before it was posted, so an admin's device takes them out again.
 */
function withoutPending (record: GroupRecord, signed: SignedGroupChange): GroupRecord {
  const a = signed.change.action
  const next = a.type === 'invite' && record.manageKey !== undefined ? withRelaySync(record, a.invitees.map(i => i.address)) : { ...record }
  delete next.pending
  return next
}
