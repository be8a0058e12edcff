import type { SecondFactorInput } from '@parley/protocol'

/**
 * What a person typed when asked for a second factor: six digits (spaces allowed) are a code from
 * an authenticator app, anything else a recovery code; undefined when nothing was typed.
 */
export function secondFactorFrom (typed: string): SecondFactorInput | undefined {
  const text = typed.trim()
  if (text === '') return undefined
  const digits = text.replace(/\s/g, '')
  return /^\d{6}$/.test(digits) ? { totpCode: digits } : { recoveryCode: text }
}
