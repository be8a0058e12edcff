import { batch, createSignal, type Accessor } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import { IdentityChangedError } from '@parley/node'
import { humanize } from '../lib/humanize.js'
import type { ProfilesStore } from './profiles-store.js'
import type { ConnectionStore } from './connection-store.js'
import type { ClientEnvironment, Device, Message } from './device.js'
import type { NoticeStore } from './notice-store.js'
import type { TrustStore } from './trust-store.js'
import { groupIdOf, type GroupsStore } from './groups-store.js'

/** How many stored messages of a conversation are loaded. */
const LOADED_MESSAGES = 500

/** One conversation in the list. */
export interface ConversationView { peer: string, messages: Message[], unread: number, lastAt: number }

/** Conversations and their messages, the open one, sending and reading. */
export interface ConversationsStore {
  conversations: Readonly<Record<string, ConversationView>>
  /** Derived: the conversations, most recent first. */
  list: () => ConversationView[]
  openPeer: Accessor<string | undefined>
  /** Opens a conversation (creating it locally if new) and marks what is in it read. */
  open: (peer: string) => Promise<void>
  close: () => void
  /** Tells the store whether the open conversation is on screen (settings or a contact page may cover it). */
  setShown: (shown: boolean) => void
  /** Sends `text` (shown at once as "sending", then moved along by events); false when held back because the contact's key changed. */
  send: (peer: string, text: string) => Promise<boolean>
  /** Sends a failed message again; a reason it could not is shown as a notice. */
  retry: (id: string) => Promise<void>
  /** Checks that an address can be written to (it has published keys), then opens it; returns the full address. */
  start: (address: string) => Promise<string>
  /** Reads every conversation (and the held counts) from the device. */
  load: () => Promise<void>
  /** Marks the open conversation read if it is on screen, the page visible and the relay reachable. */
  readIfSeen: () => void
  /** Nothing of the account stays on screen (the held counts go too). */
  clear: () => void
  /** Calls `listener` after every change of the conversations (for the unread count in the title). */
  onChange: (listener: () => void) => void
}

/** A conversation as the list shows it, from its stored messages (`emptyAt` orders one with none). */
function viewOf (peer: string, messages: Message[], emptyAt: number): ConversationView {
  return {
    peer,
    messages,
    unread: messages.filter(m => m.direction === 'in' && m.state === 'received' && m.system !== true).length,
    lastAt: messages[messages.length - 1]?.sentAt ?? emptyAt
  }
}

