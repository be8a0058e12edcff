import { formatAddress, isProtocolError, parseAddress, toHex, verifyBundle, type DeviceBundle } from '@parley/protocol'
import { RelayError } from './errors.js'
import { KeyedLock } from './keyed-lock.js'
import { MAX_CACHED_DEVICE_LISTS, MAX_CLOCK_SKEW_MS, MAX_DEVICES_PER_USER } from './constants.js'
import { ReadCache } from './read-cache.js'
import type { RelayDb } from './store.js'
import type { Accounts } from './accounts.js'

/** A published device, as the directory stores it. */
export interface DirectoryEntry {
  peerId: string
  identityKey: string
  createdAt: number
  /** The signed bundle exactly as the device published it (base64). */
  signedBundle: string
}

/** What the directory needs from the relay. */
export interface DirectoryComponents { db: RelayDb, accounts: Accounts, relayName: string, now?: () => number }

/** The public-key directory: signed device bundles of this relay's verified users. */
export class Directory {
  private readonly entries
  private readonly lock = new KeyedLock()
  /** Published device ids per user, read on every deposit; kept exact by the store's write watch. */
  readonly deviceLists: ReadCache<ReadonlySet<string>>
  /** Told the address of every user whose published devices a commit changed. */
  private readonly changeListeners = new Set<(address: string) => void>()

  constructor (private readonly c: DirectoryComponents) {
    this.entries = c.db.json<DirectoryEntry>('directory')
    this.deviceLists = new ReadCache(MAX_CACHED_DEVICE_LISTS, async name => new Set((await this.list(name)).map(e => e.peerId)))
    // Every write of the directory's records passes here once on disk: publishing, replacing an
    // identity key, deleting an account. So a listener hears of whatever changes `fetch`'s answer.
    c.db.watch(this.entries, k => {
      const name = k.split('\x00')[0] as string
      this.deviceLists.invalidate(name)
      const address = formatAddress(name, c.relayName)
      for (const listener of this.changeListeners) listener(address)
    })
  }

  /**
   * Stores a device bundle after checking its signature, that it names this user and the
   * publishing device, and that it is not older than the one it replaces. A new identity key
   * replaces every device published under the old one.
   */
  async publish (name: string, peerId: string, signedBundle: Uint8Array): Promise<DeviceBundle> {
    const account = await this.c.accounts.get(name)
    if (account === undefined) throw new RelayError('UNAUTHENTICATED', 'the account no longer exists')
    if (!account.verified) throw new RelayError('NOT_VERIFIED', 'verify the email address before publishing keys')
    let bundle: DeviceBundle
    try {
      bundle = await verifyBundle(signedBundle, { expectedUser: formatAddress(name, this.c.relayName) })
    } catch (err) {
      if (isProtocolError(err)) throw new RelayError('BAD_BUNDLE', `bundle refused: ${err.message}`)
      throw err
    }
    // A bundle dated in the future would make every honest later bundle look older.
    if (bundle.createdAt > (this.c.now ?? Date.now)() + MAX_CLOCK_SKEW_MS) throw new RelayError('BAD_BUNDLE', 'bundle refused: it is dated in the future; check the device clock')
    if (bundle.peerId !== peerId) throw new RelayError('BAD_BUNDLE', 'bundle refused: it names another device than the one publishing it')
    const identityKey = toHex(bundle.identityKey)
    await this.lock.run(name, async () => {
      const existing = await this.list(name)
      const same = existing.find(e => e.peerId === peerId)
      if (same !== undefined && same.createdAt > bundle.createdAt) throw new RelayError('BAD_BUNDLE', 'bundle refused: older than the published one')
      const stale = existing.filter(e => e.identityKey !== identityKey)
      // A new identity key wipes the devices of the old one, so it must be newer than all of them:
      // otherwise a device holding an old signed bundle could replay it and evict the current keys.
      if (stale.some(e => e.createdAt >= bundle.createdAt)) throw new RelayError('BAD_BUNDLE', 'bundle refused: older than the published keys of this account')
      const kept = existing.filter(e => e.identityKey === identityKey && e.peerId !== peerId)
      if (kept.length + 1 > MAX_DEVICES_PER_USER) throw new RelayError('QUOTA_EXCEEDED', `at most ${MAX_DEVICES_PER_USER} devices per account`)
      const entry: DirectoryEntry = { peerId, identityKey, createdAt: bundle.createdAt, signedBundle: Buffer.from(signedBundle).toString('base64') }
      await this.c.db.commit([
        ...stale.map(e => ({ type: 'del' as const, sublevel: this.entries, key: key(name, e.peerId) })),
        { type: 'put', sublevel: this.entries, key: key(name, peerId), value: entry }
      ])
    })
    return bundle
  }

  /** The signed bundles of `address` (a user of this relay). */
  async fetch (address: string): Promise<Uint8Array[]> {
    let parsed
    try { parsed = parseAddress(address) } catch { throw new RelayError('BAD_REQUEST', `"${address}" is not a name@relay address`) }
    if (parsed.relay !== this.c.relayName) throw new RelayError('NOT_FOUND', `${address} is not a user of this relay`)
    const entries = await this.list(parsed.name)
    if (entries.length === 0) throw new RelayError('NOT_FOUND', `${address} has no published keys`)
    return entries.map(e => new Uint8Array(Buffer.from(e.signedBundle, 'base64')))
  }

  /** Calls `listener` with a user's address each time their published devices change (once on disk); returns the way to stop. */
  onChange (listener: (address: string) => void): () => void {
    this.changeListeners.add(listener)
    return () => { this.changeListeners.delete(listener) }
  }

  /** Removes every device of a deleted account. */
  async deleteUser (name: string): Promise<void> {
    await this.lock.run(name, async () => {
      const entries = await this.list(name)
      if (entries.length > 0) await this.c.db.commit(entries.map(e => ({ type: 'del' as const, sublevel: this.entries, key: key(name, e.peerId) })))
    })
  }

  /** The PeerIds of the published devices of a local user, from memory while its device list is unchanged. */
  async devices (name: string): Promise<ReadonlySet<string>> {
    return await this.deviceLists.get(name)
  }

  /** The published devices of a local user. */
  async list (name: string): Promise<DirectoryEntry[]> {
    const out: DirectoryEntry[] = []
    for await (const value of this.entries.values({ gt: `${name}\x00`, lt: `${name}\x01` })) out.push(value)
    return out
  }
}

function key (name: string, peerId: string): string {
  return `${name}\x00${peerId}`
}
