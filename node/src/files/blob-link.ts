/**
 * The node's side of /parley/blob/1.0.0 (PROTOCOL.md "Blobs on the relay"): a stream per
 * transfer to the home relay, opened under this device's session token. Each call is one
 * attempt; `FileTransfers` resumes after a failure from what the relay says it holds.
 */
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import {
  BLOB_PROTOCOL, BULK_READ_BUFFER_BYTES, MAX_BLOB_CONTROL_BYTES, MAX_BLOB_DATA_BYTES, pacedReads, decodeBlobResponse, encodeBlobRequest, lengthPrefixOptions,
  type BlobRequest, type BlobStatus
} from '@parley/protocol'
import type { Libp2p, Stream } from '@libp2p/interface'
import { NodeError, RelayRequestError } from '../errors.js'
import type { RelayEndpoint } from '../relay-client.js'

/** How long a blob stream may take to open, or a frame to come. */
const BLOB_IDLE_MS = 30_000

/** What the link is built from. */
export interface BlobLinkInit {
  host: () => Promise<Libp2p>
  /** The home relay. */
  home: () => RelayEndpoint
  /** This device's session token (NOT_LOGGED_IN without one). */
  token: () => Promise<Uint8Array>
}

/** One open blob stream and its first answer. */
interface Opened { stream: Stream, lp: ReturnType<typeof lpStream>, status: BlobStatus }

/** Blob requests to the home relay. */
export class BlobLink {
  constructor (private readonly init: BlobLinkInit) {}

  /** The home relay's name (where uploads go). */
  get relayName (): string { return this.init.home().name }

  /** Reserves a blob of `size` bytes kept until `expiresAt`. */
  async create (size: number, expiresAt: number, signal?: AbortSignal): Promise<BlobStatus> {
    const { stream, status } = await this.open({ type: 'create', size, expiresAt }, signal)
    await stream.close().catch(() => {})
    return status
  }

  /** Keeps one of this account's whole blobs until `expiresAt`. */
  async keep (blobId: Uint8Array, expiresAt: number, signal?: AbortSignal): Promise<BlobStatus> {
    const { stream, status } = await this.open({ type: 'keep', blobId, expiresAt }, signal)
    await stream.close().catch(() => {})
    return status
  }

  /** Deletes one of this account's blobs. */
  async delete (blobId: Uint8Array, signal?: AbortSignal): Promise<void> {
    const { stream } = await this.open({ type: 'delete', blobId }, signal)
    await stream.close().catch(() => {})
  }

  /**
   * Uploads the rest of a blob: `from(stored)` gives its bytes from what the relay holds on, and
   * the relay's status once every byte is on its disk is returned. `sent` is told each piece's size.
   */
  async upload (blobId: Uint8Array, from: (stored: number) => AsyncIterable<Uint8Array>, sent: (bytes: number, stored: number) => void, signal?: AbortSignal): Promise<BlobStatus> {
    const { stream, lp, status } = await this.open({ type: 'upload', blobId }, signal)
    return await sendBlobBytes(stream, lp, status, from, sent, signal, 'the relay')
  }

