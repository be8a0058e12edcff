import { expect } from 'chai'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

describe('Device-list changes pushed by the relay', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const nodes: ParleyNode[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('device-list-push')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('reaches a device bob adds at once: the relay pushes the change and alice\'s cached list is dropped, with no wait for its TTL', async () => {
    const alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })).node
    const bob = await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })
    nodes.push(alice, bob.node)
    expect(await alice.listen()).to.equal(true)
    const pushed: string[][] = []
    // The relay connection's push feed, as the directory hears it.
    ;(alice as any).s.relay.onDevicesChanged((users: string[]) => { pushed.push(users) })

    await alice.send('bob@relay.test', 'one')
    expect((await bob.node.sync()).map(m => m.text)).to.deep.equal(['one'])

    // A second device of bob's under the same identity key (device linking, done by hand here):
    // logging in publishes its bundle beside the first one.
    const second = await ParleyNode.open({ dataDir: join(dir, 'bob-2'), passphrase: 'test passphrase', kdfIterations: 100_000, direct: false })
    nodes.push(second)
    ;(second as any).keys.identity = (bob.node as any).keys.identity
    await second.login(bob.password, { account: { relayUrl: relay.http, name: 'bob' } })

    for (let i = 0; i < 100 && !pushed.some(u => u.includes('bob@relay.test')); i++) await new Promise(resolve => setTimeout(resolve, 50))
    expect(pushed.flat(), 'the relay pushed bob\'s change').to.include('bob@relay.test')

    await alice.send('bob@relay.test', 'two')
    expect((await second.sync()).map(m => m.text), 'the new device got the next message').to.deep.equal(['two'])
    expect((await bob.node.sync()).map(m => m.text)).to.deep.equal(['two'])
  })
})
