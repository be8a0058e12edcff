import { MAX_REJECTED_RECORDS } from './constants.js'
import { KeyLock } from './key-lock.js'
import type { NodeStore } from './node-store.js'

/** An incoming message that was acknowledged but could never be accepted, and why. */
export interface RejectedMessage {
  /** Message id, hex. */
  id: string
  /** When this device gave up on it. */
  at: number
  /** The reason's code (a ProtocolErrorCode or NodeErrorCode). */
  code: string
  /** Why, in a sentence. */
  reason: string
  /** The sender, only when the envelope's signature proved it. */
  sender?: string
  path: 'relay' | 'direct'
}

/** The last MAX_REJECTED_RECORDS rejected messages, oldest dropped first; one record per message id. */
export class Rejections {
  private readonly lock = new KeyLock()
  /** Message id → store key of every record, loaded on first use (at most MAX_REJECTED_RECORDS). */
  private index?: Map<string, string>

  constructor (private readonly store: NodeStore, private readonly max = MAX_REJECTED_RECORDS) {}

  /**
   * Records a rejection; `added` is false when that message id was recorded already. `dropped`
   * are the oldest records that made room for it.
   */
  async add (record: RejectedMessage): Promise<{ added: boolean, dropped: RejectedMessage[] }> {
    return await this.lock.run('', async () => {
      const index = await this.loadIndex()
      if (index.has(record.id)) return { added: false, dropped: [] }
      const key = `${record.at.toString().padStart(15, '0')}\x00${record.id}`
      await this.store.rejected.put(key, record)
      index.set(record.id, key)
      const dropped: RejectedMessage[] = []
      if (index.size > this.max) {
        for await (const [oldKey, value] of this.store.rejected.iterator({ limit: index.size - this.max })) {
          dropped.push(value as RejectedMessage)
          await this.store.rejected.del(oldKey)
          index.delete((value as RejectedMessage).id)
        }
      }
      return { added: true, dropped }
    })
  }

  /** The most recent rejections, newest last. */
  async list (limit = this.max): Promise<RejectedMessage[]> {
    const out: RejectedMessage[] = []
    for await (const value of this.store.rejected.values({ reverse: true, limit })) out.push(value as RejectedMessage)
    return out.reverse()
  }

  private async loadIndex (): Promise<Map<string, string>> {
    if (this.index !== undefined) return this.index
    const index = new Map<string, string>()
    for await (const [key, value] of this.store.rejected.iterator()) index.set((value as RejectedMessage).id, key)
    this.index = index
    return index
  }
}
