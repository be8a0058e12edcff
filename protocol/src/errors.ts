/** Reasons a protocol operation refuses its input; callers narrow on `code`. */
export type ProtocolErrorCode =
  | 'MALFORMED'            // bytes do not decode as the expected message, or break the strict-decoding rules
  | 'TRUNCATED'            // input ends before a complete message
  | 'TOO_LARGE'            // input exceeds a size limit
  | 'UNSUPPORTED_VERSION'  // a version this implementation does not speak
  | 'UNSUPPORTED_SUITE'    // a crypto suite this implementation does not speak
  | 'UNSUPPORTED_KIND'     // a validly signed content of a kind this implementation cannot read
  | 'INVALID_FIELD'        // a decoded field is out of range or of the wrong shape
  | 'INVALID_ADDRESS'      // not a valid name@relay
  | 'NOT_A_RECIPIENT'      // no wrapped key for this device
  | 'DECRYPT_FAILED'       // authentication or key unwrapping failed (deliberately generic)
  | 'BAD_SIGNATURE'        // a signature does not verify under the expected key
  | 'UNKNOWN_SENDER'       // no identity key is known for the claimed sender
  | 'EXPIRED'              // past its expiry
  | 'MISMATCH'             // valid, but not the user, recipient or identity key the caller expected
  | 'NOT_ALLOWED'          // authentic, but its author may not do this (a group change by a non-admin)
  | 'REPLAYED'             // authentic, but already taken in (a group message key used before)

/**
 * Base class of every error `@parley/protocol` throws for bad input. Every ProtocolError is
 * final: it is a verdict on the bytes (and on the keys and expectations passed in with them), so
 * the same input can never become valid by retrying. A caller acknowledges and records such input
 * as rejected and moves on; passing failures (network, storage) are never ProtocolErrors.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  readonly code: ProtocolErrorCode

  constructor (code: ProtocolErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * UNSUPPORTED_KIND from `open`: the envelope is authentic (its signature verified under the
 * sender's known identity key) but its content kind is not one this implementation reads. It
 * names the sender, so the recipient can be told who wrote what could not be shown.
 */
export class UnsupportedKindError extends ProtocolError {
  override name = 'UnsupportedKindError'
  /** The `Content.kind` number received. */
  readonly kind: number
  /** The authenticated sender, canonical `name@relay`. */
  readonly sender: string
  /** The sending device's PeerId string, as the signed content names it. */
  readonly senderDevice: string

  constructor (kind: number, sender: string, senderDevice: string) {
    super('UNSUPPORTED_KIND', `${sender} sent a message of kind ${kind}, which this version of Parley cannot read`)
    this.kind = kind
    this.sender = sender
    this.senderDevice = senderDevice
  }
}

/** True when `err` is a ProtocolError, optionally with the given code. */
export function isProtocolError (err: unknown, code?: ProtocolErrorCode): err is ProtocolError {
  return err instanceof ProtocolError && (code === undefined || err.code === code)
}
