import { expect } from 'chai'
import { generateIdentityKey, toHex } from '@parley/protocol'
import { Contacts } from '../src/contacts.js'
import { IdentityChangedError } from '../src/errors.js'
import type { NodeStore } from '../src/node-store.js'
import { expectNodeError, makeTempDir, openStore, removeTempDir } from './helpers.js'

const BOB = 'bob@relay.test'

describe('Contacts', () => {
  const first = generateIdentityKey().publicKey
  const second = generateIdentityKey().publicKey
  const third = generateIdentityKey().publicKey
  let dir: string | undefined
  let store: NodeStore
  let clock: number
  let contacts: Contacts

  beforeEach(async () => {
    dir = await makeTempDir('contacts')
    store = await openStore(dir)
    clock = 1_800_000_000_000
    contacts = new Contacts(store, () => clock)
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('pins the identity key on first sight', async () => {
    const contact = await contacts.check(BOB, first)
    expect(contact).to.deep.equal({ address: BOB, identityKey: toHex(first), firstSeen: clock, verified: false })
    expect(await contacts.get(BOB)).to.deep.equal(contact)
    expect(await contacts.list()).to.deep.equal([contact])
  })

  it('accepts the pinned key again without changing the contact', async () => {
    const pinned = await contacts.check(BOB, first)
    clock += 60_000
    expect(await contacts.check(BOB, first.slice())).to.deep.equal(pinned)
    expect(await contacts.get(BOB)).to.deep.equal(pinned)
  })

  it('refuses a changed key with IdentityChangedError and keeps the pinned one', async () => {
    await contacts.check(BOB, first)
    const err = await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    expect(err).to.be.instanceOf(IdentityChangedError)
    expect((err as IdentityChangedError).address).to.equal(BOB)
    const contact = await contacts.get(BOB)
    expect(contact?.identityKey).to.equal(toHex(first))
    expect(contact?.pendingKey).to.equal(toHex(second))
  })

  it('keeps refusing the changed key and keeps accepting the pinned one until the change is accepted', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    expect((await contacts.check(BOB, first)).identityKey).to.equal(toHex(first))
    expect((await contacts.get(BOB))?.identityKey).to.equal(toHex(first))
  })

  it('remembers the latest changed key as the pending one', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    await expectNodeError(async () => await contacts.check(BOB, third), 'IDENTITY_CHANGED', 'IdentityChangedError')
    expect((await contacts.get(BOB))?.pendingKey).to.equal(toHex(third))
  })

  it('switches to the pending key when it is accepted', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    clock += 1000
    const accepted = await contacts.acceptPendingKey(BOB)
    expect(accepted).to.deep.equal({ address: BOB, identityKey: toHex(second), firstSeen: clock, verified: false })
    expect(await contacts.get(BOB)).to.deep.equal(accepted)
    expect((await contacts.check(BOB, second)).identityKey).to.equal(toHex(second))
    await expectNodeError(async () => await contacts.check(BOB, first), 'IDENTITY_CHANGED', 'IdentityChangedError')
  })

  it('changes nothing when there is no pending key to accept', async () => {
    const pinned = await contacts.check(BOB, first)
    expect(await contacts.acceptPendingKey(BOB)).to.deep.equal(pinned)
    expect(await contacts.get(BOB)).to.deep.equal(pinned)
    expect(await contacts.acceptPendingKey('nobody@relay.test')).to.equal(undefined)
  })

  it('pins each contact separately', async () => {
    await contacts.check(BOB, first)
    await contacts.check('carol@relay.test', second)
    expect((await contacts.get('carol@relay.test'))?.identityKey).to.equal(toHex(second))
    expect((await contacts.list()).map(c => c.address).sort()).to.deep.equal([BOB, 'carol@relay.test'])
  })

  it('keeps pins and pending keys across a reopen', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    await store.close()
    store = await openStore(dir as string)
    contacts = new Contacts(store, () => clock)
    expect(await contacts.get(BOB)).to.include({ identityKey: toHex(first), pendingKey: toHex(second) })
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
  })

  it('refuses a pending key: the pinned key stays and the pending one is forgotten', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    const refused = await contacts.refusePendingKey(BOB)
    expect(refused).to.deep.equal({ address: BOB, identityKey: toHex(first), firstSeen: clock, verified: false })
    expect(await contacts.get(BOB)).to.deep.equal(refused)
    expect(await contacts.refusePendingKey('nobody@relay.test')).to.equal(undefined)
  })

  it('serialises concurrent first sightings of one address: one key is pinned, the other is pending, none is lost', async () => {
    for (let round = 0; round < 40; round++) {
      const address = `user${round}@relay.test`
      const results = await Promise.allSettled([contacts.check(address, first), contacts.check(address, second), contacts.check(address, third)])
      const pinned = results.filter(r => r.status === 'fulfilled')
      expect(pinned, `round ${round}: exactly one key is pinned`).to.have.length(1)
      for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).name).to.equal('IdentityChangedError')
      const contact = await contacts.get(address)
      const pinnedKey = (pinned[0] as PromiseFulfilledResult<{ identityKey: string }>).value.identityKey
      expect(contact?.identityKey).to.equal(pinnedKey)
      expect(contact?.pendingKey, `round ${round}: a key that lost the race is waiting`).to.be.a('string').and.not.equal(pinnedKey)
    }
  })

  it('loses no change when checks, verifications and pins of one address run at once', async () => {
    for (let round = 0; round < 40; round++) {
      const address = `user${round}@relay.test`
      await contacts.check(address, first)
      // A changed key seen while the person marks the contact verified: both must stick.
      await Promise.allSettled([contacts.check(address, second), contacts.markVerified(address), contacts.check(address, second), contacts.markVerified(address)])
      expect(await contacts.get(address), `round ${round}`).to.include({ identityKey: toHex(first), pendingKey: toHex(second), verified: true })
    }
  })

  it('pins a verified key, keeping a different pending key waiting and dropping the one it pins', async () => {
    await contacts.check(BOB, first)
    await expectNodeError(async () => await contacts.check(BOB, second), 'IDENTITY_CHANGED', 'IdentityChangedError')
    expect(await contacts.pinVerified(BOB, first)).to.deep.equal({ address: BOB, identityKey: toHex(first), firstSeen: clock, verified: true, pendingKey: toHex(second) })
    clock += 1000
    expect(await contacts.pinVerified(BOB, second)).to.deep.equal({ address: BOB, identityKey: toHex(second), firstSeen: clock, verified: true })
  })
})
