import { expect } from 'chai'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, parley, type RelayProcess } from '../support/processes.js'
import { makeUser, registerWithCli } from '../support/users.js'

describe('the outbox: messages written while the relay is away', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess | undefined
  const nodes: ParleyNode[] = []
  /** alice's node as the first test left it open. */
  let aliceNode: ParleyNode
  const open = async (name: string): Promise<ParleyNode> => {
    const node = await ParleyNode.open({ dataDir: join(dir, name), passphrase: 'test passphrase', direct: false })
    nodes.push(node)
    return node
  }

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('outbox')
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp.close()
    await cleanup(dir)
  })

  it('keeps them across a restart of the device and sends them once, in order, when the relay is back', async () => {
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    const ports = relay.ports
    const alice = await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })
    const bob = await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })
    await bob.node.close()
    await alice.node.send('bob@relay.test', 'one')

    await relay.stop()
    relay = undefined
    const two = await alice.node.send('bob@relay.test', 'two', { queue: true })
    const three = await alice.node.send('bob@relay.test', 'three', { queue: true })
    expect([two.state, three.state]).to.deep.equal(['waiting', 'waiting'])
    // Without asking for the queue a send still says at once that it did not go.
    let refused: any
    await alice.node.send('bob@relay.test', 'not queued').catch(err => { refused = err })
    expect(refused?.code).to.equal('RELAY_UNREACHABLE')
    await alice.node.close()

    const again = aliceNode = await open('alice')
    expect((await again.waitingMessages()).map(m => m.text)).to.deep.equal(['two', 'three'])
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
    const first = await again.sendWaiting()
    expect(first.sent).to.deep.equal([two.id, three.id])
    expect((await again.sendWaiting()).sent).to.deep.equal([])
    expect(await again.waitingMessages()).to.deep.equal([])
    const states = (await again.conversation('bob@relay.test')).filter(m => m.text === 'two' || m.text === 'three').map(m => m.state)
    expect(states).to.deep.equal(['sent', 'sent'])

    const bobAgain = await open('bob')
    const texts = (await bobAgain.sync()).map(m => m.text)
    expect(texts).to.deep.equal(['one', 'two', 'three'])
  })

  it('fails a waiting message that can never go with its reason, and sends the others', async () => {
    const alice = aliceNode
    const ports = relay!.ports
    await relay!.stop()
    relay = undefined
    const lost = await alice.send('nobody@relay.test', 'to no one', { queue: true })
    const kept = await alice.send('bob@relay.test', 'four', { queue: true })
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
    const result = await alice.sendWaiting()
    expect(result.sent).to.deep.equal([kept.id])
    expect(result.failed).to.deep.equal([lost.id])
    const [failed] = await alice.conversation('nobody@relay.test')
    expect(failed?.state).to.equal('failed')
    expect(failed?.error).to.be.a('string').and.not.equal('')
  })

  it('parley send --queue keeps the message while the relay is away, and the next command that reaches it sends it', async () => {
    const home = join(dir, 'carol')
    await registerWithCli(home, relay!.http, smtp, 'carol')
    const ports = relay!.ports
    await relay!.stop()
    relay = undefined
    const queued = await parley(home, ['send', '--queue', 'bob@relay.test', 'from carol'])
    expect(queued.code, queued.stderr).to.equal(0)
    expect(queued.json?.state).to.equal('waiting')
    const plain = await parley(home, ['send', 'bob@relay.test', 'refused'])
    expect(plain.code).to.not.equal(0)
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
    const retried = await parley(home, ['retry', queued.json.id])
    expect(retried.code, retried.stderr).to.equal(0)
    expect(retried.json?.state).to.equal('sent')
  })
})
