import { createSignal, Show } from 'solid-js'
import { Login } from './Login.jsx'
import { Register } from './Register.jsx'

/** First visit: create an account, or bring an existing one to this browser. */
export function Welcome () {
  const [mode, setMode] = createSignal<'register' | 'login'>('register')
  return (
    <main class="onboarding">
      <header class="brand"><h1>Parley</h1><p>End-to-end encrypted messages: peer to peer when you both are online, through your relay when not.</p></header>
      <div class="tabs" role="tablist">
        <button role="tab" aria-selected={mode() === 'register'} onClick={() => setMode('register')} data-testid="tab-register">Create an account</button>
        <button role="tab" aria-selected={mode() === 'login'} onClick={() => setMode('login')} data-testid="tab-login">I already have one</button>
      </div>
      <Show when={mode() === 'register'} fallback={<Login newDevice />}>
        <Register />
      </Show>
    </main>
  )
}
