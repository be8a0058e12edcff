import { Match, onMount, Show, Switch } from 'solid-js'
import { createSession } from './session.js'
import { Login, Unlock, Verify, Welcome } from './Onboarding.jsx'
import { Chat } from './Chat.jsx'

/** The web client: onboarding until this browser holds an unlocked, logged-in device, then the messenger. */
export function App () {
  const session = createSession()
  onMount(() => { void session.start() })
  return (
    <>
      <Show when={session.notice()}>
        {text => <div class="banner" role="status" data-testid="notice">{text()}<button class="link" onClick={() => session.setNotice(undefined)}>Dismiss</button></div>}
      </Show>
      <Switch>
        <Match when={session.phase().name === 'starting'}><main class="onboarding"><p class="muted">Starting…</p></main></Match>
        <Match when={session.phase().name === 'welcome'}><Welcome session={session} /></Match>
        <Match when={session.phase().name === 'locked'}><Unlock session={session} /></Match>
        <Match when={(() => { const p = session.phase(); return p.name === 'verify' ? p : undefined })()}>
          {p => <Verify session={session} address={p().address} email={p().email} />}
        </Match>
        <Match when={(() => { const p = session.phase(); return p.name === 'login' ? p : undefined })()}>
          {p => <Login session={session} address={p().address} />}
        </Match>
        <Match when={session.phase().name === 'ready'}><Chat session={session} /></Match>
      </Switch>
    </>
  )
}
