/**
 * A group as one device keeps it: its recent states and the changes that made them (to settle
 * forks after a restart too), this device's sender key and whom it was handed to, the other
 * members' sender keys, and where this device is in the group's log on the relay. Every record is
 * sealed at rest like the rest of the device's store.
 */
import {
  GroupLog, ReceiverChain, decodeSignedGroupChange, fromBase64, fromHex, inspectGroupMessage, toBase64, toHex,
  type GroupState, type ReceiverChainRecord, type SenderChainRecord
} from '@parley/protocol'
import { MESSAGE_TTL_MS } from '../constants.js'
import { NodeError } from '../errors.js'
import type { NodeStore } from '../node-store.js'
import type { NodeEvent, NodeEvents } from '../events.js'

/** States kept on disk per group: forks deeper than this after a restart are refused (MISMATCH). */
export const STORED_GROUP_STATES = 8
/** Group messages kept while their sender key has not arrived yet, per group (oldest go first). */
export const MAX_HELD_GROUP_MESSAGES = 500
/** Bytes of those messages kept per group (oldest go first). */
export const MAX_HELD_GROUP_BYTES = 8 * 1024 * 1024
/** Of those, under one key id (oldest go first). */
export const MAX_HELD_PER_KEY_ID = 100
/**
 * Sender keys kept per member's device in a group: one more lets that device's oldest go. An
 * honest device makes a new one each time someone leaves; this many cover a long time offline.
 */
export const MAX_SENDER_KEYS_PER_DEVICE = 64
/** Changes kept for a state this device does not hold yet, per group. */
export const MAX_AHEAD_CHANGES = 64

/** Where this device stands in a group. */
export type GroupStatus =
  /** Invited, waiting for the group's state in its log. */
  | 'joining'
  /** Invited, the state is here: accept or decline. */
  | 'invited'
  | 'member'
  /** Left, declined or removed: nothing more is read or sent. */
  | 'left'

/** A state in the store: hex for bytes. */
export interface StoredState { groupId: string, epoch: number, name: string, head: string, members: Array<{ address: string, identityKey: string, admin: boolean, joined: boolean }> }

/** One group on this device. */
export interface GroupRecord {
  id: string
  status: GroupStatus
  /** The invitation, while joining: the state hash and epoch to expect, and who sent it. */
  invite?: { stateHash: string, epoch: number, from: string }
  /** Recent states, oldest first, each with the change that made it (base64) and where that change stands in the relay's log (0 when unknown: taken whole, or stored before positions were kept). */
  log: Array<{ state: StoredState, change: string, seq?: number }>
  /** The group's manage key on the relay (hex), held by admins. */
  manageKey?: string
  /** This device's sender key for the group. */
  own?: SenderChainRecord
  /** Addresses this device's current sender key went to. */
  keyHandedTo: string[]
  /** Key ids (hex) of this device's sender keys: its own posts in the log are skipped. */
  ownKeyIds: string[]
  /** A member left or was removed: the next send makes a new sender key first. */
  rotate: boolean
  /** The last log sequence number taken in. */
  seq: number
  /** Changes for a state not held yet, offered again after each change applied. */
  ahead: AheadChange[]
  /** `group-state` parts received while joining (base64 bodies). */
  parts: string[]
  /** Group messages waiting for their sender key, oldest first (their bytes are stored apart). */
  held: HeldMessage[]
  /** When this device joined (ms), for the list. */
  since: number
  /**
   * A change this device made, sealed and stored before it is posted, kept until it is posted,
   * applied and followed up (the relay's members, the manage key): after a crash, settled first.
   */
  pending?: PendingChange
  /** A new manage key (hex) being set on the relay; it replaces `manageKey` once the relay took it. */
  nextManageKey?: string
  /** Accounts changes named (invited, gone) whose place in the relay's log may not match the state yet: an admin's device puts that right, again until it is done. */
  relaySync?: string[]
  /** Invitations this device sent that did not reach everyone: sent again, less and less often, until each is taken in or gone. */
  invitesOwed?: OwedInvite[]
}

/**
 * An invitation (the encoded group-invite body, base64) still owed to `addresses`, tried again at
 * `next` (ms), given up at `until` (when the state it points to has left the relay's log).
 */
export interface OwedInvite { invite: string, addresses: string[], tries: number, next: number, until: number }

