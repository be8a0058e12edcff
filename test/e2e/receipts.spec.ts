import { expect } from 'chai'
import { join } from 'node:path'
import { encodeReceipt, fromHex } from '@parley/protocol'
import type { NodeEvent, ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

describe('Delivered and read receipts', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let alice: ParleyNode
  let bob: ParleyNode
  let mallory: ParleyNode
  const aliceEvents: NodeEvent[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('receipts')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })).node
    mallory = (await makeUser({ dir, name: 'mallory', relayUrl: relay.http, smtp })).node
    alice.on(e => aliceEvents.push(e))
  })

  after(async () => {
    for (const n of [alice, bob, mallory]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  const states = async (): Promise<string[]> => (await alice.conversation('bob@relay.test')).map(m => m.state)

  it('moves the sender\'s messages from sent to delivered to read, through encrypted receipts', async () => {
    const first = await alice.send('bob@relay.test', 'one')
    const second = await alice.send('bob@relay.test', 'two')
    expect(await states()).to.deep.equal(['sent', 'sent'])

    const received = await bob.sync()
    expect(received.map(m => m.text)).to.deep.equal(['one', 'two'])
    expect(await alice.sync(), 'receipts are not messages').to.deep.equal([])
    expect(await states()).to.deep.equal(['delivered', 'delivered'])
    expect(aliceEvents.filter(e => e.type === 'receipt').map(e => e.type === 'receipt' ? [e.messageId, e.state, e.from] : [])).to.deep.equal([
      [first.id, 'delivered', 'bob@relay.test'], [second.id, 'delivered', 'bob@relay.test']
    ])

    const read = await bob.markRead('alice@relay.test')
    expect(read.map(m => m.text)).to.deep.equal(['one', 'two'])
    expect((await bob.conversation('alice@relay.test')).map(m => m.state)).to.deep.equal(['read', 'read'])
    expect(await bob.markRead('alice@relay.test'), 'nothing left to mark').to.deep.equal([])
    await alice.sync()
    expect(await states()).to.deep.equal(['read', 'read'])
  })

  it('ignores a receipt from someone the message was not sent to, and never moves a state back', async () => {
    const m = await alice.send('bob@relay.test', 'three')
    // Mallory learns the id somehow and claims bob read it.
    await (mallory as any).deposit('alice@relay.test', 'receipt', encodeReceipt({ type: 'read', messageIds: [fromHex(m.id)] }))
    await alice.sync()
    expect((await alice.history.get(m.id))?.state).to.equal('sent')

    await bob.sync()
    await bob.markRead('alice@relay.test')
    await alice.sync()
    expect((await alice.history.get(m.id))?.state).to.equal('read')
    // A late "delivered" (say, from bob's other device) does not undo "read".
    await (bob as any).deposit('alice@relay.test', 'receipt', encodeReceipt({ type: 'delivered', messageIds: [fromHex(m.id)] }))
    await alice.sync()
    expect((await alice.history.get(m.id))?.state).to.equal('read')
  })
})
