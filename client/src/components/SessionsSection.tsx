import { createResource, createSignal, For, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useAccount } from '../stores/context.jsx'

function when (at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** Where the account is logged in, and ending those sessions. */
export function SessionsSection () {
  const account = useAccount()
  const [list, { refetch }] = createResource(async () => await account.sessions())
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const revoke = async (which: { ids?: string[], others?: boolean }): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      await account.revokeSessions(which)
    } catch (err) {
      setError(humanize(err))
    } finally {
      // The list shows what is true now, whatever happened.
      await refetch()
      setBusy(false)
    }
  }
  const sorted = () => [...(list() ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeen - a.lastSeen)
  const others = () => (list() ?? []).filter(x => !x.current)
  return (
    <section data-testid="sessions-section">
      <h3>Where you are logged in</h3>
      <div>
        <Show when={list.state === 'ready'} fallback={
          <Show when={list.state === 'errored'} fallback={<p class="muted">Asking the relay…</p>}>
            <p class="error" role="alert">{humanize(list.error)} <button class="link" onClick={() => { void refetch() }}>Try again</button></p>
          </Show>
        }>
          <ul class="sessions">
            <For each={sorted()}>
              {item => (
                <li data-testid="session" data-current={item.current ? 'yes' : 'no'}>
                  <div>
                    <strong>{item.current ? 'This browser' : 'Another device'}</strong>{' '}
                    <span class="muted">(device {item.peerId.slice(-8)})</span>
                    <br />
                    <small class="muted">Logged in {when(item.createdAt)} · last active {when(item.lastSeen)}</small>
                  </div>
                  <Show when={!item.current}>
                    <button class="secondary" disabled={busy()} onClick={() => { void revoke({ ids: [item.id] }) }} data-testid="session-revoke">Log out</button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={others().length > 1}>
            <button class="secondary" disabled={busy()} onClick={() => { void revoke({ others: true }) }} data-testid="sessions-revoke-others">Log out everywhere else</button>
          </Show>
          <Show when={others().length === 0}><p class="muted">No other device is logged in.</p></Show>
        </Show>
        <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      </div>
    </section>
  )
}
