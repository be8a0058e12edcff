import { createSignal, onMount, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useConversations, useGroups } from '../stores/context.jsx'

/** Writes to `peer`: Enter sends, Shift+Enter breaks the line; a text that could not go stays here with the reason. */
export function Composer (props: { peer: string }) {
  const conversations = useConversations()
  const groups = useGroups()
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string>()
  let input: HTMLTextAreaElement | undefined
  onMount(() => { input?.focus() })
  const send = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const body = text().trim()
    if (body === '') return
    setError(undefined)
    setText('')
    try {
      // Held back (the contact's key changed): the text waits in the composer.
      if (!await conversations.send(props.peer, body)) setText(body)
    } catch (err) {
      setText(body)
      setError(humanize(err))
    }
  }
  return (
    <form class="composer" onSubmit={e => { void send(e) }} data-testid="composer">
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      <label class="sr-only" for="compose">Message</label>
      <textarea id="compose" ref={input} name="text" rows="1" placeholder={`Message ${groups.title(props.peer)}`} value={text()} onInput={e => setText(e.currentTarget.value)}
        onKeyDown={e => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); e.currentTarget.form?.requestSubmit() } }} />
      <button type="submit" disabled={text().trim() === ''}>Send</button>
    </form>
  )
}
