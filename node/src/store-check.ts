/**
 * Looks at a device folder (LevelDB, Node only) without changing a byte of it, before the node
 * opens it. LevelDB rewrites files whenever it opens a database (log replay, a new MANIFEST,
 * LOG -> LOG.old) and, told to create a missing one, replaces a damaged folder with an empty
 * database; so the check opens a scratch copy instead and reads every record there.
 */
import { copyFile, link, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Level } from 'level'
import { utf8Decode } from '@parley/protocol'
import { NodeError } from './errors.js'
import { checkSealedKeystore } from './keystore.js'
import { checkProfile, KEYSTORE_KEY, PROFILE_KEY } from './node-store.js'
import { checkLog, checkTable, ChecksumError, liveFiles } from './leveldb-checksums.js'
import { isSealed } from './store/record-seal.js'
import { makeScratch, removeStaleScratch } from './store/check-scratch.js'

/** What a device folder holds: nothing at all, an empty database, or a readable device. */
export type FolderContents = 'none' | 'empty' | 'device'

/** Records read per call while checking every record. */
const READ_PAGE = 1000
/** Files that only a LevelDB database holds. */
const LEVELDB_FILE = /^(CURRENT|MANIFEST-\d+|\d+\.(ldb|sst|log))$/

/** The error for a damaged folder: where, what, and what the person can do; nothing was changed. */
export function damagedFolder (dir: string, what: string, cause?: unknown): NodeError {
  return new NodeError('CORRUPT_STORE',
    `the device folder ${dir} is damaged: ${what}. Nothing in it was changed or deleted. ` +
    'Restore the folder from a backup if you have one; otherwise move it aside and set this device up again ' +
    '(log in to your account from a new, empty folder: the account stays, but this device\'s history is lost and contacts will see a new key).',
    cause === undefined ? undefined : { cause })
}

/**
 * Says what `dir` holds without changing it. A missing or damaged database, keystore or profile
 * is a CORRUPT_STORE error naming the folder and the damage; a garbled table is found by reading
 * every record.
 */
