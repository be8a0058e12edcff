import { expect } from 'chai'
import type { Content, DeviceBundle } from '@parley/protocol'
import { Delivery } from '../../src/delivery/delivery.js'
import type { PeerNetwork } from '../../src/delivery/network.js'
import type { SealRequest, Sealed } from '../../src/crypto/device-crypto.js'
import { CONTACT_NOTE_INTERVAL_MS } from '../../src/constants.js'
import { RelayRequestError } from '../../src/errors.js'
import { FakeRelay } from '../fakes.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'
const bundle = (user: string, peerId: string): DeviceBundle => ({ version: 1, user, peerId } as unknown as DeviceBundle)

describe('Delivery', () => {
  let now: number
  let relay: FakeRelay
  let direct: boolean
  let sends: Array<{ devices: string[], dial: boolean | undefined }>
  let fallbacks: Array<{ to: string, kind: string, options: unknown }>
  let relayed: boolean
  let seals: SealRequest[]
  let resealed: Array<{ recipient: string, devices: string[] }>
  let tracked: Array<Promise<void>>
  let bundles: Map<string, DeviceBundle[]>
  let delivery: Delivery

  beforeEach(() => {
    now = 1_800_000_000_000
    relay = new FakeRelay().on('note-contact', { type: 'ok' }).on('deposit', { type: 'deposited' } as any)
    direct = false
    sends = []
    fallbacks = []
    relayed = true
    seals = []
    resealed = []
    tracked = []
    bundles = new Map([[BOB, [bundle(BOB, 'bob-1'), bundle(BOB, 'bob-2')]], [ALICE, [bundle(ALICE, 'alice-1'), bundle(ALICE, 'alice-2')]]])
    const network: PeerNetwork = {
      get relayed () { return relayed },
      reachable: a => a,
      lookup: async a => bundles.get(a) ?? [],
      prefetch: async () => {},
      isDeviceOf: async () => true,
      candidates: async () => [],
      fallback: async (to, _envelope, kind, options) => { fallbacks.push({ to, kind, options }) }
    }
    const crypto = {
      seal: async (request: SealRequest): Promise<Sealed> => { seals.push(request); return { bytes: new Uint8Array([1]), messageId: request.messageId ?? new Uint8Array(16), content: {} as Content, expiresAt: 9 } },
      reseal: async (recipient: string, _content: Content, own: DeviceBundle[]) => { resealed.push({ recipient, devices: own.map(b => b.peerId) }); return new Uint8Array([2]) }
    }
    delivery = new Delivery({ crypto, relay, clock: { now: () => now } }, {
      network: () => network,
      links: { send: async (devices, _envelope, _id, options = {}) => { sends.push({ devices, dial: options.dial }); return direct } },
      self: () => ALICE,
      deviceId: 'alice-1',
      bundles: async address => bundles.get(address) ?? [],
      track: work => { tracked.push(work) }
    })
  })

  const sealed = { bytes: new Uint8Array([1]), content: {} as Content, expiresAt: 9 }

  it('delivers a text directly when every device takes it, and tells the relay once a while that this is a contact', async () => {
    direct = true
    expect(await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16))).to.equal('direct')
    expect(await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16))).to.equal('direct')
    await Promise.all(tracked)
    expect(sends[0]?.devices).to.deep.equal(['bob-1', 'bob-2'])
    expect(relay.of('note-contact').map(s => (s.request as any).user)).to.deep.equal([BOB])
    now += CONTACT_NOTE_INTERVAL_MS
    await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16))
    await Promise.all(tracked)
    expect(relay.of('note-contact'), 'told again after the interval').to.have.length(2)
    expect(fallbacks).to.deep.equal([])
  })

  it('tells the relay again with the next direct text when the note failed', async () => {
    direct = true
    relay.on('note-contact', () => { throw new RelayRequestError('INTERNAL', 'busy') })
    await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16))
    await Promise.all(tracked)
    relay.on('note-contact', { type: 'ok' })
    await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16))
    await Promise.all(tracked)
    expect(relay.of('note-contact')).to.have.length(2)
  })

  it('falls back to the network when a device does not take it, with the caller\'s options', async () => {
    const signal = new AbortController().signal
    expect(await delivery.deliverText(BOB, bundles.get(BOB) ?? [], sealed, new Uint8Array(16), { signal })).to.equal('relay')
    expect(fallbacks).to.deep.equal([{ to: BOB, kind: 'text', options: { signal } }])
    expect(relay.of('note-contact')).to.deep.equal([])
  })

  it('deposits a receipt over open links only (no dial) with a relay, and may dial without one', async () => {
    await delivery.deposit(BOB, 'receipt', new Uint8Array([7]))
    expect(sends.at(-1)?.dial).to.equal(false)
    expect(fallbacks.at(-1)).to.include({ to: BOB, kind: 'receipt' })
    expect(seals[0]).to.include({ sender: ALICE, recipient: BOB, conversation: BOB, kind: 'receipt' })
    relayed = false
    direct = true
    await delivery.deposit(BOB, 'receipt', new Uint8Array([7]))
    expect(sends.at(-1)?.dial).to.equal(true)
    expect(fallbacks, 'taken directly').to.have.length(1)
  })

  it('seals under the id and time it is given', async () => {
    const messageId = new Uint8Array(16).fill(3)
    await delivery.seal(BOB, 'text', new Uint8Array([1]), { messageId, sentAt: 42 })
    expect(seals[0]?.messageId).to.equal(messageId)
    expect(seals[0]?.sentAt).to.equal(42)
    expect(seals[0]?.bundles.map(b => b.peerId), 'looked up when not given').to.deep.equal(['bob-1', 'bob-2'])
  })

  it('copies a sent message to this user\'s other devices only, through the relay, and not at all without one', async () => {
    await delivery.copyToOwnDevices({} as Content, new Uint8Array(16), 9)
    expect(resealed).to.deep.equal([{ recipient: ALICE, devices: ['alice-2'] }])
    expect(relay.of('deposit').map(s => (s.request as any).contact)).to.deep.equal([true])
    bundles.set(ALICE, [bundle(ALICE, 'alice-1')])
    await delivery.copyToOwnDevices({} as Content, new Uint8Array(16), 9)
    relayed = false
    bundles.set(ALICE, [bundle(ALICE, 'alice-1'), bundle(ALICE, 'alice-3')])
    await delivery.copyToOwnDevices({} as Content, new Uint8Array(16), 9)
    expect(relay.of('deposit'), 'no other device, then no relay').to.have.length(1)
  })
})
