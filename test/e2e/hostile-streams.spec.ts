import { expect } from 'chai'
import { join } from 'node:path'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { ParleyNode } from '@parley/node'
import { BLOB_PROTOCOL, DIRECT_PROTOCOL, LAN_HELLO_PROTOCOL, MAX_BLOB_DATA_BYTES, decodeBlobResponse, encodeBlobRequest, encodeRequest, lengthPrefixOptions, randomBytes, FIRST_FRAME_DEADLINE_MS, FRAME_DEADLINE_MS, type RelayResult } from '@parley/protocol'
import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { openRaw, rawPeer, type RawStream } from '../support/raw-client.js'

/** Generous room over a deadline for a loaded machine: the test fails only if the stream outlives it by far. */
const SLACK_MS = 20_000

/** Settles with how long `stream` stayed open from now, or rejects if it is still open after `ms`. */
async function closedWithin (stream: Stream, ms: number): Promise<number> {
  const started = Date.now()
  if (stream.status !== 'open') return 0
  return await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`the stream is still open after ${ms} ms`)) }, ms)
    stream.addEventListener('close', () => { clearTimeout(timer); resolve(Date.now() - started) }, { once: true })
  })
}

/** Reads `n` responses off a raw stream, by request id. */
async function responses (raw: RawStream, n: number): Promise<RelayResult[]> {
  const out: RelayResult[] = []
  while (out.length < n) {
    const message = await raw.read()
    if (message === null) throw new Error(`the relay closed the stream after ${out.length} of ${n} answers`)
    if (message.type === 'response') out.push(message.result)
  }
  return out
}