/** `owed` without `addresses` (a new invitation replaces what was owed to them). */
export function owedExcept (owed: readonly OwedInvite[] | undefined, addresses: readonly string[]): OwedInvite[] {
  return (owed ?? []).map(o => ({ ...o, addresses: o.addresses.filter(a => !addresses.includes(a)) })).filter(o => o.addresses.length > 0)
}

/** Everyone an invitation is still owed to. */
export function owedTo (record: GroupRecord): Set<string> {
  return new Set((record.invitesOwed ?? []).flatMap(o => o.addresses))
}

/**
 * A group message waiting for its sender key: its place in the log, the key id it is under, its
 * size and when it was held. Its bytes are in the held table (`message`, base64, for one kept in the record before).
 */
export interface HeldMessage { seq: number, keyId: string, bytes: number, message?: string, at?: number }

/** A change kept for a state not held yet: the signed change (base64) and its place in the relay's log. */
export interface AheadChange { seq: number, change: string }

/** This device's change on its way: the sealed group message carrying it and the signed change (base64). */
export interface PendingChange {
  message: string
  change: string
  /** Whether applying it takes an admin out (removal or demotion): a new manage key follows. */
  rekey: boolean
  /**
   * Its place in the relay's log, once posted. It is applied only when the entries before it are
   * taken in: one of them may win its fork, and what follows it on the relay (a removal, a new
   * manage key) is done only for a change that stands.
   */
  seq?: number
  /** Applied to the record already; what follows it is still to do. */
  applied?: boolean
}

/** Whether the record's own pending change, posted at `pending.seq`, can be applied before taking in the entry at `next` (every entry before it is in). */
export function ownChangeDue (record: GroupRecord, next: number): boolean {
  const seq = record.pending?.seq
  return seq !== undefined && next >= seq
}

export function storeState (s: GroupState): StoredState {
  return { groupId: toHex(s.groupId), epoch: s.epoch, name: s.name, head: toHex(s.head), members: s.members.map(m => ({ address: m.address, identityKey: toHex(m.identityKey), admin: m.admin, joined: m.joined })) }
}

export function loadState (s: StoredState): GroupState {
  return { groupId: fromHex(s.groupId), epoch: s.epoch, name: s.name, head: fromHex(s.head), members: s.members.map(m => ({ address: m.address, identityKey: fromHex(m.identityKey), admin: m.admin, joined: m.joined })) }
}

/** The log a record holds; CORRUPT_STORE when it does not decode. */
export function logOf (record: GroupRecord): GroupLog | undefined {
  if (record.log.length === 0) return undefined
  try {
    return GroupLog.restore(record.log.map(e => ({ state: loadState(e.state), change: decodeSignedGroupChange(fromBase64(e.change)), seq: e.seq ?? 0 })))
  } catch {
    throw new NodeError('CORRUPT_STORE', `the stored state of group ${record.id.slice(0, 8)} does not decode`)
  }
}

/** The record's log replaced by `log`'s last STORED_GROUP_STATES entries. */
export function withLog (record: GroupRecord, log: GroupLog): GroupRecord {
  return { ...record, log: log.kept.slice(-STORED_GROUP_STATES).map(e => ({ state: storeState(e.state), change: toBase64(e.change.bytes), seq: e.seq })) }
}

/** The record of a device no longer in the group: nothing more is read or sent, and it holds no key of the group's. */
export function leftGroup (record: GroupRecord): GroupRecord {
  const next: GroupRecord = { ...withoutManageKey(record), status: 'left' }
  delete next.own
  return next
}

/** The record of a device that is no admin (any more): no manage key, and nothing to keep in step on the relay. */
export function withoutManageKey (record: GroupRecord): GroupRecord {
  const next = { ...record }
  delete next.manageKey
  delete next.nextManageKey
  delete next.relaySync
  return next
}

/** `addresses` added to those whose place in the relay's log an admin's device puts right. */
export function withRelaySync (record: GroupRecord, addresses: readonly string[]): GroupRecord {
  return { ...record, relaySync: [...new Set([...(record.relaySync ?? []), ...addresses])] }
}

/**
 * A record as stored, in today's shape: changes kept for later before their place was kept are
 * placed last (they lose any fork); messages held in the record itself keep their bytes there
 * until they are taken in or let go (one that does not decode is let go at once).
 */
