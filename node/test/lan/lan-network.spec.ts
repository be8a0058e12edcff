import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { toHex, type DeviceBundle } from '@parley/protocol'
import { LanNetwork } from '../../src/lan/lan-network.js'
import { Contacts } from '../../src/contacts.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const ME = 'me@lan'
const BOB = 'bob@lan'

describe('LanNetwork', () => {
  let store: NodeStore
  let contacts: Contacts
  let claims: DeviceBundle[]
  let lan: LanNetwork
  let devices: string[]

  before(async () => {
    devices = [(await generateKeyPair('Ed25519')).publicKey.toString(), (await generateKeyPair('Ed25519')).publicKey.toString()]
  })

  beforeEach(async () => {
    store = await memoryStore()
    contacts = new Contacts(store)
    claims = []
    lan = new LanNetwork({ contacts }, ME)
    lan.peers = { bundlesOf: (address: string) => claims.filter(b => b.user === address) } as any
  })

  afterEach(async () => { await store.close() })

  const bundle = (peerId: string, key: number): DeviceBundle => ({ version: 1, user: BOB, identityKey: new Uint8Array(32).fill(key), peerId, rsaPublicKey: new Uint8Array(1), createdAt: 1 }) as DeviceBundle

  it('pins the one key a name is claimed under, and then keeps to it when others claim the name', async () => {
    claims = [bundle(devices[0] as string, 1)]
    expect((await lan.lookup(BOB)).map(b => b.peerId)).to.deep.equal([devices[0]])
    expect((await contacts.get(BOB))?.identityKey).to.equal(toHex(new Uint8Array(32).fill(1)))
    claims.push(bundle(devices[1] as string, 2))
    expect((await lan.lookup(BOB)).map(b => b.peerId), 'the impostor cannot cut the pinned one off').to.deep.equal([devices[0]])
    expect(await lan.isDeviceOf(BOB, devices[1] as string, new Uint8Array(32).fill(2))).to.equal(true)
    expect(await lan.candidates(BOB)).to.have.length(2)
  })

  it('refuses to guess between two unpinned keys, its own name, and names from elsewhere', async () => {
    claims = [bundle(devices[0] as string, 1), bundle(devices[1] as string, 2)]
    await expectNodeError(async () => await lan.lookup(BOB), 'NO_KEYS')
    await expectNodeError(async () => await lan.lookup(ME), 'BAD_INPUT')
    expect(() => lan.reachable('bob@relay.test', 'relay.test')).to.throw('not on this network')
  })

  it('has no mailbox: what no device took is not delivered', async () => {
    expect(lan.relayed).to.equal(false)
    await expectNodeError(async () => { await lan.fallback(BOB, new Uint8Array(1), 'text') }, 'PEER_UNREACHABLE')
  })
})
