import { batch, createSignal } from 'solid-js'
import { createStore, produce } from 'solid-js/store'
import { IdentityChangedError, ParleyNode, RelayRequestError, type NodeEvent, type StoredMessage } from '@parley/node'
import type { SecondFactorInput } from '@parley/protocol'
import { humanize } from './humanize.js'

/** The IndexedDB database holding this browser's device: keystore, contacts, history. */
const DEVICE_DB = 'parley-device'

/** localStorage key of the direct-connections setting ('on' or 'off'). */
const DIRECT_SETTING = 'parley.direct'

function readSetting (key: string): string | null {
  try { return localStorage.getItem(key) } catch { return null }
}

function writeSetting (key: string, value: string): void {
  try { localStorage.setItem(key, value) } catch { /* storage refused: the setting lasts this visit */ }
}

/** Where the app is in a person's journey. */
export type Phase =
  | { name: 'starting' }
  | { name: 'welcome' }
  | { name: 'locked' }
  | { name: 'verify', address: string, email: string }
  | { name: 'login', address?: string }
  | { name: 'ready' }

/** The connection to the relay, as the banner shows it. */
export type Connectivity = 'connecting' | 'online' | 'offline'

/** One conversation in the list. */
export interface ConversationView { peer: string, messages: StoredMessage[], unread: number, lastAt: number }

/** A changed identity key that stopped a send, waiting for the person to decide. */
export interface KeyChange { peer: string, text?: string }

