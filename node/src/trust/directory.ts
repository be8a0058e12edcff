import { constantTimeEqual, isProtocolError, verifyBundle, type DeviceBundle } from '@parley/protocol'
import { NodeError } from '../errors.js'
import { DIRECTORY_CACHE_TTL_MS, DIRECTORY_REFRESH_MIN_MS, MAX_DIRECTORY_CACHE } from '../constants.js'
import type { Clock } from '../components.js'
import type { RelayLink } from '../relay/connection.js'

/** A user's verified device list as the directory gave it, and when. */
export interface DirectoryEntry {
  bundles: DeviceBundle[]
  /** When it was fetched (the clock's milliseconds). */
  at: number
}

/** What the directory is built from. */
export interface DirectoryComponents {
  relay: RelayLink
  clock: Clock
}

/** The directory's limits (tests shorten them). */
export interface DirectoryInit {
  ttlMs?: number
  refreshMinMs?: number
  maxEntries?: number
}

/**
 * The home relay's directory, with a cache of each user's verified device list. The rule:
 * a list is fetched once and then used for every send and every check until
 * 1. a message arrives from a device the list does not name (`isDeviceOf` asks again),
 * 2. the relay refuses a deposit to it, or its key changes (the caller calls `invalidate`),
 * 3. DIRECTORY_CACHE_TTL_MS passes.
 * A changed-key check (`recent`) uses a cached list that shows the new key; otherwise it asks
 * the directory, at most once per DIRECTORY_REFRESH_MIN_MS per sender. So a page of forged
 * envelopes costs one lookup per sender, not one per envelope, and the first envelope of a
 * genuine key change is judged by a fresh list.
 * Nothing here pins: pinning is the caller's, against the contacts.
 */
export class Directory {
  private readonly cache = new Map<string, DirectoryEntry>()
  private readonly fetching = new Map<string, Promise<DirectoryEntry>>()
  /** When a changed-key check last asked the directory, by address (bounded like the cache). */
  private readonly changeChecks = new Map<string, number>()
  private readonly ttlMs: number
  private readonly refreshMinMs: number
  private readonly maxEntries: number

  constructor (private readonly components: DirectoryComponents, init: DirectoryInit = {}) {
    this.ttlMs = init.ttlMs ?? DIRECTORY_CACHE_TTL_MS
    this.refreshMinMs = init.refreshMinMs ?? DIRECTORY_REFRESH_MIN_MS
    this.maxEntries = init.maxEntries ?? MAX_DIRECTORY_CACHE
  }

  /** The verified bundles of `address`: the cached list while it is valid, else a fresh one (NO_KEYS when none verify). */
  async bundles (address: string, options: { signal?: AbortSignal } = {}): Promise<DeviceBundle[]> {
    return (this.cached(address) ?? await this.fetch(address, options)).bundles
  }

  /** The cached list of `address` if it is still within its TTL. */
  cached (address: string): DirectoryEntry | undefined {
    const entry = this.cache.get(address)
    if (entry === undefined) return undefined
    if (this.components.clock.now() - entry.at >= this.ttlMs) { this.cache.delete(address); return undefined }
    return entry
  }

  /**
   * The list to judge a changed key by: the cached one when it already shows another key than
   * `pinned`; else a fresh one, unless a changed-key check of `address` fetched one within
   * DIRECTORY_REFRESH_MIN_MS (then the cached list is believed). `fetched` is true when the list
   * is fresh or believed: an envelope it cannot vouch for is not genuine.
   */
  async recent (address: string, pinned: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<{ entry: DirectoryEntry, fetched: boolean }> {
    const now = this.components.clock.now()
    const entry = this.cached(address)
    if (entry !== undefined) {
      const published = entry.bundles[0]?.identityKey
      if (published !== undefined && !constantTimeEqual(published, pinned)) return { entry, fetched: false }
      const last = this.changeChecks.get(address)
      if (last !== undefined && now - last < this.refreshMinMs) return { entry, fetched: true }
    }
    this.changeChecks.delete(address)
    this.changeChecks.set(address, now)
    while (this.changeChecks.size > this.maxEntries) this.changeChecks.delete(this.changeChecks.keys().next().value as string)
    return { entry: await this.fetch(address, options), fetched: true }
  }

  /** Whether a cached list older than DIRECTORY_REFRESH_MIN_MS may be fetched again. */
  stale (entry: DirectoryEntry): boolean {
    return this.components.clock.now() - entry.at >= this.refreshMinMs
  }

  /**
   * Whether `peerId` is a device `user` signed a bundle for under `identityKey`: from the cached
   * list when it names it, else from a fresh lookup (a device the list does not name may be new).
   */
  async isDeviceOf (user: string, peerId: string, identityKey: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const names = (bundles: DeviceBundle[]): boolean => bundles.some(b => b.peerId === peerId && constantTimeEqual(b.identityKey, identityKey))
    const entry = this.cached(user)
    if (entry !== undefined && names(entry.bundles)) return true
    return names((await this.fetch(user, options)).bundles)
  }

  /** Forgets the list of `address`: the next use asks the directory. */
  invalidate (address: string): void {
    this.cache.delete(address)
  }

  /**
   * Asks the directory for `address` (one request at a time per address): the bundles that
   * verify, all under one identity key (NO_KEYS otherwise).
   */
  async fetch (address: string, options: { signal?: AbortSignal } = {}): Promise<DirectoryEntry> {
    const pending = this.fetching.get(address)
    if (pending !== undefined) return await pending
    const run = this.fetchNow(address, options)
    this.fetching.set(address, run)
    try {
      return await run
    } finally {
      this.fetching.delete(address)
    }
  }

  private async fetchNow (address: string, options: { signal?: AbortSignal }): Promise<DirectoryEntry> {
    const result = await this.components.relay.request({ type: 'fetch-bundles', user: address }, 'bundles', { auth: 'preferred', ...options })
    const bundles: DeviceBundle[] = []
    for (const signed of result.signedBundles) {
      try {
        bundles.push(await verifyBundle(signed, { expectedUser: address }))
      } catch (err) {
        if (!isProtocolError(err)) throw err
        // A bundle that does not verify is ignored: the relay may be lying about it.
      }
    }
    const first = bundles[0]
    if (first === undefined) { this.invalidate(address); throw new NodeError('NO_KEYS', `${address} has no valid published keys`) }
    if (!bundles.every(b => constantTimeEqual(b.identityKey, first.identityKey))) {
      this.invalidate(address)
      throw new NodeError('NO_KEYS', `${address} has devices under different identity keys; not sending`)
    }
    const entry = { bundles, at: this.components.clock.now() }
    this.cache.delete(address)
    this.cache.set(address, entry)
    // Oldest fetched first out: a Map keeps insertion order.
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string)
    return entry
  }
}
