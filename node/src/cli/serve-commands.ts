import { NodeError, type NodeErrorCode } from '../errors.js'
import type { StoredMessage } from '../history.js'
import type { Arrivals, CommandContext } from './context.js'
import { usageFailure } from './context.js'
import { checkedName } from './input.js'
import { heldNotice, line, unreadableNotice } from './output.js'

/** Most messages a daemon keeps for `parley inbox`; older ones stay in the history (`parley read` shows them). */
const MAX_ARRIVALS = 10_000

/** A control socket serving the other commands; closing it removes the socket. */
export interface Serving {
  /** Where the socket is. */
  path: string
  close: () => Promise<void>
}

/** The context of a command that keeps a node up: it can serve the other commands meanwhile. */
export interface ServeContext extends CommandContext {
  /** Opens the control socket; commands it serves see `arrivals` when given. */
  startServing: (arrivals?: Arrivals) => Promise<Serving>
}

/** Messages a daemon took in and nobody was shown yet, oldest first, bounded. */
export function arrivalList (): Arrivals & { add: (m: StoredMessage) => void } {
  let list: StoredMessage[] = []
  return {
    add (m) {
      list.push(m)
      if (list.length > MAX_ARRIVALS) list = list.slice(-MAX_ARRIVALS)
    },
    take () {
      const taken = list
      list = []
      return taken
    },
    putBack (messages) { list = [...messages, ...list].slice(-MAX_ARRIVALS) }
  }
}

/**
 * Stays online until Ctrl-C or a refusal, serving the other commands meanwhile. With `show`, the
 * messages and receipts that arrive are printed (listen); without, messages wait for inbox (daemon).
 */
async function stayOnline (ctx: ServeContext, show: boolean): Promise<void> {
  const { node: live, json, out, note } = ctx
  let finish: ((err?: Error) => void) | undefined
  const done = new Promise<void>((resolve, reject) => { finish = err => { if (err === undefined) resolve(); else reject(err) } })
  // It may settle before it is awaited (an early refusal): the rejection is taken up below.
  done.catch(() => {})
  const arrivals = show ? undefined : arrivalList()
  live.on(event => {
    if (event.type === 'message') {
      const m = event.message
      if (arrivals !== undefined) { if (m.direction === 'in') arrivals.add(m) } else void out(line(m), m).then(async printed => { if (printed && m.direction === 'in') await live.markRead(m.sender, new Set([m.id])) }).catch(() => {})
    } else if (event.type === 'receipt') { if (show) void out(`${event.state}: ${event.messageId} (${event.from})`, { receipt: event.state, id: event.messageId, from: event.from }) }
    else if (event.type === 'rejected') note(`parley: ${unreadableNotice(event)}`)
    else if (event.type === 'held') note(`parley: ${heldNotice({ address: event.address, count: event.count })}`)
    else if (event.type === 'disconnected') note('parley: disconnected from the relay; reconnecting')
    else if (event.type === 'connected') note('parley: connected to the relay')
    else if (event.type === 'offline') { refused = true; finish?.(new NodeError(event.code as NodeErrorCode, event.reason)) }
    else if (event.type === 'warning') note(`parley: ${event.message}`)
  })
  let stopped = false
  let refused = false
  const quit = (): void => { stopped = true; finish?.() }
  process.once('SIGINT', quit)
  process.once('SIGTERM', quit)
  // Commands are served from the start, while the relay may still be out of reach.
  const serving = await ctx.startServing(arrivals)
  try {
    // The node keeps (re)connecting by itself; listening is announced once it is through.
    if (!await live.listen()) {
      note('parley: the relay cannot be reached yet; trying again in the background')
      await new Promise<void>(resolve => {
        const off = live.on(e => { if (e.type === 'connected' || e.type === 'offline') { off(); resolve() } })
        done.then(resolve, resolve)
      })
    }
    if (stopped) return
    if (!refused && json) void out('', show ? { listening: true, address: live.address } : { daemon: true, address: live.address, socket: serving.path })
    else if (!refused) note(show ? `Listening as ${live.address} (Ctrl-C to stop)` : `Serving ${live.address} for parley commands on this folder (Ctrl-C to stop)`)
    await done
  } finally {
    await serving.close()
  }
}

/** The commands that keep a node up and serve the others meanwhile. */
export const SERVE_COMMANDS: Record<string, (ctx: ServeContext) => Promise<void>> = {
  listen: async ctx => { await stayOnline(ctx, true) },
  daemon: async ctx => { await stayOnline(ctx, false) },
  lan: async ctx => {
    const { node, values, json, io } = ctx
    if (values.name === undefined) throw usageFailure(ctx)
    const { runLan } = await import('./lan.js')
    await runLan(node, {
      name: checkedName(values.name),
      json,
      io,
      startServing: async () => await ctx.startServing(),
      ...(values.listen !== undefined ? { listen: values.listen.split(',').map(a => a.trim()).filter(a => a !== '') } : {})
    })
  }
}
