import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { NodeError } from '../errors.js'

/** The two output streams a command writes to. */
export type StreamName = 'stdout' | 'stderr'

/**
 * Everything a command needs from the process that runs it: its output, its secrets and prompts,
 * and the environment it was started with. In a plain run it is this process; when a running node
 * serves the command, it is the client process at the other end of the control socket, so files,
 * prompts and environment are always those of the person's own shell.
 */
export interface CliIo {
  /** Writes text; resolves with false when the stream is closed (a reader that went away). */
  write: (stream: StreamName, text: string) => Promise<boolean>
  /** A secret from a file (`file`), the environment variable `env`, or a hidden prompt on a terminal. */
  secret: (file: string | undefined, env: string, prompt: string) => Promise<string>
  /** Asks a question on the terminal without echoing the answer. */
  askHidden: (question: string) => Promise<string>
  /** The environment variables a command reads besides secrets (PARLEY_RELAY, PARLEY_TOTP_CODE). */
  env: Readonly<Record<string, string | undefined>>
  /** Whether a person is at a terminal who can be asked. */
  interactive: boolean
  /** Waits until everything written so far was taken (or its stream failed). */
  drain: () => Promise<void>
  /** Aborted when nobody waits for the command any more (a served command whose client went away or ran out of time). */
  signal?: AbortSignal
}

/** The environment variables a command reads that are not secrets: all a served command is given. */
export const COMMAND_ENV = ['PARLEY_RELAY', 'PARLEY_TOTP_CODE'] as const

/** Reads a secret the way a command asks for it, in this process: file, then environment, then a prompt. */
export async function readSecret (file: string | undefined, env: string, prompt: string): Promise<string> {
  if (file !== undefined) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', `${prompt}: cannot read ${file} (${err?.code === 'ENOENT' ? 'no such file' : String(err?.code ?? err)})`)
    }
    return text.replace(/\r?\n$/, '')
  }
  const fromEnv = process.env[env]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (!process.stdin.isTTY) throw new NodeError('BAD_INPUT', `${prompt} needed: set ${env} or pass a file`)
  return await askHidden(`${prompt}: `)
}

/** Asks on this process's terminal, echoing nothing. */
export async function askHidden (question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  const r = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stderr.write(question)
  r._writeToOutput = () => {}
  return await new Promise(resolve => rl.question('', answer => { rl.close(); process.stderr.write('\n'); resolve(answer) }))
}

/**
 * This process as a CliIo. process.exit drops what a pipe has not taken yet (a pipe holds 64 KiB),
 * so drain() waits for the last write's callback of each stream.
 */
export function processIo (): CliIo {
  const written = new Map<StreamName, Promise<boolean>>()
  const env: Record<string, string | undefined> = {}
  for (const name of COMMAND_ENV) env[name] = process.env[name]
  return {
    write (stream, text) {
      const done = new Promise<boolean>(resolve => { process[stream].write(text, err => { resolve(err === undefined || err === null) }) })
      written.set(stream, done)
      return done
    },
    secret: readSecret,
    askHidden,
    env,
    interactive: process.stdin.isTTY === true,
    async drain () { await Promise.all([...written.values()]) }
  }
}
