import { parseArgs } from 'node:util'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import type { ParleyNode } from './parley-node.js'
import { NodeError, RelayRequestError, type NodeErrorCode } from './errors.js'
import { secondFactorFrom } from './second-factor.js'
import { isProtocolError, isValidName, MAX_NAME_LENGTH, type SecondFactorInput } from '@parley/protocol'
import type { StoredMessage } from './history.js'
import { forTerminal } from './terminal-text.js'

const GLOBAL = `Global options:
  --data <dir>             this device's data folder (PARLEY_HOME, default ~/.parley)
  --passphrase-file <f>    file holding the keystore passphrase (or PARLEY_PASSPHRASE)
  --json                   machine-readable output (one JSON document, or JSON lines for listen)
  -h, --help               help for a command`

const COMMANDS: Record<string, { usage: string, help: string }> = {
  relay: { usage: 'parley relay [relay options]', help: 'Run a relay (see parley relay --help).' },
  register: { usage: 'parley register --relay <url> --name <name> --email <email> [--password-file <f>]', help: 'Create keys on this device and an account on the relay at <url> (for example http://127.0.0.1:8080). The relay mails a verification code. Password from --password-file or PARLEY_PASSWORD.' },
  verify: { usage: 'parley verify <code>', help: 'Confirm the emailed verification code.' },
  'resend-code': { usage: 'parley resend-code', help: 'Ask the relay to mail a new verification code.' },
  login: { usage: 'parley login [--relay <url> --name <name>] [--password-file <f>] [--code <totp> | --recovery-code <code>]', help: 'Log in (the session is bound to this device) and publish this device\'s keys. On a new device for an existing account, give --relay and --name. With two-factor login on, give the authenticator\'s code (or PARLEY_TOTP_CODE), or a recovery code; on a terminal it is asked for.' },
  logout: { usage: 'parley logout', help: 'End this device\'s session.' },
  send: { usage: 'parley send <name@relay> <text...>', help: 'Encrypt and send a text message. Prints the message id and its state (sent = stored by the relay).' },
  inbox: { usage: 'parley inbox', help: 'Fetch and decrypt waiting messages, print them in order, and acknowledge them; their senders get delivered and read receipts. A message that can never be read is acknowledged too and reported (with --json, on stderr); messages held because a contact\'s identity key changed are counted, with what to run.' },
  read: { usage: 'parley read <name@relay> [--limit <n>]', help: 'Show a conversation and mark its messages read (the sender gets a read receipt).' },
  listen: { usage: 'parley listen', help: 'Stay connected and print messages as they arrive (Ctrl-C to stop); messages that cannot be read, or are held because a contact\'s identity key changed, are reported on stderr.' },
  lan: { usage: 'parley lan --name <name> [--listen <multiaddr,...>]', help: 'Chat on the local network with no relay: find other devices by mDNS and talk to them directly as <name>@lan. There is no directory, so compare safety numbers before trusting a name. Messages are typed as "<name>: <text>"; /help lists the commands.' },
  history: { usage: 'parley history <name@relay> [--limit <n>]', help: 'Show the conversation with a contact, with each message\'s state.' },
  contacts: { usage: 'parley contacts', help: 'List contacts and their pinned identity keys.' },
  trust: { usage: 'parley trust <name@relay> [--number <60 digits>] | parley trust --refuse <name@relay>', help: 'Accept a contact\'s changed identity key. Compare the new safety number first (parley safety-number shows it); with --number, the key is accepted only if the digits match, and the contact is verified. Messages held while the key waited are then delivered (those signed under another key are discarded). With --refuse, the key you had accepted before stays and the held messages are discarded.' },
  'safety-number': { usage: 'parley safety-number <name@relay>', help: 'Show the safety number (and its QR code) of a contact: compare it with theirs, in person or on a call.' },
  'verify-contact': { usage: 'parley verify-contact <name@relay> [--number <60 digits>]', help: 'Mark a contact verified once the safety numbers match (with --number, only if the given number matches).' },
  whoami: { usage: 'parley whoami', help: 'Show this device\'s address, relay and PeerId.' },
  account: { usage: 'parley account', help: 'Show the account as the relay has it: address, email, two-factor login, recovery codes left.' },
  '2fa-enrol': { usage: 'parley 2fa-enrol', help: 'Start two-factor login: shows a QR code (and the secret) for an authenticator app. It takes effect after 2fa-confirm.' },
  '2fa-confirm': { usage: 'parley 2fa-confirm <code>', help: 'Turn two-factor login on with the app\'s current code. Prints ten one-time recovery codes: keep them safe, they are shown once.' },
  '2fa-disable': { usage: 'parley 2fa-disable (--code <totp> | --recovery-code <code>)', help: 'Turn two-factor login off; needs a current code or a recovery code.' },
  'recovery-codes': { usage: 'parley recovery-codes (--code <totp> | --recovery-code <code>)', help: 'Replace the recovery codes; the old ones stop working. Needs a current code or a recovery code.' },
  sessions: { usage: 'parley sessions', help: 'List the account\'s sessions: one per logged-in device, with when it was created and last seen.' },
  revoke: { usage: 'parley revoke (<session id>... | --others | --all)', help: 'End sessions: by id, every other device\'s, or all (this device too). Their connections are cut at once.' },
  'change-email': { usage: 'parley change-email <new address>', help: 'Change the account\'s email address: a code is mailed to the new address; confirm it with confirm-email.' },
  'confirm-email': { usage: 'parley confirm-email <code>', help: 'Confirm the new email address with the mailed code. The old address is told of the change.' },
  'forgot-password': { usage: 'parley forgot-password [--relay <url> --name <name>]', help: 'Mail a password reset code to the account\'s address (if the account exists).' },
  'reset-password': { usage: 'parley reset-password <code> [--relay <url> --name <name>] [--new-password-file <f>]', help: 'Set a new password with the mailed code (new password from --new-password-file or PARLEY_NEW_PASSWORD). Every session of the account ends.' },
  'delete-account': { usage: 'parley delete-account --yes [--password-file <f>] [--code <totp> | --recovery-code <code>]', help: 'Delete the account on the relay, with its published keys and waiting mail. Cannot be undone.' }
}

