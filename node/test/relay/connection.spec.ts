import { expect } from 'chai'
import { RelayConnection, isPassing } from '../../src/relay/connection.js'
import { NodeEvents, type ConnectionState } from '../../src/events.js'
import { NodeError, RelayRequestError } from '../../src/errors.js'
import type { RelayEndpoint } from '../../src/relay-client.js'
import { expectNodeError } from '../helpers.js'

const RELAY: RelayEndpoint = { name: 'relay.test', peerId: '12D3KooWGRUVh7pEsWd4YCjpHFmWLZyCzBGgw8Kdau9sQuCdJ6Tc', multiaddrs: ['/ip4/127.0.0.1/tcp/1/ws'] }

/** A host whose every dial fails, as when the relay is down. */
function unreachableHost (): any {
  return { dialProtocol: async () => { throw new Error('connection refused') } }
}

function connection (events: NodeEvents, hasSession = true): RelayConnection {
  return new RelayConnection({ host: async () => unreachableHost(), events }, {
    home: () => RELAY,
    vault: { load: async () => hasSession ? new Uint8Array(32) : undefined, save: async () => {}, forget: async () => {} },
    onPush: () => {},
    resume: async () => {}
  })
}

describe('RelayConnection', () => {
  it('goes from offline to dialing and back to offline when the relay cannot be reached, announcing each state', async () => {
    const events = new NodeEvents()
    const states: ConnectionState[] = []
    events.on('connection', e => states.push(e.state))
    const relay = connection(events)
    expect(relay.state).to.deep.equal({ status: 'offline' })
    await expectNodeError(async () => await relay.request({ type: 'fetch-mail', afterSeq: 0, limit: 1 }, 'mail'), 'RELAY_UNREACHABLE')
    expect(states).to.deep.equal([{ status: 'dialing', relay: 'relay.test' }, { status: 'offline' }])
    expect(relay.open).to.equal(false)
    await relay.close()
  })

  it('refuses every request once closed, without dialling', async () => {
    const events = new NodeEvents()
    const relay = connection(events)
    await relay.close()
    expect(relay.state).to.deep.equal({ status: 'closed' })
    await expectNodeError(async () => await relay.request({ type: 'account-info' }, 'account', { auth: 'preferred' }), 'RELAY_UNREACHABLE')
  })

  it('tells passing failures from refusals only the user can mend', () => {
    expect(isPassing(new NodeError('RELAY_UNREACHABLE', 'down'))).to.equal(true)
    expect(isPassing(new RelayRequestError('RATE_LIMITED', 'slow down', 100))).to.equal(true)
    expect(isPassing(new RelayRequestError('UNAUTHENTICATED', 'revoked'))).to.equal(false)
    expect(isPassing(new NodeError('NOT_LOGGED_IN', 'log in'))).to.equal(false)
  })
})
