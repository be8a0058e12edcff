import { createSignal, For, Show } from 'solid-js'
import QRCode from 'qrcode'
import { humanize } from '../lib/humanize.js'
import { useAccount } from '../stores/context.jsx'
import type { AccountInfo } from '../stores/index.js'

/** Two-factor login: turning it on with an authenticator app, the recovery codes, turning it off. */
export function TwoFactorSection (props: { info: AccountInfo | undefined, error: unknown, onChanged: () => Promise<void> }) {
  const account = useAccount()
  const [enrolment, setEnrolment] = createSignal<{ uri: string, secret: string, svg: string }>()
  const [code, setCode] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try { await work() } catch (err) { setError(humanize(err)) } finally { setBusy(false) }
  }
  const startEnrolment = async (): Promise<void> => {
    const { uri, secret } = await account.enrolTotp()
    setEnrolment({ uri, secret, svg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) })
  }
  // Each action that changes the account reads it again, so the section shows what is true now.
  const withCode = (action: (code: string) => Promise<void>) => async (): Promise<void> => {
    await action(code())
    setEnrolment(undefined)
    setCode('')
    await props.onChanged()
  }
  return (
    <section>
      <h3>Two-factor login</h3>
      <Show when={account.recoveryCodes()}>
        {codes => (
          <div class="recovery" data-testid="recovery-codes">
            <p><strong>Two-factor login is on.</strong> These recovery codes each let you log in once without your authenticator app. Save them somewhere safe now: they are not shown again.</p>
            <ul class="codes"><For each={codes()}>{c => <li><code>{c}</code></li>}</For></ul>
            <button onClick={() => account.dismissRecoveryCodes()} data-testid="codes-saved">I have saved them</button>
          </div>
        )}
      </Show>
      <Show when={!account.recoveryCodes()}>
        <Show when={props.info} fallback={
          <Show when={props.error !== undefined} fallback={<p class="muted">Asking the relay…</p>}>
            <p class="error" role="alert">{humanize(props.error)} <button class="link" onClick={() => { void props.onChanged() }}>Try again</button></p>
          </Show>
        }>
          {info => (
            <Show when={!info().totpEnabled} fallback={
              <div>
                <p data-testid="totp-state">On. {info().recoveryCodesLeft} recovery codes left.</p>
                <label class="field"><span>Code from your app, or a recovery code, to turn it off or to get new recovery codes</span>
                  <input name="totp-off" value={code()} onInput={e => setCode(e.currentTarget.value)} autocomplete="one-time-code" /></label>
                <div class="actions">
                  <button class="secondary" disabled={busy() || code().trim() === ''} onClick={() => { void run(withCode(account.regenerateRecoveryCodes)) }} data-testid="codes-regenerate">New recovery codes</button>
                  <button class="secondary" disabled={busy() || code().trim() === ''} onClick={() => { void run(withCode(account.disableTotp)) }}>Turn off</button>
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
                    <button disabled={busy() || code().trim() === ''} onClick={() => { void run(withCode(account.confirmTotp)) }} data-testid="totp-confirm">Turn on</button>
                  </div>
                )}
              </Show>
            </Show>
          )}
        </Show>
      </Show>
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
    </section>
  )
}
