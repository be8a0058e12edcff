import { constantTimeEqual, isProtocolError, MAX_BULK_LOOKUP_USERS, MAX_WATCH_USERS_PER_REQUEST, verifyBundle, type DeviceBundle, type Ed25519 } from '@parley/protocol'
import { NodeError, RelayRequestError } from '../errors.js'
import { DIRECTORY_CACHE_TTL_MS, DIRECTORY_REFRESH_MIN_MS, MAX_DIRECTORY_CACHE } from '../constants.js'
import type { Clock } from '../components.js'
import type { NodeEvents } from '../events.js'
import { isPassing, type DeviceListFeed, type RelayLink } from '../relay/connection.js'

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
  /** The relay's device-list pushes and logins; without it only the TTL ages a list. */
  feed?: DeviceListFeed
  /** The node's Ed25519 (keys imported once, through WebCrypto where it can); the stateless one without it. */
  ed25519?: Ed25519
  /** Where a watch the relay refused is reported (as a warning). */
  events?: Pick<NodeEvents, 'emit'>
}

/**
 * How far a list from `recent` may judge a changed key: `fetched` just now for this check,
 * `cached` (it already shows another key than the pinned one), or `throttled` (a check of this
 * sender asked the directory within DIRECTORY_REFRESH_MIN_MS, so the cached list stands in, but
 * it cannot rule out a change since).
 */
