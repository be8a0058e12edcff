import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js'
import QRCode from 'qrcode'
import type { StoredMessage } from '@parley/node'
import { failureReason, humanize } from './humanize.js'
import { Settings } from './Settings.jsx'
import type { ConversationView, Session } from './session.js'

const STATE_LABEL: Record<StoredMessage['state'], string> = {
  sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent', received: ''
}

function time (ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
}

/** The messenger: conversations on the left, the open one on the right (one at a time on a phone). */
export function Chat (props: { session: Session }) {
  const s = props.session
  const list = createMemo(() => Object.values(s.conversations).sort((a, b) => b.lastAt - a.lastAt))
  const [showInfo, setShowInfo] = createSignal(false)
  const [showSettings, setShowSettings] = createSignal(false)
  // Messages are read only when they are on screen.
  createEffect(() => { s.setChatShown(!showInfo() && !showSettings()) })
  const open = (peer: string, info = false): void => {
    s.open(peer).then(() => setShowInfo(info), err => s.setNotice(humanize(err)))
  }
  return (
    <div class="app" classList={{ 'has-open': s.openPeer() !== undefined || showSettings() }}>
      <Show when={s.connectivity() !== 'online'}>
        <div class="banner" role="status" data-testid="offline-banner">
          {s.connectivity() === 'connecting' ? 'Connecting to your relay…' : `Offline: ${s.offlineReason() ?? 'your relay cannot be reached.'} Parley keeps trying to reconnect; you can send again once it is back.`}
        </div>
      </Show>
      <aside class="sidebar" aria-label="Conversations">
        <Show when={s.recoveryCodes() !== undefined && !showSettings()}>
          <p class="warning reminder" role="status">Your new recovery codes are not saved yet. <button class="link" onClick={() => setShowSettings(true)}>Show them</button></p>
        </Show>
        <header class="me">
          <strong data-testid="my-address">{s.address}</strong>
          <button class="link" onClick={() => setShowSettings(true)} data-testid="open-settings">Settings</button>
        </header>
        <NewConversation session={s} />
        <ul class="conversations">
          <For each={list()} fallback={<li class="muted empty">No conversations yet. Start one above with someone's address.</li>}>
            {c => <ConversationItem view={c} active={s.openPeer() === c.peer} onOpen={() => { setShowInfo(false); setShowSettings(false); open(c.peer) }} />}
          </For>
        </ul>
      </aside>
      <section class="conversation">
        <Show when={!showSettings()} fallback={<Settings session={s} onClose={() => setShowSettings(false)} />}>
        <Show when={s.openPeer()} keyed fallback={<div class="placeholder muted">Choose a conversation, or start a new one.</div>}>
          {peer => (
            <Show when={!showInfo()} fallback={<ContactInfo session={s} peer={peer} onBack={() => setShowInfo(false)} />}>
              <Conversation session={s} peer={peer} onInfo={() => setShowInfo(true)} />
            </Show>
          )}
        </Show>
        </Show>
      </section>
      <KeyChangeDialog session={s} onCompare={peer => { setShowSettings(false); open(peer, true) }} />
    </div>
  )
}

function ConversationItem (props: { view: ConversationView, active: boolean, onOpen: () => void }) {
  const last = (): StoredMessage | undefined => props.view.messages[props.view.messages.length - 1]
  return (
    <li>
      <button class="conversation-item" classList={{ active: props.active }} onClick={() => props.onOpen()} data-testid={`conversation-${props.view.peer}`}>
        <span class="peer">{props.view.peer}</span>
        <Show when={props.view.unread > 0}><span class="unread" data-testid="unread">{props.view.unread}<span class="sr-only"> unread</span></span></Show>
        <span class="preview muted">{last()?.text ?? ''}</span>
      </button>
    </li>
  )
}

function NewConversation (props: { session: Session }) {
  const [address, setAddress] = createSignal('')
  const [error, setError] = createSignal<string>()
  const start = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      await props.session.startConversation(address())
      setAddress('')
    } catch (err) {
      setError(humanize(err))
    }
  }
  return (
    <form class="new-conversation" onSubmit={e => { void start(e) }} data-testid="new-conversation">
      <label class="sr-only" for="new-address">Start a conversation with</label>
      <input id="new-address" name="address" placeholder="name@relay" value={address()} onInput={e => setAddress(e.currentTarget.value)} autocomplete="off" required />
      <button type="submit">Start</button>
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
    </form>
  )
}

