/**
 * Deadlines on reading length-prefixed frames from a peer, so a stalled or silent peer cannot
 * hold a stream (and the memory and stream slot behind it) for ever. Pure: the caller passes the
 * read and the timers; nothing here touches a socket.
 */
import type { Uint8ArrayList } from 'uint8arraylist'

/** A frame whose first byte (of the length prefix) arrived must be complete within 10 s. */
export const FRAME_DEADLINE_MS = 10_000
/** A stream whose next frame is awaited under a wait limit (not logged in, nothing in flight) must start one within 10 s. */
export const FIRST_FRAME_DEADLINE_MS = 10_000

/** Timers the deadlines run on: the platform's by default, a fake clock in tests. */
export interface DeadlineTimers {
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

/** Which deadline passed: a frame started and did not finish, or no frame started in time. */
export type DeadlineKind = 'frame' | 'first-frame'

/** Thrown out of `FrameDeadline.read` when a deadline passes; the stream cannot be trusted to resynchronise. */
export class FrameDeadlineError extends Error {
  override name = 'FrameDeadlineError'
  constructor (readonly kind: DeadlineKind, readonly ms: number) {
    super(kind === 'frame' ? `a frame was started and not finished within ${ms} ms` : `no frame was started within ${ms} ms`)
  }
}

/** The deadlines of one stream. */
export interface FrameDeadlineOptions {
  /** How long a started frame may take to arrive in full. */
  frameMs?: number
  /** How long a frame may take to start while waiting is limited (`limitWait(true)`). */
  firstFrameMs?: number
  timers?: DeadlineTimers
}

const platformTimers: DeadlineTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: handle => { clearTimeout(handle as ReturnType<typeof setTimeout>) }
}

/**
 * One stream's read deadlines. Pass it to `lengthPrefixOptions` (lpStream's options): its
 * length decoder then starts the frame deadline on the first byte of a prefix; that is how "a frame started" is seen without buffering
 * anything ourselves. Wrap each frame read in `read`.
 */
export class FrameDeadline {
  private readonly frameMs: number
  private readonly firstFrameMs: number
  private readonly timers: DeadlineTimers
  private controller: AbortController | undefined
  private timer: { kind: DeadlineKind, handle: unknown } | undefined
  private waitLimited = false
  private frameStarted = false

  constructor (options: FrameDeadlineOptions = {}) {
    this.frameMs = options.frameMs ?? FRAME_DEADLINE_MS
    this.firstFrameMs = options.firstFrameMs ?? FIRST_FRAME_DEADLINE_MS
    this.timers = options.timers ?? platformTimers
    if (!(this.frameMs > 0) || !(this.firstFrameMs > 0)) throw new RangeError('deadlines must be positive numbers of milliseconds')
  }

  /**
   * Wraps a length decoder for lpStream (`frameLengthDecoder`, which lpStream calls after each
   * byte of a prefix) so that the first byte of a prefix starts the frame deadline.
   */
  watch (decode: (prefix: Uint8ArrayList | Uint8Array) => number): (prefix: Uint8ArrayList | Uint8Array) => number {
    return prefix => {
      if (prefix.byteLength === 1) this.started()
      return decode(prefix)
    }
  }

  /**
   * Whether waiting for the next frame to start is limited by the first-frame deadline. Can change
   * while a read waits: a stream whose last request was answered without logging it in starts
   * its clock then.
   */
  limitWait (on: boolean): void {
    this.waitLimited = on
    if (this.controller === undefined || this.frameStarted) return
    if (on && this.timer === undefined) this.arm('first-frame', this.firstFrameMs)
    if (!on && this.timer?.kind === 'first-frame') this.disarm()
  }

  /** Runs one frame read under the deadlines; a passed deadline rejects it with FrameDeadlineError. */
  async read<T> (read: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.controller !== undefined) throw new Error('FrameDeadline.read is already running')
    const controller = new AbortController()
    this.controller = controller
    this.frameStarted = false
    if (this.waitLimited) this.arm('first-frame', this.firstFrameMs)
    try {
      return await read(controller.signal)
    } catch (err) {
      // The reader may wrap or replace the abort reason; the deadline's own error is the one that says why.
      if (controller.signal.aborted && controller.signal.reason instanceof FrameDeadlineError) throw controller.signal.reason
      throw err
    } finally {
      this.disarm()
      this.controller = undefined
      this.frameStarted = false
    }
  }

  private started (): void {
    if (this.controller === undefined || this.frameStarted) return
    this.frameStarted = true
    this.disarm()
    this.arm('frame', this.frameMs)
  }

  private arm (kind: DeadlineKind, ms: number): void {
    const controller = this.controller
    const handle = this.timers.setTimeout(() => {
      if (this.timer?.handle !== handle) return
      this.timer = undefined
      controller?.abort(new FrameDeadlineError(kind, ms))
    }, ms)
    this.timer = { kind, handle }
  }

  private disarm (): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer.handle)
    this.timer = undefined
  }
}
