/** Shared fixtures for the node specs: temp folders, a NodeStore and error assertions. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { generateIdentityKey } from '@parley/protocol'
import { NodeError, type NodeErrorCode } from '../src/errors.js'
import { NodeStore } from '../src/node-store.js'

/** A fresh empty folder under the OS temp dir. */
export async function makeTempDir (label: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), `parley-node-${label}-`))
}

/** Removes a folder made by makeTempDir. */
export async function removeTempDir (dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}

/** The identity key each folder opened by openStore is sealed under, so a reopen unlocks it again. */
const folderIdentities = new Map<string, ReturnType<typeof generateIdentityKey>>()

/** Opens a NodeStore in `dir` and unlocks it (with fresh keys the first time, or the identity key given). */
export async function openStore (dir: string, identity = folderIdentities.get(dir) ?? generateIdentityKey()): Promise<NodeStore> {
  folderIdentities.set(dir, identity)
  const store = new NodeStore(dir)
  await store.open()
  await store.unlock({ identity })
  return store
}

/** Awaits `run` and asserts it rejects with a NodeError (or subclass `name`) of `code`; returns it. */
export async function expectNodeError (run: () => Promise<unknown>, code: NodeErrorCode, name = 'NodeError'): Promise<NodeError> {
  let caught: unknown
  try {
    await run()
  } catch (err) {
    caught = err
  }
  expect(caught, `expected ${name} ${code}, but it resolved`).to.not.equal(undefined)
  expect((caught as Error).name, `expected ${name} ${code}, got ${String(caught)}`).to.equal(name)
  expect(caught).to.be.instanceOf(NodeError)
  expect((caught as NodeError).code, (caught as Error).message).to.equal(code)
  return caught as NodeError
}

/** The SHA-256 of every file under `dir` by relative path (empty when `dir` does not exist): equal maps mean unchanged bytes. */
export async function hashFolder (dir: string): Promise<Record<string, string>> {
  const { readdir, readFile } = await import('node:fs/promises')
  const { createHash } = await import('node:crypto')
  const out: Record<string, string> = {}
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true })
  } catch (err: any) {
    if (err?.code === 'ENOENT') return out
    throw err
  }
  for (const e of entries) {
    if (!e.isFile()) continue
    const path = join(e.parentPath, e.name)
    out[path.slice(dir.length + 1)] = createHash('sha256').update(await readFile(path)).digest('hex')
  }
  return out
}
