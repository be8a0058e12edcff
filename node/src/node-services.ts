/**
 * The node's services, built once from one Components object and wired to each other through
 * their seams; ParleyNode is the facade over them. The choice of network (the home relay's, or
 * LAN mode's once it started) is made here, once, and every service asks it through `network()`.
 */
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { createEd25519, formatAddress, parseAddress, toHex, type DeviceBundle, type MailItem } from '@parley/protocol'
import { Contacts } from './contacts.js'
import { History } from './history.js'
import { NodeError } from './errors.js'
import { HeldMessages } from './trust/held.js'
import { KeyDecisions } from './trust/key-decisions.js'
import { Directory } from './trust/directory.js'
import { RelayNetwork } from './trust/relay-network.js'
import { Rejections } from './inbox/rejections.js'
import { RejectionNotices } from './inbox/rejection-notices.js'
import { Receipts } from './inbox/receipts.js'
import { Examiner } from './inbox/examiner.js'
import { Incoming, type AcceptedPage } from './inbox/incoming.js'
import { MailFetcher } from './inbox/fetcher.js'
import { DeviceCrypto } from './crypto/device-crypto.js'
import { NodeEvents, consoleLogger, type Logger } from './events.js'
import { RelayConnection } from './relay/connection.js'
import { startRelayHost } from './relay/host.js'
import { throwIfAborted } from './relay/time.js'
import { sessionVault } from './device-folder.js'
import { systemClock, systemRandom, type Components } from './components.js'
import { DeviceAccount } from './account/device-account.js'
import type { CallOptions } from './account/keyless.js'
import { Outbox } from './delivery/outbox.js'
import { OutgoingTexts } from './delivery/outgoing.js'
import { DirectLinks, relayCircuitRoute } from './delivery/direct-links.js'
import { DirectServer } from './delivery/direct-server.js'
import { Delivery, type SealOptions } from './delivery/delivery.js'
import type { PeerNetwork } from './delivery/network.js'
import { startLanMode, type LanMode } from './lan/lan-mode.js'
import { PeerHost } from './peer-host.js'
import { BlobLink } from './files/blob-link.js'
import { FileTransfers, type DirectPush } from './files/transfers.js'
import { DirectFiles, type BlobFolder } from './files/direct-files.js'
import { runsInNode } from './node-store.js'
import { Groups } from './groups/groups.js'
import { Profiles } from './profiles/profiles.js'
import type { OpenedDevice } from './device-open.js'
import type { PrivateKey } from '@libp2p/interface'

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
  /**
   * Where files that come over a direct connection are kept until a message names them: by
   * default a folder beside the device's store in Node, and none elsewhere (the web client passes
   * one in the browser's file storage). Without one, senders go through the relay.
   */
  blobFolder?: BlobFolder
  /** Where failures nobody else can be told of go (a listener that threw with no 'error' listener); the console by default. */
  logger?: Logger
}

/**
 * The steps the services reach through the facade rather than each other, so a test can watch
 * or replace one on a running node (taking in mail, a direct envelope, sending a receipt, a sync).
 */
export interface FacadeSteps {
  accept: (items: MailItem[]) => Promise<AcceptedPage>
  acceptDirect: (envelope: Uint8Array, remotePeer: string, turn: Promise<void>) => Promise<string>
  deposit: (to: string, kind: 'text' | 'receipt' | 'profile', body: Uint8Array, options?: SealOptions) => Promise<unknown>
  sync: () => Promise<unknown>
  publishKeys: (options: CallOptions) => Promise<unknown>
}

