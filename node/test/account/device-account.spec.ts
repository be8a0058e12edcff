import { expect } from 'chai'
import { DeviceAccount, type Profile } from '../../src/account/device-account.js'
import type { RelayEndpoint } from '../../src/relay-client.js'
import type { NodeStore } from '../../src/node-store.js'
import { FakeRelay, memoryStore } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const RELAY: RelayEndpoint = { name: 'relay.test', peerId: '12D3KooWrelay', multiaddrs: ['/ip4/127.0.0.1/tcp/1/ws'] }
const TOKEN = new Uint8Array(32).fill(7)

describe('DeviceAccount', () => {
  let store: NodeStore
  let relay: FakeRelay
  let published: number

  beforeEach(async () => {
    store = await memoryStore()
    relay = new FakeRelay()
    published = 0
  })

  afterEach(async () => { await store.close() })

  const account = (profile?: Profile): DeviceAccount => new DeviceAccount({ store, relay }, {
    profile,
    allowInsecureHttp: false,
    publishKeys: async () => { published++ },
    discover: async () => RELAY
  })

  it('logs a new device into an existing account: keeps the profile only once the login succeeded, then the session, then publishes', async () => {
    relay.on('login', () => { throw new Error('wrong password') })
    const fresh = account()
    let failed = false
    try { await fresh.login('bad', { account: { relayUrl: 'http://127.0.0.1:8080', name: 'alice' } }) } catch { failed = true }
    expect(failed).to.equal(true)
    expect(fresh.profile).to.equal(undefined)
    expect(await store.meta.get('profile')).to.equal(undefined)

    relay.on('login', { type: 'session', token: TOKEN, user: 'alice@relay.test', expiresAt: 2_000_000_000_000 })
    expect(await fresh.login('good', { account: { relayUrl: 'http://127.0.0.1:8080', name: 'alice' } })).to.deep.equal({ expiresAt: 2_000_000_000_000 })
    expect(fresh.profile?.address).to.equal('alice@relay.test')
    expect((await store.meta.get('profile') as Profile).relay).to.deep.equal(RELAY)
    expect(relay.sessions).to.deep.equal([{ relayPeerId: RELAY.peerId, token: TOKEN, expiresAt: 2_000_000_000_000 }])
    expect(published).to.equal(1)
    expect(relay.of('login')[1]?.options).to.include({ auth: 'none', relay: RELAY })
  })

  it('registers: the profile is kept after the relay took the registration', async () => {
    relay.on('register', { type: 'ok' })
    const profile = await account().register({ relayUrl: 'http://127.0.0.1:8080', name: 'bob', email: 'bob@example.test', password: 'a long password' })
    expect(profile).to.deep.equal({ name: 'bob', address: 'bob@relay.test', email: 'bob@example.test', relayUrl: 'http://127.0.0.1:8080', relay: RELAY })
    expect(await store.meta.get('profile')).to.deep.equal(profile)
  })

  it('says NOT_REGISTERED for account calls on a device without a profile', async () => {
    await expectNodeError(async () => { await account().verify('123456') }, 'NOT_REGISTERED')
    await expectNodeError(async () => { await account().requestPasswordReset() }, 'NOT_REGISTERED')
  })

  it('forgets the account on this device once the relay deleted it, and ends the session after a password reset', async () => {
    const profile: Profile = { name: 'carol', address: 'carol@relay.test', email: 'c@example.test', relayUrl: 'http://127.0.0.1:8080', relay: RELAY }
    await store.meta.put('profile', profile)
    relay.on('delete-account', { type: 'ok' }).on('reset-password', { type: 'ok' })
    const a = account(profile)
    await a.resetPassword('123456', 'another long password')
    expect(relay.sessionsEnded).to.equal(1)
    await a.deleteAccount('another long password')
    expect(a.profile).to.equal(undefined)
    expect(await store.meta.get('profile')).to.equal(undefined)
    expect(relay.of('delete-account')[0]?.options.auth, 'deletion needs the session').to.equal(undefined)
  })

  it('keeps the confirmed email in the profile', async () => {
    const profile: Profile = { name: 'dan', address: 'dan@relay.test', email: 'old@example.test', relayUrl: 'http://127.0.0.1:8080', relay: RELAY }
    relay.on('confirm-email', { type: 'ok' }).on('account-info', { type: 'account', user: 'dan@relay.test', email: 'new@example.test', totpEnabled: false, recoveryCodesLeft: 0 })
    const a = account(profile)
    await a.confirmEmail('111111')
    expect(a.profile?.email).to.equal('new@example.test')
    expect((await store.meta.get('profile') as Profile).email).to.equal('new@example.test')
  })
})
