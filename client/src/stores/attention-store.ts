import { createSignal, type Accessor } from 'solid-js'
import type { ConversationsStore } from './conversations-store.js'
import type { ClientEnvironment, Device } from './device.js'
import type { GroupsStore } from './groups-store.js'
import type { ProfilesStore } from './profiles-store.js'

/** Longest message text shown in a notification. */
const NOTIFICATION_TEXT = 120

/** What asks for the person's attention: the unread count in the tab's title, and notifications while the page is hidden. */
export interface AttentionStore {
  /** Whether notifications are allowed, refused, not asked for yet, or not available here. */
  permission: Accessor<'granted' | 'denied' | 'default' | 'unsupported'>
  /** Asks the person to allow notifications. */
  ask: () => Promise<void>
}

/** The attention store: a title that counts the unread, and a notification per new message while the page is hidden (once allowed). */
export function createAttentionStore (deps: { device: Device, env: ClientEnvironment, conversations: ConversationsStore, groups: GroupsStore, profiles?: ProfilesStore }): AttentionStore {
  const { device, env, conversations, groups, profiles } = deps
  const [permission, setPermission] = createSignal(env.notificationPermission())
  let shown: string | undefined
  conversations.onChange(() => {
    const unread = conversations.list().reduce((n, c) => n + c.unread, 0)
    const title = unread > 0 ? `(${unread}) Parley` : 'Parley'
    if (title !== shown) env.setTitle(title)
    shown = title
  })
  device.subscribe(event => {
    if (event.type !== 'message') return
    const m = event.message
    if (m.direction !== 'in' || m.system === true || m.unreadable !== undefined) return
    if (env.isVisible() && conversations.openPeer() === m.conversation) return
    if (env.isVisible() || permission() !== 'granted') return
    const where = groups.of(m.conversation)
    const sender = profiles?.fullNameOf(m.sender) ?? m.sender
    const title = where !== undefined ? `${sender} in ${where.name}` : sender
    const text = m.text.length > NOTIFICATION_TEXT ? `${m.text.slice(0, NOTIFICATION_TEXT)}…` : m.text
    env.notify(title, text, () => { void conversations.open(m.conversation) })
  })
  return {
    permission,
    async ask () { setPermission(await env.askNotifications()) }
  }
}
