/**
 * The counters of groups in use, in memory: a post reserves its place here under the group's lock
 * and is written after the lock is released, so the posts of one busy group share synced batches
 * (group commit) instead of waiting one fsync each. Everything here is rebuilt from disk: a group
 * unloaded, or whose write failed, is read again.
 */

/** A group's counters, and the hash of its manage key (hex). */
export interface GroupMeta { lastSeq: number, count: number, bytes: number, members: number, manager: string }
/** What one member's posts have waiting in a group's log. */
export interface PosterEntry { count: number, bytes: number }

/** One group's counters in memory. */
export interface LoadedGroup {
  meta: GroupMeta
  /** Per poster, once read (from disk, then kept up to date here). */
  posters: Map<string, PosterEntry>
  /** Posts reserved and being written. */
  writing: Set<Promise<void>>
  /** Posts being written, by message id (hex): a repost meanwhile waits for the first and is answered with its place. */
  ids: Map<string, { seq: number, durable: Promise<void> }>
  /** A write failed: the counters may be ahead of the disk, and are read again before the next use (the last place given out is kept). */
  stale: boolean
}

/** Groups whose counters stay loaded when nothing uses them. */
const MAX_IDLE_GROUPS = 10_000

/** The loaded groups; every call is made under the group's lock. */
export class LoadedGroups {
  private readonly groups = new Map<string, LoadedGroup>()

  constructor (
    private readonly read: (gid: string) => Promise<GroupMeta | undefined>,
    /** Whether the group's lock is held or waited for (such a group is never unloaded). */
    private readonly busy: (gid: string) => boolean
  ) {}

  /**
   * The group's counters; undefined for no group. `settled`: once every post in flight is written
   * (for changes that read what posts wrote, or rewrite the counters whole).
   */
  async get (gid: string, settled = false): Promise<LoadedGroup | undefined> {
    let group = this.groups.get(gid)
    let lastSeq = 0
    if (group !== undefined && (settled || group.stale)) {
      await Promise.allSettled([...group.writing])
      if (group.stale) {
        // Read again from disk, but never giving a place out twice: one whose write failed may still be on disk.
        lastSeq = group.meta.lastSeq
        this.groups.delete(gid)
        group = undefined
      }
    }
    if (group !== undefined) {
      // Most recently used last: unloading starts from the front.
      this.groups.delete(gid)
      this.groups.set(gid, group)
      return group
    }
    const meta = await this.read(gid)
    if (meta === undefined) return undefined
    return this.add(gid, { ...meta, lastSeq: Math.max(meta.lastSeq, lastSeq) })
  }

  /** A group just made (or read): loaded with `meta`. */
  add (gid: string, meta: GroupMeta): LoadedGroup {
    const group: LoadedGroup = { meta, posters: new Map(), writing: new Set(), ids: new Map(), stale: false }
    this.groups.set(gid, group)
    this.unloadIdle()
    return group
  }

  /** Tracks a post's write: a failure marks the group stale. */
  writingPost (group: LoadedGroup, idHex: string, seq: number, durable: Promise<void>): void {
    const done = durable.then(() => {}, () => { group.stale = true })
    group.writing.add(done)
    group.ids.set(idHex, { seq, durable })
    void done.finally(() => {
      group.writing.delete(done)
      if (group.ids.get(idHex)?.durable === durable) group.ids.delete(idHex)
    })
  }

  private unloadIdle (): void {
    if (this.groups.size <= MAX_IDLE_GROUPS) return
    for (const [gid, group] of this.groups) {
      if (this.groups.size <= MAX_IDLE_GROUPS) break
      if (group.writing.size === 0 && !this.busy(gid)) this.groups.delete(gid)
    }
  }
}
