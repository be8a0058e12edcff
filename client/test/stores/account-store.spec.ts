import { expect } from 'chai'
import { RelayRequestError } from '@parley/node'
import { createStores, DIRECT_SETTING } from '../../src/stores/index.js'
import { FakeNodes, fakeEnvironment, rejection, unlocked } from '../fake-node.js'

describe('AccountStore', () => {
  it('keeps the recovery codes issued with two-factor login until they are dismissed', async () => {
    const { stores, node } = await unlocked()
    await stores.account.confirmTotp('123 456')
    expect(node.calls).to.include('confirmTotp 123456')
    expect(stores.account.recoveryCodes()).to.deep.equal(['code-1', 'code-2'])
    stores.account.dismissRecoveryCodes()
    expect(stores.account.recoveryCodes()).to.equal(undefined)
  })

  it('sends a typed recovery code as one when turning two-factor login off', async () => {
    const { stores, node } = await unlocked()
    await stores.account.disableTotp('abcd-efgh')
    expect(node.calls).to.include('disableTotp {"recoveryCode":"abcd-efgh"}')
  })

  it('refuses to change the email to the current address', async () => {
    const { stores, node } = await unlocked()
    expect(await rejection(stores.account.changeEmail(' Me@Example.org ', 'me@example.org'))).to.have.property('code', 'BAD_INPUT')
    await stores.account.changeEmail(' new@example.org ', 'me@example.org')
    expect(node.calls).to.deep.include('changeEmail new@example.org')
  })

  it('takes a session that already ended as logged out, and reports any other refusal', async () => {
    const { stores, node } = await unlocked()
    node.revokeBehaviour = async () => { throw new RelayRequestError('NOT_FOUND', 'no such session') }
    await stores.account.revokeSessions({ ids: ['s1'] })
    node.revokeBehaviour = async () => { throw new RelayRequestError('RATE_LIMITED', 'slow down') }
    expect(await rejection(stores.account.revokeSessions({ others: true }))).to.have.property('relayCode', 'RATE_LIMITED')
  })
})

describe('SettingsStore', () => {
  it('keeps direct connections off once turned off, and opens the next device relay-only', async () => {
    const { stores, env } = await unlocked()
    expect(stores.settings.directEnabled()).to.equal(true)
    stores.settings.setDirectEnabled(false)
    expect(env.settings.get(DIRECT_SETTING)).to.equal('off')
    const nodes = new FakeNodes()
    const next = createStores(nodes, fakeEnvironment(env.settings))
    expect(next.settings.directEnabled()).to.equal(false)
    await next.session.register({ name: 'bob', email: 'bob@example.org', password: 'a long password', passphrase: 'passphrase' })
    expect(nodes.log[0]).to.equal('open parley-device direct=false')
  })
})

describe('PasswordResetStore', () => {
  it('asks for a name when this browser holds no account', async () => {
    const stores = createStores(new FakeNodes(), fakeEnvironment())
    expect(await rejection(stores.passwordReset.request('  '))).to.have.property('code', 'BAD_INPUT')
    expect(await rejection(stores.passwordReset.reset('123456', 'new password'))).to.have.property('code', 'BAD_INPUT')
  })

  it('resets from an empty browser through a keyless client, closed when done, with no device made or opened', async () => {
    const nodes = new FakeNodes()
    const stores = createStores(nodes, fakeEnvironment())
    await stores.passwordReset.request(' Alice ')
    const client = nodes.keylessClients[0]
    expect(client?.calls).to.deep.equal(['requestPasswordReset alice'])
    await stores.passwordReset.reset(' 654321 ', 'a new password')
    expect(client?.calls).to.deep.equal(['requestPasswordReset alice', 'resetPassword alice 654321', 'close'])
    expect(nodes.log, 'no database opened or erased').to.deep.equal(['keyless http://relay.test'])
    expect([...nodes.devices.keys()], 'no device made').to.deep.equal([])
    expect(stores.notice.notice()).to.match(/^Your password was changed/)
  })

  it('closes the keyless client of a reset left unfinished, and of one asked for again', async () => {
    const nodes = new FakeNodes()
    const stores = createStores(nodes, fakeEnvironment())
    await stores.passwordReset.request('alice')
    await stores.passwordReset.request('alice')
    await stores.passwordReset.cancel()
    expect(nodes.keylessClients.map(c => c.calls)).to.deep.equal([['requestPasswordReset alice', 'close'], ['requestPasswordReset alice', 'close']])
    expect(await rejection(stores.passwordReset.reset('123456', 'new password'))).to.have.property('code', 'BAD_INPUT')
  })

  it('sweeps a throwaway device an earlier version left, and touches nothing in a browser without one', async () => {
    const nodes = new FakeNodes()
    const stores = createStores(nodes, fakeEnvironment())
    await stores.passwordReset.sweep()
    expect(nodes.log).to.deep.equal([])
    await nodes.open({ dataDir: 'parley-password-reset', passphrase: 'x', direct: false })
    await stores.passwordReset.sweep()
    expect(nodes.log.slice(-1)).to.deep.equal(['forget parley-password-reset'])
  })

  it('resets this device\'s own account through its own node, which stays open', async () => {
    const { stores, node, nodes } = await unlocked()
    await stores.passwordReset.request()
    await stores.passwordReset.reset('111111', 'a new password')
    expect(node.calls.slice(-2)).to.deep.equal(['requestPasswordReset ', 'resetPassword 111111 '])
    expect(node.calls).to.not.include('close')
    expect(nodes.log).to.not.include('forget parley-password-reset')
  })
})
