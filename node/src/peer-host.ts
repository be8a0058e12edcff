/**
 * The node's one libp2p host: started on first use for the relay (WebSockets, and WebRTC for
 * direct delivery), or claimed by LAN mode before anything else starts it.
 */
import type { Libp2p } from '@libp2p/interface'
import { NodeError } from './errors.js'
import type { RelayHost } from './relay/host.js'

/** How the host of a node with a home relay starts, and what runs once it did. */
export interface PeerHostInit {
  /** Starts the host for the relay (see startRelayHost). */
  startRelayHost: () => Promise<RelayHost>
  /** Runs on a started host before anyone uses it (the direct protocol handler). */
  prepare: (libp2p: Libp2p, directAvailable: boolean) => Promise<void>
}

/** Holds the host once it is started (or being started) and why direct delivery is off on it. */
export class PeerHost {
  private starting?: Promise<Libp2p>
  private libp2p?: Libp2p
  private unavailable?: string

  constructor (private readonly init: PeerHostInit) {}

  /** The host once started; undefined before. */
  get started (): Libp2p | undefined { return this.libp2p }

  /** Whether a host was asked for already (started, starting or failed). */
  get claimed (): boolean { return this.starting !== undefined }

  /** Why direct delivery is off on this host, once it started without the WebRTC module. */
  get directUnavailable (): string | undefined { return this.unavailable }

  /** The host, started for the relay on first use. */
  async get (): Promise<Libp2p> {
    this.starting ??= this.startForRelay()
    return await this.starting
  }

  /**
   * Starts the host with `start` instead (LAN mode), unless one was asked for already; a failed
   * start leaves the slot free again.
   */
  async claim (start: () => Promise<Libp2p>): Promise<Libp2p> {
    // Checked and taken at once: a relay start (or another claim) begun meanwhile keeps the slot.
    if (this.starting !== undefined) throw new NodeError('UNSUPPORTED', 'this node has started its network already; LAN mode needs a node of its own')
    const starting = start()
    this.starting = starting
    try {
      this.libp2p = await starting
    } catch (err) {
      if (this.starting === starting) this.starting = undefined
      throw err
    }
    return this.libp2p
  }

  /** The addresses the host listens on. */
  listenAddresses (): string[] {
    return this.libp2p?.getMultiaddrs().map(a => a.toString()) ?? []
  }

  /** Stops the host, if one started. */
  async stop (): Promise<void> {
    const libp2p = await this.starting?.catch(() => undefined)
    await libp2p?.stop()
  }

  private async startForRelay (): Promise<Libp2p> {
    const { libp2p, directUnavailable } = await this.init.startRelayHost()
    this.unavailable = directUnavailable
    await this.init.prepare(libp2p, directUnavailable === undefined)
    this.libp2p = libp2p
    return libp2p
  }
}
