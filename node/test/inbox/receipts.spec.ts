import { expect } from 'chai'
import { decodeReceipt, encodeReceipt, fromHex, toHex } from '@parley/protocol'
import { Receipts } from '../../src/inbox/receipts.js'
import { RelayRequestError } from '../../src/errors.js'
import { History, type StoredMessage } from '../../src/history.js'
import { NodeEvents, type NodeEvent } from '../../src/events.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'

function message (n: number, patch: Partial<StoredMessage> = {}): StoredMessage {
  return { id: n.toString(16).padStart(32, '0'), conversation: ALICE, direction: 'in', sender: ALICE, text: `hello ${n}`, sentAt: 1_000 + n, storedAt: 2_000 + n, state: 'received', path: 'direct', ...patch }
}

describe('Receipts', () => {
  let store: NodeStore
  let history: History
  let events: NodeEvents
  let seen: NodeEvent[]
  let deposited: Array<{ to: string, type: string, ids: string[] }>
  let tracked: Array<Promise<void>>

  beforeEach(async () => {
    store = await memoryStore()
    history = new History(store)
    events = new NodeEvents()
    seen = []
    events.on(e => seen.push(e))
    deposited = []
    tracked = []
  })

  afterEach(async () => { await store.close() })

  const receipts = (): Receipts => new Receipts({ history, events }, {
    deposit: async (to, body) => { const r = decodeReceipt(body); deposited.push({ to, type: r.type, ids: r.messageIds.map(toHex) }) },
    track: work => { tracked.push(work) },
    batchMs: 10_000
  })

  it('gathers delivered receipts of direct messages per sender, and sends them before the read receipt', async () => {
    const r = receipts()
    for (const n of [1, 2, 3]) { await history.add(message(n)); r.queueDelivered(message(n)) }
    expect(deposited, 'nothing yet: still gathering').to.deep.equal([])
    const read = await r.markRead(ALICE, new Set([message(2).id]))
    expect(read.map(m => m.id)).to.deep.equal([message(2).id])
    expect(deposited).to.deep.equal([
      { to: ALICE, type: 'delivered', ids: [1, 2, 3].map(n => message(n).id) },
      { to: ALICE, type: 'read', ids: [message(2).id] }
    ])
    expect(tracked).to.have.length(1)
  })

  it('moves an outgoing message on only for a receipt from the person it was sent to', async () => {
    const out = message(7, { conversation: BOB, direction: 'out', sender: ALICE, state: 'sent' })
    await history.add(out)
    const r = receipts()
    await r.apply(ALICE, encodeReceipt({ type: 'read', messageIds: [fromHex(out.id)] }))
    expect((await history.get(out.id))?.state, 'not from bob').to.equal('sent')
    await r.apply(BOB, encodeReceipt({ type: 'delivered', messageIds: [fromHex(out.id)] }))
    await r.apply(BOB, encodeReceipt({ type: 'read', messageIds: [fromHex(out.id)] }))
    await r.apply(BOB, encodeReceipt({ type: 'delivered', messageIds: [fromHex(out.id)] }))
    expect((await history.get(out.id))?.state).to.equal('read')
    expect(seen.map(e => e.type === 'receipt' ? e.state : e.type)).to.deep.equal(['delivered', 'read'])
  })

  it('throws on a malformed receipt (recorded as rejected by the inbox)', async () => {
    let failed = false
    try { await receipts().apply(BOB, new Uint8Array([0xff, 0x00])) } catch { failed = true }
    expect(failed).to.equal(true)
  })

  it('turns a receipt the relay refuses into a warning, without trying again', async () => {
    let tries = 0
    const r = new Receipts({ history, events }, { deposit: async () => { tries++; throw new RelayRequestError('NOT_FOUND', 'no such user') }, track: () => {} })
    await r.send('read', [message(1)])
    expect(tries).to.equal(1)
    expect(seen).to.deep.equal([{ type: 'warning', message: `could not send a read receipt to ${ALICE}: no such user` }])
  })

  it('tries a receipt again after a passing failure (a dropped stream), and sends it', async () => {
    let tries = 0
    const sent: string[] = []
    const r = new Receipts({ history, events }, {
      deposit: async (_to, body) => { if (++tries === 1) throw new Error('stream reset'); sent.push(decodeReceipt(body).type) },
      track: () => {}
    })
    await r.send('delivered', [message(1)])
    expect(tries).to.equal(2)
    expect(sent).to.deep.equal(['delivered'])
    expect(seen).to.deep.equal([])
  })

  it('stops trying once the node closes', async () => {
    const closing = new AbortController()
    let tries = 0
    const r = new Receipts({ history, events }, { deposit: async () => { tries++; closing.abort(); throw new Error('stream reset') }, track: () => {}, signal: closing.signal })
    await r.send('read', [message(1)])
    expect(tries).to.equal(1)
    expect(seen).to.have.length(1)
  })
})
