/**
 * How mailboxes are laid out in the relay's LevelDB: the sublevels, their keys and values, and
 * the counters a loaded mailbox keeps in memory.
 */
import type { AbstractBatchOperation } from 'abstract-level'
import type { RelayDb } from './store.js'

/** One write of a batch. */
export type Op = AbstractBatchOperation<any, any, any>

/** Stored value layout: received-at (8 bytes, big endian) | expires-at (8) | message id (16) | envelope. */
export const ITEM_HEADER = 32
/** Marks a store whose waiting envelopes all have counter entries (no mailbox key starts with \x01). */
export const UPGRADED_KEY = '\x01wait-entries'
/** Operations per batch when sweeping expired data. */
export const SWEEP_BATCH = 1000

/** Index entry per message id: where it is stored, or that it was already delivered (kept until expiry). */
export type IndexEntry = { seq: number, size: number, expiresAt: number, tag?: string, stranger?: boolean } | { acked: true, expiresAt: number }
/** Per waiting envelope, beside it: what the counters need, so loading a mailbox reads only what waits. */
export interface WaitEntry { size: number, tag?: string, stranger?: boolean }

/** Waiting messages and their bytes. */
export interface Usage { count: number, bytes: number }

/** A loaded mailbox: counters only; the ids it knows stay on disk. */
export interface MailboxState {
  nextSeq: number
  count: number
  bytes: number
  /** Waiting mail from strangers, all together. */
  strangers: Usage
  /** Waiting mail per sender pair tag. */
  senders: Map<string, Usage>
  /** Operations using this state; a busy mailbox is never unloaded. */
  busy: number
}

/** The mailbox sublevels of one RelayDb. */
export function mailboxTables (db: RelayDb) {
  return {
    db,
    /** `${box}${seq}` → stored value (ITEM_HEADER, then the envelope). */
    mail: db.binary('mail'),
    /** `${box}${message id hex}` → IndexEntry. */
    index: db.json<IndexEntry>('mail-index'),
    /** `${box}${seq}` → WaitEntry, for each envelope still waiting. */
    wait: db.json<WaitEntry>('mail-wait'),
    /** `${box}` → the highest sequence number ever used there. */
    meta: db.json<number>('mail-seq')
  }
}

/** The mailbox sublevels, as mailboxTables returns them. */
export type MailboxTables = ReturnType<typeof mailboxTables>

/** The counter entry of an index entry that still waits. */
export function waitOf (entry: { size: number, tag?: string, stranger?: boolean }): WaitEntry {
  return { size: entry.size, ...(entry.tag !== undefined ? { tag: entry.tag } : {}), ...(entry.stranger === true ? { stranger: true } : {}) }
}

/** The key prefix of a device's mailbox. */
export function boxKey (user: string, device: string): string {
  return `${user}\x00${device}\x00`
}

/** A sequence number as a key that sorts in order. */
export function seqKey (seq: number): string {
  return seq.toString().padStart(16, '0')
}
