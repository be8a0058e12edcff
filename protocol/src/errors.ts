/** Reasons a protocol operation refuses its input; callers narrow on `code`. */
export type ProtocolErrorCode =
  | 'MALFORMED'            // bytes do not decode as the expected message
  | 'TRUNCATED'            // input ends before a complete message
  | 'TOO_LARGE'            // input exceeds a size limit
  | 'UNSUPPORTED_VERSION'  // a version this implementation does not speak
  | 'UNSUPPORTED_SUITE'    // a crypto suite this implementation does not speak
  | 'INVALID_FIELD'        // a decoded field is out of range or of the wrong shape
  | 'INVALID_ADDRESS'      // not a valid name@relay
  | 'NOT_A_RECIPIENT'      // no wrapped key for this device
  | 'DECRYPT_FAILED'       // authentication or key unwrapping failed (deliberately generic)
  | 'BAD_SIGNATURE'        // a signature does not verify under the expected key
  | 'UNKNOWN_SENDER'       // no identity key is known for the claimed sender
  | 'EXPIRED'              // past its expiry
  | 'MISMATCH'             // valid, but not the user, recipient or identity key the caller expected

/** Base class of every error `@parley/protocol` throws for bad input. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  readonly code: ProtocolErrorCode

  constructor (code: ProtocolErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** True when `err` is a ProtocolError, optionally with the given code. */
export function isProtocolError (err: unknown, code?: ProtocolErrorCode): err is ProtocolError {
  return err instanceof ProtocolError && (code === undefined || err.code === code)
}