function Conversation (props: { session: Session, peer: string, onInfo: () => void }) {
  const s = props.session
  const view = (): ConversationView | undefined => s.conversations[props.peer]
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [contact] = createResource(() => [props.peer, s.keyChange()] as const, async ([peer]) => await s.node?.contacts.get(peer))
  let scroller: HTMLDivElement | undefined
  let composer: HTMLTextAreaElement | undefined
  // Whether the list was at its end before the last change: then the newest message is followed.
  let atEnd = true
  const onScroll = (): void => { if (scroller !== undefined) atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 }
  createEffect(on(() => view()?.messages.length, () => {
    if (scroller !== undefined && atEnd) queueMicrotask(() => { scroller!.scrollTop = scroller!.scrollHeight })
  }))
  onMount(() => {
    if (scroller !== undefined) scroller.scrollTop = scroller.scrollHeight
    composer?.focus()
  })
  const send = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const body = text().trim()
    if (body === '') return
    setError(undefined)
    setText('')
    try {
      // Held back (the contact's key changed): the text waits in the composer.
      if (!await s.send(props.peer, body)) setText(body)
    } catch (err) {
      setText(body)
      setError(humanize(err))
    }
  }
  return (
    <div class="conversation-pane">
      <header class="conversation-header">
        <button class="back" onClick={() => s.close()} aria-label="Back to conversations">‹</button>
        <h2 data-testid="conversation-peer">{props.peer}</h2>
        <Show when={contact()?.verified === true}><span class="badge verified" data-testid="verified-badge" title="You compared safety numbers">Verified</span></Show>
        <button class="link" onClick={() => props.onInfo()} data-testid="contact-info">Safety number</button>
      </header>
      <Show when={(s.held[props.peer] ?? 0) > 0}>
        <p class="warning held" role="status" data-testid="held-notice">
          {heldSentence(s.held[props.peer] ?? 0, props.peer)} <button class="link" onClick={() => props.onInfo()} data-testid="held-compare">Compare safety numbers</button>
        </p>
      </Show>
      <div class="messages" ref={scroller} onScroll={onScroll} data-testid="messages" role="log" aria-label={`Conversation with ${props.peer}`}>
        <For each={view()?.messages ?? []}>
          {m => (
            <Show when={m.unreadable === undefined} fallback={
              <div class="message notice" data-testid="unreadable-notice"><p class="text">A message from {m.sender} could not be read ({m.unreadable}).</p><p class="meta"><span>{time(m.sentAt)}</span></p></div>
            }>
            <div class="message" classList={{ out: m.direction === 'out', in: m.direction === 'in', failed: m.state === 'failed' }} data-testid="message" data-state={m.state} data-path={m.path ?? ''}>
              <p class="text">{m.text}</p>
              <p class="meta">
                <span>{time(m.sentAt)}</span>
                <Show when={m.direction === 'out'}>
                  <span class="state" data-testid="message-state">{STATE_LABEL[m.state]}</span>
                </Show>
                <Show when={m.path !== undefined && m.state !== 'sending' && m.state !== 'failed'}>
                  <span class="path" title={m.path === 'direct' ? 'Went straight between your devices' : 'Went through the relay mailbox'} data-testid="message-path">{m.path === 'direct' ? 'direct' : 'via relay'}</span>
                </Show>
              </p>
              <Show when={m.state === 'failed'}>
                <p class="failure">Not sent: {failureReason(m)} <button class="link" onClick={() => { void s.retry(m.id) }} data-testid="retry">Try again</button></p>
              </Show>
            </div>
            </Show>
          )}
        </For>
      </div>
      <form class="composer" onSubmit={e => { void send(e) }} data-testid="composer">
        <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
        <label class="sr-only" for="compose">Message</label>
        <textarea id="compose" ref={composer} name="text" rows="1" placeholder={`Message ${props.peer}`} value={text()} onInput={e => setText(e.currentTarget.value)}
          onKeyDown={e => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); e.currentTarget.form?.requestSubmit() } }} />
        <button type="submit" disabled={text().trim() === ''}>Send</button>
      </form>
    </div>
  )
}

/** The safety number with a contact, as digits and a QR code, and the way to mark them verified. */
function ContactInfo (props: { session: Session, peer: string, onBack: () => void }) {
  const s = props.session
  const [version, setVersion] = createSignal(0)
  const [info] = createResource(() => [props.peer, version()] as const, async ([peer]) => {
    const number = await s.node!.safetyNumber(peer)
    const svg = await QRCode.toString(number.qr, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
    return { ...number, svg }
  })
  const [error, setError] = createSignal<string>()
  const [refused, setRefused] = createSignal<string>()
  const refuse = async (): Promise<void> => {
    setError(undefined)
    try {
      const discarded = await s.refuseKey(props.peer)
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
      if (n.pending) await s.acceptKey(props.peer, n.digits)
      else await s.node!.verifyContact(props.peer, n.digits)
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
              <Show when={(s.held[props.peer] ?? 0) > 0}>
                <p class="muted">Refusing discards the {heldCount(s.held[props.peer] ?? 0)} written under the new key.</p>
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

function heldCount (count: number): string {
  return count === 1 ? '1 message' : `${count} messages`
}

/** Why messages from `peer` are not shown yet, in a sentence. */
function heldSentence (count: number, peer: string): string {
  return `${heldCount(count)} from ${peer} ${count === 1 ? 'is' : 'are'} waiting: ${peer}'s security key changed. ${count === 1 ? 'It is' : 'They are'} shown once you compare safety numbers and accept the new key.`
}

/** A blocking, plain-language warning when a contact's identity key changed. */
function KeyChangeDialog (props: { session: Session, onCompare: (peer: string) => void }) {
  const s = props.session
  return (
    <Show when={s.keyChange()}>
      {change => (
        <div class="dialog-backdrop">
          <Dialog onEscape={() => s.dismissKeyChange()}>
            <h2 id="key-change-title">{change().peer}'s security key changed</h2>
            <p>This happens when they reinstall Parley or start using a new device. It also happens when someone is trying to impersonate them.</p>
            <Show when={(s.held[change().peer] ?? 0) > 0} fallback={<p>Nothing was sent. Before you continue, compare safety numbers with {change().peer} in person or on a call.</p>}>
              <p data-testid="key-change-held">{heldCount(s.held[change().peer] ?? 0)} from {change().peer} {(s.held[change().peer] ?? 0) === 1 ? 'is' : 'are'} waiting until you accept the new key, and nothing you write is sent until then. Compare safety numbers with {change().peer} in person or on a call first.</p>
            </Show>
            <div class="actions">
              <button onClick={() => { const peer = change().peer; s.dismissKeyChange(); props.onCompare(peer) }} data-testid="compare-numbers">Compare safety numbers</button>
              <button class="secondary" onClick={() => s.dismissKeyChange()}>Not now</button>
            </div>
          </Dialog>
        </div>
      )}
    </Show>
  )
}

/** The key-change dialog's box: takes the focus, keeps Tab inside, and closes on Escape. */
function Dialog (props: { onEscape: () => void, children: any }) {
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
