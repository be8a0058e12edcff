/**
 * A database that seals every record before it reaches the one underneath (LevelDB in Node,
 * IndexedDB in browsers, memory in tests). It sits under the sublevels, so every sublevel, a new
 * one included, is sealed without asking; only the keys listed as plaintext (the keystore, which
 * is sealed under the passphrase already and must be read before the store's keys exist) are not.
 * It is an async layer (abstract-level's private API) rather than a value encoding: encodings are
 * synchronous and never see the key, and the key is what binds a record to its place.
 */
import { AbstractIterator, AbstractLevel } from 'abstract-level'
import { utf8Decode, utf8Encode } from '@parley/protocol'
import { NodeError } from '../errors.js'
import { splitName } from './key-names.js'
import { RecordCache } from './record-cache.js'
import type { RecordSeal } from './record-seal.js'

/** The database underneath: keys UTF-8, values bytes. */
export type RawDatabase = AbstractLevel<any, string, Uint8Array>

/** How every call reaches the database underneath. */
const RAW = { keyEncoding: 'utf8', valueEncoding: 'view' } as const
/** Entries an iterator reads ahead when asked for one (the raw iterator's limit still bounds it). */
const READ_AHEAD = 32
/** The range options abstract-level passes down, already prefixed by the sublevels. */
const BOUNDS = ['gt', 'gte', 'lt', 'lte'] as const

/**
 * Options for a write below: classic-level syncs a write to disk when asked (what durability
 * needs); the others ignore it. Built by a function so the extra option passes the type check.
 */
export function writeOptions (sync: boolean | undefined): typeof RAW {
  return { ...RAW, sync: sync === true } as typeof RAW
}

type Bounds = Partial<Record<typeof BOUNDS[number], string>>
type RawEntry = [string, Uint8Array]

/** Which keys stay plaintext, and which name a person. */
export interface SealedLevelOptions {
  /** Full keys stored unsealed (the keystore). */
  plaintextKeys: ReadonlySet<string>
  /** Sublevels whose keys start with a person's address (see key-names.ts). */
  namedSublevels: ReadonlySet<string>
  /** False: opening a missing database fails instead of making one. */
  createIfMissing?: boolean
}

/** The sealing layer: keys and values in UTF-8 above, sealed bytes below. */
export class SealedLevel extends AbstractLevel<string, string, unknown> {
  private seal?: RecordSeal
  /** Opened records read again without a disk trip (see record-cache.ts). */
  readonly cache = new RecordCache()

  constructor (readonly raw: RawDatabase, private readonly options: SealedLevelOptions) {
    super({ encodings: { utf8: true }, implicitSnapshots: false, explicitSnapshots: false, permanence: raw.supports.permanence },
      { keyEncoding: 'utf8', valueEncoding: 'json', createIfMissing: options.createIfMissing !== false })
  }

  /** Whether records can be read and written (the seal is set). */
  get unlocked (): boolean { return this.seal !== undefined }

  /** Sets the seal; until then only the plaintext keys can be used (and everything cleared). */
  useSeal (seal: RecordSeal): void { this.cache.clear(); this.seal = seal }

  /** Forgets the seal (an unlock that failed half-way) and every opened record. */
  lock (): void { this.seal = undefined; this.cache.clear() }

  /** The seal, or a clear error for a store used before it was unlocked. */
  sealOrThrow (): RecordSeal {
    if (this.seal === undefined) throw new NodeError('UNSUPPORTED', 'the device store is locked: it can be read once the keystore is open')
    return this.seal
  }

  /** Whether `key` is stored unsealed. */
  isPlaintext (key: string): boolean { return this.options.plaintextKeys.has(key) }

  async _open (options: { createIfMissing: boolean, errorIfExists: boolean }): Promise<void> {
    try {
      await this.raw.open({ createIfMissing: options.createIfMissing, errorIfExists: options.errorIfExists })
    } catch (err: any) {
      // Keep LevelDB's reason (LEVEL_LOCKED...) one level down, where callers look for it.
      throw err?.cause ?? err
    }
  }

  async _close (): Promise<void> { this.cache.clear(); await this.raw.close() }

  async _get (key: string): Promise<string | undefined> {
    if (this.isPlaintext(key)) return decodePlain(await this.raw.get(key, RAW))
    const seal = this.sealOrThrow()
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const generation = this.cache.generation()
    const stored = await seal.storedKey(key)
    const raw = await this.raw.get(stored, RAW)
    if (raw === undefined) return undefined
    const { value } = await seal.open(stored, raw)
    // Only a seal still in use may fill the cache (not one a lock or a new unlock replaced meanwhile).
    if (this.seal === seal) this.cache.filled(key, value, generation)
    return value
  }

  async _getMany (keys: string[]): Promise<Array<string | undefined>> {
    return await Promise.all(keys.map(async key => await this._get(key)))
  }

  async _put (key: string, value: string, options: { sync?: boolean }): Promise<void> {
    await this.cache.write(this.isPlaintext(key) ? [] : [[key, value]], [], async () => {
      const [stored, sealed] = await this.sealEntry(key, value)
      await this.raw.put(stored, sealed, writeOptions(options.sync))
    })
  }

