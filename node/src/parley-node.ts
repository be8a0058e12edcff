import type { Libp2p } from 'libp2p'
import { lpStream } from '@libp2p/utils'
import { createEd25519, FrameDeadline, lengthPrefixOptions } from '@parley/protocol'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { decodeTextBody, constantTimeEqual, formatAddress, fromBase64, fromHex, inspectEnvelope, parseAddress, signBundle, toHex, safetyNumber, isValidName, LAN_DOMAIN, DIRECT_PROTOCOL, MAX_DIRECT_FRAME_BYTES, decodeDirectFrame, encodeDirectAck, type Content, type DeviceBundle, type MailItem, type SafetyNumber, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { NodeStore } from './node-store.js'
import { Contacts } from './contacts.js'
import { History, type StoredMessage } from './history.js'
import type { RelayClient } from './relay-client.js'
import { checkSealedKeystore, generateKeyMaterial, openKeystore, sealKeystore, type KeyMaterial } from './keystore.js'
import { NodeError, RejectedContentError, failureKind } from './errors.js'
import { HeldMessages, type HeldSummary } from './trust/held.js'
import { Rejections, type RejectedMessage } from './inbox/rejections.js'
import { RejectionNotices } from './inbox/rejection-notices.js'
import { Receipts } from './inbox/receipts.js'
import { DeviceCrypto, type Sealed } from './crypto/device-crypto.js'
import { Examiner, type Examined } from './inbox/examiner.js'
import { MAIL_PAGE_SIZE, CLOSE_GRACE_MS, CONTACT_NOTE_INTERVAL_MS, MAX_DIRECT_REFUSALS, OPEN_CONCURRENCY, REFETCH_MAX_MS, REFETCH_MIN_MS } from './constants.js'
import { mapLimit } from './map-limit.js'
import { NodeEvents, type ConnectionState, type Logger, type NodeEvent, type NodeEventMap } from './events.js'
import { RelayConnection, isPassing } from './relay/connection.js'
import { throwIfAborted } from './relay/time.js'
import { startRelayHost } from './relay/host.js'
import { inspectStore, loadStoreCheck, noDevice, sessionVault, storeOpenError, unlockedProfile } from './device-folder.js'
import { Directory } from './trust/directory.js'
import { systemClock } from './components.js'
import { DeviceAccount, type AccountInfo, type AccountRef, type Profile } from './account/device-account.js'
import type { CallOptions } from './account/keyless.js'
import { Outbox } from './delivery/outbox.js'
import { OutgoingTexts, type SendOptions, type SendWaitingResult } from './delivery/outgoing.js'
export type { SendOptions, SendWaitingResult } from './delivery/outgoing.js'
import type { DirectLink } from './direct-link.js'
import { DirectLinks, relayCircuitRoute } from './delivery/direct-links.js'
import { lanRoute } from './lan/lan-route.js'
import { LanNetwork } from './lan/lan-network.js'
import { RelayNetwork } from './trust/relay-network.js'
import type { PeerNetwork } from './delivery/network.js'
import type { LanPeers } from './lan.js'
import type { Connection, PrivateKey, Stream } from '@libp2p/interface'


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
  /** Where failures nobody else can be told of go (a listener that threw with no 'error' listener); the console by default. */
  logger?: Logger
}

export type { NodeEvent, NodeEventMap, ConnectionState, Logger } from './events.js'
export type { Profile, AccountRef, AccountInfo } from './account/device-account.js'

/** The user's peer: keys, contacts, history, and the connection to the home relay. */
export class ParleyNode {
  readonly contacts: Contacts
  readonly history: History
  private libp2p?: Libp2p
  private starting?: Promise<Libp2p>
  /** Why direct delivery is off on this device, once the WebRTC module failed to load. */
  private directUnavailable?: string
  private readonly closing = new AbortController()
  /** Set in LAN mode: the network of devices met here, in place of the relay's. */
  private lan?: LanNetwork
  /** The home relay's directory and mailboxes. */
  private readonly relayNetwork: RelayNetwork
  /** Sealing and opening under this device's keys. */
  private readonly crypto: DeviceCrypto
  /** Opens and checks incoming envelopes. */
  private readonly examiner: Examiner
  private processing: Promise<void> = Promise.resolve()
  /** A listening node's next fetch of mail a passing failure left behind, and the wait before the one after. */
  private refetchTimer?: ReturnType<typeof setTimeout>
  private refetchDelay = REFETCH_MIN_MS
  /** Work started without waiting for it (receipts for direct messages); close() lets it finish. */
  private readonly background = new Set<Promise<void>>()
  /** Delivered and read receipts, sent and applied. */
  private readonly receipts: Receipts
  /** Direct streams to other devices: dials, links, back-off, and the route they take. */
  private readonly directLinks: DirectLinks
  /** The home relay's directory and its cache of each user's device list. */
  private readonly directory: Directory
  /** When the relay was last told that this user writes to a contact peer to peer, by address. */
  private readonly notedContacts = new Map<string, number>()
  /** Messages waiting for the person to accept or refuse their sender's changed identity key. */
  private readonly held: HeldMessages
  /** Incoming messages that could not be accepted, and why (bounded). */
  private readonly rejections: Rejections
  /** Rejected messages recorded, with their notices in conversations. */
  private readonly notices: RejectionNotices

