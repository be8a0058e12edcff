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
