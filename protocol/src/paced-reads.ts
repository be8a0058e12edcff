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
/** Bytes taken in and not yet read past which the stream is paused (it goes on once less than a frame is left). */
export const BULK_HIGH_WATER_BYTES = 4 * 1024 * 1024
/** What a bulk stream's reader may hold: the high-water mark, a window that was on its way, and room to spare. */
export const BULK_READ_BUFFER_BYTES = 16 * 1024 * 1024

/**
 * Wraps a frame read (`lpStream(...).read`) of frames of at most `maxFrame` bytes so that
 * `stream` is paused once BULK_HIGH_WATER_BYTES are taken in and not read, and goes on once
 * less than a frame is left: the reader then holds at most that plus one window. Call before
 * the first read of the bulk part of a stream.
 */
export function pacedReads (stream: PausableStream, maxFrame: number, read: (signal?: AbortSignal) => Promise<{ byteLength: number }>): (signal?: AbortSignal) => Promise<{ byteLength: number, subarray: () => Uint8Array }> {
  stream.maxReadBufferLength = Math.max(stream.maxReadBufferLength, BULK_READ_BUFFER_BYTES)
  let taken = 0
  let consumed = 0
  const whole = maxFrame + varintLength(maxFrame)
  let pausing = false
  stream.addEventListener('message', event => {
    taken += event.data.byteLength
    if (taken - consumed < BULK_HIGH_WATER_BYTES || stream.readStatus !== 'readable' || pausing) return
    // Not from inside this listener: resume() hands out what was held (this event) before it lets
    // the muxer grant the sender more window, so a pause taken now would be undone at once, and
    // the stream would read on while it looks paused (taking in everything the sender has).
    pausing = true
    queueMicrotask(() => {
      pausing = false
      if (taken - consumed >= BULK_HIGH_WATER_BYTES && stream.readStatus === 'readable') stream.pause()
    })
  })
  return async signal => {
    // Less than a whole frame is in: the stream must go on for this read to end.
    if (taken - consumed < whole && stream.readStatus === 'paused') stream.resume()
    const frame = await read(signal) as { byteLength: number, subarray: () => Uint8Array }
    consumed += frame.byteLength + varintLength(frame.byteLength)
    return frame
  }
}
