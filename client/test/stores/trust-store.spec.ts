import { expect } from 'chai'
import { settle, unlocked } from '../fake-node.js'

describe('TrustStore', () => {
  it('counts held messages and warns about the first contact whose key changed', async () => {
    const { stores, node } = await unlocked()
    node.emit({ type: 'held', messageId: 'a', address: 'bob@relay.test', count: 1 })
    node.emit({ type: 'held', messageId: 'b', address: 'bob@relay.test', count: 2 })
    node.emit({ type: 'held', messageId: 'c', address: 'carol@relay.test', count: 1 })
    expect(stores.trust.heldFrom('bob@relay.test')).to.equal(2)
    expect(stores.trust.heldFrom('dave@relay.test')).to.equal(0)
    expect(stores.trust.keyChange()).to.deep.equal({ peer: 'bob@relay.test' })
  })

  it('delivers the held messages into the conversation when the new key is accepted', async () => {
    const { stores, node } = await unlocked()
    node.heldCounts.set('bob@relay.test', 2)
    node.emit({ type: 'held', messageId: 'a', address: 'bob@relay.test', count: 2 })
    await stores.conversations.open('bob@relay.test')
    await stores.trust.acceptKey('bob@relay.test', '1234')
    await settle()
    expect(node.calls).to.include('trust bob@relay.test 1234')
    expect(stores.trust.heldFrom('bob@relay.test')).to.equal(0)
    expect(stores.trust.keyChange()).to.equal(undefined)
    expect(stores.conversations.conversations['bob@relay.test']?.messages.map(m => m.state)).to.deep.equal(['read', 'read'])
  })

  it('discards the held messages when the new key is refused', async () => {
    const { stores, node } = await unlocked()
    node.heldCounts.set('bob@relay.test', 3)
    await stores.trust.load()
    expect(stores.trust.heldFrom('bob@relay.test')).to.equal(3)
    expect(await stores.trust.refuseKey('bob@relay.test')).to.equal(3)
    expect(stores.trust.heldFrom('bob@relay.test')).to.equal(0)
    expect(stores.conversations.conversations['bob@relay.test']).to.equal(undefined)
  })

  it('marks a contact verified once the safety number was compared', async () => {
    const { stores } = await unlocked()
    expect(await stores.trust.isVerified('bob@relay.test')).to.equal(false)
    const n = await stores.trust.safetyNumber('bob@relay.test')
    await stores.trust.verifyContact('bob@relay.test', n.digits)
    expect(await stores.trust.isVerified('bob@relay.test')).to.equal(true)
  })
})
