import { createEffect, createSignal, Show } from 'solid-js'
import { humanize } from '../lib/humanize.js'
import { useAccount, useConversations, useNotice, useSession } from '../stores/context.jsx'
import { ContactInfo } from './ContactInfo.jsx'
import { GroupInfo } from './GroupInfo.jsx'
import { NewGroup } from './NewGroup.jsx'
import { NotificationsPrompt } from './NotificationsPrompt.jsx'
import { groupIdOf } from '../stores/index.js'
import { ConversationList } from './ConversationList.jsx'
import { ConversationView } from './ConversationView.jsx'
import { KeyChangeDialog } from './KeyChangeDialog.jsx'
import { NewConversation } from './NewConversation.jsx'
import { OfflineBanner } from './OfflineBanner.jsx'
import { Settings } from './Settings.jsx'

/** The messenger: conversations on the left, the open one on the right (one at a time on a phone). */
export function Chat () {
  const session = useSession()
  const conversations = useConversations()
  const account = useAccount()
  const notice = useNotice()
  const [showInfo, setShowInfo] = createSignal(false)
  const [showSettings, setShowSettings] = createSignal(false)
  // Messages are read only when they are on screen.
  createEffect(() => { conversations.setShown(!showInfo() && !showSettings()) })
  const open = (peer: string, info = false): void => {
    conversations.open(peer).then(() => setShowInfo(info), err => notice.show(humanize(err)))
  }
  return (
    <div class="app" classList={{ 'has-open': conversations.openPeer() !== undefined || showSettings() }}>
      <OfflineBanner />
      <aside class="sidebar" aria-label="Conversations">
        <Show when={account.recoveryCodes() !== undefined && !showSettings()}>
          <p class="warning reminder" role="status">Your new recovery codes are not saved yet. <button class="link" onClick={() => setShowSettings(true)}>Show them</button></p>
        </Show>
        <header class="me">
          <strong data-testid="my-address">{session.address()}</strong>
          <button class="link" onClick={() => setShowSettings(true)} data-testid="open-settings">Settings</button>
        </header>
        <NotificationsPrompt />
        <NewConversation />
        <NewGroup />
        <ConversationList onOpen={peer => { setShowInfo(false); setShowSettings(false); open(peer) }} />
      </aside>
      <section class="conversation">
        <Show when={!showSettings()} fallback={<Settings onClose={() => setShowSettings(false)} />}>
          <Show when={conversations.openPeer()} keyed fallback={<div class="placeholder muted">Choose a conversation, or start a new one.</div>}>
            {peer => (
              <Show when={!showInfo()} fallback={groupIdOf(peer) !== undefined ? <GroupInfo peer={peer} onBack={() => setShowInfo(false)} /> : <ContactInfo peer={peer} onBack={() => setShowInfo(false)} />}>
                <ConversationView peer={peer} onInfo={() => setShowInfo(true)} />
              </Show>
            )}
          </Show>
        </Show>
      </section>
      <KeyChangeDialog onCompare={peer => { setShowSettings(false); open(peer, true) }} />
    </div>
  )
}
