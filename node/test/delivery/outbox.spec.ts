import { expect } from 'chai'
import { NodeError, RelayRequestError } from '../../src/errors.js'
import { Outbox, sendWaits, type OutboxEntry } from '../../src/delivery/outbox.js'
import type { NodeStore } from '../../src/node-store.js'
import { expectNodeError, makeTempDir, openStore, removeTempDir } from '../helpers.js'

const id = (n: number): string => n.toString(16).padStart(32, '0')

describe('Outbox', () => {
  let dir: string
  let store: NodeStore
  let outbox: Outbox

  const level = (): any => store.level.sublevel('outbox', { valueEncoding: 'json' })

  beforeEach(async () => {
    dir = await makeTempDir('outbox')
    store = await openStore(dir)
    outbox = new Outbox(level())
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
  })

  it('sends waiting messages in the order they were written, once each', async () => {
    for (let i = 1; i <= 5; i++) await outbox.add(id(i), i % 2 === 0 ? 'bob@r' : 'carol@r', i)
    const order: string[] = []
    const result = await outbox.drain(async (entry) => { order.push(entry.id) })
    expect(order).to.deep.equal([id(1), id(2), id(3), id(4), id(5)])
    expect(result.sent).to.deep.equal(order)
    expect(result.waiting).to.equal(0)
    expect(await outbox.count()).to.equal(0)
    const again: string[] = []
    await outbox.drain(async (entry) => { again.push(entry.id) })
    expect(again).to.deep.equal([])
  })

  it('keeps its order across a reopen of the store', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(2), 'bob@r', 2)
    await store.close()
    store = await openStore(dir)
    outbox = new Outbox(level())
    await outbox.add(id(3), 'bob@r', 3)
    expect((await outbox.entries()).map(e => e.id)).to.deep.equal([id(1), id(2), id(3)])
  })

  it('adds a message that is already waiting only once', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(1), 'bob@r', 1)
    expect(await outbox.count()).to.equal(1)
  })

  it('holds back the rest of a conversation behind a message that could not go, and lets other conversations on', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(2), 'carol@r', 2)
    await outbox.add(id(3), 'bob@r', 3)
    const tried: string[] = []
    const result = await outbox.drain(async (entry: OutboxEntry) => {
      tried.push(entry.id)
      if (entry.conversation === 'bob@r') throw new NodeError('RELAY_UNREACHABLE', 'the relay did not answer')
    })
    expect(tried).to.deep.equal([id(1), id(2)])
    expect(result.sent).to.deep.equal([id(2)])
    expect(result.waiting).to.equal(2)
    const [first] = await outbox.entries()
    expect(first?.attempts).to.equal(1)
    expect(first?.lastError).to.equal('the relay did not answer')
  })

  it('lets a message that can never go leave the queue with its reason, and sends the next one', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(2), 'bob@r', 2)
    const result = await outbox.drain(async (entry) => {
      if (entry.id === id(1)) throw new NodeError('NO_KEYS', 'bob@r has no devices')
    })
    expect(result.failed.map(f => f.id)).to.deep.equal([id(1)])
    expect(result.sent).to.deep.equal([id(2)])
    expect(await outbox.count()).to.equal(0)
  })

  it('runs one pass at a time, and a pass asked for during another sees what was added meanwhile', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    let release!: () => void
    const gate = new Promise<void>(resolve => { release = resolve })
    const sent: string[] = []
    const first = outbox.drain(async (entry) => { await gate; sent.push(entry.id) })
    await outbox.add(id(2), 'bob@r', 2)
    const second = outbox.drain(async (entry) => { sent.push(entry.id) })
    release()
    await Promise.all([first, second])
    expect(sent).to.deep.equal([id(1), id(2)])
  })

  it('removes damaged records and still sends the good ones', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await level().put('e!0000000000000099', { id: 'not hex', conversation: 7 })
    await level().put('e!0000000000000100', 'garbage')
    const result = await outbox.drain(async () => {})
    expect(result.sent).to.deep.equal([id(1)])
    expect(result.damaged).to.equal(2)
    expect(await outbox.count()).to.equal(0)
  })

  it('stops at an aborted signal and leaves the rest waiting', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(2), 'carol@r', 2)
    const controller = new AbortController()
    const result = await outbox.drain(async () => { controller.abort() }, controller.signal)
    expect(result.sent).to.deep.equal([id(1)])
    expect(result.waiting).to.equal(1)
  })

  it('knows per conversation whether something waits, through adds, sends, failures, removals and a reopen', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    await outbox.add(id(2), 'bob@r', 2)
    await outbox.add(id(3), 'carol@r', 3)
    expect(await outbox.waitsFor('bob@r')).to.equal(true)
    expect(await outbox.waitsFor('dave@r')).to.equal(false)
    await outbox.remove(id(1))
    expect(await outbox.waitsFor('bob@r'), 'one of two left').to.equal(true)
    await outbox.drain(async entry => { if (entry.conversation === 'carol@r') throw new NodeError('NO_KEYS', 'gone') })
    expect(await outbox.waitsFor('bob@r'), 'sent').to.equal(false)
    expect(await outbox.waitsFor('carol@r'), 'failed for good: left the queue').to.equal(false)
    await outbox.add(id(4), 'dave@r', 4)
    await store.close()
    store = await openStore(dir)
    outbox = new Outbox(level())
    expect(await outbox.waitsFor('dave@r'), 'read back from the store').to.equal(true)
  })

  it('answers waitsFor without reading the queue again, however long it is', async () => {
    for (let i = 1; i <= 50; i++) await outbox.add(id(i), `user${i}@r`, i)
    const scans = { count: 0 }
    const counted = new Proxy(level(), {
      get (target, name) {
        const value = Reflect.get(target, name, target)
        if (name === 'iterator' || name === 'keys') scans.count++
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    outbox = new Outbox(counted)
    expect(await outbox.waitsFor('user7@r')).to.equal(true)
    // The first add also reads where the sequence stands, once.
    await outbox.add(id(52), 'early@r', 52)
    const afterFirst = scans.count
    for (let i = 1; i <= 50; i++) expect(await outbox.waitsFor(`user${i}@r`)).to.equal(true)
    await outbox.add(id(51), 'late@r', 51)
    expect(await outbox.waitsFor('late@r')).to.equal(true)
    expect(scans.count, 'no scan after the first read').to.equal(afterFirst)
  })

  it('counts what the full check compares with from its tally, damaged records included', async () => {
    outbox = new Outbox(level(), { maxEntries: 2 })
    await outbox.add(id(1), 'bob@r', 1)
    await level().put('e!0000000000000099', 'garbage')
    outbox = new Outbox(level(), { maxEntries: 2 })
    await expectNodeError(async () => { await outbox.add(id(2), 'bob@r', 2) }, 'OUTBOX_FULL')
    await outbox.drain(async () => {})
    await outbox.add(id(2), 'bob@r', 2)
    await outbox.add(id(3), 'bob@r', 3)
    expect(await outbox.count()).to.equal(2)
  })

  it('a removed message is not sent', async () => {
    await outbox.add(id(1), 'bob@r', 1)
    expect(await outbox.remove(id(1))).to.equal(true)
    expect(await outbox.remove(id(1))).to.equal(false)
    const sent: string[] = []
    await outbox.drain(async (entry) => { sent.push(entry.id) })
    expect(sent).to.deep.equal([])
  })
})

describe('sendWaits', () => {
  it('keeps a message queued while the relay cannot be reached, is busy or wants a new login', () => {
    expect(sendWaits(new NodeError('RELAY_UNREACHABLE', 'x'))).to.equal(true)
    expect(sendWaits(new NodeError('TIMEOUT', 'x'))).to.equal(true)
    expect(sendWaits(new RelayRequestError('RATE_LIMITED', 'x', 100))).to.equal(true)
    expect(sendWaits(new RelayRequestError('UNAUTHENTICATED', 'x'))).to.equal(true)
    // The relay gave up on the deposit in time; the recipient drops a copy that got through after all.
    expect(sendWaits(new RelayRequestError('DEADLINE_EXCEEDED', 'x'))).to.equal(true)
    expect(sendWaits(new Error('socket hang up'))).to.equal(true)
  })

  it('fails a message that cannot go whatever the network does', () => {
    expect(sendWaits(new NodeError('NO_KEYS', 'x'))).to.equal(false)
    expect(sendWaits(new NodeError('IDENTITY_CHANGED', 'x'))).to.equal(false)
    expect(sendWaits(new RelayRequestError('SENDER_QUOTA_EXCEEDED', 'x'))).to.equal(false)
    expect(sendWaits(new RelayRequestError('NOT_FOUND', 'x'))).to.equal(false)
  })
})
