/**
 * The person's decisions about contacts' identity keys: a changed key accepted (its held
 * messages then delivered) or refused, a contact verified by a compared safety number.
 */
import { constantTimeEqual, fromHex, safetyNumber, type SafetyNumber } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { CallOptions } from '../account/keyless.js'
import type { Contacts } from '../contacts.js'
import type { PeerNetwork } from '../delivery/network.js'
import type { StoredMessage } from '../history.js'
import type { HeldMessages } from './held.js'

/** What the key decisions are built from. */
export interface KeyDecisionsComponents {
  contacts: Contacts
  held: HeldMessages
  directory: { invalidate: (address: string) => void }
}

/** The node's parts the key decisions go through. */
export interface KeyDecisionsInit {
  /** The network in use (the relay's, or LAN mode's). */
  network: () => PeerNetwork
  /** Looks a user up, pinning them on first use. */
  bundles: (address: string, options: CallOptions) => Promise<unknown>
  /** Delivers what is held from `peer` under their pinned key (see Incoming.release). */
  release: (peer: string) => Promise<{ delivered: StoredMessage[], discarded: number }>
  /** This user's address and identity key, for safety numbers. */
  self: () => string
  identityKey: Uint8Array
}

/** Accepts, refuses and verifies contacts' identity keys; every address is already canonical. */
export class KeyDecisions {
  constructor (private readonly components: KeyDecisionsComponents, private readonly init: KeyDecisionsInit) {}

  /** See ParleyNode.trust. */
  async trust (peer: string, digits?: string): Promise<{ delivered: StoredMessage[], discarded: number }> {
    const { contacts, held, directory } = this.components
    // A key change settled either way: their device list is asked for afresh.
    directory.invalidate(peer)
    const contact = await contacts.get(peer)
    if (contact?.pendingKey === undefined) {
      // Accepted another way meanwhile (a compared safety number): what is held is settled now.
      if ((await held.summary(peer)).length > 0) return await this.init.release(peer)
      throw new NodeError('BAD_INPUT', `${peer} has no changed key waiting to be accepted`)
    }
    if (digits !== undefined) {
      const key = fromHex(contact.pendingKey)
      if (!sameDigits(digits, this.numberWith(peer, key).digits)) throw new NodeError('IDENTITY_CHANGED', `that is not the safety number of the new key of ${peer}: do not accept it until you find out why`)
      await contacts.pinVerified(peer, key)
    } else {
      await contacts.acceptPendingKey(peer)
    }
    return await this.init.release(peer)
  }

  /** See ParleyNode.refuseKey. */
  async refuseKey (peer: string): Promise<{ discarded: number }> {
    const { contacts, held, directory } = this.components
    directory.invalidate(peer)
    const contact = await contacts.get(peer)
    if (contact?.pendingKey === undefined && (await held.summary(peer)).length === 0) throw new NodeError('BAD_INPUT', `${peer} has no changed key waiting to be accepted or refused`)
    await contacts.refusePendingKey(peer)
    return { discarded: await held.release(peer, async messages => messages.length) }
  }

  /** See ParleyNode.safetyNumber. */
  async safetyNumber (peer: string, options: CallOptions = {}): Promise<SafetyNumber & { verified: boolean, pending: boolean }> {
    const contact = await this.known(peer, options)
    if (contact === undefined) throw new NodeError('NO_KEYS', `${peer} has no known identity key`)
    if (contact.pendingKey !== undefined) return { ...this.numberWith(peer, fromHex(contact.pendingKey)), verified: false, pending: true }
    return { ...this.numberWith(peer, fromHex(contact.identityKey)), verified: contact.verified, pending: false }
  }

  /** See ParleyNode.verifyContact. */
  async verifyContact (peer: string, digits?: string, options: CallOptions = {}): Promise<void> {
    const { contacts } = this.components
    if (digits === undefined) {
      // Known (pinned now if not): no number to compute, only whether a changed key waits.
      const contact = await this.known(peer, options)
      if (contact?.pendingKey !== undefined) throw new NodeError('IDENTITY_CHANGED', `the key of ${peer} changed: compare the new safety number and give its digits to accept it`)
      await contacts.markVerified(peer)
      return
    }
    const contact = await contacts.get(peer)
    const matching = (keys: Uint8Array[]): Uint8Array | undefined => keys.find(key => sameDigits(digits, this.numberWith(peer, key).digits))
    const stored = [
      ...(contact !== undefined ? [fromHex(contact.identityKey)] : []),
      ...(contact?.pendingKey !== undefined ? [fromHex(contact.pendingKey)] : [])
    ]
    // The keys this device holds first: the directory is asked only when neither matches.
    const match = matching(stored) ?? matching(await this.init.network().candidates(peer, contact !== undefined, options))
    if (match === undefined) throw new NodeError('IDENTITY_CHANGED', `that is not the safety number of ${peer} on this device: do not trust this contact until you find out why`)
    await contacts.pinVerified(peer, match)
    // A changed key accepted this way settles what was held under it too.
    if (contact?.pendingKey !== undefined && constantTimeEqual(match, fromHex(contact.pendingKey))) await this.init.release(peer)
  }

  /** The contact, looked up (and pinned) first when unknown. */
  private async known (peer: string, options: CallOptions): Promise<Awaited<ReturnType<Contacts['get']>>> {
    const contact = await this.components.contacts.get(peer)
    if (contact !== undefined) return contact
    await this.init.bundles(peer, options)
    return await this.components.contacts.get(peer)
  }

  private numberWith (peer: string, identityKey: Uint8Array): SafetyNumber {
    return safetyNumber({ address: this.init.self(), identityKey: this.init.identityKey }, { address: peer, identityKey })
  }
}

/** Whether two renderings of a safety number have the same digits. */
function sameDigits (a: string, b: string): boolean {
  return a.replace(/\D/g, '') === b.replace(/\D/g, '')
}
