import { expect } from 'chai'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameDeadline, FrameDeadlineError, type DeadlineTimers } from '../src/frame-deadline.js'
import { lengthPrefixOptions } from '../src/length-prefix.js'

/** Timers that fire only when told to. */
class ManualTimers implements DeadlineTimers {
  private next = 1
  readonly pending = new Map<number, { fn: () => void, ms: number }>()
  setTimeout = (fn: () => void, ms: number): unknown => { const h = this.next++; this.pending.set(h, { fn, ms }); return h }
  clearTimeout = (h: unknown): void => { this.pending.delete(h as number) }
  /** The delays of the timers set and not cleared. */
  get armed (): number[] { return [...this.pending.values()].map(t => t.ms) }
  fireAll (): void { for (const [h, t] of [...this.pending]) { this.pending.delete(h); t.fn() } }
}

/** A read that waits until `finish` or until its signal aborts, as lpStream's does. */
function pendingRead (): { read: (signal: AbortSignal) => Promise<string>, finish: () => void } {
  let finish!: () => void
  const done = new Promise<void>(resolve => { finish = resolve })
  return {
    finish,
    read: async signal => await new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => { reject(new Error('aborted by the reader')) }, { once: true })
      void done.then(() => { resolve('frame') })
    })
  }
}

describe('FrameDeadline', () => {
  it('puts no deadline on waiting for a frame unless waiting is limited', async () => {
    const timers = new ManualTimers()
    const d = new FrameDeadline({ frameMs: 100, firstFrameMs: 200, timers })
    const r = pendingRead()
    const reading = d.read(r.read)
    expect(timers.armed).to.deep.equal([])
    r.finish()
    expect(await reading).to.equal('frame')
  })

  it('starts the frame deadline on the first byte of the length prefix and ends the read with FrameDeadlineError when it passes', async () => {
    const timers = new ManualTimers()
    const d = new FrameDeadline({ frameMs: 100, firstFrameMs: 200, timers })
    d.limitWait(true)
    const r = pendingRead()
    const reading = d.read(r.read)
    expect(timers.armed).to.deep.equal([200])
    // A two-byte varint: the first byte alone does not decode, and starts the frame's clock.
    const { lengthDecoder } = lengthPrefixOptions(1000, d)
    expect(() => lengthDecoder(new Uint8ArrayList(Uint8Array.of(0xac)))).to.throw(RangeError)
    expect(timers.armed).to.deep.equal([100])
    expect(lengthDecoder(new Uint8ArrayList(Uint8Array.of(0xac, 0x02)))).to.equal(300)
    expect(timers.armed).to.deep.equal([100])
    timers.fireAll()
    const err = await reading.then(() => undefined, (e: unknown) => e)
    expect(err).to.be.instanceOf(FrameDeadlineError)
    expect((err as FrameDeadlineError).kind).to.equal('frame')
  })

  it('ends a limited wait with a first-frame FrameDeadlineError, and lifts the limit when told', async () => {
    const timers = new ManualTimers()
    const d = new FrameDeadline({ frameMs: 100, firstFrameMs: 200, timers })
    d.limitWait(true)
    const first = d.read(pendingRead().read)
    timers.fireAll()
    expect(((await first.catch((e: unknown) => e)) as FrameDeadlineError).kind).to.equal('first-frame')
    const r = pendingRead()
    const second = d.read(r.read)
    expect(timers.armed).to.deep.equal([200])
    d.limitWait(false)
    expect(timers.armed).to.deep.equal([])
    r.finish()
    expect(await second).to.equal('frame')
    expect(timers.armed).to.deep.equal([])
  })
})
