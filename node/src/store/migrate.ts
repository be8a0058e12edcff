/**
 * Seals the records of a device from before records were sealed, once, when it is first unlocked.
 * Each page of records is rewritten in one atomic batch (delete the plaintext record, put the
 * sealed one), so a crash leaves every record either plaintext or sealed, never lost; the next
 * unlock carries on, and a marker written last says the store is sealed throughout.
 */
import { utf8Decode } from '@parley/protocol'
import { NodeError } from '../errors.js'
import { damagedRecord, isSealed } from './record-seal.js'
import { writeOptions, type SealedLevel } from './sealed-level.js'

/** The marker's key: under meta, sealed like any record, so opening it also proves the keys are right. */
export const SEALED_MARKER_KEY = '!meta!sealed-store'
/** The marker's value: the store's format. */
const SEALED_MARKER_VALUE = '"v1"'
/** Records rewritten per batch: big enough to be quick, small enough for one IndexedDB transaction. */
const MIGRATION_PAGE = 256

/**
 * Makes sure every record of `db` is sealed (the seal must be set). Throws CORRUPT_STORE when the
 * marker does not open: the records were sealed under other keys, or it is damaged.
 */
export async function sealPlaintextRecords (db: SealedLevel): Promise<{ migrated: number }> {
  const seal = db.sealOrThrow()
  const marker = await db.raw.get(SEALED_MARKER_KEY, { keyEncoding: 'utf8', valueEncoding: 'view' })
  if (marker !== undefined) {
    await seal.open(SEALED_MARKER_KEY, marker).catch((cause: unknown) => {
      throw new NodeError('CORRUPT_STORE', 'the device store was not sealed by this device\'s keys, or its seal is damaged', { cause })
    })
    return { migrated: 0 }
  }
  let migrated = 0
  const iterator = db.raw.iterator({ keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    for (let page = await iterator.nextv(MIGRATION_PAGE); page.length > 0; page = await iterator.nextv(MIGRATION_PAGE)) {
      const plain = page.filter(([key, raw]) => !db.isPlaintext(key) && !isSealed(raw))
      if (plain.length === 0) continue
      const ops = await Promise.all(plain.map(async ([key, raw]) => {
        let text: string
        try { text = utf8Decode(raw) } catch { throw damagedRecord(key) }
        const [stored, sealed] = await db.sealEntry(key, text)
        return [
          ...(stored !== key ? [{ type: 'del' as const, key }] : []),
          { type: 'put' as const, key: stored, value: sealed }
        ]
      }))
      await db.raw.batch(ops.flat(), writeOptions(true))
      migrated += plain.length
    }
  } finally {
    await iterator.close()
  }
  const [key, value] = await db.sealEntry(SEALED_MARKER_KEY, SEALED_MARKER_VALUE)
  await db.raw.put(key, value, writeOptions(true))
  return { migrated }
}
