/** Mailbox limits and the counting that enforces them: per mailbox, per sender, and for all strangers together. */
import { RelayError } from './errors.js'
import {
  CONTACT_MAX_WAITING_BYTES, CONTACT_MAX_WAITING_MESSAGES, DEFAULT_MAILBOX_MAX_BYTES, DEFAULT_MAILBOX_MAX_MESSAGES,
  MAX_LOADED_MAILBOXES, STRANGER_MAX_WAITING_BYTES, STRANGER_MAX_WAITING_MESSAGES, STRANGER_SHARE_OF_MAILBOX
} from './constants.js'
import type { MailboxState, Op, WaitEntry } from './mailbox-layout.js'

/** Mailbox limits, per device mailbox; the sender ones are per sender in that mailbox. */
export interface MailboxLimits {
  maxMessages: number
  maxBytes: number
  strangerMaxMessages: number
  strangerMaxBytes: number
  contactMaxMessages: number
  contactMaxBytes: number
  /** Share of maxMessages and maxBytes all strangers together may fill. */
  strangerShare: number
  /** Mailboxes kept loaded in memory; idle ones beyond this unload. */
  maxLoaded: number
}

/** Defaults from constants.ts. */
export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = {
  maxMessages: DEFAULT_MAILBOX_MAX_MESSAGES,
  maxBytes: DEFAULT_MAILBOX_MAX_BYTES,
  strangerMaxMessages: STRANGER_MAX_WAITING_MESSAGES,
  strangerMaxBytes: STRANGER_MAX_WAITING_BYTES,
  contactMaxMessages: CONTACT_MAX_WAITING_MESSAGES,
  contactMaxBytes: CONTACT_MAX_WAITING_BYTES,
  strangerShare: STRANGER_SHARE_OF_MAILBOX,
  maxLoaded: MAX_LOADED_MAILBOXES
}

/** Who deposits, as the mailbox counts it: an opaque pair tag and whether the sender is a contact. */
export interface DepositSender {
  /** HMAC tag of the (sender, recipient) pair (see SenderLimits); never a name. */
  tag: string
  /** The recipient wrote to this sender by choice lately (or it is their own account). */
  contact: boolean
  /** Extra writes committed in the same batch as the deposit (the pair record). */
  ops?: () => Op[]
}

/** Throws the refusal for a deposit of `size` bytes that would not fit `state` for `sender` under `l`. */
export function checkRoom (l: MailboxLimits, state: MailboxState, size: number, sender: DepositSender | undefined): void {
  if (sender !== undefined) {
    const own = state.senders.get(sender.tag) ?? { count: 0, bytes: 0 }
    const [maxMessages, maxBytes] = sender.contact ? [l.contactMaxMessages, l.contactMaxBytes] : [l.strangerMaxMessages, l.strangerMaxBytes]
    if (own.count + 1 > maxMessages || own.bytes + size > maxBytes) {
      throw new RelayError('SENDER_QUOTA_EXCEEDED', 'too much of your mail is already waiting for this person; try again once they have collected it')
    }
    if (!sender.contact && (state.strangers.count + 1 > Math.floor(l.maxMessages * l.strangerShare) || state.strangers.bytes + size > Math.floor(l.maxBytes * l.strangerShare))) {
      throw new RelayError('SENDER_QUOTA_EXCEEDED', 'this person is taking no more mail from people they have not written to until they collect what is waiting; try again later')
    }
  }
  if (state.count + 1 > l.maxMessages || state.bytes + size > l.maxBytes) {
    throw new RelayError('QUOTA_EXCEEDED', 'the recipient\'s mailbox is full; try again later')
  }
}

/** Adds (`sign` 1) or removes (-1) one waiting envelope to a mailbox's counters. */
export function count (state: MailboxState, entry: WaitEntry, sign: 1 | -1): void {
  state.count += sign
  state.bytes += sign * entry.size
  if (entry.stranger === true) {
    state.strangers.count += sign
    state.strangers.bytes += sign * entry.size
  }
  if (entry.tag !== undefined) {
    const usage = state.senders.get(entry.tag) ?? { count: 0, bytes: 0 }
    usage.count += sign
    usage.bytes += sign * entry.size
    if (usage.count <= 0) state.senders.delete(entry.tag)
    else state.senders.set(entry.tag, usage)
  }
}
