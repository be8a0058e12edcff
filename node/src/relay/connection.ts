import type { Libp2p } from '@libp2p/interface'
import type { GroupMailItem, MailItem, RelayRequest } from '@parley/protocol'
import { RelayClient, type RelayEndpoint, type ResultOf, type Success } from '../relay-client.js'
import { NodeError, RelayRequestError } from '../errors.js'
import { RECONNECT_MAX_MS, RECONNECT_MIN_MS, RELAY_DIAL_TIMEOUT_MS } from '../constants.js'
import type { ConnectionState, NodeEvents } from '../events.js'
import { sleep } from './time.js'

/**
 * Which stream a request goes on: `session` the logged-in one (NOT_LOGGED_IN without a session),
 * `preferred` the logged-in one when there is a session, else one without, `none` one without
 * (registration, login, password reset), to `relay` when given, else the home relay.
 */
export type RequestAuth = 'session' | 'preferred' | 'none'

/** How one relay request is sent. */
export interface RelayRequestOptions {
  signal?: AbortSignal
  auth?: RequestAuth
  relay?: RelayEndpoint
  timeoutMs?: number
  retryRateLimited?: boolean
}

/** The seam services reach the relay through: one request, one expected answer. */
export interface RelayLink {
  /** Sends `request` on the stream `options.auth` asks for; resolves with the answer of type `expect`. */
  request: <T extends Success['type']>(request: RelayRequest, expect: T, options?: RelayRequestOptions) => Promise<ResultOf<T>>
}

/**
 * What the relay tells the directory, unasked: the watched users whose device lists changed, and
 * each time a stream to the home relay is logged in (watches live per logged-in stream).
 */
export interface DeviceListFeed {
  /** Whether the stream to the home relay is logged in now. */
  readonly authenticated: boolean
  /** Calls `listener` with the users the relay says changed their devices; returns the unsubscribe function. */
  onDevicesChanged: (listener: (users: string[]) => void) => () => void
  /** Calls `listener` each time a stream to the home relay is logged in (a login, a reconnect); returns the unsubscribe function. */
  onAuthenticated: (listener: () => void) => () => void
}

/** Where this device's session token is kept (sealed at rest). */
export interface SessionVault {
  /** The token, unless there is none or it expired. */
  load: () => Promise<Uint8Array | undefined>
  save: (token: Uint8Array, expiresAt: number) => Promise<void>
  forget: () => Promise<void>
}

/** What the relay connection is built with. */
export interface RelayConnectionComponents {
  host: () => Promise<Libp2p>
  events: NodeEvents
}

/** What a relay connection is told by the node. */
export interface RelayConnectionInit {
  /** The home relay (NOT_REGISTERED without an account). */
  home: () => RelayEndpoint
  vault: SessionVault
  /** Mail the relay pushed to a subscribed stream. */
  onPush: (items: MailItem[]) => void
  /** Called by the reconnect loop once logged in again: drains what arrived meanwhile. */
  resume: () => Promise<void>
}

/** The stream's state, with what each state holds. */
type Link =
  | { status: 'offline' }
  | { status: 'dialing', relay: RelayEndpoint, client: Promise<RelayClient> }
  | { status: 'connected', relay: RelayEndpoint, client: RelayClient }
  | { status: 'authenticated', relay: RelayEndpoint, client: RelayClient }
  | { status: 'closed' }

/**
 * The one stream to the home relay: dialled on first use, logged in with the stored session,
 * subscribed to pushed mail while listening, and, for a listening node, reconnected after a drop
 * with back-off. Its state is a tagged union; every change is announced as a `connection` event.
 */
export class RelayConnection implements RelayLink, DeviceListFeed {
  private link: Link = { status: 'offline' }
  private readonly devicesChangedListeners = new Set<(users: string[]) => void>()
  private readonly groupPushListeners = new Set<(groupId: Uint8Array, items: GroupMailItem[]) => void>()
  private listening = false
  private reconnecting?: Promise<void>
  private authenticating?: { client: RelayClient, done: Promise<RelayClient> }
  private readonly closing = new AbortController()
  /** Counts streams to the home relay: a direct dial that failed while the stream changed says nothing about the device. */
  private epochValue = 0

  constructor (private readonly components: RelayConnectionComponents, private readonly init: RelayConnectionInit) {}

  /** Where the connection stands (what `connection` events announce). */
  get state (): ConnectionState {
    const link = this.link
    switch (link.status) {
      case 'offline': case 'closed': return { status: link.status }
      case 'dialing': case 'connected': case 'authenticated': return { status: link.status, relay: link.relay.name }
      default: return assertNever(link)
    }
  }

  /** The open stream, logged in or not. */
  get current (): RelayClient | undefined {
    return this.link.status === 'connected' || this.link.status === 'authenticated' ? this.link.client : undefined
  }

  /** Increases with every new stream to the relay. */
  get epoch (): number { return this.epochValue }

  /** Whether a stream to the relay is open now (logged in or not). */
  get open (): boolean {
    return (this.link.status === 'connected' || this.link.status === 'authenticated') && this.link.client.open
  }

