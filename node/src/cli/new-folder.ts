/**
 * What a device folder was before a command ran (Node only), so a command that needs no device
 * makes none, and one that sets a device up and fails leaves the folder as it found it.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

/** A folder that is not there, one that is there and empty, or one that holds something. */
export type FolderBefore = 'missing' | 'empty' | 'in-use'

/** What `dir` is now; a folder that cannot be read counts as in use (nothing of it is touched). */
export async function folderBefore (dir: string): Promise<FolderBefore> {
  try {
    return (await readdir(dir)).length === 0 ? 'empty' : 'in-use'
  } catch (err: any) {
    return err?.code === 'ENOENT' ? 'missing' : 'in-use'
  }
}

/** Puts back a folder that was missing or empty before a failed device set-up: removed, or emptied. */
export async function restoreFolder (dir: string, before: FolderBefore): Promise<void> {
  if (before === 'in-use') return
  if (before === 'missing') { await rm(dir, { recursive: true, force: true }); return }
  const entries = await readdir(dir).catch(() => [])
  for (const name of entries) await rm(join(dir, name), { recursive: true, force: true })
}
