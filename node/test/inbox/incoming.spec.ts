import { expect } from 'chai'
import { decodeReceipt, generateIdentityKey, toBase64, toHex, utf8Encode, type Content, type MailItem } from '@parley/protocol'
import { Incoming } from '../../src/inbox/incoming.js'
import type { Examined } from '../../src/inbox/examiner.js'
import { Receipts } from '../../src/inbox/receipts.js'
import { Rejections } from '../../src/inbox/rejections.js'
import { RejectionNotices } from '../../src/inbox/rejection-notices.js'
import { HeldMessages, type HeldMessage } from '../../src/trust/held.js'
import { Contacts } from '../../src/contacts.js'
import { History } from '../../src/history.js'
import { NodeEvents, type NodeEvent } from '../../src/events.js'
import { RejectedContentError } from '../../src/errors.js'
import type { NodeStore } from '../../src/node-store.js'
import { FakeRelay, memoryStore } from '../fakes.js'
import { NodeError } from '../../src/errors.js'

const ALICE = 'alice@relay.test'
const BOB = 'bob@relay.test'
const DEVICE = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
const aliceKey = generateIdentityKey().publicKey
const otherKey = generateIdentityKey().publicKey

const idOf = (n: number): Uint8Array => { const id = new Uint8Array(16); id[15] = n; return id }
const item = (n: number): MailItem => ({ seq: n, envelope: idOf(n) } as unknown as MailItem)
const text = (body: string | Uint8Array, sender = ALICE): Content => ({ sender, senderDevice: DEVICE, senderIdentityKey: aliceKey, sentAt: 1_000, conversation: sender === BOB ? ALICE : BOB, kind: 'text', body: typeof body === 'string' ? utf8Encode(body) : body })
const opened = (n: number, content: Content): Examined => ({ type: 'opened', messageId: idOf(n), messageIdHex: toHex(idOf(n)), content })
const held = (n: number, key: Uint8Array): HeldMessage => ({ id: toHex(idOf(n)), sender: ALICE, senderDevice: DEVICE, identityKey: toHex(key), sentAt: 1_000 + n, conversation: BOB, kind: 'text', body: toBase64(utf8Encode(`held ${n}`)), path: 'relay', heldAt: 2_000 })

