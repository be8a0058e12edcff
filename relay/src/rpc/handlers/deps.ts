import type { Accounts } from '../../accounts.js'
import type { Directory } from '../../directory.js'
import type { MailboxStore } from '../../mailbox-store.js'
import type { Logger } from '../../logger.js'
import type { SenderLimits } from '../../sender-limits.js'
import type { GroupLogStore } from '../../group-log.js'

/** The relay services the request handlers work on. */
export interface HandlerServices {
  accounts: Accounts
  directory: Directory
  mailboxes: MailboxStore
  senders: SenderLimits
  groups: GroupLogStore
  relayName: string
  /** Where a failure of the relay itself inside a handler is told (name and code only). */
  log?: Logger
}
