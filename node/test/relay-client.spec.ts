import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'chai'
import { streamPair, lpStream } from '@libp2p/utils'
import { decodeRequest, encodeServerMessage, type RelayResult } from '@parley/protocol'
import { RelayClient, discoverRelay } from '../src/relay-client.js'
import type { RelayRequestError } from '../src/errors.js'
import { expectNodeError } from './helpers.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const DOC = { name: 'relay.test', peerId: '12D3KooWRelay', multiaddrs: ['/ip4/127.0.0.1/tcp/4002/ws'] }

function reply (status: number, body: string, type = 'application/json'): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': type })
    res.end(body)
  }
}

describe('discoverRelay', () => {
  let server: Server
  let base: string
  let handler: Handler
  let paths: string[]

  before(async () => {
    server = createServer((req, res) => { paths.push(req.url ?? ''); handler(req, res) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  beforeEach(() => {
    paths = []
    handler = reply(200, JSON.stringify(DOC))
  })

  after(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => { resolve() }))
  })

  it('reads the endpoint from /.well-known/parley', async () => {
    expect(await discoverRelay(base)).to.deep.equal(DOC)
    expect(paths).to.deep.equal(['/.well-known/parley'])
  })

  it('asks the host root whatever path the URL has, and keeps only the known fields', async () => {
    handler = reply(200, JSON.stringify({ ...DOC, extra: 'ignored' }))
    expect(await discoverRelay(`${base}/some/page?x=1`)).to.deep.equal(DOC)
    expect(paths).to.deep.equal(['/.well-known/parley'])
  })

  it('reports a 404 as RELAY_UNREACHABLE', async () => {
    handler = reply(404, 'not found', 'text/plain')
    const err = await expectNodeError(async () => await discoverRelay(base), 'RELAY_UNREACHABLE')
    expect(err.message).to.include('404')
  })

  it('reports a server error as RELAY_UNREACHABLE', async () => {
    handler = reply(500, JSON.stringify(DOC))
    await expectNodeError(async () => await discoverRelay(base), 'RELAY_UNREACHABLE')
  })

  it('refuses a document that is not JSON with RELAY_UNREACHABLE', async () => {
    handler = reply(200, '<html>a web page</html>', 'text/html')
    const err = await expectNodeError(async () => await discoverRelay(base), 'RELAY_UNREACHABLE')
    expect(err.message).to.include('bad discovery document')
  })

  it('refuses a document with missing or mistyped fields with RELAY_UNREACHABLE', async () => {
    const bad: unknown[] = [
      null, [], 'relay.test', {},
      { peerId: DOC.peerId, multiaddrs: DOC.multiaddrs },
      { name: DOC.name, multiaddrs: DOC.multiaddrs },
      { name: DOC.name, peerId: DOC.peerId },
      { ...DOC, name: 42 },
      { ...DOC, peerId: null },
      { ...DOC, multiaddrs: '/ip4/127.0.0.1/tcp/4002/ws' },
      { ...DOC, multiaddrs: ['/ip4/127.0.0.1/tcp/4002/ws', 7] }
    ]
    for (const doc of bad) {
      handler = reply(200, JSON.stringify(doc))
      await expectNodeError(async () => await discoverRelay(base), 'RELAY_UNREACHABLE')
    }
  })

  it('reports a port nobody listens on as RELAY_UNREACHABLE, with the cause', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>(resolve => closed.close(() => { resolve() }))
    const err = await expectNodeError(async () => await discoverRelay(`http://127.0.0.1:${port}`), 'RELAY_UNREACHABLE')
    expect(err.cause).to.not.equal(undefined)
  })

  it('gives up when the signal aborts, with RELAY_UNREACHABLE', async () => {
    handler = () => {} // never answers
    const started = Date.now()
    await expectNodeError(async () => await discoverRelay(base, { signal: AbortSignal.timeout(100) }), 'RELAY_UNREACHABLE')
    expect(Date.now() - started).to.be.lessThan(5000)
  })

  it('refuses plain http to another machine unless allowed, and URLs that are not http(s)', async () => {
    await expectNodeError(async () => await discoverRelay('http://relay.example.org:8080'), 'BAD_INPUT')
    await expectNodeError(async () => await discoverRelay('ftp://127.0.0.1/'), 'BAD_INPUT')
    await expectNodeError(async () => await discoverRelay('not a url'), 'BAD_INPUT')
  })
})