/** The conversations store over `deps.device`. */
export function createConversationsStore (deps: { device: Device, env: ClientEnvironment, connection: ConnectionStore, trust: TrustStore, notice: NoticeStore, groups?: GroupsStore, profiles?: ProfilesStore }): ConversationsStore {
  const { device, env, connection, trust, notice, groups, profiles } = deps
  const [conversations, setConversations] = createStore<Record<string, ConversationView>>({})
  const [openPeer, setOpenPeer] = createSignal<string>()
  const [shown, setShownSignal] = createSignal(true)
  const changeListeners: Array<() => void> = []
  const changed = (): void => { for (const l of changeListeners) l() }

  function upsert (message: Message): void {
    const peer = message.conversation
    setConversations(produce(all => {
      const view = all[peer] ?? (all[peer] = { peer, messages: [], unread: 0, lastAt: 0 })
      const at = view.messages.findIndex(m => m.id === message.id)
      if (at === -1) {
        view.messages.push(message)
        view.messages.sort((a, b) => a.sentAt - b.sentAt)
        if (message.direction === 'in' && message.state === 'received' && message.system !== true) view.unread++
      } else {
        view.messages[at] = message
      }
      view.lastAt = Math.max(view.lastAt, message.sentAt)
    }))
    changed()
  }

  async function markRead (peer: string): Promise<void> {
    const read = await device.require().markRead(peer)
    batch(() => {
      for (const m of read) upsert(m)
      setConversations(peer, 'unread', 0)
    })
    changed()
  }

  function readIfSeen (): void {
    const peer = openPeer()
    if (peer === undefined || !shown() || !env.isVisible() || !connection.online()) return
    markRead(peer).catch(() => {})
  }

  async function load (): Promise<void> {
    const n = device.require()
    const list = await n.history.conversations()
    const views: Record<string, ConversationView> = {}
    for (const { conversation } of list) views[conversation] = viewOf(conversation, await n.conversation(conversation, LOADED_MESSAGES), 0)
    // Merged by message id: whatever arrived while this was read stays, and rows are not rebuilt.
    setConversations(reconcile(views, { key: 'id', merge: true }))
    changed()
    await trust.load()
    await groups?.load()
    await profiles?.load()
  }

  async function open (peer: string): Promise<void> {
    const n = device.require()
    // Shown at once (with what is already loaded); the stored history fills in below.
    setOpenPeer(peer)
    setShownSignal(true)
    const messages = await n.conversation(peer, LOADED_MESSAGES)
    setConversations(peer, reconcile(viewOf(peer, messages, Date.now()), { key: 'id', merge: true }))
    changed()
    readIfSeen()
  }

  device.subscribe(event => {
    switch (event.type) {
      case 'message':
        upsert(event.message)
        if (event.message.direction === 'in' && event.message.conversation === openPeer()) readIfSeen()
        break
      case 'outgoing':
        upsert(event.message)
        break
      case 'rejected':
        // Where the sender is proven, a notice stands for the unreadable message in their conversation.
        if (event.note !== undefined) upsert(event.note)
        break
      case 'receipt':
        device.require().history.get(event.messageId).then(m => { if (m !== undefined) upsert(m) }, () => {})
        break
      case 'connected':
        load().then(readIfSeen, () => {})
        break
      default:
        break
    }
  })
  trust.onSettled((peer, delivered) => {
    for (const m of delivered) upsert(m)
    if (delivered.length > 0 && peer === openPeer()) readIfSeen()
  })
  env.onVisibilityChange(readIfSeen)

  return {
    conversations,
    list: () => Object.values(conversations).sort((a, b) => b.lastAt - a.lastAt),
    openPeer,
    open,
    close: () => { setOpenPeer(undefined) },
    setShown (value) {
      setShownSignal(value)
      if (value) readIfSeen()
    },
    async send (peer, text) {
      const n = device.require()
      let stored = false
      const off = n.on(e => { if (e.type === 'outgoing' && (e.message.state === 'sending' || e.message.state === 'waiting') && e.message.conversation === peer && e.message.text === text) stored = true })
      try {
        const group = groupIdOf(peer)
        // Written while the relay cannot be reached, it waits on this device (a clock) and goes when it is back.
        if (group !== undefined) upsert(await n.groups.send(group, text))
        else await n.send(peer, text, { queue: true })
      } catch (err) {
        if (err instanceof IdentityChangedError) { trust.keyChanged(peer); return false }
        // Once stored, a failed message stays in the conversation with its reason and a retry
        // button; before that (offline, no keys), the text goes back to the composer with the reason.
        if (!stored) throw err
      } finally {
        off()
      }
      return true
    },
    async retry (id) {
      try {
        await device.require().retry(id)
      } catch (err) {
        if (err instanceof IdentityChangedError) trust.keyChanged(err.address)
        else notice.show(`Still not sent: ${humanize(err)}`)
      }
    },
    async start (address) {
      const n = device.require()
      const trimmed = address.trim().toLowerCase()
      const withRelay = trimmed.includes('@') ? trimmed : `${trimmed}@${n.profile?.relay.name ?? ''}`
      try {
        await n.lookup(withRelay)
      } catch (err) {
        if (err instanceof IdentityChangedError) { trust.keyChanged(withRelay); return withRelay }
        throw err
      }
      await open(withRelay)
      return withRelay
    },
    load,
    readIfSeen,
    onChange: listener => { changeListeners.push(listener) },
    clear () {
      setOpenPeer(undefined)
      setConversations(reconcile({}))
      trust.clear()
      groups?.clear()
      changed()
    }
  }
}
