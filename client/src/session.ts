import { batch, createSignal } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import { IdentityChangedError, NodeError, ParleyNode, RelayRequestError, type NodeEvent, type StoredMessage } from '@parley/node'
import type { SecondFactorInput } from '@parley/protocol'
import { humanize } from './humanize.js'

/** The IndexedDB database holding this browser's device: keystore, contacts, history. */
const DEVICE_DB = 'parley-device'

/**
 * A throwaway device used only to reach the relay for a password reset before this browser holds
 * an account (it has keys nobody will use, under a random passphrase); erased when the reset ends.
 */
const RESET_DB = 'parley-password-reset'

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

/** A changed identity key that stopped a send or holds messages back, waiting for the person to decide. */
export interface KeyChange { peer: string }

/** The app's state and the actions on it; all protocol work is the node's. */
export function createSession () {
  const [phase, setPhase] = createSignal<Phase>({ name: 'starting' })
  const [connectivity, setConnectivity] = createSignal<Connectivity>('connecting')
  const [offlineReason, setOfflineReason] = createSignal<string>()
  const [conversations, setConversations] = createStore<Record<string, ConversationView>>({})
  const [openPeer, setOpenPeer] = createSignal<string>()
  /** Whether the open conversation's messages are on screen (not covered by settings or a safety number page). */
  const [chatShown, setChatShown] = createSignal(true)
  const [keyChange, setKeyChange] = createSignal<KeyChange>()
  /** Messages held per contact because their key changed: delivered when it is accepted, discarded when refused. */
  const [held, setHeld] = createStore<Record<string, number>>({})
  const [notice, setNotice] = createSignal<string>()
  /** Recovery codes just issued, kept (in memory only) until the person says they saved them. */
  const [recoveryCodes, setRecoveryCodes] = createSignal<string[]>()
  // Direct connections show contacts this browser's IP address: a person may prefer the relay only.
  const [directEnabled, setDirect] = createSignal(readSetting(DIRECT_SETTING) !== 'off')
  let node: ParleyNode | undefined
  /** The password typed at registration, kept in memory only until the code is confirmed and the login done. */
  let pendingPassword: string | undefined
  /** The code was confirmed, but the login after it did not go through yet. */
  let verified = false
  /** A password reset under way: the node it goes through, and the account when not this device's. */
  let reset: { node: ParleyNode, throwaway: boolean, account?: { relayUrl: string, name: string } } | undefined
  /** Reset steps run one after another (they share one database); a cancel moves the generation on. */
  let resetTurn: Promise<unknown> = Promise.resolve()
  let resetGeneration = 0
  function inResetTurn<T> (work: () => Promise<T>): Promise<T> {
    const next = resetTurn.then(work, work)
    resetTurn = next.catch(() => {})
    return next
  }
  const relayUrl = new URLSearchParams(location.search).get('relay') ?? location.origin

  function requireNode (): ParleyNode {
    if (node === undefined) throw new Error('no device open')
    return node
  }

  async function openNode (passphrase: string): Promise<ParleyNode> {
    if (node !== undefined) return node
    // A new device is made only where the browser holds none; a damaged one is reported, never replaced.
    const opened = await ParleyNode.open({ dataDir: DEVICE_DB, passphrase, create: 'if-empty', direct: directEnabled() })
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
        if (event.message.direction === 'in' && event.message.conversation === openPeer()) readIfSeen()
        break
      case 'outgoing':
        upsert(event.message)
        break
      case 'rejected':
        // Where the sender is proven, a notice stands for the unreadable message in their conversation.
        if (event.note !== undefined) upsert(event.note)
        break
      case 'held':
        setHeld(event.address, event.count)
        if (keyChange() === undefined) setKeyChange({ peer: event.address })
        break
      case 'receipt':
        requireNode().history.get(event.messageId).then(m => { if (m !== undefined) upsert(m) }, () => {})
        break
      case 'disconnected':
        setConnectivity('offline')
        break
      case 'connected':
        setConnectivity('online')
        setOfflineReason(undefined)
        loadConversations().then(readIfSeen, () => {})
        break
      case 'offline':
        setConnectivity('offline')
        if (event.code === 'NOT_LOGGED_IN') {
          setOfflineReason('Your session on this device has ended.')
          setPhase({ name: 'login', address: node?.profile?.address })
        } else {
          setOfflineReason('Your relay refused this device. Reload the page to try again.')
        }
        break
      default:
        break
    }
  }

  /** A conversation as the list shows it, from its stored messages (`emptyAt` orders one with none). */
  function viewOf (peer: string, messages: StoredMessage[], emptyAt: number): ConversationView {
    return {
      peer,
      messages,
      unread: messages.filter(m => m.direction === 'in' && m.state === 'received').length,
      lastAt: messages[messages.length - 1]?.sentAt ?? emptyAt
    }
  }

  /** Nothing of the account stays on screen (after logging out or deleting it). */
  function clearView (): void {
    setRecoveryCodes(undefined)
    setOpenPeer(undefined)
    setConversations(reconcile({}))
    setHeld(reconcile({}))
  }

  async function loadConversations (): Promise<void> {
    const n = requireNode()
    const list = await n.history.conversations()
    const views: Record<string, ConversationView> = {}
    for (const { conversation } of list) {
      const messages = await n.conversation(conversation, 500)
      views[conversation] = viewOf(conversation, messages, 0)
    }
    // Merged by message id: whatever arrived while this was read stays, and rows are not rebuilt.
    setConversations(reconcile(views, { key: 'id', merge: true }))
    const counts: Record<string, number> = {}
    for (const h of await n.heldMessages()) counts[h.address] = h.count
    setHeld(reconcile(counts))
  }

  /** After a changed key was accepted or refused: what was held from that contact is settled. */
  function settled (peer: string, delivered: StoredMessage[]): void {
    batch(() => {
      for (const m of delivered) upsert(m)
      setHeld(produce(all => { delete all[peer] }))
      setKeyChange(undefined)
    })
    if (delivered.length > 0 && peer === openPeer()) readIfSeen()
  }

  /** Marks the open conversation read if it is on screen and the page is visible. */
  function readIfSeen (): void {
    const peer = openPeer()
    if (peer === undefined || !chatShown() || document.visibilityState !== 'visible' || connectivity() !== 'online') return
    markRead(peer).catch(() => {})
  }
  document.addEventListener('visibilitychange', readIfSeen)

  /** Connects and drains waiting mail; the node stays online by itself (the banner shows while it cannot). */
  async function goOnline (): Promise<void> {
    const n = requireNode()
    setConnectivity('connecting')
    // What a notice said before (a password changed, an account deleted) is done with.
    setNotice(undefined)
    await loadConversations().catch(() => {})
    setPhase({ name: 'ready' })
    try {
      if (!await n.listen()) {
        // Not reachable now: the node keeps trying and says 'connected' when it gets through.
        setConnectivity('offline')
        return
      }
      // What arrived meanwhile came in as message events: the list is up to date.
      setConnectivity('online')
      setOfflineReason(undefined)
      readIfSeen()
    } catch (err) {
      setConnectivity('offline')
      setOfflineReason(`${humanize(err)} Reload the page to try again.`)
      if ((err as any)?.code === 'NOT_LOGGED_IN') setPhase({ name: 'login', address: n.profile?.address })
    }
  }

  async function discardDevice (): Promise<void> {
    const n = node
    node = undefined
    pendingPassword = undefined
    verified = false
    await n?.close().catch(() => {})
    await ParleyNode.forget(DEVICE_DB)
  }

  /** Ends a password reset (call in its turn); a throwaway device made for it is erased. */
  async function endReset (): Promise<void> {
    const r = reset
    reset = undefined
    if (r?.throwaway !== true) return
    await r.node.close().catch(() => {})
    await ParleyNode.forget(RESET_DB).catch(() => {})
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
    held,
    notice,
    setNotice,
    recoveryCodes,
    setRecoveryCodes,
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
      // A password reset left unfinished in an earlier visit leaves nothing behind.
      void inResetTurn(async () => { await ParleyNode.forget(RESET_DB) }).catch(() => {})
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
      try {
        const profile = await n.register({ relayUrl, name: input.name.trim().toLowerCase(), email: input.email.trim(), password: input.password })
        pendingPassword = input.password
        verified = false
        setPhase({ name: 'verify', address: profile.address, email: profile.email })
      } catch (err) {
        // Nothing was set up: the next try starts afresh, with whatever passphrase it gives.
        await discardDevice()
        throw err
      }
    },

    async resendCode (): Promise<void> {
      await requireNode().resendCode()
    },

    /** Confirms the mailed code, logs in and publishes this device's keys. */
    async verify (code: string): Promise<void> {
      const n = requireNode()
      if (!verified) await n.verify(code.trim())
      verified = true
      if (pendingPassword === undefined) { setPhase({ name: 'login', address: n.profile?.address }); return }
      await n.login(pendingPassword)
      pendingPassword = undefined
      void goOnline()
    },

    /** Back from the code screen: the password typed at registration is forgotten. */
    leaveVerify (): void {
      pendingPassword = undefined
      setPhase({ name: 'login', address: node?.profile?.address })
    },

    /** Logs in: this device's account, or (with `name` and a passphrase) an existing account on a new device. */
    async login (input: { password: string, name?: string, passphrase?: string, secondFactor?: SecondFactorInput }): Promise<void> {
      const fresh = node === undefined
      const n = node ?? await openNode(input.passphrase ?? '')
      const account = n.profile === undefined && input.name !== undefined ? { relayUrl, name: input.name.trim().toLowerCase() } : undefined
      try {
        await n.login(input.password, { ...(account !== undefined ? { account } : {}), ...(input.secondFactor !== undefined ? { secondFactor: input.secondFactor } : {}) })
      } catch (err) {
        if (err instanceof RelayRequestError && err.relayCode === 'NOT_VERIFIED' && n.profile !== undefined) {
          setPhase({ name: 'verify', address: n.profile.address, email: n.profile.email === '' ? 'your address' : n.profile.email })
          pendingPassword = input.password
          return
        }
        // A new device whose first login failed keeps nothing: the next try may use another passphrase.
        // (Kept while only the second factor is missing: the retry with the code uses the same keys.)
        const needsCode = err instanceof RelayRequestError && err.relayCode === 'SECOND_FACTOR_REQUIRED'
        if (fresh && n.profile === undefined && !needsCode) await discardDevice()
        throw err
      }
      void goOnline()
    },

    /** Opens a conversation (creating it locally if new) and marks what is in it read. */
    async open (peer: string): Promise<void> {
      const n = requireNode()
      // Shown at once (with what is already loaded); the stored history fills in below.
      setOpenPeer(peer)
      setChatShown(true)
      const messages = await n.conversation(peer, 500)
      setConversations(peer, reconcile(viewOf(peer, messages, Date.now()), { key: 'id', merge: true }))
      readIfSeen()
    },

    close (): void { setOpenPeer(undefined) },

    /** Tells the session whether the open conversation is on screen (settings or a contact page may cover it). */
    setChatShown (shown: boolean): void {
      setChatShown(shown)
      if (shown) readIfSeen()
    },

    /** Sends `text` (shown at once as "sending", then moved along by events); false when it was held back because the contact's key changed (the text is not sent). */
    async send (peer: string, text: string): Promise<boolean> {
      const n = requireNode()
      let stored = false
      const off = n.on(e => { if (e.type === 'outgoing' && e.message.state === 'sending' && e.message.conversation === peer && e.message.text === text) stored = true })
      try {
        await n.send(peer, text)
      } catch (err) {
        if (err instanceof IdentityChangedError) { setKeyChange({ peer }); return false }
        // Once stored, a failed message stays in the conversation with its reason and a retry
        // button; before that (offline, no keys), the text goes back to the composer with the reason.
        if (!stored) throw err
      } finally {
        off()
      }
      return true
    },

    /** Sends a failed message again; a reason it could not is shown as a notice. */
    async retry (id: string): Promise<void> {
      try {
        await requireNode().retry(id)
      } catch (err) {
        if (err instanceof IdentityChangedError) setKeyChange({ peer: err.address })
        else setNotice(`Still not sent: ${humanize(err)}`)
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

    /**
     * Accepts a changed key after the person compared the new safety number (the digits shown for
     * it); the messages held from that contact under this key arrive in the conversation.
     */
    async acceptKey (peer: string, digits: string): Promise<void> {
      const { delivered } = await requireNode().trust(peer, digits)
      settled(peer, delivered)
    },

    /** Refuses a changed key: the pinned key stays, and the messages held under the new one are discarded. */
    async refuseKey (peer: string): Promise<number> {
      const { discarded } = await requireNode().refuseKey(peer)
      settled(peer, [])
      return discarded
    },

    /** Ends the session and locks the device: keys and history are closed until the passphrase is given again. */
    async logout (): Promise<void> {
      const n = requireNode()
      await n.logout().catch(() => {})
      node = undefined
      pendingPassword = undefined
      clearView()
      await n.close().catch(() => {})
      setPhase({ name: 'locked' })
    },

    /**
     * Deletes the account on the relay (its keys, directory entry and waiting mail) and erases this
     * browser's device with it: nothing of the account is left to unlock.
     */
    async deleteAccount (password: string, secondFactor?: SecondFactorInput): Promise<void> {
      await requireNode().deleteAccount(password, secondFactor)
      clearView()
      // The account is gone whatever happens here; the welcome screen follows either way.
      const erased = await discardDevice().then(() => true, () => false)
      setNotice(erased
        ? 'Your account was deleted, and this browser no longer holds its keys or messages.'
        : 'Your account was deleted, but this browser could not erase its copy: clear this site\'s data in the browser settings.')
      setPhase({ name: 'welcome' })
    },

    /**
     * Asks the relay to mail a password reset code: for this device's account, or for `name` when
     * this browser holds no account yet (through a throwaway device, erased afterwards).
     */
    async requestPasswordReset (name?: string): Promise<void> {
      const account = (name ?? '').trim().toLowerCase()
      if (node?.profile === undefined && account === '') throw new NodeError('BAD_INPUT', 'enter the name of your account')
      const generation = ++resetGeneration
      await inResetTurn(async () => {
        await endReset()
        if (node?.profile !== undefined) {
          reset = { node, throwaway: false }
        } else {
          await ParleyNode.forget(RESET_DB).catch(() => {})
          const passphrase = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))
          reset = { node: await ParleyNode.open({ dataDir: RESET_DB, passphrase, direct: false, kdfIterations: 100_000 }), throwaway: true, account: { relayUrl, name: account } }
        }
        // Left (or asked again) while this was starting: this one is not wanted any more.
        if (generation !== resetGeneration) { await endReset(); return }
        try {
          await reset.node.requestPasswordReset(reset.account)
        } catch (err) {
          await endReset()
          throw err
        }
      })
    },

    /** Sets a new password with the mailed code; every session of the account ends, and the person logs in again. */
    async resetPassword (code: string, newPassword: string): Promise<void> {
      await inResetTurn(async () => {
        const r = reset
        if (r === undefined) throw new NodeError('BAD_INPUT', 'ask for a code first')
        await r.node.resetPassword(code.trim(), newPassword, r.account)
        await endReset()
      })
      setNotice('Your password was changed, and every device logged in to the account was logged out. Log in with the new password.')
    },

    /** Leaves a password reset without finishing it (also one still starting). */
    async cancelPasswordReset (): Promise<void> {
      resetGeneration++
      await inResetTurn(endReset)
    },

    /** Erases this browser's device (keys, history); the account stays on the relay. */
    async forgetDevice (): Promise<void> {
      await discardDevice()
      setPhase({ name: 'welcome' })
    }
  }
}

export type Session = ReturnType<typeof createSession>
