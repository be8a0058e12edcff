/**
 * A group's recent history on one device, and the rule that makes every device end in the same
 * state when two changes name the same prior state (PROTOCOL.md "Forks"): the change that stands
 * first in the group's log on the relay wins, whichever this device took in first. Every member
 * reads the one log, in the one order, so every device settles a fork alike; and a change made
 * later on an old state (by an admin since removed or demoted, say) always comes after the change
 * that already followed that state, so it never takes the group back. A device that applied the
 * loser rolls back to the shared state, applies the winner, and reports the changes it dropped.
 */
import { ProtocolError } from '../errors.js'
import { constantTimeEqual } from '../bytes.js'
import { applyGroupChange, type SignedGroupChange } from './changes.js'
import { groupStateHash, type GroupState } from './state.js'

/** States kept back from the head, so a fork that deep can still be settled. */
export const GROUP_FORK_WINDOW = 64

/** One applied change and the state it made. */
export interface GroupLogEntry {
  state: GroupState
  /** groupStateHash(state), kept so it is computed once. */
  stateHash: Uint8Array
  /** The change that made `state`. */
  change: SignedGroupChange
  /**
   * Where the change stands in the group's log on the relay (its sequence number there); 0 for a
   * state taken whole (the create, or the state an invitation handed over), which nothing precedes.
   */
  seq: number
}

/** What offering a change to the log came to. */
export type GroupOffer =
  /** It applied to the head. */
  | { outcome: 'applied', state: GroupState }
  /** It won a fork: the state rolled back to its prior and it applied there; `dropped` lost (oldest first). */
  | { outcome: 'reorganised', state: GroupState, dropped: SignedGroupChange[] }
  /** Already applied (a replay, or the same change by another path): nothing changed. */
  | { outcome: 'duplicate' }
  /**
   * For a state this device does not hold yet: a later one, or one on a branch it has not seen
   * (it may be the winner's). Keep it a while, bounded, and offer it again after the changes before it.
   */
  | { outcome: 'ahead' }

/** A group's applied changes, newest last, at most GROUP_FORK_WINDOW + 1. */
export class GroupLog {
  private entries: GroupLogEntry[]

  private constructor (entries: GroupLogEntry[]) {
    if (entries.length === 0) throw new RangeError('a group log holds at least its current state')
    this.entries = entries
  }

  /** A new log from a group's create, checked under the identity key held for its creator. */
  static create (signed: SignedGroupChange, creatorKey: Uint8Array): GroupLog {
    const state = applyGroupChange(undefined, signed, creatorKey)
    return new GroupLog([{ state, stateHash: groupStateHash(state), change: signed, seq: 0 }])
  }

  /** A log restored from stored entries (oldest first), as `entries` gave them. */
  static restore (entries: Array<Omit<GroupLogEntry, 'stateHash'>>): GroupLog {
    return new GroupLog(entries.map(e => ({ ...e, stateHash: groupStateHash(e.state) })))
  }

  /** The current state. */
  get state (): GroupState { return (this.entries[this.entries.length - 1] as GroupLogEntry).state }

  /** The current state's hash: what the next change names as its prior. */
  get stateHash (): Uint8Array { return (this.entries[this.entries.length - 1] as GroupLogEntry).stateHash }

  /** The entries kept, oldest first (to store them). */
  get kept (): readonly GroupLogEntry[] { return this.entries }

  /** A copy to try a change on without touching this one. */
  copy (): GroupLog { return new GroupLog([...this.entries]) }

  /**
   * Takes in one decoded change, which stands at `seq` in the group's log on the relay. Throws
   * the change's final ProtocolError when it does not apply (see applyGroupChange), and MISMATCH
   * when it lost a fork (a change to the same state stands before it in the log) or names a state
   * older than the window; the log is unchanged then.
   */
  offer (signed: SignedGroupChange, seq: number): GroupOffer {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('a log position is a non-negative integer')
    const { change } = signed
    if (this.entries.some(e => constantTimeEqual(e.change.hash, signed.hash))) return { outcome: 'duplicate' }
    const head = this.entries[this.entries.length - 1] as GroupLogEntry
    if (change.epoch === head.state.epoch + 1 && constantTimeEqual(change.prior, head.stateHash)) {
      const state = applyGroupChange(head.state, signed)
      this.entries.push({ state, stateHash: groupStateHash(state), change: signed, seq })
      if (this.entries.length > GROUP_FORK_WINDOW + 1) this.entries.shift()
      return { outcome: 'applied', state }
    }
    if (change.epoch > head.state.epoch) return { outcome: 'ahead' }
    const at = this.entries.findIndex(e => e.state.epoch + 1 === change.epoch && constantTimeEqual(e.stateHash, change.prior))
    if (at < 0) {
      // Older than the window, or for a state this device never held (it lost a fork, or is forged).
      throw new ProtocolError('MISMATCH', 'the change applies to a state of the group this device does not hold')
    }
    const rival = this.entries[at + 1] as GroupLogEntry
    if (seq >= rival.seq) {
      throw new ProtocolError('MISMATCH', 'another change to the same state of the group came before it in the group\'s log')
    }
    const state = applyGroupChange((this.entries[at] as GroupLogEntry).state, signed)
    const dropped = this.entries.slice(at + 1).map(e => e.change)
    this.entries = [...this.entries.slice(0, at + 1), { state, stateHash: groupStateHash(state), change: signed, seq }]
    return { outcome: 'reorganised', state, dropped }
  }
}
