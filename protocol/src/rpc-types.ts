/**
 * The relay protocol (/parley/relay/1.0.0): its limits and the domain types of its frames. The
 * codecs that turn them into wire bytes and back, validating every field, are in rpc.ts.
 */
import { MAX_ENVELOPE_BYTES } from './constants.js'

/** libp2p protocol id of the client ↔ relay protocol. */
export const RELAY_PROTOCOL = '/parley/relay/1.0.0'
/** Version carried first in every relay frame. */
export const RPC_VERSION = 1
/** Largest client frame: one envelope (256 KiB) plus room for the frame around it. */
export const MAX_REQUEST_FRAME_BYTES = 256 * 1024 + 4096
/** Largest relay frame: a page of mail; the relay sizes pages to stay under it. */
export const MAX_SERVER_FRAME_BYTES = 4 * 1024 * 1024
/** Most mail items a client may ask for in one page (bounds relay work per request). */
export const MAX_MAIL_PAGE = 1000
/** Most message ids acknowledged in one request. */
export const MAX_ACK_IDS = 1000
/** Longest password accepted, so hashing cost is bounded. */
export const MAX_PASSWORD_LENGTH = 1024
/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 8
/** Longest email address (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254
/** Longest verification code accepted on the wire. */
export const MAX_CODE_LENGTH = 16
/** Session token length in bytes (256 bits of randomness). */
export const SESSION_TOKEN_BYTES = 32
/** Longest second-factor code accepted on the wire (TOTP codes are 6 digits, recovery codes 11 characters). */
export const MAX_SECOND_FACTOR_LENGTH = 32
/** Most session ids revoked in one request. */
export const MAX_REVOKE_IDS = 100
/** Most users named in one watch-devices request: 500 addresses of 320 characters fit a request frame. */
export const MAX_WATCH_USERS_PER_REQUEST = 500
/** Most users named in one fetch-bundles-many request: 500 addresses of 320 characters fit a request frame. */
export const MAX_BULK_LOOKUP_USERS = 500
/**
 * Signed-bundle bytes the relay puts in one bundles-many answer at most; the users past them are
 * left out (the client asks again), so the answer stays within MAX_SERVER_FRAME_BYTES.
 */
export const MAX_BULK_LOOKUP_BYTES = 3 * 1024 * 1024
/** Most users named in one devices-changed push: 1000 addresses of 320 characters fit a relay frame. */
export const MAX_CHANGED_USERS_PER_PUSH = 1000
/** Most addresses added and removed in one group-members request: 500 addresses of 320 characters fit a request frame. */
export const MAX_GROUP_MEMBERS_PER_REQUEST = 500
/** A group's manage key: 32 random bytes its admins hold; the relay keeps only its SHA-256. */
export const GROUP_MANAGE_KEY_BYTES = 32
/** Most members listed in one group-receipts answer (the counts cover every member). */
export const MAX_RECEIPT_MEMBERS = 1000
/** Most deposits in one deposit-many request: the relay's in-flight cap, so one request is one group commit's worth. */
export const MAX_DEPOSIT_BATCH = 64
/** Most envelope bytes in one deposit-many request: one envelope's limit, so the frame fits MAX_REQUEST_FRAME_BYTES. */
export const MAX_DEPOSIT_BATCH_BYTES = MAX_ENVELOPE_BYTES

/** A second factor for login and for 2FA changes: a current TOTP code or an unused recovery code. */
export interface SecondFactorInput { totpCode?: string, recoveryCode?: string }

/** One of a user's sessions, as listed to that user. */
export interface SessionInfo { id: string, peerId: string, createdAt: number, lastSeen: number, expiresAt: number, current: boolean }

/** A request from a client to its relay. */
export type RelayRequest =
  | { type: 'register', name: string, email: string, password: string }
  | { type: 'verify', name: string, code: string }
  | { type: 'resend-code', name: string }
  | { type: 'login', name: string, password: string, secondFactor?: SecondFactorInput }
  | { type: 'authenticate', token: Uint8Array }
  | { type: 'logout' }
  | { type: 'publish-bundle', signedBundle: Uint8Array }
  | { type: 'fetch-bundles', user: string }
  /** The bundles of many users at once (a group's members); answered by `bundles-many`. */
  | { type: 'fetch-bundles-many', users: string[] }
  /** The account wrote to `user` by choice peer to peer: the relay counts `user` as a contact of this account's mailbox. */
  | { type: 'note-contact', user: string }
  /** `contact`: the depositor writes to the recipient by choice (texts yes, receipts no). */
  | { type: 'deposit', envelope: Uint8Array, contact?: boolean }
  /** Several deposits in one request, each checked as a single one; answered by `deposited-many`. */
  | { type: 'deposit-many', deposits: DepositItem[] }
  | { type: 'fetch-mail', afterSeq: number, limit: number }
  | { type: 'ack-mail', messageIds: Uint8Array[] }
  | { type: 'subscribe' }
  /** Adds `users` to those this logged-in stream watches: their device-list changes are pushed to it. */
  | { type: 'watch-devices', users: string[] }
  /** Adds and removes member accounts of a group's log, with its manage key; the first makes the group. `newManageHash` replaces the key. */
  | { type: 'group-members', groupId: Uint8Array, manageKey: Uint8Array, add: string[], remove: string[], newManageHash?: Uint8Array }
  /** One group message, stored once for every member; answered by `group-posted`. */
  | { type: 'group-post', message: Uint8Array }
  /** The group messages after this device's cursor (and after `afterSeq`); answered by `group-mail`. */
  | { type: 'group-fetch', groupId: Uint8Array, afterSeq: number }
  /** This device stored the group's messages up to `seq`. */
  | { type: 'group-ack', groupId: Uint8Array, seq: number }
  /** This account read the group's messages up to `seq`. */
  | { type: 'group-read', groupId: Uint8Array, seq: number }
  /** Who stored and read message `seq` (the poster's own only); answered by `group-receipts`. */
  | { type: 'group-receipts', groupId: Uint8Array, seq: number }
  /** This account leaves the group's log. */
  | { type: 'group-leave', groupId: Uint8Array }
  | { type: 'totp-enrol' }
  | { type: 'totp-confirm', code: string }
  | { type: 'totp-disable', secondFactor: SecondFactorInput }
  | { type: 'regenerate-recovery-codes', secondFactor: SecondFactorInput }
  | { type: 'list-sessions' }
  | { type: 'revoke-sessions', ids: string[], all: boolean, others: boolean }
  | { type: 'change-email', newEmail: string }
  | { type: 'confirm-email', code: string }
  | { type: 'request-password-reset', name: string }
  | { type: 'reset-password', name: string, code: string, newPassword: string }
  | { type: 'delete-account', password: string, secondFactor?: SecondFactorInput }
  | { type: 'account-info' }