function current (record: GroupRecord): GroupRecord {
  let next = record
  const ahead = record.ahead as Array<AheadChange | string>
  if (ahead.some(a => typeof a === 'string')) next = { ...next, ahead: ahead.map(a => typeof a === 'string' ? { seq: Number.MAX_SAFE_INTEGER, change: a } : a) }
  if (next.held.some(h => typeof h.keyId !== 'string')) {
    next = {
      ...next,
      held: next.held.flatMap(h => {
        if (typeof h.keyId === 'string' || typeof h.message !== 'string') return typeof h.keyId === 'string' ? [h] : []
        try {
          const bytes = fromBase64(h.message)
          return [{ seq: h.seq, keyId: toHex(inspectGroupMessage(bytes).keyId), bytes: bytes.length, message: h.message }]
        } catch {
          return []
        }
      })
    }
  }
  return next
}

/** The device's group records and the other members' sender keys. */
export class GroupRecords {
  constructor (private readonly store: NodeStore) {}

  async get (id: string): Promise<GroupRecord | undefined> {
    const record = await this.store.groups.get(id)
    return record !== undefined ? current(record) : undefined
  }

  /** Forgets a group this device made that the relay never took, with everything stored for it. */
  async remove (id: string): Promise<void> {
    const writes = this.writes(id)
    const record = await this.get(id)
    if (record !== undefined) await writes.dropChainsOf(record.log.length > 0 ? logOf(record)!.state.members.map(m => m.address) : [])
    for (const h of record?.held ?? []) writes.release(h)
    await writes.commitWithout()
  }

  /** Stores a record (a group left lets go of the messages it held). */
  async put (record: GroupRecord): Promise<void> { await this.writes(record.id).commit(record) }

  async all (): Promise<GroupRecord[]> {
    const out: GroupRecord[] = []
    for await (const value of this.store.groups.values()) out.push(current(value))
    return out
  }

  /**
   * The sender keys held under `keyId` in a group, each from its own owner (one who handed out
   * someone else's key id cannot hide theirs): the message's signature tells which one it is under.
   */
  async chainsUnder (groupId: string, keyId: string): Promise<ReceiverChain[]> {
    const prefix = `${groupId}\x00${keyId}`
    const out: ReceiverChain[] = []
    for await (const [key, record] of this.store.groupKeys.iterator({ gte: prefix, lt: `${prefix}\x01` })) {
      const chain = chainOf(groupId, record)
      // `prefix` alone is the key of a chain stored before chains were told apart by owner: moved
      // once, so one copy stands (a second could bring a used message key back).
      if (key === prefix) await this.store.groupKeys.batch([{ type: 'put', key: chainKey(groupId, chain), value: record }, { type: 'del', key }])
      out.push(chain)
    }
    return out
  }

  /** The sender keys held for a group's members. */
  async chains (groupId: string): Promise<ReceiverChain[]> {
    const out: ReceiverChain[] = []
    for await (const record of this.store.groupKeys.values({ gt: `${groupId}\x00`, lt: `${groupId}\x01` })) out.push(chainOf(groupId, record))
    return out
  }

  /** Sender-key writes for one group, kept until `commit` stores them with its record. */
  writes (groupId: string): GroupWrites { return new GroupWrites(this, this.store, groupId) }
}

/**
 * The sender keys a group's record was taken in with, written with it in one batch. Opening a
 * message uses up its message key, so a sender key stored ahead of the record's cursor would make
 * the device, after a crash or a failing write, read the same messages again as replays and lose
 * them (a change among them never applied). Read back through `chainsUnder` until committed.
 */
export class GroupWrites {
  /** Store key → the chain as it now stands, or null once dropped. */
  private readonly changed = new Map<string, ReceiverChainRecord | null>()
  /** Held table key → the held message (base64), or null once let go. */
  private readonly heldChanged = new Map<string, string | null>()
  /** Sender index key → when the sender key came, or null once dropped. */
  private readonly sendersChanged = new Map<string, number | null>()

  /** Events held back until the writes they tell of are committed (a listener that reads the group then finds it changed). */
  private readonly held: Array<{ to: Pick<NodeEvents, 'emit'>, event: NodeEvent }> = []

  constructor (private readonly records: GroupRecords, private readonly store: NodeStore, readonly groupId: string) {}

