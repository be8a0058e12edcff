import { isProtocolError, type RelayErrorCode } from '@parley/protocol'

/** An error the relay reports to the client as-is: its message must never contain secrets. */
export class RelayError extends Error {
  override name = 'RelayError'
  readonly code: RelayErrorCode
  readonly retryAfterMs?: number

  constructor (code: RelayErrorCode, message: string, retryAfterMs?: number) {
    super(message)
    this.code = code
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs
  }
}

/** Reads a frame with `read`, refusing what it refuses as the client is told: TOO_LARGE, else BAD_ENVELOPE naming `what`. */
export function readFrame<T> (what: string, read: () => T): T {
  try {
    return read()
  } catch (err) {
    if (isProtocolError(err, 'TOO_LARGE')) throw new RelayError('TOO_LARGE', err.message)
    if (isProtocolError(err)) throw new RelayError('BAD_ENVELOPE', `${what} refused: ${err.message}`)
    throw err
  }
}
