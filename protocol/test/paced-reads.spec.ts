import { expect } from 'chai'
import { BULK_HIGH_WATER_BYTES, pacedReads } from '../src/index.js'

const MiB = 2 ** 20

/**
 * A stream that behaves as a libp2p yamux stream does around pause and resume: paused, it keeps
 * what arrives and grants the sender no window; resume() first hands out what it kept (the
 * 'message' listeners run then), and only after that lets the sender go on.
 */
class YamuxLikeStream {
  readStatus: 'readable' | 'paused' = 'readable'
  /** Whether the muxer grants the sender window (yamux's state: Established, or Paused). */
  granting = true
  maxReadBufferLength = 4 * MiB
  kept: Array<{ byteLength: number }> = []
  private readonly listeners: Array<(event: { data: { byteLength: number } }) => void> = []
  addEventListener (_type: 'message', listener: (event: { data: { byteLength: number } }) => void): void { this.listeners.push(listener) }
  pause (): void { this.readStatus = 'paused'; this.granting = false }
  resume (): void {
    this.readStatus = 'readable'
    const kept = this.kept.splice(0)
    for (const data of kept) for (const l of this.listeners) l({ data })
    this.granting = true
  }

  /** The sender's frame arrives. */
  arrive (byteLength: number): void {
    if (this.readStatus === 'paused') { this.kept.push({ byteLength }); return }
    for (const l of this.listeners) l({ data: { byteLength } })
  }
}

describe('paced reads', () => {
  it('stays paused, granting the sender nothing, when the data a resume hands out fills it again', async () => {
    const stream = new YamuxLikeStream()
    const frames: number[] = []
    const read = pacedReads(stream, MiB, async () => ({ byteLength: frames.shift() as number }))
    // The reader falls behind: the stream pauses at the high-water mark, and a window more arrives meanwhile.
    for (let i = 0; i < BULK_HIGH_WATER_BYTES / MiB + 4; i++) { stream.arrive(MiB); frames.push(MiB - 3) }
    await Promise.resolve()
    expect(stream.readStatus).to.equal('paused')
    expect(stream.granting).to.equal(false)
    // It reads until less than a frame is left unread: the stream goes on, hands out what it kept, and that is past the mark again.
    for (let i = 0; i < BULK_HIGH_WATER_BYTES / MiB; i++) await read()
    await Promise.resolve()
    expect(stream.kept).to.deep.equal([])
    expect(stream.readStatus, 'paused again').to.equal('paused')
    expect(stream.granting, 'the sender is held back while paused').to.equal(false)
  })
})
