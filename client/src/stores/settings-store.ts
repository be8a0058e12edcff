import { createSignal, type Accessor } from 'solid-js'
import type { ClientEnvironment } from './device.js'

/** Storage key of the direct-connections setting ('on' or 'off'). */
export const DIRECT_SETTING = 'parley.direct'

/** This browser's settings (kept in its local storage). */
export interface SettingsStore {
  /** Whether direct connections are on: they show contacts this browser's IP address, so a person may prefer the relay only. */
  directEnabled: Accessor<boolean>
  setDirectEnabled: (on: boolean) => void
}

/** The settings store, read from and written to `env`'s storage. */
export function createSettingsStore (env: ClientEnvironment): SettingsStore {
  const [directEnabled, setDirect] = createSignal(env.readSetting(DIRECT_SETTING) !== 'off')
  return {
    directEnabled,
    setDirectEnabled (on) {
      setDirect(on)
      env.writeSetting(DIRECT_SETTING, on ? 'on' : 'off')
    }
  }
}
