import { expect } from 'chai'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { peerIdFromString } from '@libp2p/peer-id'
import type { NodeEvent, ParleyNode } from '@parley/node'
import { inspectEnvelope, utf8Encode } from '@parley/protocol'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, parley, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'

// These tests reach into a node's libp2p host and direct links (private fields) to look at
// connections and to break them on purpose; the product code never does.
const host = (node: ParleyNode): any => (node as any).libp2p

/** Drops every connection between two nodes (the direct WebRTC one and any relayed one). */
async function hangUp (a: ParleyNode, b: ParleyNode): Promise<void> {
  await host(a).hangUp(peerIdFromString(b.peerId))
  await until(() => !((a as any).links.get(b.peerId)?.open === true), 10_000, 'the direct link to close')
}

/**
 * Sends until a message goes direct: a cold WebRTC set-up may miss the send's bound (the message
 * then takes the mailbox, as designed) while the connection goes on being set up for the next one.
 */
async function sendDirect (from: ParleyNode, to: ParleyNode, address: string, text: string): Promise<Awaited<ReturnType<ParleyNode['send']>>> {
  const first = await from.send(address, text)
  if (first.path === 'direct') return first
  await until(() => (from as any).links.get(to.peerId)?.open === true || !(from as any).dials.has(to.peerId), 25_000, 'the direct connection to finish setting up')
  return await from.send(address, `${text} (again)`)
}

/** What waits in a user's relay mailbox (message ids). */
async function mailboxIds (node: ParleyNode): Promise<string[]> {
  const mail = await (await node.connect()).request({ type: 'fetch-mail', afterSeq: 0, limit: 100 }, 'mail')
  return mail.items.map(i => inspectEnvelope(i.envelope).messageIdHex)
}

