import { createResource, Show } from 'solid-js'
import { useAccount, useSession } from '../stores/context.jsx'
import { DeleteAccountSection } from './DeleteAccountSection.jsx'
import { DirectSection } from './DirectSection.jsx'
import { ProfileSection } from './ProfileSection.jsx'
import { EmailSection } from './EmailSection.jsx'
import { SessionsSection } from './SessionsSection.jsx'
import { TwoFactorSection } from './TwoFactorSection.jsx'

/** Settings: the profile, direct connections, two-factor login, email, sessions, logging out, deleting the account. */
export function Settings (props: { onClose: () => void }) {
  const session = useSession()
  const account = useAccount()
  const [info, { refetch }] = createResource(async () => await account.info())
  // The last answer stays shown while a new one is asked for, so the sections are not rebuilt on each refetch.
  const known = () => info.state === 'errored' ? undefined : info.latest
  const reload = async (): Promise<void> => { await refetch() }
  return (
    <div class="settings" data-testid="settings">
      <header class="conversation-header">
        <button class="back always" onClick={() => props.onClose()} aria-label="Back">‹</button>
        <h2>Settings</h2>
      </header>
      <div class="settings-body">
        <ProfileSection />
        <DirectSection />
        <TwoFactorSection info={known()} error={info.state === 'errored' ? info.error : undefined} onChanged={reload} />
        <Show when={known()}>
          {i => <EmailSection info={i()} onChanged={reload} />}
        </Show>
        <SessionsSection />
        <section>
          <h3>This device</h3>
          <div>
            <p class="muted">Signed in as <strong>{session.address()}</strong>. Your keys stay in this browser, encrypted with your device passphrase.</p>
            <button class="secondary" onClick={() => { void session.logout() }} data-testid="logout">Log out</button>
          </div>
        </section>
        <Show when={known()}>
          {i => <DeleteAccountSection info={i()} />}
        </Show>
      </div>
    </div>
  )
}
