import { Show } from 'solid-js'
import { heldSentence } from '../lib/held-text.js'
import { useTrust } from '../stores/context.jsx'

/** Says how many messages from `peer` wait for their changed key to be accepted. */
export function HeldNotice (props: { peer: string, onCompare: () => void }) {
  const trust = useTrust()
  return (
    <Show when={trust.heldFrom(props.peer) > 0}>
      <p class="warning held" role="status" data-testid="held-notice">
        {heldSentence(trust.heldFrom(props.peer), props.peer)} <button class="link" onClick={() => props.onCompare()} data-testid="held-compare">Compare safety numbers</button>
      </p>
    </Show>
  )
}
