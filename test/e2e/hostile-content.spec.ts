import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { generateIdentityKey, inspectEnvelope, seal, toHex, utf8Encode, type Content, type DeviceBundle } from '@parley/protocol'
import { ParleyNode, RelayRequestError, type NodeEvent, type StoredMessage } from '@parley/node'
// The codec behind `seal`: only to write a content kind number that `seal` itself refuses to.
import { Content as PbContent } from '../../protocol/src/pb/envelope.js'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, parley, PARLEY_BIN, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'

// A hostile sender with valid keys: these tests read a node's identity key (a private field) to
// seal envelopes by hand, and call its private direct sender; the product code never does.
const identitySeed = (node: ParleyNode): Uint8Array => (node as any).keys.identity.privateKey

/** Runs `run` with every Content encoded with `kind` as its wire kind number (field 6, one byte). */
async function withWireKind<T> (kind: number, conversation: string, run: () => Promise<T>): Promise<T> {
  const original = PbContent.encode
  const marker = [0x2a, conversation.length, ...utf8Encode(conversation), 0x30, 0x01]
  ;(PbContent as any).encode = (obj: Parameters<typeof original>[0]) => {
    const bytes = original(obj)
    const at = bytes.findIndex((_, i) => marker.every((b, j) => bytes[i + j] === b))
    if (at < 0) throw new Error('content layout not as expected')
    bytes[at + marker.length - 1] = kind
    return bytes
  }
  try {
    return await run()
  } finally {
    (PbContent as any).encode = original
  }
}

/**
 * One kind of bad content. `sender`: whose signature it carries (a notice then stands in their
 * conversation). `directRefused`: on a direct stream it is refused as not coming from the device
 * it names, before anything is recorded (that envelope may be genuine and come by the mailbox).
 */
interface Bad { what: string, sender?: string, directRefused?: true, make: () => Promise<Uint8Array> }

/** Envelopes from `from` to `to` (whose devices are `devices`) that are each wrong in one way. */
function badEnvelopes (from: ParleyNode, to: string, devices: DeviceBundle[], options: { wrongRecipient?: string } = {}): Bad[] {
  const forger = generateIdentityKey()
  const sealAs = async (patch: Partial<Content>, extra: { recipient?: string, key?: Uint8Array } = {}): Promise<Uint8Array> => {
    const content: Content = { sender: from.address, senderDevice: from.peerId, senderIdentityKey: from.identityKey, sentAt: Date.now(), conversation: to, kind: 'text', body: utf8Encode('not this one'), ...patch }
    return (await seal({ recipient: extra.recipient ?? to, devices: devices.map(b => ({ deviceId: b.peerId, rsaPublicKey: b.rsaPublicKey })), content, identityPrivateKey: extra.key ?? identitySeed(from), expiresAt: Date.now() + 3_600_000 })).bytes
  }
  const bad: Bad[] = [
    { what: 'a text that is not UTF-8', sender: from.address, make: async () => await sealAs({ body: new Uint8Array([0x68, 0xc3, 0x28, 0xff]) }) },
    { what: 'an empty text', sender: from.address, make: async () => await sealAs({ body: new Uint8Array(0) }) },
    // Refused after the signature checked, so its sender is proven and named.
    { what: 'an unknown content kind', sender: from.address, make: async () => await withWireKind(99, to, async () => await sealAs({})) },
    { what: 'a malformed receipt', sender: from.address, make: async () => await sealAs({ kind: 'receipt', body: new Uint8Array([0xff, 0xff, 0xff]) }) },
    { what: 'a receipt naming no message', sender: from.address, make: async () => await sealAs({ kind: 'receipt', body: new Uint8Array([0x08, 0x01]) }) },
    { what: 'a content from a device the sender never signed for', sender: from.address, directRefused: true, make: async () => await sealAs({ senderDevice: '12D3KooWNotADeviceOfTheSenderAtAll1111111111111' }) },
    { what: 'a forged signature', make: async () => await sealAs({ senderIdentityKey: forger.publicKey }, { key: forger.privateKey }) }
  ]
  if (options.wrongRecipient !== undefined) bad.push({ what: 'an envelope for someone else', make: async () => await sealAs({}, { recipient: options.wrongRecipient }) })
  return bad
}

