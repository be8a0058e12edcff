import { signBundle, toBase64, type DeviceBundle, type MailItem, type SafetyNumber, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import type { Contacts } from './contacts.js'
import type { History, StoredMessage } from './history.js'
import type { RelayClient } from './relay-client.js'
import type { KeyMaterial } from './keystore.js'
import type { HeldSummary } from './trust/held.js'
import type { RejectedMessage } from './inbox/rejections.js'
import type { Incoming } from './inbox/incoming.js'
import { CLOSE_GRACE_MS } from './constants.js'
import type { ConnectionState, NodeEvent, NodeEventMap } from './events.js'
import { isPassing } from './relay/connection.js'
import { throwIfAborted } from './relay/time.js'
import { deviceExists, forgetDevice, openDevice, type OpenedDevice } from './device-open.js'
import { buildNodeServices, type NodeServices, type ParleyNodeOptions } from './node-services.js'
import type { AccountInfo, AccountRef, Profile } from './account/device-account.js'
import type { CallOptions } from './account/keyless.js'
import type { SendOptions, SendWaitingResult } from './delivery/outgoing.js'
import type { Delivery, SealOptions } from './delivery/delivery.js'
import type { DirectLink } from './direct-link.js'
import type { LanPeerInfo } from './lan/lan-mode.js'
import type { PeerHost } from './peer-host.js'
import { NodeError } from './errors.js'
import type { FileSink, FileSource, TransferOptions } from './files/transfers.js'
import type { StoredAttachment } from './files/attachment.js'
import type { PersonProfile, ProfileChange } from './profiles/profiles.js'
export type { PersonProfile, ProfileChange } from './profiles/profiles.js'
export type { SendOptions, SendWaitingResult } from './delivery/outgoing.js'
export type { NodeEvent, NodeEventMap, ConnectionState, Logger } from './events.js'
export type { Profile, AccountRef, AccountInfo } from './account/device-account.js'
export type { ParleyNodeOptions } from './node-services.js'

/** The user's peer: keys, contacts, history, and the connection to the home relay. A facade over the services in account/, relay/, trust/, delivery/, inbox/ and lan/. */
export class ParleyNode {
  readonly contacts: Contacts
  readonly history: History
  private readonly store: OpenedDevice['store']
  private readonly keys: KeyMaterial
  /** The services, wired once (node-services.ts). */
  private readonly s: NodeServices

  private constructor (device: OpenedDevice, options: ParleyNodeOptions) {
    this.store = device.store
    this.keys = device.material
    // Through the facade's members, so a test can watch or replace a step on a running node.
    this.s = buildNodeServices(device, options, {
      accept: async items => await this.accept(items),
      acceptDirect: async (envelope, remote, turn) => await this.acceptDirect(envelope, remote, turn),
      deposit: async (to, kind, body, o) => await this.deposit(to, kind, body, o),
      sync: async () => await this.sync(),
      publishKeys: async o => await this.publishKeys(o)
    })
    this.contacts = this.s.components.contacts
    this.history = this.s.components.history
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
  get peerId (): string { return this.s.peerKey.publicKey.toString() }

  /** The identity public key. */
  get identityKey (): Uint8Array { return this.keys.identity.publicKey }

  /** The profile, once registered. */
  get profile (): Profile | undefined { return this.s.account.profile }

  /** The user's address: `name@lan` in LAN mode, else the registered `name@relay`. */
  get address (): string { return this.s.address() }

  /**
   * Starts LAN mode: no relay and no directory. The node listens on TCP and WebSockets, finds other
   * Parley devices on the network by mDNS, and introduces itself to them as `name@lan` with a
   * signed bundle bound to its PeerId. Messages go only over direct connections. Names are claims:
   * a contact is pinned on first sight and only a compared safety number proves who it is.
   */
  async startLan (options: { name: string, listen?: string[], signal?: AbortSignal }): Promise<void> {
    throwIfAborted(options.signal)
    await this.s.startLan(options)
  }

  /** The addresses this node listens on (LAN mode: where others on the network reach it). */
  listenAddresses (): string[] { return this.s.host.listenAddresses() }

  /** LAN mode: the devices met on this network, with what this device knows of each. */
  async lanPeers (options: CallOptions = {}): Promise<LanPeerInfo[]> {
    throwIfAborted(options.signal)
    return await this.s.lan()?.peers() ?? []
  }

  /** Subscribes to every event (incoming messages, connection changes...); returns the unsubscribe function. */
  on (listener: (event: NodeEvent) => void): () => void
  /** Subscribes to events of one type, e.g. `on('message', e => ...)`; returns the unsubscribe function. */
  on<K extends keyof NodeEventMap> (type: K, listener: (event: NodeEventMap[K]) => void): () => void
  on (typeOrListener: any, listener?: any): () => void { return this.s.events.on(typeOrListener, listener) }

  /** Where the connection to the home relay stands. */
  get connectionState (): ConnectionState { return this.s.relay.state }

  /** Creates an account on the relay at `relayUrl`; the relay mails a verification code. */
  async register (opts: { relayUrl: string, name: string, email: string, password: string }, options: CallOptions = {}): Promise<Profile> {
    return await this.accountFor(options).register(opts, options)
  }
  /** Confirms the emailed code. */
  async verify (code: string, options: CallOptions = {}): Promise<void> { await this.accountFor(options).verify(code, options) }
  /** Asks the relay to mail a new verification code. */
  async resendCode (options: CallOptions = {}): Promise<void> { await this.accountFor(options).resendCode(options) }
  /** Logs in (the session is bound to this device's PeerId), stores the session and publishes this device's keys. */
  async login (password: string, opts: { account?: AccountRef, secondFactor?: SecondFactorInput } = {}, options: CallOptions = {}): Promise<{ expiresAt: number }> {
    return await this.accountFor(options).login(password, opts, options)
  }
  /** Ends the session on the relay and forgets it locally (also when the relay cannot be reached). */
  async logout (options: CallOptions = {}): Promise<void> { await this.accountFor(options).logout(options) }
  /** Starts TOTP enrolment: an otpauth:// URI (show it as a QR code) and the secret for manual entry. */
  async enrolTotp (options: CallOptions = {}): Promise<{ uri: string, secret: string }> { return await this.accountFor(options).enrolTotp(options) }
  /** Turns two-factor login on with a current code; returns the ten recovery codes (shown once). */
  async confirmTotp (code: string, options: CallOptions = {}): Promise<string[]> { return await this.accountFor(options).confirmTotp(code, options) }
  /** Turns two-factor login off (needs a current code or a recovery code). */
  async disableTotp (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<void> { await this.accountFor(options).disableTotp(secondFactor, options) }
  /** Replaces the recovery codes (needs a current code or a recovery code); the old ones stop working. */
  async regenerateRecoveryCodes (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<string[]> { return await this.accountFor(options).regenerateRecoveryCodes(secondFactor, options) }
  /** The account's sessions (one per logged-in device). */
  async sessions (options: CallOptions = {}): Promise<SessionInfo[]> { return await this.accountFor(options).sessions(options) }
  /** Ends sessions by id, all of them, or all but this device's. */
  async revokeSessions (which: { ids?: string[], all?: boolean, others?: boolean }, options: CallOptions = {}): Promise<void> { await this.accountFor(options).revokeSessions(which, options) }
  /** Starts an email change: the relay mails a code to the new address. */
  async changeEmail (email: string, options: CallOptions = {}): Promise<void> { await this.accountFor(options).changeEmail(email, options) }
  /** Confirms the new address with its code. */
  async confirmEmail (code: string, options: CallOptions = {}): Promise<void> { await this.accountFor(options).confirmEmail(code, options) }
  /** What the relay knows of the account. */
  async accountInfo (options: CallOptions = {}): Promise<AccountInfo> { return await this.accountFor(options).accountInfo(options) }
  /** Asks for a password reset code by mail (works without a session; the answer never says whether the name exists). */
  async requestPasswordReset (account?: AccountRef, options: CallOptions = {}): Promise<void> { await this.accountFor(options).requestPasswordReset(account, options) }
  /** Sets a new password with the mailed code; every session of the account ends, this device's too. */
  async resetPassword (code: string, newPassword: string, account?: AccountRef, options: CallOptions = {}): Promise<void> { await this.accountFor(options).resetPassword(code, newPassword, account, options) }
  /** Deletes the account on the relay (its keys and waiting mail too) and forgets it on this device. */
  async deleteAccount (password: string, secondFactor?: SecondFactorInput, options: CallOptions = {}): Promise<void> { await this.accountFor(options).deleteAccount(password, secondFactor, options) }

  /** Signs and publishes this device's bundle in the relay's directory. */
  async publishKeys (options: CallOptions = {}): Promise<DeviceBundle> {
    throwIfAborted(options.signal)
    const bundle = { user: this.address, identityKey: this.keys.identity.publicKey, peerId: this.peerId, rsaPublicKey: this.keys.rsa.publicKey, createdAt: Date.now() }
    const signed = signBundle(bundle, this.keys.identity.privateKey)
    await this.s.relay.request({ type: 'publish-bundle', signedBundle: signed }, 'ok', options)
    return { version: 1, ...bundle }
  }

  /** Connects to the home relay and authenticates with the stored session. */
  async connect (options: CallOptions = {}): Promise<RelayClient> {
    throwIfAborted(options.signal)
    return await this.s.relay.session(options.signal)
  }

  /** Fetches, verifies and pins a user's device bundles (trust on first use). */
  async lookup (to: string, options: CallOptions = {}): Promise<DeviceBundle[]> {
    throwIfAborted(options.signal)
    const address = this.s.canonical(to)
    // Asked for by the person (a new conversation, a check): the directory's answer now, not a remembered one.
    this.s.directory.invalidate(address)
    return await this.s.network().lookup(address, options)
  }

  /**
   * Encrypts a text to every device of `to` and delivers it (directly, or to their mailbox); resolves
   * once it went. With `queue`, a text that cannot go now (no relay, a busy one) waits on the device,
   * behind any others to that person, and goes in order once it can (see `sendWaiting`).
   */
  async send (recipient: string, text: string, options: SendOptions = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    const to = this.s.canonical(recipient)
    return await this.s.withProfile(to, async () => await this.s.outgoing.send(to, text, options))
  }

  /**
   * Sends a file, photo, video or voice message to a person (an address) or a group (`group:` and
   * its id, or an id prefix): sealed on this device chunk by chunk, uploaded once to the home relay
   * (resumed after a broken connection), then named in an ordinary end-to-end encrypted message
   * that carries its key. `text` is the caption; `preview` what shows it before it is fetched.
   */
  async sendFile (to: string, source: FileSource, options: TransferOptions & { text?: string, preview?: FilePreview } = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    const group = to.startsWith('group:') || !to.includes('@') ? await this.s.groups.resolve(to) : undefined
    const recipient = group === undefined ? this.s.canonical(to) : undefined
    const uploaded = await this.s.files.upload(source, { ...options, ...(recipient !== undefined ? await this.s.directPush(recipient) : {}) })
    const attachment: StoredAttachment = { ...uploaded, ...withPreview(options.preview) }
    const text = options.text ?? ''
    const call = options.signal !== undefined ? { signal: options.signal } : {}
    if (group !== undefined) return await this.s.groups.send(group, text, { ...call, attachment })
    return await this.s.withProfile(recipient as string, async () => await this.s.outgoing.send(recipient as string, text, { ...call, attachment }))
  }

  /**
   * Sets this user's display name and picture (a JPEG, PNG or WebP of at most 256 KiB; leave one
   * out to clear it): sealed on this device, kept on the home relay as an opaque blob, and its key
   * sent end to end to every contact and group (and to anyone new before the first message).
   */
  async setProfile (change: ProfileChange, options: CallOptions = {}): Promise<PersonProfile> {
    throwIfAborted(options.signal)
    return await this.s.profiles.set(change, options)
  }

  /** This user's display name and picture, once set. */
  async myProfile (options: CallOptions = {}): Promise<PersonProfile | undefined> {
    throwIfAborted(options.signal)
    return await this.s.profiles.mine()
  }

  /** A person's display name and picture, once they sent them. */
  async profileOf (address: string, options: CallOptions = {}): Promise<PersonProfile | undefined> {
    throwIfAborted(options.signal)
    return await this.s.profiles.of(this.s.canonical(address))
  }

  /** Every profile this device holds, this user's first. */
  async profiles (options: CallOptions = {}): Promise<PersonProfile[]> {
    throwIfAborted(options.signal)
    return await this.s.profiles.all()
  }

  /**
   * Fetches the attachment of a stored message into `sink`, checked chunk by chunk against what
   * the message says (resumed after a broken connection); the sink is closed once the whole file
   * is checked, else aborted. BAD_INPUT for a message without one.
   */
  async getFile (messageId: string, sink: FileSink, options: TransferOptions = {}): Promise<StoredAttachment> {
    throwIfAborted(options.signal)
    const message = await this.history.get(messageId)
    if (message?.attachment === undefined) throw new NodeError('BAD_INPUT', `no message with a file has the id ${messageId}`)
    // Only a 1:1 file from its sender can have come over a direct connection, and only that sender's push is read for it.
    const pushedBy = message.direction === 'in' && !message.conversation.startsWith('group:') ? message.sender : undefined
    await this.s.files.download(message.attachment, sink, { ...options, ...(pushedBy !== undefined ? { pushedBy } : {}) })
    return message.attachment
  }

  /** The messages waiting in the outbox, oldest first. */
  async waitingMessages (options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    return await this.s.outgoing.waiting()
  }

  /**
   * Sends what waits in the outbox, oldest first, under the ids they were written with (a send repeated
   * after a crash arrives once); runs by itself whenever the relay comes back. A passing failure waits on
   * (the later ones to that person behind it); one that can never go fails with its reason, for `retry`.
   */
  async sendWaiting (options: CallOptions = {}): Promise<SendWaitingResult> {
    throwIfAborted(options.signal)
    return await this.s.outgoing.sendWaiting(options)
  }

  /**
   * Sends a message that failed again, under the same id (a relay that did store it the first time
   * takes it as a duplicate, and the recipient keeps it once). A waiting message goes with the
   * rest of the outbox, in order.
   */
  async retry (id: string, options: CallOptions = {}): Promise<StoredMessage> {
    throwIfAborted(options.signal)
    return await this.s.outgoing.retry(id, options)
  }

  /** Drains the mailbox: fetches every waiting envelope, decrypts, stores, then acknowledges. Returns the new messages in order. */
  async sync (options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    // What waits in the outbox goes out meanwhile; a failure there is the outbox's, not the fetch's.
    const sending = this.sendWaiting(options).catch(err => { this.s.events.emit({ type: 'warning', message: `waiting messages were not sent yet: ${err?.message ?? err}` }) })
    try {
      const messages = await this.s.fetcher.fetchAll(options)
      // 1:1 mail first: the sender keys and invitations the group logs need come that way.
      if (this.s.network().relayed) await this.s.groups.fetchAll()
      return messages
    } finally {
      await sending
    }
  }

  /**
   * Goes live: waiting mail is drained, then the relay pushes new mail as it arrives. The node stays
   * online by itself (reconnects with back-off, logs in again, drains, emits `connected`) until a
   * refusal no retry can fix (a revoked session) emits `offline`. Resolves true once connected and
   * drained, false when the relay cannot be reached now (it keeps trying); a refusal is thrown.
   */
  async listen (options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal)
    await this.s.relay.subscribe()
    try {
      await this.s.relay.session(options.signal)
      await this.sync(options)
      return true
    } catch (err) {
      if (!isPassing(err)) {
        this.s.relay.unsubscribe()
        throw err
      }
      this.s.relay.keepOnline()
      return false
    }
  }

  /**
   * Accepts the pending (changed) identity key of a contact (with `digits`, only if they are its safety
   * number; the contact is then verified too). What was held from them is delivered in order and
   * receipted, except what is signed under another key, which is discarded.
   */
  async trust (address: string, digits?: string, options: CallOptions = {}): Promise<{ delivered: StoredMessage[], discarded: number }> {
    throwIfAborted(options.signal)
    return await this.s.decisions.trust(this.s.canonical(address), digits)
  }

  /**
   * Refuses the changed identity key of a contact: the pinned key stays, and every message held
   * from them is discarded. A later message under the refused key is held again.
   */
  async refuseKey (address: string, options: CallOptions = {}): Promise<{ discarded: number }> {
    throwIfAborted(options.signal)
    return await this.s.decisions.refuseKey(this.s.canonical(address))
  }

  /** Messages held per contact (one contact with `address`) because that contact's identity key changed. */
  async heldMessages (address?: string, options: CallOptions = {}): Promise<HeldSummary[]> {
    throwIfAborted(options.signal)
    return await this.s.held.summary(address !== undefined ? this.s.canonical(address) : undefined)
  }

  /** The most recent incoming messages that could not be accepted, oldest first. */
  async rejectedMessages (limit?: number, options: CallOptions = {}): Promise<RejectedMessage[]> {
    throwIfAborted(options.signal)
    return await this.s.rejections.list(limit)
  }

  /**
   * The safety number with a contact: for their changed key when one is waiting to be accepted
   * (`pending`: that is the number to compare before accepting it), else for the pinned key
   * (fetched and pinned now if unknown).
   */
  async safetyNumber (address: string, options: CallOptions = {}): Promise<SafetyNumber & { verified: boolean, pending: boolean }> {
    throwIfAborted(options.signal)
    return await this.s.decisions.safetyNumber(this.s.canonical(address), options)
  }

  /**
   * Marks a contact verified after the user compared safety numbers. With `digits`, only if they match
   * the pinned key's, a changed key's (then accepted) or, in LAN mode, any device claiming the name
   * (whose key is then pinned). Without digits, the pinned key is marked, unless a changed key waits.
   */
  async verifyContact (address: string, digits?: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal)
    await this.s.decisions.verifyContact(this.s.canonical(address), digits, options)
  }

  /**
   * Group chats: create, invite, accept, decline, leave, remove, make admin, rename, send, list,
   * info, receipts and read marks (see Groups). A group is named by its id, an id prefix of 8 or
   * more hex digits, or its conversation id (`group:` and the id).
   */
  get groups (): NodeServices['groups'] { return this.s.groups }

  /** The conversation with `peer` (an address, or a group's conversation id), oldest first. */
  async conversation (peer: string, limit?: number, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    if (peer.startsWith('group:')) return await this.history.conversation(`group:${await this.s.groups.resolve(peer)}`, limit)
    return await this.history.conversation(this.s.canonical(peer), limit)
  }

  /** Marks the incoming messages of a conversation read (they were shown; with `only`, just those ids) and tells the sender. */
  async markRead (peer: string, only?: ReadonlySet<string>, options: CallOptions = {}): Promise<StoredMessage[]> {
    throwIfAborted(options.signal)
    if (peer.startsWith('group:')) return await this.s.groups.markRead(peer)
    return await this.s.receipts.markRead(this.s.canonical(peer), only)
  }

  /**
   * Whether this device delivers directly: `available` once the WebRTC module loaded (loading it
   * is what this checks), else the reason everything goes through the relay.
   */
  async directStatus (options: CallOptions = {}): Promise<{ available: boolean, reason?: string }> {
    throwIfAborted(options.signal)
    if (!this.s.direct) return { available: false, reason: 'direct delivery is turned off on this device' }
    await this.s.host.get()
    const reason = this.s.host.directUnavailable
    return reason === undefined ? { available: true } : { available: false, reason }
  }

  /** Whether this device can be reached directly right now: it holds a reservation on its relay. */
  get directlyReachable (): boolean {
    return this.s.host.started?.getMultiaddrs().some(a => a.toString().includes('/p2p-circuit/webrtc')) === true
  }

  /** Stops the libp2p host and closes the store. */
  async close (): Promise<void> {
    // Receipts gathered for direct messages go out first (for a moment at most).
    const s = this.s
    s.receipts.flushAll()
    await Promise.race([Promise.allSettled([...s.background]), new Promise(resolve => setTimeout(resolve, CLOSE_GRACE_MS))])
    s.closing.abort()
    s.events.close()
    s.fetcher.close()
    s.outgoing.close()
    // Closing the relay stream first fails its pending requests at once, so nothing waits on them.
    await s.relay.close()
    await Promise.allSettled([...s.background])
    await s.links.close()
    await s.host.stop()
    await s.incoming.idle()
    await this.store.close()
  }

  // The members below are the seams the wiring goes through (and tests reach in to, to watch or fake a step).

  /** Takes in one page of mail (pushed or fetched). */
  private async accept (items: MailItem[]): ReturnType<Incoming['acceptPage']> { return await this.s.incoming.acceptPage(items) }

  /** Takes in one envelope from a direct stream; '' when kept or held, else why not. */
  private async acceptDirect (envelope: Uint8Array, remotePeer: string, turn?: Promise<void>): Promise<string> { return await this.s.incoming.acceptDirect(envelope, remotePeer, turn) }

  /** Seals `body` as a `kind` content for `to` and sends it (open direct links, else the mailbox). */
  private async deposit (to: string, kind: 'text' | 'receipt' | 'profile', body: Uint8Array, options: SealOptions = {}): ReturnType<Delivery['deposit']> { return await this.s.delivery.deposit(to, kind, body, options) }

  /** Seals `body` as a `kind` content for every device of `to`. */
  private async sealFor (to: string, kind: 'text' | 'receipt', body: Uint8Array, options: SealOptions = {}): ReturnType<Delivery['seal']> { return await this.s.delivery.seal(to, kind, body, options) }

  /** Tries to hand an envelope to the devices directly (see DirectLinks.send). */
  private async sendDirect (devices: string[], envelope: Uint8Array, messageId: Uint8Array, options: { dial?: boolean } = {}): Promise<boolean> { return await this.s.links.send(devices, envelope, messageId, options) }

  /** The direct stream to a device (see DirectLinks.link). */
  private async directLink (peerId: string): Promise<DirectLink> { return await this.s.links.link(peerId) }

  /** The account service, once `options.signal` is known not to have fired. */
  private accountFor (options: CallOptions): NodeServices['account'] {
    throwIfAborted(options.signal)
    return this.s.account
  }

  /** The started host, open direct streams and dials under way, and the relay stream (for diagnostics and tests). */
  private get libp2p (): PeerHost['started'] { return this.s.host.started }
  private get links (): Map<string, DirectLink> { return this.s.links.links }
  private get dials (): Map<string, Promise<DirectLink>> { return this.s.links.dials }
  private get client (): RelayClient | undefined { return this.s.relay.current }
}

/** What shows a file before it is fetched: a small image, its size in pixels, its length, whether it is a voice message. */
export interface FilePreview {
  thumbnail?: { bytes: Uint8Array, type: 'image/jpeg' | 'image/png' | 'image/webp' }
  width?: number
  height?: number
  durationMs?: number
  voice?: boolean
}

function withPreview (preview: FilePreview | undefined): Partial<StoredAttachment> {
  if (preview === undefined) return {}
  return {
    ...(preview.thumbnail !== undefined ? { thumbnail: { data: toBase64(preview.thumbnail.bytes), type: preview.thumbnail.type } } : {}),
    ...(preview.width !== undefined ? { width: preview.width } : {}),
    ...(preview.height !== undefined ? { height: preview.height } : {}),
    ...(preview.durationMs !== undefined ? { durationMs: preview.durationMs } : {}),
    ...(preview.voice === true ? { voice: true } : {})
  }
}
