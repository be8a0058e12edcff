/**
 * Reads of bulk frames (attachments) that hold the sender back while the reader is busy. libp2p's
 * byte streams take whatever arrives, and yamux keeps opening its window as data arrives, so a
 * reader slower than its sender (a disk, a decryption) would buffer without bound and then lose
 * the stream. Paused, the stream sends no window updates: the sender stops one window ahead.
 * Structural types only: no libp2p import here.
 */
import { varintLength } from './wire.js'

/** What a paced read needs of a libp2p stream. */
export interface PausableStream {
  readonly readStatus: string
  pause: () => void
  resume: () => void
  addEventListener: (type: 'message', listener: (event: { data: { byteLength: number } }) => void) => void
  /** The most bytes it holds while paused (libp2p's `maxReadBufferLength`). */
  maxReadBufferLength: number
}

/** The most a yamux stream window grows to on hosts that move attachments (its default, 16 MiB, is held in memory per stream). */
export const BULK_STREAM_WINDOW = 4 * 1024 * 1024
/** What a bulk stream's reader may hold: a window beyond a full frame, with room to spare. */
export const BULK_READ_BUFFER_BYTES = 8 * 1024 * 1024

/**
 * Wraps a frame read (`lpStream(...).read`) of frames of at most `maxFrame` bytes so that
 * `stream` is let through only while a read waits for bytes not already taken in, and paused
 * otherwise. What the reader holds then stays under a frame plus one window. Call before the
 * first read of the bulk part of a stream.
 */
export function pacedReads (stream: PausableStream, maxFrame: number, read: (signal?: AbortSignal) => Promise<{ byteLength: number }>): (signal?: AbortSignal) => Promise<{ byteLength: number, subarray: () => Uint8Array }> {
  stream.maxReadBufferLength = Math.max(stream.maxReadBufferLength, BULK_READ_BUFFER_BYTES)
  let taken = 0
  let consumed = 0
  stream.addEventListener('message', event => { taken += event.data.byteLength })
  if (stream.readStatus === 'readable') stream.pause()
  const whole = maxFrame + varintLength(maxFrame)
  return async signal => {
    // A whole frame may already be in: then the stream stays paused for this read.
    if (taken - consumed < whole && stream.readStatus === 'paused') stream.resume()
    try {
      const frame = await read(signal) as { byteLength: number, subarray: () => Uint8Array }
      consumed += frame.byteLength + varintLength(frame.byteLength)
      return frame
    } finally {
      if (stream.readStatus === 'readable') stream.pause()
    }
  }
}
