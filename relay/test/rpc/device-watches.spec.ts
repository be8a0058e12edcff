import { expect } from 'chai'
import { streamPair } from '@libp2p/utils'
import { signBundle, type RelayRequest, type RelayResult } from '@parley/protocol'
import type { Connection } from '@libp2p/interface'
import { RpcServer } from '../../src/rpc/index.js'
import { DeviceWatches, type DeviceWatcher } from '../../src/rpc/device-watches.js'
import { Directory } from '../../src/directory.js'
import { SenderLimits } from '../../src/sender-limits.js'
import { GroupLogStore } from '../../src/group-log.js'
import { MailboxStore } from '../../src/mailbox-store.js'
import { createLogger } from '../../src/logger.js'
import type { RelayDb } from '../../src/store.js'
import { makeAccounts, makeTempDir, openDb, removeTempDir, testKeys, type AccountsFixture, type Keys } from '../helpers.js'
import { rpcClient } from '../rpc-client.js'

/** A watcher that records every push it is given. */
function recorder (): DeviceWatcher & { pushes: string[][] } {
  const pushes: string[][] = []
  return { pushes, pushDevicesChanged: users => { pushes.push(users) } }
}

const tick = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe('DeviceWatches', () => {
  it('pushes a burst of changes as one push per watcher, naming each changed user once', async () => {
    const watches = new DeviceWatches({ coalesceMs: 5 })
    const a = recorder()
    const b = recorder()
    watches.watch(a, ['bob@r.test', 'carol@r.test'])
    watches.watch(b, ['carol@r.test'])
    for (const user of ['bob@r.test', 'carol@r.test', 'bob@r.test', 'dave@r.test']) watches.changed(user)
    expect(a.pushes).to.deep.equal([])
    await tick(20)
    expect(a.pushes).to.deep.equal([['bob@r.test', 'carol@r.test']])
    expect(b.pushes).to.deep.equal([['carol@r.test']])
  })

  it('adds to a watch list, and beyond its bound forgets the longest-watched user first', async () => {
    const watches = new DeviceWatches({ coalesceMs: 1, maxPerWatcher: 2 })
    const a = recorder()
    watches.watch(a, ['u1@r.test', 'u2@r.test'])
    // Watched again: newest now, so u2 is the one to go.
    watches.watch(a, ['u1@r.test'])
    watches.watch(a, ['u3@r.test'])
    expect(watches.watching(a)).to.equal(2)
    for (const u of ['u1@r.test', 'u2@r.test', 'u3@r.test']) watches.changed(u)
    await tick(10)
    expect(a.pushes).to.deep.equal([['u1@r.test', 'u3@r.test']])
  })

  it('refuses watches beyond what the whole relay may hold, adding none of them, and counts freed ones', () => {
    const watches = new DeviceWatches({ coalesceMs: 1, maxTotal: 3 })
    const a = recorder()
    const b = recorder()
    watches.watch(a, ['u1@r.test', 'u2@r.test'])
    watches.watch(a, ['u1@r.test'])
    expect(() => { watches.watch(b, ['u1@r.test', 'u3@r.test']) }).to.throw().with.property('code', 'QUOTA_EXCEEDED')
    expect(watches.watching(b)).to.equal(0)
    expect(watches.watching()).to.equal(2)
    watches.forget(a)
    watches.watch(b, ['u1@r.test', 'u2@r.test', 'u3@r.test'])
    expect(watches.watching()).to.equal(3)
  })

  it('refuses watches beyond what one account may hold over all its streams, and counts what a stream drops to stay in its bound', () => {
    const watches = new DeviceWatches({ coalesceMs: 1, maxPerAccount: 3, maxPerWatcher: 2 })
    const a1 = recorder()
    const a2 = recorder()
    const other = recorder()
    watches.watch(a1, ['u1@r.test', 'u2@r.test'], 'ann@r.test')
    // a1 is at its own bound: a new user replaces its oldest, so the account's count stays at 2.
    watches.watch(a1, ['u3@r.test'], 'ann@r.test')
    expect(watches.watchingFor('ann@r.test')).to.equal(2)
    watches.watch(a2, ['u1@r.test'], 'ann@r.test')
    expect(() => { watches.watch(a2, ['u4@r.test'], 'ann@r.test') }).to.throw().with.property('code', 'QUOTA_EXCEEDED')
    expect(watches.watching(a2)).to.equal(1)
    // Another account has budgets of its own.
    watches.watch(other, ['u4@r.test', 'u5@r.test'], 'bob@r.test')
    expect(watches.watchingFor('bob@r.test')).to.equal(2)
    watches.forget(a1)
    expect(watches.watchingFor('ann@r.test')).to.equal(1)
    watches.watch(a2, ['u4@r.test'], 'ann@r.test')
    expect(watches.watchingFor('ann@r.test')).to.equal(2)
  })

  it('tells a forgotten watcher nothing, not even changes already pending', async () => {
    const watches = new DeviceWatches({ coalesceMs: 1 })
    const a = recorder()
    watches.watch(a, ['bob@r.test'])
    watches.changed('bob@r.test')
    watches.forget(a)
    watches.changed('bob@r.test')
    await tick(10)
    expect(a.pushes).to.deep.equal([])
    expect(watches.watching(a)).to.equal(0)
  })
})

