import { expect } from 'chai'
import { PeerHost } from '../src/peer-host.js'

/** A stand-in libp2p host: only what PeerHost touches. */
function fakeLibp2p (addresses: string[] = []): any {
  const host = { stopped: 0, getMultiaddrs: () => addresses.map(a => ({ toString: () => a })), stop: async () => { host.stopped++ } }
  return host
}

describe('PeerHost', () => {
  it('starts the relay host once, prepares it before anyone gets it, and says why direct delivery is off', async () => {
    let starts = 0
    const prepared: boolean[] = []
    const libp2p = fakeLibp2p(['/ip4/127.0.0.1/tcp/1'])
    const host = new PeerHost({
      startRelayHost: async () => { starts++; return { libp2p, directUnavailable: 'no WebRTC here' } },
      prepare: async (_l, available) => { prepared.push(available) }
    })
    expect(host.claimed).to.equal(false)
    expect(host.started).to.equal(undefined)
    const [a, b] = await Promise.all([host.get(), host.get()])
    expect(a).to.equal(libp2p)
    expect(b).to.equal(libp2p)
    expect(starts).to.equal(1)
    expect(prepared).to.deep.equal([false])
    expect(host.directUnavailable).to.equal('no WebRTC here')
    expect(host.listenAddresses()).to.deep.equal(['/ip4/127.0.0.1/tcp/1'])
    await host.stop()
    expect(libp2p.stopped).to.equal(1)
  })

  it('lets LAN mode claim the slot; a failed claim leaves it free again', async () => {
    const relayHost = fakeLibp2p()
    const host = new PeerHost({ startRelayHost: async () => ({ libp2p: relayHost }), prepare: async () => {} })
    const failed = await host.claim(async () => { throw new Error('port in use') }).then(() => 'started', (err: Error) => err.message)
    expect(failed).to.equal('port in use')
    expect(host.claimed).to.equal(false)
    const lan = fakeLibp2p()
    expect(await host.claim(async () => lan)).to.equal(lan)
    expect(host.claimed).to.equal(true)
    expect(await host.get(), 'the claimed host is the host').to.equal(lan)
  })

  it('refuses a claim once the relay host is starting, or another claim is, and keeps that one', async () => {
    const relayHost = fakeLibp2p()
    let release!: () => void
    const host = new PeerHost({ startRelayHost: async () => { await new Promise<void>(resolve => { release = resolve }); return { libp2p: relayHost } }, prepare: async () => {} })
    const relay = host.get()
    const refused = await host.claim(async () => fakeLibp2p()).then(() => 'claimed', (err: any) => err.code)
    expect(refused).to.equal('UNSUPPORTED')
    await new Promise(resolve => setTimeout(resolve, 0))
    release()
    expect(await relay).to.equal(relayHost)
    expect(await host.get()).to.equal(relayHost)
    const other = new PeerHost({ startRelayHost: async () => ({ libp2p: relayHost }), prepare: async () => {} })
    const first = other.claim(async () => fakeLibp2p())
    expect(await other.claim(async () => fakeLibp2p()).then(() => 'claimed', (err: any) => err.code)).to.equal('UNSUPPORTED')
    await first
  })

  it('stops nothing when nothing started, and survives a start that failed', async () => {
    const host = new PeerHost({ startRelayHost: async () => { throw new Error('no transport') }, prepare: async () => {} })
    await host.stop()
    await host.get().catch(() => {})
    await host.stop()
    expect(host.started).to.equal(undefined)
  })
})
