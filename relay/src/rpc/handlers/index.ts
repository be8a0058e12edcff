/** The relay's request table, assembled from one handler file per area. */
import type { HandlerTable } from '../table.js'
import type { HandlerServices } from './deps.js'
import { accountHandlers } from './account.js'
import { sessionHandlers } from './sessions.js'
import { twoFactorHandlers } from './two-factor.js'
import { directoryHandlers } from './directory.js'
import { mailHandlers } from './mail.js'
import { depositHandlers } from './deposit.js'
import { watchHandlers } from './watch.js'
import { groupHandlers } from './groups.js'

export type { HandlerServices } from './deps.js'

/** Every request type's entry, over the relay services `c`. */
export function createHandlerTable (c: HandlerServices): HandlerTable {
  return {
    ...accountHandlers(c),
    ...sessionHandlers(c),
    ...twoFactorHandlers(c),
    ...directoryHandlers(c),
    ...mailHandlers(c),
    ...depositHandlers(c),
    ...watchHandlers(c),
    ...groupHandlers(c)
  }
}
