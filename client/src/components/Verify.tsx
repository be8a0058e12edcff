import { createSignal } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useSession } from '../stores/context.jsx'
import { Field } from './Field.jsx'
import { Form } from './Form.jsx'

/** Enter the mailed code. */
export function Verify (props: { address: string, email: string }) {
  const session = useSession()
  const [code, setCode] = createSignal('')
  const [resent, setResent] = createSignal<string>()
  return (
    <main class="onboarding">
      <header class="brand"><h1>Check your email</h1><p>We sent a six-digit code to <strong>{props.email}</strong> to confirm <strong>{props.address}</strong>.</p></header>
      <Form testid="verify-form" submit="Confirm" action={async () => { await session.verify(code()) }}>
        <Field label="Code" name="code" inputmode="numeric" autocomplete="one-time-code" value={code()} onInput={setCode} autofocus />
      </Form>
      <p class="muted">No mail? <button class="link" onClick={() => { session.resendCode().then(() => setResent('A new code is on its way.'), err => setResent(humanize(err))) }}>Send a new code</button> {resent() ?? ''}</p>
      <p class="muted"><button class="link" onClick={() => session.leaveVerify()}>Back to log in</button></p>
    </main>
  )
}
