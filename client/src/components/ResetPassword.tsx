import { createSignal, onCleanup, Show } from 'solid-js'
import { usePasswordReset } from '../stores/context.jsx'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/**
 * Forgotten account password: a code mailed to the account's address, then a new password. Every
 * session of the account ends (the keys on each device stay), and the person logs in again.
 */
export function ResetPassword (props: { newDevice: boolean, address?: string, name: string, onDone: () => void }) {
  const reset = usePasswordReset()
  // Starts from the name typed in the login form; edited here from then on.
  const [name, setName] = createSignal(props.name)
  const [sent, setSent] = createSignal(false)
  const [code, setCode] = createSignal('')
  const [password, setPassword] = createSignal('')
  // Leaving this form any way (back, another tab) ends the reset; after a finished one it does nothing.
  onCleanup(() => { void reset.cancel() })
  return (
    <>
      <Show when={!sent()} fallback={
        <Form testid="reset-form" submit="Set the new password" action={async () => { await reset.reset(code(), password()); props.onDone() }}>
          <p class="muted">If the account exists, a code is on its way to its email address.</p>
          <Field label="Code from the email" name="reset-code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus />
          <Field label="New account password" name="new-password" type="password" autocomplete="new-password" minLength={10} value={password()} onInput={setPassword} hint="At least 10 characters. Every device logged in to the account is logged out." />
        </Form>
      }>
        <Form testid="reset-request-form" submit="Email me a code" action={async () => { await reset.request(props.newDevice ? name() : undefined); setSent(true) }}>
          <Show when={props.newDevice} fallback={<p class="muted">A code to set a new password goes to the email address of <strong>{props.address}</strong>.</p>}>
            <Field label="Name" name="reset-name" autocomplete="username" value={name()} onInput={setName} autofocus hint="The code goes to the email address of this account." />
          </Show>
        </Form>
      </Show>
      <p class="muted"><button class="link" onClick={() => props.onDone()}>Back to log in</button></p>
    </>
  )
}
