import { createSignal, Show, type JSX } from 'solid-js'
import { humanize } from '../lib/humanize.js'

/** A form that runs `action` on submit, shows its error as a sentence, and disables itself meanwhile. */
export function Form (props: { action: () => Promise<void>, submit: string, children: JSX.Element, testid: string, onError?: (err: unknown) => boolean, class?: string, danger?: boolean }) {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const onSubmit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await props.action()
    } catch (err) {
      if (props.onError?.(err) !== true) setError(humanize(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class={props.class ?? 'card'} onSubmit={e => { void onSubmit(e) }} data-testid={props.testid} aria-busy={busy()}>
      {props.children}
      <Show when={error()}>{message => <p class="error" role="alert" data-testid="form-error">{message()}</p>}</Show>
      <button type="submit" classList={{ danger: props.danger === true }} disabled={busy()}>{busy() ? 'Working…' : props.submit}</button>
    </form>
  )
}
