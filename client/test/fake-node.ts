import type { FileSink, FileSource, HeldSummary, NodeEvent, PersonProfile, Profile, ProfileChange, StoredAttachment, StoredMessage } from '@parley/node'
import type { SecondFactorInput, SessionInfo } from '@parley/protocol'
import { createStores, type Group, type GroupReceipts, type ClientGroups, type AccountInfo, type AccountRef, type ClientEnvironment, type ClientNode, type KeylessClient, type NodeFactory, type SafetyNumberView, type Stores } from '../src/stores/index.js'

/** A profile as a node holds it after registering `name` on relay.test. */
export function profileOf (name: string): Profile {
  return { name, address: `${name}@relay.test`, email: `${name}@example.org`, relayUrl: 'http://relay.test', relay: { name: 'relay.test' } as Profile['relay'] }
}

let nextId = 0

/** A stored message with sensible defaults. */
export function message (fields: Partial<StoredMessage> & Pick<StoredMessage, 'conversation' | 'direction'>): StoredMessage {
  nextId++
  return { id: `m${nextId}`, sender: fields.direction === 'in' ? fields.conversation : 'me@relay.test', text: `text ${nextId}`, sentAt: nextId, storedAt: nextId, state: fields.direction === 'in' ? 'received' : 'sending', ...fields }
}

/** An in-memory stand-in for a node's groups: each call changes the group as the node would, and is recorded. */
export class FakeGroups implements ClientGroups {
  readonly groups = new Map<string, Group>()
  constructor (private readonly node: FakeNode) {}
  private change (id: string, call: string, f: (g: Group) => Group): Group {
    this.node.calls.push(call)
    const g = this.groups.get(id)
    if (g === undefined) throw new Error(`no group ${id}`)
    const next = f(g)
    this.groups.set(id, next)
    return next
  }

  async list (): Promise<Group[]> { return [...this.groups.values()] }
  async info (id: string): Promise<Group> { const g = this.groups.get(id); if (g === undefined) throw new Error(`no group ${id}`); return g }
  async create (name: string, invitees: string[]): Promise<Group> {
    this.node.calls.push(`group create ${name}`)
    const id = String(this.groups.size + 1).padStart(64, 'a')
    const g: Group = { id, conversation: `group:${id}`, name, status: 'member', epoch: 1, admin: true, members: [{ address: 'me@relay.test', admin: true, joined: true }, ...invitees.map(address => ({ address, admin: false, joined: false }))] }
    this.groups.set(id, g)
    return g
  }

  async invite (id: string, addresses: string[]): Promise<Group> { return this.change(id, `group invite ${addresses.join(',')}`, g => ({ ...g, members: [...g.members, ...addresses.map(address => ({ address, admin: false, joined: false }))] })) }
  async accept (id: string): Promise<Group> { return this.change(id, 'group accept', g => ({ ...g, status: 'member' })) }
  async decline (id: string): Promise<Group> { return this.change(id, 'group decline', g => ({ ...g, status: 'left' })) }
  async leave (id: string): Promise<Group> { return this.change(id, 'group leave', g => ({ ...g, status: 'left' })) }
  async remove (id: string, target: string): Promise<Group> { return this.change(id, `group remove ${target}`, g => ({ ...g, members: g.members.filter(m => m.address !== target) })) }
  async setAdmin (id: string, target: string, admin: boolean): Promise<Group> { return this.change(id, `group admin ${target} ${String(admin)}`, g => ({ ...g, members: g.members.map(m => m.address === target ? { ...m, admin } : m) })) }
  async rename (id: string, name: string): Promise<Group> { return this.change(id, `group rename ${name}`, g => ({ ...g, name })) }
  async send (id: string, text: string): Promise<StoredMessage> {
    this.node.calls.push(`group send ${text}`)
    const m = message({ conversation: `group:${id}`, direction: 'out', text, state: 'sent', groupSeq: 1 })
    this.node.store(m)
    return m
  }

