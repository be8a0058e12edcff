import { NodeError, RelayRequestError } from '@parley/node'

/** What the relay's refusals mean to a person, by relay error code. */
const RELAY_SENTENCES: Record<string, string> = {
  NAME_TAKEN: 'That name is already taken on this relay. Pick another one.',
  INVALID_CODE: 'That code is not right, or it has expired.',
  INVALID_CREDENTIALS: 'The name or the password is not right.',
  NOT_VERIFIED: 'This account has not confirmed its email address yet.',
  QUOTA_EXCEEDED: 'Their mailbox on the relay is full right now. Try again later.',
  SENDER_QUOTA_EXCEEDED: 'They have too many of your messages waiting that they have not fetched yet (fewer are allowed until they write to you). Try again once they have read them.',
  TOO_LARGE: 'That is too large to send.',
  INTERNAL: 'The relay had a problem with that. Try again in a moment.'
}

/** Turns anything thrown by the node layer into one sentence for the person using the app; never a stack trace. */
export function humanize (err: unknown): string {
  if (err instanceof RelayRequestError) {
    if (err.relayCode === 'RATE_LIMITED') {
      const wait = err.retryAfterMs !== undefined ? ` Wait ${formatWait(err.retryAfterMs)} and try again.` : ' Wait a little and try again.'
      return `Too many tries.${wait}`
    }
    if (err.relayCode === 'SECOND_FACTOR_REQUIRED') return 'Enter the code from your authenticator app (or a recovery code).'
    return RELAY_SENTENCES[err.relayCode] ?? sentence(err.message)
  }
  if (err instanceof NodeError) {
    switch (err.code) {
      case 'WRONG_PASSPHRASE': return 'That passphrase does not unlock the keys on this device.'
      case 'RELAY_UNREACHABLE': return 'Your relay cannot be reached right now. Check your connection; Parley keeps trying.'
      case 'TIMEOUT': return 'The relay took too long to answer. Try again.'
      case 'NOT_LOGGED_IN': return 'Your session on this device has ended. Log in again.'
      default: return sentence(err.message)
    }
  }
  return 'Something unexpected went wrong. Try again; if it keeps happening, reload the page.'
}

function sentence (text: string): string {
  const t = text.trim()
  if (t === '') return 'Something went wrong.'
  const first = t[0]?.toUpperCase() ?? ''
  return `${first}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`
}

function formatWait (ms: number): string {
  const s = Math.ceil(ms / 1000)
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const m = Math.ceil(s / 60)
  return `${m} minute${m === 1 ? '' : 's'}`
}

/** Why a stored message did not go out, from the code the node recorded with it. */
export function failureReason (message: { error?: string, errorCode?: string }): string {
  switch (message.errorCode) {
    case 'RELAY_UNREACHABLE': return 'your relay could not be reached.'
    case 'TIMEOUT': return 'the relay did not answer in time.'
    case 'NOT_LOGGED_IN': return 'your session on this device has ended.'
    case undefined: return message.error === undefined ? 'something went wrong.' : 'something went wrong on the way.'
    default: return message.error !== undefined ? `${message.error.replace(/[.]$/, '')}.` : 'something went wrong.'
  }
}
