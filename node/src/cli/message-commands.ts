import type { StoredMessage } from '../history.js'
import { callOptions, markPrinted, usageFailure, type CommandHandler } from './context.js'
import { limitOf } from './input.js'
import { CliError, heldNotice, line, unreadableNotice } from './output.js'

/** The commands that send and show messages. */
export const MESSAGE_COMMANDS: Record<string, CommandHandler> = {
  send: async ctx => {
    const { node, positionals, out } = ctx
    const [to, ...words] = positionals
    if (to === undefined || words.length === 0) throw usageFailure(ctx)
    const message = to.startsWith('group:')
      ? await node.groups.send(await node.groups.resolve(to), words.join(' '), callOptions(ctx))
      : await node.send(to, words.join(' '), { queue: ctx.values.queue === true, ...callOptions(ctx) })
    void out(sentLine(message), message)
  },
  retry: async ctx => {
    const { node, positionals, out } = ctx
    const [id, ...rest] = positionals
    if (id === undefined || rest.length > 0 || !/^[0-9a-f]{32}$/.test(id)) throw usageFailure(ctx)
    const message = await node.retry(id, callOptions(ctx))
    void out(sentLine(message), message)
  },
  inbox: async ctx => {
    const { node, json, out, note } = ctx
    const rejected: string[] = []
    const off = node.on(e => { if (e.type === 'rejected') rejected.push(unreadableNotice(e)) })
    // A running daemon took some in already: they come first, each once.
    const arrived = ctx.arrivals?.take() ?? []
    let messages: StoredMessage[]
    try {
      const fetched = await node.sync(callOptions(ctx))
      const seen = new Set(arrived.map(m => m.id))
      messages = [...arrived, ...fetched.filter(m => !seen.has(m.id))]
    } catch (err) {
      ctx.arrivals?.putBack(arrived)
      throw err
    } finally {
      off()
    }
    const notices = [...rejected, ...(await node.heldMessages(undefined, callOptions(ctx))).map(heldNotice)]
    // With --json the last line stays the JSON list of messages; the notices are for the person.
    if (json) for (const n of notices) note(`parley: ${n}`)
    const human = (messages.length === 0 ? 'No new messages.' : messages.map(line).join('\n')) + notices.map(n => `\n${n}`).join('')
    const printed = json ? await out('', messages) : await out(human, undefined)
    // A client that went away meanwhile was shown nothing, whatever the last write said.
    if (!printed || ctx.io.signal?.aborted === true) {
      ctx.arrivals?.putBack(arrived)
      throw new CliError('OUTPUT_CLOSED', 'the output was closed before the messages were written: they stay unread (run parley inbox again, or parley read <name@relay>)')
    }
    // Printed is shown: the senders learn that exactly those messages were read, once they were written.
    await markPrinted(node, messages)
  },
  read: async ctx => {
    const { node, values, positionals, json, out } = ctx
    const peer = positionals[0]
    if (peer === undefined) throw usageFailure(ctx)
    const limit = limitOf(values.limit)
    await node.sync(callOptions(ctx))
    const messages = await node.conversation(peer, limit, callOptions(ctx))
    const printed = json ? await out('', messages) : await out(messages.length === 0 ? 'No messages.' : messages.map(line).join('\n'), undefined)
    if (!printed || ctx.io.signal?.aborted === true) throw new CliError('OUTPUT_CLOSED', 'the output was closed before the conversation was written: it stays unread')
    await markPrinted(node, messages)
  },
  history: async ctx => {
    const { node, values, positionals, json, out } = ctx
    const peer = positionals[0]
    if (peer === undefined) throw usageFailure(ctx)
    const messages = await node.conversation(peer, limitOf(values.limit))
    if (json) void out('', messages)
    else void out(messages.length === 0 ? 'No messages.' : messages.map(line).join('\n'), undefined)
  }
}

/** What a send or retry printed: the state and id, and for a waiting message what happens next. */
export function sentLine (message: StoredMessage): string {
  if (message.state !== 'waiting') return `${message.state}: ${message.id}`
  return `waiting: ${message.id} (not sent yet: ${message.error ?? 'the relay cannot be reached'}). It is kept on this device and sent by the next parley inbox, listen or daemon that reaches the relay, or by parley retry ${message.id}`
}
