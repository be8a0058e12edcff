import { createSignal, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { fromBase64 } from '@parley/protocol'
import type { Device, PersonProfile } from './device.js'

/** A profile as the page shows it: the picture as an object URL. */
export interface ShownProfile {
  address: string
  name?: string
  /** An object URL of the picture (revoked when it is replaced). */
  picture?: string
}

/** Display names and pictures: this user's, and those contacts and group members sent. */
export interface ProfilesStore {
  /** A person's profile, once one came from them. */
  of: (address: string) => ShownProfile | undefined
  /** How a person is named: their display name if they set one, else their address. */
  nameOf: (address: string) => string
  /** How a person is named where the address must show too (a notification): `Name (address)`, or the address. */
  fullNameOf: (address: string) => string
  /** This user's profile, once set. */
  mine: Accessor<ShownProfile | undefined>
  /** Sets this user's name and picture (either left out is cleared); it goes to every contact and group. */
  set: (change: { name?: string, picture?: { bytes: Uint8Array, type: string } }) => Promise<void>
  /** This user's picture as bytes, to keep it when only the name changes. */
  myPicture: () => { bytes: Uint8Array, type: string } | undefined
  load: () => Promise<void>
  clear: () => void
}

/** The profiles store over `device`. */
export function createProfilesStore (device: Device): ProfilesStore {
  const [profiles, setProfiles] = createStore<Record<string, ShownProfile>>({})
  const [mine, setMine] = createSignal<ShownProfile>()
  const urls = new Map<string, string>()
  let myPicture: { bytes: Uint8Array, type: string } | undefined
  const show = (p: PersonProfile): ShownProfile => {
    const old = urls.get(p.address)
    if (old !== undefined) URL.revokeObjectURL(old)
    urls.delete(p.address)
    let picture: string | undefined
    if (p.picture !== undefined) {
      picture = URL.createObjectURL(new Blob([fromBase64(p.picture.data) as Uint8Array<ArrayBuffer>], { type: p.picture.type }))
      urls.set(p.address, picture)
    }
    return { address: p.address, ...(p.name !== undefined ? { name: p.name } : {}), ...(picture !== undefined ? { picture } : {}) }
  }
  const put = (p: PersonProfile, own: boolean): void => {
    const shown = show(p)
    setProfiles(p.address, reconcile(shown))
    if (own) {
      setMine(shown)
      myPicture = p.picture !== undefined ? { bytes: fromBase64(p.picture.data), type: p.picture.type } : undefined
    }
  }
  const nameOf = (address: string): string => profiles[address]?.name ?? address
  device.subscribe(event => { if (event.type === 'profile') put(event.profile, event.own) })
  return {
    of: address => profiles[address],
    nameOf,
    fullNameOf: address => profiles[address]?.name !== undefined ? `${nameOf(address)} (${address})` : address,
    mine,
    myPicture: () => myPicture,
    async set (change) {
      const set = await device.require().setProfile(change)
      put(set, true)
    },
    async load () {
      const n = device.require()
      const own = await n.myProfile()
      for (const p of await n.profiles()) put(p, p.address === own?.address)
      if (own === undefined) setMine(undefined)
    },
    clear () {
      for (const url of urls.values()) URL.revokeObjectURL(url)
      urls.clear()
      myPicture = undefined
      setMine(undefined)
      setProfiles(reconcile({}))
    }
  }
}