describe('RpcServer: watch-devices', function () {
  this.timeout(30_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  let keys: Keys
  let directory: Directory
  let server: RpcServer
  const PASSWORD = 'a long and secret passphrase'

  before(async () => {
    keys = await testKeys()
    dir = await makeTempDir('rpc-watch')
    db = await openDb(dir)
    f = makeAccounts(db, { relayName: 'relay.test' })
    for (const name of ['lena', 'mia', 'noor']) {
      await f.accounts.register(name, `${name}@mail.test`, PASSWORD, { peerId: `peer-${name}`, ip: '10.0.0.9' })
      await f.accounts.verify(name, f.mailer.codeFor(`${name}@mail.test`), { peerId: `peer-${name}`, ip: '10.0.0.9' })
    }
    directory = new Directory({ db, accounts: f.accounts, relayName: 'relay.test' })
    server = new RpcServer({
      accounts: f.accounts, sessions: f.sessions, directory, mailboxes: new MailboxStore(db), senders: new SenderLimits(db, new Uint8Array(32)), groups: new GroupLogStore(db),
      relayName: 'relay.test', log: createLogger('test', 'silent'), devicePushCoalesceMs: 5
    })
  })

  after(async () => {
    await server.drain(1000)
    await db.close()
    await removeTempDir(dir)
  })

  /** A stream as `name`'s device, logged in unless `login` is false; `pushes` are the devices-changed pushes it got. */
  async function device (name: string, login = true): Promise<{ request: (r: RelayRequest) => Promise<RelayResult>, pushes: string[][] }> {
    const [outbound, inbound] = await streamPair()
    server.handle(inbound, { remotePeer: { toString: () => `peer-${name}` }, remoteAddr: { toString: () => '/ip4/10.0.0.9/tcp/4001' } } as unknown as Connection)
    const client = rpcClient(outbound)
    const request = client.request
    if (login) expect((await request({ type: 'login', name, password: PASSWORD })).type).to.equal('session')
    return { request, get pushes () { return client.pushes.flatMap(p => p.type === 'devices-changed' ? [p.users] : []) } }
  }

  let createdAt = Date.now() - 60_000
  async function publish (name: string): Promise<void> {
    const signed = signBundle({ user: `${name}@relay.test`, identityKey: keys.identity.publicKey, peerId: `peer-${name}`, rsaPublicKey: keys.rsa.publicKey, createdAt: createdAt++ }, keys.identity.privateKey)
    await directory.publish(name, `peer-${name}`, signed)
  }

  const until = async (what: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !what(); i++) await tick(10)
  }

  it('pushes devices_changed to a stream watching a user whose device list changes, and only to it', async () => {
    const lena = await device('lena')
    const other = await device('noor')
    expect(await lena.request({ type: 'watch-devices', users: ['Mia@relay.test', 'someone@elsewhere.test'] })).to.deep.equal({ type: 'ok' })
    await publish('mia')
    await until(() => lena.pushes.length > 0)
    expect(lena.pushes).to.deep.equal([['mia@relay.test']])
    expect(other.pushes).to.deep.equal([])
  })

  it('pushes when a watched account is deleted (its devices leave the directory)', async () => {
    await publish('noor')
    const lena = await device('lena')
    await lena.request({ type: 'watch-devices', users: ['noor@relay.test'] })
    await directory.deleteUser('noor')
    await until(() => lena.pushes.length > 0)
    expect(lena.pushes).to.deep.equal([['noor@relay.test']])
  })

  it('refuses a watch without a session, and a malformed address', async () => {
    const stranger = await device('mia', false)
    const refused = await stranger.request({ type: 'watch-devices', users: ['lena@relay.test'] })
    expect(refused.type === 'error' && refused.code).to.equal('UNAUTHENTICATED')
    const lena = await device('lena')
    const bad = await lena.request({ type: 'watch-devices', users: ['not an address'] })
    expect(bad.type === 'error' && bad.code).to.equal('BAD_REQUEST')
  })

  it('ends a stream\'s watches with its session', async () => {
    const lena = await device('lena')
    await lena.request({ type: 'watch-devices', users: ['mia@relay.test'] })
    expect((await lena.request({ type: 'logout' })).type).to.equal('ok')
    await publish('mia')
    await tick(50)
    expect(lena.pushes).to.deep.equal([])
  })
})