describe('Incoming', () => {
  let store: NodeStore
  let history: History
  let contacts: Contacts
  let heldMessages: HeldMessages
  let rejections: Rejections
  let events: NodeEvents
  let seen: NodeEvent[]
  let relay: FakeRelay
  let receipts: Receipts
  let deposited: Array<{ to: string, type: string, ids: string[] }>
  let results: Map<number, Examined | (() => Promise<Examined>)>
  let reachable: string[]
  let incoming: Incoming

  beforeEach(async () => {
    store = await memoryStore()
    history = new History(store)
    contacts = new Contacts(store)
    heldMessages = new HeldMessages(store)
    rejections = new Rejections(store)
    events = new NodeEvents()
    seen = []
    events.on(e => seen.push(e))
    relay = new FakeRelay().on('ack-mail', { type: 'ok' })
    deposited = []
    receipts = new Receipts({ history, events }, {
      deposit: async (to, body) => { const r = decodeReceipt(body); deposited.push({ to, type: r.type, ids: r.messageIds.map(toHex) }) },
      track: () => {},
      batchMs: 10_000
    })
    results = new Map()
    reachable = []
    const clock = { now: () => 5_000 }
    // The examiner is faked: each envelope is its id's last byte, answered from `results`.
    const examiner = {
      examine: async (envelope: Uint8Array) => {
        const r = results.get(envelope[15] as number)
        if (r === undefined) throw new Error('no scripted result')
        return typeof r === 'function' ? await r() : r
      },
      knownSender: (content: Content) => ({ sender: content.sender, conversation: content.sender })
    }
    incoming = new Incoming({ history, contacts, held: heldMessages, notices: new RejectionNotices({ history, rejections, events, clock }), receipts, relay, events, clock }, {
      examiner, self: () => BOB, reachable: peer => { reachable.push(peer) }, groups: { takeDirect: async () => {} }, profiles: { take: async () => {} }
    })
  })

  afterEach(async () => { await store.close() })

  const acked = (): string[] => relay.of('ack-mail').flatMap(s => (s.request as any).messageIds.map(toHex))

  it('stores an opened text once, acknowledges it, tells the sender it arrived and says the page is complete', async () => {
    results.set(1, opened(1, text('hello')))
    const page = await incoming.acceptPage([item(1)])
    expect(page.complete).to.equal(true)
    expect(page.accepted.map(m => m.text)).to.deep.equal(['hello'])
    expect((await history.get(toHex(idOf(1))))?.state).to.equal('received')
    expect(acked()).to.deep.equal([toHex(idOf(1))])
    expect(deposited).to.deep.equal([{ to: ALICE, type: 'delivered', ids: [toHex(idOf(1))] }])
    expect(seen.filter(e => e.type === 'message')).to.have.length(1)
    expect(reachable, 'a sender that just wrote is worth a direct dial again').to.deep.equal([DEVICE])
    const again = await incoming.acceptPage([item(1)])
    expect(again.accepted, 'a duplicate is acknowledged, not stored twice').to.deep.equal([])
    expect(acked()).to.deep.equal([toHex(idOf(1)), toHex(idOf(1))])
  })

  it('still tells senders their stored messages arrived when the acknowledgement fails for a passing reason, and calls the page incomplete', async () => {
    relay.on('ack-mail', () => { throw new NodeError('RELAY_UNREACHABLE', 'the relay stream closed') })
    results.set(1, opened(1, text('kept anyway')))
    const page = await incoming.acceptPage([item(1)])
    expect(page.complete, 'fetched again later, to be acknowledged').to.equal(false)
    expect((await history.get(toHex(idOf(1))))?.text).to.equal('kept anyway')
    expect(deposited).to.deep.equal([{ to: ALICE, type: 'delivered', ids: [toHex(idOf(1))] }])
  })

  it('sends the delivered receipts, then throws, when the acknowledgement is refused for good', async () => {
    relay.on('ack-mail', () => { throw new NodeError('BAD_INPUT', 'the relay refused these ids') })
    results.set(1, opened(1, text('kept')))
    let thrown: unknown
    try { await incoming.acceptPage([item(1)]) } catch (err) { thrown = err }
    expect((thrown as NodeError)?.code).to.equal('BAD_INPUT')
    expect(deposited).to.deep.equal([{ to: ALICE, type: 'delivered', ids: [toHex(idOf(1))] }])
  })

  it('leaves a passing failure in the mailbox (page incomplete) and acknowledges the rest', async () => {
    results.set(1, { type: 'retry' })
    results.set(2, opened(2, text('two')))
    const page = await incoming.acceptPage([item(1), item(2)])
    expect(page.complete).to.equal(false)
    expect(acked()).to.deep.equal([toHex(idOf(2))])
  })

  it('records a rejected envelope and a text that is not UTF-8, and acknowledges both', async () => {
    results.set(1, { type: 'rejected', messageId: idOf(1), error: new RejectedContentError('bad'), sender: { sender: ALICE, conversation: ALICE } })
    results.set(2, opened(2, text(new Uint8Array([0xff, 0xfe]))))
    const page = await incoming.acceptPage([item(1), item(2)])
    expect(page.complete).to.equal(true)
    expect(page.accepted).to.deep.equal([])
    expect((await rejections.list()).map(r => r.id).sort()).to.deep.equal([toHex(idOf(1)), toHex(idOf(2))])
    expect(acked()).to.have.length(2)
  })

  it('holds a message under a changed key and says so', async () => {
    results.set(1, { type: 'held', messageId: idOf(1), held: held(1, otherKey) })
    await incoming.acceptPage([item(1)])
    expect((await heldMessages.summary(ALICE))[0]?.count).to.equal(1)
    expect(seen.find(e => e.type === 'held')).to.include({ address: ALICE, count: 1 })
  })

  it('takes pages in one after another: a later page is stored after an earlier slow one', async () => {
    let release!: () => void
    const slow = new Promise<void>(resolve => { release = resolve })
    results.set(1, async () => { await slow; return opened(1, text('first')) })
    results.set(2, opened(2, text('second')))
    const first = incoming.acceptPage([item(1)])
    const second = incoming.acceptPage([item(2)])
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(await history.get(toHex(idOf(2))), 'waits for the page before it').to.equal(undefined)
    release()
    await Promise.all([first, second])
    expect((await history.conversation(ALICE)).map(m => m.text)).to.deep.equal(['first', 'second'])
    await incoming.idle()
  })

  it('answers a direct envelope: kept is \'\', refused and retry say why, and the delivered receipt waits for its batch', async () => {
    results.set(1, opened(1, text('direct')))
    results.set(2, { type: 'refused', messageId: idOf(2), reason: 'not the sender\'s device' })
    results.set(3, { type: 'retry' })
    expect(await incoming.acceptDirect(idOf(1), DEVICE)).to.equal('')
    expect(await incoming.acceptDirect(idOf(2), DEVICE)).to.equal('not the sender\'s device')
    expect(await incoming.acceptDirect(idOf(3), DEVICE)).to.equal('could not check the sender right now')
    expect((await history.get(toHex(idOf(1))))?.path).to.equal('direct')
    expect(deposited, 'gathered for a moment').to.deep.equal([])
    expect(relay.of('ack-mail'), 'nothing to acknowledge at the relay').to.deep.equal([])
  })

  it('stores a copy of its own sent message in the recipient\'s conversation as sent', async () => {
    results.set(1, opened(1, text('from my other device', BOB)))
    const { accepted } = await incoming.acceptPage([item(1)])
    expect(accepted[0]).to.include({ conversation: ALICE, direction: 'out', state: 'sent' })
    expect(deposited, 'no receipt to oneself').to.deep.equal([])
  })

  it('releases held messages under the accepted key, discards the others, and receipts what it delivered', async () => {
    await contacts.check(ALICE, aliceKey)
    await heldMessages.hold(held(1, aliceKey))
    await heldMessages.hold(held(2, otherKey))
    const released = await incoming.release(ALICE)
    expect(released.delivered.map(m => m.text)).to.deep.equal(['held 1'])
    expect(released.discarded).to.equal(1)
    expect(await heldMessages.summary(ALICE)).to.deep.equal([])
    expect(deposited).to.deep.equal([{ to: ALICE, type: 'delivered', ids: [toHex(idOf(1))] }])
  })

  it('releases nothing for an unknown contact', async () => {
    expect(await incoming.release(ALICE)).to.deep.equal({ delivered: [], discarded: 0 })
  })

  it('leaves an envelope in the mailbox when it cannot be written down (a passing failure), and acknowledges the rest', async () => {
    results.set(1, opened(1, text('lost?')))
    results.set(2, opened(2, text('kept')))
    const add = history.add.bind(history)
    history.add = async message => { if (message.text === 'lost?') throw new Error('disk busy'); return await add(message) }
    const page = await incoming.acceptPage([item(1), item(2)])
    expect(page.complete).to.equal(false)
    expect(acked()).to.deep.equal([toHex(idOf(2))])
    expect(await rejections.list(), 'not recorded as rejected: fetched again later').to.deep.equal([])
  })
})
