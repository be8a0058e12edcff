/**
 * Owner-only permissions for a device folder (Node only): the folder 0700, its files 0600. LevelDB
 * makes its files under the process umask, so what is there is tightened on opening and closing;
 * the CLI also sets umask 077, so files made in between are owner-only from the start.
 */
import { chmod, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** The device folder's mode: owner only. */
export const FOLDER_MODE = 0o700
/** The mode of every file in it. */
export const FILE_MODE = 0o600

/** Creates the folder owner-only when `create` allows it, and tightens it if it exists; a missing folder is left missing otherwise. */
export async function prepareFolder (dir: string, create: boolean): Promise<void> {
  if (create) await mkdir(dir, { recursive: true, mode: FOLDER_MODE })
  try {
    await chmod(dir, FOLDER_MODE)
  } catch (err: any) {
    // Opening fails on its own, with LevelDB's reason, when the folder is not there.
    if (err?.code !== 'ENOENT') throw err
  }
}

/** Makes every file in the folder owner-only (a file LevelDB removed meanwhile is skipped). */
export async function restrictFiles (dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    await chmod(join(dir, entry.name), FILE_MODE).catch((err: any) => { if (err?.code !== 'ENOENT') throw err })
  }
}
