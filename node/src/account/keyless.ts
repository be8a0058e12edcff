import { createLibp2p, type Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { SecondFactorInput } from '@parley/protocol'
import { discoverRelay, type RelayEndpoint } from '../relay-client.js'
import { NodeEvents, type Logger } from '../events.js'
import { RelayConnection, type RelayLink } from '../relay/connection.js'
import { NodeError } from '../errors.js'

/** Options of every account call: an AbortSignal ends the wait (and the request). */
export interface CallOptions { signal?: AbortSignal }

/**
 * The account requests that need no session and no device: registration, verification and
 * password reset. Every request names the relay it goes to and the account's name.
 */
export class AccountRequests {
  constructor (private readonly relay: RelayLink) {}

  /** Creates an account; the relay mails a verification code. */
  async register (relay: RelayEndpoint, opts: { name: string, email: string, password: string }, options: CallOptions = {}): Promise<void> {
    await this.relay.request({ type: 'register', name: opts.name, email: opts.email, password: opts.password }, 'ok', { auth: 'none', relay, ...options })
  }

  /** Confirms the emailed code. */
  async verify (relay: RelayEndpoint, name: string, code: string, options: CallOptions = {}): Promise<void> {
    await this.relay.request({ type: 'verify', name, code }, 'ok', { auth: 'none', relay, ...options })
  }

  /** Asks the relay to mail a new verification code. */
  async resendCode (relay: RelayEndpoint, name: string, options: CallOptions = {}): Promise<void> {
    await this.relay.request({ type: 'resend-code', name }, 'ok', { auth: 'none', relay, ...options })
  }

  /** Asks for a password reset code by mail (the answer never says whether the name exists). */
  async requestPasswordReset (relay: RelayEndpoint, name: string, options: CallOptions = {}): Promise<void> {
    await this.relay.request({ type: 'request-password-reset', name }, 'ok', { auth: 'none', relay, ...options })
  }

  /** Sets a new password with the mailed code; every session of the account ends. */
  async resetPassword (relay: RelayEndpoint, name: string, code: string, newPassword: string, options: CallOptions = {}): Promise<void> {
    await this.relay.request({ type: 'reset-password', name, code, newPassword }, 'ok', { auth: 'none', relay, ...options })
  }

  /** Logs in on the stream to `relay` (the session is bound to the PeerId of that stream's host). */
  async login (relay: RelayEndpoint, name: string, password: string, secondFactor?: SecondFactorInput, options: CallOptions = {}): Promise<{ token: Uint8Array, expiresAt: number }> {
    const session = await this.relay.request({ type: 'login', name, password, ...(secondFactor !== undefined ? { secondFactor } : {}) }, 'session', { auth: 'none', relay, ...options })
    return { token: session.token, expiresAt: session.expiresAt }
  }
}

/** Where a keyless account client connects, and how. */
export interface KeylessAccountOptions extends CallOptions {
  /** The relay's HTTP base URL (its discovery document names its PeerId). */
  relayUrl: string
  allowInsecureHttp?: boolean
  logger?: Logger
}

/**
 * An account client that needs no device: no keystore, no store. It dials the relay under an
 * ephemeral key held in memory only, so a password reset or a new verification code can be
 * asked for from an empty browser. Close it when done.
 */
export class KeylessAccount {
  private constructor (private readonly requests: AccountRequests, readonly relay: RelayEndpoint, private readonly closeAll: () => Promise<void>) {}

  /** Discovers the relay at `relayUrl` and prepares a connection under a fresh in-memory key (dialled on the first request). */
  static async open (options: KeylessAccountOptions): Promise<KeylessAccount> {
    const relay = await discoverRelay(options.relayUrl, { ...(options.allowInsecureHttp !== undefined ? { allowInsecureHttp: options.allowInsecureHttp } : {}), ...(options.signal !== undefined ? { signal: options.signal } : {}) })
    let started: Promise<Libp2p> | undefined
    const host = async (): Promise<Libp2p> => { started ??= startEphemeralHost(); return await started }
    const connection = new RelayConnection({ host, events: new NodeEvents(options.logger) }, {
      home: () => relay,
      vault: { load: async () => undefined, save: async () => {}, forget: async () => {} },
      onPush: () => {},
      resume: async () => {}
    })
    return new KeylessAccount(new AccountRequests(connection), relay, async () => {
      await connection.close()
      const libp2p = await started?.catch(() => undefined)
      await libp2p?.stop()
    })
  }

  /** A keyless client over a relay link that is already there (another transport, or a test's fake relay). */
  static over (link: RelayLink, relay: RelayEndpoint): KeylessAccount {
    return new KeylessAccount(new AccountRequests(link), relay, async () => {})
  }

  /** Creates an account `name`; the relay mails a verification code to `email`. */
  async register (name: string, email: string, password: string, options: CallOptions = {}): Promise<void> {
    await this.requests.register(this.relay, { name: checkName(name), email, password }, options)
  }

  /** Confirms the emailed verification code of account `name`. */
  async verify (name: string, code: string, options: CallOptions = {}): Promise<void> {
    await this.requests.verify(this.relay, checkName(name), code, options)
  }

  /** Asks for a new verification code for account `name`. */
  async resendCode (name: string, options: CallOptions = {}): Promise<void> {
    await this.requests.resendCode(this.relay, checkName(name), options)
  }

  /** Asks for a password reset code by mail for account `name`. */
  async requestPasswordReset (name: string, options: CallOptions = {}): Promise<void> {
    await this.requests.requestPasswordReset(this.relay, checkName(name), options)
  }

  /** Sets a new password for account `name` with the mailed code; every session of the account ends. */
  async resetPassword (name: string, code: string, newPassword: string, options: CallOptions = {}): Promise<void> {
    await this.requests.resetPassword(this.relay, checkName(name), code, newPassword, options)
  }

  /** Closes the connection and stops the ephemeral host; the key is gone with it. */
  async close (): Promise<void> { await this.closeAll() }
}

function checkName (name: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new NodeError('BAD_INPUT', 'an account name is needed')
  return name.trim()
}

/** A host that can only dial out over WebSockets, under a key made for it and never stored. */
async function startEphemeralHost (): Promise<Libp2p> {
  return await createLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    addresses: { listen: [] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: () => false },
    services: { identify: identify() }
  })
}
