import type { RelayErrorCode } from '@parley/protocol'

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
