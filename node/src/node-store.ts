import { Level } from 'level'
import { MemoryLevel } from 'memory-level'
import { NodeError } from './errors.js'
import type { KeyMaterial } from './keystore.js'
import type { RelayEndpoint } from './relay-client.js'
import { sealPlaintextRecords } from './store/migrate.js'
import { RecordSeal } from './store/record-seal.js'
import { SealedLevel, type RawDatabase } from './store/sealed-level.js'

/** Who this device belongs to and where its home relay is (the device's profile record). */
export interface Profile {
  name: string
  address: string
  email: string
  relayUrl: string
  relay: RelayEndpoint
}

/**
 * Sublevels whose keys start with a person's address: that part of the key is stored as an HMAC.
 * Every sublevel is sealed; a new one whose keys name a person belongs here too.
 */
const NAMED_SUBLEVELS: ReadonlySet<string> = new Set(['contacts', 'messages', 'held', 'group-senders', 'profiles', 'profile-sent'])

/**
 * The node's local database (LevelDB in Node, IndexedDB in browsers, memory in tests), one
 * sublevel per concern. Every record but the keystore is sealed under keys derived from the
 * keystore's key material (see store/record-seal.ts): open the store, read the keystore, then
 * `unlock` with the opened key material before any other record is read or written.
 */
export class NodeStore {
  readonly level: SealedLevel
  readonly meta
  readonly contacts
  readonly messages
  readonly messageIndex
  readonly held
  readonly rejected
  /** Messages written while the relay could not be reached, in order (delivery/outbox.ts). */
  readonly outbox
  /** Groups this device is in (groups/records.ts), and the other members' sender keys. */
  readonly groups
  readonly groupKeys
  /** Group messages waiting for their sender key, apart from the group's record (they can be large). */
  readonly groupHeld
  /** The sender keys held per group member's device (to keep a bounded number of them). */
  readonly groupSenders
  /** Other people's display names and pictures (profiles/profiles.ts), and which version of this user's each contact and group was sent. */
  readonly profiles
  readonly profileSent
  /** Files that came over a direct connection (files/direct-files.ts): their sender, size and bytes on disk. */
  readonly directFiles
  /** The device folder, for its permissions; undefined for a browser's or an in-memory database. */
  private readonly folder?: string
  private readonly createIfMissing: boolean

  /**
   * A store in the folder (or browser database) `location`, or over the database given.
   * `createIfMissing: false` makes opening a folder that holds no database fail instead of making one (LevelDB only).
   */
  constructor (location: string | RawDatabase, options: { createIfMissing?: boolean } = {}) {
    const createIfMissing = this.createIfMissing = options.createIfMissing !== false
    const raw = typeof location === 'string'
      ? new Level<string, Uint8Array>(location, { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing })
      : location
    if (typeof location === 'string' && runsInNode()) this.folder = location
    this.level = new SealedLevel(raw, { plaintextKeys: new Set([KEYSTORE_KEY]), namedSublevels: NAMED_SUBLEVELS, createIfMissing })
    this.meta = this.level.sublevel<string, any>('meta', { valueEncoding: 'json' })
    this.contacts = this.level.sublevel<string, any>('contacts', { valueEncoding: 'json' })
    this.messages = this.level.sublevel<string, any>('messages', { valueEncoding: 'json' })
    this.messageIndex = this.level.sublevel<string, string>('message-index', { valueEncoding: 'json' })
    this.held = this.level.sublevel<string, any>('held', { valueEncoding: 'json' })
    this.rejected = this.level.sublevel<string, any>('rejected', { valueEncoding: 'json' })
    this.outbox = this.level.sublevel<string, any>('outbox', { valueEncoding: 'json' })
    this.groups = this.level.sublevel<string, any>('groups', { valueEncoding: 'json' })
    this.groupKeys = this.level.sublevel<string, any>('group-keys', { valueEncoding: 'json' })
    this.groupHeld = this.level.sublevel<string, string>('group-held', { valueEncoding: 'json' })
    this.groupSenders = this.level.sublevel<string, number>('group-senders', { valueEncoding: 'json' })
    this.profiles = this.level.sublevel<string, any>('profiles', { valueEncoding: 'json' })
    this.profileSent = this.level.sublevel<string, string>('profile-sent', { valueEncoding: 'json' })
    this.directFiles = this.level.sublevel<string, any>('direct-files', { valueEncoding: 'json' })
  }

  /** A store over a fresh in-memory database (for tests): open it, then unlock it. */
  static inMemory (): NodeStore {
    return new NodeStore(new MemoryLevel<string, Uint8Array>({ keyEncoding: 'utf8', valueEncoding: 'view' }))
  }

  /** Opens the database; a device folder is made (or kept) owner-only. */
  async open (): Promise<void> {
    const mode = this.folder === undefined ? undefined : await loadFolderMode()
    if (this.folder !== undefined) await mode?.prepareFolder(this.folder, this.createIfMissing)
    await this.level.open()
    if (this.folder !== undefined) await mode?.restrictFiles(this.folder)
  }

  /**
   * Derives the store's keys from the keystore's key material and seals any plaintext records
   * left from before sealing (once, crash-safe). CORRUPT_STORE when the store was sealed by other keys.
   */
  async unlock (material: Pick<KeyMaterial, 'identity'>): Promise<void> {
    this.level.useSeal(await RecordSeal.derive(material.identity.privateKey, NAMED_SUBLEVELS))
    try {
      await sealPlaintextRecords(this.level)
    } catch (err) {
      this.level.lock()
      throw err
    }
  }

  /** Whether `unlock` has succeeded. */
  get unlocked (): boolean { return this.level.unlocked }

  /** Closes the database (and tightens the permissions of the files it made). */
  async close (): Promise<void> {
    await this.level.close()
    if (this.folder !== undefined) await (await loadFolderMode())?.restrictFiles(this.folder).catch(() => {})
  }
}

/** Where the keystore is kept in the root level (sublevel `meta`); the one record stored unsealed. */
export const KEYSTORE_KEY = '!meta!keystore'
/** Where the profile is kept in the root level (sublevel `meta`), sealed. */
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

/** Whether this runs in Node (where a device folder is a folder of files). */
/** Whether this runs in Node (not a browser). */
export function runsInNode (): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string'
}

/** The folder permissions module, in Node only, by a specifier bundlers do not follow. */
async function loadFolderMode (): Promise<typeof import('./store/folder-mode.js') | undefined> {
  if (!runsInNode()) return undefined
  const specifier = './store/folder-mode.js'
  return await import(/* @vite-ignore */ specifier)
}
