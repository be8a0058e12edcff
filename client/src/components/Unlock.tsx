import { createSignal } from 'solid-js'
import { useSession } from '../stores/context.jsx'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/** A returning visit: the passphrase unlocks this browser's keys. */
export function Unlock () {
  const session = useSession()
  const [passphrase, setPassphrase] = createSignal('')
  const erase = (): void => {
    if (confirm('Erase this device\'s keys and message history from this browser? Your account stays; logging in again gives this browser new keys, and your contacts will see that your key changed.')) void session.forgetDevice()
  }
  return (
    <main class="onboarding">
      <header class="brand"><h1>Parley</h1><p>Enter this device's passphrase to unlock your keys.</p></header>
      <Form testid="unlock-form" submit="Unlock" action={async () => { await session.unlock(passphrase()) }}>
        <Field label="Device passphrase" name="passphrase" type="password" autocomplete="current-password" value={passphrase()} onInput={setPassphrase} autofocus />
      </Form>
      <p class="muted">Forgot it? The keys here cannot be recovered without it, but you can{' '}
        <button class="link" onClick={erase} data-testid="forget-device">erase this device</button> and log in again.</p>
    </main>
  )
}
