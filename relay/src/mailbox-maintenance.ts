/** Mailbox upkeep outside the deposit path: sweeping expired mail, deleting an account's mailboxes, upgrading old stores. */
import { count } from './mailbox-quota.js'
import { SWEEP_BATCH, UPGRADED_KEY, seqKey, waitOf, type MailboxTables, type Op, type WaitEntry } from './mailbox-layout.js'
import type { KeyedLock } from './keyed-lock.js'
import type { LoadedMailboxes } from './mailbox-states.js'

/** Sweeps, deletions and upgrades over the mailbox tables, under the same per-mailbox lock as acknowledgements. */
export class MailboxMaintenance {
  constructor (
    private readonly tables: MailboxTables,
    private readonly states: LoadedMailboxes,
    private readonly lock: KeyedLock,
    private readonly now: () => number
  ) {}

  /** Deletes expired envelopes and forgets expired acknowledged ids, in every mailbox. Returns how many entries went. */
  async sweep (): Promise<number> {
    const now = this.now()
    let removed = 0
    // The index is ordered by mailbox, so expired ids come grouped; each group is committed under
    // its mailbox's lock, re-read there, so an ack in between is not counted twice.
    let box: string | undefined
    let ids: string[] = []
    const flush = async (): Promise<void> => {
      if (box === undefined || ids.length === 0) return
      const [b, batch] = [box, ids]
      ids = []
      removed += await this.lock.run(b, async () => await this.sweepBox(b, batch, now))
    }
    for await (const [key, entry] of this.tables.index.iterator()) {
      if (entry.expiresAt > now) continue
      const cut = key.lastIndexOf('\x00') + 1
      if (key.slice(0, cut) !== box || ids.length >= SWEEP_BATCH) {
        await flush()
        box = key.slice(0, cut)
      }
      ids.push(key.slice(cut))
    }
    await flush()
    return removed
  }

  private async sweepBox (box: string, ids: string[], now: number): Promise<number> {
    const { db, index, mail, wait } = this.tables
    const state = await this.states.acquire(box)
    try {
      const entries = await Promise.all(ids.map(async idHex => await index.get(`${box}${idHex}`)))
      const ops: Op[] = []
      const gone: WaitEntry[] = []
      ids.forEach((idHex, i) => {
        const entry = entries[i]
        if (entry === undefined || entry.expiresAt > now) return
        ops.push({ type: 'del', sublevel: index, key: `${box}${idHex}` })
        if ('seq' in entry) {
          ops.push({ type: 'del', sublevel: mail, key: `${box}${seqKey(entry.seq)}` })
          ops.push({ type: 'del', sublevel: wait, key: `${box}${seqKey(entry.seq)}` })
          gone.push(waitOf(entry))
        }
      })
      if (ops.length === 0) return 0
      await db.commit(ops)
      for (const entry of gone) count(state, entry, -1)
      return ops.filter(o => o.sublevel === index).length
    } finally {
      this.states.release(state)
    }
  }

  /** Deletes every mailbox of a deleted account: envelopes, remembered ids and sequence numbers. */
  async deleteUser (user: string): Promise<void> {
    const { db, index, mail, wait, meta } = this.tables
    const prefix = `${user}\x00`
    const ops: Op[] = []
    for (const sub of [mail, index, wait, meta] as const) {
      for await (const key of (sub as typeof mail).keys({ gt: prefix, lt: `${user}\x01` })) ops.push({ type: 'del', sublevel: sub, key })
    }
    for (let i = 0; i < ops.length; i += SWEEP_BATCH) await db.commit(ops.slice(i, i + SWEEP_BATCH))
    this.states.forget(prefix)
  }

  /**
   * Writes the per-envelope counter entries a store written before they existed lacks (once, at
   * start-up); returns how many were added.
   */
  async upgrade (): Promise<number> {
    const { db, index, wait, meta } = this.tables
    if (await meta.get(UPGRADED_KEY) !== undefined) return 0
    let ops: Op[] = []
    let added = 0
    for await (const [key, entry] of index.iterator()) {
      if (!('seq' in entry)) continue
      const cut = key.lastIndexOf('\x00') + 1
      const waitKey = `${key.slice(0, cut)}${seqKey(entry.seq)}`
      if (await wait.get(waitKey) !== undefined) continue
      ops.push({ type: 'put', sublevel: wait, key: waitKey, value: waitOf(entry) })
      added++
      if (ops.length >= SWEEP_BATCH) { await db.commit(ops); ops = [] }
    }
    await db.commit([...ops, { type: 'put', sublevel: meta, key: UPGRADED_KEY, value: 1 }])
    return added
  }
}
