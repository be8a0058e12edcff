import { KeylessAccount, ParleyNode } from '@parley/node'
import { canKeepFiles, forgetStoredFiles, opfsBlobFolder } from '../lib/files.js'
import type { ClientEnvironment, NodeFactory } from './device.js'

/** Real devices: `ParleyNode` over IndexedDB; keyless clients hold nothing in it. */
export const browserNodes: NodeFactory = {
  // Files sent here directly are kept in the browser's file storage, where it has one.
  open: async options => await ParleyNode.open({ ...options, ...(canKeepFiles() ? { blobFolder: opfsBlobFolder() } : {}) }),
  // Opening a store to look into it would create its database: an empty browser stays empty.
  exists: async dataDir => await hasDatabase(dataDir) && await ParleyNode.exists(dataDir),
  forget: async dataDir => {
    if (await hasDatabase(dataDir)) await ParleyNode.forget(dataDir)
    await forgetStoredFiles()
  },
  keyless: async relayUrl => await KeylessAccount.open({ relayUrl })
}

/**
 * Whether IndexedDB holds the database of the store `dataDir` (browser-level names it
 * `level-js-<name>`); true where the browser cannot list its databases, so nothing is skipped.
 */
async function hasDatabase (dataDir: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true
  return (await indexedDB.databases()).some(d => d.name === `level-js-${dataDir}`)
}

/** This page: its relay, localStorage for settings, its visibility, WebCrypto's randomness. */
export function browserEnvironment (): ClientEnvironment {
  return {
    relayUrl: new URLSearchParams(location.search).get('relay') ?? location.origin,
    readSetting (key) {
      try { return localStorage.getItem(key) } catch { return null }
    },
    writeSetting (key, value) {
      try { localStorage.setItem(key, value) } catch { /* storage refused: the setting lasts this visit */ }
    },
    isVisible: () => document.visibilityState === 'visible',
    onVisibilityChange: listener => { document.addEventListener('visibilitychange', listener) },
    randomBytes: length => crypto.getRandomValues(new Uint8Array(length)),
    setTitle: title => { document.title = title },
    notificationPermission: () => typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
    askNotifications: async () => typeof Notification === 'undefined' ? 'unsupported' : await Notification.requestPermission(),
    notify (title, body, onClick) {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
      // One notification per conversation at a time: a newer one replaces it.
      const n = new Notification(title, { body, tag: title })
      n.onclick = () => { window.focus(); onClick(); n.close() }
    }
  }
}
