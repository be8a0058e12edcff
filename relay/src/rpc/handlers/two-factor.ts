/** Handlers for two-factor login: TOTP enrolment, confirmation, disabling, recovery codes. */
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type TwoFactorRequestType = 'totp-enrol' | 'totp-confirm' | 'totp-disable' | 'regenerate-recovery-codes'

/** The two-factor handlers over `c`. */
export function twoFactorHandlers ({ accounts }: HandlerServices): HandlerGroup<TwoFactorRequestType> {
  return {
    'totp-enrol': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (_r, { session }) => ({ type: 'totp-enrolment', ...await accounts.enrolTotp(session.user) })
    },
    'totp-confirm': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller }) => ({ type: 'recovery-codes', codes: await accounts.confirmTotp(session.user, r.code, caller) })
    },
    'totp-disable': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { session, caller }) => { await accounts.disableTotp(session.user, r.secondFactor, caller); return { type: 'ok' } }
    },
    'regenerate-recovery-codes': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { session, caller }) => ({ type: 'recovery-codes', codes: await accounts.regenerateRecoveryCodes(session.user, r.secondFactor, caller) })
    }
  }
}
