import { Match, onMount, Show, Switch } from 'solid-js'
import { Chat } from './components/Chat.jsx'
import { Login } from './components/Login.jsx'
import { Unlock } from './components/Unlock.jsx'
import { Verify } from './components/Verify.jsx'
import { Welcome } from './components/Welcome.jsx'
import { StoresProvider, useNotice, usePasswordReset, useSession } from './stores/context.jsx'
import type { Stores } from './stores/index.js'

/** The web client over `props.stores`: onboarding until this browser holds an unlocked, logged-in device, then the messenger. */
export function App (props: { stores: Stores }) {
  return <StoresProvider stores={props.stores}><Screens /></StoresProvider>
}

function Screens () {
  const session = useSession()
  const notice = useNotice()
  const reset = usePasswordReset()
  onMount(() => {
    // A password reset left unfinished in an earlier visit leaves nothing behind.
    void reset.sweep().catch(() => {})
    void session.start()
  })
  const verifying = () => { const p = session.phase(); return p.name === 'verify' ? p : undefined }
  const loggingIn = () => { const p = session.phase(); return p.name === 'login' ? p : undefined }
  return (
    <>
      <Show when={notice.notice()}>
        {text => <div class="banner" role="status" data-testid="notice">{text()}<button class="link" onClick={() => notice.dismiss()}>Dismiss</button></div>}
      </Show>
      <Switch>
        <Match when={session.phase().name === 'starting'}><main class="onboarding"><p class="muted">Starting…</p></main></Match>
        <Match when={session.phase().name === 'welcome'}><Welcome /></Match>
        <Match when={session.phase().name === 'locked'}><Unlock /></Match>
        <Match when={verifying()}>{p => <Verify address={p().address} email={p().email} />}</Match>
        <Match when={loggingIn()}>{p => <Login address={p().address} />}</Match>
        <Match when={session.phase().name === 'ready'}><Chat /></Match>
      </Switch>
    </>
  )
}