describe('Direct delivery over WebRTC', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const nodes: ParleyNode[] = []
  let alice: ParleyNode
  let bob: ParleyNode
  const bobEvents: NodeEvent[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('direct')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp, direct: true })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp, direct: true })).node
    nodes.push(alice, bob)
    bob.on(e => bobEvents.push(e))
    await alice.listen()
    expect(await alice.directStatus(), 'the WebRTC module loads on this machine').to.deep.equal({ available: true })
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('sends straight to an online device over WebRTC, leaving the relay mailbox empty', async () => {
    await bob.listen()
    await until(() => bob.directlyReachable, 20_000, 'bob to hold a reservation')
    // Everything the relay hands bob from his mailbox (fetched or pushed) passes through accept().
    const fromMailbox: string[] = []
    const accept = (bob as any).accept.bind(bob)
    ;(bob as any).accept = async (items: any[]) => { fromMailbox.push(...items.map(i => inspectEnvelope(i.envelope).messageIdHex)); return await accept(items) }
    let sent
    try {
      sent = await sendDirect(alice, bob, 'bob@relay.test', 'hello over webrtc')
    } finally {
      (bob as any).accept = accept
    }
    expect(sent.path).to.equal('direct')
    expect(sent.state).to.be.oneOf(['sent', 'delivered'])
    const got = bobEvents.find(e => e.type === 'message' && e.message.id === sent.id)
    expect(got?.type === 'message' && got.message.text).to.equal(sent.text)
    expect(got?.type === 'message' && got.message.path).to.equal('direct')
    const conns = (host(alice).getConnections() as any[]).filter(c => c.remotePeer.toString() === bob.peerId)
    expect(conns.some(c => c.remoteAddr.toString().includes('/webrtc') && c.limits === undefined), 'a direct WebRTC connection').to.equal(true)
    expect(fromMailbox, "the direct message never reached bob through his mailbox").to.not.include(sent.id)
    expect(await mailboxIds(bob), 'nor waits there').to.not.include(sent.id)
    // The delivered receipt came back (over the relay), and alice's history shows the path.
    await until(async () => (await alice.history.get(sent.id))?.state === 'delivered', 15_000, 'the delivered receipt')
    expect((await alice.history.get(sent.id))?.path).to.equal('direct')
  })

  it('loses and duplicates nothing when the direct stream dies mid-conversation', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `part ${i + 1} of the conversation`)
    const original = (bob as any).acceptDirect.bind(bob)
    let stored = 0
    // Bob keeps the 8th message and then loses the connection before his acknowledgement leaves:
    // alice cannot know it arrived, so it goes to the mailbox too, and bob must not show it twice.
    ;(bob as any).acceptDirect = async (...args: unknown[]) => {
      const result = await original(...args)
      if (++stored === 8) await host(bob).hangUp(peerIdFromString(alice.peerId))
      return result
    }
    const paths: string[] = []
    try {
      for (const [i, text] of texts.entries()) {
        // The 4th message goes out while the connection is being torn down under it.
        if (i === 3) void hangUp(alice, bob)
        const sent = await alice.send('bob@relay.test', text)
        paths.push(sent.path ?? 'relay')
        expect(sent.state).to.be.oneOf(['sent', 'delivered', 'read'])
      }
    } finally {
      (bob as any).acceptDirect = original
    }
    expect(paths, 'some went direct').to.include('direct')
    expect(paths, 'some fell back to the mailbox').to.include('relay')
    await until(async () => {
      const got = (await bob.conversation('alice@relay.test')).map(m => m.text)
      return texts.every(t => got.includes(t))
    }, 30_000, 'every message at bob')
    const got = (await bob.conversation('alice@relay.test')).map(m => m.text).filter(t => texts.includes(t))
    expect(got, 'each exactly once, in order').to.deep.equal(texts)
    expect(bobEvents.filter(e => e.type === 'message' && texts.includes(e.message.text)).length, 'each shown once').to.equal(texts.length)
    const out = (await alice.conversation('bob@relay.test')).filter(m => texts.includes(m.text))
    expect(out.map(m => m.state)).to.not.include('failed')
    expect(out).to.have.length(texts.length)
    await until(async () => (await mailboxIds(bob)).length === 0, 15_000, "bob's mailbox to be drained")
  })

  it('re-reserves within seconds of a relay restart, and the next dial goes direct again', async () => {
    const events: string[] = []
    const off = bob.on(e => events.push(e.type))
    await relay.stop()
    await until(() => events.includes('disconnected'), 15_000, 'bob to notice the relay is gone')
    await until(() => !bob.directlyReachable, 15_000, 'the reservation to be dropped')
    // A dial that fails while the relay is down is the outage, not bob: it must not hold back the
    // direct path once the relay is back.
    await until(() => (alice as any).client?.open !== true, 15_000, 'alice to notice the relay is gone')
    await hangUp(alice, bob)
    const during = await (alice as any).directLink(bob.peerId).then(() => 'connected', (err: Error) => err.message)
    expect(during).to.not.equal('connected')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports: relay.ports })
    const back = Date.now()
    await until(() => events.includes('connected'), 20_000, 'bob to reconnect by himself')
    await until(() => bob.directlyReachable, 15_000, 'bob to reserve again')
    const seconds = (Date.now() - back) / 1000
    expect(seconds, 'reachable again within seconds').to.be.below(10)
    off()
    // Only a new dial through the restarted relay proves the new reservation works.
    await hangUp(alice, bob)
    const sent = await sendDirect(alice, bob, 'bob@relay.test', 'after the restart')
    expect(sent.path).to.equal('direct')
  })

  it('delivers through the mailbox while the recipient is offline, and receipts flow back when they return', async () => {
    await bob.close()
    nodes.splice(nodes.indexOf(bob), 1)
    const sent = await alice.send('bob@relay.test', 'while you were away')
    expect(sent.path).to.equal('relay')
    const { ParleyNode } = await import('@parley/node')
    bob = await ParleyNode.open({ dataDir: join(dir, 'bob'), passphrase: 'test passphrase', direct: true })
    nodes.push(bob)
    await bob.listen()
    const got = (await bob.conversation('alice@relay.test')).find(m => m.id === sent.id)
    expect(got?.text).to.equal('while you were away')
    expect(got?.path).to.equal('relay')
    await until(async () => (await alice.history.get(sent.id))?.state === 'delivered', 15_000, 'the delivered receipt')
    await bob.markRead('alice@relay.test')
    await until(async () => (await alice.history.get(sent.id))?.state === 'read', 15_000, 'the read receipt')
    // Bob's receipts came from his device: alice tries the direct path again at once.
    await until(() => bob.directlyReachable, 20_000, 'bob to hold a reservation')
    const next = await sendDirect(alice, bob, 'bob@relay.test', 'welcome back')
    expect(next.path).to.equal('direct')
  })

  it('refuses a direct envelope from a peer that is not a device of the sender', async () => {
    const mallory = (await makeUser({ dir, name: 'mallory', relayUrl: relay.http, smtp, direct: true })).node
    nodes.push(mallory)
    // An envelope alice really sealed for bob (a relay sees these), replayed by mallory's device.
    const messageId = new Uint8Array(16).fill(7)
    const sealed = await (alice as any).sealFor('bob@relay.test', 'text', utf8Encode('replayed by mallory'), { messageId })
    const link = await (mallory as any).directLink(bob.peerId)
    let refusal = ''
    try { await link.send(sealed.bytes, messageId, 10_000) } catch (err: any) { refusal = err.message }
    expect(refusal).to.match(/not from a device of the sender/)
    expect((await bob.conversation('alice@relay.test')).map(m => m.text)).to.not.include('replayed by mallory')
    // Every refusal costs bob work (opening, a directory lookup): a peer that keeps trying is cut off.
    for (let i = 0; i < 10 && link.open === true; i++) await link.send(sealed.bytes, messageId, 10_000).catch(() => {})
    expect(link.open, 'the stream was cut off').to.equal(false)
  })

  it('falls back to the mailbox when the WebRTC upgrade fails, keeping the relay connection', async () => {
    const carol = (await makeUser({ dir, name: 'carol', relayUrl: relay.http, smtp, direct: true })).node
    nodes.push(carol)
    const carolGot: string[] = []
    carol.on(e => { if (e.type === 'message') carolGot.push(e.message.text) })
    await carol.listen()
    await until(() => carol.directlyReachable, 20_000, 'carol to hold a reservation')
    // Carol's side of the WebRTC signalling resets every attempt: the relayed connection opens,
    // the upgrade to a direct connection fails.
    await host(carol).unhandle('/webrtc-signaling/0.0.1')
    await host(carol).handle('/webrtc-signaling/0.0.1', (stream: any) => { stream.abort(new Error('upgrade refused')) }, { runOnLimitedConnection: true })
    const relayStream = await alice.connect()
    const started = Date.now()
    const first = await alice.send('carol@relay.test', 'the upgrade will fail')
    expect(first.path).to.equal('relay')
    expect(Date.now() - started, 'within the direct bound').to.be.below(8_000)
    await until(() => carolGot.includes('the upgrade will fail'), 15_000, 'carol to get it through the relay')
    // Alice's relay stream survived the failed upgrade, and a dial that failed is not retried on
    // every message: the next one goes through the mailbox straight away.
    const again = Date.now()
    const second = await alice.send('carol@relay.test', 'and this one too')
    expect(second.path).to.equal('relay')
    expect(relayStream.open, 'the relay stream of before the failed upgrade is still the open one').to.equal(true)
    expect(await alice.connect(), 'no reconnection was needed').to.equal(relayStream)
    expect(Date.now() - again, 'no new dial while backing off').to.be.below(3_000)
    await until(() => carolGot.includes('and this one too'), 15_000, 'the second message')
  })

  it('says at start-up when the WebRTC module cannot load, and sends through the relay', async () => {
    const dave = await makeUser({ dir, name: 'dave', relayUrl: relay.http, smtp })
    await dave.node.close()
    const hook = fileURLToPath(new URL('../support/no-webrtc.mjs', import.meta.url))
    const result = await parley(join(dir, 'dave'), ['send', 'bob@relay.test', 'no webrtc here'], {
      PARLEY_PASSPHRASE: 'test passphrase',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${hook}`
    })
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).to.match(/WebRTC is not available on this machine .*every message goes through the relay/)
    expect(result.json.path).to.equal('relay')
    await until(async () => (await bob.conversation('dave@relay.test')).some(m => m.text === 'no webrtc here'), 15_000, 'bob to get it')
  })
})
