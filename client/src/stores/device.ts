import type { FilePreview, FileSink, FileSource, GroupSummary, HeldSummary, NodeEvent, PersonProfile, Profile, ProfileChange, StoredAttachment, StoredMessage, TransferProgress } from '@parley/node'
import type { SecondFactorInput, SessionInfo } from '@parley/protocol'

/** A stored message as the stores hold it (components take this name, not the node's). */
export type Message = StoredMessage

/** A person's display name and picture, as the node holds it. */
export type { PersonProfile } from '@parley/node'

/** A group as the client shows it. */
export type Group = GroupSummary

/** Who of a group has one of this user's messages, and who read it. */
export interface GroupReceipts { of: number, delivered: number, read: number, members: Array<{ user: string, delivered: boolean, read: boolean }> }

/** The group calls the stores make (the node's `groups`). A group is named by its id. */
export interface ClientGroups {
  list: () => Promise<Group[]>
  info: (id: string) => Promise<Group>
  create: (name: string, invitees: string[]) => Promise<Group>
  invite: (id: string, addresses: string[]) => Promise<Group>
  accept: (id: string) => Promise<Group>
  decline: (id: string) => Promise<Group>
  leave: (id: string) => Promise<Group>
  remove: (id: string, target: string) => Promise<Group>
  setAdmin: (id: string, target: string, admin: boolean) => Promise<Group>
  rename: (id: string, name: string) => Promise<Group>
  send: (id: string, text: string) => Promise<StoredMessage>
  receipts: (id: string, messageId: string) => Promise<GroupReceipts>
}

/** What the relay knows of the account, as settings show it. */
export interface AccountInfo { user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }

/** A safety number with a contact and whether it was compared (`pending`: for a changed key not yet accepted). */
export interface SafetyNumberView { digits: string, qr: string, verified: boolean, pending: boolean }

/** The account named when the device holds none (a login or password reset from a new browser). */
export interface AccountRef { relayUrl: string, name: string }

/**
 * The part of a Parley node the stores use: the seam between the web client and `@parley/node`.
 * `ParleyNode` satisfies it; unit tests pass a fake with the same shape.
 */
export interface ClientNode {
  readonly profile: Profile | undefined
  readonly history: { get: (id: string) => Promise<StoredMessage | undefined>, conversations: () => Promise<Array<{ conversation: string }>> }
  readonly contacts: { get: (address: string) => Promise<{ verified: boolean } | undefined> }
  on: (listener: (event: NodeEvent) => void) => () => void
  readonly groups: ClientGroups
  close: () => Promise<void>
  register: (opts: { relayUrl: string, name: string, email: string, password: string }) => Promise<Profile>
  verify: (code: string) => Promise<void>
  resendCode: () => Promise<void>
  login: (password: string, options?: { account?: AccountRef, secondFactor?: SecondFactorInput }) => Promise<unknown>
  logout: () => Promise<void>
  connect: () => Promise<unknown>
  listen: () => Promise<boolean>
  conversation: (peer: string, limit?: number) => Promise<StoredMessage[]>
  heldMessages: () => Promise<HeldSummary[]>
  markRead: (peer: string) => Promise<StoredMessage[]>
  send: (recipient: string, text: string, options?: { queue?: boolean }) => Promise<unknown>
  /** Sends a file to a person or a group (`group:<id>`), uploaded once; resolves with the stored message. */
  sendFile: (to: string, source: FileSource, options?: { text?: string, preview?: FilePreview, onProgress?: (p: TransferProgress) => void }) => Promise<StoredMessage>
  /** Fetches and checks a message's file into `sink`. */
  getFile: (messageId: string, sink: FileSink, options?: { onProgress?: (p: TransferProgress) => void }) => Promise<StoredAttachment>
  retry: (id: string) => Promise<unknown>
  /** Sets this user's display name and picture; it goes to every contact and group. */
  setProfile: (change: ProfileChange) => Promise<PersonProfile>
  myProfile: () => Promise<PersonProfile | undefined>
  /** Every profile the device holds, this user's first. */
  profiles: () => Promise<PersonProfile[]>
  lookup: (address: string) => Promise<unknown>
  trust: (address: string, digits?: string) => Promise<{ delivered: StoredMessage[], discarded: number }>
  refuseKey: (address: string) => Promise<{ discarded: number }>
  safetyNumber: (address: string) => Promise<SafetyNumberView>
  verifyContact: (address: string, digits?: string) => Promise<void>
  accountInfo: () => Promise<AccountInfo>
  changeEmail: (email: string) => Promise<void>
  confirmEmail: (code: string) => Promise<void>
  sessions: () => Promise<SessionInfo[]>
  revokeSessions: (which: { ids?: string[], others?: boolean }) => Promise<void>
  enrolTotp: () => Promise<{ uri: string, secret: string }>
  confirmTotp: (code: string) => Promise<string[]>
  disableTotp: (secondFactor: SecondFactorInput) => Promise<void>
  regenerateRecoveryCodes: (secondFactor: SecondFactorInput) => Promise<string[]>
  deleteAccount: (password: string, secondFactor?: SecondFactorInput) => Promise<void>
  requestPasswordReset: (account?: AccountRef) => Promise<void>
  resetPassword: (code: string, newPassword: string, account?: AccountRef) => Promise<void>
}

