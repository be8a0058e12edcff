import { createSignal, type Accessor } from 'solid-js'
import type { Device } from './device.js'

/** The connection to the relay, as the banner shows it. */
export type Connectivity = 'connecting' | 'online' | 'offline'

/** The relay connection's state, moved along by the node's events. */
export interface ConnectionStore {
  connectivity: Accessor<Connectivity>
  /** Why the device is offline, when it is not simply unreachable. */
  offlineReason: Accessor<string | undefined>
  /** Derived: whether the relay is reachable now. */
  online: () => boolean
  /** A connection attempt starts. */
  connecting: () => void
  /** The attempt ended: reachable or not (the node keeps trying by itself when not). */
  reached: (reachable: boolean) => void
  /** Offline for good until reload, with the sentence that says why. */
  failed: (reason: string) => void
}

/** The connection store over `device`'s events. */
export function createConnectionStore (device: Device): ConnectionStore {
  const [connectivity, setConnectivity] = createSignal<Connectivity>('connecting')
  const [offlineReason, setOfflineReason] = createSignal<string>()
  device.subscribe(event => {
    switch (event.type) {
      case 'disconnected':
        setConnectivity('offline')
        break
      case 'connected':
        setConnectivity('online')
        setOfflineReason(undefined)
        break
      case 'offline':
        setConnectivity('offline')
        setOfflineReason(event.code === 'NOT_LOGGED_IN'
          ? 'Your session on this device has ended.'
          : 'Your relay refused this device. Reload the page to try again.')
        break
      default:
        break
    }
  })
  return {
    connectivity,
    offlineReason,
    online: () => connectivity() === 'online',
    connecting: () => { setConnectivity('connecting') },
    reached (reachable) {
      setConnectivity(reachable ? 'online' : 'offline')
      if (reachable) setOfflineReason(undefined)
    },
    failed (reason) {
      setConnectivity('offline')
      setOfflineReason(reason)
    }
  }
}
