/** Handlers for watching device lists: a logged-in stream is told when the watched users' devices change. */
import { formatAddress, parseAddress } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type WatchRequestType = 'watch-devices'

/** The watch handlers over `c`. */
export function watchHandlers (c: HandlerServices): HandlerGroup<WatchRequestType> {
  return {
    // Watches live on the stream, in memory, as long as its session: a session is required. One
    // request of up to MAX_WATCH_USERS_PER_REQUEST users costs one token of the lookup budget;
    // what it can learn (that a user's devices changed) is what re-fetching them would show.
    'watch-devices': {
      auth: 'session',
      rates: ['per-source', 'lookups'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { stream }) => {
        const users: string[] = []
        for (const user of r.users) {
          let parsed
          try { parsed = parseAddress(user) } catch { throw new RelayError('BAD_REQUEST', `"${user}" is not an address of the form name@relay`) }
          // Only this relay's users have device lists here; others' would never change (no federation yet).
          if (parsed.relay === c.relayName) users.push(formatAddress(parsed.name, parsed.relay))
        }
        stream.watchDevices(users)
        return { type: 'ok' }
      }
    }
  }
}
