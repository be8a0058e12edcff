import { createSignal, type Accessor } from 'solid-js'
import { NodeError, RelayRequestError, secondFactorFrom } from '@parley/node'
import { humanize } from '../lib/humanize.js'
import type { ProfilesStore } from './profiles-store.js'
import type { AccountStore } from './account-store.js'
import type { ConnectionStore } from './connection-store.js'
import type { ConversationsStore } from './conversations-store.js'
import { DEVICE_DB, type ClientEnvironment, type Device } from './device.js'
import type { NoticeStore } from './notice-store.js'

/** Where the app is in a person's journey. */
export type Phase =
  | { name: 'starting' }
  | { name: 'welcome' }
  | { name: 'locked' }
  | { name: 'verify', address: string, email: string }
  | { name: 'login', address?: string }
  | { name: 'ready' }

/** Whether `err` asks for an authenticator or recovery code (the login form then shows a field for it). */
export function needsSecondFactor (err: unknown): boolean {
  return err instanceof RelayRequestError && err.relayCode === 'SECOND_FACTOR_REQUIRED'
}

/** Unlocking this browser's device, registering, logging in and out, deleting the account. */
export interface SessionStore {
  phase: Accessor<Phase>
  /** This device's address, once it holds an account. */
  address: () => string | undefined
  /** Decides the first screen: unlock an existing device, or set one up. */
  start: () => Promise<void>
  /** Unlocks this browser's keys and goes online (or to login when the session ended). */
  unlock: (passphrase: string) => Promise<void>
  /** Creates keys on this device and an account on the relay; the relay mails a code. */
  register: (input: { name: string, email: string, password: string, passphrase: string }) => Promise<void>
  resendCode: () => Promise<void>
  /** Confirms the mailed code, logs in and publishes this device's keys. */
  verify: (code: string) => Promise<void>
  /** Back from the code screen: the password typed at registration is forgotten. */
  leaveVerify: () => void
  /** Logs in: this device's account, or (with `name` and a passphrase) an existing account on a new device. */
  login: (input: { password: string, name?: string, passphrase?: string, code?: string }) => Promise<void>
  /** Ends the session and locks the device: keys and history are closed until the passphrase is given again. */
  logout: () => Promise<void>
  /**
   * Deletes the account on the relay and erases this browser's device with it, once the person
   * typed the account's name (`typedName`, compared with `user`) to confirm.
   */
  deleteAccount: (input: { password: string, code: string, typedName: string, user: string }) => Promise<void>
  /** Erases this browser's device (keys, history); the account stays on the relay. */
  forgetDevice: () => Promise<void>
}

