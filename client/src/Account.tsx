import { createResource, createSignal, For, Show } from 'solid-js'
import { NodeError, RelayRequestError, secondFactorFrom } from '@parley/node'
import type { SessionInfo } from '@parley/protocol'
import { Field, Form } from './forms.jsx'
import { humanize } from './humanize.js'
import type { Session } from './session.js'

/** What the relay knows of the account, as Settings loads it. */
export interface AccountInfo { user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }

function when (at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** The account's email address, and changing it (the new address gets a code; the old one is told). */
export function EmailSection (props: { session: Session, info: AccountInfo, onChanged: () => Promise<void> }) {
  const s = props.session
  const [editing, setEditing] = createSignal(false)
  const [email, setEmail] = createSignal('')
  const [code, setCode] = createSignal('')
  const NewEmail = () => (
    <Form class="inline-form" testid="email-form" submit="Send a code to this address" action={async () => {
      if (email().trim().toLowerCase() === props.info.email.toLowerCase()) throw new NodeError('BAD_INPUT', 'that is already your email address')
      await s.node!.changeEmail(email().trim())
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
                await s.node!.confirmEmail(code().trim())
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

/** Where the account is logged in, and ending those sessions. */
export function SessionsSection (props: { session: Session }) {
  const s = props.session
  const [list, { refetch }] = createResource(async () => await s.node!.sessions())
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const revoke = async (which: { ids?: string[], others?: boolean }): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      await s.node!.revokeSessions(which)
    } catch (err) {
      // A session that ended meanwhile (it expired, or was ended from elsewhere) is what was asked for.
      if (!(err instanceof RelayRequestError && err.relayCode === 'NOT_FOUND')) setError(humanize(err))
    } finally {
      // The list shows what is true now, whatever happened.
      await refetch()
      setBusy(false)
    }
  }
  const others = (): SessionInfo[] => (list() ?? []).filter(x => !x.current)
  return (
    <section data-testid="sessions-section">
      <h3>Where you are logged in</h3>
      <div>
        <Show when={list.state === 'ready'} fallback={
          <Show when={list.state === 'errored'} fallback={<p class="muted">Asking the relay…</p>}>
            <p class="error" role="alert">{humanize(list.error)} <button class="link" onClick={() => { void refetch() }}>Try again</button></p>
          </Show>
        }>
          <ul class="sessions">
            <For each={[...(list() ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeen - a.lastSeen)}>
              {item => (
                <li data-testid="session" data-current={item.current ? 'yes' : 'no'}>
                  <div>
                    <strong>{item.current ? 'This browser' : 'Another device'}</strong>{' '}
                    <span class="muted">(device {item.peerId.slice(-8)})</span>
                    <br />
                    <small class="muted">Logged in {when(item.createdAt)} · last active {when(item.lastSeen)}</small>
                  </div>
                  <Show when={!item.current}>
                    <button class="secondary" disabled={busy()} onClick={() => { void revoke({ ids: [item.id] }) }} data-testid="session-revoke">Log out</button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={others().length > 1}>
            <button class="secondary" disabled={busy()} onClick={() => { void revoke({ others: true }) }} data-testid="sessions-revoke-others">Log out everywhere else</button>
          </Show>
          <Show when={others().length === 0}><p class="muted">No other device is logged in.</p></Show>
        </Show>
        <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      </div>
    </section>
  )
}

/** Deleting the account: everything on the relay and this browser's device. */
export function DeleteAccountSection (props: { session: Session, info: AccountInfo }) {
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
            if (confirmName().trim().toLowerCase() !== props.info.user.toLowerCase()) throw new NodeError('BAD_INPUT', `type your address, ${props.info.user}, exactly as shown to confirm`)
            await props.session.deleteAccount(password(), secondFactorFrom(code()))
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
