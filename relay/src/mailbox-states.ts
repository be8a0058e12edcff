/** The counters of recently used mailboxes, loaded from disk on first use and unloaded when idle. */
import { count } from './mailbox-quota.js'
import type { MailboxState, MailboxTables } from './mailbox-layout.js'

/**
 * Loaded mailbox counters, least recently used first. Unloading loses nothing: every counter is
 * rebuilt from the waiting entries on disk.
 */
export class LoadedMailboxes {
  private readonly state = new Map<string, MailboxState>()
  private readonly loading = new Map<string, Promise<MailboxState>>()

  constructor (private readonly tables: MailboxTables, private readonly maxLoaded: number) {}

  /** Mailboxes whose counters are in memory now. */
  get size (): number {
    return this.state.size
  }

  /** The loaded state of `box`, marked busy (so it stays loaded) until `release`. */
  async acquire (box: string): Promise<MailboxState> {
    let state = this.state.get(box)
    if (state !== undefined) {
      // Most recently used last: unloading starts from the front.
      this.state.delete(box)
      this.state.set(box, state)
    } else {
      let loading = this.loading.get(box)
      if (loading === undefined) {
        loading = this.load(box).finally(() => this.loading.delete(box))
        this.loading.set(box, loading)
      }
      state = await loading
    }
    state.busy++
    return state
  }

  /** Ends one use of `state`; idle mailboxes beyond the limit unload. */
  release (state: MailboxState): void {
    state.busy--
    if (this.state.size <= this.maxLoaded) return
    for (const [box, s] of this.state) {
      if (this.state.size <= this.maxLoaded) break
      if (s.busy === 0) this.state.delete(box)
    }
  }

  /** Forgets every loaded mailbox whose key starts with `prefix` (a deleted account's). */
  forget (prefix: string): void {
    for (const box of [...this.state.keys()]) if (box.startsWith(prefix)) this.state.delete(box)
  }

  private async load (box: string): Promise<MailboxState> {
    const state: MailboxState = { nextSeq: (await this.tables.meta.get(box) ?? 0) + 1, count: 0, bytes: 0, strangers: { count: 0, bytes: 0 }, senders: new Map(), busy: 0 }
    // Only waiting envelopes are read (bounded by the quota); acknowledged ids stay on disk.
    for await (const [key, entry] of this.tables.wait.iterator({ gt: box, lt: `${box}\xff` })) {
      count(state, entry, +1)
      state.nextSeq = Math.max(state.nextSeq, Number(key.slice(box.length)) + 1)
    }
    this.state.set(box, state)
    return state
  }
}
