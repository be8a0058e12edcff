import { constantTimeEqual, fromHex, toHex } from '@parley/protocol'
import { IdentityChangedError } from './errors.js'
import type { NodeStore } from './node-store.js'
import { KeyLock } from './key-lock.js'

/** A person this device talks to, with their pinned identity key. */
export interface Contact {
  address: string
  /** Ed25519 identity public key, hex, pinned on first use. */
  identityKey: string
  firstSeen: number
  /** Set when the user compared safety numbers out of band. */
  verified: boolean
  /** A different key seen since pinning, waiting for the user to accept or reject it. */
  pendingKey?: string
}

/**
 * Contacts with trust-on-first-use pinning: a changed identity key is an error, never silent.
 * Every change is a read-modify-write under a per-address lock: envelopes are opened several at
 * once, and two checks of one address must not overwrite each other's result.
 */
export class Contacts {
  private readonly lock = new KeyLock()

  constructor (private readonly store: NodeStore, private readonly now: () => number = Date.now) {}

  /** All contacts. */
  async list (): Promise<Contact[]> {
    const out: Contact[] = []
    for await (const value of this.store.contacts.values()) out.push(value as Contact)
    return out
  }

  /** One contact, if known. */
  async get (address: string): Promise<Contact | undefined> {
    return await this.store.contacts.get(address) as Contact | undefined
  }

  /**
   * Pins `identityKey` for `address` on first sight; afterwards the key must match, otherwise the
   * new key is remembered as pending and IdentityChangedError is thrown.
   */
  async check (address: string, identityKey: Uint8Array): Promise<Contact> {
    return await this.lock.run(address, async () => {
      const existing = await this.get(address)
      if (existing === undefined) {
        const contact: Contact = { address, identityKey: toHex(identityKey), firstSeen: this.now(), verified: false }
        await this.store.contacts.put(address, contact)
        return contact
      }
      if (constantTimeEqual(fromHex(existing.identityKey), identityKey)) return existing
      if (existing.pendingKey !== toHex(identityKey)) {
        await this.store.contacts.put(address, { ...existing, pendingKey: toHex(identityKey) })
      }
      throw new IdentityChangedError(address)
    })
  }

  /** Marks a contact verified (the user compared safety numbers); false if the contact is unknown. */
  async markVerified (address: string): Promise<boolean> {
    return await this.lock.run(address, async () => {
      const existing = await this.get(address)
      if (existing === undefined) return false
      await this.store.contacts.put(address, { ...existing, verified: true })
      return true
    })
  }

  /**
   * Pins `identityKey` for `address` as verified: the user compared the safety number of exactly
   * this key. A pending key other than this one still waits (verifying the old key refuses nothing).
   */
  async pinVerified (address: string, identityKey: Uint8Array): Promise<Contact> {
    return await this.lock.run(address, async () => {
      const existing = await this.get(address)
      const same = existing !== undefined && constantTimeEqual(fromHex(existing.identityKey), identityKey)
      const pendingKey = existing?.pendingKey !== undefined && existing.pendingKey !== toHex(identityKey) ? { pendingKey: existing.pendingKey } : {}
      const contact: Contact = { address, identityKey: toHex(identityKey), firstSeen: same ? existing.firstSeen : this.now(), verified: true, ...pendingKey }
      await this.store.contacts.put(address, contact)
      return contact
    })
  }

  /** Accepts the pending key of a contact (after the user compared safety numbers). */
  async acceptPendingKey (address: string): Promise<Contact | undefined> {
    return await this.settlePendingKey(address, (_existing, pendingKey) => ({ address, identityKey: pendingKey, firstSeen: this.now(), verified: false }))
  }

  /** Refuses the pending key of a contact: the pinned key stays; undefined if the contact is unknown. */
  async refusePendingKey (address: string): Promise<Contact | undefined> {
    return await this.settlePendingKey(address, ({ pendingKey: _refused, ...contact }) => contact)
  }

  /** Replaces a contact that has a pending key with `settle(contact, pendingKey)`; others are left as they are. */
  private async settlePendingKey (address: string, settle: (existing: Contact, pendingKey: string) => Contact): Promise<Contact | undefined> {
    return await this.lock.run(address, async () => {
      const existing = await this.get(address)
      if (existing?.pendingKey === undefined) return existing
      const contact = settle(existing, existing.pendingKey)
      await this.store.contacts.put(address, contact)
      return contact
    })
  }
}