describe('Hostile content never stops the mail around it', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const nodes: ParleyNode[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('hostile-content')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  async function user (name: string, direct = false): Promise<{ node: ParleyNode, password: string }> {
    const made = await makeUser({ dir, name, relayUrl: relay.http, smtp, direct })
    nodes.push(made.node)
    return made
  }

  /** Opens a device folder again (after a CLI run used it). */
  async function reopen (name: string): Promise<ParleyNode> {
    const node = await ParleyNode.open({ dataDir: join(dir, name), passphrase: 'test passphrase' })
    nodes.push(node)
    return node
  }

  async function close (node: ParleyNode): Promise<void> {
    await node.close()
    nodes.splice(nodes.indexOf(node), 1)
  }

  async function mailboxIds (node: ParleyNode): Promise<string[]> {
    const mail = await (await node.connect()).request({ type: 'fetch-mail', afterSeq: 0, limit: 100 }, 'mail')
    return mail.items.map(i => inspectEnvelope(i.envelope).messageIdHex)
  }

  async function deposit (from: ParleyNode, envelope: Uint8Array): Promise<void> {
    await (await from.connect()).request({ type: 'deposit', envelope }, 'deposited')
  }

  const cli = { PARLEY_PASSPHRASE: 'test passphrase' }

  it('mailbox path (parley inbox): each bad content between two good messages is acknowledged and recorded; the good ones arrive and are receipted', async () => {
    const alice = (await user('alice')).node
    const bob = (await user('bob')).node
    const bundles = await alice.lookup('bob@relay.test')
    const good: StoredMessage[] = [await alice.send('bob@relay.test', 'good 0')]
    const bad = badEnvelopes(alice, 'bob@relay.test', bundles)
    for (const [i, b] of bad.entries()) {
      await deposit(alice, await b.make())
      good.push(await alice.send('bob@relay.test', `good ${i + 1}`))
    }
    await close(bob)

    const inbox = await parley(join(dir, 'bob'), ['inbox'], cli)
    expect(inbox.code, inbox.stderr).to.equal(0)
    expect(inbox.json.map((m: StoredMessage) => m.text)).to.deep.equal(good.map(m => m.text))
    for (const b of bad.filter(b => b.sender !== undefined)) expect(inbox.stderr, b.what).to.include(`a message from ${b.sender} could not be read`)
    expect(inbox.stderr.match(/could not be read/g)?.length, inbox.stderr).to.equal(bad.length)

    const again = await reopen('bob')
    expect(await mailboxIds(again), 'everything was acknowledged').to.deep.equal([])
    const rejected = await again.rejectedMessages()
    expect(rejected.map(r => r.code)).to.have.length(bad.length)
    expect(rejected.filter(r => r.sender === 'alice@relay.test')).to.have.length(bad.filter(b => b.sender !== undefined).length)
    // Where the sender is proven, a notice stands in the conversation; it gets no receipt.
    const notices = (await again.conversation('alice@relay.test')).filter(m => m.unreadable !== undefined)
    expect(notices.map(n => n.text)).to.have.length(bad.filter(b => b.sender !== undefined).length)
    expect(notices[0]?.text).to.match(/^a message from alice@relay\.test could not be read: /)

    await close(again)
    await alice.sync()
    for (const m of good) expect((await alice.history.get(m.id))?.state, m.text).to.equal('read')
    expect((await parley(join(dir, 'bob'), ['inbox'], cli)).json, 'nothing comes twice').to.deep.equal([])
  })

  it('push path (a listening node): bad contents pushed between good ones stop nothing', async () => {
    const carol = (await user('carol')).node
    const dave = (await user('dave')).node
    const events: NodeEvent[] = []
    dave.on(e => events.push(e))
    expect(await dave.listen()).to.equal(true)
    const bundles = await carol.lookup('dave@relay.test')
    const good: StoredMessage[] = [await carol.send('dave@relay.test', 'pushed 0')]
    const bad = badEnvelopes(carol, 'dave@relay.test', bundles)
    for (const [i, b] of bad.entries()) {
      await deposit(carol, await b.make())
      good.push(await carol.send('dave@relay.test', `pushed ${i + 1}`))
    }
    const texts = (): string[] => events.flatMap(e => e.type === 'message' ? [e.message.text] : [])
    await until(() => texts().length === good.length, 60_000, 'every good message to be pushed', () => texts().join(', '))
    expect(texts()).to.deep.equal(good.map(m => m.text))
    await until(() => events.filter(e => e.type === 'rejected').length === bad.length, 30_000, 'every bad one to be recorded')
    expect(events.some(e => e.type === 'offline' || e.type === 'disconnected'), 'the connection stayed up').to.equal(false)
    await until(async () => (await mailboxIds(dave)).length === 0, 30_000, 'the mailbox to be empty')
    await until(async () => {
      await carol.sync()
      for (const m of good) if ((await carol.history.get(m.id))?.state !== 'delivered') return false
      return true
    }, 60_000, 'a delivered receipt for every good message', () => `dave's warnings: ${JSON.stringify(events.flatMap(e => e.type === 'warning' ? [e.message] : []))}`)
  })

  it('push path: a message whose sender cannot be checked right now (a passing failure) stays in the mailbox and is fetched again by itself', async () => {
    const ivy = (await user('ivy')).node
    const jack = (await user('jack')).node
    const events: NodeEvent[] = []
    jack.on(e => events.push(e))
    expect(await jack.listen()).to.equal(true)
    // Jack has never seen ivy: opening needs her keys from the directory, and that lookup fails once.
    const client = await jack.connect()
    const real = client.request.bind(client)
    let failures = 0
    ;(client as any).request = async (req: any, expected: any, options?: any) => {
      if (req.type === 'fetch-bundles' && req.user === 'ivy@relay.test' && failures === 0) { failures++; throw new RelayRequestError('INTERNAL', 'the relay could not complete the request; try again') }
      return await real(req, expected, options)
    }
    const sent = await ivy.send('jack@relay.test', 'checked on the second try')
    await until(() => events.some(e => e.type === 'message' && e.message.id === sent.id), 60_000, 'the message to be fetched again')
    expect(failures).to.equal(1)
    expect(events.filter(e => e.type === 'rejected'), 'a passing failure is not a rejection').to.deep.equal([])
    await until(async () => (await mailboxIds(jack)).length === 0, 30_000, 'the mailbox to be empty')
  })

  it('direct path (an in-process pair): bad contents on the direct stream are refused and recorded; the good ones arrive directly', async () => {
    const erin = (await user('erin', true)).node
    const frank = (await user('frank', true)).node
    const events: NodeEvent[] = []
    frank.on(e => events.push(e))
    await erin.listen()
    await frank.listen()
    await until(() => frank.directlyReachable, 20_000, 'frank to hold a reservation')
    const bundles = await erin.lookup('frank@relay.test')
    // The first message may take the mailbox while the WebRTC connection is set up.
    await erin.send('frank@relay.test', 'warming up')
    await until(() => (erin as any).links.get(frank.peerId)?.open === true, 30_000, 'the direct connection')
    const good: StoredMessage[] = [await erin.send('frank@relay.test', 'direct 0')]
    // One kind fewer than elsewhere: a direct stream that brings MAX_DIRECT_REFUSALS refusals is cut off.
    const bad = badEnvelopes(erin, 'frank@relay.test', bundles, { wrongRecipient: 'erin@relay.test' }).filter(b => b.what !== 'an empty text')
    for (const [i, b] of bad.entries()) {
      const envelope = await b.make()
      const taken = await (erin as any).sendDirect([frank.peerId], envelope, inspectEnvelope(envelope).messageId, { dial: false })
      expect(taken, `${b.what} is refused`).to.equal(false)
      good.push(await erin.send('frank@relay.test', `direct ${i + 1}`))
    }
    expect(good.map(m => m.path), 'the good ones went directly').to.deep.equal(good.map(() => 'direct'))
    const texts = (): string[] => events.flatMap(e => e.type === 'message' ? [e.message.text] : [])
    await until(() => good.every(m => texts().includes(m.text)), 30_000, 'every good message')
    expect((await frank.rejectedMessages()).map(r => r.path)).to.deep.equal(bad.filter(b => b.directRefused !== true).map(() => 'direct'))
    expect(await mailboxIds(frank)).to.deep.equal([])
    await until(async () => {
      for (const m of good) if ((await erin.history.get(m.id))?.state !== 'delivered') return false
      return true
    }, 60_000, 'a delivered receipt for every good message')
  })

  it('holds a message signed under a changed key until it is accepted (delivered, receipted), and discards it when refused', async () => {
    const gina = await user('gina')
    const hank = (await user('hank')).node
    await gina.node.send('hank@relay.test', 'before the new device')
    expect((await hank.sync()).map(m => m.text)).to.deep.equal(['before the new device'])
    await close(hank)

    /** Gina sets up a device from scratch (a new identity key) and writes from it. */
    const newDevice = async (folder: string, text: string): Promise<{ node: ParleyNode, message: StoredMessage }> => {
      const node = await ParleyNode.open({ dataDir: join(dir, folder), passphrase: 'test passphrase', kdfIterations: 100_000, direct: false })
      nodes.push(node)
      await node.login(gina.password, { account: { relayUrl: relay.http, name: 'gina' } })
      return { node, message: await node.send('hank@relay.test', text) }
    }

    const second = await newDevice('gina-2', 'from my new phone')
    const inbox = await parley(join(dir, 'hank'), ['inbox'], cli)
    expect(inbox.code, inbox.stderr).to.equal(0)
    expect(inbox.json).to.deep.equal([])
    expect(inbox.stderr).to.include('1 message from gina@relay.test is held: their identity key changed')
    expect(inbox.stderr).to.include('parley trust gina@relay.test')
    expect(inbox.stderr).to.include('parley trust --refuse gina@relay.test')
    const trusted = await parley(join(dir, 'hank'), ['trust', 'gina@relay.test'], cli)
    expect(trusted.json, trusted.stderr).to.include({ trusted: true, delivered: 1, discarded: 0 })
    const history = await parley(join(dir, 'hank'), ['history', 'gina@relay.test'], cli)
    expect(history.json.map((m: StoredMessage) => m.text)).to.deep.equal(['before the new device', 'from my new phone'])
    await until(async () => { await second.node.sync(); return (await second.node.history.get(second.message.id))?.state === 'delivered' }, 30_000, 'the delivered receipt')

    // Two more key changes before hank decides: only the message under the key he accepts is delivered.
    const third = await newDevice('gina-3', 'from a third device')
    expect((await parley(join(dir, 'hank'), ['inbox'], cli)).stderr).to.include('1 message from gina@relay.test is held')
    const fourth = await newDevice('gina-4', 'from a fourth device')
    expect((await parley(join(dir, 'hank'), ['inbox'], cli)).stderr).to.include('2 messages from gina@relay.test are held')
    const mixed = await parley(join(dir, 'hank'), ['trust', 'gina@relay.test'], cli)
    expect(mixed.json, mixed.stderr).to.include({ delivered: 1, discarded: 1 })
    const texts = (await parley(join(dir, 'hank'), ['history', 'gina@relay.test'], cli)).json.map((m: StoredMessage) => m.text)
    expect(texts).to.include(fourth.message.text).and.not.include(third.message.text)

    // Refused: the held message is discarded and the accepted key stays. A listening CLI says it is held as it comes.
    const listening = spawn(process.execPath, [PARLEY_BIN, 'listen', '--data', join(dir, 'hank')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...cli } })
    const exited = new Promise(resolve => listening.once('exit', resolve))
    let said = ''
    listening.stderr.on('data', (d: Buffer) => { said += d.toString() })
    try {
      await until(() => said.includes('Listening as hank@relay.test'), 60_000, 'hank to listen', () => said)
      await newDevice('gina-5', 'from a device hank refuses')
      await until(() => said.includes('1 message from gina@relay.test is held: their identity key changed'), 60_000, 'listen to say a message is held', () => said)
    } finally {
      listening.kill('SIGTERM')
      await exited
    }
    const refused = await parley(join(dir, 'hank'), ['trust', '--refuse', 'gina@relay.test'], cli)
    expect(refused.json, refused.stderr).to.include({ refused: true, discarded: 1 })
    const after = await reopen('hank')
    expect(await after.heldMessages()).to.deep.equal([])
    expect((await after.conversation('gina@relay.test')).map(m => m.text)).to.not.include('from a device hank refuses')
    expect((await after.contacts.get('gina@relay.test'))?.identityKey).to.equal(toHex(fourth.node.identityKey))
    expect(await mailboxIds(after)).to.deep.equal([])
  })
})