/** Every service of a node, and the few answers they share. */
export interface NodeServices {
  components: Components
  events: NodeEvents
  peerKey: PrivateKey
  direct: boolean
  /** Aborted when the node closes. */
  closing: AbortController
  /** Work started without waiting for it; close() lets it finish. */
  background: Set<Promise<void>>
  host: PeerHost
  relay: RelayConnection
  directory: Directory
  held: HeldMessages
  rejections: Rejections
  receipts: Receipts
  links: DirectLinks
  delivery: Delivery
  incoming: Incoming
  fetcher: MailFetcher
  server: DirectServer
  outgoing: OutgoingTexts
  /** Attachments sealed and uploaded, fetched and opened. */
  files: FileTransfers
  /** Attachments pushed to devices, and taken from them, over direct connections. */
  directFiles: DirectFiles
  account: DeviceAccount
  decisions: KeyDecisions
  groups: Groups
  /** Display names and pictures, this user's and the contacts'. */
  profiles: Profiles
  /**
   * How a file to `recipient` goes directly: when this device delivers directly and every one of
   * their devices is connected to it directly (dialled if need be, as for a text). Empty otherwise.
   */
  directPush: (recipient: string) => Promise<{ direct?: DirectPush }>
  /** Runs a send to a person or group, and gives them this user's profile too if they lack it (best effort, through the relay). */
  withProfile: <T>(peer: string, send: () => Promise<T>) => Promise<T>
  /** The network in use: LAN mode's once started, else the home relay's. */
  network: () => PeerNetwork
  /** LAN mode, once started. */
  lan: () => LanMode | undefined
  /** Starts LAN mode (see ParleyNode.startLan); from then on `network()` is LAN mode's. */
  startLan: (options: { name: string, listen?: string[] }) => Promise<void>
  /** The address messages are sent from, once there is one. */
  self: () => string | undefined
  /** This user's address (NOT_REGISTERED without one). */
  address: () => string
  /** The canonical form of a user's address, checked to be reachable on the network in use. */
  canonical: (address: string) => string
  /** A user's verified device bundles (the directory's cached list while it holds). */
  bundlesOf: (address: string, options?: CallOptions) => Promise<DeviceBundle[]>
  /** Runs `work` in the background, tracked for close(). */
  track: (work: Promise<void>) => void
}