  /** {@inheritDoc DeviceListFeed.authenticated} */
  get authenticated (): boolean {
    return this.link.status === 'authenticated' && this.link.client.open
  }

  /** {@inheritDoc DeviceListFeed.onDevicesChanged} */
  onDevicesChanged (listener: (users: string[]) => void): () => void {
    this.devicesChangedListeners.add(listener)
    return () => { this.devicesChangedListeners.delete(listener) }
  }

  /** Calls `listener` with the group messages the relay pushes; returns the unsubscribe function. */
  onGroupPush (listener: (groupId: Uint8Array, items: GroupMailItem[]) => void): () => void {
    this.groupPushListeners.add(listener)
    return () => { this.groupPushListeners.delete(listener) }
  }

  /** {@inheritDoc DeviceListFeed.onAuthenticated} */
  onAuthenticated (listener: () => void): () => void {
    return this.components.events.on('connection', e => { if (e.state.status === 'authenticated') listener() })
  }

  /** Whether pushed mail is asked for (set by `listen`). */
  get isListening (): boolean { return this.listening }

  /** {@inheritDoc RelayLink.request} */
  async request<T extends Success['type']> (request: RelayRequest, expect: T, options: RelayRequestOptions = {}): Promise<ResultOf<T>> {
    const { auth = 'session', relay, signal, ...rest } = options
    const client = auth === 'session' ? await this.session(signal) : auth === 'preferred' ? await this.preferred(signal) : await this.stream(relay ?? this.init.home(), signal)
    return await client.request(request, expect, { ...rest, ...(signal !== undefined ? { signal } : {}) })
  }

  /** The stream to `relay`: the open one, the one being dialled, or a new one (replacing a stream to another relay). */
  async stream (relay: RelayEndpoint, signal?: AbortSignal): Promise<RelayClient> {
    const link = this.link
    switch (link.status) {
      case 'closed': throw new NodeError('RELAY_UNREACHABLE', 'this node is closed')
      case 'dialing':
        if (link.relay.peerId === relay.peerId) return await link.client
        break
      case 'connected': case 'authenticated':
        if (link.client.open && link.relay.peerId === relay.peerId) return link.client
        break
      case 'offline': break
      default: return assertNever(link)
    }
    const previous = link.status === 'connected' || link.status === 'authenticated' ? link.client : undefined
    // Started once the state says `dialing`: closing the previous stream is then no drop.
    const dial = Promise.resolve().then(async () => await this.dial(relay, previous, signal))
    this.move({ status: 'dialing', relay, client: dial })
    try {
      return await dial
    } catch (err) {
      if (this.link.status === 'dialing' && this.link.client === dial) this.move({ status: 'offline' })
      throw err
    }
  }

  /** The home relay's stream, logged in with the stored session (NOT_LOGGED_IN without one). */
  async session (signal?: AbortSignal): Promise<RelayClient> {
    const client = await this.stream(this.init.home(), signal)
    if (this.link.status === 'authenticated' && this.link.client === client) return client
    if (this.authenticating?.client === client) return await this.authenticating.done
    const done = this.authenticate(client, signal)
    this.authenticating = { client, done }
    try {
      return await done
    } finally {
      if (this.authenticating?.done === done) this.authenticating = undefined
    }
  }

  /**
   * The logged-in stream when this device has a session, so lookups count against the account's
   * budget rather than the far smaller one the relay gives strangers per IP address; else one without.
   */
  async preferred (signal?: AbortSignal): Promise<RelayClient> {
    try {
      return await this.session(signal)
    } catch (err) {
      if (err instanceof NodeError && err.code === 'NOT_LOGGED_IN') return await this.stream(this.init.home(), signal)
      throw err
    }
  }

  /** A login on the current stream to `relayPeerId` succeeded: keep the token; that stream is logged in now. */
  async sessionStarted (relayPeerId: string, token: Uint8Array, expiresAt: number): Promise<void> {
    await this.init.vault.save(token, expiresAt)
    const link = this.link
    if (link.status !== 'connected' || link.relay.peerId !== relayPeerId || !link.client.open) return
    this.move({ status: 'authenticated', relay: link.relay, client: link.client })
    if (this.listening) await link.client.request({ type: 'subscribe' }, 'ok')
  }

  /** This device's session is over: neither the stream nor the store holds it any longer. */
  async sessionEnded (): Promise<void> {
    const link = this.link
    if (link.status === 'authenticated') this.move({ status: 'connected', relay: link.relay, client: link.client })
    await this.init.vault.forget()
  }

  /** Asks for pushed mail from now on: on this stream if it is logged in, and on every stream logged in later. */
  async subscribe (): Promise<void> {
    if (this.listening) return
    this.listening = true
    const link = this.link
    if (link.status === 'authenticated' && link.client.open) await link.client.request({ type: 'subscribe' }, 'ok').catch(() => {})
  }

  /** Stops listening (no reconnects after a drop). */
  unsubscribe (): void { this.listening = false }

