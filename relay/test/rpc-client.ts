/**
 * A client end of a relay stream for the relay specs: requests sent with their ids and answered
 * in any order, and everything else the relay sends (pushes) kept in arrival order.
 */
import { lpStream } from '@libp2p/utils'
import { decodeServerMessage, encodeRequest, type RelayRequest, type RelayResult, type ServerMessage } from '@parley/protocol'
import type { Stream } from '@libp2p/interface'
import { within } from './helpers.js'

/** What the relay pushes (every server message but answers). */
export type Pushed = Exclude<ServerMessage, { type: 'response' }>

export interface RpcClient {
  request: (request: RelayRequest) => Promise<RelayResult>
  /** Raw bytes on the stream, no framing added. */
  raw: (bytes: Uint8Array) => void
  /** Pushes received so far, in order. */
  pushes: Pushed[]
  /** Settles once `n` pushes that pass `filter` have come (10 s at most). */
  pushed: (n: number, filter?: (p: Pushed) => boolean) => Promise<void>
  /** Settles when the stream stops delivering. */
  closed: Promise<void>
  stream: Stream
}

let ids = 0

export function rpcClient (stream: Stream): RpcClient {
  const lp = lpStream(stream)
  const waiting = new Map<number, (r: RelayResult) => void>()
  const pushes: Pushed[] = []
  const listeners = new Set<() => void>()
  const closed = (async () => {
    try {
      while (true) {
        const message = decodeServerMessage((await lp.read()).subarray())
        if (message.type === 'response') {
          waiting.get(message.id)?.(message.result)
          waiting.delete(message.id)
        } else {
          pushes.push(message)
          for (const l of listeners) l()
        }
      }
    } catch {}
  })()
  return {
    stream,
    pushes,
    closed,
    raw: bytes => { stream.send(bytes) },
    request: async request => {
      const id = ++ids
      const answer = new Promise<RelayResult>(resolve => { waiting.set(id, resolve) })
      await lp.write(encodeRequest(id, request))
      return await answer
    },
    pushed: async (n, filter = () => true) => {
      const enough = (): boolean => pushes.filter(filter).length >= n
      if (enough()) return
      let listener: (() => void) | undefined
      try {
        await within(10_000, new Promise<void>(resolve => { listener = () => { if (enough()) resolve() }; listeners.add(listener) }), `${pushes.filter(filter).length} pushes, not ${n}`)
      } finally {
        if (listener !== undefined) listeners.delete(listener)
      }
    }
  }
}
