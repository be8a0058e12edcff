import { expect } from 'chai'
import { ProtocolError } from '@parley/protocol'
import { ParleyNode, type NodeEvent } from '../src/parley-node.js'
import { Rejections } from '../src/inbox/rejections.js'
import { makeTempDir, removeTempDir } from './helpers.js'

const ALICE = 'alice@relay.test'

// Drives the node's private recording step directly: no relay is needed to see what it stores.
describe('Rejected messages in a conversation', function () {
  this.timeout(60_000)
  let dir: string | undefined
  let node: ParleyNode

  beforeEach(async () => {
    dir = await makeTempDir('rejected-notices')
    node = await ParleyNode.open({ dataDir: dir, passphrase: 'test passphrase', kdfIterations: 100_000, direct: false })
  })

  afterEach(async () => {
    await node.close()
    await removeTempDir(dir)
    dir = undefined
  })

  const record = async (n: number, sender?: string): Promise<string> => await (node as any).recordRejection(n.toString(16).padStart(32, '0'), new ProtocolError('MALFORMED', 'the text is not valid UTF-8'), 'relay', sender !== undefined ? { sender, conversation: sender } : undefined)

  it('puts a notice in the sender\'s conversation only when the signature proved the sender, once per message', async () => {
    const events: NodeEvent[] = []
    node.on(e => events.push(e))
    await record(1, ALICE)
    await record(1, ALICE)
    await record(2)
    const conversation = await node.history.conversation(ALICE)
    expect(conversation.map(m => [m.text, m.unreadable, m.state, m.direction])).to.deep.equal([
      [`a message from ${ALICE} could not be read: it is not well formed`, 'it is not well formed', 'read', 'in']
    ])
    expect(events.map(e => e.type === 'rejected' ? [e.messageId.slice(-1), e.code, e.sender] : [])).to.deep.equal([['1', 'MALFORMED', ALICE], ['2', 'MALFORMED', undefined]])
    expect((await node.rejectedMessages()).map(r => r.sender)).to.deep.equal([ALICE, undefined])
  })

  it('drops the oldest notices with their records, so bad mail cannot fill a conversation', async () => {
    ;(node as any).rejections = new Rejections((node as any).store, 3)
    for (let n = 1; n <= 5; n++) await record(n, ALICE)
    const kept = (await node.rejectedMessages()).map(r => r.id.slice(-1))
    expect(kept).to.deep.equal(['3', '4', '5'])
    expect((await node.history.conversation(ALICE)).map(m => m.id.slice(-1))).to.deep.equal(['3', '4', '5'])
  })
})