export type RecentSource = 'fetched' | 'cached' | 'throttled'

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
 * 3. the relay pushes that the user's device list changed (every cached user is watched on the
 *    logged-in stream: on caching, and again on every stream logged in later),
 * 4. DIRECTORY_CACHE_TTL_MS passes (a backstop: a change while no stream was watching).
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
  /** Users watched on the current logged-in stream (bounded like the cache). */
  private readonly watched = new Set<string>()
  /** Users the relay said changed while their lookup was under way: that answer is not kept. */
  private readonly outdated = new Set<string>()
  /** Users in a bulk lookup under way (see prefetch), so a change meanwhile marks them outdated too. */
  private readonly bulk = new Map<string, number>()
  /** The relay does not serve bulk lookups (an older relay): not asked again until the next login. */
  private bulkRefused = false
  /** The re-watch after a login, while it runs. */
  private rewatching: Promise<void> = Promise.resolve()
  /** The relay refused watches as a request it does not serve (an older relay): not asked again until the next login. */
  private watchRefused = false
  private readonly ttlMs: number
  private readonly refreshMinMs: number
  private readonly maxEntries: number

  constructor (private readonly components: DirectoryComponents, init: DirectoryInit = {}) {
    this.ttlMs = init.ttlMs ?? DIRECTORY_CACHE_TTL_MS
    this.refreshMinMs = init.refreshMinMs ?? DIRECTORY_REFRESH_MIN_MS
    this.maxEntries = init.maxEntries ?? MAX_DIRECTORY_CACHE
    components.feed?.onDevicesChanged(users => { this.devicesChanged(users) })
    components.feed?.onAuthenticated(() => { this.rewatch() })
  }

  /** The relay says these users' device lists changed: their cached lists are forgotten. */
  devicesChanged (users: readonly string[]): void {
    for (const user of users) this.invalidate(user)
  }

  /** Settles once the watches asked for by the last login have been sent (for tests and shutdown). */
  async settled (): Promise<void> {
    await this.rewatching
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
   * DIRECTORY_REFRESH_MIN_MS (then the cached list stands in, `throttled`). `fetched` is true
   * only for a list fetched for this check: an envelope it cannot vouch for is not genuine, while
   * one a throttled list cannot vouch for must wait until the directory may be asked again.
   */
  async recent (address: string, pinned: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<{ entry: DirectoryEntry, fetched: boolean, source: RecentSource }> {
    const now = this.components.clock.now()
    const entry = this.cached(address)
    if (entry !== undefined) {
      const published = entry.bundles[0]?.identityKey
      if (published !== undefined && !constantTimeEqual(published, pinned)) return { entry, fetched: false, source: 'cached' }
      const last = this.changeChecks.get(address)
      if (last !== undefined && now - last < this.refreshMinMs) return { entry, fetched: false, source: 'throttled' }
    }
    this.changeChecks.delete(address)
    this.changeChecks.set(address, now)
    while (this.changeChecks.size > this.maxEntries) this.changeChecks.delete(this.changeChecks.keys().next().value as string)
    return { entry: await this.fetch(address, options), fetched: true, source: 'fetched' }
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

  /**
   * Forgets the list of `address`: the next use asks the directory. A lookup under way may have
   * been answered before the change, so its answer is used once and not kept.
   */
  invalidate (address: string): void {
    this.cache.delete(address)
    if (this.fetching.has(address) || this.bulk.has(address)) this.outdated.add(address)
  }

  /**
   * Caches the lists of many users at once (a group's members), MAX_BULK_LOOKUP_USERS to a
   * request, so handing something to each of thousands of people costs a few lookups, not one
   * each. Users cached or being looked up already are skipped. It never fails for one user (one
   * whose bundles do not verify, or that the answer leaves out, is just not cached: their own
   * lookup says why), nor for a passing failure or a relay that does not serve bulk lookups (the
   * lookups then go one by one); only an abort is thrown.
   */
  async prefetch (addresses: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.bulkRefused) return
    const wanted = [...new Set(addresses)].filter(a => this.cached(a) === undefined && !this.fetching.has(a) && !this.bulk.has(a))
    // Held at most as many as the cache keeps: the first would be pushed out before they are used.
    wanted.length = Math.min(wanted.length, this.maxEntries)
    if (wanted.length === 0) return
    for (const a of wanted) { this.bulk.set(a, (this.bulk.get(a) ?? 0) + 1); this.outdated.delete(a) }
    try {
      // Watched before they are looked up, so no change between the answer and the watch goes unseen.
      const unwatched = wanted.filter(a => !this.watched.has(a))
      for (let i = 0; i < unwatched.length; i += MAX_WATCH_USERS_PER_REQUEST) await this.watch(unwatched.slice(i, i + MAX_WATCH_USERS_PER_REQUEST), options)
      let next = 0
      while (next < wanted.length) {
        const asked = wanted.slice(next, next + MAX_BULK_LOOKUP_USERS)
        let answer
        try {
          answer = await this.components.relay.request({ type: 'fetch-bundles-many', users: asked }, 'bundles-many', { auth: 'session', ...options })
        } catch (err) {
          options.signal?.throwIfAborted()
          if (err instanceof RelayRequestError && err.relayCode === 'BAD_REQUEST') this.bulkRefused = true
          return
        }
        // Answered in the order asked: anything else (another user, too many) ends the walk there.
        let answered = 0
        for (const item of answer.users) {
          const user = asked[answered]
          if (user === undefined || item.user !== user) break
          answered++
          const entry = await this.verified(user, item.signedBundles).catch(() => undefined)
          if (entry !== undefined && !this.outdated.delete(user)) this.keep(user, entry)
        }
        if (answered === 0) return
        next += answered
      }
    } finally {
      for (const a of wanted) {
        const n = (this.bulk.get(a) ?? 1) - 1
        if (n > 0) this.bulk.set(a, n)
        else { this.bulk.delete(a); if (!this.fetching.has(a)) this.outdated.delete(a) }
      }
    }
  }

  /**
   * Asks the directory for `address` (one request at a time per address): the bundles that
   * verify, all under one identity key (NO_KEYS otherwise).
   */
  async fetch (address: string, options: { signal?: AbortSignal } = {}): Promise<DirectoryEntry> {
    const pending = this.fetching.get(address)
    if (pending !== undefined) {
      if (!this.outdated.has(address)) return await pending
      // That answer may predate a change this caller must see: wait it out, then ask afresh.
      await pending.catch(() => {})
      if (this.fetching.get(address) === pending) this.fetching.delete(address)
      return await this.fetch(address, options)
    }
    const run = this.fetchNow(address, options)
    this.fetching.set(address, run)
    try {
      return await run
    } finally {
      if (this.fetching.get(address) === run) this.fetching.delete(address)
    }
  }

  private async fetchNow (address: string, options: { signal?: AbortSignal }): Promise<DirectoryEntry> {
    // Watched before it is looked up, so no change between the answer and the watch goes unseen.
    if (!this.watched.has(address)) await this.watch([address], options)
    this.outdated.delete(address)
    const result = await this.components.relay.request({ type: 'fetch-bundles', user: address }, 'bundles', { auth: 'preferred', ...options })
    let entry: DirectoryEntry
    try {
      entry = await this.verified(address, result.signedBundles)
    } catch (err) {
      this.cache.delete(address)
      throw err
    }
    this.cache.delete(address)
    // Changed while it was being fetched: this answer may predate the change, so it is used once, not kept.
    if (this.outdated.delete(address)) return entry
    this.keep(address, entry)
    return entry
  }

  /** The list of `address` from the bundles the directory gave: those that verify, all under one identity key (NO_KEYS otherwise). */
  private async verified (address: string, signedBundles: Uint8Array[]): Promise<DirectoryEntry> {
    const { ed25519 } = this.components
    const bundles: DeviceBundle[] = []
    for (const signed of signedBundles) {
      try {
        bundles.push(await verifyBundle(signed, { expectedUser: address, ...(ed25519 !== undefined ? { ed25519 } : {}) }))
      } catch (err) {
        if (!isProtocolError(err)) throw err
        // A bundle that does not verify is ignored: the relay may be lying about it.
      }
    }
    const first = bundles[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no valid published keys`)
    if (!bundles.every(b => constantTimeEqual(b.identityKey, first.identityKey))) {
      throw new NodeError('NO_KEYS', `${address} has devices under different identity keys; not sending`)
    }
    return { bundles, at: this.components.clock.now() }
  }

  /** Caches a list, the oldest fetched going first beyond the limit (a Map keeps insertion order). */
  private keep (address: string, entry: DirectoryEntry): void {
    this.cache.delete(address)
    this.cache.set(address, entry)
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string)
  }

  /**
   * Asks the relay to push changes of `users` to the logged-in stream. Without a session or a
   * feed there is nothing to watch with (the TTL ages the lists); a watch that fails is not
   * fatal to a lookup: the list is then aged by the TTL alone.
   */
  private async watch (users: string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.components.feed === undefined || users.length === 0 || this.watchRefused) return
    try {
      await this.components.relay.request({ type: 'watch-devices', users }, 'ok', { auth: 'session', ...options })
    } catch (err: any) {
      // No session (or no account) to watch with: the lookup goes on, aged by the TTL alone.
      if (err instanceof NodeError && (err.code === 'NOT_LOGGED_IN' || err.code === 'NOT_REGISTERED')) return
      if (isPassing(err) && !(err instanceof RelayRequestError && err.relayCode === 'BAD_REQUEST')) return
      this.watchRefused = true
      this.components.events?.emit({ type: 'warning', message: `the relay does not push device-list changes (${err?.message ?? String(err)}); contacts' device lists are looked up again every few minutes instead` })
      return
    }
    for (const user of users) {
      this.watched.delete(user)
      this.watched.add(user)
    }
    while (this.watched.size > this.maxEntries) this.watched.delete(this.watched.values().next().value as string)
  }

  /**
   * A stream was logged in: it watches nobody yet, so every cached user is watched again, and
   * their lists are looked up afresh on next use (a change made while no stream watched was
   * never pushed).
   */
  private rewatch (): void {
    this.watched.clear()
    this.watchRefused = false
    this.bulkRefused = false
    const users = [...this.cache.keys()]
    this.cache.clear()
    const previous = this.rewatching
    this.rewatching = (async () => {
      await previous
      for (let i = 0; i < users.length; i += MAX_WATCH_USERS_PER_REQUEST) await this.watch(users.slice(i, i + MAX_WATCH_USERS_PER_REQUEST))
    })()
  }
}
