import { onCleanup, onMount, type JSX } from 'solid-js'

/** A modal box: takes the focus, keeps Tab inside, gives the focus back when closed, and closes on Escape. */
export function Dialog (props: { onEscape: () => void, children: JSX.Element }) {
  let box: HTMLDivElement | undefined
  const previous = document.activeElement as HTMLElement | null
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') { e.preventDefault(); props.onEscape(); return }
    if (e.key !== 'Tab' || box === undefined) return
    const focusable = [...box.querySelectorAll<HTMLElement>('button, [href], input, textarea')]
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last?.focus() } else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first?.focus() }
  }
  onMount(() => { box?.querySelector<HTMLElement>('button')?.focus() })
  onCleanup(() => { previous?.focus() })
  return (
    <div class="dialog" ref={box} role="alertdialog" aria-modal="true" aria-labelledby="key-change-title" data-testid="key-change" onKeyDown={onKey}>
      {props.children}
    </div>
  )
}
