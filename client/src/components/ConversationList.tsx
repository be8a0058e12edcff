import { For } from 'solid-js'
import { useConversations } from '../stores/context.jsx'
import { ConversationItem } from './ConversationItem.jsx'

/** The conversations, most recent first. */
export function ConversationList (props: { onOpen: (peer: string) => void }) {
  const conversations = useConversations()
  return (
    <ul class="conversations">
      <For each={conversations.list()} fallback={<li class="muted empty">No conversations yet. Start one above with someone's address.</li>}>
        {c => <ConversationItem view={c} active={conversations.openPeer() === c.peer} onOpen={() => props.onOpen(c.peer)} />}
      </For>
    </ul>
  )
}
