import { createSignal, Show } from 'solid-js'
import { useAccount } from '../stores/context.jsx'
import type { AccountInfo } from '../stores/index.js'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/** The account's email address, and changing it (the new address gets a code; the old one is told). */
export function EmailSection (props: { info: AccountInfo, onChanged: () => Promise<void> }) {
  const account = useAccount()
  const [editing, setEditing] = createSignal(false)
  const [email, setEmail] = createSignal('')
  const [code, setCode] = createSignal('')
  const NewEmail = () => (
    <Form class="inline-form" testid="email-form" submit="Send a code to this address" action={async () => {
      await account.changeEmail(email(), props.info.email)
      setEmail('')
      setEditing(false)
      await props.onChanged()
    }}>
      <Field label="New email address" name="new-email" type="email" autocomplete="email" inputmode="email" value={email()} onInput={setEmail} autofocus />
    </Form>
  )
  return (
    <section data-testid="email-section">
      <h3>Email address</h3>
      <div>
        <p>Codes for logging in and for resetting your password go to <strong data-testid="current-email">{props.info.email}</strong>.</p>
        <Show when={props.info.pendingEmail} fallback={
          <Show when={editing()} fallback={<button class="secondary" onClick={() => setEditing(true)} data-testid="email-change">Change email address</button>}>
            <NewEmail />
          </Show>
        }>
          {pending => (
            <>
              <p>A code was sent to <strong>{pending()}</strong>. The address changes once you enter it.</p>
              <Form class="inline-form" testid="email-confirm-form" submit="Confirm new address" action={async () => {
                await account.confirmEmail(code())
                setCode('')
                await props.onChanged()
              }}>
                <Field label="Code from the email" name="email-code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus />
              </Form>
              <button class="link" onClick={() => setEditing(true)}>Use another address instead</button>
              <Show when={editing()}>
                <NewEmail />
              </Show>
            </>
          )}
        </Show>
      </div>
    </section>
  )
}
