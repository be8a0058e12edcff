/** Handlers for the directory: publishing this device's bundle, looking users up, noting contacts. */
import { parseAddress } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type DirectoryRequestType = 'publish-bundle' | 'fetch-bundles' | 'note-contact'

/** The directory handlers over `c`. */
export function directoryHandlers (c: HandlerServices): HandlerGroup<DirectoryRequestType> {
  const { accounts, directory } = c
  return {
    // A bundle is published for the stream's PeerId only: a session cannot speak for another device.
    // Only verified users are in the directory (Directory checks it too, for its other callers).
    'publish-bundle': {
      auth: 'session+verified',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { session, caller }) => { await directory.publish(session.user, caller.peerId, r.signedBundle); return { type: 'ok' } }
    },
    'fetch-bundles': {
      auth: 'optional-session',
      rates: ['per-source', 'lookups'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async r => ({ type: 'bundles', user: r.user, signedBundles: await directory.fetch(r.user) })
    },
    // A contact note costs a disk write: it shares the account's lookup budget.
    'note-contact': {
      auth: 'session+verified',
      rates: ['per-source', 'lookups'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (request, { account: sender }) => {
        let name: string
        try {
          const parsed = parseAddress(request.user)
          if (parsed.relay !== c.relayName) throw new RelayError('NOT_FOUND', `${request.user} is not a user of this relay`)
          name = parsed.name
        } catch (err) {
          if (err instanceof RelayError) throw err
          throw new RelayError('BAD_REQUEST', `"${request.user}" is not an address of the form name@relay`)
        }
        const account = await accounts.get(name)
        if (account === undefined || !account.verified) throw new RelayError('NOT_FOUND', `${request.user} is not a user of this relay`)
        await c.senders.noteContact({ name: sender.name, createdAt: sender.createdAt }, { name, createdAt: account.createdAt })
        return { type: 'ok' }
      }
    }
  }
}
