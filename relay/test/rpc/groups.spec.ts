import { expect } from 'chai'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import {
  SenderChain, generateIdentityKey, groupConversationId, randomBytes, sealGroupMessage, utf8Encode,
  RELAY_PROTOCOL, type RelayRequest, type RelayResult, type ServerMessage
} from '@parley/protocol'
import { startRelay, type Relay } from '../../src/relay.js'
import { createLogger } from '../../src/logger.js'
import { makeTempDir, RecordingMailer, removeTempDir } from '../helpers.js'
import { rpcClient, type Pushed } from '../rpc-client.js'

const PASSWORD = 'a long and secret passphrase'
const code = (r: RelayResult): string => r.type === 'error' ? r.code : r.type

/** A logged-in device on one stream: requests one at a time, pushes gathered. */
interface Device { request: (r: RelayRequest) => Promise<RelayResult>, pushes: Array<Extract<ServerMessage, { type: 'group-push' }>>, pushed: (n: number) => Promise<void> }

describe('RPC: group logs over a real relay', function () {
  this.timeout(60_000)
  let dir: string
  let relay: Relay
  const mailer = new RecordingMailer()
  const peers: Libp2p[] = []
  const identity = generateIdentityKey()

  before(async () => {
    dir = await makeTempDir('rpc-groups')
    relay = await startRelay({ name: 'relay.test', dataDir: dir, requestLimits: { unauthenticatedPerIp: { perSecond: 100, burst: 1000 }, unauthenticatedPerPeer: { perSecond: 100, burst: 1000 }, groupPostsPerAccount: { perSecond: 1, burst: 30 }, groupRequestsPerAccount: { perSecond: 1, burst: 20 } }, groups: { maxGroupsPerAccount: 3 } }, createLogger('test', 'silent'), { mailer })
  })

  after(async () => {
    for (const p of peers) await p.stop()
    await relay?.stop()
    await removeTempDir(dir)
  })

  async function account (name: string): Promise<Device> {
    const peer = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    peers.push(peer)
    const stream = await peer.dialProtocol(relay.libp2p.getMultiaddrs().filter(a => !a.toString().includes('/ws')), RELAY_PROTOCOL)
    const client = rpcClient(stream)
    const request = client.request
    const isGroupPush = (p: Pushed): boolean => p.type === 'group-push'
    expect(code(await request({ type: 'register', name, email: `${name}@mail.test`, password: PASSWORD }))).to.equal('ok')
    expect(code(await request({ type: 'verify', name, code: mailer.codeFor(`${name}@mail.test`) }))).to.equal('ok')
    expect(code(await request({ type: 'login', name, password: PASSWORD }))).to.equal('session')
    return {
      request,
      get pushes () { return client.pushes.filter(isGroupPush) as Device['pushes'] },
      pushed: async n => { await client.pushed(n, isGroupPush) }
    }
  }

  async function message (chain: SenderChain, text: string): Promise<Uint8Array> {
    return (await sealGroupMessage(chain, {
      content: { sender: 'ann@relay.test', senderDevice: 'x', senderIdentityKey: identity.publicKey, sentAt: Date.now(), conversation: groupConversationId(chain.groupId), kind: 'text', body: utf8Encode(text) },
      expiresAt: Date.now() + 60_000
    })).bytes
  }

  it('stores a post once, pushes it to online members who use the group only, serves it to a member who fetches later, and counts receipts for its poster', async () => {
    const [ann, ben, cat, dan] = [await account('ann'), await account('ben'), await account('cat'), await account('dan')]
    const chain = SenderChain.generate(randomBytes(32), 1)
    const manageKey = randomBytes(32)
    const groupId = chain.groupId
    expect(code(await ann.request({ type: 'group-members', groupId, manageKey, add: ['ann@relay.test', 'ben@relay.test', 'cat@relay.test'], remove: [] }))).to.equal('ok')
    // Someone without the key changes nothing; nor do addresses of no one, or of another relay.
    expect(code(await dan.request({ type: 'group-members', groupId, manageKey: randomBytes(32), add: ['dan@relay.test'], remove: [] }))).to.equal('INVALID_CREDENTIALS')
    expect(code(await ann.request({ type: 'group-members', groupId, manageKey, add: ['nobody@relay.test'], remove: [] }))).to.equal('NOT_FOUND')
    expect(code(await ann.request({ type: 'group-members', groupId, manageKey, add: ['eve@other.test'], remove: [] }))).to.equal('NOT_FOUND')
    for (const d of [ann, ben, dan]) expect(code(await d.request({ type: 'subscribe' }))).to.equal('ok')
    // Ben's device uses the group (it fetches it): its new messages are pushed to it from then on.
    expect(code(await ben.request({ type: 'group-fetch', groupId, afterSeq: 0 }))).to.equal('group-mail')

    const first = await message(chain, 'hello group')
    const posted = await ann.request({ type: 'group-post', message: first })
    expect(posted).to.include({ type: 'group-posted', seq: 1, duplicate: false })
    await ben.pushed(1)
    expect(ben.pushes[0]?.items[0]?.message).to.deep.equal(first)
    // A replay is answered, not stored or pushed again; a non-member cannot post.
    expect(await ann.request({ type: 'group-post', message: first })).to.include({ duplicate: true })
    expect(code(await dan.request({ type: 'group-post', message: await message(chain, 'intruder') }))).to.equal('NOT_FOUND')
    expect(code(await dan.request({ type: 'group-fetch', groupId, afterSeq: 0 }))).to.equal('NOT_FOUND')

    const mail = await cat.request({ type: 'group-fetch', groupId, afterSeq: 0 })
    expect(mail.type === 'group-mail' && mail.items.map(i => i.seq)).to.deep.equal([1])
    expect(code(await cat.request({ type: 'group-ack', groupId, seq: 1 }))).to.equal('ok')
    expect(code(await ben.request({ type: 'group-read', groupId, seq: 1 }))).to.equal('ok')
    const receipts = await ann.request({ type: 'group-receipts', groupId, seq: 1 })
    expect(receipts).to.deep.include({ type: 'group-receipts', of: 2, delivered: 2, read: 1 })
    expect(receipts.type === 'group-receipts' && receipts.members).to.deep.equal([
      { user: 'ben@relay.test', delivered: true, read: true },
      { user: 'cat@relay.test', delivered: true, read: false }
    ])
    expect(code(await ben.request({ type: 'group-receipts', groupId, seq: 1 }))).to.equal('NOT_FOUND')

    // Dan, online, is added: being added by someone else pushes nothing to him until his device
    // fetches the group; then the next post comes at once. Ben leaves and gets nothing more.
    expect(code(await ann.request({ type: 'group-members', groupId, manageKey, add: ['dan@relay.test'], remove: [] }))).to.equal('ok')
    expect(code(await ben.request({ type: 'group-leave', groupId }))).to.equal('ok')
    await ann.request({ type: 'group-post', message: await message(chain, 'second') })
    const page = await dan.request({ type: 'group-fetch', groupId, afterSeq: 0 })
    expect(page.type === 'group-mail' && page.items.map(i => i.seq)).to.deep.equal([2])
    expect(dan.pushes).to.have.length(0)
    await ann.request({ type: 'group-post', message: await message(chain, 'third') })
    await dan.pushed(1)
    expect(dan.pushes[0]?.items[0]?.seq).to.equal(3)
    expect(ben.pushes).to.have.length(1)
    // Ann added herself before her stream subscribed: followed once it did.
    await ann.pushed(3)
    expect(ann.pushes.map(p => p.items[0]?.seq)).to.deep.equal([1, 2, 3])
  })

  it('makes a new group with its maker among its first members, keeps an account in a bounded number of groups, and slows a flood of group requests', async () => {
    const [hal, ida] = [await account('hal'), await account('ida')]
    const manageKey = randomBytes(32)
    // A group with only others in it would let one account make groups without end.
    expect(code(await hal.request({ type: 'group-members', groupId: randomBytes(32), manageKey, add: ['ida@relay.test'], remove: [] }))).to.equal('BAD_REQUEST')
    let last = ''
    for (let i = 0; i < 4 && last !== 'QUOTA_EXCEEDED'; i++) last = code(await hal.request({ type: 'group-members', groupId: randomBytes(32), manageKey, add: ['hal@relay.test', 'ida@relay.test'], remove: [] }))
    expect(last).to.equal('QUOTA_EXCEEDED')
    expect(await relay.groups.groupsOf('ida')).to.have.length(3)
    // Group requests count in a budget of their own, per account (a burst of 20; the five above took five).
    const groupId = (await relay.groups.groupsOf('hal'))[0] as string
    const codes: string[] = []
    for (let i = 0; i < 25; i++) codes.push(code(await hal.request({ type: 'group-fetch', groupId: Buffer.from(groupId, 'hex'), afterSeq: 0 })))
    expect(codes.filter(c => c === 'group-mail').length).to.be.within(15, 17)
    expect(codes.at(-1)).to.equal('RATE_LIMITED')
  })

  it('slows a member who floods a group, leaving its log to the others', async () => {
    const [fay, gus] = [await account('fay'), await account('gus')]
    const chain = SenderChain.generate(randomBytes(32), 1)
    const manageKey = randomBytes(32)
    await fay.request({ type: 'group-members', groupId: chain.groupId, manageKey, add: ['fay@relay.test', 'gus@relay.test'], remove: [] })
    const codes: string[] = []
    for (let i = 0; i < 35; i++) codes.push(code(await fay.request({ type: 'group-post', message: await message(chain, `flood ${i}`) })))
    expect(codes.filter(c => c === 'group-posted').length).to.be.within(30, 32)
    expect(codes.at(-1)).to.equal('RATE_LIMITED')
    expect(code(await gus.request({ type: 'group-post', message: await message(chain, 'still here') }))).to.equal('group-posted')
  })
})