/** One deposit of a deposit-many request (`contact` as for a single deposit). */
export interface DepositItem { envelope: Uint8Array, contact?: boolean }

/** Error codes a relay answers with; clients narrow on them. */
export type RelayErrorCode =
  | 'BAD_REQUEST' | 'UNSUPPORTED_VERSION' | 'UNAUTHENTICATED' | 'NOT_VERIFIED' | 'NOT_FOUND'
  | 'NAME_TAKEN' | 'INVALID_CODE' | 'INVALID_CREDENTIALS' | 'BAD_BUNDLE' | 'BAD_ENVELOPE'
  | 'TOO_LARGE' | 'QUOTA_EXCEEDED' | 'RATE_LIMITED' | 'INTERNAL' | 'SECOND_FACTOR_REQUIRED'
  | 'SENDER_QUOTA_EXCEEDED' | 'DEADLINE_EXCEEDED'

/** Every RelayErrorCode, for checking a code read from the wire. */
export const RELAY_ERROR_CODES: ReadonlySet<string> = new Set<RelayErrorCode>([
  'BAD_REQUEST', 'UNSUPPORTED_VERSION', 'UNAUTHENTICATED', 'NOT_VERIFIED', 'NOT_FOUND',
  'NAME_TAKEN', 'INVALID_CODE', 'INVALID_CREDENTIALS', 'BAD_BUNDLE', 'BAD_ENVELOPE',
  'TOO_LARGE', 'QUOTA_EXCEEDED', 'RATE_LIMITED', 'INTERNAL', 'SECOND_FACTOR_REQUIRED',
  'SENDER_QUOTA_EXCEEDED', 'DEADLINE_EXCEEDED'
])

/** One message in a group's log, in post order. */
export interface GroupMailItem { seq: number, message: Uint8Array, receivedAt: number }

/** One member's state for a group message: a device of theirs stored it, they read it. */
export interface MemberReceipt { user: string, delivered: boolean, read: boolean }

/** One stored envelope in a mailbox, in deposit order. */
export interface MailItem { seq: number, envelope: Uint8Array, receivedAt: number }

/** A stored deposit: its message id, whether that id was already there, and when the relay took it. */
export interface Deposited { type: 'deposited', messageId: Uint8Array, duplicate: boolean, storedAt: number }
/** A refusal, of a request or of one deposit-many item. */
export interface RelayRefusal { type: 'error', code: RelayErrorCode, message: string, retryAfterMs?: number }
/** What became of one deposit-many item. */
export type DepositOutcome = Deposited | RelayRefusal

/** The outcome of a request. */
export type RelayResult =
  | { type: 'ok' }
  | RelayRefusal
  | { type: 'session', token: Uint8Array, user: string, expiresAt: number }
  | { type: 'bundles', user: string, signedBundles: Uint8Array[] }
  /** The users asked for, in order (a prefix of them when the rest would not fit), each with its bundles (none when unknown). */
  | { type: 'bundles-many', users: Array<{ user: string, signedBundles: Uint8Array[] }> }
  | Deposited
  /** One outcome per deposit-many item, in the request's order. */
  | { type: 'deposited-many', results: DepositOutcome[] }
  | { type: 'mail', items: MailItem[], more: boolean }
  | { type: 'totp-enrolment', uri: string, secret: string }
  | { type: 'recovery-codes', codes: string[] }
  | { type: 'sessions', sessions: SessionInfo[] }
  | { type: 'account', user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }
  | { type: 'group-posted', seq: number, duplicate: boolean, storedAt: number }
  | { type: 'group-mail', groupId: Uint8Array, items: GroupMailItem[], more: boolean }
  /** Counts over every member but the poster who can see the message; `members` lists up to MAX_RECEIPT_MEMBERS of them. */
  | { type: 'group-receipts', of: number, delivered: number, read: number, members: MemberReceipt[] }

/** A frame from the relay: a response, mail pushed to a subscriber, or watched users whose device lists changed. */
export type ServerMessage =
  | { type: 'response', id: number, result: RelayResult }
  | { type: 'push', items: MailItem[] }
  | { type: 'devices-changed', users: string[] }
  /** New messages of a group the stream's account is in. */
  | { type: 'group-push', groupId: Uint8Array, items: GroupMailItem[] }
