import { expect } from 'chai'
import { join } from 'node:path'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import type { ParleyNode } from '@parley/node'

describe('Relay durability', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess | undefined
  const nodes: ParleyNode[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('durability')
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp.close()
    await cleanup(dir)
  })

  it('keeps every acknowledged deposit when the relay is SIGKILLed mid-stream', async () => {
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    const ports = relay.ports
    const alice = await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })
    const bob = await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })
    nodes.push(alice.node, bob.node)
    // bob has written to alice, so she is his contact: her hundreds of messages fit the contact limits.
    await bob.node.send('alice@relay.test', 'hello alice')
    await alice.node.lookup('bob@relay.test')

    const acknowledged = new Map<string, string>()
    const total = 400
    let killed: Promise<void> | undefined
    const running = relay
    // Eight senders keep deposits streaming; the plug is pulled once some are acknowledged,
    // while others are in flight.
    let next = 0
    let failed = 0
    const worker = async (): Promise<void> => {
      while (next < total && running.child.exitCode === null && running.child.signalCode === null) {
        const text = `durable message ${next++}`
        try {
          const m = await alice.node.send('bob@relay.test', text)
          if (m.state === 'sent') acknowledged.set(m.id, text)
          if (acknowledged.size >= 60 && killed === undefined) killed = running.kill()
        } catch {
          // Deposits cut off by the kill fail; only acknowledged ones are promised.
          failed++
        }
      }
    }
    const sends = Array.from({ length: 8 }, worker)
    await Promise.all(sends)
    await killed
    expect(running.child.signalCode).to.equal('SIGKILL')
    expect(acknowledged.size).to.be.within(60, total - 1)
    expect(failed, 'deposits were in flight when the relay died').to.be.greaterThan(0)

    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
    const received = await bob.node.sync()
    const byId = new Map(received.map(m => [m.id, m.text]))
    const missing = [...acknowledged.keys()].filter(id => !byId.has(id))
    expect(missing, `${missing.length} acknowledged deposits lost`).to.deep.equal([])
    for (const [id, text] of acknowledged) expect(byId.get(id)).to.equal(text)
    expect(new Set(received.map(m => m.id)).size, 'no duplicates').to.equal(received.length)
  })
})
