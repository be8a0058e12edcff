import { expect } from 'chai'
import { mapLimit } from '../src/map-limit.js'

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0
    let peak = 0
    const out = await mapLimit([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      running++
      peak = Math.max(peak, running)
      await new Promise(resolve => setTimeout(resolve, ms))
      running--
      return i * 2
    })
    expect(out).to.deep.equal([0, 2, 4, 6, 8, 10])
    expect(peak).to.equal(3)
  })

  it('rejects a limit below one', async () => {
    let error: unknown
    try { await mapLimit([1], 0, async x => x) } catch (err) { error = err }
    expect(error).to.be.instanceOf(RangeError)
  })

  it('handles an empty list', async () => {
    expect(await mapLimit([], 4, async x => x)).to.deep.equal([])
  })
})
