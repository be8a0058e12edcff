import { Show } from 'solid-js'
import { useProfiles } from '../stores/context.jsx'
import { groupIdOf } from '../stores/index.js'

/** A person's picture, or the first letter of how they are named; a group's first letter. */
export function Avatar (props: { peer: string, name: string }) {
  const profiles = useProfiles()
  const picture = (): string | undefined => groupIdOf(props.peer) === undefined ? profiles.of(props.peer)?.picture : undefined
  const initial = (): string => [...props.name.trim()][0]?.toUpperCase() ?? '?'
  return (
    <Show when={picture()} fallback={<span class="avatar" aria-hidden="true">{initial()}</span>}>
      {url => <img class="avatar" src={url()} alt="" data-testid="avatar-picture" />}
    </Show>
  )
}