  async receipts (_id: string, _messageId: string): Promise<GroupReceipts> { return { of: 2, delivered: 2, read: 1, members: [{ user: 'bob@relay.test', delivered: true, read: true }, { user: 'carol@relay.test', delivered: true, read: false }] } }
}

/**
 * An in-memory stand-in for a Parley node with the interface the stores use: it keeps history,
 * contacts and held counts, emits events when told to, and records each call by name.
 */
export class FakeNode implements ClientNode {
  profile: Profile | undefined
  readonly calls: string[] = []
  readonly messages = new Map<string, StoredMessage>()
  readonly verified = new Set<string>()
  readonly heldCounts = new Map<string, number>()
  /** What `send` does after it is called (default: stores the message as sent). */
  sendBehaviour: (peer: string, text: string) => Promise<void> = async (peer, text) => { this.store(message({ conversation: peer, direction: 'out', text, state: 'sent' })) }
  /** What `listen` answers (whether the relay was reached), or throws. */
  listenBehaviour: () => Promise<boolean> = async () => true
  loginBehaviour: (password: string, options?: { account?: AccountRef, secondFactor?: SecondFactorInput }) => Promise<void> = async () => {}
  revokeBehaviour: () => Promise<void> = async () => {}
  account: AccountInfo = { user: 'me@relay.test', email: 'me@example.org', totpEnabled: false, recoveryCodesLeft: 0 }
  private readonly listeners = new Set<(event: NodeEvent) => void>()
  readonly groups: FakeGroups = new FakeGroups(this)

  constructor (profile?: Profile) { this.profile = profile }

  readonly history = {
    get: async (id: string) => this.messages.get(id),
    conversations: async () => [...new Set([...this.messages.values()].map(m => m.conversation))].map(conversation => ({ conversation }))
  }

  readonly contacts = {
    get: async (address: string) => ({ verified: this.verified.has(address) })
  }

  /** Hands `event` to every listener, as a node does. */
  emit (event: NodeEvent): void { for (const l of [...this.listeners]) l(event) }

  /** Keeps `m` and tells listeners it is an outgoing (`out`) or incoming message. */
  store (m: StoredMessage): StoredMessage {
    this.messages.set(m.id, m)
    this.emit(m.direction === 'out' ? { type: 'outgoing', message: m } : { type: 'message', message: m })
    return m
  }

