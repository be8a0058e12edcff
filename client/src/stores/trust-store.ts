import { batch, createSignal, type Accessor } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import type { Device, Message, SafetyNumberView } from './device.js'

/** A changed identity key that stopped a send or holds messages back, waiting for the person to decide. */
export interface KeyChange { peer: string }

/** Contacts' keys: changed keys waiting for a decision, messages held meanwhile, safety numbers. */
export interface TrustStore {
  keyChange: Accessor<KeyChange | undefined>
  /** Messages held per contact because their key changed: delivered when it is accepted, discarded when refused. */
  held: Readonly<Record<string, number>>
  /** Derived: how many messages are held from `peer`. */
  heldFrom: (peer: string) => number
  /** Shows the key-change warning for `peer`. */
  keyChanged: (peer: string) => void
  dismissKeyChange: () => void
  /** Whether the person compared safety numbers with `peer` (undefined for an unknown contact). */
  isVerified: (peer: string) => Promise<boolean | undefined>
  safetyNumber: (peer: string) => Promise<SafetyNumberView>
  /** Marks `peer` verified after the person compared `digits`. */
  verifyContact: (peer: string, digits: string) => Promise<void>
  /** Accepts a changed key after the person compared its safety number (`digits`); held messages arrive. */
  acceptKey: (peer: string, digits: string) => Promise<void>
  /** Refuses a changed key: the pinned key stays, and what was held under the new one is discarded (returns how many). */
  refuseKey: (peer: string) => Promise<number>
  /** Hears, once a changed key is settled, the messages it delivered. */
  onSettled: (listener: (peer: string, delivered: Message[]) => void) => void
  /** Reads the held counts from the device. */
  load: () => Promise<void>
  clear: () => void
}

/** The trust store over `device`. */
export function createTrustStore (device: Device): TrustStore {
  const [keyChange, setKeyChange] = createSignal<KeyChange>()
  const [held, setHeld] = createStore<Record<string, number>>({})
  const settledListeners: Array<(peer: string, delivered: Message[]) => void> = []
  device.subscribe(event => {
    if (event.type !== 'held') return
    setHeld(event.address, event.count)
    if (keyChange() === undefined) setKeyChange({ peer: event.address })
  })
  const settled = (peer: string, delivered: Message[]): void => {
    batch(() => {
      for (const l of settledListeners) l(peer, delivered)
      setHeld(produce(all => { delete all[peer] }))
      setKeyChange(undefined)
    })
  }
  return {
    keyChange,
    held,
    heldFrom: peer => held[peer] ?? 0,
    keyChanged: peer => { setKeyChange({ peer }) },
    dismissKeyChange: () => { setKeyChange(undefined) },
    async isVerified (peer) { return (await device.current()?.contacts.get(peer))?.verified },
    async safetyNumber (peer) { return await device.require().safetyNumber(peer) },
    async verifyContact (peer, digits) { await device.require().verifyContact(peer, digits) },
    async acceptKey (peer, digits) {
      const { delivered } = await device.require().trust(peer, digits)
      settled(peer, delivered)
    },
    async refuseKey (peer) {
      const { discarded } = await device.require().refuseKey(peer)
      settled(peer, [])
      return discarded
    },
    onSettled (listener) { settledListeners.push(listener) },
    async load () {
      const counts: Record<string, number> = {}
      for (const h of await device.require().heldMessages()) counts[h.address] = h.count
      setHeld(reconcile(counts))
    },
    clear () { setHeld(reconcile({})) }
  }
}
