import { homedir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { NodeError, RelayRequestError } from '../errors.js'
import type { ParleyNode } from '../parley-node.js'
import { ACCOUNT_COMMANDS } from './account-commands.js'
import { COMMANDS, createsDevice, GLOBAL, parseCommandArgs, SERVING_COMMANDS, usage, type ParsedArgs } from './commands.js'
import type { Arrivals, CommandContext, CommandHandler, DevicelessContext } from './context.js'
import { forwardToRunningNode } from './control/client.js'
import { ControlServer } from './control/server.js'
import { checkedEmail, checkedName } from './input.js'
import { processIo, type CliIo } from './io.js'
import { runKeyless, runsKeyless } from './keyless-commands.js'
import { MESSAGE_COMMANDS } from './message-commands.js'
import { folderBefore, restoreFolder, type FolderBefore } from './new-folder.js'
import { describe, printer, reportFailure, type CliErrorCode } from './output.js'
import { SERVE_COMMANDS, type Serving } from './serve-commands.js'
import { forTerminal } from './terminal-text.js'
import { TRUST_COMMANDS } from './trust-commands.js'
import { GROUP_COMMANDS } from './group-commands.js'
import { FILE_COMMANDS, withClientPaths } from './file-commands.js'
import { PROFILE_COMMANDS } from './profile-commands.js'

/** Every command that runs against an open node, by name (the serving ones apart). */
const HANDLERS: Record<string, CommandHandler> = { ...ACCOUNT_COMMANDS, ...MESSAGE_COMMANDS, ...TRUST_COMMANDS, ...GROUP_COMMANDS, ...FILE_COMMANDS, ...PROFILE_COMMANDS }

/** Runs the CLI; returns the process exit code once everything it printed is written. */
export async function main (argv: string[]): Promise<number> {
  // A reader that goes away (parley history | head) fails the writes; the callbacks report it.
  const ignore = (): void => {}
  process.stdout.on('error', ignore)
  process.stderr.on('error', ignore)
  const io = processIo()
  try {
    return await run(argv, io)
  } finally {
    await io.drain()
    process.stdout.off('error', ignore)
    process.stderr.off('error', ignore)
  }
}

/** A command line read: the command's name, usage and arguments. */
interface Invocation { command: string, usage: string, parsed: ParsedArgs, json: boolean }

/**
 * Reads the command line, or answers it at once (help, a usage error): then the exit status.
 * Nothing here opens anything, so help and usage errors answer at once.
 */
function invocation (argv: string[], io: CliIo): Invocation | number {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') { void io.write('stdout', usage()); return 0 }
  const spec = COMMANDS[command]
  if (spec === undefined || command === 'relay') return usageError(io, rest.includes('--json'), 'UNKNOWN_COMMAND', `parley: unknown command "${command}" (parley --help lists them)`, usage())
  let parsed
  try {
    parsed = parseCommandArgs(rest)
  } catch (err: any) {
    return usageError(io, rest.includes('--json'), 'USAGE', `parley ${command}: ${String(err?.message ?? err)}`, `Usage: ${spec.usage}\n`)
  }
  if (parsed.values.help === true) { void io.write('stdout', `Usage: ${spec.usage}\n\n${spec.help}\n\n${GLOBAL}\n`); return 0 }
  return { command, usage: spec.usage, parsed, json: parsed.values.json === true }
}

/** A usage error: JSON with --json, else a sentence and the usage on stderr; exit status 2. */
function usageError (io: CliIo, json: boolean, code: CliErrorCode, message: string, usageText: string): number {
  if (json) void io.write('stdout', JSON.stringify({ error: { code, message } }) + '\n')
  else void io.write('stderr', forTerminal(message) + '\n\n' + usageText)
  return 2
}

/** Checked before anything is opened: a mistyped name makes no device. */
function precheck ({ command, parsed: { values, positionals } }: Invocation): void {
  if (command === 'register' || (command === 'login' && values.name !== undefined)) {
    if (values.name !== undefined) checkedName(values.name)
    if (values.email !== undefined) checkedEmail(values.email)
  }
  if (command === 'change-email' && positionals[0] !== undefined) checkedEmail(positionals[0])
}

function contextFor (inv: Invocation, io: CliIo, node: ParleyNode, arrivals?: Arrivals): CommandContext {
  const { values, positionals } = inv.parsed
  return { command: inv.command, usage: inv.usage, values, positionals, json: inv.json, io, node, ...printer(io, inv.json), ...(arrivals !== undefined ? { arrivals } : {}) }
}

function devicelessContext (inv: Invocation, io: CliIo): DevicelessContext {
  const { values, positionals } = inv.parsed
  return { command: inv.command, usage: inv.usage, values, positionals, json: inv.json, io, ...printer(io, inv.json) }
}

/** Runs one command against an open node, the same whether this process opened it or a running one serves it. */
async function perform (ctx: CommandContext): Promise<void> {
  if (ctx.command === 'send') {
    // Said on every send: without WebRTC every message takes the relay path.
    const direct = await ctx.node.directStatus()
    if (!direct.available && process.env.PARLEY_DIRECT !== '0') ctx.note(`parley: ${direct.reason ?? 'direct delivery is unavailable'}`)
  }
  const handler = HANDLERS[ctx.command]
  if (handler === undefined) throw new NodeError('BAD_INPUT', `unknown command ${ctx.command}`)
  await handler(ctx)
}

async function run (argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'relay') return await runRelay(argv.slice(1))
  const inv = invocation(argv, io)
  if (typeof inv === 'number') return inv
  const { command, parsed: { values }, json } = inv
  const dataDir = resolve(values.data ?? process.env.PARLEY_HOME ?? join(homedir(), '.parley'))
  let node: ParleyNode | undefined
  let setUp: FolderBefore | undefined
  let failed = false
  try {
    precheck(inv)
    const before = await folderBefore(dataDir)
    // No device here, and none needed: no folder, no keys, no passphrase.
    if (runsKeyless(command, values, io.env, before)) {
      await runKeyless(devicelessContext(inv, io), { allowInsecureHttp: process.env.PARLEY_ALLOW_HTTP === '1' })
      return 0
    }
    const passphrase = await io.secret(values['passphrase-file'], 'PARLEY_PASSPHRASE', 'Keystore passphrase')
    // A running listen or daemon holds the folder: it runs the command, with this process's terminal.
    if (!SERVING_COMMANDS.has(command)) {
      const served = await forwardToRunningNode({ dataDir, argv: withClientPaths(command, argv, process.cwd()), passphrase, io, command, json })
      if (served !== undefined) return served
    }
    // Loaded here, not at the top, so that help and usage errors answer at once.
    const { ParleyNode } = await import('../parley-node.js')
    const creates = createsDevice(command, values, io.env)
    if (creates && command !== 'lan') setUp = before
    node = await ParleyNode.open({ dataDir, passphrase, create: creates ? 'if-empty' : 'never', allowInsecureHttp: process.env.PARLEY_ALLOW_HTTP === '1', direct: process.env.PARLEY_DIRECT !== '0' })
    const serve = SERVE_COMMANDS[command]
    if (serve === undefined) {
      await perform(contextFor(inv, io, node))
      return 0
    }
    if (command === 'listen' || command === 'daemon') {
      // Said once, at start-up: without WebRTC every message takes the relay path.
      const direct = await node.directStatus()
      if (!direct.available && process.env.PARLEY_DIRECT !== '0') printer(io, json).note(`parley: ${direct.reason ?? 'direct delivery is unavailable'}`)
    }
    const open = node
    const startServing = async (arrivals?: Arrivals): Promise<Serving> => {
      try {
        return await ControlServer.start({ dataDir, passphrase, run: async (request, clientIo) => await runServed(request.argv, clientIo, open, arrivals) })
      } catch (err) {
        // Staying online matters more: the other commands then say the folder is in use.
        printer(io, json).note(`parley: the other parley commands cannot use this running node: ${describe(err).message}`)
        return { path: '', close: async () => {} }
      }
    }
    await serve({ ...contextFor(inv, io, node), startServing })
    return 0
  } catch (err: any) {
    // Only the second factor missing: the next try, with the code, goes on with this device (as the web client does).
    failed = !(err instanceof RelayRequestError && err.relayCode === 'SECOND_FACTOR_REQUIRED')
    reportFailure(io, json, command, describe(err))
    return 1
  } finally {
    await node?.close().catch(() => {})
    // A device set up for a register or login that failed (an unreachable relay, a wrong password)
    // is nobody's: leave the folder as it was. One that got its account stays.
    if (failed && setUp !== undefined && node?.profile === undefined) await restoreFolder(dataDir, setUp).catch(() => {})
  }
}

/** Runs a command line that a client sent to this running node, with the client's side as `io`. */
export async function runServed (argv: string[], io: CliIo, node: ParleyNode, arrivals?: Arrivals): Promise<number> {
  const inv = invocation(argv, io)
  if (typeof inv === 'number') return inv
  try {
    precheck(inv)
    if (SERVING_COMMANDS.has(inv.command)) throw new NodeError('STORE_BUSY', `this device folder is already served by a running parley listen, daemon or lan: stop it before starting parley ${inv.command}`)
    await perform(contextFor(inv, io, node, arrivals))
    return 0
  } catch (err: any) {
    reportFailure(io, inv.json, inv.command, describe(err))
    return 1
  }
}

function runRelay (args: string[]): Promise<number> {
  let bin: string
  try {
    bin = createRequire(import.meta.url).resolve('@parley/relay/bin')
  } catch {
    bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../../relay/bin/parley-relay.mjs')
  }
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' })
  const forward = (signal: NodeJS.Signals): void => { child.kill(signal) }
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  return new Promise(resolve => child.on('exit', code => { resolve(code ?? 1) }))
}