export async function inspectFolder (dir: string): Promise<FolderContents> {
  let entries: string[]
  try {
    if (!(await stat(dir)).isDirectory()) throw new NodeError('BAD_INPUT', `${dir} is a file, not a device folder: pick a folder (--data)`)
    entries = await readdir(dir)
  } catch (err: any) {
    if (err instanceof NodeError) throw err
    if (err?.code === 'ENOENT') return 'none'
    throw new NodeError('STORE_UNREADABLE', `the device folder ${dir} cannot be read (${String(err?.code ?? err)}): check its permissions`, { cause: err })
  }
  if (entries.length === 0) return 'empty'
  if (!entries.some(e => LEVELDB_FILE.test(e))) {
    throw new NodeError('BAD_INPUT', `${dir} holds other files but no Parley device: pick an empty or new folder (--data)`)
  }
  if (!entries.includes('CURRENT')) throw damagedFolder(dir, 'its database has lost its CURRENT file (the pointer to the list of tables)')
  const files = await checkedFiles(dir, entries)
  const scratch = await scratchCopy(dir, files)
  try {
    return await readEverything(dir, scratch)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The files that make up the database now, as LevelDB will read them. */
interface DatabaseFiles { current: string, manifest: string, tables: string[], logs: string[] }

/**
 * Finds the files the database is made of (CURRENT names the MANIFEST, which names the tables
 * and the logs to replay) and checks the checksum of every block and record in them, which
 * LevelDB's own reads skip. Other files are leftovers LevelDB deletes on its next open (a table
 * half-written when a compaction was cut short, an old MANIFEST or log): they are not looked at.
 */
async function checkedFiles (dir: string, entries: string[]): Promise<DatabaseFiles> {
  const read = async (name: string): Promise<Uint8Array> => {
    try { return await readFile(join(dir, name)) } catch (err) { throw unreadable(dir, err) }
  }
  const garbled = (name: string, err: any): NodeError =>
    // The checks only parse bytes: whatever they throw (a ChecksumError, a varint decoder's RangeError) is damage.
    damagedFolder(dir, `its database file ${name} is garbled (${err instanceof ChecksumError ? err.message : 'unreadable structure'})`, err)
  const manifest = /^(MANIFEST-\d+)\n$/.exec(new TextDecoder().decode(await read('CURRENT')))?.[1]
  if (manifest === undefined || !entries.includes(manifest)) throw damagedFolder(dir, `its CURRENT file does not name a MANIFEST that is there${manifest !== undefined ? ` (${manifest})` : ''}`)
  let live
  try {
    live = liveFiles(await read(manifest))
  } catch (err) {
    if (err instanceof NodeError) throw err
    throw garbled(manifest, err)
  }
  const tables: string[] = []
  for (const number of live.tables) {
    const name = [`${String(number).padStart(6, '0')}.ldb`, `${String(number).padStart(6, '0')}.sst`].find(n => entries.includes(n))
    if (name === undefined) throw damagedFolder(dir, `its database has lost the table file ${String(number).padStart(6, '0')}.ldb`)
    try { checkTable(await read(name)) } catch (err) { if (err instanceof NodeError) throw err; throw garbled(name, err) }
    tables.push(name)
  }
  const logs = entries.filter(name => {
    const n = Number(/^(\d+)\.log$/.exec(name)?.[1] ?? -1)
    return n >= 0 && (n >= live.logNumber || n === live.prevLogNumber)
  })
  for (const name of logs) {
    try { checkLog(await read(name)) } catch (err) { if (err instanceof NodeError) throw err; throw garbled(name, err) }
  }
  return { current: 'CURRENT', manifest, tables, logs }
}

/** A file of the folder could not be read: gone (another process compacted the database meanwhile) or not readable. */
function unreadable (dir: string, err: any): NodeError {
  if (err?.code === 'ENOENT') return new NodeError('STORE_BUSY', `the device folder ${dir} changed while it was being checked: another parley process (a parley listen or lan?) is using it; stop it, or wait until it has finished`, { cause: err })
  return new NodeError('STORE_UNREADABLE', `the device folder ${dir} cannot be read (${String(err?.code ?? err)}): check its permissions`, { cause: err })
}

/**
 * A scratch copy of the database's files beside the folder (so that tables can be hard-linked),
 * else in the temporary folder. Only live tables are linked: their numbers are below the
 * MANIFEST's next file number, so LevelDB never opens them for writing; leftovers are not copied
 * at all, so a number LevelDB hands out again in the scratch copy is always a new file there.
 */
async function scratchCopy (dir: string, files: DatabaseFiles): Promise<string> {
  // A check killed before its clean-up left its copy behind: the next check removes it.
  await removeStaleScratch(dir)
  const scratch = await makeScratch(dir)
  try {
    for (const name of files.tables) {
      // Across file systems (EXDEV) or where links are not allowed, a copy does.
      try { await link(join(dir, name), join(scratch, name)) } catch { await copyFile(join(dir, name), join(scratch, name)) }
    }
    for (const name of [files.current, files.manifest, ...files.logs]) await copyFile(join(dir, name), join(scratch, name))
  } catch (err: any) {
    await rm(scratch, { recursive: true, force: true })
    throw unreadable(dir, err)
  }
  return scratch
}

/**
 * Opens the scratch copy and reads every record; checks the keystore field by field, and the
 * profile too where it is still plaintext (a device from before records were sealed).
 */
async function readEverything (dir: string, scratch: string): Promise<FolderContents> {
  const db = new Level<string, Uint8Array>(scratch, { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing: false })
  // LevelDB's messages name files in the scratch copy; the person knows only their folder.
  const detail = (err: any): string => String(err?.cause?.message ?? err?.message ?? err).split(scratch).join(dir)
  try {
    await db.open()
  } catch (err) {
    throw damagedFolder(dir, `its database cannot be opened (${detail(err)})`, err)
  }
  try {
    let records = 0
    let keystore: unknown
    let profile: unknown
    try {
      const iterator = db.iterator()
      try {
        // Read in pages: one native call per record would cost more than the reading itself.
        for (let page = await iterator.nextv(READ_PAGE); page.length > 0; page = await iterator.nextv(READ_PAGE)) {
          for (const [key, value] of page) {
            records++
            // A sealed record opens only with the keystore's keys: here its LevelDB checksums must do.
            if (key !== KEYSTORE_KEY && isSealed(value)) continue
            let decoded: unknown
            try {
              decoded = JSON.parse(utf8Decode(value))
            } catch {
              throw damagedFolder(dir, 'a record in its database is garbled')
            }
            if (key === KEYSTORE_KEY) keystore = decoded
            else if (key === PROFILE_KEY) profile = decoded
          }
        }
      } finally {
        await iterator.close()
      }
    } catch (err) {
      if (err instanceof NodeError) throw err
      throw damagedFolder(dir, `a table of its database cannot be read (${detail(err)})`, err)
    }
    if (records === 0) return 'empty'
    if (keystore === undefined) throw damagedFolder(dir, 'the keystore (this device\'s keys) is missing, though other data is there')
    try {
      checkSealedKeystore(keystore)
      if (profile !== undefined) checkProfile(profile)
    } catch (err: any) {
      throw damagedFolder(dir, String(err?.message ?? err), err)
    }
    return 'device'
  } finally {
    await db.close()
  }
}

/** Whether `dir` exists at all (without creating it). */
export async function folderExists (dir: string): Promise<boolean> {
  try {
    await stat(dir)
    return true
  } catch (err: any) {
    if (err?.code === 'ENOENT') return false
    throw err
  }
}
