import { expect } from 'chai'
import { FrameWriter } from '../src/frame-writer.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (frames: Uint8Array[]): string[] => frames.map(f => new TextDecoder().decode(f))

/** A writeV whose writes finish only when the test says, recording what each held. */
function gatedWrites (): { writeV: (frames: Uint8Array[]) => Promise<void>, writes: string[][], finish: () => void } {
  const waiting: Array<() => void> = []
  const writes: string[][] = []
  return {
    writes,
    writeV: async frames => { writes.push(dec(frames)); await new Promise<void>(resolve => waiting.push(resolve)) },
    finish: () => { waiting.shift()?.() }
  }
}

const tick = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }

describe('FrameWriter', () => {
  it('writes messages sent while a write is under way together in the next write, in order', async () => {
    const gate = gatedWrites()
    const writer = new FrameWriter<string>(gate.writeV, enc, 1 << 16)
    const first = writer.send('a')
    await tick()
    const rest = ['b', 'c', 'd'].map(async m => { await writer.send(m) })
    await tick()
    expect(gate.writes).to.deep.equal([['a']])
    gate.finish()
    await first
    await tick()
    expect(gate.writes).to.deep.equal([['a'], ['b', 'c', 'd']])
    gate.finish()
    await Promise.all(rest)
  })

  it('resolves a send only once the write holding it is done', async () => {
    const gate = gatedWrites()
    const writer = new FrameWriter<string>(gate.writeV, enc, 1 << 16)
    let done = false
    const sent = writer.send('a').then(() => { done = true })
    await tick()
    expect(done).to.equal(false)
    gate.finish()
    await sent
    expect(done).to.equal(true)
  })

  it('puts at most maxBytes of frames in one write, but always at least one frame', async () => {
    const writes: string[][] = []
    const writer = new FrameWriter<string>(async frames => { writes.push(dec(frames)) }, enc, 4)
    await Promise.all(['aa', 'bb', 'cc', 'dddddd', 'e'].map(async m => { await writer.send(m) }))
    expect(writes).to.deep.equal([['aa', 'bb'], ['cc', 'dddddd'], ['e']])
  })

  it('encodes a message only at its turn to be written', async () => {
    const gate = gatedWrites()
    const encoded: string[] = []
    const writer = new FrameWriter<string>(gate.writeV, m => { encoded.push(m); return enc(m) }, 1 << 16)
    const first = writer.send('a')
    await tick()
    const second = writer.send('b')
    await tick()
    expect(encoded).to.deep.equal(['a'])
    gate.finish()
    await first
    await tick()
    expect(encoded).to.deep.equal(['a', 'b'])
    gate.finish()
    await second
  })

  it('resolves the senders of a failed write and keeps writing later messages', async () => {
    let fail = true
    const writes: string[][] = []
    const writer = new FrameWriter<string>(async frames => { writes.push(dec(frames)); if (fail) { fail = false; throw new Error('stream reset') } }, enc, 1 << 16)
    await writer.send('a')
    await writer.send('b')
    await writer.drained()
    expect(writes).to.deep.equal([['a'], ['b']])
  })

  it('refuses a maxBytes that is not a positive integer', () => {
    expect(() => new FrameWriter<string>(async () => {}, enc, 0)).to.throw(RangeError, '"maxBytes"')
  })
})