/** The session store: the app's phases over `deps.device`. */
export function createSessionStore (deps: { device: Device, env: ClientEnvironment, connection: ConnectionStore, conversations: ConversationsStore, account: AccountStore, notice: NoticeStore, profiles?: ProfilesStore }): SessionStore {
  const { device, env, connection, conversations, account, notice, profiles } = deps
  const [phase, setPhase] = createSignal<Phase>({ name: 'starting' })
  /** The password typed at registration, kept in memory only until the code is confirmed and the login done. */
  let pendingPassword: string | undefined
  /** The code was confirmed, but the login after it did not go through yet. */
  let verified = false

  device.subscribe(event => {
    if (event.type === 'offline' && event.code === 'NOT_LOGGED_IN') setPhase({ name: 'login', address: device.current()?.profile?.address })
  })

  /** Nothing of the account stays on screen (after logging out or deleting it). */
  const clearView = (): void => {
    account.clear()
    conversations.clear()
    profiles?.clear()
  }

  const discardDevice = async (): Promise<void> => {
    pendingPassword = undefined
    verified = false
    await device.erase()
  }

  /** Connects and drains waiting mail; the node stays online by itself (the banner shows while it cannot). */
  async function goOnline (): Promise<void> {
    const n = device.require()
    connection.connecting()
    // What a notice said before (a password changed, an account deleted) is done with.
    notice.dismiss()
    await conversations.load().catch(() => {})
    setPhase({ name: 'ready' })
    try {
      // Not reachable now: the node keeps trying and says 'connected' when it gets through.
      const reachable = await n.listen()
      connection.reached(reachable)
      // What arrived meanwhile came in as message events: the list is up to date.
      if (reachable) conversations.readIfSeen()
    } catch (err) {
      connection.failed(`${humanize(err)} Reload the page to try again.`)
      if ((err as { code?: string } | undefined)?.code === 'NOT_LOGGED_IN') setPhase({ name: 'login', address: n.profile?.address })
    }
  }

  return {
    phase,
    address: () => device.current()?.profile?.address,
    async start () {
      try {
        setPhase({ name: await device.factory.exists(DEVICE_DB) ? 'locked' : 'welcome' })
      } catch {
        notice.show('This browser does not let Parley keep data (IndexedDB is unavailable, as in some private windows).')
        setPhase({ name: 'welcome' })
      }
    },
    async unlock (passphrase) {
      const n = await device.open(passphrase)
      if (n.profile === undefined) { setPhase({ name: 'welcome' }); return }
      try {
        await n.connect()
      } catch (err) {
        if ((err as { code?: string } | undefined)?.code === 'NOT_LOGGED_IN') { setPhase({ name: 'login', address: n.profile.address }); return }
      }
      void goOnline()
    },
    async register (input) {
      const n = await device.open(input.passphrase)
      try {
        const profile = await n.register({ relayUrl: env.relayUrl, name: input.name.trim().toLowerCase(), email: input.email.trim(), password: input.password })
        pendingPassword = input.password
        verified = false
        setPhase({ name: 'verify', address: profile.address, email: profile.email })
      } catch (err) {
        // Nothing was set up: the next try starts afresh, with whatever passphrase it gives.
        await discardDevice()
        throw err
      }
    },
    async resendCode () { await device.require().resendCode() },
    async verify (code) {
      const n = device.require()
      if (!verified) await n.verify(code.trim())
      verified = true
      if (pendingPassword === undefined) { setPhase({ name: 'login', address: n.profile?.address }); return }
      await n.login(pendingPassword)
      pendingPassword = undefined
      void goOnline()
    },
    leaveVerify () {
      pendingPassword = undefined
      setPhase({ name: 'login', address: device.current()?.profile?.address })
    },
    async login (input) {
      const fresh = device.current() === undefined
      const n = device.current() ?? await device.open(input.passphrase ?? '')
      const named = n.profile === undefined && input.name !== undefined ? { relayUrl: env.relayUrl, name: input.name.trim().toLowerCase() } : undefined
      const secondFactor = secondFactorFrom(input.code ?? '')
      try {
        await n.login(input.password, { ...(named !== undefined ? { account: named } : {}), ...(secondFactor !== undefined ? { secondFactor } : {}) })
      } catch (err) {
        if (err instanceof RelayRequestError && err.relayCode === 'NOT_VERIFIED' && n.profile !== undefined) {
          setPhase({ name: 'verify', address: n.profile.address, email: n.profile.email === '' ? 'your address' : n.profile.email })
          pendingPassword = input.password
          return
        }
        // A new device whose first login failed keeps nothing: the next try may use another passphrase.
        // (Kept while only the second factor is missing: the retry with the code uses the same keys.)
        if (fresh && n.profile === undefined && !needsSecondFactor(err)) await discardDevice()
        throw err
      }
      void goOnline()
    },
    async logout () {
      const n = device.require()
      await n.logout().catch(() => {})
      device.detach()
      pendingPassword = undefined
      clearView()
      await n.close().catch(() => {})
      setPhase({ name: 'locked' })
    },
    async deleteAccount (input) {
      if (input.typedName.trim().toLowerCase() !== input.user.toLowerCase()) throw new NodeError('BAD_INPUT', `type your address, ${input.user}, exactly as shown to confirm`)
      await device.require().deleteAccount(input.password, secondFactorFrom(input.code))
      clearView()
      // The account is gone whatever happens here; the welcome screen follows either way.
      const erased = await discardDevice().then(() => true, () => false)
      notice.show(erased
        ? 'Your account was deleted, and this browser no longer holds its keys or messages.'
        : 'Your account was deleted, but this browser could not erase its copy: clear this site\'s data in the browser settings.')
      setPhase({ name: 'welcome' })
    },
    async forgetDevice () {
      await discardDevice()
      setPhase({ name: 'welcome' })
    }
  }
}
