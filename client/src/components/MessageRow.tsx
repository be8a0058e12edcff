import { Show } from 'solid-js'
import { failureReason } from '../lib/humanize.js'
import { useConversations, useProfiles } from '../stores/context.jsx'
import { groupIdOf, type Message } from '../stores/index.js'
import { GroupReceiptsLine } from './GroupReceiptsLine.jsx'
import { Attachment } from './Attachment.jsx'

const STATE_LABEL: Record<Message['state'], string> = {
  waiting: '🕓 Waiting', sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent', received: ''
}

function time (ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
}

/** One message: its text, time, state and path; a failed one says why and offers to try again. */
export function MessageRow (props: { message: Message }) {
  const conversations = useConversations()
  const profiles = useProfiles()
  const m = () => props.message
  return (
    <Show when={m().system !== true} fallback={<div class="message system" data-testid="system-line"><p class="text">{m().text}</p></div>}>
    <Show when={m().unreadable === undefined} fallback={
      <div class="message notice" data-testid="unreadable-notice"><p class="text">A message from {m().sender} could not be read ({m().unreadable}).</p><p class="meta"><span>{time(m().sentAt)}</span></p></div>
    }>
      <div class="message" classList={{ out: m().direction === 'out', in: m().direction === 'in', failed: m().state === 'failed' }} data-testid="message" data-state={m().state} data-path={m().path ?? ''}>
        <Show when={m().direction === 'in' && groupIdOf(m().conversation) !== undefined}><p class="sender" data-testid="message-sender">{profiles.nameOf(m().sender)}<Show when={profiles.nameOf(m().sender) !== m().sender}><span class="address muted"> {m().sender}</span></Show></p></Show>
        <Show when={m().attachment !== undefined}><Attachment message={m()} /></Show>
        <Show when={m().attachment === undefined || m().text !== ''}><p class="text">{m().text}</p></Show>
        <p class="meta">
          <span>{time(m().sentAt)}</span>
          <Show when={m().direction === 'out'}>
            <span class="state" data-testid="message-state">{STATE_LABEL[m().state]}</span>
          </Show>
          <Show when={m().path !== undefined && m().state !== 'sending' && m().state !== 'failed' && m().state !== 'waiting'}>
            <span class="path" title={m().path === 'direct' ? 'Went straight between your devices' : 'Went through the relay mailbox'} data-testid="message-path">{m().path === 'direct' ? 'direct' : 'via relay'}</span>
          </Show>
        </p>
        <Show when={m().state === 'waiting'}>
          <p class="failure waiting" data-testid="waiting">Kept on this device until the relay can be reached; it goes by itself, in order. <button class="link" onClick={() => { void conversations.retry(m().id) }} data-testid="retry">Send now</button></p>
        </Show>
        <Show when={m().state === 'failed'}>
          <p class="failure">Not sent: {failureReason(m())} <button class="link" onClick={() => { void conversations.retry(m().id) }} data-testid="retry">Try again</button></p>
        </Show>
        <Show when={m().direction === 'out' && m().groupSeq !== undefined}><GroupReceiptsLine message={m()} /></Show>
      </div>
    </Show>
    </Show>
  )
}