/** Builds a node's services over an opened device. */
export function buildNodeServices (device: OpenedDevice, options: ParleyNodeOptions, steps: FacadeSteps): NodeServices {
  const { store, material } = device
  const peerKey = privateKeyFromProtobuf(material.peerKey)
  const peerId = peerKey.publicKey.toString()
  const direct = options.direct !== false
  const logger = options.logger ?? consoleLogger
  const events = new NodeEvents(logger)
  const closing = new AbortController()
  const background = new Set<Promise<void>>()
  const track = (work: Promise<void>): void => {
    const tracked = work.catch(() => {}).finally(() => background.delete(tracked))
    background.add(tracked)
  }
  let lan: LanMode | undefined
  const network = (): PeerNetwork => lan?.network ?? relayNetwork
  const self = (): string | undefined => network().address ?? account.profile?.address
  const address = (): string => network().address ?? account.requireProfile().address
  const canonical = (raw: string): string => {
    let parsed
    try { parsed = parseAddress(raw.trim()) } catch { throw new NodeError('BAD_INPUT', `"${raw}" is not an address of the form name@relay`) }
    return network().reachable(formatAddress(parsed.name, parsed.relay), parsed.relay)
  }
  const bundlesOf = async (to: string, o: CallOptions = {}): Promise<DeviceBundle[]> => {
    throwIfAborted(o.signal)
    return await network().lookup(canonical(to), o)
  }

  const host = new PeerHost({
    startRelayHost: async () => await startRelayHost(peerKey, direct),
    prepare: async (libp2p, available) => {
      if (!direct || !available) return
      await server.handle(libp2p)
      await directFiles.handle(libp2p)
    }
  })
  const vault = sessionVault(store, device.storageKey)
  const relay: RelayConnection = new RelayConnection({ host: async () => await host.get(), events }, {
    home: () => account.requireProfile().relay,
    vault,
    onPush: items => { fetcher.accept(items).catch(err => { events.emit({ type: 'warning', message: `pushed mail was left for the next fetch: ${err?.message ?? err}` }) }) },
    resume: async () => { await relay.session(); await steps.sync() }
  })
  const components: Components = { store, clock: systemClock, random: systemRandom, logger, events, host: async () => await host.get(), relay, contacts: new Contacts(store), history: new History(store), ed25519: createEd25519() }
  const c = components
  const held = new HeldMessages(store)
  const rejections = new Rejections(store)
  const crypto = new DeviceCrypto(c, { keys: material, deviceId: peerId })
  const directory = new Directory({ relay, clock: c.clock, feed: relay, ed25519: c.ed25519, events })
  const relayNetwork = new RelayNetwork({ ...c, directory }, {
    self: () => account.profile?.address,
    relayName: () => account.requireProfile().relay.name,
    identityKey: material.identity.publicKey
  })
  const examiner = new Examiner({ ...c, crypto, directory, network }, { self, identityKey: material.identity.publicKey, lookup: async a => await bundlesOf(a) })
  const links = new DirectLinks({ ...c, started: () => host.started }, relayCircuitRoute({
    home: () => account.requireProfile().relay,
    unavailable: () => !direct ? 'direct delivery is turned off on this device' : host.directUnavailable,
    epoch: () => relay.epoch,
    relayOpen: () => relay.open
  }))
  const delivery = new Delivery({ ...c, crypto }, { network, links, self: address, deviceId: peerId, bundles: bundlesOf, track })
  const receipts = new Receipts(c, { deposit: async (to, body) => await steps.deposit(to, 'receipt', body), track, signal: closing.signal })
  const notices = new RejectionNotices({ ...c, rejections })
  const reachable = (peer: string): void => { links.reachable(peer) }
  const groups: Groups = new Groups({ ...c, crypto, notices }, {
    self: address,
    deviceId: peerId,
    identity: material.identity,
    bundles: async a => await bundlesOf(a),
    prefetch: async addresses => {
      const canonicalOnes: string[] = []
      for (const a of addresses) { try { canonicalOnes.push(canonical(a)) } catch {} }
      await network().prefetch(canonicalOnes, {})
    },
    track,
    aroundSend: async (conversation, send) => await withProfile(conversation, send),
    takeProfile: async (sender, body) => { await profiles.take(sender, body) }
  })
  relay.onGroupPush((groupId, items) => {
    track(groups.takePushed(toHex(groupId), items).catch(err => { events.emit({ type: 'warning', message: `a pushed group message was left for the next fetch: ${err?.message ?? err}` }) }))
  })
  const incoming = new Incoming({ ...c, held, notices, receipts }, { examiner, self, reachable, groups, profiles: { take: async (sender, body) => { await profiles.take(sender, body) } } })
  const fetcher = new MailFetcher(c, { accept: steps.accept, listening: () => relay.isListening, refetch: steps.sync, track, closing: closing.signal })
  const server = new DirectServer({ accept: steps.acceptDirect, reachable })
  const outgoing = new OutgoingTexts({ ...c, outbox: new Outbox(store.outbox), emit: event => { events.emit(event) } }, {
    self: address,
    bundles: bundlesOf,
    seal: async (to, kind, body, bundles, messageId, sentAt) => await delivery.seal(to, kind, body, { bundles, messageId, sentAt }),
    deliver: async (to, bundles, sealed, messageId, o) => await delivery.deliverText(to, bundles, sealed, messageId, o),
    copyToOwnDevices: async (sealed, messageId) => { await delivery.copyToOwnDevices(sealed.content, messageId, sealed.expiresAt) },
    invalidate: a => { directory.invalidate(a) },
    listening: () => relay.isListening,
    track,
    closing: closing.signal
  })
  let folder: Promise<BlobFolder | undefined> | undefined
  const directFiles = new DirectFiles({
    store,
    clock: c.clock,
    folder: async () => await (folder ??= options.blobFolder !== undefined ? Promise.resolve(options.blobFolder) : loadBlobFolder(options.dataDir)),
    isContactDevice: async (sender, peerId) => {
      const contact = await c.contacts.get(sender)
      if (contact === undefined || contact.pendingKey !== undefined || sender === self()) return false
      try { return (await bundlesOf(sender)).some(b => b.peerId === peerId) } catch { return false }
    }
  })
  const files = new FileTransfers({ clock: c.clock, warn: message => { events.emit({ type: 'warning', message }) } }, new BlobLink({
    host: async () => await host.get(),
    home: () => account.requireProfile().relay,
    token: async () => {
      const token = await vault.load()
      if (token === undefined) throw new NodeError('NOT_LOGGED_IN', 'not logged in on this device: log in first')
      return token
    }
  }), async (blobId, sealedSize, offset, sender) => await directFiles.local(blobId, sealedSize, offset, sender))
  const profiles: Profiles = new Profiles({
    store,
    clock: c.clock,
    events,
    files,
    self: address,
    send: async (peer, body) => {
      if (peer.startsWith('group:')) await groups.postProfile(peer, body)
      else await delivery.deposit(peer, 'profile', body)
    },
    audience: async () => {
      const me = self()
      const people = (await c.contacts.list()).map(contact => contact.address).filter(a => a !== me)
      const joined = (await groups.list()).filter(g => g.status === 'member').map(g => g.conversation)
      return [...people, ...joined]
    },
    // Who must have had the profile: a group's joined members, a person's devices (a new one gets it with the next message).
    audienceOf: async peer => {
      const who = peer.startsWith('group:')
        ? (await groups.info(peer)).members.filter(m => m.joined).map(m => m.address)
        : (await bundlesOf(peer)).map(b => b.peerId)
      return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(who.sort().join('\n'))))).slice(0, 16)
    },
    track
  })
  // Profiles go through the relay (their blobs are kept there): in LAN mode, or with the relay away, the next message tries again.
  // Before the send when the relay is there already (the profile arrives first); else after it, once the send opened the way.
  const withProfile = async <T>(peer: string, send: () => Promise<T>): Promise<T> => {
    const reachable = (): boolean => lan === undefined && relay.open
    const first = reachable()
    if (first) await profiles.announce(peer)
    const result = await send()
    if (!first && reachable()) await profiles.announce(peer)
    return result
  }
  const directPush = async (recipient: string): Promise<{ direct?: DirectPush }> => {
    if (!direct || !network().relayed) return {}
    let devices: string[]
    try { devices = (await bundlesOf(recipient)).map(b => b.peerId) } catch { return {} }
    const libp2p = await links.connected(devices)
    if (libp2p === undefined) return {}
    return { direct: { devices, sender: address(), push: async (peerId, offer, from, sent, signal) => await directFiles.push(libp2p, peerId, offer, from, sent, signal) } }
  }
  const account: DeviceAccount = new DeviceAccount({ store, relay }, { profile: device.profile, allowInsecureHttp: options.allowInsecureHttp === true, publishKeys: steps.publishKeys })
  const decisions = new KeyDecisions({ ...c, held, directory }, { network, bundles: bundlesOf, release: async peer => await incoming.release(peer), self: address, identityKey: material.identity.publicKey })
  events.on('connection', e => {
    if (e.state.status !== 'connected') return
    // A new way through the relay: every device gets a fresh direct try, and what was written meanwhile goes out, in order.
    links.resetBackoff()
    outgoing.sendWaitingSoon()
    track(profiles.fetchPending())
    track(profiles.keepAlive())
    track(directFiles.sweep().then(() => {}))
  })
  const startLan = async (o: { name: string, listen?: string[] }): Promise<void> => {
    if (lan !== undefined) throw new NodeError('BAD_INPUT', 'LAN mode is already on')
    lan = await startLanMode({ host, links, server, contacts: c.contacts, events, peerKey, keys: material, ed25519: c.ed25519 }, o)
  }
  return { components, events, peerKey, direct, closing, background, host, relay, directory, held, rejections, receipts, links, delivery, incoming, fetcher, server, outgoing, files, directFiles, account, decisions, groups, profiles, withProfile, directPush, network, lan: () => lan, startLan, self, address, canonical, bundlesOf, track }
}

/** The blob folder of a device folder, in Node (by a specifier bundlers do not follow); none in a browser. */
async function loadBlobFolder (dataDir: string): Promise<BlobFolder | undefined> {
  if (!runsInNode()) return undefined
  const specifier = './files/fs-blob-folder.js'
  const module: typeof import('./files/fs-blob-folder.js') = await import(/* @vite-ignore */ specifier)
  return module.openBlobFolder(dataDir)
}