  async _del (key: string, options: { sync?: boolean }): Promise<void> {
    await this.cache.write([], [key], async () => { await this.raw.del(await this.storedKeyOf(key), writeOptions(options.sync)) })
  }

  async _batch (operations: Array<{ type: 'put' | 'del', key: string, value?: string }>, options: { sync?: boolean }): Promise<void> {
    const puts: Array<[string, string]> = []
    const dels: string[] = []
    for (const op of operations) {
      if (op.type === 'del') dels.push(op.key)
      else if (!this.isPlaintext(op.key)) puts.push([op.key, op.value ?? ''])
    }
    await this.cache.write(puts, dels, async () => {
      const ops = await Promise.all(operations.map(async op => {
        if (op.type === 'del') return { type: 'del' as const, key: await this.storedKeyOf(op.key) }
        const [key, value] = await this.sealEntry(op.key, op.value ?? '')
        return { type: 'put' as const, key, value }
      }))
      await this.raw.batch(ops, writeOptions(options.sync))
    })
  }

  async _clear (options: Bounds & { limit: number, reverse: boolean }): Promise<void> {
    await this.cache.writeAny(async () => {
      await this.raw.clear({ ...await this.rawBounds(options), limit: options.limit, reverse: options.reverse, keyEncoding: 'utf8' })
    })
  }

  _iterator (options: Bounds & { keys: boolean, values: boolean, limit: number, reverse: boolean }): SealedIterator {
    return new SealedIterator(this, options)
  }

  /** The stored key and sealed value of an entry (a plaintext key's value as UTF-8). */
  async sealEntry (key: string, value: string): Promise<RawEntry> {
    if (this.isPlaintext(key)) return [key, utf8Encode(value)]
    const seal = this.sealOrThrow()
    const stored = await seal.storedKey(key)
    return [stored, await seal.seal(stored, key, value)]
  }

  /** An entry as read from below: its original key and opened value. */
  async openEntry ([stored, raw]: RawEntry): Promise<[string, string]> {
    if (this.isPlaintext(stored)) return [stored, utf8Decode(raw)]
    const { key, value } = await this.sealOrThrow().open(stored, raw)
    return [key, value]
  }

  /** The stored key for `key` (plaintext keys as they are). */
  private async storedKeyOf (key: string): Promise<string> {
    return this.isPlaintext(key) ? key : await this.sealOrThrow().storedKey(key)
  }

  /**
   * Range bounds as stored. While locked only bounds that name no address can be used (a
   * sublevel's own bounds, as the check for an empty store needs).
   */
  async rawBounds (options: Bounds): Promise<Bounds> {
    const out: Bounds = {}
    for (const bound of BOUNDS) {
      const value = options[bound]
      if (value === undefined) continue
      if (this.seal !== undefined) out[bound] = await this.seal.storedKey(value)
      else if (splitName(value, this.options.namedSublevels) === undefined) out[bound] = value
      else this.sealOrThrow()
    }
    return out
  }
}

/** Reads below in pages and opens each record; a locked store can only list its stored keys. */
class SealedIterator extends AbstractIterator<SealedLevel, string, string> {
  private source?: AbstractIterator<RawDatabase, string, Uint8Array>
  /** Entries read ahead by `_next`, in order. */
  private ahead: Array<[string, string]> = []

  constructor (db: SealedLevel, private readonly options: Bounds & { keys: boolean, values: boolean, limit: number, reverse: boolean }) {
    super(db, options as any)
  }

  private async rawIterator (): Promise<AbstractIterator<RawDatabase, string, Uint8Array>> {
    if (this.source === undefined) {
      const { values, limit, reverse } = this.options
      if (values) this.db.sealOrThrow()
      // Opening a value needs its stored key (the AAD), and reading keys needs the values when
      // unlocked: the original key is sealed inside.
      this.source = this.db.raw.iterator({ ...await this.db.rawBounds(this.options), limit, reverse, keys: true, values: values || this.db.unlocked, ...RAW })
    }
    return this.source
  }

  async _next (): Promise<[string, string] | undefined> {
    // `for await` reads one entry at a time: read ahead, so each one is not a round trip below.
    if (this.ahead.length === 0) this.ahead = await this.read(READ_AHEAD)
    return this.ahead.shift()
  }

  async _nextv (size: number): Promise<Array<[string, string]>> {
    return this.ahead.length > 0 ? this.ahead.splice(0, size) : await this.read(size)
  }

  /** Reads `size` entries below and opens them. */
  private async read (size: number): Promise<Array<[string, string]>> {
    const page = await (await this.rawIterator()).nextv(size)
    if (!this.db.unlocked) return page.map(([key]) => [key, ''])
    return await Promise.all(page.map(async entry => await this.db.openEntry(entry)))
  }

  async _close (): Promise<void> {
    await this.source?.close()
  }
}

function decodePlain (raw: Uint8Array | undefined): string | undefined {
  return raw === undefined ? undefined : utf8Decode(raw)
}
