import { createLibp2p, type Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { lpStream } from '@libp2p/utils'
import { FrameDeadline, lengthPrefixOptions } from '@parley/protocol'
import { multiaddr } from '@multiformats/multiaddr'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import {
  decodeTextBody, MAX_TEXT_BYTES, UnsupportedKindError, constantTimeEqual, formatAddress, fromBase64, fromHex, importRsaPrivateKey, inspectEnvelope, isProtocolError, open as openEnvelope,
  parseAddress, randomBytes, seal, signBundle, toBase64, toHex, utf8Encode, verifyBundle,
  safetyNumber, encodeReceipt, isValidName, LAN_DOMAIN, DIRECT_PROTOCOL, MAX_DIRECT_FRAME_BYTES, decodeDirectFrame, encodeDirectAck, decodeReceipt, MAX_RECEIPT_IDS,
  type Content, type DeviceBundle, type MailItem, type OpenedEnvelope, type SafetyNumber, type SecondFactorInput, type SessionInfo
} from '@parley/protocol'
import { NodeStore, checkProfile } from './node-store.js'
import { Contacts } from './contacts.js'
import { History, type StoredMessage } from './history.js'
import { RelayClient, discoverRelay, type RelayEndpoint } from './relay-client.js'
import { checkSealedKeystore, generateKeyMaterial, openKeystore, openLocal, sealKeystore, sealLocal, type KeyMaterial, type SealedKeystore } from './keystore.js'
import { IdentityChangedError, NodeError, RejectedContentError, RelayRequestError, failureKind } from './errors.js'
import { HeldMessages, type HeldMessage, type HeldSummary } from './held.js'
import { Rejections, type RejectedMessage } from './rejections.js'
import {
  DIRECT_ACK_TIMEOUT_MS, DIRECT_CONNECT_TIMEOUT_MS, DIRECT_DIAL_TIMEOUT_MS, DIRECT_RETRY_MAX_MS, DIRECT_RETRY_MIN_MS, MAIL_PAGE_SIZE,
  CLOSE_GRACE_MS, CONTACT_NOTE_INTERVAL_MS, KNOWN_DEVICES_TTL_MS, MAX_DIRECT_REFUSALS, MESSAGE_TTL_MS, RECEIPT_BATCH_MS, RELAY_DIAL_TIMEOUT_MS, OPEN_CONCURRENCY, RECONNECT_MAX_MS, RECONNECT_MIN_MS,
  REFETCH_MAX_MS, REFETCH_MIN_MS
} from './constants.js'
import { mapLimit } from './map-limit.js'
import { DirectLink } from './direct-link.js'
import type { LanPeers } from './lan.js'
import type { FolderContents } from './store-check.js'
import type { Connection, PrivateKey, Stream, Transport } from '@libp2p/interface'

/** Who this device belongs to and where its home relay is. */
export interface Profile {
  name: string
  address: string
  email: string
  relayUrl: string
  relay: RelayEndpoint
}

/** Options to open a node. */
export interface ParleyNodeOptions {
  /** Folder (Node) or database name (browser) for local state. */
  dataDir: string
  /** Unlocks the keystore; it is created, with fresh keys, when `create` allows it. */
  passphrase: string
  /**
   * Whether opening may set up a new device: `'never'` (every command that uses an existing device)
   * fails with NO_DEVICE where there is none; `'if-empty'` (the default: register, a first login,
   * LAN mode) creates keys only in a missing or empty folder. A damaged store is never replaced:
   * in Node it is checked, without changing a byte, before LevelDB opens it.
   */
  create?: 'never' | 'if-empty'
  /** PBKDF2 iterations for a new keystore (tests and benchmarks may lower it; never below 100,000). */
  kdfIterations?: number
  /** Allow relay discovery over plain http to hosts other than loopback (a network attacker could swap the relay). */
  allowInsecureHttp?: boolean
  /**
   * Deliver directly (WebRTC through a circuit relay reservation on the home relay) when every
   * device of the recipient answers, falling back to the mailbox; on by default. Where the WebRTC
   * module cannot be loaded, `directStatus()` says why and everything goes through the relay.
   */
  direct?: boolean
}

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
  | { type: 'receipt', messageId: string, state: 'delivered' | 'read', from: string }
  /** One of this device's messages was stored (`sending`) or changed state by sending (`sent`, `failed`). */
  | { type: 'outgoing', message: StoredMessage }
  /** LAN mode: a device introduced itself; `verified` if its key is the one whose safety number the user compared. */
  | { type: 'peer', address: string, peerId: string, verified: boolean, keyChanged: boolean }

/** The user's peer: keys, contacts, history, and the connection to the home relay. */
export class ParleyNode {
  readonly contacts: Contacts
  readonly history: History
  private libp2p?: Libp2p
  private starting?: Promise<Libp2p>
  /** Why direct delivery is off on this device, once the WebRTC module failed to load. */
  private directUnavailable?: string
  /** Dials under way to other devices, by PeerId (they may outlive the send that started them). */
  private readonly dials = new Map<string, Promise<DirectLink>>()
  /** Devices whose last direct dial failed: the mailbox is used until `until`. */
  private readonly directBackoff = new Map<string, { until: number, delay: number }>()
  /** Counts streams to the home relay: a dial that failed while the relay stream changed says nothing about the device. */
  private relayEpoch = 0
  /** The reconnect loop of a listening node, while it runs. */
  private reconnecting?: Promise<void>
  private readonly closing = new AbortController()
  /** Set in LAN mode. */
  private lan?: { address: string, listen: string[], peers?: LanPeers }
  /** The stream to the home relay, the dial under way, and whether that stream is logged in. */
  private client?: RelayClient
  private dialing?: { peerId: string, client: Promise<RelayClient> }
  private authenticatedClient?: RelayClient
  /** Direct streams to other devices, by PeerId. */
  private readonly links = new Map<string, DirectLink>()
  /** Set by listen(): every (re)authenticated stream subscribes to pushed mail. */
  private listening = false
  private rsaKey?: CryptoKey
  private readonly listeners = new Set<(event: NodeEvent) => void>()
  private processing: Promise<void> = Promise.resolve()
  /** A listening node's next fetch of mail a passing failure left behind, and the wait before the one after. */
  private refetchTimer?: ReturnType<typeof setTimeout>
  private refetchDelay = REFETCH_MIN_MS
  /** Work started without waiting for it (receipts for direct messages); close() lets it finish. */
  private readonly background = new Set<Promise<void>>()
  /** Delivered receipts for direct messages waiting to go out together, by sender. */
  private readonly receiptBatches = new Map<string, { messages: StoredMessage[], timer?: ReturnType<typeof setTimeout> }>()
  /** Devices recently seen in a user's verified bundles, to check direct senders without asking the relay each time. */
  private readonly knownDevices = new Map<string, { bundles: DeviceBundle[], at: number }>()
  /** When the relay was last told that this user writes to a contact peer to peer, by address. */
  private readonly notedContacts = new Map<string, number>()
  /** Messages waiting for the person to accept or refuse their sender's changed identity key. */
  private readonly held: HeldMessages
  /** Incoming messages that could not be accepted, and why (bounded). */
  private readonly rejections: Rejections

  private constructor (
    private readonly store: NodeStore,
    private readonly keys: KeyMaterial,
    private readonly storageKey: CryptoKey,
    private readonly peerKey: PrivateKey,
    private profileValue: Profile | undefined,
    private readonly allowInsecureHttp: boolean,
    private readonly direct: boolean
  ) {
    this.contacts = new Contacts(store)
    this.history = new History(store)
    this.held = new HeldMessages(store)
    this.rejections = new Rejections(store)
  }

  /** Opens the local store and unlocks the keystore; creates them only as `options.create` allows. */
  static async open (options: ParleyNodeOptions): Promise<ParleyNode> {
    const create = options.create ?? 'if-empty'
    const contents = await inspectStore(options.dataDir)
    if (create === 'never' && (contents === 'none' || contents === 'empty')) throw noDevice(options.dataDir)
    const store = new NodeStore(options.dataDir, { createIfMissing: contents !== 'device' })
    try {
      await store.open()
    } catch (err) {
      throw storeOpenError(options.dataDir, err)
    }
    try {
      const stored = await store.meta.get('keystore') as unknown
      let material: KeyMaterial
      let key: CryptoKey
      if (stored === undefined) {
        if (create === 'never') throw noDevice(options.dataDir)
        // The browser's database is not checked beforehand: keys are made only where nothing else is.
        for await (const _ of store.level.keys({ limit: 1 })) throw new NodeError('NO_KEYSTORE', 'the keystore (this device\'s keys) is missing, though other data is there: nothing was changed')
        material = await generateKeyMaterial()
        const created = await sealKeystore(material, options.passphrase, options.kdfIterations)
        key = created.key
        await store.meta.put('keystore', created.sealed)
      } else {
        ({ material, key } = await openKeystore(checkSealedKeystore(stored), options.passphrase))
      }
      await store.unlock(material)
      const rawProfile = await store.meta.get('profile') as unknown
      const profile = rawProfile === undefined ? undefined : checkProfile(rawProfile)
      return new ParleyNode(store, material, key, privateKeyFromProtobuf(material.peerKey), profile, options.allowInsecureHttp === true, options.direct !== false)
    } catch (err) {
      await store.close()
      throw err
    }
  }

  /** Whether a keystore exists in `dataDir` (a device was set up there), without unlocking it or changing the folder. */
  static async exists (dataDir: string): Promise<boolean> {
    const contents = await inspectStore(dataDir)
    if (contents !== 'unchecked') return contents === 'device'
    const store = new NodeStore(dataDir)
    await store.open()
    try {
      return await store.meta.get('keystore') !== undefined
    } finally {
      await store.close()
    }
  }

  /**
   * Erases this device's local state in `dataDir`: keystore, session, contacts, history. The
   * account on the relay is untouched; logging in again gives the device new keys.
   */
  static async forget (dataDir: string): Promise<void> {
    // A folder that is not there has nothing to forget; opening it would create it.
    if (await (await loadStoreCheck())?.folderExists(dataDir) === false) return
    const store = new NodeStore(dataDir)
    await store.open()
    try {
      await store.level.clear()
    } finally {
      await store.close()
    }
  }

  /** This device's PeerId. */
  get peerId (): string { return this.peerKey.publicKey.toString() }

  /** The identity public key. */
  get identityKey (): Uint8Array { return this.keys.identity.publicKey }

  /** The profile, once registered. */
  get profile (): Profile | undefined { return this.profileValue }

  /** The user's address: `name@lan` in LAN mode, else the registered `name@relay`. */
  get address (): string {
    if (this.lan !== undefined) return this.lan.address
    if (this.profileValue === undefined) throw new NodeError('NOT_REGISTERED', 'this device has no account yet: register first')
    return this.profileValue.address
  }

  /** The address messages are sent from: the LAN name in LAN mode, else the registered one. */
  private get self (): string | undefined {
    return this.lan?.address ?? this.profileValue?.address
  }

  /**
   * Starts LAN mode: no relay and no directory. The node listens on TCP and WebSockets, finds other
   * Parley devices on the network by mDNS, and introduces itself to them as `name@lan` with a
   * signed bundle bound to its PeerId. Messages go only over direct connections. Names are claims:
   * a contact is pinned on first sight and only a compared safety number proves who it is.
   */
  async startLan (options: { name: string, listen?: string[] }): Promise<void> {
    if (this.lan !== undefined) throw new NodeError('BAD_INPUT', 'LAN mode is already on')
    if (this.starting !== undefined) throw new NodeError('UNSUPPORTED', 'this node is already connected through a relay; LAN mode needs a node of its own')
    const name = options.name.trim().toLowerCase()
    if (!isValidName(name)) throw new NodeError('BAD_INPUT', `"${options.name}" is not a usable name: letters, digits, dot, dash or underscore, at most 32`)
    const { createLanHost, DEFAULT_LAN_LISTEN, LanPeers } = await loadLanModule()
    this.lan = { address: formatAddress(name, LAN_DOMAIN), listen: options.listen ?? DEFAULT_LAN_LISTEN }
    this.starting = createLanHost(this.peerKey, this.lan.listen)
    let libp2p: Libp2p
    try {
      libp2p = await this.starting
    } catch (err: any) {
      this.lan = undefined
      this.starting = undefined
      throw new NodeError('BAD_INPUT', `cannot listen on the local network: ${err?.message ?? err}`, { cause: err })
    }
    this.libp2p = libp2p
    await libp2p.handle(DIRECT_PROTOCOL, (stream, connection) => { void this.serveDirect(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
    const bundle = signBundle({ user: this.lan.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }, this.keys.identity.privateKey)
    this.lan.peers = new LanPeers(libp2p, this.lan.address, bundle, b => { this.lanPeerSeen(b).catch(() => {}) }, message => { this.emit({ type: 'warning', message }) })
    await this.lan.peers.start()
  }

  /** The addresses this node listens on (LAN mode: where others on the network reach it). */
  listenAddresses (): string[] {
    return this.libp2p?.getMultiaddrs().map(a => a.toString()) ?? []
  }

  /** LAN mode: the devices met on this network, with what this device knows of each. */
  async lanPeers (): Promise<Array<{ address: string, peerId: string, verified: boolean, keyChanged: boolean }>> {
    const out = []
    for (const b of this.lan?.peers?.all() ?? []) out.push({ address: b.user, peerId: b.peerId, ...await this.trustOf(b) })
    return out
  }

  private async trustOf (bundle: DeviceBundle): Promise<{ verified: boolean, keyChanged: boolean }> {
    const contact = await this.contacts.get(bundle.user)
    const same = contact !== undefined && constantTimeEqual(fromHex(contact.identityKey), bundle.identityKey)
    return { verified: same && contact.verified, keyChanged: contact !== undefined && !same }
  }

  private async lanPeerSeen (bundle: DeviceBundle): Promise<void> {
    // It introduced itself just now: it is reachable, whatever happened to earlier dials.
    this.directBackoff.delete(bundle.peerId)
    this.emit({ type: 'peer', address: bundle.user, peerId: bundle.peerId, ...await this.trustOf(bundle) })
  }

  /** Subscribes to incoming messages and connection events. */
  on (listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Creates an account on the relay at `relayUrl`; the relay mails a verification code. */
  async register (opts: { relayUrl: string, name: string, email: string, password: string }): Promise<Profile> {
    const relay = await discoverRelay(opts.relayUrl, { allowInsecureHttp: this.allowInsecureHttp })
    const profile: Profile = { name: opts.name, address: formatAddress(opts.name, relay.name), email: opts.email, relayUrl: opts.relayUrl, relay }
    const client = await this.relayClient(relay)
    await client.request({ type: 'register', name: opts.name, email: opts.email, password: opts.password }, 'ok')
    await this.store.meta.put('profile', profile)
    this.profileValue = profile
    return profile
  }

  /** Confirms the emailed code. */
  async verify (code: string): Promise<void> {
    const profile = this.requireProfile()
    await (await this.relayClient(profile.relay)).request({ type: 'verify', name: profile.name, code }, 'ok')
  }

  /** Asks the relay to mail a new verification code. */
  async resendCode (): Promise<void> {
    const profile = this.requireProfile()
    await (await this.relayClient(profile.relay)).request({ type: 'resend-code', name: profile.name }, 'ok')
  }

  /** Logs in (the session is bound to this device's PeerId), stores the session and publishes this device's keys. */
  async login (password: string, options: { account?: { relayUrl: string, name: string }, secondFactor?: SecondFactorInput } = {}): Promise<{ expiresAt: number }> {
    const { account, secondFactor } = options
    const factor = secondFactor !== undefined ? { secondFactor } : {}
    if (this.profileValue === undefined && account !== undefined) {
      // A new device for an existing account: learn the relay, keep the profile once login succeeds.
      const relay = await discoverRelay(account.relayUrl, { allowInsecureHttp: this.allowInsecureHttp })
      const candidate: Profile = { name: account.name, address: formatAddress(account.name, relay.name), email: '', relayUrl: account.relayUrl, relay }
      const client = await this.relayClient(relay)
      const session = await client.request({ type: 'login', name: account.name, password, ...factor }, 'session')
      this.profileValue = candidate
      await this.store.meta.put('profile', candidate)
      await this.saveSession(client, session.token, session.expiresAt)
      await this.publishKeys()
      return { expiresAt: session.expiresAt }
    }
    const profile = this.requireProfile()
    const client = await this.relayClient(profile.relay)
    const session = await client.request({ type: 'login', name: profile.name, password, ...factor }, 'session')
    await this.saveSession(client, session.token, session.expiresAt)
    await this.publishKeys()
    return { expiresAt: session.expiresAt }
  }

  /** Keeps the session token encrypted under the keystore's storage key. */
  private async saveSession (client: RelayClient, token: Uint8Array, expiresAt: number): Promise<void> {
    const sealed = await sealLocal(this.storageKey, token, 'parley/session/v1')
    await this.store.meta.put('session', { token: toBase64(sealed), expiresAt })
    // Logging in authenticated this stream too.
    this.authenticatedClient = client
    if (this.listening) await client.request({ type: 'subscribe' }, 'ok')
  }

  /** Ends the session on the relay and forgets it locally (also when the relay cannot be reached). */
  async logout (): Promise<void> {
    try {
      await (await this.connect()).request({ type: 'logout' }, 'ok')
    } finally {
      await this.forgetSession()
    }
  }

  /** This device's session is over: neither the stream nor the store holds it any longer. */
  private async forgetSession (): Promise<void> {
    this.authenticatedClient = undefined
    await this.store.meta.del('session')
  }

  // Account security: two-factor login, sessions, email, password reset, deletion.

  /** Starts TOTP enrolment: an otpauth:// URI (show it as a QR code) and the secret for manual entry. */
  async enrolTotp (): Promise<{ uri: string, secret: string }> {
    const r = await (await this.connect()).request({ type: 'totp-enrol' }, 'totp-enrolment')
    return { uri: r.uri, secret: r.secret }
  }

  /** Turns two-factor login on with a current code; returns the ten recovery codes (shown once). */
  async confirmTotp (code: string): Promise<string[]> {
    return (await (await this.connect()).request({ type: 'totp-confirm', code }, 'recovery-codes')).codes
  }

  /** Turns two-factor login off (needs a current code or a recovery code). */
  async disableTotp (secondFactor: SecondFactorInput): Promise<void> {
    await (await this.connect()).request({ type: 'totp-disable', secondFactor }, 'ok')
  }

  /** Replaces the recovery codes (needs a current code or a recovery code); the old ones stop working. */
  async regenerateRecoveryCodes (secondFactor: SecondFactorInput): Promise<string[]> {
    return (await (await this.connect()).request({ type: 'regenerate-recovery-codes', secondFactor }, 'recovery-codes')).codes
  }

  /** The account's sessions (one per logged-in device). */
  async sessions (): Promise<SessionInfo[]> {
    return (await (await this.connect()).request({ type: 'list-sessions' }, 'sessions')).sessions
  }

  /** Ends sessions by id, all of them, or all but this device's. */
  async revokeSessions (which: { ids?: string[], all?: boolean, others?: boolean }): Promise<void> {
    await (await this.connect()).request({ type: 'revoke-sessions', ids: which.ids ?? [], all: which.all === true, others: which.others === true }, 'ok')
    if (which.all === true) await this.forgetSession()
  }

  /** Starts an email change: the relay mails a code to the new address. */
  async changeEmail (email: string): Promise<void> {
    await (await this.connect()).request({ type: 'change-email', newEmail: email }, 'ok')
  }

  /** Confirms the new address with its code. */
  async confirmEmail (code: string): Promise<void> {
    await (await this.connect()).request({ type: 'confirm-email', code }, 'ok')
    const info = await this.accountInfo()
    if (this.profileValue !== undefined) {
      this.profileValue = { ...this.profileValue, email: info.email }
      await this.store.meta.put('profile', this.profileValue)
    }
  }

  /** What the relay knows of the account. */
  async accountInfo (): Promise<{ user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }> {
    const { type: _, ...info } = await (await this.connect()).request({ type: 'account-info' }, 'account')
    return info
  }

  /** Asks for a password reset code by mail (works without a session; the answer never says whether the name exists). */
  async requestPasswordReset (account?: { relayUrl: string, name: string }): Promise<void> {
    const { relay, name } = await this.accountTarget(account)
    await (await this.relayClient(relay)).request({ type: 'request-password-reset', name }, 'ok')
  }

  /** Sets a new password with the mailed code; every session of the account ends, this device's too. */
  async resetPassword (code: string, newPassword: string, account?: { relayUrl: string, name: string }): Promise<void> {
    const { relay, name } = await this.accountTarget(account)
    await (await this.relayClient(relay)).request({ type: 'reset-password', name, code, newPassword }, 'ok')
    await this.forgetSession()
  }

  /** Deletes the account on the relay (its keys and waiting mail too) and forgets it on this device. */
  async deleteAccount (password: string, secondFactor?: SecondFactorInput): Promise<void> {
    await (await this.connect()).request({ type: 'delete-account', password, ...(secondFactor !== undefined ? { secondFactor } : {}) }, 'ok')
    // The account is gone: this device forgets it even if its store cannot be written right now.
    this.profileValue = undefined
    await this.forgetSession().catch(() => {})
    await this.store.meta.del('profile').catch(() => {})
  }

  private async accountTarget (account?: { relayUrl: string, name: string }): Promise<{ relay: RelayEndpoint, name: string }> {
    if (account !== undefined) return { relay: await discoverRelay(account.relayUrl, { allowInsecureHttp: this.allowInsecureHttp }), name: account.name }
    const profile = this.requireProfile()
    return { relay: profile.relay, name: profile.name }
  }

  /** Signs and publishes this device's bundle in the relay's directory. */
  async publishKeys (): Promise<DeviceBundle> {
    const bundle = { user: this.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }
    const signed = signBundle(bundle, this.keys.identity.privateKey)
    await (await this.connect()).request({ type: 'publish-bundle', signedBundle: signed }, 'ok')
    return { version: 1, ...bundle }
  }

  /**
   * The stream to ask the directory on: the logged-in one when this device has a session, so its
   * lookups count against the account's budget rather than the far smaller one the relay gives
   * strangers per IP address; else the stream without a session.
   */
  private async lookupClient (): Promise<RelayClient> {
    try {
      return await this.connect()
    } catch (err) {
      if (err instanceof NodeError && err.code === 'NOT_LOGGED_IN') return await this.relayClient(this.requireProfile().relay)
      throw err
    }
  }

  /** Connects to the home relay and authenticates with the stored session. */
  async connect (): Promise<RelayClient> {
    const client = await this.relayClient(this.requireProfile().relay)
    if (this.authenticatedClient === client) return client
    const stored = await this.store.meta.get('session') as { token: string, expiresAt: number } | undefined
    if (stored === undefined || stored.expiresAt <= Date.now()) throw new NodeError('NOT_LOGGED_IN', 'not logged in on this device: log in first')
    const token = await openLocal(this.storageKey, fromBase64(stored.token), 'parley/session/v1')
    try {
      await client.request({ type: 'authenticate', token }, 'ok')
    } catch (err) {
      if (err instanceof RelayRequestError && err.relayCode === 'UNAUTHENTICATED') {
        // Revoked (from another device, or by a password reset) or expired: forget it.
        await this.forgetSession()
        throw new NodeError('NOT_LOGGED_IN', 'the session of this device has ended (revoked, or expired): log in again')
      }
      throw err
    }
    if (this.listening) await client.request({ type: 'subscribe' }, 'ok')
    this.authenticatedClient = client
    return client
  }

  /** Fetches, verifies and pins a user's device bundles (trust on first use). */
  async lookup (to: string): Promise<DeviceBundle[]> {
    const address = this.canonical(to)
    if (this.lan !== undefined) return await this.lanLookup(address)
    const bundles = await this.directoryBundles(address)
    this.knownDevices.set(address, { bundles, at: Date.now() })
    const first = bundles[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no valid published keys`)
    if (address === this.self) {
      // Our own keys are known, not learnt: never pin them, and distrust a directory that differs.
      if (!constantTimeEqual(first.identityKey, this.keys.identity.publicKey)) throw new NodeError('IDENTITY_CHANGED', 'your account is published under another identity key: another device took it over. Log in again on this device to take it back.')
      return bundles
    }
    await this.contacts.check(address, first.identityKey)
    return bundles
  }

  /**
   * The bundles the home relay's directory publishes for `address` that verify, all under one
   * identity key (NO_KEYS otherwise); nothing is pinned or compared with a pin.
   */
  private async directoryBundles (address: string): Promise<DeviceBundle[]> {
    const result = await (await this.lookupClient()).request({ type: 'fetch-bundles', user: address }, 'bundles')
    const bundles: DeviceBundle[] = []
    for (const signed of result.signedBundles) {
      try {
        bundles.push(await verifyBundle(signed, { expectedUser: address }))
      } catch (err) {
        if (!isProtocolError(err)) throw err
        // A bundle that does not verify is ignored: the relay may be lying about it.
      }
    }
    const first = bundles[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has no valid published keys`)
    if (!bundles.every(b => constantTimeEqual(b.identityKey, first.identityKey))) throw new NodeError('NO_KEYS', `${address} has devices under different identity keys; not sending`)
    return bundles
  }

  /**
   * LAN mode: the devices that introduced themselves as `address`, held to the pinned key. Several
   * keys claiming one unpinned name is refused: the user must find out who is who first.
   */
  private async lanLookup (address: string): Promise<DeviceBundle[]> {
    if (address === this.self) throw new NodeError('BAD_INPUT', `${address} is this device's own name on this network`)
    const claims = this.lan?.peers?.bundlesOf(address) ?? []
    const first = claims[0]
    if (first === undefined) throw new NodeError('NO_KEYS', `${address} has not been seen on this network`)
    const pinned = await this.contacts.get(address)
    if (pinned !== undefined) {
      // Only the devices under the pinned key; others claiming the name were announced as such
      // ('peer' events with keyChanged) and cannot cut the real one off.
      const matching = claims.filter(b => constantTimeEqual(b.identityKey, fromHex(pinned.identityKey)))
      if (matching.length > 0) return matching
      // Nobody here under the pinned key: the new one waits for the user (a compared safety number).
      await this.contacts.check(address, first.identityKey)
      throw new IdentityChangedError(address)
    }
    if (!claims.every(b => constantTimeEqual(b.identityKey, first.identityKey))) {
      throw new NodeError('NO_KEYS', `${claims.length} devices on this network call themselves ${address}: ask the person you mean for their safety number and give it (/verify ${address} <digits>) to pick theirs`)
    }
    await this.contacts.check(address, first.identityKey)
    return claims
  }

  /** Encrypts a text to every device of `to` and deposits it in their mailbox; resolves once the relay stored it durably. */
  async send (recipient: string, text: string): Promise<StoredMessage> {
    const to = this.canonical(recipient)
    const body = utf8Encode(text)
    if (body.length === 0) throw new NodeError('BAD_INPUT', 'the message is empty')
    if (body.length > MAX_TEXT_BYTES) throw new NodeError('BAD_INPUT', `the message is longer than ${MAX_TEXT_BYTES} bytes`)
    const me = this.address
    // Looked up first, so a changed identity key refuses the message before anything is stored.
    const bundles = await this.lookup(to)
    const sentAt = Date.now()
    const messageId = randomBytes(16)
    const message: StoredMessage = { id: toHex(messageId), conversation: to, direction: 'out', sender: me, text, sentAt, storedAt: sentAt, state: 'sending', path: 'relay' }
    await this.history.add(message)
    this.emit({ type: 'outgoing', message })
    return await this.deliverText(message, messageId, bundles)
  }

  /**
   * Sends a message that failed again, under the same id (a relay that did store it the first time
   * takes it as a duplicate, and the recipient keeps it once).
   */
  async retry (id: string): Promise<StoredMessage> {
    const failed = await this.history.get(id)
    if (failed?.direction !== 'out' || failed.state !== 'failed') throw new NodeError('BAD_INPUT', 'only a message that failed to send can be sent again')
    const bundles = await this.lookup(failed.conversation)
    const message = await this.history.setState(id, 'sending') ?? failed
    this.emit({ type: 'outgoing', message })
    return await this.deliverText(message, fromHex(id), bundles)
  }

  /** Seals a stored outgoing text and delivers it: directly when every device answers, else to the mailbox. */
  private async deliverText (message: StoredMessage, messageId: Uint8Array, bundles: DeviceBundle[]): Promise<StoredMessage> {
    const to = message.conversation
    let deposited
    let path: 'relay' | 'direct' = 'relay'
    try {
      const sealed = await this.sealFor(to, 'text', utf8Encode(message.text), { bundles, messageId, sentAt: message.sentAt })
      deposited = sealed
      if (await this.sendDirect(bundles.map(b => b.peerId), sealed.bytes, messageId)) { path = 'direct'; this.noteContact(to) }
      else if (this.lan !== undefined) throw new NodeError('PEER_UNREACHABLE', `${to} did not answer on this network; nothing was delivered (there is no relay to keep it in LAN mode)`)
      else await (await this.connect()).request({ type: 'deposit', envelope: sealed.bytes, contact: true }, 'deposited')
    } catch (err: any) {
      const failed = await this.history.setState(message.id, 'failed', err?.message, err instanceof NodeError ? err.code : undefined)
      if (failed !== undefined) this.emit({ type: 'outgoing', message: failed })
      throw err
    }
    await this.history.setPath(message.id, path)
    // A receipt may already have moved it further along.
    const sent = await this.history.advanceTo(message.id, 'sent') ?? { ...message, state: 'sent', path }
    this.emit({ type: 'outgoing', message: sent })
    try {
      await this.copyToOwnDevices(deposited.content, messageId, deposited.expiresAt)
    } catch (err: any) {
      // The message itself went out; only the copy for this user's other devices did not.
      this.emit({ type: 'warning', message: `sent, but not copied to your other devices: ${err?.message ?? err}` })
    }
    return sent
  }


  /**
   * Seals `body` as a `kind` content for every device of `to` and deposits it in their mailbox;
   * resolves once the relay has stored it durably.
   */
  private async deposit (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: { bundles?: DeviceBundle[], messageId?: Uint8Array, sentAt?: number } = {}): Promise<{ content: Parameters<typeof seal>[0]['content'], expiresAt: number }> {
    const bundles = options.bundles ?? await this.lookup(to)
    const sealed = await this.sealFor(to, kind, body, { ...options, bundles })
    // Over direct connections that are already open to every device (no new dial for this), else the mailbox.
    const lan = this.lan !== undefined
    if (!await this.sendDirect(bundles.map(b => b.peerId), sealed.bytes, sealed.messageId, { dial: lan })) {
      if (lan) throw new NodeError('PEER_UNREACHABLE', `${to} did not answer on this network`)
      // Only a text is written by choice; receipts must not make the recipient look like a contact.
      await (await this.connect()).request({ type: 'deposit', envelope: sealed.bytes, contact: kind === 'text' }, 'deposited')
    }
    return sealed
  }

  /** Seals `body` as a `kind` content for every device of `to`. */
  private async sealFor (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: { bundles?: DeviceBundle[], messageId?: Uint8Array, sentAt?: number } = {}): Promise<{ bytes: Uint8Array, messageId: Uint8Array, content: Parameters<typeof seal>[0]['content'], expiresAt: number }> {
    const bundles = options.bundles ?? await this.lookup(to)
    const sentAt = options.sentAt ?? Date.now()
    const content = { sender: this.address, senderDevice: this.peerId, senderIdentityKey: this.keys.identity.publicKey, sentAt, conversation: to, kind, body }
    const expiresAt = sentAt + MESSAGE_TTL_MS
    const sealed = await seal({ recipient: to, devices: bundles.map(b => ({ deviceId: b.peerId, rsaPublicKey: b.rsaPublicKey })), content, identityPrivateKey: this.keys.identity.privateKey, expiresAt, ...(options.messageId !== undefined ? { messageId: options.messageId } : {}) })
    return { bytes: sealed.bytes, messageId: sealed.messageId, content, expiresAt }
  }

  /**
   * Copies a sent message to this user's other devices in a separate envelope addressed to the
   * user, so the relay cannot link the sender's devices to the recipient's mail.
   */
  private async copyToOwnDevices (content: Parameters<typeof seal>[0]['content'], messageId: Uint8Array, expiresAt: number): Promise<void> {
    if (this.lan !== undefined) return
    const own = (await this.lookup(this.address)).filter(b => b.peerId !== this.peerId)
    if (own.length === 0) return
    const copy = await seal({ recipient: this.address, devices: own.map(b => ({ deviceId: b.peerId, rsaPublicKey: b.rsaPublicKey })), content, identityPrivateKey: this.keys.identity.privateKey, expiresAt, messageId })
    await (await this.connect()).request({ type: 'deposit', envelope: copy.bytes, contact: true }, 'deposited')
  }

  /** Drains the mailbox: fetches every waiting envelope, decrypts, stores, then acknowledges. Returns the new messages in order. */
  async sync (): Promise<StoredMessage[]> {
    const client = await this.connect()
    const out: StoredMessage[] = []
    let after = 0
    while (true) {
      const page = await client.request({ type: 'fetch-mail', afterSeq: after, limit: MAIL_PAGE_SIZE }, 'mail')
      out.push(...await this.accept(page.items))
      const last = page.items[page.items.length - 1]
      if (!page.more || last === undefined) break
      after = last.seq
    }
    return out
  }

  /**
   * Goes live: the relay pushes new mail as it arrives; waiting mail is drained first. From then on
   * the node stays online by itself: after a drop it reconnects (with back-off), logs in again with
   * its session, re-subscribes, drains what arrived meanwhile and emits `connected`; a refusal that
   * no retry can fix (a revoked or expired session) emits `offline` and stops listening.
   *
   * Resolves true once connected and drained; false when the relay cannot be reached right now, in
   * which case the node keeps trying by itself and emits `connected` when it gets through. A
   * refusal (no session on this device, say) is thrown, and listening stops.
   */
  async listen (): Promise<boolean> {
    if (!this.listening) {
      this.listening = true
      // A stream that is already logged in subscribes now; later ones subscribe as they authenticate.
      if (this.client !== undefined && this.authenticatedClient === this.client && this.client.open) await this.client.request({ type: 'subscribe' }, 'ok').catch(() => {})
    }
    try {
      await this.connect()
      await this.sync()
      return true
    } catch (err) {
      if (!isPassing(err)) {
        this.listening = false
        throw err
      }
      this.keepOnline()
      return false
    }
  }

  /** Reconnects a listening node after its relay stream closed; one loop at a time. */
  private keepOnline (): void {
    if (this.reconnecting !== undefined || !this.listening || this.closing.signal.aborted) return
    const loop = (async () => {
      let delay = RECONNECT_MIN_MS
      while (this.listening && !this.closing.signal.aborted) {
        await sleep(delay, this.closing.signal)
        if (!this.listening || this.closing.signal.aborted) return
        try {
          await this.connect()
          await this.sync()
          this.emit({ type: 'connected' })
          return
        } catch (err: any) {
          if (!isPassing(err)) {
            this.listening = false
            this.emit({ type: 'offline', code: err instanceof NodeError ? err.code : 'INTERNAL', reason: err?.message ?? String(err) })
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
      if (this.client?.open !== true) this.keepOnline()
    })
  }

  /**
   * Accepts the pending (changed) identity key of a contact. With `digits`, only if they are the
   * safety number of that pending key, and the contact is then verified too. The messages held
   * from them are then delivered into history, in the order they came, and receipted, all but
   * those signed under another key than the one accepted, which are discarded.
   */
  async trust (address: string, digits?: string): Promise<{ delivered: StoredMessage[], discarded: number }> {
    const peer = this.canonical(address)
    const contact = await this.contacts.get(peer)
    if (contact?.pendingKey === undefined) {
      // Accepted another way meanwhile (a compared safety number): what is held is settled now.
      if ((await this.held.summary(peer)).length > 0) return await this.releaseHeld(peer)
      throw new NodeError('BAD_INPUT', `${peer} has no changed key waiting to be accepted`)
    }
    if (digits !== undefined) {
      const key = fromHex(contact.pendingKey)
      if (!sameDigits(digits, this.numberWith(peer, key).digits)) throw new NodeError('IDENTITY_CHANGED', `that is not the safety number of the new key of ${peer}: do not accept it until you find out why`)
      await this.contacts.pinVerified(peer, key)
    } else {
      await this.contacts.acceptPendingKey(peer)
    }
    return await this.releaseHeld(peer)
  }

  /**
   * Refuses the changed identity key of a contact: the pinned key stays, and every message held
   * from them is discarded. A later message under the refused key is held again.
   */
  async refuseKey (address: string): Promise<{ discarded: number }> {
    const peer = this.canonical(address)
    const contact = await this.contacts.get(peer)
    if (contact?.pendingKey === undefined && (await this.held.summary(peer)).length === 0) throw new NodeError('BAD_INPUT', `${peer} has no changed key waiting to be accepted or refused`)
    await this.contacts.refusePendingKey(peer)
    return { discarded: await this.held.release(peer, async messages => messages.length) }
  }

  /** Messages held per contact (one contact with `address`) because that contact's identity key changed. */
  async heldMessages (address?: string): Promise<HeldSummary[]> {
    return await this.held.summary(address !== undefined ? this.canonical(address) : undefined)
  }

  /** The most recent incoming messages that could not be accepted, oldest first. */
  async rejectedMessages (limit?: number): Promise<RejectedMessage[]> {
    return await this.rejections.list(limit)
  }

  /** Delivers the messages held from `peer` that are signed under their pinned key; discards the others. */
  private async releaseHeld (peer: string): Promise<{ delivered: StoredMessage[], discarded: number }> {
    const contact = await this.contacts.get(peer)
    if (contact === undefined) return { delivered: [], discarded: 0 }
    const accepted = fromHex(contact.identityKey)
    return await this.held.release(peer, async messages => {
      const delivered: StoredMessage[] = []
      let discarded = 0
      for (const m of messages) {
        const key = fromHex(m.identityKey)
        if (!constantTimeEqual(key, accepted)) { discarded++; continue }
        const content: Content = { sender: m.sender, senderDevice: m.senderDevice, senderIdentityKey: key, sentAt: m.sentAt, conversation: m.conversation, kind: m.kind, body: fromBase64(m.body) }
        try {
          const message = await this.keep(content, m.id, m.path, false)
          if (message !== undefined) delivered.push(message)
        } catch (err: any) {
          // A passing failure leaves everything held (nothing is removed): accepting again retries.
          if (failureKind(err) === 'passing') throw err
          await this.recordRejection(m.id, err, m.path, { sender: m.sender, conversation: m.sender })
        }
      }
      await this.sendReceipts('delivered', delivered.filter(m => m.direction === 'in'))
      return { delivered, discarded }
    })
  }

  /**
   * The safety number with a contact: for their changed key when one is waiting to be accepted
   * (`pending`: that is the number to compare before accepting it), else for the pinned key
   * (fetched and pinned now if unknown).
   */
  async safetyNumber (address: string): Promise<SafetyNumber & { verified: boolean, pending: boolean }> {
    const peer = this.canonical(address)
    let contact = await this.contacts.get(peer)
    if (contact === undefined) {
      await this.lookup(peer)
      contact = await this.contacts.get(peer)
    }
    if (contact === undefined) throw new NodeError('NO_KEYS', `${peer} has no known identity key`)
    if (contact.pendingKey !== undefined) return { ...this.numberWith(peer, fromHex(contact.pendingKey)), verified: false, pending: true }
    return { ...this.numberWith(peer, fromHex(contact.identityKey)), verified: contact.verified, pending: false }
  }

  /**
   * Marks a contact verified after the user compared safety numbers. With `digits`, only if they
   * match: the pinned key's number, a changed key's (which is then accepted), or in LAN mode the
   * number of any device claiming the name (whose key is then pinned: how to pick the right one
   * when several claim it). Without digits, the pinned key is marked, unless a changed key waits.
   */
  async verifyContact (address: string, digits?: string): Promise<void> {
    const peer = this.canonical(address)
    if (digits === undefined) {
      // Known (pinned now if not): no number to compute, only whether a changed key waits.
      let contact = await this.contacts.get(peer)
      if (contact === undefined) {
        await this.lookup(peer)
        contact = await this.contacts.get(peer)
      }
      if (contact?.pendingKey !== undefined) throw new NodeError('IDENTITY_CHANGED', `the key of ${peer} changed: compare the new safety number and give its digits to accept it`)
      await this.contacts.markVerified(peer)
      return
    }
    const contact = await this.contacts.get(peer)
    const candidates = [
      ...(contact !== undefined ? [fromHex(contact.identityKey)] : []),
      ...(contact?.pendingKey !== undefined ? [fromHex(contact.pendingKey)] : []),
      ...(this.lan !== undefined ? (this.lan.peers?.bundlesOf(peer) ?? []).map(b => b.identityKey) : [])
    ]
    if (contact === undefined && this.lan === undefined) candidates.push(...(await this.lookup(peer)).map(b => b.identityKey))
    const match = candidates.find(key => sameDigits(digits, this.numberWith(peer, key).digits))
    if (match === undefined) throw new NodeError('IDENTITY_CHANGED', `that is not the safety number of ${peer} on this device: do not trust this contact until you find out why`)
    await this.contacts.pinVerified(peer, match)
    // A changed key accepted this way settles what was held under it too.
    if (contact?.pendingKey !== undefined && constantTimeEqual(match, fromHex(contact.pendingKey))) await this.releaseHeld(peer)
  }

  private numberWith (peer: string, identityKey: Uint8Array): SafetyNumber {
    return safetyNumber({ address: this.address, identityKey: this.keys.identity.publicKey }, { address: peer, identityKey })
  }

  /** The conversation with `peer`, oldest first. */
  async conversation (peer: string, limit?: number): Promise<StoredMessage[]> {
    return await this.history.conversation(this.canonical(peer), limit)
  }

  /** Stops the libp2p host and closes the store. */
  async close (): Promise<void> {
    // Receipts gathered for direct messages go out first (for a moment at most).
    for (const sender of [...this.receiptBatches.keys()]) void this.flushReceipts(sender)
    await Promise.race([Promise.allSettled([...this.background]), new Promise(resolve => setTimeout(resolve, CLOSE_GRACE_MS))])
    this.listening = false
    this.closing.abort()
    clearTimeout(this.refetchTimer)
    // Closing the relay stream first fails its pending requests at once, so nothing waits on them.
    await this.client?.close()
    await this.reconnecting
    await Promise.allSettled([...this.background])
    for (const link of this.links.values()) await link.close()
    const libp2p = await this.starting?.catch(() => undefined)
    await libp2p?.stop()
    await this.processing
    await this.store.close()
  }

  private async accept (items: MailItem[]): Promise<StoredMessage[]> {
    const run = this.processing.then(async () => await this.acceptNow(items))
    this.processing = run.then(() => {}, () => {})
    return await run
  }

  /**
   * Takes in one page of mail: every envelope is opened and checked (several at once), then kept,
   * held or recorded as rejected in mailbox order. What cannot be read is acknowledged with the
   * rest; only a passing failure leaves an envelope in the mailbox for the next fetch. Nothing one
   * envelope does stops the others.
   */
  private async acceptNow (items: MailItem[]): Promise<StoredMessage[]> {
    this.rsaKey ??= await importRsaPrivateKey(this.keys.rsa.privateKey)
    // Opening is RSA and signature work on WebCrypto's thread pool: several at once keep it busy.
    // Storing stays in mailbox order.
    const examined = await mapLimit(items, OPEN_CONCURRENCY, async item => await this.examine(item.envelope, 'relay'))
    const accepted: StoredMessage[] = []
    const done: Uint8Array[] = []
    for (const result of examined) {
      if (result.type === 'retry' || result.type === 'refused') continue
      const settled = await this.settle(result, 'relay')
      if (!settled.acknowledge) continue
      done.push(result.messageId)
      if (settled.message !== undefined) accepted.push(settled.message)
    }
    if (done.length > 0) await (await this.connect()).request({ type: 'ack-mail', messageIds: done }, 'ok')
    if (done.length < items.length) this.refetchLater()
    else this.refetchDelay = REFETCH_MIN_MS
    // Stored and acknowledged: tell each sender their messages arrived.
    await this.sendReceipts('delivered', accepted.filter(m => m.direction === 'in'))
    return accepted
  }

  /**
   * Pushed mail is not pushed again: what a passing failure left in the mailbox of a listening
   * node is fetched again after a while (with back-off), not only after the next reconnect.
   */
  private refetchLater (): void {
    if (!this.listening || this.refetchTimer !== undefined || this.closing.signal.aborted) return
    const delay = this.refetchDelay
    this.refetchDelay = Math.min(delay * 2, REFETCH_MAX_MS)
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = undefined
      // A relay that went away meanwhile is the reconnect loop's business.
      this.inBackground(this.sync().then(() => {}))
    }, delay)
  }

  /**
   * Direct messages come one by one: their delivered receipts are gathered per sender for a moment
   * and go out as one receipt (one seal, one open at the other end) instead of one per message.
   */
  private queueDeliveredReceipt (message: StoredMessage): void {
    let batch = this.receiptBatches.get(message.sender)
    if (batch === undefined) {
      const created: { messages: StoredMessage[], timer?: ReturnType<typeof setTimeout> } = { messages: [] }
      created.timer = setTimeout(() => { void this.flushReceipts(message.sender) }, RECEIPT_BATCH_MS)
      this.receiptBatches.set(message.sender, created)
      batch = created
    }
    batch.messages.push(message)
    if (batch.messages.length >= MAX_RECEIPT_IDS) void this.flushReceipts(message.sender)
  }

  /** Sends the gathered delivered receipts for `sender` now; resolves once they are out (or failed). */
  private async flushReceipts (sender: string): Promise<void> {
    const batch = this.receiptBatches.get(sender)
    if (batch === undefined) return
    this.receiptBatches.delete(sender)
    clearTimeout(batch.timer)
    const sending = this.sendReceipts('delivered', batch.messages)
    this.inBackground(sending)
    await sending
  }

  /** Sends one receipt per sender for `messages` (incoming ones); a failure is a warning, not an error. */
  private async sendReceipts (type: 'delivered' | 'read', messages: StoredMessage[]): Promise<void> {
    const bySender = new Map<string, Uint8Array[]>()
    for (const m of messages) {
      const ids = bySender.get(m.sender) ?? []
      ids.push(fromHex(m.id))
      bySender.set(m.sender, ids)
    }
    for (const [sender, ids] of bySender) {
      for (let i = 0; i < ids.length; i += MAX_RECEIPT_IDS) {
        try {
          await this.deposit(sender, 'receipt', encodeReceipt({ type, messageIds: ids.slice(i, i + MAX_RECEIPT_IDS) }))
        } catch (err: any) {
          this.emit({ type: 'warning', message: `could not send a ${type} receipt to ${sender}: ${err?.message ?? err}` })
        }
      }
    }
  }

  /** Marks the incoming messages of a conversation read (they were shown; with `only`, just those ids) and tells the sender. */
  async markRead (peer: string, only?: ReadonlySet<string>): Promise<StoredMessage[]> {
    // Delivered before read: the receipts gathered for this sender go first.
    await this.flushReceipts(this.canonical(peer))
    const unread = (await this.history.conversation(this.canonical(peer))).filter(m => m.direction === 'in' && m.state === 'received' && (only === undefined || only.has(m.id)))
    const read: StoredMessage[] = []
    for (const m of unread) {
      const updated = await this.history.advance(m.id, 'read')
      if (updated !== undefined) read.push(updated)
    }
    await this.sendReceipts('read', read)
    return read
  }

  /**
   * Opens and checks one envelope, without storing anything: `opened` (ready to keep), `held` (its
   * sender's identity key changed), `rejected` (final: it can never be read), `retry` (passing:
   * leave it for the next fetch) or, on a direct stream (`remotePeer`), `refused` (the connection
   * is not the sender's device; the envelope itself may be genuine and come by the mailbox).
   */
  private async examine (envelope: Uint8Array, path: 'relay' | 'direct', remotePeer?: string): Promise<Examined> {
    let messageId: Uint8Array
    try {
      messageId = inspectEnvelope(envelope).messageId
    } catch {
      // Without a readable message id it cannot even be acknowledged; the relay's expiry removes it.
      return { type: 'retry' }
    }
    let claimed: string | undefined
    let opened: OpenedEnvelope
    try {
      opened = await this.openFor(envelope, async sender => { claimed = sender; return await this.identityOf(sender) })
    } catch (err) {
      if (failureKind(err) === 'passing') return { type: 'retry' }
      if (isProtocolError(err, 'BAD_SIGNATURE') && claimed !== undefined) {
        try {
          const held = await this.examineChangedKey(envelope, messageId, claimed, path, remotePeer)
          if (held !== undefined) return held
        } catch (heldErr) {
          if (failureKind(heldErr) === 'passing') return { type: 'retry' }
        }
      }
      // An unknown kind is refused after the signature checked: its sender is proven.
      if (err instanceof UnsupportedKindError && err.sender !== this.self) return rejection(messageId, err, { sender: err.sender, conversation: err.sender })
      return rejection(messageId, err)
    }
    const { content } = opened
    if (remotePeer !== undefined && (content.sender === this.self || content.senderDevice !== remotePeer)) {
      // The Noise-authenticated PeerId must be the device the content names (own devices never send directly).
      return { type: 'refused', messageId, reason: 'the connection is not from a device of the sender' }
    }
    try {
      if (!await this.isDeviceOf(content.sender, content.senderDevice, content.senderIdentityKey)) {
        throw new RejectedContentError(`it was not sent from a device ${content.sender} signed for`)
      }
    } catch (err) {
      if (failureKind(err) === 'passing') return { type: 'retry' }
      return rejection(messageId, err, this.knownSender(content))
    }
    return { type: 'opened', messageId, messageIdHex: opened.header.messageIdHex, content }
  }

  /** Opens an envelope addressed to this user and device, checking its sender against `identityOf`. */
  private async openFor (envelope: Uint8Array, identityOf: (sender: string) => Promise<Uint8Array | undefined>): Promise<OpenedEnvelope> {
    return await openEnvelope(envelope, {
      deviceId: this.peerId,
      rsaPrivateKey: this.rsaKey ?? this.keys.rsa.privateKey,
      ...(this.self !== undefined ? { expectedRecipient: this.self } : {}),
      resolveIdentityKey: identityOf
    })
  }

  /**
   * An envelope whose signature does not verify under the key pinned for `sender`: held if it
   * verifies under the key the directory now publishes for them, from a device signed under that
   * key; undefined if it is simply not genuine.
   */
  private async examineChangedKey (envelope: Uint8Array, messageId: Uint8Array, sender: string, path: 'relay' | 'direct', remotePeer?: string): Promise<Examined | undefined> {
    if (sender === this.self || this.lan !== undefined) return undefined
    const pinned = await this.contacts.get(sender)
    if (pinned === undefined) return undefined
    const bundles = await this.directoryBundles(sender)
    const published = bundles[0]?.identityKey
    if (published === undefined || constantTimeEqual(published, fromHex(pinned.identityKey))) return undefined
    let opened: OpenedEnvelope
    try {
      opened = await this.openFor(envelope, async s => s === sender ? published : undefined)
    } catch (err) {
      if (isProtocolError(err)) return undefined
      throw err
    }
    const { content } = opened
    if (!bundles.some(b => b.peerId === content.senderDevice) || (remotePeer !== undefined && content.senderDevice !== remotePeer)) return undefined
    // The contact learns of the new key, as a lookup would have told it.
    await this.contacts.check(sender, published).catch(err => { if (!(err instanceof IdentityChangedError)) throw err })
    return {
      type: 'held',
      messageId,
      held: {
        id: opened.header.messageIdHex,
        sender,
        senderDevice: content.senderDevice,
        identityKey: toHex(published),
        sentAt: content.sentAt,
        conversation: content.conversation,
        kind: content.kind,
        body: toBase64(content.body),
        path,
        heldAt: Date.now()
      }
    }
  }

  /**
   * Stores what `examine` found, in turn: keeps an opened message, holds a held one, records a
   * rejected one. `acknowledge` is false only on a passing failure (the store, the network), so
   * the envelope is fetched again; a final failure while keeping is recorded as a rejection
   * (`rejected` says why).
   */
  private async settle (result: Exclude<Examined, { type: 'retry' | 'refused' }>, path: 'relay' | 'direct'): Promise<{ acknowledge: boolean, message?: StoredMessage, rejected?: string }> {
    try {
      switch (result.type) {
        case 'opened': {
          try {
            const message = await this.keep(result.content, result.messageIdHex, path)
            return message !== undefined ? { acknowledge: true, message } : { acknowledge: true }
          } catch (err) {
            if (failureKind(err) === 'passing') return { acknowledge: false }
            return { acknowledge: true, rejected: await this.recordRejection(result.messageIdHex, err, path, this.knownSender(result.content)) }
          }
        }
        case 'held': {
          const outcome = await this.held.hold(result.held)
          if (outcome === 'full') {
            const sender = result.held.sender
            return { acknowledge: true, rejected: await this.recordRejection(result.held.id, new RejectedContentError(`too many messages from ${sender} are held; accept or refuse their new key first (parley trust ${sender})`), path) }
          } else if (outcome === 'held') {
            const count = (await this.held.summary(result.held.sender))[0]?.count ?? 1
            this.emit({ type: 'held', messageId: result.held.id, address: result.held.sender, count })
          }
          return { acknowledge: true }
        }
        case 'rejected':
          return { acknowledge: true, rejected: await this.recordRejection(toHex(result.messageId), result.error, path, result.sender) }
        default:
          return assertNever(result)
      }
    } catch {
      // Could not be written down: fetched again later, so nothing is lost.
      return { acknowledge: false }
    }
  }

  /** Where a notice about a rejected content of an authenticated sender goes: their conversation, or for an own copy, the copy's. */
  private knownSender (content: Content): { sender: string, conversation: string } {
    return { sender: content.sender, conversation: content.sender === this.self ? content.conversation : content.sender }
  }

  /**
   * Records an incoming message as rejected (once per id, the oldest records dropping out) and
   * says so; where its sender is proven, a notice stands for it in their conversation. Resolves
   * with the reason.
   */
  private async recordRejection (id: string, err: unknown, path: 'relay' | 'direct', from?: { sender: string, conversation: string }): Promise<string> {
    const code = typeof (err as any)?.code === 'string' ? (err as any).code as string : 'REJECTED'
    const reason = err instanceof Error ? err.message : 'it cannot be read'
    const at = Date.now()
    const { added, dropped } = await this.rejections.add({ id, at, code, reason, path, ...(from !== undefined ? { sender: from.sender } : {}) })
    for (const old of dropped) if (old.sender !== undefined) await this.history.remove(noticeId(old.id))
    if (!added) return reason
    let note: StoredMessage | undefined
    if (from !== undefined) {
      note = { id: noticeId(id), conversation: from.conversation, direction: 'in', sender: from.sender, text: `a message from ${from.sender} could not be read: ${reason}`, sentAt: at, storedAt: at, state: 'read', path, unreadable: reason }
      await this.history.add(note)
    }
    this.emit({ type: 'rejected', messageId: id, code, reason, path, ...(from !== undefined ? { sender: from.sender } : {}), ...(note !== undefined ? { note } : {}) })
    return reason
  }

  /**
   * Stores an opened content: a text in history (once), a receipt applied. Undefined when already
   * known or not a text. Throws a final error for a content that cannot be read (a text that is
   * not valid UTF-8, a malformed receipt, a kind this device does not know).
   */
  private async keep (content: Content, messageIdHex: string, path: 'relay' | 'direct' = 'relay', queueReceipt = true): Promise<StoredMessage | undefined> {
    // That device just sent something: it is probably online, so a direct dial is worth a try again.
    this.directBackoff.delete(content.senderDevice)
    switch (content.kind) {
      case 'receipt':
        await this.applyReceipt(content.sender, content.body)
        return undefined
      case 'text':
        break
      default:
        return assertNever(content.kind)
    }
    const mine = content.sender === this.self
    const message: StoredMessage = {
      id: messageIdHex,
      conversation: mine ? content.conversation : content.sender,
      direction: mine ? 'out' : 'in',
      sender: content.sender,
      text: decodeTextBody(content.body),
      sentAt: content.sentAt,
      storedAt: Date.now(),
      state: mine ? 'sent' : 'received',
      path
    }
    if (!await this.history.add(message)) return undefined
    // Queued before anyone hears of it, so a read receipt sent on seeing it cannot overtake it.
    if (queueReceipt && path === 'direct' && message.direction === 'in') this.queueDeliveredReceipt(message)
    this.emit({ type: 'message', message })
    return message
  }

  /**
   * Moves our messages to `delivered` or `read`. Only the person a message was sent to can
   * acknowledge it: a receipt naming anyone else's messages changes nothing.
   */
  private async applyReceipt (from: string, body: Uint8Array): Promise<void> {
    // A malformed receipt throws (final): it is recorded as rejected like any unreadable content.
    const receipt = decodeReceipt(body)
    for (const id of receipt.messageIds) {
      const hex = toHex(id)
      const message = await this.history.get(hex)
      if (message?.direction !== 'out' || message.conversation !== from) continue
      const updated = await this.history.advance(hex, receipt.type)
      if (updated !== undefined) this.emit({ type: 'receipt', messageId: hex, state: receipt.type, from })
    }
  }

  /** The identity key to check a sender against: the pinned one, else the directory's (then pinned). */
  private async identityOf (sender: string): Promise<Uint8Array | undefined> {
    if (sender === this.self) return this.keys.identity.publicKey
    const pinned = await this.contacts.get(sender)
    if (pinned !== undefined) return fromHex(pinned.identityKey)
    try {
      const bundles = await this.lookup(sender)
      return bundles[0]?.identityKey
    } catch (err) {
      // Only a definite "no such user or keys" makes the message unreadable; anything passing
      // (an unreachable or overloaded relay) leaves it in the mailbox for the next try.
      if (err instanceof RelayRequestError) { if (err.relayCode === 'NOT_FOUND') return undefined; throw err }
      if (err instanceof NodeError && (err.code === 'NO_KEYS' || err.code === 'UNSUPPORTED')) return undefined
      throw err
    }
  }

  private emit (event: NodeEvent): void {
    // Closing is not news: nothing is announced once close() has begun.
    if (this.closing.signal.aborted) return
    for (const l of this.listeners) {
      try { l(event) } catch { /* a listener's failure is its own */ }
    }
  }

  private requireProfile (): Profile {
    if (this.profileValue === undefined) throw new NodeError('NOT_REGISTERED', 'this device has no account yet: register first')
    return this.profileValue
  }

  /** The canonical form of a user's address (lowercase), checked to be reachable from the home relay. */
  private canonical (address: string): string {
    let parsed
    try { parsed = parseAddress(address.trim()) } catch { throw new NodeError('BAD_INPUT', `"${address}" is not an address of the form name@relay`) }
    const canonical = formatAddress(parsed.name, parsed.relay)
    if (this.lan !== undefined) {
      if (parsed.relay !== LAN_DOMAIN) throw new NodeError('UNSUPPORTED', `${canonical} is not on this network: in LAN mode addresses are name@${LAN_DOMAIN}`)
      return canonical
    }
    if (parsed.relay !== this.requireProfile().relay.name) {
      throw new NodeError('UNSUPPORTED', `${canonical} is on another relay (${parsed.relay}); federation between relays is not available yet`)
    }
    return canonical
  }

  /**
   * Whether this device delivers directly: `available` once the WebRTC module loaded (loading it
   * is what this checks), else the reason everything goes through the relay.
   */
  async directStatus (): Promise<{ available: boolean, reason?: string }> {
    if (!this.direct) return { available: false, reason: 'direct delivery is turned off on this device' }
    await this.host()
    return this.directUnavailable === undefined ? { available: true } : { available: false, reason: this.directUnavailable }
  }

  /** Whether this device can be reached directly right now: it holds a reservation on its relay. */
  get directlyReachable (): boolean {
    return this.libp2p?.getMultiaddrs().some(a => a.toString().includes('/p2p-circuit/webrtc')) === true
  }

  private async host (): Promise<Libp2p> {
    this.starting ??= this.startHost()
    return await this.starting
  }

  private async startHost (): Promise<Libp2p> {
    let directTransports: Array<(components: any) => Transport> = []
    if (this.direct) {
      try {
        // Loaded only when used: the WebRTC module is native (node-datachannel) in Node.
        const [{ webRTC }, { circuitRelayTransport }] = await Promise.all([import('@libp2p/webrtc'), import('@libp2p/circuit-relay-v2')])
        directTransports = [webRTC(), circuitRelayTransport()]
      } catch (err: any) {
        this.directUnavailable = `WebRTC is not available on this machine (${String(err?.message ?? err).split('\n')[0]}); every message goes through the relay`
      }
    }
    const direct = directTransports.length > 0
    const libp2p = await createLibp2p({
      privateKey: this.peerKey,
      // A reservation on a relay this node is connected to (its home relay: the only one it dials)
      // makes it reachable at <relay>/p2p-circuit/webrtc/p2p/<this PeerId>, from where a direct
      // WebRTC connection is set up. The reservation is dropped with the relay connection and made
      // again as soon as the node reconnects (the relay is rediscovered when identify runs).
      addresses: { listen: direct ? ['/p2p-circuit', '/webrtc'] : [] },
      transports: [webSockets(), ...directTransports],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      // Only addresses this node chose are dialled: the home relay and devices from signed bundles.
      connectionGater: { denyDialMultiaddr: () => false },
      services: { identify: identify(), ping: ping() }
    })
    if (direct) {
      await libp2p.handle(DIRECT_PROTOCOL, (stream, connection) => { void this.serveDirect(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
    }
    this.libp2p = libp2p
    return libp2p
  }

  /**
   * The direct stream to a device: the open one, the dial under way, or a new dial through the home
   * relay's circuit, upgraded to WebRTC. A dial may outlast the send that started it (a cold WebRTC
   * set-up can take seconds), so the next message finds the connection ready; a dial that fails
   * puts the device on back-off, during which the mailbox is used straight away.
   */
  private async directLink (peerId: string): Promise<DirectLink> {
    const existing = this.links.get(peerId)
    if (existing?.open === true) return existing
    const pending = this.dials.get(peerId)
    if (pending !== undefined) return await pending
    const epoch = this.relayEpoch
    const dial = (async () => {
      const libp2p = await this.host()
      const signal = AbortSignal.any([AbortSignal.timeout(DIRECT_CONNECT_TIMEOUT_MS), this.closing.signal])
      let connection: Connection
      if (this.lan !== undefined) {
        // On the LAN: the addresses mDNS and the device's introduction gave.
        connection = await libp2p.dial(peerIdFromString(peerId), { signal })
      } else {
        const relay = this.requireProfile().relay
        connection = await libp2p.dial(relay.multiaddrs.map(a => multiaddr(`${a.includes('/p2p/') ? a : `${a}/p2p/${relay.peerId}`}/p2p-circuit/webrtc/p2p/${peerId}`)), { signal })
      }
      // Noise proved the remote key; this holds the dial to the device the signed bundle names.
      if (connection.remotePeer.toString() !== peerId) {
        await connection.close().catch(() => {})
        throw new NodeError('RELAY_REFUSED', `the direct connection reached ${connection.remotePeer.toString()}, not ${peerId}`)
      }
      const stream = await connection.newStream(DIRECT_PROTOCOL, { signal })
      const link = new DirectLink(stream, () => { if (this.links.get(peerId) === link) this.links.delete(peerId) })
      this.links.set(peerId, link)
      this.directBackoff.delete(peerId)
      return link
    })()
    this.dials.set(peerId, dial)
    dial.catch(() => {
      // Through the home relay, a dial also fails when that relay went away meanwhile: our outage, not the device's.
      if (this.lan === undefined && (this.relayEpoch !== epoch || this.client?.open !== true)) return
      const previous = this.directBackoff.get(peerId)?.delay ?? 0
      const delay = Math.min(Math.max(previous * 2, DIRECT_RETRY_MIN_MS), DIRECT_RETRY_MAX_MS)
      this.directBackoff.set(peerId, { until: Date.now() + delay, delay })
    }).finally(() => { if (this.dials.get(peerId) === dial) this.dials.delete(peerId) })
    return await dial
  }

  /**
   * Tries to hand an envelope to every device directly; true only if each one acknowledged it.
   * Any failure (offline, no WebRTC, a device on back-off, no answer in time) leaves the caller to
   * use the mailbox; the recipient keeps a message once whichever way it came.
   */
  private async sendDirect (devices: string[], envelope: Uint8Array, messageId: Uint8Array, options: { dial?: boolean } = {}): Promise<boolean> {
    if (this.libp2p === undefined || devices.length === 0) return false
    if (this.lan === undefined) {
      if (!this.direct || this.directUnavailable !== undefined) return false
      const now = Date.now()
      if (devices.some(d => (this.directBackoff.get(d)?.until ?? 0) > now)) return false
      // A connection still being set up (for an earlier message) is not waited for again.
      if (devices.some(d => this.dials.has(d) && this.links.get(d)?.open !== true)) return false
    }
    // Without dialling: only devices with a direct (unlimited) connection open, in either direction.
    if (options.dial === false && !devices.every(d => this.links.get(d)?.open === true || this.libp2p?.getConnections(peerIdFromString(d)).some(c => c.limits === undefined) === true)) return false
    const results = await Promise.allSettled(devices.map(async peerId => {
      const link = await withTimeout(this.directLink(peerId), DIRECT_DIAL_TIMEOUT_MS)
      await link.send(envelope, messageId, DIRECT_ACK_TIMEOUT_MS)
    }))
    if (this.lan !== undefined) {
      // No mailbox to complete it: delivered if any device of theirs took it (others may have left).
      const missed = devices.filter((_, i) => results[i]?.status !== 'fulfilled')
      const delivered = missed.length < devices.length
      if (delivered && missed.length > 0) this.emit({ type: 'warning', message: `${missed.length} of ${devices.length} devices did not answer; the others have the message` })
      return delivered
    }
    return results.every(r => r.status === 'fulfilled')
  }

  /** Receives envelopes on a direct stream: opened, checked against the sender's bundles, stored, acknowledged. */
  private async serveDirect (stream: Stream, connection: Connection): Promise<void> {
    // A sender opens the stream to send: its first frame must start at once; later it may idle.
    const deadline = new FrameDeadline()
    deadline.limitWait(true)
    const lp = lpStream(stream, lengthPrefixOptions(MAX_DIRECT_FRAME_BYTES, deadline))
    const remote = connection.remotePeer.toString()
    // That device reached us: our own dials to it may work again too.
    this.directBackoff.delete(remote)
    // Several envelopes are opened at once (RSA runs on WebCrypto's threads); they are stored in
    // the order they came, and each is acknowledged as soon as it is stored or refused.
    const working = new Set<Promise<void>>()
    let turn: Promise<void> = Promise.resolve()
    let writing: Promise<void> = Promise.resolve()
    let refusals = 0
    const ack = (messageId: Uint8Array, error: string): Promise<void> => {
      writing = writing.then(async () => { await lp.write(encodeDirectAck(messageId, error)) })
      return writing
    }
    try {
      while (true) {
        const frame = await deadline.read(async signal => await lp.read({ signal }))
        deadline.limitWait(false)
        while (working.size >= OPEN_CONCURRENCY) await Promise.race(working)
        let envelope: Uint8Array
        let messageId: Uint8Array
        try {
          envelope = decodeDirectFrame(frame.subarray())
          messageId = inspectEnvelope(envelope).messageId
        } catch (err: any) {
          if (++refusals >= MAX_DIRECT_REFUSALS) stream.abort(new Error('too many refused frames'))
          await ack(new Uint8Array(16), err?.message ?? 'refused')
          continue
        }
        const previous = turn
        // What went wrong inside (a lookup failing, a pinned key) is not the other side's business.
        const accepted = this.acceptDirect(envelope, remote, previous).catch(() => 'could not accept the message right now')
        turn = accepted.then(() => {})
        const task: Promise<void> = accepted.then(async error => {
          // A peer that keeps sending what cannot be accepted is cut off: each try costs work here.
          if (error !== '' && ++refusals >= MAX_DIRECT_REFUSALS) stream.abort(new Error('too many refused envelopes'))
          await ack(messageId, error)
        }).finally(() => working.delete(task))
        working.add(task)
      }
    } catch {
      // The stream ended, broke or was cut off; whatever was not acknowledged goes to the mailbox at the sender.
    }
    await Promise.allSettled([...working])
    if (stream.status === 'open') stream.abort(new Error('direct stream closed'))
  }

  /**
   * Opens and checks one directly received envelope, then (once `turn`, the envelope before it,
   * is done) keeps, holds or records it; returns '' when it is kept or held, else why not (the
   * sender then leaves it in the mailbox, where a rejected one is acknowledged and not recorded twice).
   */
  private async acceptDirect (envelope: Uint8Array, remotePeer: string, turn: Promise<void> = Promise.resolve()): Promise<string> {
    this.rsaKey ??= await importRsaPrivateKey(this.keys.rsa.privateKey)
    const result = await this.examine(envelope, 'direct', remotePeer)
    await turn
    if (result.type === 'retry') return 'could not check the sender right now'
    if (result.type === 'refused') return result.reason
    // Acknowledged now; the delivered receipt (queued by keep) follows without holding up the sender.
    const settled = await this.settle(result, 'direct')
    if (!settled.acknowledge) return 'could not accept the message right now'
    return settled.rejected ?? ''
  }

  /**
   * Whether `peerId` is a device `user` signed a bundle for under `identityKey` (the key the
   * content was verified with): answered from the last minute's verified bundles when they name
   * it, else from a fresh directory lookup (in LAN mode, from the devices' introductions).
   */
  private async isDeviceOf (user: string, peerId: string, identityKey: Uint8Array): Promise<boolean> {
    const names = (bundles: DeviceBundle[]): boolean => bundles.some(b => b.peerId === peerId && constantTimeEqual(b.identityKey, identityKey))
    if (this.lan !== undefined) return user !== this.self && names(this.lan.peers?.bundlesOf(user) ?? [])
    const cached = this.knownDevices.get(user)
    if (cached !== undefined && Date.now() - cached.at < KNOWN_DEVICES_TTL_MS && names(cached.bundles)) return true
    const bundles = await this.directoryBundles(user)
    this.knownDevices.set(user, { bundles, at: Date.now() })
    return names(bundles)
  }

  /**
   * Tells the home relay (at most once per CONTACT_NOTE_INTERVAL_MS) that this user writes to
   * `peer` by choice, for a text it never saw because it went peer to peer: otherwise `peer`
   * would meet a stranger's mailbox limits the first time this user is offline. Best effort.
   */
  private noteContact (peer: string): void {
    if (this.lan !== undefined) return
    const at = this.notedContacts.get(peer)
    if (at !== undefined && Date.now() - at < CONTACT_NOTE_INTERVAL_MS) return
    this.notedContacts.set(peer, Date.now())
    this.inBackground((async () => {
      try {
        await (await this.connect()).request({ type: 'note-contact', user: peer }, 'ok')
      } catch {
        // Told with the next direct text instead.
        this.notedContacts.delete(peer)
      }
    })())
  }

  private inBackground (work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.background.delete(tracked))
    this.background.add(tracked)
  }

  /** The stream to `relay`: the open one, the one being dialled, or a new one (replacing a stream to another relay). */
  private async relayClient (relay: RelayEndpoint): Promise<RelayClient> {
    const current = this.client
    if (current?.open === true && current.relayPeerId === relay.peerId) return current
    if (this.dialing?.peerId === relay.peerId) return await this.dialing.client
    const dial = (async () => {
      if (current?.open === true) await current.close()
      const client = await RelayClient.connect(await this.host(), relay, {
        onPush: items => { void this.accept(items).catch(() => {}) },
        // Only the current stream's end matters; a replaced stream closing is expected.
        onClose: () => {
          if (this.client !== client || this.closing.signal.aborted) return
          // A stream without a session is closed by the relay once idle: the next request opens another.
          if (this.authenticatedClient !== client) return
          this.emit({ type: 'disconnected' })
          this.keepOnline()
        }
      }, AbortSignal.any([AbortSignal.timeout(RELAY_DIAL_TIMEOUT_MS), this.closing.signal]))
      this.client = client
      // A new way through the relay: every device gets a fresh direct try.
      this.relayEpoch++
      this.directBackoff.clear()
      return client
    })()
    this.dialing = { peerId: relay.peerId, client: dial }
    try {
      return await dial
    } finally {
      if (this.dialing?.client === dial) this.dialing = undefined
    }
  }
}

/** What `examine` found out about one incoming envelope. */
type Examined =
  | { type: 'opened', messageId: Uint8Array, messageIdHex: string, content: Content }
  | { type: 'held', messageId: Uint8Array, held: HeldMessage }
  | { type: 'rejected', messageId: Uint8Array, error: unknown, sender?: { sender: string, conversation: string } }
  | { type: 'refused', messageId: Uint8Array, reason: string }
  | { type: 'retry' }

function rejection (messageId: Uint8Array, error: unknown, sender?: { sender: string, conversation: string }): Examined {
  return { type: 'rejected', messageId, error, ...(sender !== undefined ? { sender } : {}) }
}

/** The id of the notice standing in a conversation for the rejected message `id` (never a message id: those are hex). */
function noticeId (id: string): string {
  return `rejected-${id}`
}

function assertNever (value: never): never {
  throw new RejectedContentError(`this device cannot read a content of this kind (${String(value)})`)
}

/** Waits `ms`, or less if `signal` aborts. */
async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve() }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** `promise`, or a TIMEOUT error after `ms` (the promise itself goes on). */
async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new NodeError('TIMEOUT', 'no direct connection in time')), ms) })])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Whether retrying can help: everything but a refusal of this device's session or account (a
 * revoked or expired session, an account that is gone), which only the user can mend.
 */