  /** Reconnects a listening node after its stream closed; one loop at a time. */
  keepOnline (): void {
    if (this.reconnecting !== undefined || !this.listening || this.closing.signal.aborted) return
    const loop = (async () => {
      let delay = RECONNECT_MIN_MS
      while (this.listening && !this.closing.signal.aborted) {
        await sleep(delay, this.closing.signal)
        if (!this.listening || this.closing.signal.aborted) return
        try {
          await this.init.resume()
          this.components.events.emit({ type: 'connected' })
          return
        } catch (err: any) {
          if (!isPassing(err)) {
            this.listening = false
            this.components.events.emit({ type: 'offline', code: err instanceof NodeError ? err.code : 'INTERNAL', reason: err?.message ?? String(err) })
            return
          }
          delay = Math.min(delay * 2, RECONNECT_MAX_MS)
        }
      }
    })()
    this.reconnecting = loop
    void loop.finally(() => {
      if (this.reconnecting === loop) this.reconnecting = undefined
      // A drop after the last successful attempt, while this loop was finishing, is not missed.
      if (!this.open) this.keepOnline()
    })
  }

  /** Closes the stream (pending requests fail at once) and stops reconnecting. */
  async close (): Promise<void> {
    this.listening = false
    this.closing.abort()
    const link = this.link
    this.move({ status: 'closed' })
    if (link.status === 'connected' || link.status === 'authenticated') await link.client.close()
    if (link.status === 'dialing') await link.client.then(async c => { await c.close() }, () => {})
    await this.reconnecting
  }

  private async dial (relay: RelayEndpoint, previous: RelayClient | undefined, signal?: AbortSignal): Promise<RelayClient> {
    if (previous?.open === true) await previous.close()
    const signals = [AbortSignal.timeout(RELAY_DIAL_TIMEOUT_MS), this.closing.signal, ...(signal !== undefined ? [signal] : [])]
    const client: RelayClient = await RelayClient.connect(await this.components.host(), relay, {
      onPush: items => { this.init.onPush(items) },
      onDevicesChanged: users => { this.devicesChanged(users) },
      onGroupPush: (groupId, items) => { this.tell(this.groupPushListeners, 'a group message', groupId, items) },
      onClose: () => { this.dropped(client) }
    }, AbortSignal.any(signals))
    if (this.closing.signal.aborted) { await client.close(); throw new NodeError('RELAY_UNREACHABLE', 'this node is closed') }
    this.epochValue++
    this.move({ status: 'connected', relay, client })
    return client
  }

  /** Hands a devices-changed push to each listener. */
  private devicesChanged (users: string[]): void { this.tell(this.devicesChangedListeners, 'a device-list change', users) }

  /** Hands a push to each listener; one that throws must not end the stream's read loop. */
  private tell<A extends unknown[]> (listeners: Set<(...args: A) => void>, what: string, ...args: A): void {
    for (const listener of listeners) {
      try {
        listener(...args)
      } catch (err: any) {
        this.components.events.emit({ type: 'warning', message: `${what} was not handled: ${err?.message ?? String(err)}` })
      }
    }
  }

  /** Only the current stream's end matters; a replaced stream closing is expected. */
  private dropped (client: RelayClient): void {
    const link = this.link
    if ((link.status !== 'connected' && link.status !== 'authenticated') || link.client !== client) return
    this.move({ status: 'offline' })
    // A stream without a session is closed by the relay once idle: the next request opens another.
    if (link.status !== 'authenticated') return
    this.components.events.emit({ type: 'disconnected' })
    this.keepOnline()
  }

  private async authenticate (client: RelayClient, signal?: AbortSignal): Promise<RelayClient> {
    const token = await this.init.vault.load()
    if (token === undefined) throw new NodeError('NOT_LOGGED_IN', 'not logged in on this device: log in first')
    try {
      await client.request({ type: 'authenticate', token }, 'ok', signal !== undefined ? { signal } : {})
    } catch (err) {
      if (err instanceof RelayRequestError && err.relayCode === 'UNAUTHENTICATED') {
        // Revoked (from another device, or by a password reset) or expired: forget it.
        await this.sessionEnded()
        throw new NodeError('NOT_LOGGED_IN', 'the session of this device has ended (revoked, or expired): log in again')
      }
      throw err
    }
    if (this.listening) await client.request({ type: 'subscribe' }, 'ok')
    const link = this.link
    if (link.status === 'connected' && link.client === client) this.move({ status: 'authenticated', relay: link.relay, client })
    return client
  }

  private move (link: Link): void {
    const before = this.link.status
    this.link = link
    if (before !== link.status && before !== 'closed') this.components.events.emit({ type: 'connection', state: this.state })
  }
}

/**
 * Whether retrying can help: everything but a refusal of this device's session or account (a
 * revoked or expired session, an account that is gone), which only the user can mend.
 */
export function isPassing (err: unknown): boolean {
  if (err instanceof RelayRequestError) return !['UNAUTHENTICATED', 'NOT_FOUND', 'NOT_VERIFIED'].includes(err.relayCode)
  return !(err instanceof NodeError && (err.code === 'NOT_LOGGED_IN' || err.code === 'NOT_REGISTERED'))
}

function assertNever (value: never): never {
  throw new Error(`unexpected relay connection state ${JSON.stringify(value)}`)
}
