/** Handlers for the directory: publishing this device's bundle, looking users up, noting contacts. */
import { MAX_BULK_LOOKUP_BYTES, parseAddress } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type DirectoryRequestType = 'publish-bundle' | 'fetch-bundles' | 'fetch-bundles-many' | 'note-contact'

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
    // Logged-in, verified accounts only: one request counts once as a lookup and once per user it
    // names in the bulk budget, whose refill is the single lookups' rate. An unknown user (or one
    // of another relay) is answered with no bundles, as the single lookup's NOT_FOUND would say.
    'fetch-bundles-many': {
      auth: 'session+verified',
      rates: ['per-source', 'lookups', 'bulk-lookups'],
      units: r => r.users.length,
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (r, { signal }) => {
        const users: Array<{ user: string, signedBundles: Uint8Array[] }> = []
        let bytes = 0
        for (const user of r.users) {
          signal.throwIfAborted()
          let signedBundles: Uint8Array[] = []
          try {
            signedBundles = await directory.fetch(user)
          } catch (err) {
            if (!(err instanceof RelayError) || (err.code !== 'NOT_FOUND' && err.code !== 'BAD_REQUEST')) throw err
          }
          const size = signedBundles.reduce((n, b) => n + b.length + 8, user.length + 8)
          // The rest would not fit one frame: they are left for the next request.
          if (users.length > 0 && bytes + size > MAX_BULK_LOOKUP_BYTES) break
          bytes += size
          users.push({ user, signedBundles })
        }
        return { type: 'bundles-many', users }
      }
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
