import { Level } from 'level'
import { NodeError } from './errors.js'
import type { Profile } from './parley-node.js'

/** The node's local database (LevelDB in Node, IndexedDB in browsers), one sublevel per concern. */
export class NodeStore {
  readonly level: Level<string, unknown>
  readonly meta
  readonly contacts
  readonly messages
  readonly messageIndex
  readonly held
  readonly rejected

  /** `createIfMissing: false` makes opening a folder that holds no database fail instead of making one (LevelDB only). */
  constructor (location: string, options: { createIfMissing?: boolean } = {}) {
    this.level = new Level<string, unknown>(location, { keyEncoding: 'utf8', valueEncoding: 'json', createIfMissing: options.createIfMissing !== false })
    this.meta = this.level.sublevel<string, any>('meta', { valueEncoding: 'json' })
    this.contacts = this.level.sublevel<string, any>('contacts', { valueEncoding: 'json' })
    this.messages = this.level.sublevel<string, any>('messages', { valueEncoding: 'json' })
    this.messageIndex = this.level.sublevel<string, string>('message-index', { valueEncoding: 'json' })
    this.held = this.level.sublevel<string, any>('held', { valueEncoding: 'json' })
    this.rejected = this.level.sublevel<string, any>('rejected', { valueEncoding: 'json' })
  }

  async open (): Promise<void> { await this.level.open() }
  async close (): Promise<void> { await this.level.close() }
}

/** Where the keystore and the profile are kept in the root level (sublevel `meta`). */
export const KEYSTORE_KEY = '!meta!keystore'
export const PROFILE_KEY = '!meta!profile'

/** Checks a stored profile field by field; a damaged one is a CORRUPT_STORE error that says which field. */
export function checkProfile (value: unknown): Profile {
  const damaged = (what: string): NodeError => new NodeError('CORRUPT_STORE', `the account profile ${what}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged('record is not an object')
  const p = value as Record<string, unknown>
  for (const field of ['name', 'address', 'email', 'relayUrl'] as const) {
    if (typeof p[field] !== 'string') throw damaged(`has no ${field}`)
  }
  const relay = p.relay as Record<string, unknown> | null | undefined
  if (typeof relay !== 'object' || relay === null || typeof relay.name !== 'string' || typeof relay.peerId !== 'string' ||
    !Array.isArray(relay.multiaddrs) || !relay.multiaddrs.every(a => typeof a === 'string')) {
    throw damaged('has no usable relay (name, PeerId and addresses)')
  }
  return value as Profile
}
