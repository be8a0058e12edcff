import { createSignal, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useConversations, useGroups } from '../stores/context.jsx'

/** Makes a group: a name and the people to invite (addresses separated by commas or spaces). */
export function NewGroup () {
  const groups = useGroups()
  const conversations = useConversations()
  const [open, setOpen] = createSignal(false)
  const [name, setName] = createSignal('')
  const [people, setPeople] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const create = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    setBusy(true)
    try {
      const invitees = people().split(/[\s,;]+/).map(a => a.trim().toLowerCase()).filter(a => a !== '')
      const peer = await groups.create(name().trim(), invitees)
      setName('')
      setPeople('')
      setOpen(false)
      await conversations.open(peer)
    } catch (err) {
      setError(humanize(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Show when={open()} fallback={<button class="link new-group-toggle" onClick={() => setOpen(true)} data-testid="new-group">New group</button>}>
      <form class="new-group" onSubmit={e => { void create(e) }} data-testid="new-group-form">
        <label for="group-name">Group name</label>
        <input id="group-name" name="name" value={name()} onInput={e => setName(e.currentTarget.value)} maxLength={256} required autocomplete="off" />
        <label for="group-people">Invite (name@relay, separated by commas)</label>
        <input id="group-people" name="people" value={people()} onInput={e => setPeople(e.currentTarget.value)} autocomplete="off" placeholder="bob@relay, carol@relay" />
        <div class="actions">
          <button type="submit" disabled={busy() || name().trim() === ''}>{busy() ? 'Creating…' : 'Create group'}</button>
          <button type="button" class="link" onClick={() => setOpen(false)}>Cancel</button>
        </div>
        <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      </form>
    </Show>
  )
}