function usage (): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)} ${c.help.split('. ')[0]?.replace(/\.$/, '')}`)
  return `parley: end-to-end encrypted messaging from the terminal\n\nUsage: parley <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL}\n`
}

/** Most messages one history or read shows: a mistyped --limit must not load everything. */
const MAX_LIMIT = 100_000
/** The longest email address SMTP carries (RFC 5321 §4.5.3.1.3, a path of 256 with its brackets). */
const MAX_EMAIL_LENGTH = 254

/** Errors the CLI itself reports, beside the node's: how it was called, and its output. */
type CliErrorCode = 'USAGE' | 'UNKNOWN_COMMAND' | 'OUTPUT_CLOSED' | 'STORE_FAILED' | 'IO_ERROR' | 'INTERNAL'

/** A failure of the CLI itself (not of the node), with its code. */
class CliError extends Error {
  override name = 'CliError'
  constructor (readonly code: CliErrorCode, message: string) { super(message) }
}

/**
 * Everything the CLI prints goes through here, so that the process ends only once it is written:
 * process.exit drops what a pipe has not taken yet (a pipe holds 64 KiB), so main() waits for the
 * last write's callback of each stream before it returns.
 */
const written = new Map<NodeJS.WriteStream, Promise<boolean>>()

/** Writes `text`; resolves with false when the stream is closed (a reader that went away). */
function emit (stream: NodeJS.WriteStream, text: string): Promise<boolean> {
  const done = new Promise<boolean>(resolve => { stream.write(text, err => { resolve(err === undefined || err === null) }) })
  written.set(stream, done)
  return done
}

/** Waits until everything written so far was taken by the OS (or the stream failed). */
async function drain (): Promise<void> {
  await Promise.all([...written.values()])
}

/** A note for the person, on stderr, with other people's text neutralised. */
function note (text: string): void {
  void emit(process.stderr, forTerminal(text, { newlines: 'keep' }) + '\n')
}

/** What is wrong with a name someone typed at registration, as a sentence with the rule; undefined when it is fine. */
export function nameProblem (name: string): string | undefined {
  if (isValidName(name)) return undefined
  const rule = `names are 1-${MAX_NAME_LENGTH} characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit`
  if (name === '') return `the name is empty: ${rule}`
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is ${name.length} characters long: ${rule}`
  if (/\s/.test(name)) return `"${name}" has a space in it: ${rule}`
  if (name !== name.toLowerCase() && isValidName(name.toLowerCase())) return `names are lowercase: use "${name.toLowerCase()}" (${rule})`
  if (!/^[a-z0-9]/.test(name)) return `"${name}" starts with "${[...name][0] ?? ''}": ${rule}`
  const bad = [...name].find(ch => !/[a-z0-9._-]/.test(ch)) ?? ''
  return `"${bad}" cannot be part of a name: ${rule}`
}

