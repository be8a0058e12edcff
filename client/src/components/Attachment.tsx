import { Match, onMount, Show, Switch } from 'solid-js'
import { useFiles } from '../stores/context.jsx'
import type { Message } from '../stores/index.js'
import { formatBytes as bytes } from '../lib/format.js'

function duration (ms: number): string {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * A message's file: its thumbnail until it is fetched, then the image, audio or video inline
 * (small ones are fetched when shown), and a link that saves it under its name. Fetched files
 * stay in this browser's storage and are read from disk.
 */
export function Attachment (props: { message: Message }) {
  const files = useFiles()
  const m = () => props.message
  const a = () => m().attachment!
  const url = () => files.urls[m().id]
  const download = () => files.downloads[m().id]
  const kind = () => a().voice === true || a().mediaType.startsWith('audio/') ? 'audio' : a().mediaType.startsWith('image/') ? 'image' : a().mediaType.startsWith('video/') ? 'video' : 'file'
  onMount(() => {
    void files.restore(m()).then(() => { if (url() === undefined && files.fetchesItself(m())) void files.fetch(m()) })
  })
  return (
    <div class="attachment" data-testid="attachment" data-kind={kind()} data-name={a().name} data-thumbnail={a().thumbnail !== undefined ? "yes" : "no"} data-voice={a().voice === true ? "yes" : "no"}>
      <Show when={url()} fallback={
        <>
          <Show when={a().thumbnail}>{t => <img class="thumbnail" src={`data:${t().type};base64,${t().data}`} alt={`Preview of ${a().name}`} width={a().width} height={a().height} data-testid="attachment-thumbnail" />}</Show>
          <Show when={download()} fallback={
            <button class="link" onClick={() => { void files.fetch(m()) }} data-testid="attachment-fetch">{a().voice === true ? 'Voice message' : a().name} ({bytes(a().size)}): download</button>
          }>
            {d => (
              <Show when={d().error === undefined} fallback={<p class="failure">Not fetched: {d().error} <button class="link" onClick={() => { void files.fetch(m()) }} data-testid="attachment-retry">Try again</button></p>}>
                <label class="transfer">Fetching {a().name}<progress value={d().done} max={d().total} data-testid="attachment-progress" /></label>
              </Show>
            )}
          </Show>
        </>
      }>
        {src => (
          <Switch>
            <Match when={kind() === 'image'}><img class="inline-image" src={src()} alt={a().name} data-testid="attachment-image" /></Match>
            <Match when={kind() === 'audio'}>
              <audio controls src={src()} data-testid="attachment-audio" />
              <Show when={a().durationMs}>{d => <span class="duration">{duration(d())}</span>}</Show>
            </Match>
            <Match when={kind() === 'video'}><video controls src={src()} data-testid="attachment-video" /></Match>
          </Switch>
        )}
      </Show>
      <p class="file-line">
        <span class="file-name" data-testid="attachment-name">{a().voice === true ? 'Voice message' : a().name}</span> <span class="file-size">{bytes(a().size)}</span>
        <Show when={url()}>{src => <> <a href={src()} download={a().name} data-testid="attachment-save">Save</a></>}</Show>
      </p>
    </div>
  )
}
