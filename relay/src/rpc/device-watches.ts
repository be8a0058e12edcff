/**
 * Which logged-in streams watch which users' device lists, and the coalesced pushes that tell them
 * of a change. Held in memory only, never written to disk: a stream's watches end with its session.
 */
import { MAX_CHANGED_USERS_PER_PUSH } from '@parley/protocol'
import { DEVICE_PUSH_COALESCE_MS, MAX_WATCHED_USERS_PER_STREAM, MAX_WATCHES_PER_ACCOUNT, MAX_WATCHES_PER_RELAY } from '../constants.js'
import { RelayError } from '../errors.js'

/** A stream that can be told of changed device lists. */
export interface DeviceWatcher {
  /** Writes one devices-changed push (at most MAX_CHANGED_USERS_PER_PUSH users) to the stream. */
  pushDevicesChanged: (users: string[]) => void
}

/** The registry's limits (tests shorten them). */
export interface DeviceWatchesInit {
  maxPerWatcher?: number
  maxTotal?: number
  maxPerAccount?: number
  coalesceMs?: number
}

/** The users each stream watches, by user and by stream, and the changes waiting to be pushed. */
export class DeviceWatches<W extends DeviceWatcher = DeviceWatcher> {
  private readonly byUser = new Map<string, Set<W>>()
  /** Each stream's users, longest-watched first (a Set keeps insertion order). */
  private readonly byWatcher = new Map<W, Set<string>>()
  private readonly pending = new Map<W, Set<string>>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly maxPerWatcher: number
  private readonly maxTotal: number
  private readonly maxPerAccount: number
  private readonly coalesceMs: number
  /** Watches held, over all streams. */
  private total = 0
  /** The account each watching stream watches for (fixed while it holds watches), and each account's count. */
  private readonly accountOf = new Map<W, string>()
  private readonly perAccount = new Map<string, number>()

  constructor (init: DeviceWatchesInit = {}) {
    this.maxPerWatcher = init.maxPerWatcher ?? MAX_WATCHED_USERS_PER_STREAM
    this.maxTotal = init.maxTotal ?? MAX_WATCHES_PER_RELAY
    this.maxPerAccount = init.maxPerAccount ?? MAX_WATCHES_PER_ACCOUNT
    this.coalesceMs = init.coalesceMs ?? DEVICE_PUSH_COALESCE_MS
  }

  /**
   * Adds `users` to those `watcher` watches (a watch adds, it never replaces); one watched again
   * counts as newest. Beyond the limit the longest-watched go first. QUOTA_EXCEEDED, with nothing
   * added, when the relay as a whole holds all the watches it may.
   */
  watch (watcher: W, users: readonly string[], account = ''): void {
    let mine = this.byWatcher.get(watcher)
    const owner = this.accountOf.get(watcher) ?? account
    const fresh = new Set(users.filter(u => mine?.has(u) !== true)).size
    if (fresh > 0 && this.total + fresh > this.maxTotal) throw new RelayError('QUOTA_EXCEEDED', 'the relay watches all the device lists it can hold; the watch was not added (look users up instead)')
    // What this stream would drop to stay within its own bound is freed as it adds.
    const freed = Math.max(0, (mine?.size ?? 0) + fresh - this.maxPerWatcher)
    if (fresh > 0 && (this.perAccount.get(owner) ?? 0) + fresh - freed > this.maxPerAccount) throw new RelayError('QUOTA_EXCEEDED', 'this account\'s devices watch all the device lists one account may; the watch was not added (look users up instead)')
    if (mine === undefined) { mine = new Set(); this.byWatcher.set(watcher, mine); this.accountOf.set(watcher, owner) }
    for (const user of users) {
      if (!mine.delete(user)) { this.total++; this.perAccount.set(owner, (this.perAccount.get(owner) ?? 0) + 1) }
      mine.add(user)
      let set = this.byUser.get(user)
      if (set === undefined) { set = new Set(); this.byUser.set(user, set) }
      set.add(watcher)
    }
    while (mine.size > this.maxPerWatcher) this.unwatch(watcher, mine.values().next().value as string)
  }

  /** How many users `watcher` watches (all streams' watches without one). */
  watching (watcher?: W): number {
    return watcher === undefined ? this.total : this.byWatcher.get(watcher)?.size ?? 0
  }

  /** Ends every watch of `watcher` (its session ended or its stream closed), pending pushes included. */
  forget (watcher: W): void {
    for (const user of this.byWatcher.get(watcher) ?? []) this.unwatch(watcher, user)
    this.byWatcher.delete(watcher)
    this.accountOf.delete(watcher)
    this.pending.delete(watcher)
  }

  /** How many users the streams of `account` watch. */
  watchingFor (account: string): number { return this.perAccount.get(account) ?? 0 }

  /** The device list of `user` changed: every stream watching them is told, after DEVICE_PUSH_COALESCE_MS. */
  changed (user: string): void {
    const watchers = this.byUser.get(user)
    if (watchers === undefined) return
    for (const watcher of watchers) {
      let set = this.pending.get(watcher)
      if (set === undefined) { set = new Set(); this.pending.set(watcher, set) }
      set.add(user)
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => { this.flush() }, this.coalesceMs)
      // A pending push must not keep a stopping relay alive.
      this.timer.unref?.()
    }
  }

  /** Pushes what is pending now (also called by the timer). */
  flush (): void {
    this.timer = undefined
    const pending = [...this.pending]
    this.pending.clear()
    for (const [watcher, users] of pending) {
      const all = [...users]
      for (let i = 0; i < all.length; i += MAX_CHANGED_USERS_PER_PUSH) watcher.pushDevicesChanged(all.slice(i, i + MAX_CHANGED_USERS_PER_PUSH))
    }
  }

  /** Stops the timer; pending changes are dropped (their streams are closing). */
  close (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending.clear()
  }

  private unwatch (watcher: W, user: string): void {
    if (this.byWatcher.get(watcher)?.delete(user) === true) {
      this.total--
      const owner = this.accountOf.get(watcher) ?? ''
      const n = (this.perAccount.get(owner) ?? 1) - 1
      if (n === 0) this.perAccount.delete(owner)
      else this.perAccount.set(owner, n)
    }
    const set = this.byUser.get(user)
    set?.delete(watcher)
    if (set?.size === 0) this.byUser.delete(user)
  }
}
