import { useSettings } from '../stores/context.jsx'

/** The direct-connections setting (peer to peer shows contacts this browser's IP address). */
export function DirectSection () {
  const settings = useSettings()
  return (
    <section>
      <h3>Direct connections</h3>
      <label class="check">
        <input type="checkbox" checked={settings.directEnabled()} onChange={e => settings.setDirectEnabled(e.currentTarget.checked)} data-testid="direct-toggle" />
        <span>Connect straight to contacts who are online (faster, and the relay carries nothing). They can see your IP address; turn this off to send everything through your relay. Takes effect when Parley is next opened.</span>
      </label>
    </section>
  )
}
