/** In-process stand-ins for the node's components: an in-memory store and a fake relay (no libp2p). */
import { generateIdentityKey, type RelayRequest } from '@parley/protocol'
import { NodeStore } from '../src/node-store.js'
import type { RelayRequestOptions } from '../src/relay/connection.js'
import type { ResultOf, Success } from '../src/relay-client.js'
import type { SessionLink } from '../src/account/device-account.js'
import { RelayRequestError } from '../src/errors.js'

/**
 * An open, unlocked NodeStore over memory: the real store (sealed records, the same sublevels),
 * nothing on disk. The one in-memory store of the node specs.
 */
export async function memoryStore (identity = generateIdentityKey()): Promise<NodeStore> {
  const store = NodeStore.inMemory()
  await store.open()
  await store.unlock({ identity })
  return store
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
