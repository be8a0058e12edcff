import { createHash, randomBytes } from 'node:crypto'
import { RelayError } from './errors.js'
import { SESSION_TTL_MS } from './constants.js'
import type { RelayDb } from './store.js'

/** A session as stored, keyed by the SHA-256 of its token: the token itself never touches disk. */
export interface SessionRecord {
  /** Public handle for listing and revoking (random; not derived from the token). */
  id: string
  user: string
  /** The account's creation time: a session dies with the account it was opened for, even if the name is taken again. */
  account: number
  peerId: string
  createdAt: number
  lastSeen: number
  expiresAt: number
}

/** Last-seen times are written at most this often per session. */
const LAST_SEEN_RESOLUTION_MS = 60_000

/** Called with the token hashes of sessions that just ended, so open streams can be cut. */
export type RevokeListener = (tokenHashes: string[]) => void

/** Sessions: random 256-bit tokens stored hashed, bound to a PeerId, listable and revocable per user. */
export class Sessions {
  private readonly byToken
  private readonly byUser
  private readonly listeners = new Set<RevokeListener>()
  private readonly now: () => number

  constructor (private readonly db: RelayDb, now?: () => number) {
    this.byToken = db.json<SessionRecord>('sessions')
    this.byUser = db.json<string>('user-sessions')
    this.now = now ?? Date.now
  }

  /** Registers a listener for revoked sessions. */
  onRevoke (listener: RevokeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Opens a session; returns the token (given to the client once) and the record. */
  async create (user: string, account: number, peerId: string): Promise<{ token: Uint8Array, record: SessionRecord }> {
    const token = new Uint8Array(randomBytes(32))
    const now = this.now()
    const record: SessionRecord = { id: randomBytes(8).toString('hex'), user, account, peerId, createdAt: now, lastSeen: now, expiresAt: now + SESSION_TTL_MS }
    const hash = tokenHash(token)
    await this.db.commit([
      { type: 'put', sublevel: this.byToken, key: hash, value: record },
      { type: 'put', sublevel: this.byUser, key: `${user}\x00${record.id}`, value: hash }
    ])
    return { token, record }
  }

  /** The live session for a token presented by `peerId`, or UNAUTHENTICATED. Refreshes last-seen. */
  async get (token: Uint8Array, peerId: string): Promise<SessionRecord & { tokenHash: string }> {
    const hash = tokenHash(token)
    const record = await this.byToken.get(hash)
    const now = this.now()
    if (record === undefined || record.expiresAt <= now || record.peerId !== peerId) {
      throw new RelayError('UNAUTHENTICATED', 'the session is not valid for this device; log in again')
    }
    if (now - record.lastSeen > LAST_SEEN_RESOLUTION_MS) {
      record.lastSeen = now
      await this.db.commit([{ type: 'put', sublevel: this.byToken, key: hash, value: record }])
    }
    return { ...record, tokenHash: hash }
  }

  /** A user's live sessions, oldest first. */
  async list (user: string): Promise<Array<SessionRecord & { tokenHash: string }>> {
    const out: Array<SessionRecord & { tokenHash: string }> = []
    const now = this.now()
    for await (const hash of this.byUser.values({ gt: `${user}\x00`, lt: `${user}\x01` })) {
      const record = await this.byToken.get(hash)
      if (record !== undefined && record.expiresAt > now) out.push({ ...record, tokenHash: hash })
    }
    return out.sort((a, b) => a.createdAt - b.createdAt)
  }

  /** Ends the given sessions of `user` (by token hash) and tells the listeners; returns how many. */
  async revoke (user: string, tokenHashes: string[]): Promise<number> {
    const ops: any[] = []
    const ended: string[] = []
    for (const hash of tokenHashes) {
      const record = await this.byToken.get(hash)
      if (record === undefined || record.user !== user) continue
      ops.push({ type: 'del', sublevel: this.byToken, key: hash }, { type: 'del', sublevel: this.byUser, key: `${user}\x00${record.id}` })
      ended.push(hash)
    }
    if (ops.length > 0) await this.db.commit(ops)
    if (ended.length > 0) for (const l of this.listeners) l(ended)
    return ended.length
  }

  /** Ends every session of `user`, except the one with token hash `keep`. */
  async revokeAll (user: string, keep?: string): Promise<number> {
    const hashes: string[] = []
    for await (const hash of this.byUser.values({ gt: `${user}\x00`, lt: `${user}\x01` })) {
      if (hash !== keep) hashes.push(hash)
    }
    // Index entries whose session is already gone (expired and swept) are cleaned up too.
    const n = await this.revoke(user, hashes)
    await this.dropDangling(user)
    return n
  }

  /** Deletes expired sessions; returns how many. */
  async sweep (): Promise<number> {
    const now = this.now()
    const ops: any[] = []
    for await (const [hash, record] of this.byToken.iterator()) {
      if (record.expiresAt <= now) ops.push({ type: 'del', sublevel: this.byToken, key: hash }, { type: 'del', sublevel: this.byUser, key: `${record.user}\x00${record.id}` })
    }
    if (ops.length > 0) await this.db.commit(ops)
    return ops.length / 2
  }

  private async dropDangling (user: string): Promise<void> {
    const ops: any[] = []
    for await (const [key, hash] of this.byUser.iterator({ gt: `${user}\x00`, lt: `${user}\x01` })) {
      if (await this.byToken.get(hash) === undefined) ops.push({ type: 'del', sublevel: this.byUser, key })
    }
    if (ops.length > 0) await this.db.commit(ops)
  }
}

/** The stored form of a token: its SHA-256, hex. */
export function tokenHash (token: Uint8Array): string {
  return createHash('sha256').update(token).digest('hex')
}
