import { expect } from 'chai'
import { DirectLinks, relayCircuitRoute, type DirectRoute } from '../../src/delivery/direct-links.js'
import { lanRoute } from '../../src/lan/lan-route.js'
import { NodeEvents } from '../../src/events.js'
import type { RelayEndpoint } from '../../src/relay-client.js'

const RELAY: RelayEndpoint = { name: 'relay.test', peerId: '12D3KooWGRUVh7pEsWd4YCjpHFmWLZyCzBGgw8Kdau9sQuCdJ6Tc', multiaddrs: ['/ip4/127.0.0.1/tcp/1/ws'] }
const DEVICE = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'

/** A started host whose dials all fail, counting them. */
function failingHost (): any {
  const host = { dials: 0, dial: async () => { host.dials++; throw new Error('no route') }, getConnections: () => [] }
  return host
}

describe('DirectLinks', () => {
  let now: number
  const clock = { now: () => now }
  beforeEach(() => { now = 1_800_000_000_000 })

  const links = (host: any, route: DirectRoute, started = true): DirectLinks =>
    new DirectLinks({ started: () => started ? host : undefined, host: async () => host, events: new NodeEvents(), clock }, route)

  const circuit = (unavailable?: string): DirectRoute => relayCircuitRoute({ home: () => RELAY, unavailable: () => unavailable, epoch: () => 1, relayOpen: () => true })

  it('leaves it to the mailbox without dialling when no host runs or direct delivery is off', async () => {
    const host = failingHost()
    expect(await links(host, circuit(), false).send([DEVICE], new Uint8Array(1), new Uint8Array(16))).to.equal(false)
    expect(await links(host, circuit('turned off')).send([DEVICE], new Uint8Array(1), new Uint8Array(16))).to.equal(false)
    expect(host.dials).to.equal(0)
  })

  it('puts a device whose dial failed on back-off: the next sends use the mailbox at once, until it is reachable again', async () => {
    const host = failingHost()
    const direct = links(host, circuit())
    expect(await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))).to.equal(false)
    expect(host.dials).to.equal(1)
    expect(await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))).to.equal(false)
    expect(host.dials, 'on back-off: not dialled again').to.equal(1)
    now += 10_000
    await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))
    expect(host.dials, 'the back-off ran out').to.equal(2)
    direct.reachable(DEVICE)
    await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))
    expect(host.dials, 'it reached us: tried again').to.equal(3)
  })

  it('does not blame a device for a dial that failed while the relay stream changed', async () => {
    let epoch = 1
    const host = failingHost()
    const route = relayCircuitRoute({ home: () => RELAY, unavailable: () => undefined, epoch: () => epoch, relayOpen: () => true })
    const direct = links(host, route)
    host.dial = async () => { host.dials++; epoch++; throw new Error('relay went away') }
    await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))
    await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))
    expect(host.dials).to.equal(2)
  })

  it('on the LAN has no back-off: every send dials again', async () => {
    const host = failingHost()
    const direct = links(host, lanRoute())
    for (let i = 0; i < 3; i++) expect(await direct.send([DEVICE], new Uint8Array(1), new Uint8Array(16))).to.equal(false)
    expect(host.dials).to.equal(3)
  })
})