  /** `events`, with what is emitted through it held until the next commit. */
  later (events: Pick<NodeEvents, 'emit'>): Pick<NodeEvents, 'emit'> {
    return { emit: event => { this.held.push({ to: events, event }) } }
  }

  /** Emits what was held, once committed. */
  private flush (): void {
    for (const { to, event } of this.held.splice(0)) to.emit(event)
  }

  /** The sender keys under `keyId`, as stored and as changed since. */
  async chainsUnder (keyId: string): Promise<ReceiverChain[]> {
    const prefix = `${this.groupId}\x00${keyId}\x00`
    const out = new Map<string, ReceiverChain>()
    for (const chain of await this.records.chainsUnder(this.groupId, keyId)) out.set(chainKey(this.groupId, chain), chain)
    this.overlay(out, prefix)
    return [...out.values()]
  }

  /** A sender key as it now stands (a message read under it). */
  putChain (chain: ReceiverChain): void { this.changed.set(chainKey(this.groupId, chain), chain.toRecord()) }

  /**
   * A new sender key, come at `at` (ms): kept, and its device's oldest let go past
   * MAX_SENDER_KEYS_PER_DEVICE (a member handing out key after key fills no disk).
   */
  async addChain (chain: ReceiverChain, at: number): Promise<void> {
    this.putChain(chain)
    this.sendersChanged.set(senderKey(this.groupId, chain), at)
    const prefix = `${senderName(chain)}\x00${this.groupId}\x00`
    const keys = new Map<string, number>()
    for await (const [key, came] of this.store.groupSenders.iterator({ gte: prefix, lt: `${prefix.slice(0, -1)}\x01` })) keys.set(key, came)
    for (const [key, came] of this.sendersChanged) {
      if (!key.startsWith(prefix)) continue
      if (came === null) keys.delete(key)
      else keys.set(key, came)
    }
    const oldestFirst = [...keys].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    for (const [key] of oldestFirst.slice(0, Math.max(0, oldestFirst.length - MAX_SENDER_KEYS_PER_DEVICE))) {
      const [keyId, ownerTag] = key.slice(prefix.length).split('\x00')
      this.sendersChanged.set(key, null)
      this.changed.set(`${this.groupId}\x00${keyId}\x00${ownerTag}`, null)
    }
  }

  /** Forgets the sender keys of people who went. */
  async dropChainsOf (addresses: readonly string[]): Promise<void> {
    if (addresses.length === 0) return
    const all = new Map<string, ReceiverChain>()
    for (const chain of await this.records.chains(this.groupId)) all.set(chainKey(this.groupId, chain), chain)
    this.overlay(all, `${this.groupId}\x00`)
    for (const [key, chain] of all) {
      if (!addresses.includes(chain.sender)) continue
      this.changed.set(key, null)
      this.sendersChanged.set(senderKey(this.groupId, chain), null)
      // Where a chain stored before owners were told apart may still be.
      this.changed.set(`${this.groupId}\x00${toHex(chain.keyId)}`, null)
    }
  }

  /**
   * `message` held for its sender key (`entry` names it in the record), the oldest let go past
   * MAX_HELD_GROUP_MESSAGES or MAX_HELD_GROUP_BYTES; returns the record's held list as it then stands.
   */
  hold (held: readonly HeldMessage[], entry: HeldMessage, message: Uint8Array): HeldMessage[] {
    this.heldChanged.set(heldKey(this.groupId, entry.seq), toBase64(message))
    const next = this.expireHeld([...held.filter(h => h.seq !== entry.seq), entry], entry.at ?? 0)
    // One key id holds a share only: messages under a key nobody hands out push out no one else's.
    const underKey = next.filter(h => h.keyId === entry.keyId)
    for (const oldest of underKey.slice(0, Math.max(0, underKey.length - MAX_HELD_PER_KEY_ID))) {
      next.splice(next.indexOf(oldest), 1)
      this.release(oldest)
    }
    let total = next.reduce((n, h) => n + h.bytes, 0)
    while (next.length > MAX_HELD_GROUP_MESSAGES || total > MAX_HELD_GROUP_BYTES) {
      const oldest = next.shift() as HeldMessage
      total -= oldest.bytes
      this.release(oldest)
    }
    return next
  }

