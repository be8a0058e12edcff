import { Show } from 'solid-js'
import { useGroups } from '../stores/context.jsx'
import type { ConversationView, Message } from '../stores/index.js'

/** One conversation in the list: who, how many unread, the last message. */
export function ConversationItem (props: { view: ConversationView, active: boolean, onOpen: () => void }) {
  const groups = useGroups()
  const last = (): Message | undefined => props.view.messages[props.view.messages.length - 1]
  return (
    <li>
      <button class="conversation-item" classList={{ active: props.active }} onClick={() => props.onOpen()} data-testid={`conversation-${props.view.peer}`}>
        <span class="peer">{groups.title(props.view.peer)}</span>
        <Show when={props.view.unread > 0}><span class="unread" data-testid="unread">{props.view.unread}<span class="sr-only"> unread</span></span></Show>
        <span class="preview muted">{last()?.text ?? ''}</span>
      </button>
    </li>
  )
}