describe('RelayClient', () => {
  /** A relay stand-in that answers each request with the next of `answers`, and counts them. */
  async function fakeRelay (answers: RelayResult[]): Promise<{ client: RelayClient, seen: () => number }> {
    const [outbound, inbound] = await streamPair()
    const lp = lpStream(inbound)
    let seen = 0
    void (async () => {
      try {
        while (true) {
          const { id } = decodeRequest((await lp.read()).subarray())
          const result = answers[Math.min(seen++, answers.length - 1)] as RelayResult
          await lp.write(encodeServerMessage({ type: 'response', id, result }))
        }
      } catch {}
    })()
    return { client: RelayClient.over(outbound, 'relay'), seen: () => seen }
  }
  const limited = (retryAfterMs: number): RelayResult => ({ type: 'error', code: 'RATE_LIMITED', message: 'too many requests without a session', retryAfterMs })

  it('sends a request again by itself after a short rate-limit wait (a shared bucket refilling)', async () => {
    const relay = await fakeRelay([limited(20), limited(20), { type: 'ok' }])
    await relay.client.request({ type: 'logout' }, 'ok')
    expect(relay.seen()).to.equal(3)
    await relay.client.close()
  })

  it('leaves a long wait (the back-off on guessed secrets) and endless refusals to the caller', async () => {
    const slow = await fakeRelay([limited(1000), { type: 'ok' }])
    const err = await expectNodeError(async () => await slow.client.request({ type: 'logout' }, 'ok'), 'RELAY_REFUSED', 'RelayRequestError')
    expect((err as RelayRequestError).retryAfterMs).to.equal(1000)
    expect(slow.seen()).to.equal(1)
    await slow.client.close()
    const endless = await fakeRelay([limited(10)])
    await expectNodeError(async () => await endless.client.request({ type: 'logout' }, 'ok'), 'RELAY_REFUSED', 'RelayRequestError')
    expect(endless.seen()).to.equal(4)
    await endless.client.close()
  })

  it('deposits many envelopes in one request and returns one outcome per envelope, refusals included', async () => {
    const stored = { type: 'deposited' as const, messageId: new Uint8Array(16).fill(1), duplicate: false, storedAt: 5 }
    const refused = { type: 'error' as const, code: 'QUOTA_EXCEEDED' as const, message: 'the recipient\'s mailbox is full; try again later' }
    const relay = await fakeRelay([{ type: 'deposited-many', results: [stored, refused] }, { type: 'deposited-many', results: [stored] }])
    const two = [{ envelope: new Uint8Array(8), contact: true }, { envelope: new Uint8Array(8) }]
    expect(await relay.client.depositMany(two)).to.deep.equal([stored, refused])
    expect(relay.seen()).to.equal(1)
    // An answer that does not hold one outcome per deposit is the relay's fault, not a result.
    await expectNodeError(async () => await relay.client.depositMany(two), 'RELAY_REFUSED')
    // A batch the relay would refuse whole is refused before it is sent.
    let err: unknown
    try { await relay.client.depositMany([]) } catch (e) { err = e }
    expect(err).to.be.instanceOf(RangeError)
    expect(relay.seen()).to.equal(2)
    await relay.client.close()
  })

  it('writes requests made while a write is under way together, in order, and answers each', async () => {
    const [outbound, inbound] = await streamPair()
    let sends = 0
    const send = outbound.send.bind(outbound)
    outbound.send = (data: any) => { sends++; return send(data) }
    const lp = lpStream(inbound)
    const ids: number[] = []
    void (async () => {
      try {
        while (true) {
          const { id, request } = decodeRequest((await lp.read()).subarray())
          ids.push(id)
          await lp.write(encodeServerMessage({ type: 'response', id, result: { type: 'bundles', user: request.type === 'fetch-bundles' ? request.user : '', signedBundles: [] } }))
        }
      } catch {}
    })()
    const client = RelayClient.over(outbound, 'relay')
    const users = Array.from({ length: 20 }, (_, i) => `user${i}@relay.test`)
    const answers = await Promise.all(users.map(async user => await client.request({ type: 'fetch-bundles', user }, 'bundles')))
    expect(answers.map(a => a.user)).to.deep.equal(users)
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b))
    expect(sends, `${sends} writes for 20 requests`).to.be.at.most(2)
    await client.close()
  })
})

describe('RelayClient: pushed device-list changes', () => {
  it('hands a devices-changed push to onDevicesChanged and mail pushes to onPush, and keeps answering requests', async () => {
    const [outbound, inbound] = await streamPair()
    const lp = lpStream(inbound)
    const changed: string[][] = []
    const mail: number[] = []
    const client = RelayClient.over(outbound, 'relay', { onDevicesChanged: users => { changed.push(users) }, onPush: items => { mail.push(items.length) } })
    void (async () => {
      try {
        const { id } = decodeRequest((await lp.read()).subarray())
        await lp.write(encodeServerMessage({ type: 'devices-changed', users: ['bob@relay.test', 'carol@relay.test'] }))
        await lp.write(encodeServerMessage({ type: 'push', items: [{ seq: 1, envelope: new Uint8Array([1]), receivedAt: 2 }] }))
        await lp.write(encodeServerMessage({ type: 'response', id, result: { type: 'ok' } }))
      } catch {}
    })()
    await client.request({ type: 'watch-devices', users: ['bob@relay.test'] }, 'ok')
    expect(changed).to.deep.equal([['bob@relay.test', 'carol@relay.test']])
    expect(mail).to.deep.equal([1])
    await client.close()
  })
})
