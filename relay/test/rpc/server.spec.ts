import { expect } from 'chai'
import { streamPair } from '@libp2p/utils'
import {
  FRAME_DEADLINE_MS, FIRST_FRAME_DEADLINE_MS,
  type DeadlineTimers, type RelayRequest, type RelayResult
} from '@parley/protocol'
import type { Connection, Stream } from '@libp2p/interface'
import { RpcServer, DEFAULT_REQUEST_LIMITS, createHandlerTable, rateSource } from '../../src/rpc/index.js'
import { Directory } from '../../src/directory.js'
import { SenderLimits } from '../../src/sender-limits.js'
import { GroupLogStore } from '../../src/group-log.js'
import { MailboxStore } from '../../src/mailbox-store.js'
import { createLogger } from '../../src/logger.js'
import type { RelayDb } from '../../src/store.js'
import { makeAccounts, makeTempDir, openDb, removeTempDir, type AccountsFixture } from '../helpers.js'
import { rpcClient } from '../rpc-client.js'

/** Timers that fire only when the test says so; `armed` settles when a timer of `ms` is set. */
class ManualTimers implements DeadlineTimers {
  private next = 1
  readonly pending = new Map<number, { fn: () => void, ms: number }>()
  private waiters: Array<{ ms: number, resolve: () => void }> = []

  setTimeout = (fn: () => void, ms: number): unknown => {
    const handle = this.next++
    this.pending.set(handle, { fn, ms })
    this.waiters = this.waiters.filter(w => { if (w.ms === ms) w.resolve(); return w.ms !== ms })
    return handle
  }

  clearTimeout = (handle: unknown): void => { this.pending.delete(handle as number) }

  /** Settles once a timer of `ms` is pending (at once if one is). */
  async armed (ms: number): Promise<void> {
    if ([...this.pending.values()].some(t => t.ms === ms)) return
    await new Promise<void>(resolve => { this.waiters.push({ ms, resolve }) })
  }

  /** Fires every pending timer of `ms`. */
  fire (ms: number): void {
    for (const [handle, t] of [...this.pending]) {
      if (t.ms !== ms) continue
      this.pending.delete(handle)
      t.fn()
    }
  }
}

/** A client end of a relay stream speaking raw frames. */
interface Client {
  stream: Stream
  request: (request: RelayRequest) => Promise<RelayResult>
  raw: (bytes: Uint8Array) => void
  closed: Promise<void>
}

