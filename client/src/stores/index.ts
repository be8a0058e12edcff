import { createAccountStore, type AccountStore } from './account-store.js'
import { createConnectionStore, type ConnectionStore } from './connection-store.js'
import { createConversationsStore, type ConversationsStore } from './conversations-store.js'
import { createDevice, type ClientEnvironment, type NodeFactory } from './device.js'
import { createNoticeStore, type NoticeStore } from './notice-store.js'
import { createPasswordResetStore, type PasswordResetStore } from './password-reset-store.js'
import { createSessionStore, type SessionStore } from './session-store.js'
import { createSettingsStore, type SettingsStore } from './settings-store.js'
import { createTrustStore, type TrustStore } from './trust-store.js'
import { createGroupsStore, type GroupsStore } from './groups-store.js'
import { createAttentionStore, type AttentionStore } from './attention-store.js'
import { createFilesStore, type FilesStore } from './files-store.js'
import { createProfilesStore, type ProfilesStore } from './profiles-store.js'

export type { AccountInfo, AccountRef, ClientEnvironment, ClientGroups, ClientNode, Group, GroupReceipts, KeylessClient, Message, NodeFactory, SafetyNumberView } from './device.js'
export { groupIdOf, groupPeer, type GroupsStore } from './groups-store.js'
export type { AttentionStore } from './attention-store.js'
export type { FilesStore, Transfer } from './files-store.js'
export type { ProfilesStore, ShownProfile } from './profiles-store.js'
export type { AccountStore } from './account-store.js'
export type { ConnectionStore, Connectivity } from './connection-store.js'
export type { ConversationsStore, ConversationView } from './conversations-store.js'
export type { NoticeStore } from './notice-store.js'
export type { PasswordResetStore } from './password-reset-store.js'
export { needsSecondFactor, type Phase, type SessionStore } from './session-store.js'
export { DIRECT_SETTING, type SettingsStore } from './settings-store.js'
export type { KeyChange, TrustStore } from './trust-store.js'

/** Every store of the web client, created together over one device. */
export interface Stores {
  settings: SettingsStore
  notice: NoticeStore
  connection: ConnectionStore
  trust: TrustStore
  conversations: ConversationsStore
  account: AccountStore
  session: SessionStore
  passwordReset: PasswordResetStore
  groups: GroupsStore
  attention: AttentionStore
  files: FilesStore
  profiles: ProfilesStore
}

/** Creates the stores once, over the node `factory` and the page `env`; each hears the node's events. */
export function createStores (factory: NodeFactory, env: ClientEnvironment): Stores {
  const settings = createSettingsStore(env)
  const notice = createNoticeStore()
  const device = createDevice(factory, settings.directEnabled)
  // Subscription order matters: the connection state is set before the conversations react to it.
  const connection = createConnectionStore(device)
  const trust = createTrustStore(device)
  const groups = createGroupsStore(device)
  const profiles = createProfilesStore(device)
  const conversations = createConversationsStore({ device, env, connection, trust, notice, groups, profiles })
  const attention = createAttentionStore({ device, env, conversations, groups, profiles })
  const account = createAccountStore(device)
  const session = createSessionStore({ device, env, connection, conversations, account, notice, profiles })
  const passwordReset = createPasswordResetStore({ device, env, notice })
  const files = createFilesStore({ device, notice, trust })
  return { settings, notice, connection, trust, conversations, account, session, passwordReset, groups, attention, files, profiles }
}
