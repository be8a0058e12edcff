import type { StoredMessage } from './history.js'
import type { PersonProfile } from './profiles/profiles.js'

/**
 * Where the connection to the home relay stands. `connected` is a stream without a session
 * (directory lookups, account requests); `authenticated` is logged in with this device's session.
 */
export type ConnectionState =
  | { status: 'offline' }
  | { status: 'dialing', relay: string }
  | { status: 'connected', relay: string }
  | { status: 'authenticated', relay: string }
  /** close() was called: nothing is dialled again. */
  | { status: 'closed' }

/** An incoming message, or a message that could not be opened. */
export type NodeEvent =
  | { type: 'message', message: StoredMessage }
  /**
   * An incoming message could not be read and never will be; it was acknowledged and recorded.
   * `sender` is set only when its signature proved who sent it; `note` is then the notice that
   * stands for it in the conversation.
   */
  | { type: 'rejected', messageId: string, code: string, reason: string, path: 'relay' | 'direct', sender?: string, note?: StoredMessage }
  /** A message from `address` is held: their identity key changed; `count` are held from them now. */
  | { type: 'held', messageId: string, address: string, count: number }
  | { type: 'disconnected' }
  /** Back online after a drop (listening nodes reconnect by themselves). */
  | { type: 'connected' }
  /** Listening stopped for good: the relay refused the session (revoked, expired) or the account. */
  | { type: 'offline', code: string, reason: string }
  | { type: 'warning', message: string }
  /** A group changed, or this user was invited to one: `what` says it in a sentence. */
  | { type: 'group', groupId: string, what: string }
  | { type: 'receipt', messageId: string, state: 'delivered' | 'read', from: string }
  /** One of this device's messages was stored (`sending`) or changed state by sending (`sent`, `failed`). */
  | { type: 'outgoing', message: StoredMessage }
  /** LAN mode: a device introduced itself; `verified` if its key is the one whose safety number the user compared. */
  | { type: 'peer', address: string, peerId: string, verified: boolean, keyChanged: boolean }
  /** A person's display name or picture changed (`own`: this user's, set on this device). */
  | { type: 'profile', profile: PersonProfile, own: boolean }
  /** The relay connection moved to another state. */
  | { type: 'connection', state: ConnectionState }
  /** A listener threw while handling `event`: reported here instead of being lost. */
  | { type: 'error', error: unknown, event: NodeEvent }

/** Each event type with the event it carries, for `on(type, listener)`. */
export type NodeEventMap = { [K in NodeEvent['type']]: Extract<NodeEvent, { type: K }> }

/** A listener of every event. */
export type NodeListener = (event: NodeEvent) => void

/** Where the node writes what nobody else can be told (never secrets, never message text). */
export interface Logger {
  /** Something went wrong that no caller is waiting to hear about. */
  error: (message: string, err?: unknown) => void
}

/** A logger that writes to the console's error stream: the default when none is given. */
export const consoleLogger: Logger = {
  error: (message, err) => { console.error(`parley: ${message}${err instanceof Error ? `: ${err.message}` : ''}`) }
}

/**
 * The node's event hub: listeners of every event and of one type. A listener that throws does
 * not stop the others; its error is emitted as an `error` event, or logged when an `error`
 * listener is missing or throws too.
 */
export class NodeEvents {
  private readonly all = new Set<NodeListener>()
  private readonly typed = new Map<NodeEvent['type'], Set<NodeListener>>()
  private closed = false

  constructor (private readonly logger: Logger = consoleLogger) {}

  /** Subscribes `listener` to every event; returns the unsubscribe function. */
  on (listener: NodeListener): () => void
  /** Subscribes `listener` to events of `type` only; returns the unsubscribe function. */
  on<K extends keyof NodeEventMap> (type: K, listener: (event: NodeEventMap[K]) => void): () => void
  on (typeOrListener: NodeEvent['type'] | NodeListener, maybe?: (event: any) => void): () => void {
    if (typeof typeOrListener === 'function') {
      this.all.add(typeOrListener)
      return () => { this.all.delete(typeOrListener) }
    }
    if (typeof maybe !== 'function') throw new TypeError('"listener" expected a function')
    const listener = maybe as NodeListener
    const set = this.typed.get(typeOrListener) ?? new Set<NodeListener>()
    set.add(listener)
    this.typed.set(typeOrListener, set)
    return () => { set.delete(listener) }
  }

  /** Delivers `event` to its listeners, unless closed (closing is not news). */
  emit (event: NodeEvent): void {
    if (this.closed) return
    for (const listener of [...this.all, ...this.typed.get(event.type) ?? []]) {
      try {
        listener(event)
      } catch (error) {
        this.failed(error, event)
      }
    }
  }

  /** Whether anyone listens to events of `type` (directly or to every event). */
  listens (type: NodeEvent['type']): boolean {
    return this.all.size > 0 || (this.typed.get(type)?.size ?? 0) > 0
  }

  /** Stops delivering events. */
  close (): void { this.closed = true }

  private failed (error: unknown, event: NodeEvent): void {
    if (event.type === 'error' || !this.listens('error')) {
      this.logger.error(`a listener of '${event.type === 'error' ? event.event.type : event.type}' events failed`, error)
      return
    }
    this.emit({ type: 'error', error, event })
  }
}
