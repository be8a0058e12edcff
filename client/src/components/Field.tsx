import { onMount, Show } from 'solid-js'

/** A labelled input with an optional hint; `autofocus` takes the focus also when shown after the first load. */
export function Field (props: { label: string, name: string, type?: string, autocomplete?: string, hint?: string, value: string, onInput: (v: string) => void, minLength?: number, autofocus?: boolean, inputmode?: 'numeric' | 'text' | 'email' }) {
  let input: HTMLInputElement | undefined
  // The autofocus attribute only works on the first page load; fields shown later take the focus here.
  onMount(() => { if (props.autofocus === true) input?.focus() })
  return (
    <label class="field">
      <span>{props.label}</span>
      <input ref={input} name={props.name} type={props.type ?? 'text'} autocomplete={props.autocomplete} required minLength={props.minLength}
        value={props.value} onInput={e => props.onInput(e.currentTarget.value)} autofocus={props.autofocus} inputmode={props.inputmode} />
      <Show when={props.hint}><small>{props.hint}</small></Show>
    </label>
  )
}

