/**
 * The folder check's scratch copies (Node only): made beside the device folder, named after the
 * process that made them, so a copy a killed check left behind is found and removed by the next.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

/**
 * A scratch copy older than this is stale whoever made it: a check takes seconds, and a process id
 * can be reused by a later process long after its check was killed.
 */
export const STALE_SCRATCH_MS = 60 * 60 * 1000

/** The name every scratch copy of `dir` starts with: `.<folder>.check-`. */
function prefixOf (dir: string): string {
  return `.${basename(dir)}.check-`
}

/** A new scratch folder beside `dir` (so tables can be hard-linked), else in the temporary folder. */
export async function makeScratch (dir: string): Promise<string> {
  try {
    return await mkdtemp(join(dirname(dir), `${prefixOf(dir)}${process.pid}-`))
  } catch {
    return await mkdtemp(join(tmpdir(), 'parley-check-'))
  }
}

/**
 * Removes the scratch copies of `dir` that no running check holds: those of a process that is
 * gone, those older than STALE_SCRATCH_MS, and unnamed ones (made before copies carried a process
 * id) once that old. Best effort: a copy that cannot be removed now is tried again next time.
 */
export async function removeStaleScratch (dir: string, now = Date.now()): Promise<string[]> {
  const parent = dirname(dir)
  const prefix = prefixOf(dir)
  let names: string[]
  try {
    names = (await readdir(parent)).filter(n => n.startsWith(prefix))
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const path = join(parent, name)
    try {
      const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1] ?? NaN)
      const old = now - (await stat(path)).mtimeMs > STALE_SCRATCH_MS
      if (!old && Number.isInteger(pid) && isRunning(pid)) continue
      if (!old && !Number.isInteger(pid)) continue
      await rm(path, { recursive: true, force: true })
      removed.push(path)
    } catch {
      // Removed meanwhile by another check, or not ours to remove: leave it.
    }
  }
  return removed
}

/** Whether a process with id `pid` runs (EPERM: it does, under another user). */
function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err?.code === 'EPERM'
  }
}
