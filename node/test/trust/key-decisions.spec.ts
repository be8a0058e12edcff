import { expect } from 'chai'
import { generateIdentityKey, safetyNumber, toBase64, toHex, utf8Encode } from '@parley/protocol'
import { KeyDecisions } from '../../src/trust/key-decisions.js'
import { HeldMessages, type HeldMessage } from '../../src/trust/held.js'
import { Contacts } from '../../src/contacts.js'
import type { PeerNetwork } from '../../src/delivery/network.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'
const bobKey = generateIdentityKey().publicKey
const aliceKey = generateIdentityKey().publicKey
const aliceNewKey = generateIdentityKey().publicKey
const digitsFor = (key: Uint8Array): string => safetyNumber({ address: BOB, identityKey: bobKey }, { address: ALICE, identityKey: key }).digits
const held = (n: number, key: Uint8Array): HeldMessage => ({ id: n.toString(16).padStart(32, '0'), sender: ALICE, senderDevice: 'd', identityKey: toHex(key), sentAt: n, conversation: BOB, kind: 'text', body: toBase64(utf8Encode('x')), path: 'relay', heldAt: n })

describe('KeyDecisions', () => {
  let store: NodeStore
  let contacts: Contacts
  let heldMessages: HeldMessages
  let invalidated: string[]
  let released: string[]
  let looked: string[]
  let candidates: Uint8Array[]
  /** Times the network was asked for candidate keys. */
  let asked: number
  let decisions: KeyDecisions

  beforeEach(async () => {
    store = await memoryStore()
    contacts = new Contacts(store)
    heldMessages = new HeldMessages(store)
    invalidated = []
    released = []
    looked = []
    candidates = []
    asked = 0
    const network = { candidates: async () => { asked++; return candidates } } as unknown as PeerNetwork
    decisions = new KeyDecisions({ contacts, held: heldMessages, directory: { invalidate: a => { invalidated.push(a) } } }, {
      network: () => network,
      // A lookup pins the key the directory has for them.
      bundles: async address => { looked.push(address); await contacts.check(address, aliceKey) },
      release: async peer => { released.push(peer); return { delivered: [], discarded: 0 } },
      self: () => BOB,
      identityKey: bobKey
    })
  })

  afterEach(async () => { await store.close() })

  async function changedKey (): Promise<void> {
    await contacts.check(ALICE, aliceKey)
    await contacts.check(ALICE, aliceNewKey).catch(() => {})
  }

  it('refuses to accept a key when none changed and nothing is held', async () => {
    await expectNodeError(async () => await decisions.trust(ALICE), 'BAD_INPUT')
    expect(invalidated, 'asked afresh either way').to.deep.equal([ALICE])
  })

  it('accepts a changed key and releases what was held', async () => {
    await changedKey()
    await decisions.trust(ALICE)
    expect((await contacts.get(ALICE))?.identityKey).to.equal(toHex(aliceNewKey))
    expect(released).to.deep.equal([ALICE])
  })

  it('accepts a changed key with digits only when they are its safety number, and verifies it then', async () => {
    await changedKey()
    await expectNodeError(async () => await decisions.trust(ALICE, digitsFor(aliceKey)), 'IDENTITY_CHANGED')
    expect(released).to.deep.equal([])
    await decisions.trust(ALICE, digitsFor(aliceNewKey).replace(/(\d{5})/g, '$1 '))
    const contact = await contacts.get(ALICE)
    expect(contact?.identityKey).to.equal(toHex(aliceNewKey))
    expect(contact?.verified).to.equal(true)
  })

  it('settles what is held when the key was accepted another way meanwhile', async () => {
    await contacts.check(ALICE, aliceKey)
    await heldMessages.hold(held(1, aliceKey))
    await decisions.trust(ALICE)
    expect(released).to.deep.equal([ALICE])
  })

  it('refuses a changed key: the pinned key stays and what was held is discarded', async () => {
    await expectNodeError(async () => await decisions.refuseKey(ALICE), 'BAD_INPUT')
    await changedKey()
    await heldMessages.hold(held(1, aliceNewKey))
    await heldMessages.hold(held(2, aliceNewKey))
    expect(await decisions.refuseKey(ALICE)).to.deep.equal({ discarded: 2 })
    expect((await contacts.get(ALICE))?.identityKey).to.equal(toHex(aliceKey))
  })

  it('gives the safety number of the pinned key, looking an unknown contact up first, and of a changed key as pending', async () => {
    const first = await decisions.safetyNumber(ALICE)
    expect(looked).to.deep.equal([ALICE])
    expect(first).to.include({ digits: digitsFor(aliceKey), pending: false, verified: false })
    await contacts.check(ALICE, aliceNewKey).catch(() => {})
    expect(await decisions.safetyNumber(ALICE)).to.include({ digits: digitsFor(aliceNewKey), pending: true })
  })

  it('verifies a contact without digits unless a changed key waits', async () => {
    await decisions.verifyContact(ALICE)
    expect((await contacts.get(ALICE))?.verified).to.equal(true)
    await contacts.check(ALICE, aliceNewKey).catch(() => {})
    await expectNodeError(async () => { await decisions.verifyContact(ALICE) }, 'IDENTITY_CHANGED')
  })

  it('verifies with digits of a candidate the network offers (LAN mode), pinning that key; other digits are refused', async () => {
    candidates = [aliceNewKey]
    await expectNodeError(async () => { await decisions.verifyContact(ALICE, '1'.repeat(60)) }, 'IDENTITY_CHANGED')
    await decisions.verifyContact(ALICE, digitsFor(aliceNewKey))
    expect(await contacts.get(ALICE)).to.include({ identityKey: toHex(aliceNewKey), verified: true })
    expect(released, 'no changed key was waiting').to.deep.equal([])
  })

  it('verifies with the digits of the pinned key without asking the network', async () => {
    await contacts.check(ALICE, aliceKey)
    await decisions.verifyContact(ALICE, digitsFor(aliceKey))
    expect(asked).to.equal(0)
    expect((await contacts.get(ALICE))?.verified).to.equal(true)
  })

  it('releases what was held when the digits compared are those of the changed key', async () => {
    await changedKey()
    await decisions.verifyContact(ALICE, digitsFor(aliceNewKey))
    expect(released).to.deep.equal([ALICE])
  })
})
