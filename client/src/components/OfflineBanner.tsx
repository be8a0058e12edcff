import { Show } from 'solid-js'
import { useConnection } from '../stores/context.jsx'

/** Says, while the relay cannot be reached, why and that Parley keeps trying. */
export function OfflineBanner () {
  const connection = useConnection()
  return (
    <Show when={!connection.online()}>
      <div class="banner" role="status" data-testid="offline-banner">
        {connection.connectivity() === 'connecting' ? 'Connecting to your relay…' : `Offline: ${connection.offlineReason() ?? 'your relay cannot be reached.'} Parley keeps trying to reconnect; you can send again once it is back.`}
      </div>
    </Show>
  )
}
