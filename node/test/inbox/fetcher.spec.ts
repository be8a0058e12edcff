import { expect } from 'chai'
import type { MailItem } from '@parley/protocol'
import { MailFetcher } from '../../src/inbox/fetcher.js'
import type { AcceptedPage } from '../../src/inbox/incoming.js'
import type { StoredMessage } from '../../src/history.js'
import { REFETCH_MAX_MS, REFETCH_MIN_MS } from '../../src/constants.js'
import { FakeRelay } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

const item = (seq: number): MailItem => ({ seq, envelope: new Uint8Array([seq]) } as unknown as MailItem)
const stored = (seq: number): StoredMessage => ({ id: String(seq) } as unknown as StoredMessage)
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

describe('MailFetcher', () => {
  let relay: FakeRelay
  let complete: boolean
  let taken: number[][]
  let refetches: number
  let listening: boolean
  let closing: AbortController
  let fetcher: MailFetcher

  beforeEach(() => {
    relay = new FakeRelay()
    complete = true
    taken = []
    refetches = 0
    listening = true
    closing = new AbortController()
    fetcher = make()
  })

  afterEach(() => { fetcher.close() })

  function make (limits: { minMs?: number, maxMs?: number } = { minMs: 10, maxMs: 40 }): MailFetcher {
    return new MailFetcher({ relay }, {
      accept: async (items): Promise<AcceptedPage> => { taken.push(items.map(i => i.seq)); return { accepted: items.map(i => stored(i.seq)), complete } },
      listening: () => listening,
      refetch: async () => { refetches++ },
      track: work => { void work },
      closing: closing.signal,
      ...limits
    })
  }

  it('fetches page after page from where the last one ended, and returns every new message in order', async () => {
    relay.on('fetch-mail', request => {
      const after = (request as any).afterSeq as number
      return after === 0 ? { type: 'mail', items: [item(1), item(2)], more: true } : { type: 'mail', items: [item(3)], more: false }
    })
    const messages = await fetcher.fetchAll()
    expect(messages.map(m => m.id)).to.deep.equal(['1', '2', '3'])
    expect(relay.of('fetch-mail').map(s => (s.request as any).afterSeq)).to.deep.equal([0, 2])
    expect(taken).to.deep.equal([[1, 2], [3]])
  })

  it('passes the signal to the relay and stops at an aborted one', async () => {
    const controller = new AbortController()
    relay.on('fetch-mail', (_request, options) => { expect(options.signal).to.equal(controller.signal); controller.abort(); return { type: 'mail', items: [item(1)], more: true } })
    // An aborted call fails as the relay layer fails one (TIMEOUT, 'the operation was aborted').
    await expectNodeError(async () => await fetcher.fetchAll({ signal: controller.signal }), 'TIMEOUT')
    expect(relay.of('fetch-mail')).to.have.length(1)
  })

  it('fetches again later after an incomplete page, doubling the wait up to the most, and back to the least after a complete one', async () => {
    complete = false
    await fetcher.accept([item(1)])
    expect(fetcher.nextDelay).to.equal(20)
    await fetcher.accept([item(2)])
    expect(fetcher.nextDelay, 'one timer at a time').to.equal(20)
    await sleep(30)
    expect(refetches).to.equal(1)
    await fetcher.accept([item(3)])
    await fetcher.accept([item(4)])
    await sleep(30)
    await fetcher.accept([item(5)])
    expect(fetcher.nextDelay, 'capped').to.equal(40)
    complete = true
    await fetcher.accept([item(6)])
    expect(fetcher.nextDelay).to.equal(10)
  })

  it('schedules nothing for a node that does not listen, or that closes', async () => {
    complete = false
    listening = false
    await fetcher.accept([item(1)])
    listening = true
    closing.abort()
    await fetcher.accept([item(2)])
    await sleep(30)
    expect(refetches).to.equal(0)
  })

  it('cancels a scheduled fetch on close', async () => {
    complete = false
    await fetcher.accept([item(1)])
    fetcher.close()
    await sleep(30)
    expect(refetches).to.equal(0)
  })

  it('waits 2 s, doubling to 60 s, by default', () => {
    expect([REFETCH_MIN_MS, REFETCH_MAX_MS]).to.deep.equal([2_000, 60_000])
    expect(make({}).nextDelay).to.equal(2_000)
  })
})
