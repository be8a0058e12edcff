import { expect } from 'chai'
import { mockMuxer, multiaddrConnectionPair } from '@libp2p/utils'
import { SenderChain, generateIdentityKey, groupConversationId, randomBytes, sealGroupMessage, type ServerMessage } from '@parley/protocol'
import type { Connection, Stream } from '@libp2p/interface'
import { RpcServer } from '../../src/rpc/index.js'
import { Directory } from '../../src/directory.js'
import { SenderLimits } from '../../src/sender-limits.js'
import { GroupLogStore } from '../../src/group-log.js'
import { MailboxStore } from '../../src/mailbox-store.js'
import { createLogger } from '../../src/logger.js'
import type { RelayDb } from '../../src/store.js'
import { makeAccounts, makeTempDir, openDb, removeTempDir, type AccountsFixture } from '../helpers.js'
import { rpcClient, type RpcClient } from '../rpc-client.js'

const PASSWORD = 'a long and secret passphrase'
/** The push queue of the streams in this test: three of the group messages below fit, no more. */
const QUEUE_BYTES = 16 * 1024
const MESSAGE_BYTES = 5000

type GroupPush = Extract<ServerMessage, { type: 'group-push' }>

/** A logged-in client end of a relay stream whose connection can stop taking what the server sends. */
interface Client extends RpcClient {
  /** Stops and restarts the connection's delivery of what the server writes (the server's writes wait meanwhile). */
  pause: () => void
  resume: () => void
}

describe('RpcServer: pushes to a stream that does not keep up', function () {
  this.timeout(30_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  let server: RpcServer
  const identity = generateIdentityKey()

  before(async () => {
    dir = await makeTempDir('rpc-push-queue')
    db = await openDb(dir)
    f = makeAccounts(db, { relayName: 'relay.test' })
    await f.accounts.register('lena', 'lena@mail.test', PASSWORD, { peerId: 'peer-lena', ip: '10.0.0.9' })
    await f.accounts.verify('lena', f.mailer.codeFor('lena@mail.test'), { peerId: 'peer-lena', ip: '10.0.0.9' })
    const directory = new Directory({ db, accounts: f.accounts, relayName: 'relay.test' })
    server = new RpcServer({
      accounts: f.accounts, sessions: f.sessions, directory, mailboxes: new MailboxStore(db), senders: new SenderLimits(db, new Uint8Array(32), {}), groups: new GroupLogStore(db),
      relayName: 'relay.test', log: createLogger('test', 'silent'), maxQueuedPushBytes: QUEUE_BYTES
    })
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  async function loggedIn (peerId: string): Promise<Client> {
    const [clientConn, serverConn] = multiaddrConnectionPair()
    const serverMuxer = mockMuxer().createStreamMuxer(serverConn)
    const inbound = new Promise<Stream>(resolve => { serverMuxer.addEventListener('stream', evt => { resolve(evt.detail) }, { once: true }) })
    const stream = await mockMuxer().createStreamMuxer(clientConn).createStream()
    server.handle(await inbound, { remotePeer: { toString: () => peerId }, remoteAddr: { toString: () => '/ip4/10.0.0.9/tcp/4001' } } as unknown as Connection)
    const client = rpcClient(stream)
    expect((await client.request({ type: 'login', name: 'lena', password: PASSWORD })).type).to.equal('session')
    // The client's end of the connection tells the server's end to hold what it sends.
    return { ...client, pause: () => { clientConn.pause() }, resume: () => { clientConn.resume() } }
  }

  async function message (chain: SenderChain, n: number): Promise<Uint8Array> {
    return (await sealGroupMessage(chain, {
      content: { sender: 'lena@relay.test', senderDevice: 'x', senderIdentityKey: identity.publicKey, sentAt: Date.now(), conversation: groupConversationId(chain.groupId), kind: 'text', body: randomBytes(MESSAGE_BYTES - 400 + (n % 7)) },
      expiresAt: Date.now() + 60_000
    })).bytes
  }

  it('leaves out the group messages that do not fit a stalled stream\'s queue, then pushes the group empty once, and serves them all from the log', async () => {
    const poster = await loggedIn('peer-lena-a')
    const slow = await loggedIn('peer-lena-b')
    const chain = SenderChain.generate(randomBytes(32), 1)
    const groupId = chain.groupId
    expect((await poster.request({ type: 'group-members', groupId, manageKey: randomBytes(32), add: ['lena@relay.test'], remove: [] })).type).to.equal('ok')
    expect((await slow.request({ type: 'subscribe' })).type).to.equal('ok')
    expect((await slow.request({ type: 'group-fetch', groupId, afterSeq: 0 })).type).to.equal('group-mail')

    slow.pause()
    const POSTS = 20
    const messages: Uint8Array[] = []
    for (let n = 0; n < POSTS; n++) messages.push(await message(chain, n))
    for (const m of messages) expect((await poster.request({ type: 'group-post', message: m })).type).to.equal('group-posted')
    // Nothing got through while the connection held it; the stream is still open and subscribed.
    expect(slow.pushes).to.deep.equal([])
    slow.resume()

    // Some came in full, in order; the rest were left out, and one empty push says so after them.
    await slow.pushed(1, p => p.type === 'group-push' && p.items.length === 0)
    const groupPushes = slow.pushes.filter((p): p is GroupPush => p.type === 'group-push')
    const full = groupPushes.filter(p => p.items.length > 0).map(p => p.items[0]!.seq)
    expect(full.length).to.be.greaterThan(0)
    expect(full.length).to.be.lessThan(POSTS)
    expect(full).to.deep.equal([...full].sort((a, b) => a - b))
    expect(groupPushes.filter(p => p.items.length === 0)).to.have.length(1)
    expect(groupPushes.at(-1)?.items).to.deep.equal([])

    // The stream goes on: a later post is pushed in full, and the log holds every message.
    const later = await message(chain, POSTS)
    await poster.request({ type: 'group-post', message: later })
    await slow.pushed(groupPushes.length + 1)
    expect((slow.pushes.at(-1) as GroupPush).items[0]?.message).to.deep.equal(later)
    const page = await slow.request({ type: 'group-fetch', groupId, afterSeq: 0 })
    expect(page.type === 'group-mail' && page.items.map(i => i.seq)).to.deep.equal(Array.from({ length: POSTS + 1 }, (_, i) => i + 1))
    poster.stream.abort(new Error('test over'))
    slow.stream.abort(new Error('test over'))
  })
})
