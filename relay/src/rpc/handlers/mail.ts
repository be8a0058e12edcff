/** Handlers for a device's mailbox: fetching pages, acknowledging, subscribing to pushed mail. */
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type MailRequestType = 'fetch-mail' | 'ack-mail' | 'subscribe'

/** The mailbox handlers over `c`; a device reads only its own mailbox (the stream's PeerId). */
export function mailHandlers ({ mailboxes }: HandlerServices): HandlerGroup<MailRequestType> {
  return {
    'fetch-mail': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.paged,
      handle: async (r, { session, caller, stream }) => {
        // One page at a time per stream, counted until it is written: each can be megabytes.
        await stream.nextPage()
        return { type: 'mail', ...await mailboxes.fetch(session.user, caller.peerId, r.afterSeq, r.limit) }
      }
    },
    'ack-mail': {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller }) => { await mailboxes.ack(session.user, caller.peerId, r.messageIds); return { type: 'ok' } }
    },
    subscribe: {
      auth: 'session',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (_r, { session, stream }) => { await stream.subscribe(session.user); return { type: 'ok' } }
    }
  }
}
