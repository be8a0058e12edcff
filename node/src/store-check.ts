/**
 * Looks at a device folder (LevelDB, Node only) without changing a byte of it, before the node
 * opens it. LevelDB rewrites files whenever it opens a database (log replay, a new MANIFEST,
 * LOG -> LOG.old) and, told to create a missing one, replaces a damaged folder with an empty
 * database; so the check opens a scratch copy instead and reads every record there.
 */
import { copyFile, link, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { Level } from 'level'
import { NodeError } from './errors.js'
import { checkSealedKeystore } from './keystore.js'
import { checkProfile, KEYSTORE_KEY, PROFILE_KEY } from './node-store.js'
import { checkLog, checkTable, ChecksumError } from './leveldb-checksums.js'

/** What a device folder holds: nothing at all, an empty database, or a readable device. */
export type FolderContents = 'none' | 'empty' | 'device'

/** LevelDB's own files that the check leaves out: the lock is per process, the logs are LevelDB's diary. */
const NOT_COPIED = new Set(['LOCK', 'LOG', 'LOG.old'])
/** Table files are never written after LevelDB creates them, so a hard link is as good as a copy. */
const IMMUTABLE = /\.(ldb|sst)$/
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
  await checkChecksums(dir, entries)
  const scratch = await scratchCopy(dir, entries)
  try {
    return await readEverything(dir, scratch)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Checks the checksum of every block of every table, log and MANIFEST file, which LevelDB's reads skip. */
async function checkChecksums (dir: string, entries: string[]): Promise<void> {
  for (const name of entries) {
    const check = IMMUTABLE.test(name) ? checkTable : /^(MANIFEST-\d+|\d+\.log)$/.test(name) ? checkLog : undefined
    if (check === undefined) continue
    let bytes: Uint8Array
    try {
      bytes = await readFile(join(dir, name))
    } catch (err: any) {
      throw new NodeError('STORE_UNREADABLE', `the device folder ${dir} cannot be read (${String(err?.code ?? err)}): check its permissions, and that no other program is changing it`, { cause: err })
    }
    try {
      check(bytes)
    } catch (err: any) {
      // The checks only parse bytes: whatever they throw (a ChecksumError, a varint decoder's RangeError) is damage.
      throw damagedFolder(dir, `its database file ${name} is garbled (${err instanceof ChecksumError ? err.message : 'unreadable structure'})`, err)
    }
  }
}

/** A scratch copy of the database files beside the folder (so table files can be hard-linked), else in the temporary folder. */
async function scratchCopy (dir: string, entries: string[]): Promise<string> {
  let scratch: string
  try {
    scratch = await mkdtemp(join(dirname(dir), `.${basename(dir)}.check-`))
  } catch {
    scratch = await mkdtemp(join(tmpdir(), 'parley-check-'))
  }
  try {
    for (const name of entries) {
      if (NOT_COPIED.has(name) || !LEVELDB_FILE.test(name)) continue
      const from = join(dir, name)
      const to = join(scratch, name)
      if (IMMUTABLE.test(name)) {
        // Across file systems (EXDEV) or where links are not allowed, a copy does.
        try { await link(from, to); continue } catch {}
      }
      await copyFile(from, to)
    }
  } catch (err: any) {
    await rm(scratch, { recursive: true, force: true })
    throw new NodeError('STORE_UNREADABLE', `the device folder ${dir} cannot be read (${String(err?.code ?? err)}): check its permissions, and that no other program is changing it`, { cause: err })
  }
  return scratch
}

/** Opens the scratch copy and reads every record; checks the keystore and the profile field by field. */
async function readEverything (dir: string, scratch: string): Promise<FolderContents> {
  const db = new Level<string, string>(scratch, { keyEncoding: 'utf8', valueEncoding: 'utf8', createIfMissing: false })
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
      for await (const [key, value] of db.iterator()) {
        records++
        let decoded: unknown
        try {
          decoded = JSON.parse(value)
        } catch {
          throw damagedFolder(dir, 'a record in its database is garbled')
        }
        if (key === KEYSTORE_KEY) keystore = decoded
        else if (key === PROFILE_KEY) profile = decoded
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
