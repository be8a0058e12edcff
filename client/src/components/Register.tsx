import { createSignal } from 'solid-js'
import { useSession } from '../stores/context.jsx'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/** A new account on this relay, with a new device in this browser. */
export function Register () {
  const session = useSession()
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [passphrase, setPassphrase] = createSignal('')
  return (
    <Form testid="register-form" submit="Create account" action={async () => { await session.register({ name: name(), email: email(), password: password(), passphrase: passphrase() }) }}>
      <Field label="Name" name="name" autocomplete="username" value={name()} onInput={setName} autofocus hint="Lowercase letters, digits, dot, dash or underscore. People write to you as name@this-relay." />
      <Field label="Email" name="email" type="email" inputmode="email" autocomplete="email" value={email()} onInput={setEmail} hint="For the confirmation code and account recovery only." />
      <Field label="Account password" name="password" type="password" autocomplete="new-password" minLength={10} value={password()} onInput={setPassword} hint="For logging in to the relay. At least 10 characters." />
      <Field label="Device passphrase" name="passphrase" type="password" autocomplete="off" minLength={8} value={passphrase()} onInput={setPassphrase} hint="Encrypts your keys in this browser; asked for each time you open Parley. It never leaves this device." />
    </Form>
  )
}
