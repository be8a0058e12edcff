import { createSignal, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { Device, Group, GroupReceipts } from './device.js'

/** The conversation id of a group: `group:` and its id. */
export const groupPeer = (id: string): string => `group:${id}`
/** The group id of a conversation id, or undefined for a 1:1 conversation. */
export const groupIdOf = (peer: string): string | undefined => peer.startsWith('group:') ? peer.slice(6) : undefined

/** The groups this device is in, and what the person can do to them. */
export interface GroupsStore {
  /** By conversation id (`group:<id>`). */
  groups: Readonly<Record<string, Group>>
  /** The group of a conversation, if it is one. */
  of: (peer: string) => Group | undefined
  /** How a conversation is named in the list and its header: a group's name, else the address. */
  title: (peer: string) => string
  load: () => Promise<void>
  /** Makes a group; returns its conversation id. */
  create: (name: string, invitees: string[]) => Promise<string>
  invite: (peer: string, addresses: string[]) => Promise<void>
  accept: (peer: string) => Promise<void>
  decline: (peer: string) => Promise<void>
  leave: (peer: string) => Promise<void>
  remove: (peer: string, member: string) => Promise<void>
  setAdmin: (peer: string, member: string, admin: boolean) => Promise<void>
  rename: (peer: string, name: string) => Promise<void>
  /** Who has one of this user's group messages, and who read it. */
  receipts: (peer: string, messageId: string) => Promise<GroupReceipts>
  /** Increases whenever a group changes (views that ask the node again follow it). */
  changed: Accessor<number>
  clear: () => void
}

/** The groups store over `device`. */
export function createGroupsStore (device: Device): GroupsStore {
  const [groups, setGroups] = createStore<Record<string, Group>>({})
  const [changed, setChanged] = createSignal(0)
  const put = (g: Group): void => {
    setGroups(groupPeer(g.id), reconcile(g))
    setChanged(n => n + 1)
  }
  const id = (peer: string): string => {
    const gid = groupIdOf(peer)
    if (gid === undefined) throw new Error(`${peer} is not a group`)
    return gid
  }
  const refresh = async (gid: string): Promise<void> => { put(await device.require().groups.info(gid)) }
  async function load (): Promise<void> {
    const all = await device.require().groups.list()
    setGroups(reconcile(Object.fromEntries(all.map(g => [groupPeer(g.id), g]))))
    setChanged(n => n + 1)
  }
  device.subscribe(event => {
    if (event.type === 'group') refresh(event.groupId).catch(() => {})
    // A change line means the group's state moved on (a rename, someone added).
    if (event.type === 'message' && event.message.system === true) {
      const gid = groupIdOf(event.message.conversation)
      if (gid !== undefined) refresh(gid).catch(() => {})
    }
    if (event.type === 'connected') load().catch(() => {})
  })
  return {
    groups,
    of: peer => groups[peer],
    title: peer => groups[peer]?.name ?? (groupIdOf(peer) !== undefined ? 'Group' : peer),
    load,
    async create (name, invitees) {
      const g = await device.require().groups.create(name, invitees)
      put(g)
      return groupPeer(g.id)
    },
    async invite (peer, addresses) { put(await device.require().groups.invite(id(peer), addresses)) },
    async accept (peer) { put(await device.require().groups.accept(id(peer))) },
    async decline (peer) { put(await device.require().groups.decline(id(peer))) },
    async leave (peer) { put(await device.require().groups.leave(id(peer))) },
    async remove (peer, member) { put(await device.require().groups.remove(id(peer), member)) },
    async setAdmin (peer, member, admin) { put(await device.require().groups.setAdmin(id(peer), member, admin)) },
    async rename (peer, name) { put(await device.require().groups.rename(id(peer), name)) },
    receipts: async (peer, messageId) => await device.require().groups.receipts(id(peer), messageId),
    changed,
    clear () { setGroups(reconcile({})) }
  }
}
