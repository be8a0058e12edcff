import { expect } from 'chai'
import { streamPair, lpStream } from '@libp2p/utils'
import { decodeRequest, encodeServerMessage } from '@parley/protocol'
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

  it('tells the directory of each login and of pushed device-list changes; a listener that throws is reported and ends nothing', async () => {
    const [outbound, inbound] = await streamPair()
    const lp = lpStream(inbound)
    let answered!: () => void
    const authenticated = new Promise<void>(resolve => { answered = resolve })
    void (async () => {
      try {
        const { id } = decodeRequest((await lp.read()).subarray())
        await lp.write(encodeServerMessage({ type: 'response', id, result: { type: 'ok' } }))
        answered()
        await lp.write(encodeServerMessage({ type: 'devices-changed', users: ['bob@relay.test'] }))
      } catch {}
    })()
    const events = new NodeEvents()
    const warnings: string[] = []
    events.on('warning', e => warnings.push(e.message))
    const relay = new RelayConnection({ host: async () => ({ dialProtocol: async () => outbound }) as any, events }, {
      home: () => RELAY,
      vault: { load: async () => new Uint8Array(32), save: async () => {}, forget: async () => {} },
      onPush: () => {},
      resume: async () => {}
    })
    let logins = 0
    const heard: string[][] = []
    relay.onAuthenticated(() => { logins++ })
    relay.onDevicesChanged(() => { throw new Error('listener bug') })
    relay.onDevicesChanged(users => { heard.push(users) })
    expect(relay.authenticated).to.equal(false)
    await relay.session()
    await authenticated
    expect(logins).to.equal(1)
    expect(relay.authenticated).to.equal(true)
    for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
    expect(heard).to.deep.equal([['bob@relay.test']])
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.include('listener bug')
    expect(relay.open).to.equal(true)
    await relay.close()
  })
})
