/** In-process stand-ins for the node's components: an in-memory store and a fake relay (no libp2p). */
import { MemoryLevel } from 'memory-level'
import type { RelayRequest } from '@parley/protocol'
import type { NodeStore } from '../src/node-store.js'
import type { RelayRequestOptions } from '../src/relay/connection.js'
import type { ResultOf, Success } from '../src/relay-client.js'
import type { SessionLink } from '../src/account/device-account.js'
import { RelayRequestError } from '../src/errors.js'

/** A NodeStore-shaped store over memory-level: the same sublevels, nothing on disk. */
export async function memoryStore (): Promise<NodeStore> {
  const level = new MemoryLevel<string, unknown>({ keyEncoding: 'utf8', valueEncoding: 'json' })
  await level.open()
  const sub = (name: string): any => level.sublevel<string, any>(name, { valueEncoding: 'json' })
  const store = {
    level,
    meta: sub('meta'),
    contacts: sub('contacts'),
    messages: sub('messages'),
    messageIndex: sub('message-index'),
    held: sub('held'),
    rejected: sub('rejected'),
    outbox: sub('outbox'),
    open: async () => { await level.open() },
    close: async () => { await level.close() }
  }
  // The services use only what NodeStore exposes; memory-level implements the same abstract-level API.
  return store as unknown as NodeStore
}

/** One request the fake relay received, with how it was sent. */
export interface SentRequest { request: RelayRequest, options: RelayRequestOptions }

type Answer = (request: RelayRequest, options: RelayRequestOptions) => Success | Promise<Success>

/**
 * A relay in the same process: answers each request type with a handler the test sets (an
 * unhandled type is refused as the relay would refuse an unknown request), and records what came.
 */
export class FakeRelay implements SessionLink {
  readonly sent: SentRequest[] = []
  readonly sessions: Array<{ relayPeerId: string, token: Uint8Array, expiresAt: number }> = []
  sessionsEnded = 0
  private readonly handlers = new Map<string, Answer>()

  /** Answers requests of `type` with `answer` (a result, or a function of the request). */
  on (type: RelayRequest['type'], answer: Success | Answer): this {
    this.handlers.set(type, typeof answer === 'function' ? answer : () => answer)
    return this
  }

  /** The requests of `type` received so far. */
  of (type: RelayRequest['type']): SentRequest[] { return this.sent.filter(s => s.request.type === type) }

  async request<T extends Success['type']> (request: RelayRequest, expect: T, options: RelayRequestOptions = {}): Promise<ResultOf<T>> {
    if (options.signal?.aborted === true) throw new RelayRequestError('ABORTED', 'request aborted')
    this.sent.push({ request, options })
    const handler = this.handlers.get(request.type)
    if (handler === undefined) throw new RelayRequestError('BAD_REQUEST', `the fake relay has no answer for ${request.type}`)
    const result = await handler(request, options)
    if (result.type !== expect) throw new Error(`the fake relay answered ${result.type} where ${expect} was expected`)
    return result as ResultOf<T>
  }

  async sessionStarted (relayPeerId: string, token: Uint8Array, expiresAt: number): Promise<void> {
    this.sessions.push({ relayPeerId, token, expiresAt })
  }

  async sessionEnded (): Promise<void> { this.sessionsEnded++ }
}
