import { ParleyNode } from '@parley/node'
import type { ClientEnvironment, NodeFactory } from './device.js'

/** Real devices: `ParleyNode` over IndexedDB. */
export const browserNodes: NodeFactory = {
  open: async options => await ParleyNode.open(options),
  exists: async dataDir => await ParleyNode.exists(dataDir),
  forget: async dataDir => { await ParleyNode.forget(dataDir) }
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
    randomBytes: length => crypto.getRandomValues(new Uint8Array(length))
  }
}
