import { createSignal, Show } from 'solid-js'
import { useSession } from '../stores/context.jsx'
import { needsSecondFactor } from '../stores/index.js'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'
import { ResetPassword } from './ResetPassword.jsx'

/** Log in: to this device's account (password, code), or with a name on a new device. */
export function Login (props: { newDevice?: boolean, address?: string }) {
  const session = useSession()
  const [name, setName] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [passphrase, setPassphrase] = createSignal('')
  const [code, setCode] = createSignal('')
  const [needsCode, setNeedsCode] = createSignal(false)
  const [resetting, setResetting] = createSignal(false)
  const action = async (): Promise<void> => {
    await session.login({
      password: password(),
      code: code(),
      ...(props.newDevice === true ? { name: name(), passphrase: passphrase() } : {})
    })
  }
  const onError = (err: unknown): boolean => {
    if (needsSecondFactor(err) && !needsCode()) { setNeedsCode(true); return true }
    return false
  }
  return (
    <main class={props.newDevice === true ? '' : 'onboarding'}>
      <Show when={props.newDevice !== true}>
        <header class="brand"><h1>Log in</h1><p>{props.address !== undefined ? <>Your session for <strong>{props.address}</strong> on this device has ended.</> : 'Log in to your account.'}</p></header>
      </Show>
      <Show when={!resetting()} fallback={<ResetPassword newDevice={props.newDevice === true} address={props.address} name={name()} onDone={() => { setResetting(false); setPassword(''); setCode(''); setNeedsCode(false) }} />}>
        <Form testid="login-form" submit="Log in" action={action} onError={onError}>
          <Show when={props.newDevice === true}>
            <Field label="Name" name="name" autocomplete="username" value={name()} onInput={setName} autofocus />
          </Show>
          <Field label="Account password" name="password" type="password" autocomplete="current-password" value={password()} onInput={setPassword} />
          <Show when={needsCode()}>
            <Field label="Authenticator code" name="code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus hint="Six digits from your authenticator app, or one of your recovery codes." />
          </Show>
          <Show when={props.newDevice === true}>
            <Field label="Device passphrase" name="passphrase" type="password" autocomplete="off" minLength={8} value={passphrase()} onInput={setPassphrase} hint="Encrypts your keys in this browser. This browser gets keys of its own: your contacts will see that your key changed." />
          </Show>
        </Form>
        <p class="muted"><button class="link" onClick={() => setResetting(true)} data-testid="forgot-password">Forgot your password?</button></p>
      </Show>
    </main>
  )
}
