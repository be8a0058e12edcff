/** Handlers for sessions: login, presenting a token again, logout, listing and revoking. */
import { tokenHash } from '../../sessions.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type SessionRequestType = 'login' | 'authenticate' | 'logout' | 'list-sessions' | 'revoke-sessions'

/** The session handlers over `c`. */
export function sessionHandlers ({ accounts }: HandlerServices): HandlerGroup<SessionRequestType> {
  return {
    login: {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.slow,
      handle: async (r, { caller, stream }) => {
        const s = await accounts.login(r.name, r.password, r.secondFactor, caller)
        stream.signIn(r.name, s.token, tokenHash(s.token))
        return { type: 'session', ...s }
      }
    },
    // The token is checked against the stream's PeerId: a token copied to another device is refused.
    authenticate: {
      auth: 'none',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { caller, stream }) => {
        const s = await accounts.authenticate(r.token, caller.peerId)
        stream.signIn(s.user, r.token, s.tokenHash)
        return { type: 'ok' }
      }
    },
    // Logging out of nothing is not an error: the client's state is what it asked for.
    logout: {
      auth: 'optional-session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (_r, { session, stream }) => {
        if (session !== undefined) await accounts.logout(session.user, session.tokenHash)
        stream.signOut()
        return { type: 'ok' }
      }
    },
    'list-sessions': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (_r, { session }) => ({ type: 'sessions', sessions: await accounts.listSessions(session.user, session.tokenHash) })
    },
    'revoke-sessions': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session }) => { await accounts.revokeSessions(session.user, r, session.tokenHash); return { type: 'ok' } }
    }
  }
}
