import { expect } from 'chai'
import { ProtocolError } from '@parley/protocol'
import { RejectionNotices, noticeId } from '../../src/inbox/rejection-notices.js'
import { Rejections } from '../../src/inbox/rejections.js'
import { History } from '../../src/history.js'
import { NodeEvents, type NodeEvent } from '../../src/events.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'

const ALICE = 'alice@relay.test'

describe('RejectionNotices', () => {
  let store: NodeStore
  let history: History
  let events: NodeEvents
  let seen: NodeEvent[]

  beforeEach(async () => {
    store = await memoryStore()
    history = new History(store)
    events = new NodeEvents()
    seen = []
    events.on(e => seen.push(e))
  })

  afterEach(async () => { await store.close() })

  const notices = (max?: number): RejectionNotices => new RejectionNotices({ history, rejections: new Rejections(store, max), events, clock: { now: () => 1_800_000_000_000 } })
  const id = (n: number): string => n.toString(16).padStart(32, '0')

  it('puts a notice in the sender\'s conversation only when the signature proved the sender, once per message', async () => {
    const box = notices()
    const bad = new ProtocolError('MALFORMED', 'the text is not valid UTF-8: <what the sender wrote>')
    await box.record(id(1), bad, 'relay', { sender: ALICE, conversation: ALICE })
    await box.record(id(1), bad, 'relay', { sender: ALICE, conversation: ALICE })
    await box.record(id(2), bad, 'direct')
    const conversation = await history.conversation(ALICE)
    expect(conversation.map(m => [m.id, m.text, m.unreadable, m.state, m.direction])).to.deep.equal([
      [noticeId(id(1)), `a message from ${ALICE} could not be read: it is not well formed`, 'it is not well formed', 'read', 'in']
    ])
    expect(seen.map(e => e.type === 'rejected' ? [e.messageId.slice(-1), e.code, e.sender, e.path] : [])).to.deep.equal([['1', 'MALFORMED', ALICE, 'relay'], ['2', 'MALFORMED', undefined, 'direct']])
  })

  it('records a fixed sentence by code, never the error\'s own message', async () => {
    const reason = await notices().record(id(3), new Error('secret internal detail'), 'relay')
    expect(reason).to.equal('it was refused (not sent from a device of its sender, or not readable)')
    expect(await notices().record(id(4), 'HELD_FULL', 'relay')).to.include('too many messages')
    expect(JSON.stringify(seen)).to.not.include('secret internal detail')
  })

  it('drops the oldest notices with their records, so bad mail cannot fill a conversation', async () => {
    const box = notices(3)
    for (let n = 1; n <= 5; n++) await box.record(id(n), 'MALFORMED', 'relay', { sender: ALICE, conversation: ALICE })
    expect((await history.conversation(ALICE)).map(m => m.id.slice(-1))).to.deep.equal(['3', '4', '5'])
  })
})
