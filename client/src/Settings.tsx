import { createResource, createSignal, For, Show } from 'solid-js'
import QRCode from 'qrcode'
import { secondFactorFrom } from '@parley/node'
import { DeleteAccountSection, EmailSection, SessionsSection } from './Account.jsx'
import { humanize } from './humanize.js'
import type { Session } from './session.js'

/** Settings: direct connections, two-factor login, email, sessions, logging out, deleting the account. */
export function Settings (props: { session: Session, onClose: () => void }) {
  const s = props.session
  const [account, { refetch }] = createResource(async () => await s.node!.accountInfo())
  // The last answer stays shown while a new one is asked for, so the sections are not rebuilt on each refetch.
  const known = () => account.state === 'errored' ? undefined : account.latest
  const [enrolment, setEnrolment] = createSignal<{ uri: string, secret: string, svg: string }>()
  // Held by the session, so leaving this page before "I have saved them" does not lose them.
  const recoveryCodes = s.recoveryCodes
  const setRecoveryCodes = s.setRecoveryCodes
  const [code, setCode] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try { await work() } catch (err) { setError(humanize(err)) } finally { setBusy(false) }
  }
  const startEnrolment = async (): Promise<void> => {
    const { uri, secret } = await s.node!.enrolTotp()
    setEnrolment({ uri, secret, svg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) })
  }
  const confirm = async (): Promise<void> => {
    setRecoveryCodes(await s.node!.confirmTotp(code().replace(/\s/g, '')))
    setEnrolment(undefined)
    setCode('')
    await refetch()
  }
  const disable = async (): Promise<void> => {
    await s.node!.disableTotp(secondFactorFrom(code()) ?? { totpCode: '' })
    setCode('')
    await refetch()
  }
  const regenerate = async (): Promise<void> => {
    setRecoveryCodes(await s.node!.regenerateRecoveryCodes(secondFactorFrom(code()) ?? { totpCode: '' }))
    setCode('')
    await refetch()
  }

  return (
    <div class="settings" data-testid="settings">
      <header class="conversation-header">
        <button class="back always" onClick={() => props.onClose()} aria-label="Back">‹</button>
        <h2>Settings</h2>
      </header>
      <div class="settings-body">
        <section>
          <h3>Direct connections</h3>
          <label class="check">
            <input type="checkbox" checked={s.directEnabled()} onChange={e => s.setDirectEnabled(e.currentTarget.checked)} data-testid="direct-toggle" />
            <span>Connect straight to contacts who are online (faster, and the relay carries nothing). They can see your IP address; turn this off to send everything through your relay. Takes effect when Parley is next opened.</span>
          </label>
        </section>

        <section>
          <h3>Two-factor login</h3>
          <Show when={recoveryCodes()}>
            {codes => (
              <div class="recovery" data-testid="recovery-codes">
                <p><strong>Two-factor login is on.</strong> These recovery codes each let you log in once without your authenticator app. Save them somewhere safe now: they are not shown again.</p>
                <ul class="codes"><For each={codes()}>{c => <li><code>{c}</code></li>}</For></ul>
                <button onClick={() => setRecoveryCodes(undefined)} data-testid="codes-saved">I have saved them</button>
              </div>
            )}
          </Show>
          <Show when={!recoveryCodes()}>
            <Show when={known()} fallback={
              <Show when={account.state === 'errored'} fallback={<p class="muted">Asking the relay…</p>}>
                <p class="error" role="alert">{humanize(account.error)} <button class="link" onClick={() => { void refetch() }}>Try again</button></p>
              </Show>
            }>
              {info => (
                <Show when={!info().totpEnabled} fallback={
                  <div>
                    <p data-testid="totp-state">On. {info().recoveryCodesLeft} recovery codes left.</p>
                    <label class="field"><span>Code from your app, or a recovery code, to turn it off or to get new recovery codes</span>
                      <input name="totp-off" value={code()} onInput={e => setCode(e.currentTarget.value)} autocomplete="one-time-code" /></label>
                    <div class="actions">
                      <button class="secondary" disabled={busy() || code().trim() === ''} onClick={() => { void run(regenerate) }} data-testid="codes-regenerate">New recovery codes</button>
                      <button class="secondary" disabled={busy() || code().trim() === ''} onClick={() => { void run(disable) }}>Turn off</button>
                    </div>
                  </div>
                }>
                  <Show when={enrolment()} fallback={
                    <div>
                      <p data-testid="totp-state">Off. With it on, logging in also needs a code from an authenticator app.</p>
                      <button disabled={busy()} onClick={() => { void run(startEnrolment) }} data-testid="totp-start">Turn on</button>
                    </div>
                  }>
                    {e => (
                      <div class="enrol" data-testid="totp-enrol">
                        <p>Scan this with your authenticator app (or type the key), then enter the code it shows.</p>
                        {/* qrcode renders our own otpauth URI. */}
                        <div class="qr" innerHTML={e().svg} role="img" aria-label="Authenticator QR code" />
                        <p>Key: <code data-testid="totp-secret">{e().secret}</code></p>
                        <label class="field"><span>Code from the app</span>
                          <input name="totp-code" inputmode="numeric" value={code()} onInput={ev => setCode(ev.currentTarget.value)} autocomplete="one-time-code" /></label>
                        <button disabled={busy() || code().trim() === ''} onClick={() => { void run(confirm) }} data-testid="totp-confirm">Turn on</button>
                      </div>
                    )}
                  </Show>
                </Show>
              )}
            </Show>
          </Show>
          <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
        </section>

        <Show when={known()}>
          {info => <EmailSection session={s} info={info()} onChanged={async () => { await refetch() }} />}
        </Show>

        <SessionsSection session={s} />

        <section>
          <h3>This device</h3>
          <div>
            <p class="muted">Signed in as <strong>{s.address}</strong>. Your keys stay in this browser, encrypted with your device passphrase.</p>
            <button class="secondary" onClick={() => { void s.logout() }} data-testid="logout">Log out</button>
          </div>
        </section>

        <Show when={known()}>
          {info => <DeleteAccountSection session={s} info={info()} />}
        </Show>
      </div>
    </div>
  )
}