  on (listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  get listenerCount (): number { return this.listeners.size }

  async close (): Promise<void> { this.calls.push('close') }
  async register (opts: { relayUrl: string, name: string, email: string, password: string }): Promise<Profile> {
    this.calls.push(`register ${opts.name}`)
    this.profile = profileOf(opts.name)
    return this.profile
  }

  async verify (code: string): Promise<void> { this.calls.push(`verify ${code}`) }
  async resendCode (): Promise<void> { this.calls.push('resendCode') }
  async login (password: string, options?: { account?: AccountRef, secondFactor?: SecondFactorInput }): Promise<unknown> {
    this.calls.push('login')
    await this.loginBehaviour(password, options)
    if (this.profile === undefined && options?.account !== undefined) this.profile = profileOf(options.account.name)
    return {}
  }

  async logout (): Promise<void> { this.calls.push('logout') }
  async connect (): Promise<unknown> { this.calls.push('connect'); return {} }
  async listen (): Promise<boolean> { this.calls.push('listen'); return await this.listenBehaviour() }
  async conversation (peer: string): Promise<StoredMessage[]> {
    return [...this.messages.values()].filter(m => m.conversation === peer).sort((a, b) => a.sentAt - b.sentAt)
  }

  async heldMessages (): Promise<HeldSummary[]> {
    return [...this.heldCounts].map(([address, count]) => ({ address, count, firstHeldAt: 0, lastHeldAt: 0, reason: 'identity-changed' }))
  }

  async markRead (peer: string): Promise<StoredMessage[]> {
    this.calls.push(`markRead ${peer}`)
    const read: StoredMessage[] = []
    for (const m of this.messages.values()) {
      if (m.conversation === peer && m.direction === 'in' && m.state === 'received') {
        const r = { ...m, state: 'read' as const }
        this.messages.set(m.id, r)
        read.push(r)
      }
    }
    return read
  }

  async send (recipient: string, text: string): Promise<unknown> {
    this.calls.push(`send ${recipient}`)
    await this.sendBehaviour(recipient, text)
    return {}
  }

  async sendFile (to: string, source: FileSource): Promise<StoredMessage> {
    this.calls.push(`sendFile ${to} ${source.name}`)
    const m = message({ conversation: to, direction: 'out', text: '', state: 'sent' })
    this.store(m)
    return m
  }

  async getFile (messageId: string, _sink: FileSink): Promise<StoredAttachment> {
    this.calls.push(`getFile ${messageId}`)
    throw new Error('the fake node keeps no files')
  }

  async retry (id: string): Promise<unknown> { this.calls.push(`retry ${id}`); return {} }
  async lookup (address: string): Promise<unknown> { this.calls.push(`lookup ${address}`); return [] }
  /** Profiles as the node would hold them: this user's under its address. */
  profileList: PersonProfile[] = []
  async setProfile (change: ProfileChange): Promise<PersonProfile> {
    this.calls.push(`set-profile ${change.name ?? ''}`)
    const address = this.profile?.address ?? 'me@relay.test'
    const p: PersonProfile = { address, version: Date.now(), ...(change.name !== undefined ? { name: change.name } : {}) }
    this.profileList = [p, ...this.profileList.filter(q => q.address !== address)]
    return p
  }
  async myProfile (): Promise<PersonProfile | undefined> { return this.profileList.find(p => p.address === this.profile?.address) }
  async profiles (): Promise<PersonProfile[]> { return this.profileList }
  async trust (address: string, digits?: string): Promise<{ delivered: StoredMessage[], discarded: number }> {
    this.calls.push(`trust ${address} ${digits ?? ''}`)
    const count = this.heldCounts.get(address) ?? 0
    this.heldCounts.delete(address)
    const delivered = Array.from({ length: count }, () => message({ conversation: address, direction: 'in' }))
    for (const m of delivered) this.messages.set(m.id, m)
    return { delivered, discarded: 0 }
  }

  async refuseKey (address: string): Promise<{ discarded: number }> {
    this.calls.push(`refuseKey ${address}`)
    const discarded = this.heldCounts.get(address) ?? 0
    this.heldCounts.delete(address)
    return { discarded }
  }

  async safetyNumber (address: string): Promise<SafetyNumberView> {
    return { digits: '12345 '.repeat(12).trim(), qr: `parley-sn:1:${address}`, verified: this.verified.has(address), pending: false }
  }

  async verifyContact (address: string): Promise<void> { this.verified.add(address) }
  async accountInfo (): Promise<AccountInfo> { return this.account }
  async changeEmail (email: string): Promise<void> { this.calls.push(`changeEmail ${email}`) }
  async confirmEmail (code: string): Promise<void> { this.calls.push(`confirmEmail ${code}`) }
  async sessions (): Promise<SessionInfo[]> { return [] }
  async revokeSessions (): Promise<void> { this.calls.push('revokeSessions'); await this.revokeBehaviour() }
  async enrolTotp (): Promise<{ uri: string, secret: string }> { return { uri: 'otpauth://totp/x', secret: 'SECRET' } }
  async confirmTotp (code: string): Promise<string[]> { this.calls.push(`confirmTotp ${code}`); return ['code-1', 'code-2'] }
  async disableTotp (secondFactor: SecondFactorInput): Promise<void> { this.calls.push(`disableTotp ${JSON.stringify(secondFactor)}`) }
  async regenerateRecoveryCodes (): Promise<string[]> { return ['code-3'] }
  async deleteAccount (): Promise<void> { this.calls.push('deleteAccount') }
  async requestPasswordReset (account?: AccountRef): Promise<void> { this.calls.push(`requestPasswordReset ${account?.name ?? ''}`) }
  async resetPassword (code: string, _newPassword: string, account?: AccountRef): Promise<void> { this.calls.push(`resetPassword ${code} ${account?.name ?? ''}`) }
}

/** Devices kept in memory by database name, with every open and erase recorded. */
export class FakeNodes implements NodeFactory {
  readonly devices = new Map<string, FakeNode>()
  readonly log: string[] = []
  /** Set to make `exists` fail (a browser without IndexedDB). */
  existsFails = false

