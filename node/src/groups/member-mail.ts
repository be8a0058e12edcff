/**
 * What a group's members are handed one by one, inside 1:1 envelopes: sender keys, invitations,
 * manage keys. Each person's devices are looked up (many at a time first), sealed for, and the
 * envelopes deposited in batches, each batch going while the next is sealed.
 */
import {
  fromHex, groupConversationId, MAX_DEPOSIT_BATCH, MAX_DEPOSIT_BATCH_BYTES, type ContentKind
} from '@parley/protocol'
import { NodeError, RelayRequestError } from '../errors.js'
import { mapLimit } from '../map-limit.js'
import { throwIfAborted } from '../relay/time.js'
import type { GroupsComponents, GroupsInit } from './shared.js'

/** 1:1 envelopes sealed at once when handing out a sender key or invitations. */
const SEAL_CONCURRENCY = 8
/** Deposit-many requests under way at once while the next envelopes are sealed. */
const DEPOSITS_IN_FLIGHT = 4

/** Seals and deposits 1:1 envelopes to many members at once. */
export class MemberMail {
  constructor (private readonly c: Pick<GroupsComponents, 'crypto' | 'relay'>, private readonly init: Pick<GroupsInit, 'self' | 'bundles' | 'prefetch'>) {}

  /**
   * One 1:1 envelope of `kind` to each of `addresses` (all their devices), deposited in batches;
   * returns those reached. A person who cannot be reached now is left out (handed the key with the
   * next message); if nobody could be, the first failure is thrown. Once `signal` aborts, nothing
   * more is sealed or sent, the requests under way are given up too (the relay may have taken
   * them: those reached are handed it again next time, which their devices take as the key they
   * hold), and the abort is thrown.
   */
  async each (id: string, addresses: string[], kind: ContentKind, body: (address: string) => Uint8Array, chosen = false, signal?: AbortSignal): Promise<string[]> {
    throwIfAborted(signal)
    const aborted = (): boolean => signal?.aborted === true
    const conversation = groupConversationId(fromHex(id))
    const self = this.init.self()
    let failure: unknown
    await this.init.prefetch?.(addresses)
    const reached: string[] = []
    let batch: Array<{ address: string, bytes: Uint8Array }> = []
    let bytes = 0
    const deposit = async (items: Array<{ address: string, bytes: Uint8Array }>): Promise<void> => {
      let answer
      try {
        answer = await this.c.relay.request({ type: 'deposit-many', deposits: items.map(i => ({ envelope: i.bytes, contact: chosen })) }, 'deposited-many', signal !== undefined ? { signal } : {})
      } catch (err) {
        // Those of this batch are not reached (handed the key with the next message); the others go on.
        failure ??= err
        return
      }
      answer.results.forEach((r, i) => {
        if (r.type === 'deposited') reached.push((items[i] as { address: string }).address)
        else failure ??= new RelayRequestError(r.code, r.message)
      })
    }
    // A full batch goes while the next ones are sealed, a few at a time.
    const depositing = new Set<Promise<void>>()
    /** Sends the batch as it stands (synchronously: nothing joins it meanwhile). */
    const flush = (): void => {
      if (batch.length === 0) return
      const items = batch
      batch = []
      bytes = 0
      const going: Promise<void> = deposit(items).finally(() => depositing.delete(going))
      depositing.add(going)
    }
    await mapLimit(addresses, SEAL_CONCURRENCY, async address => {
      if (aborted()) return
      let sealed
      try {
        const bundles = await this.init.bundles(address)
        sealed = await this.c.crypto.seal({ sender: self, recipient: address, conversation, kind, body: body(address), bundles })
      } catch (err) {
        failure ??= err
        return
      }
      if (aborted()) return
      if (batch.length >= MAX_DEPOSIT_BATCH || bytes + sealed.bytes.length > MAX_DEPOSIT_BATCH_BYTES) flush()
      batch.push({ address, bytes: sealed.bytes })
      bytes += sealed.bytes.length
      // Back-pressure on the sealing: a few requests under way at most.
      while (depositing.size > DEPOSITS_IN_FLIGHT) await Promise.race(depositing)
    })
    if (!aborted()) flush()
    await Promise.all(depositing)
    throwIfAborted(signal)
    if (reached.length === 0 && addresses.length > 0 && failure !== undefined) throw failure
    return reached
  }

  /** The identity keys of people to invite, from their verified (pinned) bundles. */
  async identitiesOf (addresses: string[]): Promise<Array<{ address: string, identityKey: Uint8Array }>> {
    const unique = [...new Set(addresses)]
    await this.init.prefetch?.(unique)
    return await mapLimit(unique, SEAL_CONCURRENCY, async address => {
      const bundles = await this.init.bundles(address)
      const first = bundles[0]
      if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no device to invite`)
      return { address, identityKey: first.identityKey }
    })
  }
}
