/**
 * Account commands that need no device: a password reset asked for with --relay and --name from a
 * folder that holds no device runs through a keyless client (an in-memory key, no store), so it
 * makes no device folder and no keys.
 */
import { NodeError } from '../errors.js'
import type { KeylessAccount } from '../account/keyless.js'
import { forgotPassword, resetPassword } from './account-commands.js'
import type { DevicelessContext } from './context.js'
import { checkedName } from './input.js'
import type { FolderBefore } from './new-folder.js'

/** Commands a keyless client can run. */
const KEYLESS: Record<string, (ctx: DevicelessContext, account: KeylessAccount, name: string) => Promise<void>> = {
  'forgot-password': async (ctx, account, name) => { await forgotPassword(ctx, async () => { await account.requestPasswordReset(name) }) },
  'reset-password': async (ctx, account, name) => { await resetPassword(ctx, async (code, password) => { await account.resetPassword(name, code, password) }) }
}

/** Whether `command` runs without a device here: it can, it names its account, and the folder holds no device. */
export function runsKeyless (command: string, values: { relay?: string, name?: string }, env: Readonly<Record<string, string | undefined>>, folder: FolderBefore): boolean {
  return Object.hasOwn(KEYLESS, command) && folder !== 'in-use' && values.name !== undefined && (values.relay ?? env.PARLEY_RELAY) !== undefined
}

/** Runs `ctx.command` through a keyless client to the relay and account its flags name. */
export async function runKeyless (ctx: DevicelessContext, options: { allowInsecureHttp: boolean }): Promise<void> {
  const run = KEYLESS[ctx.command]
  const relayUrl = ctx.values.relay ?? ctx.io.env.PARLEY_RELAY
  const name = ctx.values.name
  if (run === undefined || relayUrl === undefined || name === undefined) throw new NodeError('BAD_INPUT', `parley ${ctx.command} needs --relay <url> and --name <name> on a machine without a device`)
  checkedName(name)
  // Loaded here, like the node, so that help and usage errors answer at once.
  const { KeylessAccount } = await import('../account/keyless.js')
  const account = await KeylessAccount.open({ relayUrl, allowInsecureHttp: options.allowInsecureHttp })
  try {
    await run(ctx, account, name)
  } finally {
    await account.close()
  }
}
