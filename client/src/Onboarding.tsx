import { createSignal, onCleanup, Show } from 'solid-js'
import { RelayRequestError, secondFactorFrom } from '@parley/node'
import { Field, Form } from './forms.jsx'
import { humanize } from './humanize.js'
import type { Session } from './session.js'

/** First visit: create an account, or bring an existing one to this browser. */
export function Welcome (props: { session: Session }) {
  const [mode, setMode] = createSignal<'register' | 'login'>('register')
  return (
    <main class="onboarding">
      <header class="brand"><h1>Parley</h1><p>End-to-end encrypted messages: peer to peer when you both are online, through your relay when not.</p></header>
      <div class="tabs" role="tablist">
        <button role="tab" aria-selected={mode() === 'register'} onClick={() => setMode('register')} data-testid="tab-register">Create an account</button>
        <button role="tab" aria-selected={mode() === 'login'} onClick={() => setMode('login')} data-testid="tab-login">I already have one</button>
      </div>
      <Show when={mode() === 'register'} fallback={<Login session={props.session} newDevice />}>
        <Register session={props.session} />
      </Show>
    </main>
  )
}

function Register (props: { session: Session }) {
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [passphrase, setPassphrase] = createSignal('')
  return (
    <Form testid="register-form" submit="Create account" action={async () => { await props.session.register({ name: name(), email: email(), password: password(), passphrase: passphrase() }) }}>
      <Field label="Name" name="name" autocomplete="username" value={name()} onInput={setName} autofocus hint="Lowercase letters, digits, dot, dash or underscore. People write to you as name@this-relay." />
      <Field label="Email" name="email" type="email" inputmode="email" autocomplete="email" value={email()} onInput={setEmail} hint="For the confirmation code and account recovery only." />
      <Field label="Account password" name="password" type="password" autocomplete="new-password" minLength={10} value={password()} onInput={setPassword} hint="For logging in to the relay. At least 10 characters." />
      <Field label="Device passphrase" name="passphrase" type="password" autocomplete="off" minLength={8} value={passphrase()} onInput={setPassphrase} hint="Encrypts your keys in this browser; asked for each time you open Parley. It never leaves this device." />
    </Form>
  )
}

/** Enter the mailed code. */
export function Verify (props: { session: Session, address: string, email: string }) {
  const [code, setCode] = createSignal('')
  const [resent, setResent] = createSignal<string>()
  return (
    <main class="onboarding">
      <header class="brand"><h1>Check your email</h1><p>We sent a six-digit code to <strong>{props.email}</strong> to confirm <strong>{props.address}</strong>.</p></header>
      <Form testid="verify-form" submit="Confirm" action={async () => { await props.session.verify(code()) }}>
        <Field label="Code" name="code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus />
      </Form>
      <p class="muted">No mail? <button class="link" onClick={() => { props.session.resendCode().then(() => setResent('A new code is on its way.'), err => setResent(humanize(err))) }}>Send a new code</button> {resent() ?? ''}</p>
      <p class="muted"><button class="link" onClick={() => props.session.leaveVerify()}>Back to log in</button></p>
    </main>
  )
}

/** Log in: to this device's account (password, code), or with a name on a new device. */
export function Login (props: { session: Session, newDevice?: boolean, address?: string }) {
  const [name, setName] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [passphrase, setPassphrase] = createSignal('')
  const [code, setCode] = createSignal('')
  const [needsCode, setNeedsCode] = createSignal(false)
  const [resetting, setResetting] = createSignal(false)
  const action = async (): Promise<void> => {
    const secondFactor = secondFactorFrom(code())
    await props.session.login({
      password: password(),
      ...(props.newDevice === true ? { name: name(), passphrase: passphrase() } : {}),
      ...(secondFactor !== undefined ? { secondFactor } : {})
    })
  }
  const onError = (err: unknown): boolean => {
    if (err instanceof RelayRequestError && err.relayCode === 'SECOND_FACTOR_REQUIRED' && !needsCode()) { setNeedsCode(true); return true }
    return false
  }
  return (
    <main class={props.newDevice === true ? '' : 'onboarding'}>
      <Show when={props.newDevice !== true}>
        <header class="brand"><h1>Log in</h1><p>{props.address !== undefined ? <>Your session for <strong>{props.address}</strong> on this device has ended.</> : 'Log in to your account.'}</p></header>
      </Show>
      <Show when={!resetting()} fallback={<ResetPassword session={props.session} newDevice={props.newDevice === true} address={props.address} name={name()} onDone={() => { setResetting(false); setPassword(''); setCode(''); setNeedsCode(false) }} />}>
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

/**
 * Forgotten account password: a code mailed to the account's address, then a new password. Every
 * session of the account ends (the keys on each device stay), and the person logs in again.
 */
function ResetPassword (props: { session: Session, newDevice: boolean, address?: string, name: string, onDone: () => void }) {
  const [name, setName] = createSignal(props.name)
  const [sent, setSent] = createSignal(false)
  const [code, setCode] = createSignal('')
  const [password, setPassword] = createSignal('')
  // Leaving this form any way (back, another tab) ends the reset; after a finished one it does nothing.
  onCleanup(() => { void props.session.cancelPasswordReset() })
  const back = (): void => props.onDone()
  return (
    <>
      <Show when={!sent()} fallback={
        <Form testid="reset-form" submit="Set the new password" action={async () => { await props.session.resetPassword(code(), password()); props.onDone() }}>
          <p class="muted">If the account exists, a code is on its way to its email address.</p>
          <Field label="Code from the email" name="reset-code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus />
          <Field label="New account password" name="new-password" type="password" autocomplete="new-password" minLength={10} value={password()} onInput={setPassword} hint="At least 10 characters. Every device logged in to the account is logged out." />
        </Form>
      }>
        <Form testid="reset-request-form" submit="Email me a code" action={async () => { await props.session.requestPasswordReset(props.newDevice ? name() : undefined); setSent(true) }}>
          <Show when={props.newDevice} fallback={<p class="muted">A code to set a new password goes to the email address of <strong>{props.address}</strong>.</p>}>
            <Field label="Name" name="reset-name" autocomplete="username" value={name()} onInput={setName} autofocus hint="The code goes to the email address of this account." />
          </Show>
        </Form>
      </Show>
      <p class="muted"><button class="link" onClick={back}>Back to log in</button></p>
    </>
  )
}

/** A returning visit: the passphrase unlocks this browser's keys. */
export function Unlock (props: { session: Session }) {
  const [passphrase, setPassphrase] = createSignal('')
  return (
    <main class="onboarding">
      <header class="brand"><h1>Parley</h1><p>Enter this device's passphrase to unlock your keys.</p></header>
      <Form testid="unlock-form" submit="Unlock" action={async () => { await props.session.unlock(passphrase()) }}>
        <Field label="Device passphrase" name="passphrase" type="password" autocomplete="current-password" value={passphrase()} onInput={setPassphrase} autofocus />
      </Form>
      <p class="muted">Forgot it? The keys here cannot be recovered without it, but you can{' '}
        <button class="link" onClick={() => { if (confirm('Erase this device\'s keys and message history from this browser? Your account stays; logging in again gives this browser new keys, and your contacts will see that your key changed.')) void props.session.forgetDevice() }} data-testid="forget-device">erase this device</button> and log in again.</p>
    </main>
  )
}