describe('RpcServer: deadlines and request rates', function () {
  this.timeout(30_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  let timers: ManualTimers
  let clock: number
  let server: RpcServer
  let senders: SenderLimits

  before(async () => {
    dir = await makeTempDir('rpc-server')
    db = await openDb(dir)
    f = makeAccounts(db, { relayName: 'relay.test' })
    await f.accounts.register('lena', 'lena@mail.test', 'a long and secret passphrase', { peerId: 'peer-lena', ip: '10.0.0.9' })
    await f.accounts.verify('lena', f.mailer.codeFor('lena@mail.test'), { peerId: 'peer-lena', ip: '10.0.0.9' })
    await f.accounts.register('mia', 'mia@mail.test', 'another long secret passphrase', { peerId: 'peer-mia', ip: '10.0.0.8' })
    await f.accounts.verify('mia', f.mailer.codeFor('mia@mail.test'), { peerId: 'peer-mia', ip: '10.0.0.8' })
  })

  beforeEach(() => {
    timers = new ManualTimers()
    clock = Date.UTC(2030, 0, 1)
    const directory = new Directory({ db, accounts: f.accounts, relayName: 'relay.test' })
    senders = new SenderLimits(db, new Uint8Array(32), {}, () => clock)
    server = new RpcServer({
      accounts: f.accounts, sessions: f.sessions, directory, mailboxes: new MailboxStore(db), senders, groups: new GroupLogStore(db), metrics: f.metrics,
      relayName: 'relay.test', log: createLogger('test', 'silent'), deadlines: { timers }, now: () => clock
    })
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  /** Opens a stream to the server as `peerId` from `ip`. */
  async function connect (peerId = 'peer-stranger', ip = '10.0.0.1'): Promise<Client> {
    const [outbound, inbound] = await streamPair()
    const connection = { remotePeer: { toString: () => peerId }, remoteAddr: { toString: () => `/ip4/${ip}/tcp/4001` } } as unknown as Connection
    server.handle(inbound, connection)
    return rpcClient(outbound)
  }

  async function loggedIn (peerId: string): Promise<Client> {
    const client = await connect(peerId, '10.0.0.9')
    const s = await client.request({ type: 'login', name: 'lena', password: 'a long and secret passphrase' })
    expect(s.type).to.equal('session')
    return client
  }

  const code = (r: RelayResult): string => r.type === 'error' ? r.code : r.type

  it('closes a stream that sends a length prefix and then nothing once the frame deadline passes', async () => {
    const client = await loggedIn('peer-lena')
    client.raw(Uint8Array.of(0x20))
    await timers.armed(FRAME_DEADLINE_MS)
    expect(client.stream.status).to.equal('open')
    timers.fire(FRAME_DEADLINE_MS)
    await client.closed
  })

  it('closes a stream that is not logged in and never sends a request', async () => {
    const client = await connect()
    await timers.armed(FIRST_FRAME_DEADLINE_MS)
    timers.fire(FIRST_FRAME_DEADLINE_MS)
    await client.closed
  })

  it('gives a stream left without a session after its last answer the first-frame deadline again', async () => {
    const client = await connect()
    const refused = await client.request({ type: 'login', name: 'lena', password: 'not the passphrase' })
    expect(code(refused)).to.equal('INVALID_CREDENTIALS')
    await timers.armed(FIRST_FRAME_DEADLINE_MS)
    timers.fire(FIRST_FRAME_DEADLINE_MS)
    await client.closed
  })

  it('leaves a logged-in stream that sends nothing open, with no deadline running', async () => {
    const client = await loggedIn('peer-lena')
    expect([...timers.pending.values()]).to.deep.equal([])
    timers.fire(FIRST_FRAME_DEADLINE_MS)
    expect(code(await client.request({ type: 'account-info' }))).to.equal('account')
  })

  it(`answers a stranger at most ${DEFAULT_REQUEST_LIMITS.strangerLookupsPerIp.burst} lookups at once per IP address, then RATE_LIMITED with retryAfterMs`, async () => {
    const a = await connect('peer-a', '10.0.1.1')
    const b = await connect('peer-b', '10.0.1.1')
    const results = await Promise.all(Array.from({ length: 30 }, async (_, i) => await (i % 2 === 0 ? a : b).request({ type: 'fetch-bundles', user: 'lena@relay.test' })))
    const limited = results.filter(r => code(r) === 'RATE_LIMITED')
    expect(results.length - limited.length).to.equal(DEFAULT_REQUEST_LIMITS.strangerLookupsPerIp.burst)
    const first = limited[0]
    expect(first?.type === 'error' ? first.retryAfterMs : undefined).to.equal(1000 / DEFAULT_REQUEST_LIMITS.strangerLookupsPerIp.perSecond)
    // Another address has its own budget; the same one gets tokens back as time passes.
    const c = await connect('peer-c', '10.0.1.2')
    expect(code(await c.request({ type: 'fetch-bundles', user: 'lena@relay.test' }))).to.not.equal('RATE_LIMITED')
    clock += 1000
    const later = await Promise.all(Array.from({ length: 15 }, async () => await a.request({ type: 'fetch-bundles', user: 'lena@relay.test' })))
    expect(later.filter(r => code(r) !== 'RATE_LIMITED')).to.have.length(DEFAULT_REQUEST_LIMITS.strangerLookupsPerIp.perSecond)
  })

  it('takes a contact note only from a logged-in account, for an existing user of this relay, and counts it as that user\'s contact', async () => {
    const stranger = await connect('peer-s2', '10.0.0.7')
    expect(code(await stranger.request({ type: 'note-contact', user: 'mia@relay.test' }))).to.equal('UNAUTHENTICATED')
    const lena = await loggedIn('peer-lena')
    expect(code(await lena.request({ type: 'note-contact', user: 'nobody@relay.test' }))).to.equal('NOT_FOUND')
    expect(code(await lena.request({ type: 'note-contact', user: 'mia@elsewhere.test' }))).to.equal('NOT_FOUND')
    expect(code(await lena.request({ type: 'note-contact', user: 'not an address' }))).to.equal('BAD_REQUEST')
    const [lenaAccount, miaAccount] = [await f.accounts.get('lena'), await f.accounts.get('mia')]
    const mia = { name: 'mia', createdAt: miaAccount!.createdAt }
    const lenaParty = { name: 'lena', createdAt: lenaAccount!.createdAt }
    const before = await senders.admit(mia, lenaParty, false)
    before.settle(false)
    expect(before.contact, 'a stranger before the note').to.equal(false)
    expect(code(await lena.request({ type: 'note-contact', user: 'mia@relay.test' }))).to.equal('ok')
    const after = await senders.admit(mia, lenaParty, false)
    after.settle(false)
    expect(after.contact, 'lena wrote to mia: mia is a contact in her mailbox').to.equal(true)
  })

  it('counts the lookups of a logged-in stream against its account, not its IP address', async () => {
    const stranger = await connect('peer-s', '10.0.0.9')
    for (let i = 0; i < DEFAULT_REQUEST_LIMITS.strangerLookupsPerIp.burst; i++) await stranger.request({ type: 'fetch-bundles', user: 'lena@relay.test' })
    expect(code(await stranger.request({ type: 'fetch-bundles', user: 'lena@relay.test' }))).to.equal('RATE_LIMITED')
    const lena = await loggedIn('peer-lena')
    const burst = DEFAULT_REQUEST_LIMITS.lookupsPerAccount.burst
    const results = await Promise.all(Array.from({ length: burst + 10 }, async () => await lena.request({ type: 'fetch-bundles', user: 'nobody@relay.test' })))
    expect(results.filter(r => code(r) === 'NOT_FOUND')).to.have.length(burst)
    expect(results.filter(r => code(r) === 'RATE_LIMITED')).to.have.length(10)
  })

  it('counts requests that do not use the session per PeerId even on a logged-in stream', async () => {
    const lena = await loggedIn('peer-lena-2')
    const { unauthenticatedPerPeer } = DEFAULT_REQUEST_LIMITS
    // The log-in took one token of this PeerId's budget.
    const results = await Promise.all(Array.from({ length: unauthenticatedPerPeer.burst + 5 }, async () => await lena.request({ type: 'request-password-reset', name: 'nobody' })))
    expect(results.filter(r => code(r) === 'ok')).to.have.length(unauthenticatedPerPeer.burst - 1)
    expect(code(await lena.request({ type: 'account-info' }))).to.equal('account')
  })

  it('limits every request without a session per PeerId and per IP address', async () => {
    const { unauthenticatedPerPeer, unauthenticatedPerIp } = DEFAULT_REQUEST_LIMITS
    const one = await connect('peer-one', '10.0.2.1')
    const fromOne = await Promise.all(Array.from({ length: unauthenticatedPerPeer.burst + 5 }, async () => await one.request({ type: 'resend-code', name: 'nobody' })))
    expect(fromOne.filter(r => code(r) === 'ok')).to.have.length(unauthenticatedPerPeer.burst)
    // Many PeerIds on one address share its budget.
    const peers = await Promise.all(Array.from({ length: 10 }, async (_, i) => await connect(`peer-many-${i}`, '10.0.2.2')))
    const fromMany = await Promise.all(Array.from({ length: unauthenticatedPerIp.burst + 10 }, async (_, i) => await peers[i % 10]!.request({ type: 'resend-code', name: 'nobody' })))
    expect(fromMany.filter(r => code(r) === 'ok')).to.have.length(unauthenticatedPerIp.burst)
  })
})

describe('RpcServer: per-request deadlines', function () {
  this.timeout(30_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture

  before(async () => {
    dir = await makeTempDir('rpc-deadlines')
    db = await openDb(dir)
    f = makeAccounts(db, { relayName: 'relay.test' })
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  it('answers more hung requests than a stream has slots with DEADLINE_EXCEEDED, each freeing its slot, and serves the stream on', async () => {
    const directory = new Directory({ db, accounts: f.accounts, relayName: 'relay.test' })
    const services = { accounts: f.accounts, directory, mailboxes: new MailboxStore(db), senders: new SenderLimits(db, new Uint8Array(32), {}), groups: new GroupLogStore(db), relayName: 'relay.test' }
    let started = 0
    const table = {
      ...createHandlerTable(services),
      // Never returns: without a deadline, 64 of these would hold every slot of the stream for good.
      'resend-code': { auth: 'none' as const, rates: ['per-source' as const], deadlineMs: 100, handle: async (): Promise<RelayResult> => { started++; return await new Promise<never>(() => {}) } }
    }
    const loose = { perSecond: 1000, burst: 1000 }
    const server = new RpcServer({
      accounts: f.accounts, sessions: f.sessions, directory, mailboxes: services.mailboxes, senders: services.senders, groups: services.groups, metrics: f.metrics,
      relayName: 'relay.test', log: createLogger('test', 'silent'), table, limits: { unauthenticatedPerIp: loose, unauthenticatedPerPeer: loose }
    })
    const [outbound, inbound] = await streamPair()
    server.handle(inbound, { remotePeer: { toString: () => 'peer-hang' }, remoteAddr: { toString: () => '/ip4/10.0.0.5/tcp/4001' } } as unknown as Connection)
    const client = rpcClient(outbound)
    const answers = new Map<number, RelayResult>()
    const HUNG = 70
    for (let id = 1; id <= HUNG; id++) void client.request({ type: 'resend-code', name: 'nobody' }).then(r => answers.set(id, r))
    void client.request({ type: 'request-password-reset', name: 'nobody' }).then(r => answers.set(HUNG + 1, r))
    const deadline = Date.now() + 10_000
    while (answers.size < HUNG + 1 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
    expect(started, 'the requests past the first 64 ran once slots were freed').to.equal(HUNG)
    const codes = [...answers.entries()].filter(([id]) => id <= HUNG).map(([, r]) => r.type === 'error' ? r.code : r.type)
    expect(codes).to.have.length(HUNG)
    expect(new Set(codes)).to.deep.equal(new Set(['DEADLINE_EXCEEDED']))
    expect(answers.get(HUNG + 1)).to.deep.equal({ type: 'ok' })
    outbound.abort(new Error('test over'))
  })
})

describe('rateSource', () => {
  it('keeps IPv4 addresses whole and counts IPv6 per /64 network', () => {
    expect(rateSource('203.0.113.7')).to.equal('203.0.113.7')
    expect(rateSource('::ffff:203.0.113.7')).to.equal('203.0.113.7')
    const net = rateSource('2001:db8:0:1:aaaa::1')
    expect(rateSource('2001:0db8:0000:0001:ffff:1:2:3')).to.equal(net)
    expect(rateSource('2001:db8:0:2::1')).to.not.equal(net)
    expect(net).to.match(/\/64$/)
  })
})
