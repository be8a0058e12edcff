import { expect } from 'chai'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { lpStream } from '@libp2p/utils'
import { decodeServerMessage, encodeRequest, RELAY_PROTOCOL } from '@parley/protocol'
import { startRelay, type Relay } from '../src/relay.js'
import { TokenBuckets } from '../src/rate-limiter.js'
import { createLogger } from '../src/logger.js'
import type { Mailer, OutgoingMail } from '../src/mailer.js'
import { makeTempDir, removeTempDir } from './helpers.js'

/** A mailer that keeps the next mail waiting until released: a request held in flight. */
class HoldingMailer implements Mailer {
  private release!: () => void
  private readonly gate = new Promise<void>(resolve => { this.release = resolve })
  private reachedResolve!: () => void
  /** Settles when a mail is being sent (the request is in flight). */
  readonly reached = new Promise<void>(resolve => { this.reachedResolve = resolve })
  readonly sent: OutgoingMail[] = []

  async send (mail: OutgoingMail): Promise<void> {
    this.reachedResolve()
    await this.gate
    this.sent.push(mail)
  }

  letGo (): void { this.release() }
  close (): void {}
}

describe('Relay', function () {
  this.timeout(30_000)
  const dirs: string[] = []
  let peer: Libp2p | undefined

  afterEach(async () => {
    await peer?.stop()
    peer = undefined
  })

  after(async () => {
    for (const d of dirs) await removeTempDir(d)
  })

  async function start (mailer?: Mailer, staticDir?: string): Promise<Relay> {
    const dir = await makeTempDir('relay')
    dirs.push(dir)
    return await startRelay({ name: 'relay.test', dataDir: dir, ...(staticDir !== undefined ? { staticDir } : {}) }, createLogger('test', 'silent'), mailer !== undefined ? { mailer } : {})
  }

  it('serves /metrics on its own loopback listener and answers 404 for it on the public port', async () => {
    const dir = await makeTempDir('relay-web')
    dirs.push(dir)
    // With a web client served, an unknown path would get the app shell: /metrics must not.
    const relay = await start(undefined, dir)
    try {
      expect(relay.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
      const metrics = await fetch(`${relay.metricsUrl}/metrics`)
      expect(metrics.status).to.equal(200)
      expect(await metrics.text()).to.include('parley_requests_rate_limited_total')
      const pub = await fetch(`${relay.httpUrl}/metrics`)
      expect(pub.status).to.equal(404)
      expect(await pub.text()).to.not.include('parley_')
      expect((await fetch(`${relay.metricsUrl}/healthz`)).status).to.equal(404)
    } finally {
      await relay.stop()
    }
  })

  it('answers a request in flight when stop() is called, before the database closes', async () => {
    const mailer = new HoldingMailer()
    const relay = await start(mailer)
    peer = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    const stream = await peer.dialProtocol(relay.libp2p.getMultiaddrs().filter(a => !a.toString().includes('/ws')), RELAY_PROTOCOL)
    const lp = lpStream(stream)
    await lp.write(encodeRequest(7, { type: 'register', name: 'stella', email: 'stella@mail.test', password: 'a long and secret passphrase' }))
    await mailer.reached
    const stopped = relay.stop()
    mailer.letGo()
    const answer = decodeServerMessage((await lp.read({ signal: AbortSignal.timeout(20_000) })).subarray())
    expect(answer).to.deep.equal({ type: 'response', id: 7, result: { type: 'ok' } })
    await stopped
    expect(mailer.sent).to.have.length(1)
  })
})

describe('TokenBuckets', () => {
  it('takes from every bucket or from none, and says how long until each holds a token', () => {
    let now = 0
    const b = new TokenBuckets(10, () => now)
    const fast = { perSecond: 10, burst: 2 }
    const slow = { perSecond: 1, burst: 1 }
    expect(b.take([{ key: 'a', policy: fast }, { key: 'b', policy: slow }])).to.equal(0)
    // 'b' is empty: 'a' keeps its token.
    expect(b.take([{ key: 'a', policy: fast }, { key: 'b', policy: slow }])).to.equal(1000)
    expect(b.take([{ key: 'a', policy: fast }])).to.equal(0)
    expect(b.take([{ key: 'a', policy: fast }])).to.equal(100)
    now += 100
    expect(b.take([{ key: 'a', policy: fast }])).to.equal(0)
  })

  it('takes a cost of several tokens at once, or none, and takes a cost above the burst as the whole burst', () => {
    let now = 0
    const b = new TokenBuckets(10, () => now)
    const users = { perSecond: 20, burst: 100 }
    expect(b.take([{ key: 'u', policy: users, cost: 60 }])).to.equal(0)
    // 40 left: 60 more need 20 tokens, a second at 20 a second; nothing is taken meanwhile.
    expect(b.take([{ key: 'u', policy: users, cost: 60 }])).to.equal(1000)
    expect(b.take([{ key: 'u', policy: users, cost: 40 }])).to.equal(0)
    now += 5000
    expect(b.take([{ key: 'u', policy: users, cost: 1_000_000 }]), 'a full bucket pays a cost above its burst').to.equal(0)
    expect(b.take([{ key: 'u', policy: users, cost: 1 }])).to.equal(50)
  })

  it('keeps at most maxKeys buckets, forgetting the least recently used', () => {
    const b = new TokenBuckets(3, () => 0)
    const policy = { perSecond: 1, burst: 1 }
    for (const key of ['a', 'b', 'c']) b.take([{ key, policy }])
    b.take([{ key: 'a', policy }])
    b.take([{ key: 'd', policy }])
    expect(b.size).to.equal(3)
    // 'b' went (least recently used): it is full again; 'a' was kept and is empty.
    expect(b.take([{ key: 'b', policy }])).to.equal(0)
    expect(b.take([{ key: 'a', policy }])).to.equal(1000)
  })
})