/**
 * Account requests that need no device (`KeylessAccount`, or a fake): an in-memory key and a
 * relay connection, nothing stored. A password reset from an empty browser goes through one.
 */
export interface KeylessClient {
  requestPasswordReset: (name: string) => Promise<void>
  resetPassword: (name: string, code: string, newPassword: string) => Promise<void>
  close: () => Promise<void>
}

/** How devices are opened, found and erased (`ParleyNode`'s static side, or a fake), and keyless clients made. */
export interface NodeFactory {
  open: (options: { dataDir: string, passphrase: string, create?: 'if-empty', direct: boolean, kdfIterations?: number }) => Promise<ClientNode>
  exists: (dataDir: string) => Promise<boolean>
  forget: (dataDir: string) => Promise<void>
  /** A keyless client of the relay at `relayUrl`; close it when done. */
  keyless: (relayUrl: string) => Promise<KeylessClient>
}

/** What the stores need of the page around them, so they run the same in a browser and in tests. */
export interface ClientEnvironment {
  /** The relay this page talks to (its origin, or `?relay=`). */
  relayUrl: string
  readSetting: (key: string) => string | null
  writeSetting: (key: string, value: string) => void
  /** Whether the page is on screen (messages are marked read only then). */
  isVisible: () => boolean
  onVisibilityChange: (listener: () => void) => void
  /** Random bytes (WebCrypto's in the browser). */
  randomBytes: (length: number) => Uint8Array
  /** Sets the page's title (the unread count shows there). */
  setTitle: (title: string) => void
  /** Whether the person let this page show notifications: granted, denied, or not asked yet (or none here: unsupported). */
  notificationPermission: () => 'granted' | 'denied' | 'default' | 'unsupported'
  /** Asks the person to let this page show notifications; resolves with their answer. */
  askNotifications: () => Promise<'granted' | 'denied' | 'default' | 'unsupported'>
  /** Shows a notification (only called when permission is granted); a click brings the page forward. */
  notify: (title: string, body: string, onClick: () => void) => void
}

/** The IndexedDB database holding this browser's device: keystore, contacts, history. */
export const DEVICE_DB = 'parley-device'

/** The device this browser holds, once unlocked; the one place the stores reach the node through. */
export interface Device {
  current: () => ClientNode | undefined
  /** The open node, or an error when none is (an action ran before unlocking). */
  require: () => ClientNode
  /** Opens (or creates, where the browser holds none) the device; every subscriber hears its events. */
  open: (passphrase: string) => Promise<ClientNode>
  /** Forgets the open node without closing it (the caller closes it). */
  detach: () => ClientNode | undefined
  /** Closes the open node and erases this browser's device. */
  erase: () => Promise<void>
  /** Hears the events of every node this device opens. */
  subscribe: (listener: (event: NodeEvent) => void) => void
  readonly factory: NodeFactory
}

/** The device holder over `factory`; `direct` says whether a node opened now may connect peer to peer. */
export function createDevice (factory: NodeFactory, direct: () => boolean): Device {
  let node: ClientNode | undefined
  const listeners: Array<(event: NodeEvent) => void> = []
  const dispatch = (event: NodeEvent): void => { for (const l of listeners) l(event) }
  return {
    factory,
    current: () => node,
    require () {
      if (node === undefined) throw new Error('no device open')
      return node
    },
    async open (passphrase) {
      if (node !== undefined) return node
      // A new device is made only where the browser holds none; a damaged one is reported, never replaced.
      const opened = await factory.open({ dataDir: DEVICE_DB, passphrase, create: 'if-empty', direct: direct() })
      opened.on(dispatch)
      node = opened
      return opened
    },
    detach () {
      const n = node
      node = undefined
      return n
    },
    async erase () {
      const n = node
      node = undefined
      await n?.close().catch(() => {})
      await factory.forget(DEVICE_DB)
    },
    subscribe (listener) { listeners.push(listener) }
  }
}
