import { createEffect, For, on, onMount } from 'solid-js'
import { useConversations } from '../stores/context.jsx'
import { MessageRow } from './MessageRow.jsx'

/** How close to the end (px) still counts as at the end: the newest message is then followed. */
const FOLLOW_SLACK_PX = 80

/** The messages of a conversation, scrolled to the newest while the person is at the end. */
export function MessageList (props: { peer: string }) {
  const conversations = useConversations()
  const messages = () => conversations.conversations[props.peer]?.messages ?? []
  let scroller: HTMLDivElement | undefined
  // Whether the list was at its end before the last change.
  let atEnd = true
  const onScroll = (): void => { if (scroller !== undefined) atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_SLACK_PX }
  createEffect(on(() => messages().length, () => {
    if (scroller !== undefined && atEnd) queueMicrotask(() => { scroller!.scrollTop = scroller!.scrollHeight })
  }))
  onMount(() => { if (scroller !== undefined) scroller.scrollTop = scroller.scrollHeight })
  return (
    <div class="messages" ref={scroller} onScroll={onScroll} data-testid="messages" role="log" aria-label={`Conversation with ${props.peer}`}>
      <For each={messages()}>{m => <MessageRow message={m} />}</For>
    </div>
  )
}
