import { createEffect, createSignal, on, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { profilePictureOf } from '../lib/files.js'
import { useProfiles, useSession } from '../stores/context.jsx'

/** This user's display name and picture: set here, encrypted, and sent to every contact and group. */
export function ProfileSection () {
  const profiles = useProfiles()
  const session = useSession()
  const [name, setName] = createSignal(profiles.mine()?.name ?? '')
  const [picture, setPicture] = createSignal<{ bytes: Uint8Array, type: string, url: string } | 'remove'>()
  const [error, setError] = createSignal<string>()
  const [saved, setSaved] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  let picker: HTMLInputElement | undefined
  let edited = false
  // The stored name fills the field once it is known, unless the person already typed.
  createEffect(on(() => profiles.mine()?.name, stored => { if (!edited) setName(stored ?? '') }))
  const shownPicture = (): string | undefined => {
    const p = picture()
    return p === 'remove' ? undefined : p?.url ?? profiles.mine()?.picture
  }
  const choose = async (file: File | undefined): Promise<void> => {
    setError(undefined)
    setSaved(false)
    if (file === undefined) return
    const made = await profilePictureOf(file)
    if (made === undefined) { setError('That file is not an image this browser can read.'); return }
    const old = picture()
    if (old !== undefined && old !== 'remove') URL.revokeObjectURL(old.url)
    setPicture({ ...made, url: URL.createObjectURL(new Blob([made.bytes as Uint8Array<ArrayBuffer>], { type: made.type })) })
  }
  const save = async (): Promise<void> => {
    setError(undefined)
    setSaved(false)
    setBusy(true)
    try {
      const p = picture()
      const kept = p === 'remove' ? undefined : p !== undefined ? { bytes: p.bytes, type: p.type } : profiles.myPicture()
      const trimmed = name().trim()
      await profiles.set({ ...(trimmed !== '' ? { name: trimmed } : {}), ...(kept !== undefined ? { picture: kept } : {}) })
      setPicture(undefined)
      setSaved(true)
    } catch (err) {
      setError(humanize(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section data-testid="profile-section">
      <h3>Profile</h3>
      <form class="profile-form" onSubmit={e => { e.preventDefault(); void save() }}>
        <p class="muted">Your contacts and groups see this name and picture beside your address, {session.address()}. They are encrypted on this device; your relay keeps them without being able to read them.</p>
        <div class="profile-picture">
          <Show when={shownPicture()} fallback={<span class="avatar large" aria-hidden="true">{[...(name().trim() || (session.address() ?? '?'))][0]?.toUpperCase()}</span>}>
            {url => <img class="avatar large" src={url()} alt="Your profile picture" data-testid="profile-picture" />}
          </Show>
          <input ref={picker} type="file" accept="image/*" hidden onChange={e => { void choose(e.currentTarget.files?.[0]); e.currentTarget.value = '' }} data-testid="profile-picture-input" />
          <button type="button" class="secondary" onClick={() => picker?.click()}>Choose a picture</button>
          <Show when={shownPicture() !== undefined}>
            <button type="button" class="link" onClick={() => { setPicture('remove'); setSaved(false) }} data-testid="remove-picture">Remove picture</button>
          </Show>
        </div>
        <label for="display-name">Display name</label>
        <input id="display-name" value={name()} onInput={e => { edited = true; setName(e.currentTarget.value); setSaved(false) }} maxLength={64} autocomplete="nickname" placeholder="How people see you" />
        <button type="submit" disabled={busy()} data-testid="save-profile">{busy() ? 'Saving…' : 'Save profile'}</button>
        <Show when={saved()}><p class="notice" role="status" data-testid="profile-saved">Saved. It goes to your contacts and groups.</p></Show>
        <Show when={error()}>{m => <p class="error" role="alert">{m()}</p>}</Show>
      </form>
    </section>
  )
}
