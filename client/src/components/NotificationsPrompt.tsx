import { Show } from 'solid-js'
import { useAttention } from '../stores/context.jsx'

/** Offers to turn on notifications for new messages while the page is hidden, until the person answered. */
export function NotificationsPrompt () {
  const attention = useAttention()
  return (
    <Show when={attention.permission() === 'default'}>
      <button class="link" onClick={() => { void attention.ask() }} data-testid="enable-notifications">Notify me of new messages</button>
    </Show>
  )
}
