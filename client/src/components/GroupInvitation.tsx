import { createSignal, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useGroups } from '../stores/context.jsx'

/** Above a group's messages: an invitation to accept or decline, or word that this user is no longer in it. */
export function GroupInvitation (props: { peer: string }) {
  const groups = useGroups()
  const [error, setError] = createSignal<string>()
  const status = () => groups.of(props.peer)?.status
  const act = (what: 'accept' | 'decline'): void => {
    setError(undefined)
    groups[what](props.peer).catch(err => setError(humanize(err)))
  }
  return (
    <>
      <Show when={status() === 'invited' || status() === 'joining'}>
        <div class="banner invitation" role="status" data-testid="group-invitation">
          <p>{status() === 'joining' ? 'You are invited; the group is on its way…' : 'You are invited to this group. Messages show here once you join.'}</p>
          <Show when={status() === 'invited'}>
            <button onClick={() => act('accept')} data-testid="accept-group">Join</button>
            <button class="link" onClick={() => act('decline')} data-testid="decline-group">Decline</button>
          </Show>
          <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
        </div>
      </Show>
      <Show when={status() === 'left'}>
        <p class="banner muted" role="status" data-testid="group-left">You are no longer in this group.</p>
      </Show>
    </>
  )
}