/** What is wrong with an email address someone typed; undefined when it looks like one. */
export function emailProblem (email: string): string | undefined {
  if (email.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@.][^\s@]*$/.test(email)) return undefined
  return `"${email}" is not an email address: it looks like name@example.org (one "@", no spaces, at most ${MAX_EMAIL_LENGTH} characters)`
}

function checkedName (name: string): string {
  const problem = nameProblem(name)
  if (problem !== undefined) throw new NodeError('BAD_INPUT', problem)
  return name
}

function checkedEmail (email: string): string {
  const problem = emailProblem(email)
  if (problem !== undefined) throw new NodeError('BAD_INPUT', problem)
  return email
}

/** --limit as a count of messages. */
function limitOf (value: string | undefined): number {
  if (value === undefined) return 100
  const n = Number(value)
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_LIMIT) throw new NodeError('BAD_INPUT', `--limit takes a whole number of messages from 1 to ${MAX_LIMIT}, like --limit 50`)
  return n
}

/** The code and sentence for any failure: specific for everything a person can cause (LAN mode's commands too). */
export function describe (err: any): { code: string, relayCode?: string, message: string } {
  if (err instanceof RelayRequestError) return { code: err.code, relayCode: err.relayCode, message: err.message }
  if (err instanceof NodeError || err instanceof CliError) return { code: err.code, message: err.message }
  if (isProtocolError(err)) return { code: err.code, message: err.message }
  const code = String(err?.code ?? '')
  const cause = String(err?.cause?.code ?? '')
  if (code.startsWith('LEVEL_') || cause.startsWith('LEVEL_')) {
    return { code: 'STORE_FAILED' satisfies CliErrorCode, message: `this device's folder could not be read or written (${String(err?.cause?.message ?? err?.message ?? err)}): check that the disk is not full and the folder is writable` }
  }
  if (/^E[A-Z]+$/.test(code) && typeof err?.syscall === 'string') {
    return { code: 'IO_ERROR' satisfies CliErrorCode, message: `a file could not be read or written (${code}${typeof err.path === 'string' ? `: ${err.path}` : ''})` }
  }
  return { code: 'INTERNAL' satisfies CliErrorCode, message: `unexpected failure: ${String(err?.message ?? err)}` }
}

async function secret (flagFile: string | undefined, envName: string, prompt: string): Promise<string> {
  if (flagFile !== undefined) {
    let text: string
    try {
      text = await readFile(flagFile, 'utf8')
    } catch (err: any) {
      throw new NodeError('BAD_INPUT', `${prompt}: cannot read ${flagFile} (${err?.code === 'ENOENT' ? 'no such file' : String(err?.code ?? err)})`)
    }
    return text.replace(/\r?\n$/, '')
  }
  const fromEnv = process.env[envName]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (!process.stdin.isTTY) throw new NodeError('BAD_INPUT', `${prompt} needed: set ${envName} or pass a file`)
  return await askHidden(`${prompt}: `)
}

