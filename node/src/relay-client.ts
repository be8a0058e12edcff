import { lpStream } from '@libp2p/utils'
import { lengthPrefixOptions } from '@parley/protocol'
import { multiaddr } from '@multiformats/multiaddr'
import {
  decodeServerMessage, encodeRequest, MAX_SERVER_FRAME_BYTES, RELAY_PROTOCOL,
  type DepositItem, type DepositOutcome, type GroupMailItem, type MailItem, type RelayRequest, type RelayResult
} from '@parley/protocol'
import { NodeError, RelayRequestError } from './errors.js'
import { RATE_LIMIT_RETRIES, RATE_LIMIT_RETRY_MAX_MS, REQUEST_TIMEOUT_MS } from './constants.js'
import type { Libp2p, Stream } from '@libp2p/interface'

/** How to reach a relay: what its /.well-known/parley document says. */
export interface RelayEndpoint { name: string, peerId: string, multiaddrs: string[] }

/** Largest discovery document accepted. */
const MAX_DISCOVERY_BYTES = 64 * 1024

/** A relay answer that is not an error. */
export type Success = Exclude<RelayResult, { type: 'error' }>
/** The successful answer of type `T`. */
export type ResultOf<T extends Success['type']> = Extract<Success, { type: T }>

/** Fetches a relay's endpoint document from its HTTP base URL. */
export async function discoverRelay (url: string, options: { allowInsecureHttp?: boolean, signal?: AbortSignal } = {}): Promise<RelayEndpoint> {
  let target: URL
  try {
    target = new URL('/.well-known/parley', url)
  } catch {
    throw new NodeError('BAD_INPUT', `"${url}" is not a relay URL; it looks like http://127.0.0.1:8080`)
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new NodeError('BAD_INPUT', `"${url}" is not an http(s) URL`)
  // The discovery document names the relay's PeerId, which authenticates everything after it:
  // over plain http to another machine, anyone on the path could name their own.
  if (target.protocol === 'http:' && options.allowInsecureHttp !== true && !isLoopbackHost(target.hostname)) {
    throw new NodeError('BAD_INPUT', `${url} is plain http to another machine; use https (or allow insecure http explicitly, on a network you trust)`)
  }
  let res: Response
  try {
    res = await fetch(target, { signal: options.signal ?? AbortSignal.timeout(10_000) })
  } catch (err) {
    throw new NodeError('RELAY_UNREACHABLE', `cannot reach the relay at ${url}; check the address and that it is running`, { cause: err })
  }
  if (!res.ok) throw new NodeError('RELAY_UNREACHABLE', `${url} answered ${res.status}; is it a Parley relay?`)
  // The document is a few hundred bytes; refuse anything large rather than buffer it.
  const declared = Number(res.headers.get('content-length') ?? 0)
  const text = declared > MAX_DISCOVERY_BYTES ? '' : await res.text().catch(() => '')
  let doc: Partial<RelayEndpoint> | undefined
  try { doc = text.length <= MAX_DISCOVERY_BYTES ? JSON.parse(text) : undefined } catch { doc = undefined }
  if (typeof doc?.name !== 'string' || typeof doc.peerId !== 'string' || !Array.isArray(doc.multiaddrs) || !doc.multiaddrs.every(a => typeof a === 'string')) {
    throw new NodeError('RELAY_UNREACHABLE', `${url} is not a Parley relay (bad discovery document)`)
  }
  return { name: doc.name, peerId: doc.peerId, multiaddrs: doc.multiaddrs }
}

function isLoopbackHost (host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** What a relay stream tells its owner of, unasked. */
export interface RelayClientHandlers {
  /** Mail pushed to a subscribed stream. */
  onPush?: (items: MailItem[]) => void
  /** Watched users whose published device lists changed. */
  onDevicesChanged?: (users: string[]) => void
  /** New messages of a group this account is in, pushed to a subscribed stream. */
  onGroupPush?: (groupId: Uint8Array, items: GroupMailItem[]) => void
  onClose?: () => void
}

/**
 * One long-lived /parley/relay/1.0.0 stream to the home relay: requests are multiplexed by id,
 * mail pushed by the relay goes to `onPush`, changed device lists to `onDevicesChanged`.
 */
export class RelayClient {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (r: RelayResult) => void, reject: (e: Error) => void }>()
  private closed = false
  private writing: Promise<void> = Promise.resolve()
  /** Frames waiting for the write under way; they go out together in the next one. */
  private queued: Uint8Array[] = []
  private nextWrite: Promise<void> | undefined
  private readonly lp

  private readonly onPush: (items: MailItem[]) => void
  private readonly onDevicesChanged: (users: string[]) => void
  private readonly onGroupPush: (groupId: Uint8Array, items: GroupMailItem[]) => void
  private readonly onClose: () => void

  private constructor (readonly relayPeerId: string, private readonly stream: Stream, handlers: RelayClientHandlers) {
    this.onPush = handlers.onPush ?? (() => {})
    this.onDevicesChanged = handlers.onDevicesChanged ?? (() => {})
    this.onGroupPush = handlers.onGroupPush ?? (() => {})
    this.onClose = handlers.onClose ?? (() => {})
    this.lp = lpStream(stream, lengthPrefixOptions(MAX_SERVER_FRAME_BYTES))
    void this.readLoop()
  }

  /** Dials the relay and opens the protocol stream. */
  static async connect (libp2p: Libp2p, endpoint: RelayEndpoint, handlers: RelayClientHandlers = {}, signal?: AbortSignal): Promise<RelayClient> {
    let stream: Stream
    try {
      const addrs = endpoint.multiaddrs.map(a => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${endpoint.peerId}`))
      stream = await libp2p.dialProtocol(addrs, RELAY_PROTOCOL, { signal: signal ?? AbortSignal.timeout(15_000) })
    } catch (err: any) {
      throw new NodeError('RELAY_UNREACHABLE', `cannot connect to relay ${endpoint.name}: ${err?.message ?? 'dial failed'}`, { cause: err })
    }
    return new RelayClient(endpoint.peerId, stream, handlers)
  }

  /** A client over a /parley/relay/1.0.0 stream that is already open (to `relayPeerId`). */
  static over (stream: Stream, relayPeerId: string, handlers: RelayClientHandlers = {}): RelayClient {
    return new RelayClient(relayPeerId, stream, handlers)
  }

  /** Whether the stream is still open. */
  get open (): boolean { return !this.closed }

  /**
   * Sends a request and resolves with the relay's successful result of the expected type. A
   * request refused by a request rate with a wait of at most RATE_LIMIT_RETRY_MAX_MS (a token
   * bucket refilling, as when others share this IP address) is sent again after that wait, up to
   * RATE_LIMIT_RETRIES times (unless `retryRateLimited` is false); longer waits (the back-off on
   * guessed secrets) are the caller's.
   */
  async request<T extends Success['type']> (request: RelayRequest, expect: T, options: { signal?: AbortSignal, timeoutMs?: number, retryRateLimited?: boolean } = {}): Promise<ResultOf<T>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(request, expect, options)
      } catch (err) {
        const wait = err instanceof RelayRequestError && err.relayCode === 'RATE_LIMITED' ? err.retryAfterMs : undefined
        if (wait === undefined || wait > RATE_LIMIT_RETRY_MAX_MS || attempt >= RATE_LIMIT_RETRIES || options.retryRateLimited === false || options.signal?.aborted === true) throw err
        await new Promise(resolve => setTimeout(resolve, wait))
      }
    }
  }

  /**
   * Deposits up to MAX_DEPOSIT_BATCH envelopes in one request (one group commit at the relay) and
   * resolves with one outcome per envelope, in order: a refused envelope is an error outcome, not
   * a rejection. Throws RangeError for a batch the relay would refuse whole (too many, too large).
   */
  async depositMany (deposits: DepositItem[], options: { signal?: AbortSignal, timeoutMs?: number } = {}): Promise<DepositOutcome[]> {
    const { results } = await this.request({ type: 'deposit-many', deposits }, 'deposited-many', options)
    if (results.length !== deposits.length) throw new NodeError('RELAY_REFUSED', `the relay answered ${results.length} outcomes for ${deposits.length} deposits`)
    return results
  }

  private async requestOnce<T extends Success['type']> (request: RelayRequest, expect: T, options: { signal?: AbortSignal, timeoutMs?: number }): Promise<ResultOf<T>> {
    if (this.closed) throw new NodeError('RELAY_UNREACHABLE', 'the connection to the relay is closed')
    const id = this.nextId++
    const frame = encodeRequest(id, request)
    const result = await new Promise<RelayResult>((resolve, reject) => {
      if (options.signal?.aborted === true) { reject(new NodeError('TIMEOUT', 'request aborted')); return }
      const timeout = setTimeout(() => {
        this.pending.delete(id)
        options.signal?.removeEventListener('abort', abort)
        reject(new NodeError('TIMEOUT', 'the relay did not answer in time'))
      }, options.timeoutMs ?? REQUEST_TIMEOUT_MS)
      const abort = (): void => { clearTimeout(timeout); this.pending.delete(id); reject(new NodeError('TIMEOUT', 'request aborted')) }
      options.signal?.addEventListener('abort', abort, { once: true })
      this.pending.set(id, {
        resolve: r => { clearTimeout(timeout); options.signal?.removeEventListener('abort', abort); resolve(r) },
        reject: e => { clearTimeout(timeout); options.signal?.removeEventListener('abort', abort); reject(e) }
      })
      this.write(frame).catch(err => {
        this.pending.get(id)?.reject(new NodeError('RELAY_UNREACHABLE', 'lost the connection to the relay', { cause: err }))
        this.pending.delete(id)
      })
    })
    if (result.type === 'error') throw new RelayRequestError(result.code, result.message, result.retryAfterMs)
    if (result.type !== expect) throw new NodeError('RELAY_REFUSED', `the relay answered ${result.type} where ${expect} was expected`)
    return result as ResultOf<T>
  }

  /**
   * Writes `frame` after those before it. Frames queued while a write is under way go out in one
   * `writeV`: many requests at once (an outbox drain, a pipelined sender) then cost one muxer
   * frame, Noise message and WebSocket frame here and at the relay, instead of one each.
   */
  private async write (frame: Uint8Array): Promise<void> {
    this.queued.push(frame)
    if (this.nextWrite === undefined) {
      const next = this.writing.then(async () => {
        const frames = this.queued
        this.queued = []
        this.nextWrite = undefined
        await this.lp.writeV(frames)
      })
      this.nextWrite = next
      this.writing = next.catch(() => {})
    }
    await this.nextWrite
  }

  /** Closes the stream. */
  async close (): Promise<void> {
    if (this.closed) return
    this.finish(new NodeError('RELAY_UNREACHABLE', 'the connection to the relay was closed'))
    try { await this.stream.close() } catch { this.stream.abort(new Error('close failed')) }
  }

  private async readLoop (): Promise<void> {
    let reason: Error = new NodeError('RELAY_UNREACHABLE', 'the relay closed the connection')
    try {
      while (!this.closed) {
        const frame = await this.lp.read()
        let message
        try {
          message = decodeServerMessage(frame.subarray())
        } catch (err: any) {
          reason = new NodeError('RELAY_REFUSED', `the relay sent a bad frame: ${err?.message ?? ''}`)
          this.stream.abort(reason)
          break
        }
        if (message.type === 'push') {
          this.onPush(message.items)
          continue
        }
        if (message.type === 'devices-changed') {
          this.onDevicesChanged(message.users)
          continue
        }
        if (message.type === 'group-push') {
          this.onGroupPush(message.groupId, message.items)
          continue
        }
        const waiter = this.pending.get(message.id)
        if (waiter !== undefined) {
          this.pending.delete(message.id)
          waiter.resolve(message.result)
        } else if (message.id === 0 && message.result.type === 'error') {
          reason = new RelayRequestError(message.result.code, message.result.message)
        }
      }
    } catch {
      // The stream ended or reset; pending requests fail below.
    }
    this.finish(reason)
  }

  private finish (reason: Error): void {
    if (this.closed) return
    this.closed = true
    for (const waiter of this.pending.values()) waiter.reject(reason)
    this.pending.clear()
    this.onClose()
  }
}
