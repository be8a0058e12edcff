import type { SecondFactorInput } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { ParleyNode } from '../parley-node.js'
import type { StoredMessage } from '../history.js'
import type { ParsedArgs } from './commands.js'
import type { CliIo } from './io.js'
import { checkedName } from './input.js'
import type { Printer } from './output.js'

/** Messages a running `parley daemon` took in that nobody was shown yet: `parley inbox` shows them. */
export interface Arrivals {
  /** Takes every message waiting to be shown, oldest first. */
  take: () => StoredMessage[]
  /** Puts back messages that could not be shown after all (the output was closed). */
  putBack: (messages: StoredMessage[]) => void
}

/** Everything one command runs with. */
export interface CommandContext extends Printer {
  /** The command's name, as typed. */
  command: string
  /** The command's usage line, for errors. */
  usage: string
  values: ParsedArgs['values']
  positionals: string[]
  json: boolean
  io: CliIo
  node: ParleyNode
  /** Set when a running `parley daemon` serves the command. */
  arrivals?: Arrivals
}

/** What a command that needs no device runs with (a password reset from a machine without one). */
export type DevicelessContext = Omit<CommandContext, 'node' | 'arrivals'>

/** A command's code: prints through the context; a failure is thrown. */
export type CommandHandler = (ctx: CommandContext) => Promise<void>

/** The BAD_INPUT error for a command called without what it needs. */
export function usageFailure (ctx: Pick<CommandContext, 'usage'>, detail?: string): NodeError {
  return new NodeError('BAD_INPUT', detail !== undefined ? `${detail}. Usage: ${ctx.usage}` : `usage: ${ctx.usage}`)
}

/** --relay and --name when they name another account than this device's (a new device, or a reset for someone else). */
export function accountFlags (ctx: CommandContext): { relayUrl: string, name: string } | undefined {
  const relayUrl = ctx.values.relay ?? ctx.io.env.PARLEY_RELAY
  const name = ctx.values.name
  if (relayUrl === undefined || name === undefined) return undefined
  checkedName(name)
  const profile = ctx.node.profile
  return profile === undefined || name !== profile.name || relayUrl !== profile.relayUrl ? { relayUrl, name } : undefined
}

/** The options of a node call made for this command: its cancellation, when it has one. */
export function callOptions (ctx: Pick<CommandContext, 'io'>): { signal?: AbortSignal } {
  return ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}
}

/** The second factor given with --code / --recovery-code (or PARLEY_TOTP_CODE), if any. */
export function factorFlags (ctx: CommandContext): SecondFactorInput | undefined {
  const totpCode = ctx.values.code ?? ctx.io.env.PARLEY_TOTP_CODE
  if (ctx.values['recovery-code'] !== undefined) return { recoveryCode: ctx.values['recovery-code'] }
  if (totpCode !== undefined && totpCode !== '') return { totpCode }
  return undefined
}

/** The second factor, which this command cannot do without. */
export function requiredFactor (ctx: CommandContext): SecondFactorInput {
  const factor = factorFlags(ctx)
  if (factor === undefined) throw new NodeError('BAD_INPUT', `a current code (--code) or a recovery code (--recovery-code) is needed: ${ctx.usage}`)
  return factor
}

/** Marks read, and receipts, the incoming messages that were printed, and no others. */
export async function markPrinted (node: ParleyNode, messages: StoredMessage[]): Promise<void> {
  const bySender = new Map<string, Set<string>>()
  const groups = new Set<string>()
  for (const m of messages) {
    if (m.direction !== 'in') continue
    if (m.conversation.startsWith('group:')) { groups.add(m.conversation); continue }
    const ids = bySender.get(m.sender) ?? new Set<string>()
    ids.add(m.id)
    bySender.set(m.sender, ids)
  }
  for (const [sender, ids] of bySender) await node.markRead(sender, ids)
  for (const group of groups) await node.groups.markRead(group)
}
