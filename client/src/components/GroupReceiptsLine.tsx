import { createSignal, For, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useGroups } from '../stores/context.jsx'
import type { GroupReceipts, Message } from '../stores/index.js'

/** Under one of this user's group messages: who has it and who read it, asked of the relay when the person wants to know. */
export function GroupReceiptsLine (props: { message: Message }) {
  const groups = useGroups()
  const [receipts, setReceipts] = createSignal<GroupReceipts>()
  const [error, setError] = createSignal<string>()
  const ask = (): void => {
    setError(undefined)
    groups.receipts(props.message.conversation, props.message.id).then(setReceipts, err => setError(humanize(err)))
  }
  return (
    <div class="group-receipts">
      <Show when={receipts()} fallback={<button class="link" onClick={ask} data-testid="group-receipts">Seen by…</button>}>
        {r => (
          <details open data-testid="group-receipts-detail">
            <summary data-testid="group-receipts-summary">Read by {r().read} of {r().of}, delivered to {r().delivered}</summary>
            <ul>
              <For each={r().members}>{m => <li>{m.user}: {m.read ? 'read' : m.delivered ? 'delivered' : 'not yet'}</li>}</For>
            </ul>
          </details>
        )}
      </Show>
      <Show when={error()}>{m => <span class="error">{m()}</span>}</Show>
    </div>
  )
}
