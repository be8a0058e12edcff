import { fromBase64, toBase64 } from '@parley/protocol'
import { NodeError } from './errors.js'
import { openLocal, sealLocal, type KeyMaterial } from './keystore.js'
import { checkProfile, type NodeStore, type Profile } from './node-store.js'
import type { SessionVault } from './relay/connection.js'
import type { FolderContents } from './store-check.js'

/** NO_DEVICE for a store that holds no device. */
export function noDevice (dataDir: string): NodeError {
  return new NodeError('NO_DEVICE', `there is no device in ${dataDir}: set one up with parley register, or parley login --relay <url> --name <name> (or pick the folder that holds it with --data / PARLEY_HOME)`)
}

/** A failed LevelDB open of a folder that was checked: busy (locked by another process) or damaged. */
export function storeOpenError (dataDir: string, err: any): NodeError {
  const code = err?.cause?.code ?? err?.code
  if (code === 'LEVEL_LOCKED') return new NodeError('STORE_BUSY', `the device folder ${dataDir} is in use by another parley process (a parley listen or lan still running?): stop it, or wait until it has finished`, { cause: err })
  return new NodeError('STORE_UNREADABLE', `the device folder ${dataDir} cannot be opened (${String(err?.cause?.message ?? err?.message ?? err)})`, { cause: err })
}

/**
 * The folder check (store-check.ts), in Node only: browsers keep the store in IndexedDB, which
 * nothing rewrites on opening. Loaded by a specifier bundlers do not follow.
 */
export async function loadStoreCheck (): Promise<typeof import('./store-check.js') | undefined> {
  const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
  if (typeof nodeVersion !== 'string') return undefined
  const specifier = './store-check.js'
  return await import(/* @vite-ignore */ specifier)
}

/** What a device folder holds, checked without changing it; 'unchecked' in browsers. */
export async function inspectStore (dataDir: string): Promise<FolderContents | 'unchecked'> {
  return await (await loadStoreCheck())?.inspectFolder(dataDir) ?? 'unchecked'
}

/** The session token, sealed under the keystore's storage key in the store's meta records. */
export function sessionVault (store: NodeStore, storageKey: CryptoKey): SessionVault {
  return {
    load: async () => {
      const stored = await store.meta.get('session') as { token?: unknown, expiresAt?: unknown } | undefined
      if (typeof stored?.token !== 'string' || typeof stored.expiresAt !== 'number' || stored.expiresAt <= Date.now()) return undefined
      return await openLocal(storageKey, fromBase64(stored.token), 'parley/session/v1')
    },
    save: async (token, expiresAt) => {
      const sealed = await sealLocal(storageKey, token, 'parley/session/v1')
      await store.meta.put('session', { token: toBase64(sealed), expiresAt })
    },
    forget: async () => { await store.meta.del('session') }
  }
}

/**
 * Unlocks the sealed records and reads the profile. The folder check before opening cannot read
 * sealed records, so a damaged one is found here; in Node it is reported as the folder check
 * reports damage (naming the folder, saying that nothing was changed).
 */
export async function unlockedProfile (store: NodeStore, material: KeyMaterial, dataDir: string): Promise<Profile | undefined> {
  try {
    await store.unlock(material)
    const raw = await store.meta.get('profile') as unknown
    return raw === undefined ? undefined : checkProfile(raw)
  } catch (err) {
    if (!(err instanceof NodeError) || err.code !== 'CORRUPT_STORE') throw err
    const check = await loadStoreCheck()
    throw check === undefined ? err : check.damagedFolder(dataDir, err.message, err)
  }
}
