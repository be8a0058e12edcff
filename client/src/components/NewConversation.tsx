import { createSignal, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useConversations } from '../stores/context.jsx'

/** Starts a conversation with an address (checked to have published keys first). */
export function NewConversation () {
  const conversations = useConversations()
  const [address, setAddress] = createSignal('')
  const [error, setError] = createSignal<string>()
  const start = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      await conversations.start(address())
      setAddress('')
    } catch (err) {
      setError(humanize(err))
    }
  }
  return (
    <form class="new-conversation" onSubmit={e => { void start(e) }} data-testid="new-conversation">
      <label class="sr-only" for="new-address">Start a conversation with</label>
      <input id="new-address" name="address" placeholder="name@relay" value={address()} onInput={e => setAddress(e.currentTarget.value)} autocomplete="off" required />
      <button type="submit">Start</button>
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
    </form>
  )
}
