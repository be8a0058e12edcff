import { createSignal, Show } from 'solid-js'
import { useSession } from '../stores/context.jsx'
import type { AccountInfo } from '../stores/index.js'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/** Deleting the account: everything on the relay and this browser's device. */
export function DeleteAccountSection (props: { info: AccountInfo }) {
  const session = useSession()
  const [open, setOpen] = createSignal(false)
  const [password, setPassword] = createSignal('')
  const [code, setCode] = createSignal('')
  const [confirmName, setConfirmName] = createSignal('')
  return (
    <section data-testid="delete-section">
      <h3>Delete account</h3>
      <div>
        <Show when={open()} fallback={
          <>
            <p class="muted">Removes your account, your keys and any waiting messages from your relay, and erases this browser's copy. Your name becomes free for anyone to take. This cannot be undone.</p>
            <button class="secondary" onClick={() => setOpen(true)} data-testid="delete-start">Delete account…</button>
          </>
        }>
          <p><strong>This cannot be undone.</strong> Your contacts keep the messages they have, but cannot write to you any more.</p>
          <Form class="inline-form" testid="delete-form" submit="Delete my account" danger action={async () => {
            await session.deleteAccount({ password: password(), code: code(), typedName: confirmName(), user: props.info.user })
          }}>
            <Field label={`Type ${props.info.user} to confirm`} name="confirm-address" autocomplete="off" value={confirmName()} onInput={setConfirmName} autofocus />
            <Field label="Account password" name="delete-password" type="password" autocomplete="current-password" value={password()} onInput={setPassword} />
            <Show when={props.info.totpEnabled}>
              <Field label="Authenticator code" name="delete-code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} hint="Six digits from your authenticator app, or one of your recovery codes." />
            </Show>
          </Form>
          <button class="link" onClick={() => { setOpen(false); setPassword(''); setCode(''); setConfirmName('') }}>Keep my account</button>
        </Show>
      </div>
    </section>
  )
}