  private readonly events: NodeEvents
  /** One Ed25519 for the node (sealing, opening, bundles): each key imported once. */
  private readonly ed25519 = createEd25519()
  /** The stream to the home relay: its state, session and reconnects. */
  private readonly relay: RelayConnection
  /** The account this device belongs to: profile, session, account security. */
  private readonly account: DeviceAccount
  /** Texts the person writes: stored, delivered, or kept in the outbox until they can go. */
  private readonly outgoing: OutgoingTexts

  private constructor (
    private readonly store: NodeStore,
    private readonly keys: KeyMaterial,
    private readonly storageKey: CryptoKey,
    private readonly peerKey: PrivateKey,
    profile: Profile | undefined,
    allowInsecureHttp: boolean,
    private readonly direct: boolean,
    logger?: Logger
  ) {
    this.contacts = new Contacts(store)
    this.history = new History(store)
    this.held = new HeldMessages(store)
    this.rejections = new Rejections(store)
    this.events = new NodeEvents(logger)
    this.crypto = new DeviceCrypto({ clock: systemClock, ed25519: this.ed25519 }, { keys, deviceId: peerKey.publicKey.toString() })
    this.receipts = new Receipts({ history: this.history, events: this.events }, {
      deposit: async (to, body) => await this.deposit(to, 'receipt', body),
      track: work => { this.inBackground(work) },
      signal: this.closing.signal
    })
    this.notices = new RejectionNotices({ history: this.history, rejections: this.rejections, events: this.events, clock: systemClock })
    this.relay = new RelayConnection({ host: async () => await this.host(), events: this.events }, {
      home: () => this.requireProfile().relay,
      vault: sessionVault(store, storageKey),
      onPush: items => { this.accept(items).catch(err => { this.events.emit({ type: 'warning', message: `pushed mail was left for the next fetch: ${err?.message ?? err}` }) }) },
      resume: async () => { await this.relay.session(); await this.sync() }
    })
    this.directory = new Directory({ relay: this.relay, clock: systemClock, feed: this.relay, ed25519: this.ed25519, events: this.events })
    this.relayNetwork = new RelayNetwork({ directory: this.directory, contacts: this.contacts, relay: this.relay }, {
      self: () => this.account.profile?.address,
      relayName: () => this.requireProfile().relay.name,
      identityKey: keys.identity.publicKey
    })
    this.examiner = new Examiner({ crypto: this.crypto, contacts: this.contacts, directory: this.directory, network: () => this.network, clock: systemClock }, {
      self: () => this.self,
      identityKey: keys.identity.publicKey,
      lookup: async address => await this.bundlesOf(address)
    })
    this.directLinks = new DirectLinks({ started: () => this.libp2p, host: async () => await this.host(), events: this.events, clock: systemClock }, relayCircuitRoute({
      home: () => this.requireProfile().relay,
      unavailable: () => !this.direct ? 'direct delivery is turned off on this device' : this.directUnavailable,
      epoch: () => this.relay.epoch,
      relayOpen: () => this.relay.open
    }))
    // A new way through the relay: every device gets a fresh direct try.
    this.events.on('connection', e => { if (e.state.status === 'connected') this.directLinks.resetBackoff() })
    this.outgoing = new OutgoingTexts({ history: this.history, outbox: new Outbox(store.outbox), clock: systemClock, emit: event => { this.emit(event) } }, {
      self: () => this.address,
      bundles: async (address, options) => await this.bundlesOf(address, options),
      seal: async (to, body, bundles, messageId, sentAt) => await this.sealFor(to, 'text', body, { bundles, messageId, sentAt }),
      deliver: async (to, bundles, sealed, messageId, options) => {
        if (await this.sendDirect(bundles.map(b => b.peerId), sealed.bytes, messageId)) { this.noteContact(to); return 'direct' }
        await this.network.fallback(to, sealed.bytes, 'text', options)
        return 'relay'
      },
      copyToOwnDevices: async (sealed, messageId) => { await this.copyToOwnDevices(sealed.content, messageId, sealed.expiresAt) },
      invalidate: address => { this.directory.invalidate(address) },
      listening: () => this.relay.isListening,
      track: work => { this.inBackground(work) },
      closing: this.closing.signal
    })
    // The relay is back: what was written meanwhile goes out, in order.
    this.events.on('connection', e => { if (e.state.status === 'connected') this.outgoing.sendWaitingSoon() })
    this.account = new DeviceAccount({ store, relay: this.relay }, { profile, allowInsecureHttp, publishKeys: async options => await this.publishKeys(options) })
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
      const profile = await unlockedProfile(store, material, options.dataDir)
      return new ParleyNode(store, material, key, privateKeyFromProtobuf(material.peerKey), profile, options.allowInsecureHttp === true, options.direct !== false, options.logger)
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
  get profile (): Profile | undefined { return this.account.profile }

  /** The user's address: `name@lan` in LAN mode, else the registered `name@relay`. */
  get address (): string {
    if (this.network.address !== undefined) return this.network.address
    return this.account.requireProfile().address
  }

  /** The address messages are sent from: the LAN name in LAN mode, else the registered one. */
  private get self (): string | undefined {
    return this.network.address ?? this.account.profile?.address
  }

  /**
   * Starts LAN mode: no relay and no directory. The node listens on TCP and WebSockets, finds other
   * Parley devices on the network by mDNS, and introduces itself to them as `name@lan` with a
   * signed bundle bound to its PeerId. Messages go only over direct connections. Names are claims:
   * a contact is pinned on first sight and only a compared safety number proves who it is.
   */
  async startLan (options: { name: string, listen?: string[], signal?: AbortSignal }): Promise<void> {
    throwIfAborted(options.signal)
    if (this.lan !== undefined) throw new NodeError('BAD_INPUT', 'LAN mode is already on')
    if (this.starting !== undefined) throw new NodeError('UNSUPPORTED', 'this node is already connected through a relay; LAN mode needs a node of its own')
    const name = options.name.trim().toLowerCase()
    if (!isValidName(name)) throw new NodeError('BAD_INPUT', `"${options.name}" is not a usable name: letters, digits, dot, dash or underscore, at most 32`)
    const { createLanHost, DEFAULT_LAN_LISTEN, LanPeers } = await loadLanModule()
    const lan = new LanNetwork({ contacts: this.contacts }, formatAddress(name, LAN_DOMAIN))
    this.lan = lan
    this.starting = createLanHost(this.peerKey, options.listen ?? DEFAULT_LAN_LISTEN)
    let libp2p: Libp2p
    try {
      libp2p = await this.starting
    } catch (err: any) {
      this.lan = undefined
      this.starting = undefined
      throw new NodeError('BAD_INPUT', `cannot listen on the local network: ${err?.message ?? err}`, { cause: err })
    }
    this.libp2p = libp2p
    // Direct links are the only way out on the LAN.
    this.directLinks.use(lanRoute())
    await libp2p.handle(DIRECT_PROTOCOL, (stream, connection) => { void this.serveDirect(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
    const bundle = signBundle({ user: lan.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }, this.keys.identity.privateKey)
    lan.peers = new LanPeers(libp2p, lan.address, bundle, b => { this.lanPeerSeen(b).catch(() => {}) }, message => { this.emit({ type: 'warning', message }) }, undefined, this.ed25519)
    await lan.peers.start()
  }

  /** The addresses this node listens on (LAN mode: where others on the network reach it). */
  listenAddresses (): string[] {
    return this.libp2p?.getMultiaddrs().map(a => a.toString()) ?? []
  }

  /** LAN mode: the devices met on this network, with what this device knows of each. */
  async lanPeers (options: CallOptions = {}): Promise<Array<{ address: string, peerId: string, verified: boolean, keyChanged: boolean }>> {
    throwIfAborted(options.signal)
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
    this.directLinks.reachable(bundle.peerId)
    this.emit({ type: 'peer', address: bundle.user, peerId: bundle.peerId, ...await this.trustOf(bundle) })
  }

  /** Subscribes to every event (incoming messages, connection changes...); returns the unsubscribe function. */
  on (listener: (event: NodeEvent) => void): () => void
  /** Subscribes to events of one type, e.g. `on('message', e => ...)`; returns the unsubscribe function. */
  on<K extends keyof NodeEventMap> (type: K, listener: (event: NodeEventMap[K]) => void): () => void
  on (typeOrListener: any, listener?: any): () => void {
    return this.events.on(typeOrListener, listener)
  }

  /** Where users' devices are learnt and undelivered mail goes: LAN mode's network, else the home relay's. */
  private get network (): PeerNetwork { return this.lan ?? this.relayNetwork }

  /** Open direct streams by PeerId (for diagnostics and tests). */
  private get links (): Map<string, DirectLink> { return this.directLinks.links }
  /** Direct dials under way by PeerId (for diagnostics and tests). */
  private get dials (): Map<string, Promise<DirectLink>> { return this.directLinks.dials }

  /** The current stream to the home relay, if one is open (for diagnostics and tests). */
  private get client (): RelayClient | undefined { return this.relay.current }

  /** Where the connection to the home relay stands. */
  get connectionState (): ConnectionState { return this.relay.state }

  /** Creates an account on the relay at `relayUrl`; the relay mails a verification code. */
  async register (opts: { relayUrl: string, name: string, email: string, password: string }, options: CallOptions = {}): Promise<Profile> {
    return await this.account.register(opts, options)
  }

  /** Confirms the emailed code. */
  async verify (code: string, options: CallOptions = {}): Promise<void> { await this.account.verify(code, options) }

  /** Asks the relay to mail a new verification code. */
  async resendCode (options: CallOptions = {}): Promise<void> { await this.account.resendCode(options) }

  /** Logs in (the session is bound to this device's PeerId), stores the session and publishes this device's keys. */
  async login (password: string, opts: { account?: AccountRef, secondFactor?: SecondFactorInput } = {}, options: CallOptions = {}): Promise<{ expiresAt: number }> {
    return await this.account.login(password, opts, options)
  }

  /** Ends the session on the relay and forgets it locally (also when the relay cannot be reached). */
  async logout (options: CallOptions = {}): Promise<void> { await this.account.logout(options) }

  /** Starts TOTP enrolment: an otpauth:// URI (show it as a QR code) and the secret for manual entry. */
  async enrolTotp (options: CallOptions = {}): Promise<{ uri: string, secret: string }> { return await this.account.enrolTotp(options) }

  /** Turns two-factor login on with a current code; returns the ten recovery codes (shown once). */
  async confirmTotp (code: string, options: CallOptions = {}): Promise<string[]> { return await this.account.confirmTotp(code, options) }

  /** Turns two-factor login off (needs a current code or a recovery code). */
  async disableTotp (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<void> { await this.account.disableTotp(secondFactor, options) }

  /** Replaces the recovery codes (needs a current code or a recovery code); the old ones stop working. */
  async regenerateRecoveryCodes (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<string[]> { return await this.account.regenerateRecoveryCodes(secondFactor, options) }

  /** The account's sessions (one per logged-in device). */
  async sessions (options: CallOptions = {}): Promise<SessionInfo[]> { return await this.account.sessions(options) }

  /** Ends sessions by id, all of them, or all but this device's. */
  async revokeSessions (which: { ids?: string[], all?: boolean, others?: boolean }, options: CallOptions = {}): Promise<void> { await this.account.revokeSessions(which, options) }

  /** Starts an email change: the relay mails a code to the new address. */
  async changeEmail (email: string, options: CallOptions = {}): Promise<void> { await this.account.changeEmail(email, options) }

  /** Confirms the new address with its code. */
  async confirmEmail (code: string, options: CallOptions = {}): Promise<void> { await this.account.confirmEmail(code, options) }

  /** What the relay knows of the account. */
  async accountInfo (options: CallOptions = {}): Promise<AccountInfo> { return await this.account.accountInfo(options) }

  /** Asks for a password reset code by mail (works without a session; the answer never says whether the name exists). */
  async requestPasswordReset (account?: AccountRef, options: CallOptions = {}): Promise<void> { await this.account.requestPasswordReset(account, options) }

  /** Sets a new password with the mailed code; every session of the account ends, this device's too. */
  async resetPassword (code: string, newPassword: string, account?: AccountRef, options: CallOptions = {}): Promise<void> { await this.account.resetPassword(code, newPassword, account, options) }

  /** Deletes the account on the relay (its keys and waiting mail too) and forgets it on this device. */
  async deleteAccount (password: string, secondFactor?: SecondFactorInput, options: CallOptions = {}): Promise<void> { await this.account.deleteAccount(password, secondFactor, options) }

  /** Signs and publishes this device's bundle in the relay's directory. */
  async publishKeys (options: CallOptions = {}): Promise<DeviceBundle> {
    const bundle = { user: this.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }
    const signed = signBundle(bundle, this.keys.identity.privateKey)
    await this.relay.request({ type: 'publish-bundle', signedBundle: signed }, 'ok', options)
    return { version: 1, ...bundle }
  }

  /** Connects to the home relay and authenticates with the stored session. */
  async connect (options: CallOptions = {}): Promise<RelayClient> {
    return await this.relay.session(options.signal)
  }

  /** Fetches, verifies and pins a user's device bundles (trust on first use). */
  async lookup (to: string, options: CallOptions = {}): Promise<DeviceBundle[]> {
    throwIfAborted(options.signal)
    const address = this.canonical(to)
    // Asked for by the person (a new conversation, a check): the directory's answer now, not a remembered one.
    this.directory.invalidate(address)
    return await this.network.lookup(address, options)
  }

  /** A user's verified device bundles for sending and checking: the directory's cached list while it holds. */
  private async bundlesOf (to: string, options: CallOptions = {}): Promise<DeviceBundle[]> {
    throwIfAborted(options.signal)
    return await this.network.lookup(this.canonical(to), options)
  }

  /**
   * Encrypts a text to every device of `to` and delivers it (directly, or to their mailbox);
   * resolves once it went. With `queue`, a text that cannot go because the relay cannot be reached
   * (or is busy) is kept on the device as `waiting` and sent, in order, once it can
   * (`sendWaiting`, which runs by itself whenever the relay connection comes back); a text
   * written while others to the same person wait goes behind them.
   */
  async send (recipient: string, text: string, options: SendOptions = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    return await this.outgoing.send(this.canonical(recipient), text, options)
  }

  /** The messages waiting in the outbox, oldest first. */
  async waitingMessages (): Promise<StoredMessage[]> {
    return await this.outgoing.waiting()
  }

  /**
   * Sends what waits in the outbox, oldest first, each under the id it was written with (so a
   * send repeated after a crash reaches the recipient once). A message that cannot go for a
   * passing reason waits on (and the later ones to the same person behind it); one that can
   * never go (no such person, a changed key) fails with its reason, for the person to retry.
   */
  async sendWaiting (options: CallOptions = {}): Promise<SendWaitingResult> {
    return await this.outgoing.sendWaiting(options)
  }

  /**
   * Sends a message that failed again, under the same id (a relay that did store it the first time
   * takes it as a duplicate, and the recipient keeps it once). A waiting message goes with the
   * rest of the outbox, in order.
   */
  async retry (id: string, options: CallOptions = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    return await this.outgoing.retry(id, options)
  }

  /**
   * Seals `body` as a `kind` content for every device of `to` and deposits it in their mailbox;
   * resolves once the relay has stored it durably.
   */
  private async deposit (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: { bundles?: DeviceBundle[], messageId?: Uint8Array, sentAt?: number } = {}): Promise<{ content: Content, expiresAt: number }> {
    const bundles = options.bundles ?? await this.bundlesOf(to)
    const sealed = await this.sealFor(to, kind, body, { ...options, bundles })
    // Over direct connections that are already open to every device (no new dial for this), else the mailbox.
    // Without a relay, a direct link is the only way: it may be dialled for this.
    if (!await this.sendDirect(bundles.map(b => b.peerId), sealed.bytes, sealed.messageId, { dial: !this.network.relayed })) {
      await this.network.fallback(to, sealed.bytes, kind, {})
    }
    return sealed
  }

  /** Seals `body` as a `kind` content for every device of `to`. */
  private async sealFor (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: { bundles?: DeviceBundle[], messageId?: Uint8Array, sentAt?: number } = {}): Promise<Sealed> {
    const bundles = options.bundles ?? await this.bundlesOf(to)
    return await this.crypto.seal({ sender: this.address, recipient: to, conversation: to, kind, body, bundles, ...(options.messageId !== undefined ? { messageId: options.messageId } : {}), ...(options.sentAt !== undefined ? { sentAt: options.sentAt } : {}) })
  }

  /**
   * Copies a sent message to this user's other devices in a separate envelope addressed to the
   * user, so the relay cannot link the sender's devices to the recipient's mail.
   */
  private async copyToOwnDevices (content: Content, messageId: Uint8Array, expiresAt: number): Promise<void> {
    if (!this.network.relayed) return
    const own = (await this.bundlesOf(this.address)).filter(b => b.peerId !== this.peerId)
    if (own.length === 0) return
    const copy = await this.crypto.reseal(this.address, content, own, expiresAt, messageId)
    await this.relay.request({ type: 'deposit', envelope: copy, contact: true }, 'deposited')
  }

  /** Drains the mailbox: fetches every waiting envelope, decrypts, stores, then acknowledges. Returns the new messages in order. */
  async sync (options: CallOptions = {}): Promise<StoredMessage[]> {
    // What waits in the outbox goes out meanwhile; a failure there is the outbox's, not the fetch's.
    const sending = this.sendWaiting(options).catch(err => { this.emit({ type: 'warning', message: `waiting messages were not sent yet: ${err?.message ?? err}` }) })
    try {
      return await this.fetchAll(options)
    } finally {
      await sending
    }
  }

  private async fetchAll (options: CallOptions): Promise<StoredMessage[]> {
    const out: StoredMessage[] = []
    let after = 0
    while (true) {
      const page = await this.relay.request({ type: 'fetch-mail', afterSeq: after, limit: MAIL_PAGE_SIZE }, 'mail', options)
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
  async listen (options: CallOptions = {}): Promise<boolean> {
    await this.relay.subscribe()
    try {
      await this.relay.session(options.signal)
      await this.sync(options)
      return true
    } catch (err) {
      if (!isPassing(err)) {
        this.relay.unsubscribe()
        throw err
      }
      this.relay.keepOnline()
      return false
    }
  }


  /**
   * Accepts the pending (changed) identity key of a contact. With `digits`, only if they are the
   * safety number of that pending key, and the contact is then verified too. The messages held
   * from them are then delivered into history, in the order they came, and receipted, all but
   * those signed under another key than the one accepted, which are discarded.
   */
  async trust (address: string, digits?: string, options: CallOptions = {}): Promise<{ delivered: StoredMessage[], discarded: number }> {
    throwIfAborted(options.signal)
    const peer = this.canonical(address)
    // A key change settled either way: their device list is asked for afresh.
    this.directory.invalidate(peer)
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
  async refuseKey (address: string, options: CallOptions = {}): Promise<{ discarded: number }> {
    throwIfAborted(options.signal)
    const peer = this.canonical(address)
    this.directory.invalidate(peer)
    const contact = await this.contacts.get(peer)
    if (contact?.pendingKey === undefined && (await this.held.summary(peer)).length === 0) throw new NodeError('BAD_INPUT', `${peer} has no changed key waiting to be accepted or refused`)
    await this.contacts.refusePendingKey(peer)
    return { discarded: await this.held.release(peer, async messages => messages.length) }
  }

  /** Messages held per contact (one contact with `address`) because that contact's identity key changed. */
  async heldMessages (address?: string, options: CallOptions = {}): Promise<HeldSummary[]> {
    throwIfAborted(options.signal)
    return await this.held.summary(address !== undefined ? this.canonical(address) : undefined)
  }

  /** The most recent incoming messages that could not be accepted, oldest first. */
  async rejectedMessages (limit?: number, options: CallOptions = {}): Promise<RejectedMessage[]> {
    throwIfAborted(options.signal)
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
        try {
          // Decoded inside the try: one record that does not decode is rejected, the rest delivered.
          const key = fromHex(m.identityKey)
          if (!constantTimeEqual(key, accepted)) { discarded++; continue }
          const content: Content = { sender: m.sender, senderDevice: m.senderDevice, senderIdentityKey: key, sentAt: m.sentAt, conversation: m.conversation, kind: m.kind, body: fromBase64(m.body) }
          const message = await this.keep(content, m.id, m.path, false)
          if (message !== undefined) delivered.push(message)
        } catch (err: any) {
          // A passing failure leaves everything held (nothing is removed): accepting again retries.
          if (failureKind(err) === 'passing') throw err
          await this.notices.record(m.id, err, m.path, { sender: m.sender, conversation: m.sender })
        }
      }
      await this.receipts.send('delivered', delivered.filter(m => m.direction === 'in'))
      return { delivered, discarded }
    })
  }

  /**
   * The safety number with a contact: for their changed key when one is waiting to be accepted
   * (`pending`: that is the number to compare before accepting it), else for the pinned key
   * (fetched and pinned now if unknown).
   */
  async safetyNumber (address: string, options: CallOptions = {}): Promise<SafetyNumber & { verified: boolean, pending: boolean }> {
    throwIfAborted(options.signal)
    const peer = this.canonical(address)
    let contact = await this.contacts.get(peer)
    if (contact === undefined) {
      await this.bundlesOf(peer, options)
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
  async verifyContact (address: string, digits?: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal)
    const peer = this.canonical(address)
    if (digits === undefined) {
      // Known (pinned now if not): no number to compute, only whether a changed key waits.
      let contact = await this.contacts.get(peer)
      if (contact === undefined) {
        await this.bundlesOf(peer, options)
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
      ...await this.network.candidates(peer, contact !== undefined, options)
    ]
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
  async conversation (peer: string, limit?: number, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.history.conversation(this.canonical(peer), limit)
  }

  /** Stops the libp2p host and closes the store. */
  async close (): Promise<void> {
    // Receipts gathered for direct messages go out first (for a moment at most).
    this.receipts.flushAll()
    await Promise.race([Promise.allSettled([...this.background]), new Promise(resolve => setTimeout(resolve, CLOSE_GRACE_MS))])
    this.closing.abort()
    this.events.close()
    clearTimeout(this.refetchTimer)
    this.outgoing.close()
    // Closing the relay stream first fails its pending requests at once, so nothing waits on them.
    await this.relay.close()
    await Promise.allSettled([...this.background])
    await this.directLinks.close()
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
    // Opening is RSA and signature work on WebCrypto's thread pool: several at once keep it busy.
    // Storing stays in mailbox order.
    const examined = await mapLimit(items, OPEN_CONCURRENCY, async item => await this.examiner.examine(item.envelope, 'relay'))
    const accepted: StoredMessage[] = []
    const done: Uint8Array[] = []
    for (const result of examined) {
      if (result.type === 'retry' || result.type === 'refused') continue
      const settled = await this.settle(result, 'relay')
      if (!settled.acknowledge) continue
      done.push(result.messageId)
      if (settled.message !== undefined) accepted.push(settled.message)
    }
    if (done.length > 0) await this.relay.request({ type: 'ack-mail', messageIds: done }, 'ok')
    if (done.length < items.length) this.refetchLater()
    else this.refetchDelay = REFETCH_MIN_MS
    // Stored and acknowledged: tell each sender their messages arrived.
    await this.receipts.send('delivered', accepted.filter(m => m.direction === 'in'))
    return accepted
  }

  /**
   * Pushed mail is not pushed again: what a passing failure left in the mailbox of a listening
   * node is fetched again after a while (with back-off), not only after the next reconnect.
   */
  private refetchLater (): void {
    if (!this.relay.isListening || this.refetchTimer !== undefined || this.closing.signal.aborted) return
    const delay = this.refetchDelay
    this.refetchDelay = Math.min(delay * 2, REFETCH_MAX_MS)
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = undefined
      // A relay that went away meanwhile is the reconnect loop's business.
      this.inBackground(this.sync().then(() => {}))
    }, delay)
  }

  /** Marks the incoming messages of a conversation read (they were shown; with `only`, just those ids) and tells the sender. */
  async markRead (peer: string, only?: ReadonlySet<string>, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.receipts.markRead(this.canonical(peer), only)
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
            return { acknowledge: true, rejected: await this.notices.record(result.messageIdHex, err, path, this.examiner.knownSender(result.content)) }
          }
        }
        case 'held': {
          const held = await this.held.hold(result.held)
          if (held.outcome === 'full') {
            return { acknowledge: true, rejected: await this.notices.record(result.held.id, 'HELD_FULL', path) }
          } else if (held.outcome === 'held') {
            this.emit({ type: 'held', messageId: result.held.id, address: result.held.sender, count: held.count })
          }
          return { acknowledge: true }
        }
        case 'rejected':
          return { acknowledge: true, rejected: await this.notices.record(toHex(result.messageId), result.error, path, result.sender) }
        default:
          return assertNever(result)
      }
    } catch {
      // Could not be written down: fetched again later, so nothing is lost.
      return { acknowledge: false }
    }
  }

  /**
   * Stores an opened content: a text in history (once), a receipt applied. Undefined when already
   * known or not a text. Throws a final error for a content that cannot be read (a text that is
   * not valid UTF-8, a malformed receipt, a kind this device does not know).
   */
  private async keep (content: Content, messageIdHex: string, path: 'relay' | 'direct' = 'relay', queueReceipt = true): Promise<StoredMessage | undefined> {
    // That device just sent something: it is probably online, so a direct dial is worth a try again.
    this.directLinks.reachable(content.senderDevice)
    switch (content.kind) {
      case 'receipt':
        await this.receipts.apply(content.sender, content.body)
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
    if (queueReceipt && path === 'direct' && message.direction === 'in') this.receipts.queueDelivered(message)
    this.emit({ type: 'message', message })
    return message
  }

  private emit (event: NodeEvent): void {
    this.events.emit(event)
  }

  private requireProfile (): Profile {
    return this.account.requireProfile()
  }

  /** The canonical form of a user's address (lowercase), checked to be reachable from the home relay. */
  private canonical (address: string): string {
    let parsed
    try { parsed = parseAddress(address.trim()) } catch { throw new NodeError('BAD_INPUT', `"${address}" is not an address of the form name@relay`) }
    const canonical = formatAddress(parsed.name, parsed.relay)
    return this.network.reachable(canonical, parsed.relay)
  }

  /**
   * Whether this device delivers directly: `available` once the WebRTC module loaded (loading it
   * is what this checks), else the reason everything goes through the relay.
   */
  async directStatus (options: CallOptions = {}): Promise<{ available: boolean, reason?: string }> {
    throwIfAborted(options.signal)
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
    const { libp2p, directUnavailable } = await startRelayHost(this.peerKey, this.direct)
    this.directUnavailable = directUnavailable
    if (this.direct && directUnavailable === undefined) {
      await libp2p.handle(DIRECT_PROTOCOL, (stream, connection) => { void this.serveDirect(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
    }
    this.libp2p = libp2p
    return libp2p
  }

  /** The direct stream to a device (see DirectLinks.link). */
  private async directLink (peerId: string): Promise<DirectLink> {
    return await this.directLinks.link(peerId)
  }

  /** Tries to hand an envelope to the devices directly (see DirectLinks.send); false leaves the mailbox to the caller. */
  private async sendDirect (devices: string[], envelope: Uint8Array, messageId: Uint8Array, options: { dial?: boolean } = {}): Promise<boolean> {
    return await this.directLinks.send(devices, envelope, messageId, options)
  }

  /** Receives envelopes on a direct stream: opened, checked against the sender's bundles, stored, acknowledged. */
  private async serveDirect (stream: Stream, connection: Connection): Promise<void> {
    // A sender opens the stream to send: its first frame must start at once; later it may idle.
    const deadline = new FrameDeadline()
    deadline.limitWait(true)
    const lp = lpStream(stream, lengthPrefixOptions(MAX_DIRECT_FRAME_BYTES, deadline))
    const remote = connection.remotePeer.toString()
    // That device reached us: our own dials to it may work again too.
    this.directLinks.reachable(remote)
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
    const result = await this.examiner.examine(envelope, 'direct', remotePeer)
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
   * content was verified with): answered from the directory's cached list when it names it, else
   * from a fresh lookup (in LAN mode, from the devices' introductions).
   */
  private async isDeviceOf (user: string, peerId: string, identityKey: Uint8Array): Promise<boolean> {
    return await this.network.isDeviceOf(user, peerId, identityKey)
  }

  /**
   * Tells the home relay (at most once per CONTACT_NOTE_INTERVAL_MS) that this user writes to
   * `peer` by choice, for a text it never saw because it went peer to peer: otherwise `peer`
   * would meet a stranger's mailbox limits the first time this user is offline. Best effort.
   */
  private noteContact (peer: string): void {
    if (!this.network.relayed) return
    const at = this.notedContacts.get(peer)
    if (at !== undefined && Date.now() - at < CONTACT_NOTE_INTERVAL_MS) return
    this.notedContacts.set(peer, Date.now())
    this.inBackground((async () => {
      try {
        await this.relay.request({ type: 'note-contact', user: peer }, 'ok')
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
}

function assertNever (value: never): never {
  throw new RejectedContentError(`this device cannot read a content of this kind (${String(value)})`)
}




/** Whether two renderings of a safety number have the same digits. */
function sameDigits (a: string, b: string): boolean {
  return a.replace(/\D/g, '') === b.replace(/\D/g, '')
}





/**
 * LAN mode's module (TCP, mDNS: Node only), loaded by a specifier bundlers do not follow, so a
 * browser build of this package never pulls it in.
 */
async function loadLanModule (): Promise<typeof import('./lan.js')> {
  const specifier = './lan.js'
  return await import(/* @vite-ignore */ specifier)
}
