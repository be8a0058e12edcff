import { randomBytes, type Ed25519 } from '@parley/protocol'
import type { Libp2p } from '@libp2p/interface'
import type { NodeStore } from './node-store.js'
import type { Logger, NodeEvents } from './events.js'
import type { RelayLink } from './relay/connection.js'
import type { Contacts } from './contacts.js'
import type { History } from './history.js'

/** The time source services read (tests pass a fixed one). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now: () => number
}

/** The clock of the machine. */
export const systemClock: Clock = { now: () => Date.now() }

/**
 * Everything a node's services are built from. Each service declares the few it needs
 * (`Pick<Components, 'store' | 'clock'>`), so a test builds it from an in-memory store and a
 * fake relay, with no libp2p host.
 */
export interface Components {
  /** The device's local records. */
  store: NodeStore
  clock: Clock
  /** Cryptographically random bytes. */
  random: (length: number) => Uint8Array
  logger: Logger
  events: NodeEvents
  /** The libp2p host, started on first use. */
  host: () => Promise<Libp2p>
  /** Requests to the home relay. */
  relay: RelayLink
  /** Pinned contacts and their keys. */
  contacts: Contacts
  /** The conversations' messages. */
  history: History
  /** The node's one Ed25519: keys imported once, verification through WebCrypto where it can. */
  ed25519: Ed25519
}

/** The machine's randomness, from WebCrypto. */
export const systemRandom = (length: number): Uint8Array => randomBytes(length)
