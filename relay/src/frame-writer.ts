/**
 * Writes a stream's outgoing messages in order, coalescing those that queue up while a write is
 * under way into one `writeV`: the many answers a group commit releases at once then cost one
 * muxer frame, one Noise message and one WebSocket frame instead of one each.
 */
export class FrameWriter<M> {
  private pending: Array<{ message: M, written: () => void }> = []
  private tail: Promise<void> = Promise.resolve()
  private scheduled = false

  /**
   * `writeV` writes length-prefixed frames in one go; `encode` turns a message into its frame at
   * its turn (so a slow reader holds messages, not copies); at most `maxBytes` of frames go in one
   * write, unless a single frame is larger.
   */
  constructor (
    private readonly writeV: (frames: Uint8Array[]) => Promise<void>,
    private readonly encode: (message: M) => Uint8Array,
    private readonly maxBytes: number
  ) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError('"maxBytes" must be a positive integer')
  }

  /**
   * Queues `message`; resolves once the write holding it is done. A failed write (the stream is
   * gone) resolves too, as the stream's own end is what the caller learns from.
   */
  async send (message: M): Promise<void> {
    await new Promise<void>(resolve => {
      this.pending.push({ message, written: resolve })
      this.schedule()
    })
  }

  /** Resolves once everything queued so far is written (or failed). */
  async drained (): Promise<void> {
    await this.tail
  }

  private schedule (): void {
    if (this.scheduled) return
    this.scheduled = true
    this.tail = this.tail.then(async () => { await this.flush() })
  }

  private async flush (): Promise<void> {
    this.scheduled = false
    const frames: Uint8Array[] = []
    let bytes = 0
    let taken = 0
    while (taken < this.pending.length && (frames.length === 0 || bytes < this.maxBytes)) {
      const frame = this.encode((this.pending[taken] as { message: M }).message)
      frames.push(frame)
      bytes += frame.length
      taken++
    }
    const batch = this.pending.splice(0, taken)
    // What did not fit goes in the next write, after this one.
    if (this.pending.length > 0) this.schedule()
    try {
      await this.writeV(frames)
    } catch {
      // The stream failed; its reader and closer deal with that.
    } finally {
      for (const b of batch) b.written()
    }
  }
}
