import { MAX_REJECTED_RECORDS } from '../constants.js'
import { NodeError } from '../errors.js'
import { KeyLock } from '../key-lock.js'
import type { NodeStore } from '../node-store.js'

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

/** The store the rejections need: their sublevel only. */
export type RejectionsStore = Pick<NodeStore, 'rejected'>

/** Checks a stored rejection record field by field; a bad one is CORRUPT_STORE, naming the field. */
export function checkRejectedMessage (value: unknown): RejectedMessage {
  const damaged = (what: string): NodeError => new NodeError('CORRUPT_STORE', `a rejected-message record ${what}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged('is not an object')
  const r = value as Record<string, unknown>
  for (const field of ['id', 'code', 'reason'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '') throw damaged(`has no ${field}`)
  }
  if (typeof r.at !== 'number' || !Number.isFinite(r.at)) throw damaged('has no time')
  if (r.sender !== undefined && typeof r.sender !== 'string') throw damaged('has a sender that is not text')
  if (r.path !== 'relay' && r.path !== 'direct') throw damaged('has no path')
  return value as RejectedMessage
}

/** The last MAX_REJECTED_RECORDS rejected messages, oldest dropped first; one record per message id. */
export class Rejections {
  private readonly lock = new KeyLock()
  /** Message id → store key of every record, loaded on first use (at most MAX_REJECTED_RECORDS). */
  private index?: Map<string, string>

  constructor (private readonly store: RejectionsStore, private readonly max = MAX_REJECTED_RECORDS) {}

  /**
   * Records a rejection; `added` is false when that message id was recorded already. `dropped`
   * are the oldest records that made room for it (removed in the same batch that adds it).
   */
  async add (record: RejectedMessage): Promise<{ added: boolean, dropped: RejectedMessage[] }> {
    return await this.lock.run('', async () => {
      const index = await this.loadIndex()
      if (index.has(record.id)) return { added: false, dropped: [] }
      const key = recordKey(record)
      const dropped: RejectedMessage[] = []
      const dels: string[] = []
      const excess = index.size + 1 - this.max
      if (excess > 0) {
        for await (const [oldKey, value] of this.store.rejected.iterator({ limit: excess })) {
          dels.push(oldKey)
          try { dropped.push(checkRejectedMessage(value)) } catch { /* damaged: deleted all the same */ }
        }
      }
      await this.store.rejected.batch([
        { type: 'put', key, value: record },
        ...dels.map(del => ({ type: 'del' as const, key: del }))
      ])
      index.set(record.id, key)
      for (const old of dropped) index.delete(old.id)
      return { added: true, dropped }
    })
  }

  /** The most recent rejections, newest last; damaged records are deleted and left out. */
  async list (limit = this.max): Promise<RejectedMessage[]> {
    const out: RejectedMessage[] = []
    const damaged: string[] = []
    for await (const [key, value] of this.store.rejected.iterator({ reverse: true, limit })) {
      try { out.push(checkRejectedMessage(value)) } catch { damaged.push(key) }
    }
    await this.drop(damaged)
    return out.reverse()
  }

  private async loadIndex (): Promise<Map<string, string>> {
    if (this.index !== undefined) return this.index
    const index = new Map<string, string>()
    const damaged: string[] = []
    for await (const [key, value] of this.store.rejected.iterator()) {
      try { index.set(checkRejectedMessage(value).id, key) } catch { damaged.push(key) }
    }
    await this.drop(damaged)
    this.index = index
    return index
  }

  private async drop (keys: string[]): Promise<void> {
    if (keys.length > 0) await this.store.rejected.batch(keys.map(key => ({ type: 'del' as const, key })))
  }
}

/** Records are kept in time order: the key starts with the time, zero-padded. */
function recordKey (record: RejectedMessage): string {
  return `${record.at.toString().padStart(15, '0')}\x00${record.id}`
}

/**
 * The sentence recorded and shown for a rejection, chosen by its error code: never the error's
 * own message, which may quote what a hostile sender wrote or what the device knows internally.
 */
const REASONS: Readonly<Record<string, string>> = {
  MALFORMED: 'it is not well formed',
  TRUNCATED: 'it is cut short',
  TOO_LARGE: 'it is too large',
  UNSUPPORTED_VERSION: 'it was written by a version of Parley this device does not speak',
  UNSUPPORTED_SUITE: 'it is encrypted in a way this device does not speak',
  UNSUPPORTED_KIND: 'it is of a kind this version of Parley cannot show',
  INVALID_FIELD: 'one of its fields is out of range',
  INVALID_ADDRESS: 'it names an address that is not valid',
  NOT_A_RECIPIENT: 'it was not encrypted for this device',
  DECRYPT_FAILED: 'it cannot be decrypted',
  BAD_SIGNATURE: 'its signature does not match its sender',
  UNKNOWN_SENDER: 'its sender has no known keys',
  EXPIRED: 'it expired',
  MISMATCH: 'it was not meant for this account',
  NO_KEYS: 'its sender has no valid published keys',
  UNSUPPORTED: 'this device cannot take it in',
  BAD_INPUT: 'its content is not valid',
  HELD_FULL: 'too many messages from its sender are held: accept or refuse their new key first',
  REJECTED: 'it was refused (not sent from a device of its sender, or not readable)'
}

/** The fixed sentence for a rejection code; unknown codes get a general one. */
export function rejectionReason (code: string): string {
  return REASONS[code] ?? 'it cannot be read'
}