async function askHidden (question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  const r = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stderr.write(question)
  r._writeToOutput = () => {}
  return await new Promise(resolve => rl.question('', answer => { rl.close(); process.stderr.write('\n'); resolve(answer) }))
}

/** One message as a terminal line; the sender's text and names neutralised, its line breaks indented. */
function line (m: StoredMessage): string {
  const when = new Date(m.sentAt).toISOString().replace('T', ' ').slice(0, 19)
  const who = forTerminal(m.direction === 'out' ? `me → ${m.conversation}` : m.sender)
  return `[${when}] ${who}: ${forTerminal(m.text, { newlines: 'indent' })}${m.direction === 'out' ? `  (${m.state}${m.path !== undefined ? ` via ${m.path}` : ''})` : ''}`
}

/** Commands that may set up a new device in an empty folder; every other one needs the device that is there. */
function createsDevice (command: string, values: { relay?: string, name?: string }): boolean {
  if (command === 'register' || command === 'lan') return true
  // Logging in to an existing account from a new folder makes this device; so does a password
  // reset asked for from one (the relay connection needs this device's PeerId).
  return (command === 'login' || command === 'forgot-password' || command === 'reset-password') &&
    values.name !== undefined && (values.relay ?? process.env.PARLEY_RELAY) !== undefined
}

/** What the person is told about an incoming message that could not be read. */
function unreadableNotice (e: { sender?: string, reason: string, messageId: string }): string {
  return e.sender !== undefined ? `a message from ${e.sender} could not be read: ${e.reason}` : `a message ${e.messageId} could not be read and was dropped: ${e.reason}`
}

/** What the person is told about messages held from a contact whose identity key changed, and what to run. */
function heldNotice (h: { address: string, count: number }): string {
  return `${plural(h.count, 'message')} from ${h.address} ${h.count === 1 ? 'is' : 'are'} held: their identity key changed (a reinstall, or someone impersonating them). ` +
    `Compare safety numbers (parley safety-number ${h.address}), then accept the new key to read ${h.count === 1 ? 'it' : 'them'} (parley trust ${h.address}) or refuse it to discard ${h.count === 1 ? 'it' : 'them'} (parley trust --refuse ${h.address}).`
}

