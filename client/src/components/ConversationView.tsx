import { createResource, Show } from 'solid-js'
import { useConversations, useGroups, useProfiles, useTrust } from '../stores/context.jsx'
import { Avatar } from './Avatar.jsx'
import { groupIdOf } from '../stores/index.js'
import { GroupInvitation } from './GroupInvitation.jsx'
import { Composer } from './Composer.jsx'
import { HeldNotice } from './HeldNotice.jsx'
import { MessageList } from './MessageList.jsx'

/** The open conversation: who, whether verified, what is held, the messages and the composer. */
export function ConversationView (props: { peer: string, onInfo: () => void }) {
  const conversations = useConversations()
  const trust = useTrust()
  const groups = useGroups()
  const profiles = useProfiles()
  const title = (): string => isGroup() ? groups.title(props.peer) : profiles.nameOf(props.peer)
  const isGroup = (): boolean => groupIdOf(props.peer) !== undefined
  // Asked again when a key change is settled: the badge follows.
  const [verified] = createResource(() => [props.peer, trust.keyChange()] as const, async ([peer]) => groupIdOf(peer) !== undefined ? false : await trust.isVerified(peer))
  return (
    <div class="conversation-pane">
      <header class="conversation-header">
        <button class="back" onClick={() => conversations.close()} aria-label="Back to conversations">‹</button>
        <Avatar peer={props.peer} name={title()} />
        <div class="conversation-title">
          <h2 data-testid="conversation-peer">{title()}</h2>
          <Show when={!isGroup() && title() !== props.peer}><p class="address muted" data-testid="conversation-address">{props.peer}</p></Show>
        </div>
        <Show when={!isGroup()} fallback={<button class="link" onClick={() => props.onInfo()} data-testid="group-info-open">Group info</button>}>
          <Show when={verified() === true}><span class="badge verified" data-testid="verified-badge" title="You compared safety numbers">Verified</span></Show>
          <button class="link" onClick={() => props.onInfo()} data-testid="contact-info">Safety number</button>
        </Show>
      </header>
      <Show when={isGroup()} fallback={<HeldNotice peer={props.peer} onCompare={() => props.onInfo()} />}>
        <GroupInvitation peer={props.peer} />
      </Show>
      <MessageList peer={props.peer} />
      <Show when={!isGroup() || groups.of(props.peer)?.status === 'member'}>
        <Composer peer={props.peer} />
      </Show>
    </div>
  )
}
