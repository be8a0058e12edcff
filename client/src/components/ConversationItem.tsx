import { Show } from 'solid-js'
import { useGroups, useProfiles } from '../stores/context.jsx'
import { groupIdOf, type ConversationView, type Message } from '../stores/index.js'
import { Avatar } from './Avatar.jsx'

/** One conversation in the list: who, how many unread, the last message. */
export function ConversationItem (props: { view: ConversationView, active: boolean, onOpen: () => void }) {
  const groups = useGroups()
  const profiles = useProfiles()
  const group = (): boolean => groupIdOf(props.view.peer) !== undefined
  const title = (): string => group() ? groups.title(props.view.peer) : profiles.nameOf(props.view.peer)
  const last = (): Message | undefined => props.view.messages[props.view.messages.length - 1]
  return (
    <li>
      <button class="conversation-item" classList={{ active: props.active }} onClick={() => props.onOpen()} data-testid={`conversation-${props.view.peer}`}>
        <Avatar peer={props.view.peer} name={title()} />
        <span class="peer" data-testid="conversation-title">{title()}<Show when={!group() && title() !== props.view.peer}><span class="address muted"> {props.view.peer}</span></Show></span>
        <Show when={props.view.unread > 0}><span class="unread" data-testid="unread">{props.view.unread}<span class="sr-only"> unread</span></span></Show>
        <span class="preview muted">{last()?.text ?? ''}</span>
      </button>
    </li>
  )
}
