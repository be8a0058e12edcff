/** `parley group ...`: group chats from the terminal (PROTOCOL.md "Groups"). */
import type { GroupSummary } from '../groups/groups.js'
import { callOptions, markPrinted, usageFailure, type CommandContext, type CommandHandler } from './context.js'
import { limitOf } from './input.js'
import { CliError, line } from './output.js'
import { forTerminal } from './terminal-text.js'

/** One group in a line or a block, for people. */
function describeGroup (g: GroupSummary, full = false): string {
  const head = `${g.id.slice(0, 12)}  ${forTerminal(g.name)}  (${g.status}${g.admin ? ', admin' : ''}, ${g.members.filter(m => m.joined).length} members${g.members.some(m => !m.joined) ? `, ${g.members.filter(m => !m.joined).length} invited` : ''})`
  if (!full) return head
  const members = g.members.map(m => `  ${forTerminal(m.address)}${m.admin ? '  admin' : ''}${m.joined ? '' : '  invited'}`)
  return [head, `  id ${g.id}`, ...members].join('\n')
}

const SUBCOMMANDS: Record<string, (ctx: CommandContext, args: string[]) => Promise<void>> = {
  create: async (ctx, [name, ...invitees]) => {
    if (name === undefined) throw usageFailure(ctx, 'name the group')
    const g = await ctx.node.groups.create(name, invitees, callOptions(ctx))
    void ctx.out(describeGroup(g, true), g)
  },
  invite: async (ctx, [group, ...people]) => {
    if (group === undefined || people.length === 0) throw usageFailure(ctx, 'name the group and whom to invite')
    const g = await ctx.node.groups.invite(await ctx.node.groups.resolve(group), people, callOptions(ctx))
    void ctx.out(describeGroup(g, true), g)
  },
  accept: async (ctx, [group]) => { await change(ctx, group, async id => await ctx.node.groups.accept(id, callOptions(ctx))) },
  decline: async (ctx, [group]) => { await change(ctx, group, async id => await ctx.node.groups.decline(id, callOptions(ctx))) },
  leave: async (ctx, [group]) => { await change(ctx, group, async id => await ctx.node.groups.leave(id, callOptions(ctx))) },
  remove: async (ctx, [group, who]) => {
    if (who === undefined) throw usageFailure(ctx, 'name whom to remove')
    await change(ctx, group, async id => await ctx.node.groups.remove(id, who, callOptions(ctx)))
  },
  admin: async (ctx, [group, who]) => {
    if (who === undefined) throw usageFailure(ctx, 'name whom to make an admin')
    await change(ctx, group, async id => await ctx.node.groups.setAdmin(id, who, ctx.values.off !== true, callOptions(ctx)))
  },
  rename: async (ctx, [group, ...words]) => {
    if (words.length === 0) throw usageFailure(ctx, 'give the new name')
    await change(ctx, group, async id => await ctx.node.groups.rename(id, words.join(' '), callOptions(ctx)))
  },
  info: async (ctx, [group]) => {
    if (group === undefined) throw usageFailure(ctx, 'name the group')
    await ctx.node.sync(callOptions(ctx))
    const g = await ctx.node.groups.info(group)
    void ctx.out(describeGroup(g, true), g)
  },
  list: async ctx => {
    await ctx.node.sync(callOptions(ctx))
    const groups = await ctx.node.groups.list()
    void ctx.out(groups.length === 0 ? 'No groups.' : groups.map(g => describeGroup(g)).join('\n'), groups)
  },
  send: async (ctx, [group, ...words]) => {
    if (group === undefined || words.length === 0) throw usageFailure(ctx, 'name the group and write something')
    const message = await ctx.node.groups.send(await ctx.node.groups.resolve(group), words.join(' '), callOptions(ctx))
    void ctx.out(`${message.id} ${message.state}`, message)
  },
  read: async (ctx, [group]) => {
    if (group === undefined) throw usageFailure(ctx, 'name the group')
    await ctx.node.sync(callOptions(ctx))
    const id = await ctx.node.groups.resolve(group)
    const messages = await ctx.node.conversation(`group:${id}`, limitOf(ctx.values.limit), callOptions(ctx))
    const printed = ctx.json ? await ctx.out('', messages) : await ctx.out(messages.length === 0 ? 'No messages.' : messages.map(line).join('\n'), undefined)
    if (!printed || ctx.io.signal?.aborted === true) throw new CliError('OUTPUT_CLOSED', 'the output was closed before the conversation was written: it stays unread')
    await markPrinted(ctx.node, messages)
  },
  receipts: async (ctx, [group, messageId]) => {
    if (group === undefined || messageId === undefined) throw usageFailure(ctx, 'name the group and one of your messages')
    const r = await ctx.node.groups.receipts(await ctx.node.groups.resolve(group), messageId)
    const human = [`delivered to ${r.delivered} of ${r.of}, read by ${r.read} of ${r.of}`, ...r.members.map(m => `  ${forTerminal(m.user)}  ${m.read ? 'read' : m.delivered ? 'delivered' : 'waiting'}`)].join('\n')
    void ctx.out(human, r)
  }
}

async function change (ctx: CommandContext, group: string | undefined, act: (id: string) => Promise<GroupSummary>): Promise<void> {
  if (group === undefined) throw usageFailure(ctx, 'name the group')
  await ctx.node.sync(callOptions(ctx))
  const g = await act(await ctx.node.groups.resolve(group))
  void ctx.out(describeGroup(g, true), g)
}

/** The `group` command: its first argument names the subcommand. */
export const GROUP_COMMANDS: Record<string, CommandHandler> = {
  group: async ctx => {
    const [sub, ...args] = ctx.positionals
    const run = sub !== undefined ? SUBCOMMANDS[sub] : undefined
    if (run === undefined) throw usageFailure(ctx, sub === undefined ? 'name a group command' : `"${sub}" is not a group command`)
    await run(ctx, args)
  }
}
