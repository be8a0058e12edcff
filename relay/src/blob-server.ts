/**
 * The relay's side of /parley/blob/1.0.0 (PROTOCOL.md "Blobs on the relay"): one stream per
 * transfer. The opening frame carries a session token, checked against the stream's PeerId like
 * an Authenticate; then a blob is made, uploaded (resumed from what is on disk), downloaded from
 * an offset, or deleted. Every stream has read deadlines, so a silent client holds nothing long.
 */
import { lpStream } from '@libp2p/utils'
import {
  BULK_READ_BUFFER_BYTES, FrameDeadline, FrameDeadlineError, MAX_BLOB_DATA_BYTES, pacedReads, decodeBlobRequest, encodeBlobResponse, isProtocolError, lengthPrefixOptions,
  type BlobRequest, type BlobResponse, type BlobStatus
} from '@parley/protocol'
import type { Connection, Stream } from '@libp2p/interface'
import { RelayError } from './errors.js'
import type { BlobStore } from './blobs.js'
import type { Logger } from './logger.js'
import type { StreamDeadlines } from './rpc-server.js'
import { TokenBuckets, rateSource, type RatePolicy } from './rate-limiter.js'
import { ipOf } from './rpc/server.js'

/** How often one source may open blob streams: each checks a session token before anything else. */
export interface BlobStreamLimits { perIp: RatePolicy, perPeer: RatePolicy }

export const DEFAULT_BLOB_STREAM_LIMITS: BlobStreamLimits = {
  perIp: { perSecond: 20, burst: 100 },
  perPeer: { perSecond: 10, burst: 50 }
}

/** What the blob server checks sessions with. */
export interface BlobSessions {
  /** The account a token is a session of, for this PeerId; UNAUTHENTICATED otherwise. */
  authenticate: (token: Uint8Array, peerId: string) => Promise<{ user: string }>
}

/** Serves blob streams. */
export class BlobServer {
  private readonly streams = new Set<Stream>()
  private draining = false
  /** Streams opened per IP address (or IPv6 /64) and per PeerId. */
  private readonly rates = new TokenBuckets(100_000)
  private readonly limits: BlobStreamLimits

  constructor (private readonly c: { blobs: BlobStore, sessions: BlobSessions, log: Logger, deadlines?: StreamDeadlines, limits?: Partial<BlobStreamLimits> }) {
    this.limits = { ...DEFAULT_BLOB_STREAM_LIMITS, ...c.limits }
  }

  /** libp2p stream handler. */
  handle (stream: Stream, connection: Connection): void {
    if (this.draining) { stream.abort(new Error('relay shutting down')); return }
    const peerId = connection.remotePeer.toString()
    // Counted before the token is read: a flood of streams costs the relay one bucket check each.
    const wait = this.rates.take([
      { key: `ip:${rateSource(ipOf(connection.remoteAddr.toString()))}`, policy: this.limits.perIp },
      { key: `peer:${peerId}`, policy: this.limits.perPeer }
    ])
    if (wait > 0) { void this.refuse(stream, { type: 'error', code: 'RATE_LIMITED', message: `too many file requests; try again in ${Math.ceil(wait / 100) / 10} s`, retryAfterMs: wait }); return }
    this.streams.add(stream)
    void this.serve(stream, peerId)
      .catch(err => { this.c.log.debug(`blob stream failed: ${err?.name ?? 'Error'}`) })
      .finally(() => { this.streams.delete(stream) })
  }

  /** Answers a stream with `refusal` alone, and closes it. */
  private async refuse (stream: Stream, refusal: BlobResponse): Promise<void> {
    try {
      const lp = lpStream(stream, lengthPrefixOptions(MAX_BLOB_DATA_BYTES))
      await lp.write(encodeBlobResponse(refusal), { signal: AbortSignal.timeout(2000) })
      await stream.close({ signal: AbortSignal.timeout(2000) })
    } catch {
      stream.abort(new Error('blob stream refused'))
    }
  }

  /** Stops taking streams and ends those under way (uploads sync what came first). */
  async drain (): Promise<void> {
    this.draining = true
    for (const stream of this.streams) stream.abort(new Error('relay shutting down'))
  }

