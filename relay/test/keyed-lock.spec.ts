import { expect } from 'chai'
import { KeyedLock } from '../src/keyed-lock.js'

/** A promise with its resolve function, to hold a task open until the test releases it. */
function deferred (): { promise: Promise<void>, resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>(r => { resolve = r })
  return { promise, resolve }
}

async function tick (): Promise<void> {
  await new Promise(resolve => setImmediate(resolve))
}

describe('KeyedLock', () => {
  it('runs work for one key one at a time, in call order', async () => {
    const lock = new KeyedLock()
    const log: string[] = []
    let active = 0
    let maxActive = 0
    await Promise.all([1, 2, 3, 4].map(async n => await lock.run('box', async () => {
      active++
      maxActive = Math.max(maxActive, active)
      log.push(`start ${n}`)
      await tick()
      log.push(`end ${n}`)
      active--
    })))
    expect(maxActive).to.equal(1)
    expect(log).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4'])
  })

  it('does not make one key wait for another', async () => {
    const lock = new KeyedLock()
    const held = deferred()
    const slow = lock.run('a', async () => { await held.promise; return 'a' })
    const fast = await lock.run('b', async () => 'b')
    expect(fast).to.equal('b')
    held.resolve()
    expect(await slow).to.equal('a')
  })

  it('makes a second caller for the same key wait until the first finishes', async () => {
    const lock = new KeyedLock()
    const held = deferred()
    let secondRan = false
    const first = lock.run('k', async () => { await held.promise })
    const second = lock.run('k', async () => { secondRan = true })
    await tick()
    await tick()
    expect(secondRan).to.equal(false)
    held.resolve()
    await Promise.all([first, second])
    expect(secondRan).to.equal(true)
  })

  it('returns the result of the work', async () => {
    const lock = new KeyedLock()
    expect(await lock.run('k', async () => 42)).to.equal(42)
  })

  it('passes on an error and releases the key for the next caller', async () => {
    const lock = new KeyedLock()
    const failing = lock.run('k', async () => { throw new RangeError('boom') })
    const next = lock.run('k', async () => 'next')
    let caught: unknown
    try { await failing } catch (err) { caught = err }
    expect((caught as Error).name).to.equal('RangeError')
    expect(await next).to.equal('next')
    expect(await lock.run('k', async () => 'later')).to.equal('later')
  })

  it('forgets a key once its last holder finishes', async () => {
    const lock = new KeyedLock()
    await Promise.all([lock.run('k1', async () => {}), lock.run('k1', async () => {}), lock.run('k2', async () => {})])
    expect((lock as unknown as { tails: Map<string, unknown> }).tails.size).to.equal(0)
  })
})
