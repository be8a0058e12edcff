import { expect } from 'chai'
import { Rejections, rejectionReason, type RejectedMessage } from '../../src/inbox/rejections.js'
import type { NodeStore } from '../../src/node-store.js'
import { makeTempDir, openStore, removeTempDir } from '../helpers.js'

function record (n: number, patch: Partial<RejectedMessage> = {}): RejectedMessage {
  return { id: n.toString(16).padStart(32, '0'), at: 1_800_000_000_000 + n, code: 'MALFORMED', reason: 'the text is not valid UTF-8', path: 'relay', ...patch }
}

describe('Rejections', () => {
  let dir: string | undefined
  let store: NodeStore

  beforeEach(async () => {
    dir = await makeTempDir('rejections')
    store = await openStore(dir)
  })

  afterEach(async () => {
    await store.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('records a message once, however often it comes', async () => {
    const rejections = new Rejections(store)
    expect(await rejections.add(record(1))).to.deep.equal({ added: true, dropped: [] })
    expect(await rejections.add(record(1, { at: 1_900_000_000_000, path: 'direct' }))).to.deep.equal({ added: false, dropped: [] })
    expect(await rejections.list()).to.deep.equal([record(1)])
  })

  it('keeps the most recent ones only, handing back those it dropped, also across a reopen', async () => {
    let rejections = new Rejections(store, 3)
    const dropped: RejectedMessage[] = []
    for (let n = 1; n <= 4; n++) dropped.push(...(await rejections.add(record(n))).dropped)
    expect(dropped).to.deep.equal([record(1)])
    await store.close()
    store = await openStore(dir as string)
    rejections = new Rejections(store, 3)
    expect((await rejections.add(record(3))).added, 'still known after the reopen').to.equal(false)
    await Promise.all([5, 6].map(async n => await rejections.add(record(n))))
    expect((await rejections.list()).map(r => r.id)).to.deep.equal([record(4), record(5), record(6)].map(r => r.id))
    expect(await rejections.list(1)).to.deep.equal([record(6)])
  })

  it('skips and deletes damaged records in the list and the index', async () => {
    await store.rejected.put('000000000000001\x00broken', { id: 7 })
    const rejections = new Rejections(store)
    expect(await rejections.add(record(1))).to.deep.equal({ added: true, dropped: [] })
    expect(await rejections.list()).to.deep.equal([record(1)])
    const keys = []
    for await (const key of store.rejected.keys()) keys.push(key)
    expect(keys).to.have.length(1)
  })

  it('drops the oldest records in the batch that adds the new one', async () => {
    const rejections = new Rejections(store, 2)
    const batches: number[] = []
    const batch = store.rejected.batch.bind(store.rejected)
    ;(store.rejected as any).batch = async (ops: unknown[]) => { batches.push(ops.length); return await batch(ops as any) }
    for (let n = 1; n <= 4; n++) await rejections.add(record(n))
    expect(batches, 'one batch per add: the put and its drop together').to.deep.equal([1, 1, 2, 2])
    expect((await rejections.list()).map(r => r.id)).to.deep.equal([record(3).id, record(4).id])
  })
})

describe('rejectionReason', () => {
  it('gives a fixed sentence by code, never a message from the error', () => {
    expect(rejectionReason('MALFORMED')).to.equal('it is not well formed')
    expect(rejectionReason('SOMETHING_NEW')).to.equal('it cannot be read')
  })
})