  /** `held` without the messages held longer than a message lives (MESSAGE_TTL_MS before `now`): their key is not coming. */
  expireHeld (held: HeldMessage[], now: number): HeldMessage[] {
    return held.filter(h => {
      if (h.at === undefined || h.at > now - MESSAGE_TTL_MS) return true
      this.release(h)
      return false
    })
  }

  /** Lets go of a held message's bytes (taken in, or pushed out). */
  release (entry: HeldMessage): void {
    if (entry.message === undefined) this.heldChanged.set(heldKey(this.groupId, entry.seq), null)
  }

  /** A held message's bytes; undefined when they are gone. */
  async heldMessage (entry: HeldMessage): Promise<Uint8Array | undefined> {
    if (entry.message !== undefined) return fromBase64(entry.message)
    const key = heldKey(this.groupId, entry.seq)
    const changed = this.heldChanged.get(key)
    const value = changed === undefined ? await this.store.groupHeld.get(key) : changed
    return typeof value === 'string' ? fromBase64(value) : undefined
  }

  /**
   * Stores `record` and every sender-key and held-message write since the last commit, in one
   * batch. A group left holds nothing: its held messages go with it.
   */
  async commit (record: GroupRecord): Promise<void> {
    if (record.id !== this.groupId) throw new NodeError('UNSUPPORTED', 'a group record is committed with its own group\'s sender keys')
    if (record.status === 'left' && record.held.length > 0) {
      for (const h of record.held) this.release(h)
      record = { ...record, held: [] }
    }
    await this.store.level.batch([{ type: 'put', sublevel: this.store.groups, key: record.id, value: record }, ...this.ops()] as any[])
    this.clear()
    this.flush()
  }

  /** The batch operations of every write since the last commit. */
  private ops (): unknown[] {
    const ops: unknown[] = []
    const of = <V>(sublevel: unknown, changes: Map<string, V | null>): void => {
      for (const [key, value] of changes) ops.push(value === null ? { type: 'del', sublevel, key } : { type: 'put', sublevel, key, value })
    }
    of(this.store.groupKeys, this.changed)
    of(this.store.groupHeld, this.heldChanged)
    of(this.store.groupSenders, this.sendersChanged)
    return ops
  }

  private clear (): void {
    this.changed.clear()
    this.heldChanged.clear()
    this.sendersChanged.clear()
  }

  /** Deletes the group's record, with every write since the last commit, in one batch. */
  async commitWithout (): Promise<void> {
    await this.store.level.batch([{ type: 'del', sublevel: this.store.groups, key: this.groupId }, ...this.ops()] as any[])
    this.clear()
    this.flush()
  }

  /** `chains` (by store key) with the changes under `prefix` laid over them. */
  private overlay (chains: Map<string, ReceiverChain>, prefix: string): void {
    for (const [key, value] of this.changed) {
      if (!key.startsWith(prefix) || key.split('\x00').length !== 3) continue
      if (value === null) chains.delete(key)
      else chains.set(key, chainOf(this.groupId, value))
    }
  }
}

/** A stored sender key; CORRUPT_STORE when it does not decode. */
function chainOf (groupId: string, record: unknown): ReceiverChain {
  try {
    return ReceiverChain.fromRecord(record as ReceiverChainRecord)
  } catch {
    throw new NodeError('CORRUPT_STORE', `a stored sender key of group ${groupId.slice(0, 8)} does not decode`)
  }
}

/**
 * Where a sender key is listed by its owner's device: by address and device (one name, stored as
 * its HMAC: a device id is public, and would tell whose keys these are), group, key id and owner tag.
 */
function senderKey (groupId: string, chain: ReceiverChain): string {
  return `${senderName(chain)}\x00${groupId}\x00${toHex(chain.keyId)}\x00${chain.ownerTag}`
}

/** The owner of a sender key as the index names it: address and device together (neither holds a \0 or \1). */
function senderName (chain: ReceiverChain): string { return `${chain.sender}/${chain.device}` }

/** Where a held group message is stored: by group and place in the log. */
function heldKey (groupId: string, seq: number): string {
  return `${groupId}\x00${seq.toString().padStart(16, '0')}`
}

/** Where a sender key is stored: by group, key id and owner tag, so a range finds those under one key id. */
function chainKey (groupId: string, chain: ReceiverChain): string {
  return `${groupId}\x00${toHex(chain.keyId)}\x00${chain.ownerTag}`
}
