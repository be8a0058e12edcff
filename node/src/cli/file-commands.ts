/** The commands that send and fetch files: sealed here, kept by the relay, with progress on stderr. */
import { isAbsolute, join, resolve } from 'node:path'
import { freeName, openFileSink, openFileSource } from '../files/fs-files.js'
import type { TransferProgress } from '../files/transfers.js'
import { callOptions, usageFailure, type CommandContext, type CommandHandler } from './context.js'
import { sentLine } from './message-commands.js'
import { formatBytes } from '../files/attachment.js'

/** The commands here. */
export const FILE_COMMANDS: Record<string, CommandHandler> = {
  'send-file': async ctx => {
    const { node, positionals, out, values } = ctx
    const [to, path, ...rest] = positionals
    if (to === undefined || path === undefined || rest.length > 0) throw usageFailure(ctx)
    const source = await openFileSource(inFolder(ctx, path))
    // Said, not hidden: the recipient of a photo from here sees no preview before fetching it.
    if (source.type?.startsWith('image/') === true || source.type?.startsWith('video/') === true) {
      void ctx.io.write('stderr', ctx.json ? JSON.stringify({ notice: 'sent without a thumbnail: the CLI makes no previews' }) + '\n' : 'note: sent without a thumbnail (the CLI makes no previews; the web client does)\n')
    }
    const progress = progressReporter(ctx, `sending ${source.name}`)
    try {
      const message = await node.sendFile(to, source, {
        ...(values.text !== undefined ? { text: values.text } : {}),
        onProgress: progress.update,
        ...callOptions(ctx)
      })
      progress.done()
      void out(sentLine(message), message)
    } catch (err) {
      progress.done()
      throw err
    } finally {
      await source.close()
    }
  },
  'get-file': async ctx => {
    const { node, positionals, out, values } = ctx
    const [id, ...rest] = positionals
    if (id === undefined || rest.length > 0 || !/^[0-9a-f]{32}$/.test(id)) throw usageFailure(ctx)
    const message = await node.history.get(id)
    const attachment = message?.attachment
    if (attachment === undefined) throw usageFailure(ctx, `no message with a file has the id ${id} (parley inbox and parley history show them)`)
    // The name came from the sender: it is only ever a name (checked when it arrived), put in the folder asked for.
    const path = values.out !== undefined ? inFolder(ctx, values.out) : await freeName(folderOf(ctx), attachment.name)
    const sink = await openFileSink(path, { overwrite: values.out !== undefined && values.yes === true })
    const progress = progressReporter(ctx, `fetching ${attachment.name}`)
    try {
      await node.getFile(id, sink, { onProgress: progress.update, ...callOptions(ctx) })
    } finally {
      progress.done()
    }
    void out(`saved ${path} (${formatBytes(attachment.size)}, ${attachment.mediaType})`, { path, name: attachment.name, size: attachment.size, mediaType: attachment.mediaType, messageId: id })
  }
}

/** The folder relative paths are taken from: the shell's (a served command is told it by its client). */
function folderOf (ctx: CommandContext): string {
  return ctx.values.cwd ?? process.cwd()
}

/** `path` taken from the folder the command was run in. */
export function inFolder (ctx: CommandContext, path: string): string {
  return isAbsolute(path) ? path : join(folderOf(ctx), path)
}

/**
 * Progress on stderr: with --json, JSON lines `{"progress":{"done":..,"total":..}}`; else a bar
 * redrawn in place, at most every 200 ms (and once at the end).
 */
function progressReporter (ctx: CommandContext, what: string): { update: (p: TransferProgress) => void, done: () => void } {
  let last = 0
  let lastDone = -1
  let drawn = false
  let latest: TransferProgress | undefined
  const write = (p: TransferProgress): void => {
    lastDone = p.done
    if (ctx.json) {
      void ctx.io.write('stderr', JSON.stringify({ progress: { done: p.done, total: p.total } }) + '\n')
      return
    }
    const share = p.total === 0 ? 1 : p.done / p.total
    const width = 30
    const filled = Math.round(share * width)
    void ctx.io.write('stderr', `\r${what} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${formatBytes(p.done)} of ${formatBytes(p.total)}`)
    drawn = true
  }
  return {
    update: p => {
      latest = p
      const now = Date.now()
      if (now - last < 200 && p.done !== p.total) return
      last = now
      write(p)
    },
    done: () => {
      if (latest !== undefined && latest.done !== lastDone) write(latest)
      if (drawn) void ctx.io.write('stderr', '\n')
    }
  }
}

/** Options whose value is a path. */
const PATH_OPTIONS = ['--out', '--picture']

/**
 * The command line a client hands to a running node, with its paths made absolute and its folder
 * named (`--cwd`): the node runs in another folder than the person's shell.
 */
export function withClientPaths (command: string, argv: string[], cwd: string): string[] {
  if (command !== 'send-file' && command !== 'get-file' && command !== 'profile') return argv
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const option = PATH_OPTIONS.find(o => arg === o || arg.startsWith(`${o}=`))
    if (option === undefined) { out.push(arg); continue }
    if (arg === option) {
      if (i + 1 < argv.length) out.push(arg, resolve(cwd, argv[++i] as string))
      else out.push(arg)
    } else {
      out.push(`${option}=${resolve(cwd, arg.slice(option.length + 1))}`)
    }
  }
  return [...out, '--cwd', cwd]
}
