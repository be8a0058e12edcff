import { createSignal, For, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useGroups, useProfiles, useSession } from '../stores/context.jsx'
import { Avatar } from './Avatar.jsx'

/** A group's members and, for admins, adding and removing people, making admins and renaming; leaving for everyone. */
export function GroupInfo (props: { peer: string, onBack: () => void }) {
  const groups = useGroups()
  const session = useSession()
  const profiles = useProfiles()
  const group = () => groups.of(props.peer)
  const me = () => group()?.members.find(m => m.address === session.address())
  const admin = () => me()?.admin === true && group()?.admin === true
  const [error, setError] = createSignal<string>()
  const [adding, setAdding] = createSignal('')
  const [name, setName] = createSignal('')
  const run = (work: Promise<void>): void => {
    setError(undefined)
    work.catch(err => setError(humanize(err)))
  }
  return (
    <div class="group-info" data-testid="group-info">
      <header class="conversation-header">
        <button class="back" onClick={() => props.onBack()} aria-label="Back to the conversation">‹</button>
        <h2>{group()?.name ?? 'Group'}</h2>
      </header>
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      <h3>Members</h3>
      <ul class="members" data-testid="group-members">
        <For each={group()?.members ?? []}>{m => (
          <li data-testid="group-member" data-address={m.address}>
            <Avatar peer={m.address} name={profiles.nameOf(m.address)} />
            <Show when={profiles.of(m.address)?.name}>{n => <span class="member-name" data-testid="member-name">{n()}</span>}</Show>
            <span class="address">{m.address}</span>
            <Show when={m.admin}><span class="badge">admin</span></Show>
            <Show when={!m.joined}><span class="badge muted">invited</span></Show>
            <Show when={admin() && m.address !== session.address()}>
              <Show when={m.joined}>
                <button class="link" onClick={() => run(groups.setAdmin(props.peer, m.address, !m.admin))} data-testid="toggle-admin">{m.admin ? 'Remove as admin' : 'Make admin'}</button>
              </Show>
              <button class="link danger" onClick={() => run(groups.remove(props.peer, m.address))} data-testid="remove-member">Remove</button>
            </Show>
          </li>
        )}</For>
      </ul>
      <Show when={admin()}>
        <form class="inline-form" onSubmit={e => { e.preventDefault(); const people = adding().split(/[\s,;]+/).filter(a => a !== ''); run(groups.invite(props.peer, people).then(() => { setAdding('') })) }} data-testid="add-members">
          <label for="add-people">Add people</label>
          <input id="add-people" value={adding()} onInput={e => setAdding(e.currentTarget.value)} placeholder="name@relay" autocomplete="off" required />
          <button type="submit">Add</button>
        </form>
        <form class="inline-form" onSubmit={e => { e.preventDefault(); run(groups.rename(props.peer, name().trim()).then(() => { setName('') })) }} data-testid="rename-group">
          <label for="rename">Rename</label>
          <input id="rename" value={name()} onInput={e => setName(e.currentTarget.value)} placeholder={group()?.name} maxLength={256} required autocomplete="off" />
          <button type="submit">Rename</button>
        </form>
      </Show>
      <Show when={group()?.status === 'member'}>
        <button class="danger" onClick={() => run(groups.leave(props.peer).then(() => props.onBack()))} data-testid="leave-group">Leave group</button>
      </Show>
    </div>
  )
}
