import { expect } from 'chai'
import { join } from 'node:path'
import type { NodeEvent, ParleyNode } from '@parley/node'
import { inspectEnvelope } from '@parley/protocol'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

/** Waits until a node holds a reservation on its relay (it advertises a /p2p-circuit/webrtc address). */
async function reachable (node: ParleyNode, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (true) {
    const addrs: string[] = ((node as any).libp2p?.getMultiaddrs() ?? []).map((a: any) => a.toString())
    if (addrs.some(a => a.includes('/p2p-circuit/webrtc'))) return
    if (Date.now() > deadline) throw new Error(`no reservation; addresses: ${addrs.join(' ')}`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

describe('Direct delivery over WebRTC', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let alice: ParleyNode
  let bob: ParleyNode
  const bobEvents: NodeEvent[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('direct')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp, direct: true })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp, direct: true })).node
    bob.on(e => bobEvents.push(e))
  })

  after(async () => {
    for (const n of [alice, bob]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('sends straight to an online device over WebRTC, leaving the relay mailbox empty', async () => {
    await bob.listen()
    await reachable(bob)
    // The first dial also sets up WebRTC; on a loaded machine it can miss its bound and fall back
    // to the mailbox, which is the designed behaviour. One of three must go direct.
    let sent = await alice.send('bob@relay.test', 'hello over webrtc')
    for (let i = 0; i < 2 && sent.path !== 'direct'; i++) sent = await alice.send('bob@relay.test', `hello over webrtc, try ${i + 2}`)
    expect(sent.path).to.equal('direct')
    expect(sent.state).to.equal('sent')
    const got = bobEvents.find(e => e.type === 'message' && e.message.id === sent.id)
    expect(got?.type === 'message' && got.message.text).to.equal(sent.text)
    expect(got?.type === 'message' && got.message.path).to.equal('direct')
    const conns = ((alice as any).libp2p.getConnections() as any[]).filter(c => c.remotePeer.toString() === bob.peerId)
    expect(conns.some(c => c.remoteAddr.toString().includes('/webrtc') && c.limits === undefined), 'a direct WebRTC connection').to.equal(true)
    const mail = await (await bob.connect()).request({ type: 'fetch-mail', afterSeq: 0, limit: 10 }, 'mail')
    const ids = mail.items.map(i => inspectEnvelope(i.envelope).messageIdHex)
    expect(ids, "the direct message never went through bob's mailbox").to.not.include(sent.id)
  })
})