describe('Hostile streams against a real relay and a listening node', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let peer: Libp2p
  let user: { node: ParleyNode, password: string }

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('hostile-streams')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    user = await makeUser({ dir, name: 'hana', relayUrl: relay.http, smtp })
    await user.node.publishKeys()
    peer = await rawPeer()
  })

  after(async () => {
    await user?.node.close()
    await peer?.stop()
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('closes, within the frame deadline, a stream that sends a length prefix and then nothing; and a stream that is not logged in and never sends', async () => {
    const stalled = await openRaw(peer, relay.multiaddrs)
    // A prefix announcing 100 bytes, then silence.
    stalled.raw(Uint8Array.of(100))
    const silent = await openRaw(peer, relay.multiaddrs)
    const [stalledMs, silentMs] = await Promise.all([
      closedWithin(stalled.stream, FRAME_DEADLINE_MS + SLACK_MS),
      closedWithin(silent.stream, FIRST_FRAME_DEADLINE_MS + SLACK_MS)
    ])
    // Not closed for some other reason straight away.
    expect(stalledMs).to.be.greaterThan(FRAME_DEADLINE_MS / 2)
    expect(silentMs).to.be.greaterThan(FIRST_FRAME_DEADLINE_MS / 2)
  })

  it('leaves a logged-in stream that goes idle open past both deadlines', async () => {
    const raw = await openRaw(peer, relay.multiaddrs)
    await raw.frame(encodeRequest(1, { type: 'login', name: 'hana', password: user.password }))
    expect((await responses(raw, 1))[0]?.type).to.equal('session')
    // Idle for longer than either deadline (closedWithin rejecting is the expected outcome here).
    const outcome = await closedWithin(raw.stream, Math.max(FRAME_DEADLINE_MS, FIRST_FRAME_DEADLINE_MS) + 2000).then(() => 'closed', () => 'open')
    expect(outcome).to.equal('open')
    await raw.frame(encodeRequest(2, { type: 'account-info' }))
    expect((await responses(raw, 1))[0]?.type).to.equal('account')
    await raw.stream.close()
  })

  it('refuses most of 200 lookups from a stranger in one burst with RATE_LIMITED, while a logged-in device keeps looking up', async () => {
    const raw = await openRaw(peer, relay.multiaddrs)
    for (let i = 0; i < 200; i++) await raw.frame(encodeRequest(100 + i, { type: 'fetch-bundles', user: 'hana@relay.test' }))
    const results = await responses(raw, 200)
    const limited = results.filter(r => r.type === 'error' && r.code === 'RATE_LIMITED')
    const answered = results.filter(r => r.type === 'bundles')
    expect(limited.length, 'refused').to.be.at.least(170)
    expect(answered.length, 'answered').to.be.at.least(1)
    expect(limited.length + answered.length).to.equal(200)
    const first = limited[0]
    expect(first?.type === 'error' ? first.retryAfterMs : 0).to.be.greaterThan(0)
    // The same IP address, logged in: its lookups count against the account.
    for (let i = 0; i < 20; i++) expect((await user.node.lookup('hana@relay.test')).length).to.be.greaterThan(0)
    await raw.stream.close()
  })

  it('refuses most of 200 blob streams from one peer in a burst with RATE_LIMITED before reading their tokens, while a logged-in device still sends a file', async () => {
    const connection = await peer.dial(relay.multiaddrs.map(a => multiaddr(a)))
    // One after another (a connection takes a few blob streams at once): faster than the bucket refills.
    const answers = []
    for (let i = 0; i < 200; i++) {
      const stream = await connection.newStream(BLOB_PROTOCOL)
      const lp = lpStream(stream, lengthPrefixOptions(MAX_BLOB_DATA_BYTES))
      try {
        await lp.write(encodeBlobRequest(randomBytes(32), { type: 'create', size: 1, expiresAt: Date.now() + 60_000 }))
        answers.push(decodeBlobResponse((await lp.read({ signal: AbortSignal.timeout(30_000) })).subarray()))
      } finally {
        stream.abort(new Error('done'))
      }
    }
    const limited = answers.filter(a => a.type === 'error' && a.code === 'RATE_LIMITED')
    const unauthenticated = answers.filter(a => a.type === 'error' && a.code === 'UNAUTHENTICATED')
    expect(limited.length, 'refused before the token was read').to.be.at.least(100)
    expect(unauthenticated.length, 'tokens checked').to.be.at.least(1)
    expect(limited.length + unauthenticated.length).to.equal(200)
    const bytes = new TextEncoder().encode('still sending files')
    const sent = await user.node.sendFile('hana@relay.test', { name: 'note.txt', size: bytes.length, read: async (o, l) => bytes.slice(o, o + l) })
    expect(sent.attachment?.size).to.equal(bytes.length)
  })

  it('serves /metrics only on the loopback metrics listener, not on the public port', async () => {
    const pub = await fetch(`${relay.http}/metrics`)
    expect(pub.status).to.equal(404)
    expect(await pub.text()).to.not.include('parley_')
    const metrics = await fetch(relay.metrics)
    expect(metrics.status).to.equal(200)
    const text = await metrics.text()
    expect(text).to.match(/^parley_requests_rate_limited_total [1-9]\d*$/m)
    expect(new URL(relay.metrics).port).to.not.equal(new URL(relay.http).port)
  })

  it('has a listening node close a direct-protocol stream that stalls mid-frame, one that never sends, and a LAN introduction that stalls', async () => {
    const node = await ParleyNode.open({ dataDir: join(dir, 'lan-node'), passphrase: 'test passphrase', kdfIterations: 100_000 })
    const stranger = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    try {
      await node.startLan({ name: 'lina', listen: ['/ip4/127.0.0.1/tcp/0'] })
      const addrs = node.listenAddresses().map(a => multiaddr(a))
      const stalled = await stranger.dialProtocol(addrs, DIRECT_PROTOCOL)
      // A length prefix of 300 bytes and the first 3 of them.
      stalled.send(Uint8Array.of(0xac, 0x02, 0x08, 0x01, 0x12))
      const silent = await stranger.dialProtocol(addrs, DIRECT_PROTOCOL)
      const hello = await stranger.dialProtocol(addrs, LAN_HELLO_PROTOCOL)
      hello.send(Uint8Array.of(0xac, 0x02))
      const [stalledMs] = await Promise.all([
        closedWithin(stalled, FRAME_DEADLINE_MS + SLACK_MS),
        closedWithin(silent, FIRST_FRAME_DEADLINE_MS + SLACK_MS),
        closedWithin(hello, FRAME_DEADLINE_MS + SLACK_MS)
      ])
      expect(stalledMs).to.be.greaterThan(FRAME_DEADLINE_MS / 2)
    } finally {
      await stranger.stop()
      await node.close()
    }
  })
})