function isPassing (err: unknown): boolean {
  if (err instanceof RelayRequestError) return !['UNAUTHENTICATED', 'NOT_FOUND', 'NOT_VERIFIED'].includes(err.relayCode)
  return !(err instanceof NodeError && (err.code === 'NOT_LOGGED_IN' || err.code === 'NOT_REGISTERED'))
}

/** Whether two renderings of a safety number have the same digits. */
function sameDigits (a: string, b: string): boolean {
  return a.replace(/\D/g, '') === b.replace(/\D/g, '')
}

/** NO_DEVICE for a store that holds no device. */
function noDevice (dataDir: string): NodeError {
  return new NodeError('NO_DEVICE', `there is no device in ${dataDir}: set one up with parley register, or parley login --relay <url> --name <name> (or pick the folder that holds it with --data / PARLEY_HOME)`)
}

/** A failed LevelDB open of a folder that was checked: busy (locked by another process) or damaged. */
function storeOpenError (dataDir: string, err: any): NodeError {
  const code = err?.cause?.code ?? err?.code
  if (code === 'LEVEL_LOCKED') return new NodeError('STORE_BUSY', `the device folder ${dataDir} is in use by another parley process (a parley listen or lan still running?): stop it, or wait until it has finished`, { cause: err })
  return new NodeError('STORE_UNREADABLE', `the device folder ${dataDir} cannot be opened (${String(err?.cause?.message ?? err?.message ?? err)})`, { cause: err })
}

/**
 * The folder check (store-check.ts), in Node only: browsers keep the store in IndexedDB, which
 * nothing rewrites on opening. Loaded by a specifier bundlers do not follow.
 */
async function loadStoreCheck (): Promise<typeof import('./store-check.js') | undefined> {
  const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
  if (typeof nodeVersion !== 'string') return undefined
  const specifier = './store-check.js'
  return await import(/* @vite-ignore */ specifier)
}

/** What a device folder holds, checked without changing it; 'unchecked' in browsers. */
async function inspectStore (dataDir: string): Promise<FolderContents | 'unchecked'> {
  return await (await loadStoreCheck())?.inspectFolder(dataDir) ?? 'unchecked'
}

/**
 * LAN mode's module (TCP, mDNS: Node only), loaded by a specifier bundlers do not follow, so a
 * browser build of this package never pulls it in.
 */
async function loadLanModule (): Promise<typeof import('./lan.js')> {
  const specifier = './lan.js'
  return await import(/* @vite-ignore */ specifier)
}
