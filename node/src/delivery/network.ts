import type { DeviceBundle } from '@parley/protocol'
import type { CallOptions } from '../account/keyless.js'

/**
 * The directory and delivery seam that differs between a node with a home relay and one in LAN
 * mode: where users' devices are learnt, how a sender's device is checked, and where mail goes
 * when no direct link took it. The node holds one of them and never asks which.
 */
export interface PeerNetwork {
  /** This device's address on this network, where the network gives it one (LAN mode's name). */
  readonly address?: string
  /** Whether there is a relay (and so a mailbox, a directory, copies to own devices, contact notes). */
  readonly relayed: boolean
  /** The canonical `address` (`domain` is its part after @), or UNSUPPORTED where this network cannot reach it. */
  reachable: (canonical: string, domain: string) => string
  /** The verified devices of `address`, held to (or pinning) the contact's key. */
  lookup: (address: string, options: CallOptions) => Promise<DeviceBundle[]>
  /** Makes the lookups of many users (a group's members) that follow cheap; never fails for one of them. */
  prefetch: (addresses: readonly string[], options: CallOptions) => Promise<void>
  /** Whether `peerId` is a device `user` signed for under `identityKey`. */
  isDeviceOf: (user: string, peerId: string, identityKey: Uint8Array) => Promise<boolean>
  /** Identity keys a compared safety number for `peer` may be of, beyond the pinned and pending ones. */
  candidates: (peer: string, known: boolean, options: CallOptions) => Promise<Uint8Array[]>
  /** Delivers `envelope` for `to` when no direct link took it (`kind` says what it carries). */
  fallback: (to: string, envelope: Uint8Array, kind: 'text' | 'receipt' | 'profile', options: CallOptions) => Promise<void>
}
