import { expect } from 'chai'
import { NodeError, RelayRequestError } from '@parley/node'
import { createStores } from '../../src/stores/index.js'
import { FakeNode, FakeNodes, fakeEnvironment, message, profileOf, rejection, settle, unlocked } from '../fake-node.js'

describe('SessionStore', () => {
  it('starts at unlock where the browser holds a device, at welcome where it holds none', async () => {
    const nodes = new FakeNodes()
    const fresh = createStores(nodes, fakeEnvironment())
    await fresh.session.start()
    expect(fresh.session.phase()).to.deep.equal({ name: 'welcome' })
    nodes.devices.set('parley-device', new FakeNode(profileOf('alice')))
    const returning = createStores(nodes, fakeEnvironment())
    await returning.session.start()
    expect(returning.session.phase()).to.deep.equal({ name: 'locked' })
  })

  it('says so when the browser keeps no data, and offers to set up', async () => {
    const nodes = new FakeNodes()
    nodes.existsFails = true
    const stores = createStores(nodes, fakeEnvironment())
    await stores.session.start()
    expect(stores.session.phase().name).to.equal('welcome')
    expect(stores.notice.notice()).to.match(/IndexedDB is unavailable/)
  })

  it('unlocks, goes online and shows the stored conversations', async () => {
    const { stores, node } = await unlocked(node => { node.messages.set('x', { ...message({ conversation: 'bob@relay.test', direction: 'in' }), id: 'x' }) })
    expect(stores.session.phase().name).to.equal('ready')
    expect(stores.session.address()).to.equal('alice@relay.test')
    expect(stores.connection.connectivity()).to.equal('online')
    expect(Object.keys(stores.conversations.conversations)).to.deep.equal(['bob@relay.test'])
  })

  it('shows offline when the relay cannot be reached, and online once the node says it is back', async () => {
    const { stores, node } = await unlocked(node => { node.listenBehaviour = async () => false })
    expect(stores.connection.connectivity()).to.equal('offline')
    node.emit({ type: 'connected' })
    expect(stores.connection.online()).to.equal(true)
  })

  it('goes to login when the relay ends this device\'s session', async () => {
    const { stores, node } = await unlocked()
    node.emit({ type: 'offline', code: 'NOT_LOGGED_IN', reason: 'revoked' })
    expect(stores.session.phase()).to.deep.equal({ name: 'login', address: 'alice@relay.test' })
    expect(stores.connection.offlineReason()).to.equal('Your session on this device has ended.')
  })

  it('registers, confirms the mailed code and logs in with the password typed at registration', async () => {
    const nodes = new FakeNodes()
    const stores = createStores(nodes, fakeEnvironment())
    await stores.session.register({ name: ' Alice ', email: 'alice@example.org', password: 'a long password', passphrase: 'passphrase' })
    expect(stores.session.phase()).to.deep.equal({ name: 'verify', address: 'alice@relay.test', email: 'alice@example.org' })
    await stores.session.verify(' 123456 ')
    await settle()
    expect(nodes.devices.get('parley-device')?.calls).to.deep.equal(['register alice', 'verify 123456', 'login', 'listen'])
    expect(stores.session.phase().name).to.equal('ready')
  })

  it('erases a new device whose first login failed, but keeps it while only the second factor is missing', async () => {
    const nodes = new FakeNodes()
    const stores = createStores(nodes, fakeEnvironment())
    nodes.devices.set('parley-device', new FakeNode())
    nodes.devices.get('parley-device')!.loginBehaviour = async () => { throw new RelayRequestError('SECOND_FACTOR_REQUIRED', 'a code is needed') }
    expect(await rejection(stores.session.login({ name: 'alice', password: 'pw', passphrase: 'passphrase' }))).to.have.property('relayCode', 'SECOND_FACTOR_REQUIRED')
    expect(nodes.log).to.not.include('forget parley-device')

    const other = new FakeNodes()
    const elsewhere = createStores(other, fakeEnvironment())
    other.devices.set('parley-device', new FakeNode())
    other.devices.get('parley-device')!.loginBehaviour = async () => { throw new RelayRequestError('INVALID_CREDENTIALS', 'wrong') }
    expect(await rejection(elsewhere.session.login({ name: 'alice', password: 'pw', passphrase: 'passphrase' }))).to.have.property('relayCode', 'INVALID_CREDENTIALS')
    expect(other.log).to.include('forget parley-device')
  })

  it('sends a typed authenticator code with the login', async () => {
    const nodes = new FakeNodes()
    const node = new FakeNode(profileOf('alice'))
    nodes.devices.set('parley-device', node)
    let sent: unknown
    node.loginBehaviour = async (_password, options) => { sent = options?.secondFactor }
    const stores = createStores(nodes, fakeEnvironment())
    await stores.session.login({ password: 'pw', passphrase: 'passphrase', code: '123 456' })
    expect(sent).to.deep.equal({ totpCode: '123456' })
  })

  it('logs out: the device is locked and nothing of the account stays on screen', async () => {
    const { stores, node } = await unlocked()
    node.store(message({ conversation: 'bob@relay.test', direction: 'in' }))
    await stores.session.logout()
    expect(stores.session.phase()).to.deep.equal({ name: 'locked' })
    expect(stores.conversations.conversations).to.deep.equal({})
    expect(node.calls.slice(-2)).to.deep.equal(['logout', 'close'])
    expect(stores.session.address()).to.equal(undefined)
  })

  it('refuses to delete the account when the typed name does not match, without asking the relay', async () => {
    const { stores, node, nodes } = await unlocked()
    const err = await rejection(stores.session.deleteAccount({ password: 'pw', code: '', typedName: 'bob@relay.test', user: 'alice@relay.test' }))
    expect(err).to.be.instanceOf(NodeError).and.have.property('code', 'BAD_INPUT')
    expect(node.calls).to.not.include('deleteAccount')
    await stores.session.deleteAccount({ password: 'pw', code: '', typedName: ' ALICE@relay.test', user: 'alice@relay.test' })
    expect(stores.session.phase().name).to.equal('welcome')
    expect(nodes.devices.has('parley-device')).to.equal(false)
    expect(stores.notice.notice()).to.match(/^Your account was deleted, and this browser no longer holds/)
  })
})
