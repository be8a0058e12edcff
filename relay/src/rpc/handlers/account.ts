/** Handlers for the account's life: registration, email verification, email change, password reset, deletion, info. */
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type AccountRequestType =
  | 'register' | 'verify' | 'resend-code' | 'change-email' | 'confirm-email'
  | 'request-password-reset' | 'reset-password' | 'delete-account' | 'account-info'

/** The account handlers over `c`. */
export function accountHandlers ({ accounts }: HandlerServices): HandlerGroup<AccountRequestType> {
  return {
    register: {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { caller }) => { await accounts.register(r.name, r.email, r.password, caller); return { type: 'ok' } }
    },
    verify: {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { caller }) => { await accounts.verify(r.name, r.code, caller); return { type: 'ok' } }
    },
    'resend-code': {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async r => { await accounts.resendCode(r.name); return { type: 'ok' } }
    },
    // Mail goes only to the address of a verified account: an unverified sign-up cannot aim the relay's mail.
    'change-email': {
      auth: 'session+verified',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { session }) => { await accounts.changeEmail(session.user, r.newEmail); return { type: 'ok' } }
    },
    'confirm-email': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller }) => { await accounts.confirmEmail(session.user, r.code, caller); return { type: 'ok' } }
    },
    'request-password-reset': {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async r => { await accounts.requestPasswordReset(r.name); return { type: 'ok' } }
    },
    'reset-password': {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { caller }) => { await accounts.resetPassword(r.name, r.code, r.newPassword, caller); return { type: 'ok' } }
    },
    'delete-account': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { session, caller }) => { await accounts.deleteAccount(session.user, r.password, r.secondFactor, caller); return { type: 'ok' } }
    },
    'account-info': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (_r, { session }) => ({ type: 'account', ...await accounts.info(session.user) })
    }
  }
}
