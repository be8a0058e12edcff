import { createResource, Show } from 'solid-js'
import { useConversations, useTrust } from '../stores/context.jsx'
import { Composer } from './Composer.jsx'
import { HeldNotice } from './HeldNotice.jsx'
import { MessageList } from './MessageList.jsx'

/** The open conversation: who, whether verified, what is held, the messages and the composer. */
export function ConversationView (props: { peer: string, onInfo: () => void }) {
  const conversations = useConversations()
  const trust = useTrust()
  // Asked again when a key change is settled: the badge follows.
  const [verified] = createResource(() => [props.peer, trust.keyChange()] as const, async ([peer]) => await trust.isVerified(peer))
  return (
    <div class="conversation-pane">
      <header class="conversation-header">
        <button class="back" onClick={() => conversations.close()} aria-label="Back to conversations">‹</button>
        <h2 data-testid="conversation-peer">{props.peer}</h2>
        <Show when={verified() === true}><span class="badge verified" data-testid="verified-badge" title="You compared safety numbers">Verified</span></Show>
        <button class="link" onClick={() => props.onInfo()} data-testid="contact-info">Safety number</button>
      </header>
      <HeldNotice peer={props.peer} onCompare={() => props.onInfo()} />
      <MessageList peer={props.peer} />
      <Composer peer={props.peer} />
    </div>
  )
}
