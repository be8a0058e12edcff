import { createResource, createSignal, Show } from 'solid-js'
import QRCode from 'qrcode'
import { heldCount } from '../lib/held-text.js'
import { humanize } from '../lib/humanize.js'
import { useTrust } from '../stores/context.jsx'

/** The safety number with a contact, as digits and a QR code, and the way to mark them verified. */
export function ContactInfo (props: { peer: string, onBack: () => void }) {
  const trust = useTrust()
  const [version, setVersion] = createSignal(0)
  const [info] = createResource(() => [props.peer, version()] as const, async ([peer]) => {
    const number = await trust.safetyNumber(peer)
    const svg = await QRCode.toString(number.qr, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
    return { ...number, svg }
  })
  const [error, setError] = createSignal<string>()
  const [refused, setRefused] = createSignal<string>()
  const refuse = async (): Promise<void> => {
    setError(undefined)
    try {
      const discarded = await trust.refuseKey(props.peer)
      setRefused(`The new key was refused${discarded > 0 ? `, and ${heldCount(discarded)} written under it ${discarded === 1 ? 'was' : 'were'} discarded` : ''}. Nothing is sent to ${props.peer} until this is settled.`)
      setVersion(v => v + 1)
    } catch (err) {
      setError(humanize(err))
    }
  }
  const confirm = async (): Promise<void> => {
    setError(undefined)
    try {
      const n = info.state === 'ready' ? info() : undefined
      if (n === undefined) return
      if (n.pending) await trust.acceptKey(props.peer, n.digits)
      else await trust.verifyContact(props.peer, n.digits)
      setVersion(v => v + 1)
    } catch (err) {
      setError(humanize(err))
    }
  }
  return (
    <div class="contact-info" data-testid="contact-page">
      <header class="conversation-header">
        <button class="back always" onClick={() => props.onBack()} aria-label="Back to the conversation">‹</button>
        <h2>{props.peer}</h2>
      </header>
      <Show when={info.state === 'ready' && info()} fallback={<p class="muted" role={info.state === 'errored' ? 'alert' : undefined}>{info.state === 'errored' ? humanize(info.error) : 'Working out the safety number…'}</p>}>
        {n => (
          <div class="safety">
            <Show when={n().pending}>
              <p class="warning" role="alert">The key of {props.peer} changed. This is the number for the <strong>new</strong> key: only accept it if it matches theirs.</p>
            </Show>
            <p>Compare this number with the one {props.peer} sees for you: in person, or on a call where you recognise their voice. If they match, nobody is in between.</p>
            <p class="digits" data-testid="safety-digits">{n().digits}</p>
            {/* qrcode produces the SVG from our own data only. */}
            <div class="qr" innerHTML={n().svg} role="img" aria-label="Safety number as a QR code" />
            <Show when={n().verified} fallback={
              <button onClick={() => { void confirm() }} data-testid="mark-verified">{n().pending ? 'They match: accept the new key' : 'They match: mark as verified'}</button>
            }>
              <p class="badge verified" data-testid="verified-state">Verified</p>
            </Show>
            <Show when={n().pending && !n().verified}>
              <button class="secondary" onClick={() => { void refuse() }} data-testid="refuse-key">They do not match: refuse the new key</button>
              <Show when={trust.heldFrom(props.peer) > 0}>
                <p class="muted">Refusing discards the {heldCount(trust.heldFrom(props.peer))} written under the new key.</p>
              </Show>
            </Show>
            <Show when={refused()}>{m => <p class="notice" role="status" data-testid="refused">{m()}</p>}</Show>
            <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
          </div>
        )}
      </Show>
    </div>
  )
}
