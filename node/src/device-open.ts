/**
 * Opening, finding and erasing a device's local state: the store is checked before LevelDB opens
 * it, the keystore unlocked (or created where `create` allows it), the sealed records unlocked.
 */
import { NodeStore, type Profile } from './node-store.js'
import { NodeError } from './errors.js'
import { checkSealedKeystore, generateKeyMaterial, openKeystore, sealKeystore, type KeyMaterial } from './keystore.js'
import { inspectStore, loadStoreCheck, noDevice, storeOpenError, unlockedProfile } from './device-folder.js'
import { throwIfAborted } from './relay/time.js'

/** A device's local state, opened and unlocked. */
export interface OpenedDevice {
  store: NodeStore
  material: KeyMaterial
  /** The keystore's storage key (seals the session token). */
  storageKey: CryptoKey
  profile: Profile | undefined
}

/** How a device folder is opened (see ParleyNodeOptions). */
export interface OpenDeviceOptions {
  dataDir: string
  passphrase: string
  create?: 'never' | 'if-empty'
  kdfIterations?: number
  signal?: AbortSignal
}

/** Opens the store in `dataDir` and unlocks its keystore; creates them only as `create` allows. */
export async function openDevice (options: OpenDeviceOptions): Promise<OpenedDevice> {
  const { dataDir, signal } = options
  const create = options.create ?? 'if-empty'
  throwIfAborted(signal)
  const contents = await inspectStore(dataDir)
  if (create === 'never' && (contents === 'none' || contents === 'empty')) throw noDevice(dataDir)
  throwIfAborted(signal)
  const store = new NodeStore(dataDir, { createIfMissing: contents !== 'device' })
  try {
    await store.open()
  } catch (err) {
    throw storeOpenError(dataDir, err)
  }
  try {
    throwIfAborted(signal)
    const stored = await store.meta.get('keystore') as unknown
    let material: KeyMaterial
    let storageKey: CryptoKey
    if (stored === undefined) {
      if (create === 'never') throw noDevice(dataDir)
      // The browser's database is not checked beforehand: keys are made only where nothing else is.
      for await (const _ of store.level.keys({ limit: 1 })) throw new NodeError('NO_KEYSTORE', 'the keystore (this device\'s keys) is missing, though other data is there: nothing was changed')
      material = await generateKeyMaterial()
      throwIfAborted(signal)
      const created = await sealKeystore(material, options.passphrase, options.kdfIterations)
      storageKey = created.key
      throwIfAborted(signal)
      await store.meta.put('keystore', created.sealed)
    } else {
      ({ material, key: storageKey } = await openKeystore(checkSealedKeystore(stored), options.passphrase))
    }
    throwIfAborted(signal)
    const profile = await unlockedProfile(store, material, dataDir)
    return { store, material, storageKey, profile }
  } catch (err) {
    await store.close()
    throw err
  }
}

/** Whether a keystore exists in `dataDir`, without unlocking it or changing the folder. */
export async function deviceExists (dataDir: string, signal?: AbortSignal): Promise<boolean> {
  throwIfAborted(signal)
  const contents = await inspectStore(dataDir)
  if (contents !== 'unchecked') return contents === 'device'
  throwIfAborted(signal)
  const store = new NodeStore(dataDir)
  await store.open()
  try {
    return await store.meta.get('keystore') !== undefined
  } finally {
    await store.close()
  }
}

/** Erases the local state in `dataDir` (see ParleyNode.forget). */
export async function forgetDevice (dataDir: string, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal)
  // A folder that is not there has nothing to forget; opening it would create it.
  if (await (await loadStoreCheck())?.folderExists(dataDir) === false) return
  throwIfAborted(signal)
  const store = new NodeStore(dataDir)
  await store.open()
  try {
    await store.level.clear()
  } finally {
    await store.close()
  }
}
