/** Byte counts for people, as the CLI writes them. */
export { formatBytes } from '@parley/node'