  async open (options: { dataDir: string, passphrase: string, direct: boolean }): Promise<FakeNode> {
    this.log.push(`open ${options.dataDir} direct=${String(options.direct)}`)
    let node = this.devices.get(options.dataDir)
    if (node === undefined) { node = new FakeNode(); this.devices.set(options.dataDir, node) }
    return node
  }

  async exists (dataDir: string): Promise<boolean> {
    if (this.existsFails) throw new Error('IndexedDB is unavailable')
    return this.devices.has(dataDir)
  }

  async forget (dataDir: string): Promise<void> {
    this.log.push(`forget ${dataDir}`)
    this.devices.delete(dataDir)
  }

  /** Keyless clients made, each recording its calls. */
  readonly keylessClients: FakeKeyless[] = []

  async keyless (relayUrl: string): Promise<FakeKeyless> {
    this.log.push(`keyless ${relayUrl}`)
    const client = new FakeKeyless()
    this.keylessClients.push(client)
    return client
  }
}

/** A keyless account client that records its calls. */
export class FakeKeyless implements KeylessClient {
  readonly calls: string[] = []
  async requestPasswordReset (name: string): Promise<void> { this.calls.push(`requestPasswordReset ${name}`) }
  async resetPassword (name: string, code: string): Promise<void> { this.calls.push(`resetPassword ${name} ${code}`) }
  async close (): Promise<void> { this.calls.push('close') }
}

/** A page that is visible, with settings in a map. */
export function fakeEnvironment (settings = new Map<string, string>()): ClientEnvironment & { visible: boolean, settings: Map<string, string>, fireVisibility: () => void, title: string, permission: 'granted' | 'denied' | 'default' | 'unsupported', notifications: Array<{ title: string, body: string, click: () => void }> } {
  const listeners: Array<() => void> = []
  const env = {
    relayUrl: 'http://relay.test',
    visible: true,
    settings,
    readSetting: (key: string) => settings.get(key) ?? null,
    writeSetting: (key: string, value: string) => { settings.set(key, value) },
    isVisible: () => env.visible,
    onVisibilityChange: (listener: () => void) => { listeners.push(listener) },
    fireVisibility: () => { for (const l of listeners) l() },
    randomBytes: (length: number) => new Uint8Array(length).fill(7),
    title: '',
    permission: 'default' as 'granted' | 'denied' | 'default' | 'unsupported',
    notifications: [] as Array<{ title: string, body: string, click: () => void }>,
    setTitle: (title: string) => { env.title = title },
    notificationPermission: () => env.permission,
    askNotifications: async () => { env.permission = 'granted'; return env.permission },
    notify: (title: string, body: string, click: () => void) => { env.notifications.push({ title, body, click }) }
  }
  return env
}

/** Lets pending promise callbacks run. */
export async function settle (): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve))
}

/** The error `promise` rejects with (fails when it resolves). */
export async function rejection (promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection, but it resolved')
}

/**
 * Stores over a browser holding alice's device, unlocked (and online unless `prepare` makes the
 * node answer otherwise); `prepare` runs on the node before the unlock.
 */
export async function unlocked (prepare: (node: FakeNode) => void = () => {}): Promise<{ stores: Stores, node: FakeNode, nodes: FakeNodes, env: ReturnType<typeof fakeEnvironment> }> {
  const nodes = new FakeNodes()
  const node = new FakeNode(profileOf('alice'))
  prepare(node)
  nodes.devices.set('parley-device', node)
  const env = fakeEnvironment()
  const stores = createStores(nodes, env)
  await stores.session.unlock('passphrase')
  await settle()
  return { stores, node, nodes, env }
}
