/** @parley/relay: the relay server. */
export { startRelay, resolveConfig, type Relay, type RelayConfig } from './relay.js'
export type { MailConfig } from './mailer.js'
export type { MailboxLimits } from './mailbox-store.js'
export { RelayError } from './errors.js'
export { createLogger, type Logger } from './logger.js'
