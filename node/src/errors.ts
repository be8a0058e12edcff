import { isProtocolError } from '@parley/protocol'

/** Reasons a node operation fails; the UI and CLI narrow on `code` and show `message` as-is. */
export type NodeErrorCode =
  | 'WRONG_PASSPHRASE' | 'NO_KEYSTORE' | 'KEYSTORE_EXISTS' | 'CORRUPT_STORE' | 'NOT_REGISTERED' | 'NOT_LOGGED_IN'
  /** The folder (or browser database) holds no device, and the caller asked not to create one. */
  | 'NO_DEVICE'
  /** Another process has the device folder open. */
  | 'STORE_BUSY'
  /** The device folder cannot be read (permissions, a vanished file). */
  | 'STORE_UNREADABLE'
  | 'RELAY_UNREACHABLE' | 'PEER_UNREACHABLE' | 'RELAY_REFUSED' | 'IDENTITY_CHANGED' | 'NO_KEYS' | 'UNSUPPORTED' | 'BAD_INPUT' | 'TIMEOUT'
  | 'REJECTED'
  /** The outbox already holds as many messages as it keeps. */
  | 'OUTBOX_FULL'

/** Base class of every error `@parley/node` reports; messages are written for the user. */
export class NodeError extends Error {
  override name = 'NodeError'
  readonly code: NodeErrorCode

  constructor (code: NodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** A relay answered a request with an error. */
export class RelayRequestError extends NodeError {
  override name = 'RelayRequestError'
  /** The relay's error code (see RelayErrorCode in @parley/protocol). */
  readonly relayCode: string
  readonly retryAfterMs?: number

  constructor (relayCode: string, message: string, retryAfterMs?: number) {
    super('RELAY_REFUSED', message)
    this.relayCode = relayCode
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs
  }
}

/** A contact's identity key differs from the pinned one; nothing is sent until the user accepts it. */
export class IdentityChangedError extends NodeError {
  override name = 'IdentityChangedError'
  readonly address: string

  constructor (address: string) {
    super('IDENTITY_CHANGED', `the identity key of ${address} has changed. This happens when they reinstall, or when someone is impersonating them. Compare safety numbers with them, then accept the new key (parley trust ${address}).`)
    this.address = address
  }
}

/** Incoming content this device checked and will never accept (not from a device of its sender, a kind it cannot read...). */
export class RejectedContentError extends NodeError {
  override name = 'RejectedContentError'

  constructor (message: string) {
    super('REJECTED', message)
  }
}

/**
 * How a failure to take in one incoming envelope is handled:
 * - `final`: the input itself is bad (it does not decode, open or verify; its sender has no keys;
 *   a check refused it). Retrying cannot help: it is acknowledged, recorded as rejected and never
 *   retried.
 * - `passing`: something around it failed (the relay or directory unreachable or overloaded, a
 *   timeout, the local store). It is left unacknowledged and tried again on the next fetch.
 * Anything unrecognised is passing: leaving a message for later never loses it.
 */
export type FailureKind = 'final' | 'passing'

/** Relay answers that say something definite about the input: its sender does not exist. */
const FINAL_RELAY_CODES = new Set(['NOT_FOUND'])
/** Node errors that are about the input, not about the network or this device. */
const FINAL_NODE_CODES = new Set<NodeErrorCode>(['REJECTED', 'NO_KEYS', 'BAD_INPUT', 'UNSUPPORTED'])

/** The one place that decides whether a failure on incoming mail is final or passing. */
export function failureKind (err: unknown): FailureKind {
  if (isProtocolError(err)) return 'final'
  if (err instanceof RelayRequestError) return FINAL_RELAY_CODES.has(err.relayCode) ? 'final' : 'passing'
  if (err instanceof NodeError && FINAL_NODE_CODES.has(err.code)) return 'final'
  return 'passing'
}
