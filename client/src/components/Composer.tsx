import { createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useConversations, useFiles, useGroups } from '../stores/context.jsx'

/** The longest voice message recorded (then it stops by itself). */
const MAX_VOICE_MS = 10 * 60 * 1000

/**
 * Writes to `peer`: Enter sends, Shift+Enter breaks the line; a text that could not go stays here
 * with the reason. Files go by the attach button, by pasting or by dropping them here; a voice
 * message is recorded with the microphone button. Uploads show their progress here.
 */
export function Composer (props: { peer: string }) {
  const conversations = useConversations()
  const groups = useGroups()
  const files = useFiles()
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [dragging, setDragging] = createSignal(false)
  const [recording, setRecording] = createSignal<{ stop: () => void, startedAt: number }>()
  let input: HTMLTextAreaElement | undefined
  let picker: HTMLInputElement | undefined
  onMount(() => { input?.focus() })
  onCleanup(() => { recording()?.stop() })
  const send = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    const body = text().trim()
    if (body === '') return
    setError(undefined)
    setText('')
    try {
      // Held back (the contact's key changed): the text waits in the composer.
      if (!await conversations.send(props.peer, body)) setText(body)
    } catch (err) {
      setText(body)
      setError(humanize(err))
    }
  }
  const sendFiles = (list: FileList | File[] | null | undefined): void => {
    for (const file of Array.from(list ?? [])) void files.send(props.peer, file)
  }
  const record = async (): Promise<void> => {
    setError(undefined)
    if (typeof MediaRecorder === 'undefined' || navigator.mediaDevices?.getUserMedia === undefined) { setError('This browser cannot record audio.'); return }
    let stream: MediaStream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch (err) {
      setError(`The microphone is not available: ${humanize(err)}`)
      return
    }
    const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'].find(t => MediaRecorder.isTypeSupported(t))
    const recorder = new MediaRecorder(stream, type !== undefined ? { mimeType: type } : {})
    const parts: Blob[] = []
    const startedAt = Date.now()
    recorder.ondataavailable = e => { if (e.data.size > 0) parts.push(e.data) }
    recorder.onstop = () => {
      for (const track of stream.getTracks()) track.stop()
      setRecording(undefined)
      const mediaType = (recorder.mimeType !== '' ? recorder.mimeType : 'audio/webm').split(';')[0] as string
      const blob = new Blob(parts, { type: mediaType })
      if (blob.size === 0) return
      const ext = mediaType === 'audio/mp4' ? 'm4a' : mediaType === 'audio/ogg' ? 'ogg' : 'webm'
      const file = new File([blob], `voice-${new Date(startedAt).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`, { type: mediaType })
      void files.send(props.peer, file, { voice: true, durationMs: Math.max(1, Date.now() - startedAt) })
    }
    recorder.start(1000)
    const limit = setTimeout(() => { if (recorder.state === 'recording') recorder.stop() }, MAX_VOICE_MS)
    setRecording({ stop: () => { clearTimeout(limit); if (recorder.state === 'recording') recorder.stop() }, startedAt })
  }
  const mine = () => Object.entries(files.uploads).filter(([, u]) => u.peer === props.peer)
  return (
    <form class="composer" classList={{ dragging: dragging() }} onSubmit={e => { void send(e) }} data-testid="composer"
      onDragOver={e => { if (e.dataTransfer?.types.includes('Files') === true) { e.preventDefault(); setDragging(true) } }}
      onDragLeave={() => setDragging(false)}
      onDrop={e => { e.preventDefault(); setDragging(false); sendFiles(e.dataTransfer?.files) }}>
      <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      <For each={mine()}>{([key, u]) => (
        <div class="upload" data-testid="upload" data-key={key}>
          <Show when={u.error === undefined} fallback={<span class="failure">{u.name}: not sent ({u.error})</span>}>
            <label class="transfer">Sending {u.name}<progress value={u.done} max={u.total} data-testid="upload-progress" /></label>
          </Show>
        </div>
      )}</For>
      <label class="sr-only" for="compose">Message</label>
      <textarea id="compose" ref={input} name="text" rows="1" placeholder={`Message ${groups.title(props.peer)}`} value={text()} onInput={e => setText(e.currentTarget.value)}
        onPaste={e => { const pasted = e.clipboardData?.files; if (pasted !== undefined && pasted.length > 0) { e.preventDefault(); sendFiles(pasted) } }}
        onKeyDown={e => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); e.currentTarget.form?.requestSubmit() } }} />
      <div class="composer-actions">
        <input ref={picker} type="file" multiple hidden onChange={e => { sendFiles(e.currentTarget.files); e.currentTarget.value = '' }} data-testid="attach-input" />
        <button type="button" class="icon" title="Attach a file" aria-label="Attach a file" onClick={() => picker?.click()} data-testid="attach">File</button>
        <Show when={recording()} fallback={
          <button type="button" class="icon" title="Record a voice clip" aria-label="Record voice" onClick={() => { void record() }} data-testid="record">Voice</button>
        }>
          {r => <button type="button" class="icon recording" title="Stop recording (the clip is sent)" aria-label="Stop recording" onClick={() => r().stop()} data-testid="record-stop">Stop</button>}
        </Show>
        <button type="submit" disabled={text().trim() === ''}>Send</button>
      </div>
    </form>
  )
}
