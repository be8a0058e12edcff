import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { formatAddress, parseAddress, signBundle, type DeviceBundle, type MailItem, type SafetyNumber, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { Contacts } from './contacts.js'
import { History, type StoredMessage } from './history.js'
import type { RelayClient } from './relay-client.js'
import type { KeyMaterial } from './keystore.js'
import { NodeError } from './errors.js'
import { HeldMessages, type HeldSummary } from './trust/held.js'
import { KeyDecisions } from './trust/key-decisions.js'
import { Rejections, type RejectedMessage } from './inbox/rejections.js'
import { RejectionNotices } from './inbox/rejection-notices.js'
import { Receipts } from './inbox/receipts.js'
import { Examiner } from './inbox/examiner.js'
import { Incoming } from './inbox/incoming.js'
import { MailFetcher } from './inbox/fetcher.js'
import { DeviceCrypto } from './crypto/device-crypto.js'
import { CLOSE_GRACE_MS } from './constants.js'
import { NodeEvents, consoleLogger, type ConnectionState, type Logger, type NodeEvent, type NodeEventMap } from './events.js'
import { RelayConnection, isPassing } from './relay/connection.js'
import { throwIfAborted } from './relay/time.js'
import { startRelayHost } from './relay/host.js'
import { sessionVault } from './device-folder.js'
import { deviceExists, forgetDevice, openDevice, type OpenedDevice } from './device-open.js'
import { Directory } from './trust/directory.js'
import { systemClock, systemRandom, type Components } from './components.js'
import { DeviceAccount, type AccountInfo, type AccountRef, type Profile } from './account/device-account.js'
import type { CallOptions } from './account/keyless.js'
import { Outbox } from './delivery/outbox.js'
import { OutgoingTexts, type SendOptions, type SendWaitingResult } from './delivery/outgoing.js'
import { DirectLinks, relayCircuitRoute } from './delivery/direct-links.js'
import { DirectServer } from './delivery/direct-server.js'
import { Delivery, type SealOptions } from './delivery/delivery.js'
import type { PeerNetwork } from './delivery/network.js'
import type { DirectLink } from './direct-link.js'
import { startLanMode, type LanMode, type LanPeerInfo } from './lan/lan-mode.js'
import { RelayNetwork } from './trust/relay-network.js'
import { PeerHost } from './peer-host.js'
import type { PrivateKey } from '@libp2p/interface'
export type { SendOptions, SendWaitingResult } from './delivery/outgoing.js'
export type { NodeEvent, NodeEventMap, ConnectionState, Logger } from './events.js'
export type { Profile, AccountRef, AccountInfo } from './account/device-account.js'

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

/** The user's peer: keys, contacts, history, and the connection to the home relay. A facade over the services in account/, relay/, trust/, delivery/, inbox/ and lan/. */
export class ParleyNode {
  readonly contacts: Contacts
  readonly history: History
  private readonly store: OpenedDevice['store']
  private readonly keys: KeyMaterial
  private readonly peerKey: PrivateKey
  private readonly direct: boolean
  private readonly closing = new AbortController()
  /** Work started without waiting for it (receipts, contact notes, timed fetches); close() lets it finish. */
  private readonly background = new Set<Promise<void>>()
  /** Set once LAN mode started: its network replaces the relay's. */
  private lan?: LanMode
  private readonly events: NodeEvents
  private readonly peerHost: PeerHost
  /** The stream to the home relay: its state, session and reconnects. */
  private readonly relay: RelayConnection
  /** The home relay's directory and its cache of each user's device list. */
  private readonly directory: Directory
  private readonly relayNetwork: RelayNetwork
  private readonly held: HeldMessages
  private readonly rejections: Rejections
  private readonly receipts: Receipts
  private readonly directLinks: DirectLinks
  private readonly delivery: Delivery
  private readonly incoming: Incoming
  private readonly fetcher: MailFetcher
  private readonly server: DirectServer
  private readonly outgoing: OutgoingTexts
  private readonly account: DeviceAccount
  private readonly keyDecisions: KeyDecisions

  private constructor (device: OpenedDevice, options: ParleyNodeOptions) {
    const { store, material: keys } = device
    this.store = store
    this.keys = keys
    this.peerKey = privateKeyFromProtobuf(keys.peerKey)
    this.direct = options.direct !== false
    const logger = options.logger ?? consoleLogger
    const events = this.events = new NodeEvents(logger)
    const contacts = this.contacts = new Contacts(store)
    const history = this.history = new History(store)
    const track = (work: Promise<void>): void => { this.inBackground(work) }
    this.peerHost = new PeerHost({
      startRelayHost: async () => await startRelayHost(this.peerKey, this.direct),
      prepare: async (libp2p, available) => { if (this.direct && available) await this.server.handle(libp2p) }
    })
    const host = async (): Promise<any> => await this.peerHost.get()
    this.relay = new RelayConnection({ host, events }, {
      home: () => this.account.requireProfile().relay,
      vault: sessionVault(store, device.storageKey),
      onPush: items => { this.fetcher.accept(items).catch(err => { this.emit({ type: 'warning', message: `pushed mail was left for the next fetch: ${err?.message ?? err}` }) }) },
      resume: async () => { await this.relay.session(); await this.sync() }
    })
    const c: Components = { store, clock: systemClock, random: systemRandom, logger, events, host, relay: this.relay, contacts, history }
    this.held = new HeldMessages(store)
    this.rejections = new Rejections(store)
    const crypto = new DeviceCrypto(c, { keys, deviceId: this.peerId })
    this.directory = new Directory({ relay: this.relay, clock: c.clock })
    this.relayNetwork = new RelayNetwork({ ...c, directory: this.directory }, {
      self: () => this.account.profile?.address,
      relayName: () => this.account.requireProfile().relay.name,
      identityKey: keys.identity.publicKey
    })
    const examiner = new Examiner({ ...c, crypto, directory: this.directory, network: () => this.network }, {
      self: () => this.self,
      identityKey: keys.identity.publicKey,
      lookup: async address => await this.bundlesOf(address)
    })
    this.directLinks = new DirectLinks({ ...c, started: () => this.peerHost.started }, relayCircuitRoute({
      home: () => this.account.requireProfile().relay,
      unavailable: () => !this.direct ? 'direct delivery is turned off on this device' : this.peerHost.directUnavailable,
      epoch: () => this.relay.epoch,
      relayOpen: () => this.relay.open
    }))
    this.delivery = new Delivery({ ...c, crypto }, { network: () => this.network, links: this.directLinks, self: () => this.address, deviceId: this.peerId, bundles: async (address, o) => await this.bundlesOf(address, o), track })
    this.receipts = new Receipts(c, { deposit: async (to, body) => await this.deposit(to, 'receipt', body), track, signal: this.closing.signal })
    const notices = new RejectionNotices({ ...c, rejections: this.rejections })
    this.incoming = new Incoming({ ...c, held: this.held, notices, receipts: this.receipts }, { examiner, self: () => this.self, reachable: peerId => { this.directLinks.reachable(peerId) } })
    this.fetcher = new MailFetcher(c, { accept: async items => await this.accept(items), listening: () => this.relay.isListening, refetch: async () => await this.sync(), track, closing: this.closing.signal })
    this.server = new DirectServer({ accept: async (envelope, remote, turn) => await this.acceptDirect(envelope, remote, turn), reachable: peerId => { this.directLinks.reachable(peerId) } })
    this.outgoing = new OutgoingTexts({ ...c, outbox: new Outbox(store.outbox), emit: event => { this.emit(event) } }, {
      self: () => this.address,
      bundles: async (address, o) => await this.bundlesOf(address, o),
      seal: async (to, body, bundles, messageId, sentAt) => await this.sealFor(to, 'text', body, { bundles, messageId, sentAt }),
      deliver: async (to, bundles, sealed, messageId, o) => await this.delivery.deliverText(to, bundles, sealed, messageId, o),
      copyToOwnDevices: async (sealed, messageId) => { await this.delivery.copyToOwnDevices(sealed.content, messageId, sealed.expiresAt) },
      invalidate: address => { this.directory.invalidate(address) },
      listening: () => this.relay.isListening,
      track,
      closing: this.closing.signal
    })
    this.account = new DeviceAccount({ store, relay: this.relay }, { profile: device.profile, allowInsecureHttp: options.allowInsecureHttp === true, publishKeys: async o => await this.publishKeys(o) })
    this.keyDecisions = new KeyDecisions({ ...c, held: this.held, directory: this.directory }, { network: () => this.network, bundles: async (address, o) => await this.bundlesOf(address, o), release: async peer => await this.incoming.release(peer), self: () => this.address, identityKey: keys.identity.publicKey })
    events.on('connection', e => {
      if (e.state.status !== 'connected') return
      // A new way through the relay: every device gets a fresh direct try, and what was written meanwhile goes out, in order.
      this.directLinks.resetBackoff()
      this.outgoing.sendWaitingSoon()
    })
  }

  /** Opens the local store and unlocks the keystore; creates them only as `options.create` allows. */
  static async open (options: ParleyNodeOptions, call: CallOptions = {}): Promise<ParleyNode> {
    const device = await openDevice({ ...options, ...(call.signal !== undefined ? { signal: call.signal } : {}) })
    try {
      return new ParleyNode(device, options)
    } catch (err) {
      await device.store.close()
      throw err
    }
  }

  /** Whether a keystore exists in `dataDir` (a device was set up there), without unlocking it or changing the folder. */
  static async exists (dataDir: string, options: CallOptions = {}): Promise<boolean> { return await deviceExists(dataDir, options.signal) }

  /**
   * Erases this device's local state in `dataDir`: keystore, session, contacts, history. The
   * account on the relay is untouched; logging in again gives the device new keys.
   */
  static async forget (dataDir: string, options: CallOptions = {}): Promise<void> { await forgetDevice(dataDir, options.signal) }

  /** This device's PeerId. */
  get peerId (): string { return this.peerKey.publicKey.toString() }

  /** The identity public key. */
  get identityKey (): Uint8Array { return this.keys.identity.publicKey }

  /** The profile, once registered. */
  get profile (): Profile | undefined { return this.account.profile }

  /** The user's address: `name@lan` in LAN mode, else the registered `name@relay`. */
  get address (): string { return this.network.address ?? this.account.requireProfile().address }

  /** The address messages are sent from: the LAN name in LAN mode, else the registered one. */
  private get self (): string | undefined { return this.network.address ?? this.account.profile?.address }

  /** Where users' devices are learnt and undelivered mail goes: chosen once, LAN mode's or the home relay's. */
  private get network (): PeerNetwork { return this.lan?.network ?? this.relayNetwork }

  /**
   * Starts LAN mode: no relay and no directory. The node listens on TCP and WebSockets, finds other
   * Parley devices on the network by mDNS, and introduces itself to them as `name@lan` with a
   * signed bundle bound to its PeerId. Messages go only over direct connections. Names are claims:
   * a contact is pinned on first sight and only a compared safety number proves who it is.
   */
  async startLan (options: { name: string, listen?: string[], signal?: AbortSignal }): Promise<void> {
    throwIfAborted(options.signal)
    if (this.lan !== undefined) throw new NodeError('BAD_INPUT', 'LAN mode is already on')
    this.lan = await startLanMode({ host: this.peerHost, links: this.directLinks, server: this.server, contacts: this.contacts, events: this.events, peerKey: this.peerKey, keys: this.keys }, options)
  }

  /** The addresses this node listens on (LAN mode: where others on the network reach it). */
  listenAddresses (): string[] { return this.peerHost.listenAddresses() }

  /** LAN mode: the devices met on this network, with what this device knows of each. */
  async lanPeers (options: CallOptions = {}): Promise<LanPeerInfo[]> {
    throwIfAborted(options.signal)
    return await this.lan?.peers() ?? []
  }

  /** Subscribes to every event (incoming messages, connection changes...); returns the unsubscribe function. */
  on (listener: (event: NodeEvent) => void): () => void
  /** Subscribes to events of one type, e.g. `on('message', e => ...)`; returns the unsubscribe function. */
  on<K extends keyof NodeEventMap> (type: K, listener: (event: NodeEventMap[K]) => void): () => void
  on (typeOrListener: any, listener?: any): () => void { return this.events.on(typeOrListener, listener) }

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
    throwIfAborted(options.signal)
    const bundle = { user: this.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }
    const signed = signBundle(bundle, this.keys.identity.privateKey)
    await this.relay.request({ type: 'publish-bundle', signedBundle: signed }, 'ok', options)
    return { version: 1, ...bundle }
  }

  /** Connects to the home relay and authenticates with the stored session. */
  async connect (options: CallOptions = {}): Promise<RelayClient> { return await this.relay.session(options.signal) }

  /** Fetches, verifies and pins a user's device bundles (trust on first use). */
  async lookup (to: string, options: CallOptions = {}): Promise<DeviceBundle[]> {
    throwIfAborted(options.signal)
    const address = this.canonical(to)
    // Asked for by the person (a new conversation, a check): the directory's answer now, not a remembered one.
    this.directory.invalidate(address)
    return await this.network.lookup(address, options)
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
  async waitingMessages (options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.outgoing.waiting()
  }

  /**
   * Sends what waits in the outbox, oldest first, each under the id it was written with (so a
   * send repeated after a crash reaches the recipient once). A message that cannot go for a
   * passing reason waits on (and the later ones to the same person behind it); one that can
   * never go (no such person, a changed key) fails with its reason, for the person to retry.
   */
  async sendWaiting (options: CallOptions = {}): Promise<SendWaitingResult> {
    throwIfAborted(options.signal)
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

  /** Drains the mailbox: fetches every waiting envelope, decrypts, stores, then acknowledges. Returns the new messages in order. */
  async sync (options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    // What waits in the outbox goes out meanwhile; a failure there is the outbox's, not the fetch's.
    const sending = this.sendWaiting(options).catch(err => { this.emit({ type: 'warning', message: `waiting messages were not sent yet: ${err?.message ?? err}` }) })
    try {
      return await this.fetcher.fetchAll(options)
    } finally {
      await sending
    }
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
    throwIfAborted(options.signal)
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
    return await this.keyDecisions.trust(this.canonical(address), digits)
  }

  /**
   * Refuses the changed identity key of a contact: the pinned key stays, and every message held
   * from them is discarded. A later message under the refused key is held again.
   */
  async refuseKey (address: string, options: CallOptions = {}): Promise<{ discarded: number }> {
    throwIfAborted(options.signal)
    return await this.keyDecisions.refuseKey(this.canonical(address))
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

  /**
   * The safety number with a contact: for their changed key when one is waiting to be accepted
   * (`pending`: that is the number to compare before accepting it), else for the pinned key
   * (fetched and pinned now if unknown).
   */
  async safetyNumber (address: string, options: CallOptions = {}): Promise<SafetyNumber & { verified: boolean, pending: boolean }> {
    throwIfAborted(options.signal)
    return await this.keyDecisions.safetyNumber(this.canonical(address), options)
  }

  /**
   * Marks a contact verified after the user compared safety numbers. With `digits`, only if they
   * match: the pinned key's number, a changed key's (which is then accepted), or in LAN mode the
   * number of any device claiming the name (whose key is then pinned: how to pick the right one
   * when several claim it). Without digits, the pinned key is marked, unless a changed key waits.
   */
  async verifyContact (address: string, digits?: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal)
    await this.keyDecisions.verifyContact(this.canonical(address), digits, options)
  }

  /** The conversation with `peer`, oldest first. */
  async conversation (peer: string, limit?: number, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.history.conversation(this.canonical(peer), limit)
  }

  /** Marks the incoming messages of a conversation read (they were shown; with `only`, just those ids) and tells the sender. */
  async markRead (peer: string, only?: ReadonlySet<string>, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.receipts.markRead(this.canonical(peer), only)
  }

  /**
   * Whether this device delivers directly: `available` once the WebRTC module loaded (loading it
   * is what this checks), else the reason everything goes through the relay.
   */
  async directStatus (options: CallOptions = {}): Promise<{ available: boolean, reason?: string }> {
    throwIfAborted(options.signal)
    if (!this.direct) return { available: false, reason: 'direct delivery is turned off on this device' }
    await this.peerHost.get()
    const reason = this.peerHost.directUnavailable
    return reason === undefined ? { available: true } : { available: false, reason }
  }

  /** Whether this device can be reached directly right now: it holds a reservation on its relay. */
  get directlyReachable (): boolean {
    return this.peerHost.started?.getMultiaddrs().some(a => a.toString().includes('/p2p-circuit/webrtc')) === true
  }

  /** Stops the libp2p host and closes the store. */
  async close (): Promise<void> {
    // Receipts gathered for direct messages go out first (for a moment at most).
    this.receipts.flushAll()
    await Promise.race([Promise.allSettled([...this.background]), new Promise(resolve => setTimeout(resolve, CLOSE_GRACE_MS))])
    this.closing.abort()
    this.events.close()
    this.fetcher.close()
    this.outgoing.close()
    // Closing the relay stream first fails its pending requests at once, so nothing waits on them.
    await this.relay.close()
    await Promise.allSettled([...this.background])
    await this.directLinks.close()
    await this.peerHost.stop()
    await this.incoming.idle()
    await this.store.close()
  }

  // The members below are the seams the wiring goes through (and tests reach in to, to watch or fake a step).

  /** Takes in one page of mail (pushed or fetched). */
  private async accept (items: MailItem[]): ReturnType<Incoming['acceptPage']> { return await this.incoming.acceptPage(items) }

  /** Takes in one envelope from a direct stream; '' when kept or held, else why not. */
  private async acceptDirect (envelope: Uint8Array, remotePeer: string, turn?: Promise<void>): Promise<string> { return await this.incoming.acceptDirect(envelope, remotePeer, turn) }

  /** Seals `body` as a `kind` content for `to` and sends it (open direct links, else the mailbox). */
  private async deposit (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: SealOptions = {}): ReturnType<Delivery['deposit']> { return await this.delivery.deposit(to, kind, body, options) }

  /** Seals `body` as a `kind` content for every device of `to`. */
  private async sealFor (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: SealOptions = {}): ReturnType<Delivery['seal']> { return await this.delivery.seal(to, kind, body, options) }

  /** Tries to hand an envelope to the devices directly (see DirectLinks.send). */
  private async sendDirect (devices: string[], envelope: Uint8Array, messageId: Uint8Array, options: { dial?: boolean } = {}): Promise<boolean> { return await this.directLinks.send(devices, envelope, messageId, options) }

  /** The direct stream to a device (see DirectLinks.link). */
  private async directLink (peerId: string): Promise<DirectLink> { return await this.directLinks.link(peerId) }

  /** The started host, open direct streams and dials under way, and the relay stream (for diagnostics and tests). */
  private get libp2p (): PeerHost['started'] { return this.peerHost.started }
  private get links (): Map<string, DirectLink> { return this.directLinks.links }
  private get dials (): Map<string, Promise<DirectLink>> { return this.directLinks.dials }
  private get client (): RelayClient | undefined { return this.relay.current }

  /** A user's verified device bundles for sending and checking: the directory's cached list while it holds. */
  private async bundlesOf (to: string, options: CallOptions = {}): Promise<DeviceBundle[]> {
    throwIfAborted(options.signal)
    return await this.network.lookup(this.canonical(to), options)
  }

  /** The canonical form of a user's address (lowercase), checked to be reachable from the home relay. */
  private canonical (address: string): string {
    let parsed
    try { parsed = parseAddress(address.trim()) } catch { throw new NodeError('BAD_INPUT', `"${address}" is not an address of the form name@relay`) }
    return this.network.reachable(formatAddress(parsed.name, parsed.relay), parsed.relay)
  }

  private emit (event: NodeEvent): void { this.events.emit(event) }

  private inBackground (work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.background.delete(tracked))
    this.background.add(tracked)
  }
}
