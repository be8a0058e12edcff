import { expect } from 'chai'
import { Rejections, type RejectedMessage } from '../src/rejections.js'
import type { NodeStore } from '../src/node-store.js'
import { makeTempDir, openStore, removeTempDir } from './helpers.js'

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
})