  private async serve (stream: Stream, peerId: string): Promise<void> {
    const deadline = new FrameDeadline({ ...this.c.deadlines })
    const lp = lpStream(stream, { ...lengthPrefixOptions(MAX_BLOB_DATA_BYTES, deadline), maxBufferSize: BULK_READ_BUFFER_BYTES })
    const answer = async (response: BlobResponse): Promise<void> => { await lp.write(encodeBlobResponse(response)) }
    // Paused between reads: an upload waits for the disk (and the account's rate), not the relay's memory.
    const paced = pacedReads(stream, MAX_BLOB_DATA_BYTES, async signal => await lp.read(signal !== undefined ? { signal } : {}))
    const read = async (): Promise<Uint8Array> => (await deadline.read(async signal => await paced(signal))).subarray()
    try {
      deadline.limitWait(true)
      const { token, request } = decodeBlobRequest(await read())
      const { user } = await this.c.sessions.authenticate(token, peerId)
      switch (request.type) {
        case 'create':
          await answer(status(await this.c.blobs.create(user, request.size, request.expiresAt)))
          break
        case 'delete':
          await this.c.blobs.delete(user, request.blobId)
          await answer(status({ blobId: request.blobId, size: 0, stored: 0, expiresAt: 0 }))
          break
        case 'keep':
          await answer(status(await this.c.blobs.keep(user, request.blobId, request.expiresAt)))
          break
        case 'download': {
          const { status: s, pieces } = await this.c.blobs.download(user, request.blobId, request.offset)
          try {
            await answer(status(s))
            for await (const piece of pieces) await lp.write(piece)
          } finally {
            await pieces.return(undefined)
          }
          break
        }
        case 'upload':
          await this.receive(stream, request, user, read, answer)
          break
      }
      await stream.close()
    } catch (err: any) {
      if (err instanceof FrameDeadlineError) { stream.abort(err); return }
      const refusal = refusalOf(err)
      if (refusal === undefined) { stream.abort(err instanceof Error ? err : new Error('blob stream failed')); return }
      // Name and code only: a file system error's message holds the blob's path, and so its id.
      if (refusal.code === 'INTERNAL') this.c.log.error(`blob request failed: ${err?.name ?? 'Error'} ${err?.code ?? ''}`)
      try {
        await answer(refusal)
        await stream.close()
      } catch {
        stream.abort(new Error('blob stream failed'))
      }
    }
  }

  /** An upload: the status, data frames until the blob is whole, then the status again. */
  private async receive (stream: Stream, request: Extract<BlobRequest, { type: 'upload' }>, user: string, read: () => Promise<Uint8Array>, answer: (r: BlobResponse) => Promise<void>): Promise<void> {
    const upload = await this.c.blobs.upload(user, request.blobId, () => { stream.abort(new Error('a newer upload of this file took over')) })
    try {
      await answer(status(upload.status))
      // A client uploading keeps sending; one that stops past the frame deadline is cut off (what came is kept).
      while (!upload.full) await upload.write(await read())
      await answer(status(await upload.close()))
    } finally {
      await upload.close()
    }
  }
}

function status (s: BlobStatus): BlobResponse {
  return { type: 'status', status: s }
}

/** What the client is told of a failure; undefined when the stream just ended (nobody to tell). */
function refusalOf (err: any): Extract<BlobResponse, { type: 'error' }> | undefined {
  if (err instanceof RelayError) return { type: 'error', code: err.code, message: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) }
  if (isProtocolError(err)) return { type: 'error', code: err.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'BAD_REQUEST', message: err.message }
  if (err?.name === 'InvalidDataLengthError' || err?.name === 'InvalidDataLengthLengthError') return { type: 'error', code: 'TOO_LARGE', message: `a blob frame is at most ${MAX_BLOB_DATA_BYTES} bytes` }
  if (err?.name === 'UnexpectedEOFError' || err?.name === 'StreamResetError' || err?.name === 'StreamStateError' || err?.name === 'AbortError') return undefined
  return { type: 'error', code: 'INTERNAL', message: 'the relay could not do that' }
}
