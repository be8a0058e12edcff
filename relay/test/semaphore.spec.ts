import { expect } from 'chai'
import { Semaphore } from '../src/semaphore.js'

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, in arrival order, and frees slots after failures', async () => {
    const sem = new Semaphore(2)
    let running = 0
    let peak = 0
    const order: number[] = []
    const task = (i: number, fail = false) => sem.run(async () => {
      running++
      peak = Math.max(peak, running)
      order.push(i)
      await new Promise(resolve => setTimeout(resolve, 5))
      running--
      if (fail) throw new Error('boom')
      return i
    })
    const results = await Promise.allSettled([task(0), task(1, true), task(2), task(3), task(4)])
    expect(peak).to.equal(2)
    expect(order).to.deep.equal([0, 1, 2, 3, 4])
    expect(results.map(r => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect(await task(5)).to.equal(5)
  })

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).to.throw(RangeError)
  })
})
