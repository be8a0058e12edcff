import { lpStream } from '@libp2p/utils'
import { lengthPrefixOptions } from '@parley/protocol'
import { decodeDirectAck, encodeDirectFrame, MAX_DIRECT_FRAME_BYTES, toHex } from '@parley/protocol'
import { NodeError } from './errors.js'
import type { Stream } from '@libp2p/interface'

/**
 * The sending end of one long-lived /parley/direct/1.0.0 stream to another device: envelopes go
 * out as frames, and each send resolves when that device acknowledges it.
 */
export class DirectLink {
  private readonly pending = new Map<string, { resolve: () => void, reject: (e: Error) => void }>()
  private readonly lp
  private writing: Promise<void> = Promise.resolve()
  private closed = false

  constructor (private readonly stream: Stream, private readonly onClose: () => void) {
    this.lp = lpStream(stream, lengthPrefixOptions(MAX_DIRECT_FRAME_BYTES))
    void this.readAcks()
  }

  /** Whether the stream is still usable. */
  get open (): boolean { return !this.closed }

  /** Sends an envelope and waits (at most `timeoutMs`) for the device to acknowledge it. */
  async send (envelope: Uint8Array, messageId: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.closed) throw new NodeError('RELAY_UNREACHABLE', 'the direct connection is closed')
    const id = toHex(messageId)
    const acked = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new NodeError('TIMEOUT', 'no acknowledgement over the direct connection')) }, timeoutMs)
      this.pending.set(id, {
        resolve: () => { clearTimeout(timer); resolve() },
        reject: e => { clearTimeout(timer); reject(e) }
      })
    })
    const frame = encodeDirectFrame(envelope)
    this.writing = this.writing.then(async () => { await this.lp.write(frame) }).catch(err => { this.fail(err) })
    await acked
  }

  /** Closes the stream. */
  async close (): Promise<void> {
    this.fail(new NodeError('RELAY_UNREACHABLE', 'the direct connection was closed'))
    try { await this.stream.close() } catch { this.stream.abort(new Error('close failed')) }
  }

  private async readAcks (): Promise<void> {
    try {
      while (!this.closed) {
        const ack = decodeDirectAck((await this.lp.read()).subarray())
        const id = toHex(ack.messageId)
        const waiter = this.pending.get(id)
        if (waiter === undefined) continue
        this.pending.delete(id)
        if (ack.error === undefined) waiter.resolve()
        else waiter.reject(new NodeError('RELAY_REFUSED', `the other device refused the message: ${ack.error}`))
      }
    } catch (err) {
      this.fail(err)
    }
  }

  private fail (err: unknown): void {
    if (this.closed) return
    this.closed = true
    const reason = err instanceof NodeError ? err : new NodeError('RELAY_UNREACHABLE', 'the direct connection broke')
    for (const w of this.pending.values()) w.reject(reason)
    this.pending.clear()
    this.onClose()
  }
}