function plural (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function runRelay (args: string[]): Promise<number> {
  let bin: string
  try {
    bin = createRequire(import.meta.url).resolve('@parley/relay/bin')
  } catch {
    bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../relay/bin/parley-relay.mjs')
  }
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' })
  const forward = (signal: NodeJS.Signals): void => { child.kill(signal) }
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  return new Promise(resolve => child.on('exit', code => { resolve(code ?? 1) }))
}

/** Runs the CLI; returns the process exit code once everything it printed is written. */
export async function main (argv: string[]): Promise<number> {
  // A reader that goes away (parley history | head) fails the writes; the callbacks report it.
  const ignore = (): void => {}
  process.stdout.on('error', ignore)
  process.stderr.on('error', ignore)
  try {
    return await run(argv)
  } finally {
    await drain()
    process.stdout.off('error', ignore)
    process.stderr.off('error', ignore)
  }
}

/** A usage error: JSON with --json, else a sentence and the usage on stderr; exit status 2. */
function usageError (json: boolean, code: CliErrorCode, message: string, usageText: string): number {
  if (json) void emit(process.stdout, JSON.stringify({ error: { code, message } }) + '\n')
  else void emit(process.stderr, forTerminal(message) + '\n\n' + usageText)
  return 2
}

async function run (argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'relay') return await runRelay(rest)
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') { void emit(process.stdout, usage()); return 0 }
  const spec = COMMANDS[command]
  if (spec === undefined) return usageError(rest.includes('--json'), 'UNKNOWN_COMMAND', `parley: unknown command "${command}" (parley --help lists them)`, usage())
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'password-file': { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        relay: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, limit: { type: 'string' },
        code: { type: 'string' }, 'recovery-code': { type: 'string' }, 'new-password-file': { type: 'string' },
        listen: { type: 'string' }, all: { type: 'boolean' }, others: { type: 'boolean' }, yes: { type: 'boolean' }, number: { type: 'string' }, refuse: { type: 'boolean' }
      }
    })
  } catch (err: any) {
    return usageError(rest.includes('--json'), 'USAGE', `parley ${command}: ${String(err?.message ?? err)}`, `Usage: ${spec.usage}\n`)
  }
  const { values, positionals } = parsed
  if (values.help === true) { void emit(process.stdout, `Usage: ${spec.usage}\n\n${spec.help}\n\n${GLOBAL}\n`); return 0 }
  const json = values.json === true
  /** Prints one result: JSON as it is, or the human text with other people's text neutralised. */
  const out = (human: string, data: unknown): Promise<boolean> => emit(process.stdout, json ? JSON.stringify(data) + '\n' : forTerminal(human, { newlines: 'keep' }) + '\n')
  /** Prints text the CLI made itself that must reach the terminal as it is (QR codes are drawn with escape sequences). */
  const raw = (text: string): Promise<boolean> => emit(process.stdout, text)
  const dataDir = resolve(values.data ?? process.env.PARLEY_HOME ?? join(homedir(), '.parley'))
  const accountFlags = (n: ParleyNode): { relayUrl: string, name: string } | undefined => {
    const relayUrl = values.relay ?? process.env.PARLEY_RELAY
    if (relayUrl === undefined || values.name === undefined) return undefined
    checkedName(values.name)
    return n.profile === undefined || values.name !== n.profile.name || relayUrl !== n.profile.relayUrl ? { relayUrl, name: values.name } : undefined
  }
  const factorFlags = (): SecondFactorInput | undefined => {
    const totpCode = values.code ?? process.env.PARLEY_TOTP_CODE
    if (values['recovery-code'] !== undefined) return { recoveryCode: values['recovery-code'] }
    if (totpCode !== undefined && totpCode !== '') return { totpCode }
    return undefined
  }
  let node: ParleyNode | undefined
  try {
    // Checked before anything is opened: a mistyped name makes no device.
    if (command === 'register' || (command === 'login' && values.name !== undefined)) {
      if (values.name !== undefined) checkedName(values.name)
      if (values.email !== undefined) checkedEmail(values.email)
    }
    if (command === 'change-email' && positionals[0] !== undefined) checkedEmail(positionals[0])
    const passphrase = await secret(values['passphrase-file'], 'PARLEY_PASSPHRASE', 'Keystore passphrase')
    // Loaded here, not at the top, so that help and usage errors answer at once.
    const { ParleyNode } = await import('./parley-node.js')
    node = await ParleyNode.open({ dataDir, passphrase, create: createsDevice(command, values) ? 'if-empty' : 'never', allowInsecureHttp: process.env.PARLEY_ALLOW_HTTP === '1', direct: process.env.PARLEY_DIRECT !== '0' })
    if (command === 'send' || command === 'listen') {
      // Said once, at start-up: without WebRTC every message takes the relay path.
      const direct = await node.directStatus()
      if (!direct.available && process.env.PARLEY_DIRECT !== '0') note(`parley: ${direct.reason ?? 'direct delivery is unavailable'}`)
    }
    switch (command) {
      case 'register': {
        const relayUrl = values.relay ?? process.env.PARLEY_RELAY
        if (relayUrl === undefined || values.name === undefined || values.email === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const password = await secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
        const profile = await node.register({ relayUrl, name: values.name, email: values.email, password })
        void out(`Registered ${profile.address}. A verification code was mailed to ${profile.email}: run parley verify <code>, then parley login.`, { address: profile.address, relay: profile.relay.name, peerId: node.peerId })
        break
      }
      case 'verify': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.verify(code)
        void out(`Verified ${node.address}. Now run parley login.`, { address: node.address, verified: true })
        break
      }
      case 'resend-code':
        await node.resendCode()
        void out('A new code is on its way (if the account is still unverified).', { ok: true })
        break
      case 'login': {
        const password = await secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
        const account = accountFlags(node)
        if (node.profile === undefined && account === undefined) throw new NodeError('NOT_REGISTERED', 'this device has no account yet: register, or log in to an existing account with --relay <url> --name <name>')
        let secondFactor = factorFlags()
        let session
        try {
          session = await node.login(password, { ...(account !== undefined ? { account } : {}), ...(secondFactor !== undefined ? { secondFactor } : {}) })
        } catch (err) {
          if (!(err instanceof RelayRequestError) || err.relayCode !== 'SECOND_FACTOR_REQUIRED' || !process.stdin.isTTY) throw err
          secondFactor = secondFactorFrom(await askHidden('Code from the authenticator app (or a recovery code): ')) ?? { totpCode: '' }
          session = await node.login(password, { ...(account !== undefined ? { account } : {}), secondFactor })
        }
        void out(`Logged in as ${node.address}; this device's keys are published.`, { address: node.address, peerId: node.peerId, expiresAt: session.expiresAt })
        break
      }
      case 'logout':
        await node.logout()
        void out('Logged out.', { ok: true })
        break
      case 'send': {
        const [to, ...words] = positionals
        if (to === undefined || words.length === 0) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const message = await node.send(to, words.join(' '))
        void out(`${message.state}: ${message.id}`, message)
        break
      }
      case 'inbox': {
        const rejected: string[] = []
        const off = node.on(e => { if (e.type === 'rejected') rejected.push(unreadableNotice(e)) })
        let messages
        try {
          messages = await node.sync()
        } finally {
          off()
        }
        const notices = [...rejected, ...(await node.heldMessages()).map(heldNotice)]
        // With --json the last line stays the JSON list of messages; the notices are for the person.
        if (json) for (const n of notices) note(`parley: ${n}`)
        const human = (messages.length === 0 ? 'No new messages.' : messages.map(line).join('\n')) + notices.map(n => `\n${n}`).join('')
        const printed = json ? await out('', messages) : await out(human, undefined)
        if (!printed) throw new CliError('OUTPUT_CLOSED', 'the output was closed before the messages were written: they stay unread (run parley inbox again, or parley read <name@relay>)')
        // Printed is shown: the senders learn that exactly those messages were read, once they were written.
        await markPrinted(node, messages)
        break
      }
      case 'listen': {
        const live = node
        let finish: ((err?: Error) => void) | undefined
        const done = new Promise<void>((resolve, reject) => { finish = err => { if (err === undefined) resolve(); else reject(err) } })
        // It may settle before it is awaited (an early refusal): the rejection is taken up below.
        done.catch(() => {})
        live.on(event => {
          if (event.type === 'message') {
            const m = event.message
            void out(line(m), m).then(async printed => { if (printed && m.direction === 'in') await live.markRead(m.sender, new Set([m.id])) }).catch(() => {})
          } else if (event.type === 'receipt') void out(`${event.state}: ${event.messageId} (${event.from})`, { receipt: event.state, id: event.messageId, from: event.from })
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
        // The node keeps (re)connecting by itself; listening is announced once it is through.
        if (!await live.listen()) {
          note('parley: the relay cannot be reached yet; trying again in the background')
          await new Promise<void>(resolve => {
            const off = live.on(e => { if (e.type === 'connected' || e.type === 'offline') { off(); resolve() } })
            done.then(resolve, resolve)
          })
        }
        if (stopped) break
        if (!refused && json) void out('', { listening: true, address: live.address })
        else if (!refused) note(`Listening as ${live.address} (Ctrl-C to stop)`)
        await done
        break
      }
      case 'lan': {
        if (values.name === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const { runLan } = await import('./cli-lan.js')
        await runLan(node, { name: checkedName(values.name), json, line, emit, ...(values.listen !== undefined ? { listen: values.listen.split(',').map(a => a.trim()).filter(a => a !== '') } : {}) })
        break
      }
      case 'read': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const limit = limitOf(values.limit)
        await node.sync()
        const messages = await node.conversation(peer, limit)
        const printed = json ? await out('', messages) : await out(messages.length === 0 ? 'No messages.' : messages.map(line).join('\n'), undefined)
        if (!printed) throw new CliError('OUTPUT_CLOSED', 'the output was closed before the conversation was written: it stays unread')
        await markPrinted(node, messages)
        break
      }
      case 'history': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const messages = await node.conversation(peer, limitOf(values.limit))
        if (json) void out('', messages)
        else void out(messages.length === 0 ? 'No messages.' : messages.map(line).join('\n'), undefined)
        break
      }
      case 'contacts': {
        const contacts = await node.contacts.list()
        if (json) void out('', contacts)
        else void out(contacts.length === 0 ? 'No contacts.' : contacts.map(c => `${forTerminal(c.address)}  key ${c.identityKey.slice(0, 16)}…${c.verified ? '  verified' : ''}${c.pendingKey !== undefined ? '  KEY CHANGED: run parley trust ' + forTerminal(c.address) : ''}`).join('\n'), undefined)
        break
      }
      case 'trust': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        if (values.refuse === true) {
          if (values.number !== undefined) throw new NodeError('BAD_INPUT', `--refuse and --number do not go together. Usage: ${spec.usage}`)
          const { discarded } = await node.refuseKey(peer)
          void out(`Refused the new identity key of ${peer}; the key accepted before stays.${discarded > 0 ? ` ${plural(discarded, 'held message')} discarded.` : ''}`, { address: peer, refused: true, discarded })
          break
        }
        const { delivered, discarded } = await node.trust(peer, values.number)
        const settled = `${delivered.length > 0 ? ` ${plural(delivered.length, 'held message')} delivered (parley read ${peer}).` : ''}${discarded > 0 ? ` ${plural(discarded, 'held message')} signed under yet another key discarded.` : ''}`
        void out(values.number !== undefined ? `Accepted the new identity key of ${peer}; its safety number matched, so it is verified.${settled}` : `Accepted the new identity key of ${peer} (not verified: compare safety numbers).${settled}`, { address: peer, trusted: true, verified: values.number !== undefined, delivered: delivered.length, discarded })
        break
      }
      case 'account': {
        const info = await node.accountInfo()
        void out(`${info.user} <${info.email}>${info.pendingEmail !== undefined ? ` (changing to ${info.pendingEmail}: confirm-email)` : ''}\ntwo-factor login: ${info.totpEnabled ? `on, ${info.recoveryCodesLeft} recovery codes left` : 'off (turn it on with 2fa-enrol)'}`, info)
        break
      }
      case '2fa-enrol': {
        const { uri, secret: key } = await node.enrolTotp()
        if (json) void out('', { uri, secret: key })
        else {
          const QRCode = await import('qrcode')
          const qr = await QRCode.toString(uri, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
          void raw(`Scan this with an authenticator app:\n\n${qr}\nOr enter the key by hand: ${key.replace(/(.{4})/g, '$1 ').trim()}\n(${uri})\n\nThen confirm with: parley 2fa-confirm <code>\n`)
        }
        break
      }
      case '2fa-confirm': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const codes = await node.confirmTotp(code)
        void out(`Two-factor login is on. Recovery codes, each usable once instead of a code (they will not be shown again):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { enabled: true, recoveryCodes: codes })
        break
      }
      case '2fa-disable':
        await node.disableTotp(requiredFactor(factorFlags(), spec.usage))
        void out('Two-factor login is off.', { enabled: false })
        break
      case 'recovery-codes': {
        const codes = await node.regenerateRecoveryCodes(requiredFactor(factorFlags(), spec.usage))
        void out(`New recovery codes (the old ones no longer work):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { recoveryCodes: codes })
        break
      }
      case 'sessions': {
        const list = await node.sessions()
        const when = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16)
        if (json) void out('', list)
        else void out(list.map(x => `${x.id}  ${x.peerId}  created ${when(x.createdAt)}  last seen ${when(x.lastSeen)}${x.current ? '  (this device)' : ''}`).join('\n'), undefined)
        break
      }
      case 'revoke': {
        if (positionals.length === 0 && values.all !== true && values.others !== true) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.revokeSessions({ ids: positionals, all: values.all === true, others: values.others === true })
        void out(values.all === true ? 'Every session has ended, this device\'s too.' : 'Revoked.', { ok: true })
        break
      }
      case 'change-email': {
        const email = positionals[0]
        if (email === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.changeEmail(email)
        void out(`A code was mailed to ${email}: confirm it with parley confirm-email <code>.`, { pendingEmail: email })
        break
      }
      case 'confirm-email': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.confirmEmail(code)
        void out('The email address is changed.', { ok: true })
        break
      }
      case 'forgot-password':
        await node.requestPasswordReset(accountFlags(node))
        void out('If that account exists, a reset code is on its way to its email address. Then: parley reset-password <code>.', { ok: true })
        break
      case 'reset-password': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const password = await secret(values['new-password-file'], 'PARLEY_NEW_PASSWORD', 'New password')
        await node.resetPassword(code, password, accountFlags(node))
        void out('The password is changed and every session has ended: log in again.', { ok: true })
        break
      }
      case 'delete-account': {
        if (values.yes !== true) throw new NodeError('BAD_INPUT', 'deleting the account cannot be undone: add --yes to confirm')
        const password = await secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
        const factor = factorFlags()
        const address = node.address
        await node.deleteAccount(password, factor)
        void out(`${address} is deleted, with its keys and waiting mail.`, { deleted: address })
        break
      }
      case 'safety-number': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const number = await node.safetyNumber(peer)
        if (json) void out('', { address: peer, digits: number.digits, qr: number.qr, verified: number.verified, pending: number.pending })
        else {
          const QRCode = await import('qrcode')
          const qr = await QRCode.toString(number.qr, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
          const status = number.pending ? ' for their NEW key (not accepted yet)' : number.verified ? ' (verified)' : ''
          const next = number.pending ? `parley trust ${peer} --number '<the digits>'` : `parley verify-contact ${peer}`
          void raw(`Safety number with ${forTerminal(peer)}${status}:\n\n  ${number.digits.slice(0, 35)}\n  ${number.digits.slice(36)}\n\n${qr}\nIf it matches theirs: ${next}\n`)
        }
        break
      }
      case 'verify-contact': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.verifyContact(peer, values.number)
        void out(`${peer} is verified.`, { address: peer, verified: true })
        break
      }
      case 'whoami':
        void out(node.profile === undefined ? `Not registered. PeerId ${node.peerId}` : `${node.address} on ${node.profile.relayUrl}, PeerId ${node.peerId}`, { address: node.profile?.address ?? null, relay: node.profile?.relayUrl ?? null, peerId: node.peerId })
        break
      default:
        throw new NodeError('BAD_INPUT', `unknown command ${command}`)
    }
    return 0
  } catch (err: any) {
    const { code, relayCode, message } = describe(err)
    if (json) void emit(process.stdout, JSON.stringify({ error: { code, relayCode, message } }) + '\n')
    else note(`parley ${command}: ${message}`)
    return 1
  } finally {
    await node?.close().catch(() => {})
  }
}

/** Marks read, and receipts, the incoming messages that were printed, and no others. */
async function markPrinted (node: ParleyNode, messages: StoredMessage[]): Promise<void> {
  const bySender = new Map<string, Set<string>>()
  for (const m of messages) {
    if (m.direction !== 'in') continue
    const ids = bySender.get(m.sender) ?? new Set<string>()
    ids.add(m.id)
    bySender.set(m.sender, ids)
  }
  for (const [sender, ids] of bySender) await node.markRead(sender, ids)
}

function requiredFactor (factor: SecondFactorInput | undefined, usage: string): SecondFactorInput {
  if (factor === undefined) throw new NodeError('BAD_INPUT', `a current code (--code) or a recovery code (--recovery-code) is needed: ${usage}`)
  return factor
}