  /**
   * Downloads a blob from `offset` on: its status, then its bytes as they come (a relay that
   * stops sending for BLOB_IDLE_MS ends them with RELAY_UNREACHABLE). `relay` must be the home relay.
   */
  async download (relay: string, blobId: Uint8Array, offset: number, signal?: AbortSignal): Promise<{ status: BlobStatus, bytes: AsyncGenerator<Uint8Array> }> {
    if (relay !== this.init.home().name) {
      throw new NodeError('UNSUPPORTED', `this file is kept on ${relay}, and fetching files from other relays is not available yet (federation)`)
    }
    const { stream, lp, status } = await this.open({ type: 'download', blobId, offset }, signal)
    const remaining = status.size - offset
    // Paused between reads: the relay waits while this device decrypts and writes.
    const paced = pacedReads(stream, MAX_BLOB_DATA_BYTES, async s => await lp.read(s !== undefined ? { signal: s } : {}))
    const bytes = async function * (): AsyncGenerator<Uint8Array> {
      let got = 0
      try {
        while (got < remaining) {
          const frame = (await paced(anySignal(signal, BLOB_IDLE_MS))).subarray()
          got += frame.length
          yield frame
        }
        await stream.close().catch(() => {})
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error('download failed'))
        throw passing(err, 'the download broke off')
      }
    }
    return { status, bytes: bytes() }
  }

  private async open (request: BlobRequest, signal?: AbortSignal): Promise<Opened> {
    const token = await this.init.token()
    const relay = this.init.home()
    const libp2p = await this.init.host()
    let stream: Stream
    try {
      const addrs = relay.multiaddrs.map(a => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${relay.peerId}`))
      stream = await libp2p.dialProtocol(addrs, BLOB_PROTOCOL, { signal: anySignal(signal, BLOB_IDLE_MS) })
    } catch (err: any) {
      if (signal?.aborted === true) throw err
      throw new NodeError('RELAY_UNREACHABLE', `cannot reach relay ${relay.name} for the file: ${err?.message ?? 'dial failed'}`, { cause: err })
    }
    const lp = lpStream(stream, { ...lengthPrefixOptions(MAX_BLOB_DATA_BYTES), maxBufferSize: BULK_READ_BUFFER_BYTES })
    try {
      await lp.write(encodeBlobRequest(token, request), { signal: anySignal(signal, BLOB_IDLE_MS) })
      return { stream, lp, status: await this.answer(lp, signal) }
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error('blob request failed'))
      throw passing(err, 'the relay did not answer about the file')
    }
  }

  private async answer (lp: ReturnType<typeof lpStream>, signal?: AbortSignal): Promise<BlobStatus> { return await blobAnswer(lp, signal, 'the relay') }
}

/** The other side's next answer on a blob stream: a status, or its refusal as a RelayRequestError. */
export async function blobAnswer (lp: ReturnType<typeof lpStream>, signal: AbortSignal | undefined, who: string): Promise<BlobStatus> {
  const frame = await readFrame(lp, signal)
  if (frame.length > MAX_BLOB_CONTROL_BYTES) throw new NodeError('RELAY_UNREACHABLE', `${who} sent data where it should answer`)
  const response = decodeBlobResponse(frame)
  if (response.type === 'error') throw new RelayRequestError(response.code, response.message, response.retryAfterMs)
  return response.status
}

/**
 * The rest of an upload on an open blob stream (to the relay, or to a device over a direct
 * connection): the bytes `from(status.stored)` gives, in data frames, then the other side's
 * answer once every byte is on its disk. Any failure aborts the stream.
 */
export async function sendBlobBytes (stream: Stream, lp: ReturnType<typeof lpStream>, status: BlobStatus, from: (stored: number) => AsyncIterable<Uint8Array>, sent: (bytes: number, stored: number) => void, signal: AbortSignal | undefined, who: string): Promise<BlobStatus> {
  const abort = (): void => { stream.abort(new Error('upload stopped')) }
  signal?.addEventListener('abort', abort, { once: true })
  try {
    if (status.stored < status.size) {
      for await (const piece of from(status.stored)) {
        for (let at = 0; at < piece.length; at += MAX_BLOB_DATA_BYTES) {
          const part = piece.subarray(at, Math.min(piece.length, at + MAX_BLOB_DATA_BYTES))
          // A side that stops reading fails the write in time, whether or not the caller can stop it too.
          await lp.write(part, { signal: anySignal(signal, BLOB_IDLE_MS) })
          sent(part.length, status.stored)
        }
      }
    }
    const done = await blobAnswer(lp, signal, who)
    if (done.stored !== done.size) throw new NodeError('RELAY_UNREACHABLE', `${who} holds ${done.stored} of the file's ${done.size} bytes`)
    await stream.close().catch(() => {})
    return done
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error('upload failed'))
    throw passing(err, 'the upload broke off')
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

async function readFrame (lp: ReturnType<typeof lpStream>, signal?: AbortSignal): Promise<Uint8Array> {
  return (await lp.read({ signal: anySignal(signal, BLOB_IDLE_MS) })).subarray()
}

export function anySignal (signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms)
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout])
}

/** A failure as the transfer loop sees it: the relay's refusal and the caller's abort as they are, anything else a passing RELAY_UNREACHABLE. */
function passing (err: unknown, what: string): unknown {
  if (err instanceof NodeError) return err
  if ((err as any)?.name === 'AbortError' && !(err as any)?.message?.includes('timed out')) return err
  if ((err as any)?.name === 'ProtocolError') return new NodeError('RELAY_UNREACHABLE', `${what}: the relay sent something that is not the blob protocol`)
  return new NodeError('RELAY_UNREACHABLE', `${what}: ${(err as any)?.message ?? 'connection lost'}`, { cause: err })
}
