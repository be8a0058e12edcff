import { Show } from 'solid-js'
import { heldCount } from '../lib/held-text.js'
import { useTrust } from '../stores/context.jsx'
import { Dialog } from './Dialog.jsx'

/** A blocking, plain-language warning when a contact's identity key changed. */
export function KeyChangeDialog (props: { onCompare: (peer: string) => void }) {
  const trust = useTrust()
  return (
    <Show when={trust.keyChange()}>
      {change => (
        <div class="dialog-backdrop">
          <Dialog onEscape={() => trust.dismissKeyChange()}>
            <h2 id="key-change-title">{change().peer}'s security key changed</h2>
            <p>This happens when they reinstall Parley or start using a new device. It also happens when someone is trying to impersonate them.</p>
            <Show when={trust.heldFrom(change().peer) > 0} fallback={<p>Nothing was sent. Before you continue, compare safety numbers with {change().peer} in person or on a call.</p>}>
              <p data-testid="key-change-held">{heldCount(trust.heldFrom(change().peer))} from {change().peer} {trust.heldFrom(change().peer) === 1 ? 'is' : 'are'} waiting until you accept the new key, and nothing you write is sent until then. Compare safety numbers with {change().peer} in person or on a call first.</p>
            </Show>
            <div class="actions">
              <button onClick={() => { const peer = change().peer; trust.dismissKeyChange(); props.onCompare(peer) }} data-testid="compare-numbers">Compare safety numbers</button>
              <button class="secondary" onClick={() => trust.dismissKeyChange()}>Not now</button>
            </div>
          </Dialog>
        </div>
      )}
    </Show>
  )
}
