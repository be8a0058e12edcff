import { expect } from 'chai'
import { KeylessAccount } from '../../src/account/keyless.js'
import type { RelayEndpoint } from '../../src/relay-client.js'
import { FakeRelay } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const RELAY: RelayEndpoint = { name: 'relay.test', peerId: '12D3KooWrelay', multiaddrs: ['/ip4/127.0.0.1/tcp/1/ws'] }

describe('KeylessAccount', () => {
  it('asks for a password reset and sets the new password with no device, on a stream without a session', async () => {
    const relay = new FakeRelay().on('request-password-reset', { type: 'ok' }).on('reset-password', { type: 'ok' })
    const account = KeylessAccount.over(relay, RELAY)
    await account.requestPasswordReset('alice')
    await account.resetPassword('alice', '123456', 'a new long password')
    expect(relay.sent.map(s => s.request)).to.deep.equal([
      { type: 'request-password-reset', name: 'alice' },
      { type: 'reset-password', name: 'alice', code: '123456', newPassword: 'a new long password' }
    ])
    expect(relay.sent.every(s => s.options.auth === 'none' && s.options.relay === RELAY)).to.equal(true)
    await account.close()
  })

  it('registers, verifies and asks for a new code', async () => {
    const relay = new FakeRelay().on('register', { type: 'ok' }).on('verify', { type: 'ok' }).on('resend-code', { type: 'ok' })
    const account = KeylessAccount.over(relay, RELAY)
    await account.register('bob', 'bob@example.test', 'a long password')
    await account.resendCode('bob')
    await account.verify('bob', '654321')
    expect(relay.sent.map(s => s.request.type)).to.deep.equal(['register', 'resend-code', 'verify'])
  })

  it('refuses an empty name before asking the relay', async () => {
    const relay = new FakeRelay()
    await expectNodeError(async () => { await KeylessAccount.over(relay, RELAY).requestPasswordReset('  ') }, 'BAD_INPUT')
    expect(relay.sent).to.deep.equal([])
  })

  it('passes the caller\'s AbortSignal on to the request', async () => {
    const relay = new FakeRelay().on('request-password-reset', { type: 'ok' })
    const controller = new AbortController()
    await KeylessAccount.over(relay, RELAY).requestPasswordReset('alice', { signal: controller.signal })
    expect(relay.sent[0]?.options.signal).to.equal(controller.signal)
  })

  it('opens against a relay URL without any local state (discovery fails plainly when nothing is there)', async () => {
    await expectNodeError(async () => await KeylessAccount.open({ relayUrl: 'http://127.0.0.1:1' }), 'RELAY_UNREACHABLE')
  })
})
