import { expect } from 'chai'
import { randomBytes, type Content, type DeviceBundle } from '@parley/protocol'
import { NodeError, RelayRequestError } from '../../src/errors.js'
import { History } from '../../src/history.js'
import { Outbox } from '../../src/delivery/outbox.js'
import { OutgoingTexts, type OutgoingInit } from '../../src/delivery/outgoing.js'
import type { NodeEvent } from '../../src/events.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'

const BOB = 'bob@relay.test'
const bundle = { peerId: 'bob-device' } as unknown as DeviceBundle

describe('OutgoingTexts', () => {
  let store: NodeStore
  let history: History
  let events: NodeEvent[]
  /** What the fake network does with the next deliveries: a path, or an error to throw. */
  let network: Array<'direct' | 'relay' | Error>
  let delivered: string[]
  let lookupFails: Error | undefined
  let invalidated: string[]
  let closing: AbortController

  let maxWaiting: number | undefined
  const texts = (init: Partial<OutgoingInit> = {}): OutgoingTexts => new OutgoingTexts({ history, outbox: new Outbox(store.outbox, maxWaiting !== undefined ? { maxEntries: maxWaiting } : {}), clock: { now: () => Date.now() }, emit: e => events.push(e) }, {
    self: () => 'alice@relay.test',
    bundles: async () => { if (lookupFails !== undefined) throw lookupFails; return [bundle] },
    seal: async (_to, _kind, body) => ({ bytes: body, content: {} as unknown as Content, expiresAt: 0 }),
    deliver: async (_to, _bundles, sealed) => {
      const next = network.shift() ?? 'relay'
      if (next instanceof Error) throw next
      delivered.push(new TextDecoder().decode(sealed.bytes))
      return next
    },
    copyToOwnDevices: async () => {},
    invalidate: address => { invalidated.push(address) },
    listening: () => false,
    track: () => {},
    closing: closing.signal,
    ...init
  })

  beforeEach(async () => {
    store = await memoryStore()
    history = new History(store)
    events = []
    network = []
    delivered = []
    lookupFails = undefined
    invalidated = []
    closing = new AbortController()
    maxWaiting = undefined
  })

  afterEach(async () => { await store.close() })

  it('stores a text, delivers it and marks it sent with its path', async () => {
    network = ['direct']
    const sent = await texts().send(BOB, 'hello')
    expect(sent.state).to.equal('sent')
    expect(sent.path).to.equal('direct')
    expect((await history.get(sent.id))?.state).to.equal('sent')
    expect(events.filter(e => e.type === 'outgoing').map(e => (e as any).message.state)).to.deep.equal(['sending', 'sent'])
  })

  it('without queue, a text the relay cannot take fails at once and says why', async () => {
    network = [new NodeError('RELAY_UNREACHABLE', 'the relay did not answer')]
    let caught: any
    await texts().send(BOB, 'now or never').catch(err => { caught = err })
    expect(caught?.code).to.equal('RELAY_UNREACHABLE')
    const [stored] = await history.conversation(BOB)
    expect(stored?.state).to.equal('failed')
    expect(stored?.error).to.equal('the relay did not answer')
  })

  it('with queue, keeps a text the relay cannot take as waiting, with why, and sends it later under the same id', async () => {
    const t = texts()
    network = [new NodeError('RELAY_UNREACHABLE', 'the relay did not answer')]
    const first = await t.send(BOB, 'one', { queue: true })
    expect(first.state).to.equal('waiting')
    expect(first.error).to.equal('the relay did not answer')
    // The directory cannot be asked either: the next one waits too, behind the first.
    lookupFails = new NodeError('RELAY_UNREACHABLE', 'the relay did not answer')
    const second = await t.send(BOB, 'two', { queue: true })
    expect(second.state).to.equal('waiting')
    expect((await t.waiting()).map(m => m.text)).to.deep.equal(['one', 'two'])
    lookupFails = undefined
    const result = await t.sendWaiting()
    expect(result.sent).to.deep.equal([first.id, second.id])
    expect(delivered).to.deep.equal(['one', 'two'])
    expect((await history.get(first.id))?.state).to.equal('sent')
    expect(await t.waiting()).to.deep.equal([])
  })

  it('a text written while others to the same person wait goes behind them, even when the relay is back', async () => {
    const t = texts()
    network = [new NodeError('RELAY_UNREACHABLE', 'x')]
    await t.send(BOB, 'first', { queue: true })
    const later = await t.send(BOB, 'second', { queue: true })
    expect(later.state).to.equal('waiting')
    expect(delivered).to.deep.equal([])
    await t.sendWaiting()
    expect(delivered).to.deep.equal(['first', 'second'])
  })

  it('queued texts to one person keep the order they were written in when an earlier send fails after a later one was written', async () => {
    // The first send hangs on the network and then fails; the second is written meanwhile and
    // would fail at once: it must wait its turn, and go into the outbox behind the first.
    let failFirst!: () => void
    const firstFails = new Promise<void>(resolve => { failFirst = resolve })
    let calls = 0
    let down = true
    const t = texts({
      deliver: async (_to, _bundles, sealed) => {
        calls++
        if (calls === 1) await firstFails
        if (down) throw new NodeError('RELAY_UNREACHABLE', 'the relay went away')
        delivered.push(new TextDecoder().decode(sealed.bytes))
        return 'relay'
      }
    })
    const first = t.send(BOB, 'written first', { queue: true })
    const second = t.send(BOB, 'written second', { queue: true })
    // Both are stored, and shown, before either has gone.
    await new Promise(resolve => setTimeout(resolve, 20))
    expect((await history.conversation(BOB)).map(m => [m.text, m.state])).to.deep.equal([['written first', 'sending'], ['written second', 'sending']])
    failFirst()
    expect((await first).state).to.equal('waiting')
    expect((await second).state).to.equal('waiting')
    expect(calls, 'the second never tried to overtake the first').to.equal(1)
    expect((await t.waiting()).map(m => m.text)).to.deep.equal(['written first', 'written second'])
    down = false
    await t.sendWaiting()
    expect(delivered).to.deep.equal(['written first', 'written second'])
  })

  it('queued texts to different people do not wait for each other', async () => {
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    const t = texts({
      deliver: async (to, _bundles, sealed) => {
        if (to === BOB) await held
        delivered.push(new TextDecoder().decode(sealed.bytes))
        return 'relay'
      }
    })
    const toBob = t.send(BOB, 'to bob', { queue: true })
    expect((await t.send('carol@relay.test', 'to carol', { queue: true })).state).to.equal('sent')
    release()
    expect((await toBob).state).to.equal('sent')
    expect(delivered).to.deep.equal(['to carol', 'to bob'])
  })

  it('keeps the cached devices when the relay is only busy', async () => {
    const t = texts()
    network = [new RelayRequestError('RATE_LIMITED', 'slow down', 1_000)]
    const waiting = await t.send(BOB, 'later', { queue: true })
    expect(waiting.state).to.equal('waiting')
    expect(invalidated).to.deep.equal([])
  })

  it('a waiting text that can never go fails with its reason; a refused deposit forgets the cached devices', async () => {
    const t = texts()
    network = [new NodeError('RELAY_UNREACHABLE', 'x')]
    const waiting = await t.send(BOB, 'doomed', { queue: true })
    network = [new RelayRequestError('SENDER_QUOTA_EXCEEDED', 'bob has too much mail from you')]
    const result = await t.sendWaiting()
    expect(result.failed).to.deep.equal([waiting.id])
    const stored = await history.get(waiting.id)
    expect(stored?.state).to.equal('failed')
    expect(stored?.error).to.equal('bob has too much mail from you')
    expect(invalidated).to.deep.equal([BOB])
    // And "Try again" sends it under the same id.
    const again = await t.retry(waiting.id)
    expect(again.state).to.equal('sent')
    expect(again.id).to.equal(waiting.id)
  })

  it('a text the full outbox cannot take fails with that reason, never stays "sending"', async () => {
    maxWaiting = 1
    const t = texts()
    network = [new NodeError('RELAY_UNREACHABLE', 'x'), new NodeError('RELAY_UNREACHABLE', 'x')]
    await t.send(BOB, 'kept', { queue: true })
    // The second lookup succeeds, its deposit fails for a passing reason, and the outbox is full.
    await t.send('carol@relay.test', 'no room', { queue: true }).catch(err => { expect(err.code).to.equal('OUTBOX_FULL') })
    const [stored] = await history.conversation('carol@relay.test')
    expect(stored?.state).to.equal('failed')
    expect(stored?.errorCode).to.equal('OUTBOX_FULL')
  })

  it('refuses an empty or oversized text before storing anything', async () => {
    let caught: any
    await texts().send(BOB, '').catch(err => { caught = err })
    expect(caught?.code).to.equal('BAD_INPUT')
    await texts().send(BOB, 'x'.repeat(70_000)).catch(err => { caught = err })
    expect(caught?.code).to.equal('BAD_INPUT')
    expect(await history.conversation(BOB)).to.deep.equal([])
  })

  it('retries only a failed or waiting message of its own', async () => {
    let caught: any
    await texts().retry(Buffer.from(randomBytes(16)).toString('hex')).catch(err => { caught = err })
    expect(caught?.code).to.equal('BAD_INPUT')
  })
})