/** The app's state and the actions on it; all protocol work is the node's. */
export function createSession () {
  const [phase, setPhase] = createSignal<Phase>({ name: 'starting' })
  const [connectivity, setConnectivity] = createSignal<Connectivity>('connecting')
  const [offlineReason, setOfflineReason] = createSignal<string>()
  const [conversations, setConversations] = createStore<Record<string, ConversationView>>({})
  const [openPeer, setOpenPeer] = createSignal<string>()
  const [keyChange, setKeyChange] = createSignal<KeyChange>()
  const [notice, setNotice] = createSignal<string>()
  // Direct connections show contacts this browser's IP address: a person may prefer the relay only.
  const [directEnabled, setDirect] = createSignal(readSetting(DIRECT_SETTING) !== 'off')
  let node: ParleyNode | undefined
  /** The password typed at registration, kept in memory only until the code is confirmed and the login done. */
  let pendingPassword: string | undefined
  const relayUrl = new URLSearchParams(location.search).get('relay') ?? location.origin

  function requireNode (): ParleyNode {
    if (node === undefined) throw new Error('no device open')
    return node
  }

  async function openNode (passphrase: string): Promise<ParleyNode> {
    if (node !== undefined) return node
    const opened = await ParleyNode.open({ dataDir: DEVICE_DB, passphrase, direct: directEnabled() })
    opened.on(onEvent)
    node = opened
    return opened
  }

  function upsert (message: StoredMessage): void {
    const peer = message.conversation
    setConversations(produce(all => {
      const view = all[peer] ?? (all[peer] = { peer, messages: [], unread: 0, lastAt: 0 })
      const at = view.messages.findIndex(m => m.id === message.id)
      if (at === -1) {
        view.messages.push(message)
        view.messages.sort((a, b) => a.sentAt - b.sentAt)
        if (message.direction === 'in' && message.state === 'received') view.unread++
      } else {
        view.messages[at] = message
      }
      view.lastAt = Math.max(view.lastAt, message.sentAt)
    }))
  }

  function onEvent (event: NodeEvent): void {
    switch (event.type) {
      case 'message':
        upsert(event.message)
        if (event.message.direction === 'in' && openPeer() === event.message.conversation && document.visibilityState === 'visible') void markRead(event.message.conversation)
        break
      case 'outgoing':
        upsert(event.message)
        break
      case 'receipt':
        void requireNode().history.get(event.messageId).then(m => { if (m !== undefined) upsert(m) })
        break
      case 'disconnected':
        setConnectivity('offline')
        break
      case 'connected':
        setConnectivity('online')
        setOfflineReason(undefined)
        void loadConversations()
        break
      case 'offline':
        setConnectivity('offline')
        setOfflineReason(/[.!?]$/.test(event.reason) ? event.reason : `${event.reason}.`)
        if (event.code === 'NOT_LOGGED_IN') setPhase({ name: 'login', address: node?.profile?.address })
        break
      default:
        break
    }
  }

  async function loadConversations (): Promise<void> {
    const n = requireNode()
    const list = await n.history.conversations()
    const views: Record<string, ConversationView> = {}
    for (const { conversation } of list) {
      const messages = await n.conversation(conversation, 500)
      views[conversation] = {
        peer: conversation,
        messages,
        unread: messages.filter(m => m.direction === 'in' && m.state === 'received').length,
        lastAt: messages[messages.length - 1]?.sentAt ?? 0
      }
    }
    setConversations(views)
  }

  /** Connects, drains waiting mail and stays online; a failure shows the banner and is retried. */
  async function goOnline (): Promise<void> {
    const n = requireNode()
    setConnectivity('connecting')
    await loadConversations()
    setPhase({ name: 'ready' })
    let delay = 1000
    while (node === n) {
      try {
        await n.listen()
        setConnectivity('online')
        setOfflineReason(undefined)
        await loadConversations()
        const peer = openPeer()
        if (peer !== undefined) await markRead(peer)
        return
      } catch (err) {
        if (err instanceof RelayRequestError || (err as any)?.code === 'NOT_LOGGED_IN') {
          setOfflineReason(humanize(err))
          setConnectivity('offline')
          if ((err as any)?.code === 'NOT_LOGGED_IN') setPhase({ name: 'login', address: n.profile?.address })
          return
        }
        setConnectivity('offline')
        setOfflineReason(humanize(err))
        await new Promise(resolve => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, 15_000)
      }
    }
  }

  async function markRead (peer: string): Promise<void> {
    const n = requireNode()
    const read = await n.markRead(peer)
    batch(() => {
      for (const m of read) upsert(m)
      setConversations(peer, 'unread', 0)
    })
  }

  return {
    phase,
    connectivity,
    offlineReason,
    conversations,
    openPeer,
    keyChange,
    notice,
    setNotice,
    directEnabled,
    setDirectEnabled (on: boolean): void {
      setDirect(on)
      writeSetting(DIRECT_SETTING, on ? 'on' : 'off')
    },
    relayUrl,
    get address (): string | undefined { return node?.profile?.address },
    get node (): ParleyNode | undefined { return node },

    /** Decides the first screen: unlock an existing device, or set one up. */
    async start (): Promise<void> {
      try {
        setPhase({ name: await ParleyNode.exists(DEVICE_DB) ? 'locked' : 'welcome' })
      } catch {
        setNotice('This browser does not let Parley keep data (IndexedDB is unavailable, as in some private windows).')
        setPhase({ name: 'welcome' })
      }
    },

    /** Unlocks this browser's keys and goes online (or to login when the session ended). */
    async unlock (passphrase: string): Promise<void> {
      const n = await openNode(passphrase)
      if (n.profile === undefined) { setPhase({ name: 'welcome' }); return }
      try {
        await n.connect()
      } catch (err: any) {
        if (err?.code === 'NOT_LOGGED_IN') { setPhase({ name: 'login', address: n.profile.address }); return }
      }
      void goOnline()
    },

    /** Creates keys on this device and an account on the relay; the relay mails a code. */
    async register (input: { name: string, email: string, password: string, passphrase: string }): Promise<void> {
      const n = await openNode(input.passphrase)
      const profile = await n.register({ relayUrl, name: input.name.trim().toLowerCase(), email: input.email.trim(), password: input.password })
      pendingPassword = input.password
      setPhase({ name: 'verify', address: profile.address, email: profile.email })
    },

    async resendCode (): Promise<void> {
      await requireNode().resendCode()
    },

    /** Confirms the mailed code, logs in and publishes this device's keys. */
    async verify (code: string): Promise<void> {
      const n = requireNode()
      await n.verify(code.trim())
      if (pendingPassword === undefined) { setPhase({ name: 'login', address: n.profile?.address }); return }
      await n.login(pendingPassword)
      pendingPassword = undefined
      void goOnline()
    },

    /** Logs in: this device's account, or (with `name` and a passphrase) an existing account on a new device. */
    async login (input: { password: string, name?: string, passphrase?: string, secondFactor?: SecondFactorInput }): Promise<void> {
      const n = node ?? await openNode(input.passphrase ?? '')
      const account = n.profile === undefined && input.name !== undefined ? { relayUrl, name: input.name.trim().toLowerCase() } : undefined
      await n.login(input.password, { ...(account !== undefined ? { account } : {}), ...(input.secondFactor !== undefined ? { secondFactor: input.secondFactor } : {}) })
      void goOnline()
    },

    /** Opens a conversation (creating it locally if new) and marks what is in it read. */
    async open (peer: string): Promise<void> {
      const n = requireNode()
      const messages = await n.conversation(peer, 500)
      setConversations(peer, { peer, messages, unread: messages.filter(m => m.direction === 'in' && m.state === 'received').length, lastAt: messages[messages.length - 1]?.sentAt ?? Date.now() })
      setOpenPeer(peer)
      if (connectivity() === 'online') await markRead(peer).catch(() => {})
    },

    close (): void { setOpenPeer(undefined) },

    async markRead (peer: string): Promise<void> { await markRead(peer) },

    /** Sends a text; the message shows at once as "sending" and moves along by events. */
    async send (peer: string, text: string): Promise<void> {
      const n = requireNode()
      let stored = false
      const off = n.on(e => { if (e.type === 'outgoing' && e.message.state === 'sending' && e.message.conversation === peer && e.message.text === text) stored = true })
      try {
        await n.send(peer, text)
      } catch (err) {
        if (err instanceof IdentityChangedError) { setKeyChange({ peer, text }); return }
        // Once stored, a failed message stays in the conversation with its reason and a retry
        // button; before that (offline, no keys), the text goes back to the composer with the reason.
        if (!stored) throw err
      } finally {
        off()
      }
    },

    async retry (id: string): Promise<void> {
      try {
        await requireNode().retry(id)
      } catch (err) {
        if (err instanceof IdentityChangedError) setKeyChange({ peer: err.address })
      }
    },

    /** Checks that an address can be written to (it has published keys) before a conversation starts. */
    async startConversation (address: string): Promise<string> {
      const n = requireNode()
      const trimmed = address.trim().toLowerCase()
      const withRelay = trimmed.includes('@') ? trimmed : `${trimmed}@${n.profile?.relay.name ?? ''}`
      try {
        await n.lookup(withRelay)
      } catch (err) {
        if (err instanceof IdentityChangedError) { setKeyChange({ peer: withRelay }); return withRelay }
        throw err
      }
      await this.open(withRelay)
      return withRelay
    },

    dismissKeyChange (): void { setKeyChange(undefined) },

    /** Accepts a changed key after the person compared the new safety number (the digits shown for it). */
    async acceptKey (peer: string, digits: string): Promise<void> {
      await requireNode().trust(peer, digits)
      setKeyChange(undefined)
    },

    async logout (): Promise<void> {
      const n = requireNode()
      await n.logout().catch(() => {})
      setPhase({ name: 'login', address: n.profile?.address })
    }
  }
}

export type Session = ReturnType<typeof createSession>
