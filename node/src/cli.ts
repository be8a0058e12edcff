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
import type { SecondFactorInput } from '@parley/protocol'
import type { StoredMessage } from './history.js'

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

async function secret (flagFile: string | undefined, envName: string, prompt: string): Promise<string> {
  if (flagFile !== undefined) return (await readFile(flagFile, 'utf8')).replace(/\r?\n$/, '')
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

function line (m: StoredMessage): string {
  const when = new Date(m.sentAt).toISOString().replace('T', ' ').slice(0, 19)
  const who = m.direction === 'out' ? `me → ${m.conversation}` : m.sender
  return `[${when}] ${who}: ${m.text}${m.direction === 'out' ? `  (${m.state}${m.path !== undefined ? ` via ${m.path}` : ''})` : ''}`
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

/** Runs the CLI; returns the process exit code. */
export async function main (argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'relay') return await runRelay(rest)
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') { process.stdout.write(usage()); return 0 }
  const spec = COMMANDS[command]
  if (spec === undefined) { process.stderr.write(`parley: unknown command "${command}"\n\n${usage()}`); return 2 }
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
    process.stderr.write(`parley ${command}: ${err.message}\n\nUsage: ${spec.usage}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help === true) { process.stdout.write(`Usage: ${spec.usage}\n\n${spec.help}\n\n${GLOBAL}\n`); return 0 }
  const json = values.json === true
  const out = (human: string, data: unknown): void => { process.stdout.write(json ? JSON.stringify(data) + '\n' : human + '\n') }
  const dataDir = resolve(values.data ?? process.env.PARLEY_HOME ?? join(homedir(), '.parley'))
  const accountFlags = (n: ParleyNode): { relayUrl: string, name: string } | undefined => {
    const relayUrl = values.relay ?? process.env.PARLEY_RELAY
    if (relayUrl === undefined || values.name === undefined) return undefined
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
    const passphrase = await secret(values['passphrase-file'], 'PARLEY_PASSPHRASE', 'Keystore passphrase')
    // Loaded here, not at the top, so that help and usage errors answer at once.
    const { ParleyNode } = await import('./parley-node.js')
    node = await ParleyNode.open({ dataDir, passphrase, allowInsecureHttp: process.env.PARLEY_ALLOW_HTTP === '1', direct: process.env.PARLEY_DIRECT !== '0' })
    if (command === 'send' || command === 'listen') {
      // Said once, at start-up: without WebRTC every message takes the relay path.
      const direct = await node.directStatus()
      if (!direct.available && process.env.PARLEY_DIRECT !== '0') process.stderr.write(`parley: ${direct.reason ?? 'direct delivery is unavailable'}\n`)
    }
    switch (command) {
      case 'register': {
        const relayUrl = values.relay ?? process.env.PARLEY_RELAY
        if (relayUrl === undefined || values.name === undefined || values.email === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const password = await secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
        const profile = await node.register({ relayUrl, name: values.name, email: values.email, password })
        out(`Registered ${profile.address}. A verification code was mailed to ${profile.email}: run parley verify <code>, then parley login.`, { address: profile.address, relay: profile.relay.name, peerId: node.peerId })
        break
      }
      case 'verify': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.verify(code)
        out(`Verified ${node.address}. Now run parley login.`, { address: node.address, verified: true })
        break
      }
      case 'resend-code':
        await node.resendCode()
        out('A new code is on its way (if the account is still unverified).', { ok: true })
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
        out(`Logged in as ${node.address}; this device's keys are published.`, { address: node.address, peerId: node.peerId, expiresAt: session.expiresAt })
        break
      }
      case 'logout':
        await node.logout()
        out('Logged out.', { ok: true })
        break
      case 'send': {
        const [to, ...words] = positionals
        if (to === undefined || words.length === 0) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const message = await node.send(to, words.join(' '))
        out(`${message.state}: ${message.id}`, message)
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
        // Printed is shown: the senders learn their messages were read.
        for (const sender of new Set(messages.filter(m => m.direction === 'in').map(m => m.sender))) await node.markRead(sender)
        if (json) {
          // The last line stays the JSON list of messages; the notices are for the person.
          for (const n of notices) process.stderr.write(`parley: ${n}\n`)
          out('', messages)
        } else {
          process.stdout.write((messages.length === 0 ? 'No new messages.\n' : messages.map(line).join('\n') + '\n') + notices.map(n => `${n}\n`).join(''))
        }
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
            out(line(event.message), event.message)
            if (event.message.direction === 'in') void live.markRead(event.message.sender).catch(() => {})
          } else if (event.type === 'receipt') out(`${event.state}: ${event.messageId} (${event.from})`, { receipt: event.state, id: event.messageId, from: event.from })
          else if (event.type === 'rejected') process.stderr.write(`parley: ${unreadableNotice(event)}\n`)
          else if (event.type === 'held') process.stderr.write(`parley: ${heldNotice({ address: event.address, count: event.count })}\n`)
          else if (event.type === 'disconnected') process.stderr.write('parley: disconnected from the relay; reconnecting\n')
          else if (event.type === 'connected') process.stderr.write('parley: connected to the relay\n')
          else if (event.type === 'offline') { refused = true; finish?.(new NodeError(event.code as NodeErrorCode, event.reason)) }
          else if (event.type === 'warning') process.stderr.write(`parley: ${event.message}\n`)
        })
        let stopped = false
        let refused = false
        const quit = (): void => { stopped = true; finish?.() }
        process.once('SIGINT', quit)
        process.once('SIGTERM', quit)
        // The node keeps (re)connecting by itself; listening is announced once it is through.
        if (!await live.listen()) {
          process.stderr.write('parley: the relay cannot be reached yet; trying again in the background\n')
          await new Promise<void>(resolve => {
            const off = live.on(e => { if (e.type === 'connected' || e.type === 'offline') { off(); resolve() } })
            done.then(resolve, resolve)
          })
        }
        if (stopped) break
        if (!refused && json) process.stdout.write(JSON.stringify({ listening: true, address: live.address }) + '\n')
        else if (!refused) process.stderr.write(`Listening as ${live.address} (Ctrl-C to stop)\n`)
        await done
        break
      }
      case 'lan': {
        if (values.name === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const { runLan } = await import('./cli-lan.js')
        await runLan(node, { name: values.name, json, line, ...(values.listen !== undefined ? { listen: values.listen.split(',').map(a => a.trim()).filter(a => a !== '') } : {}) })
        break
      }
      case 'read': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.sync()
        const messages = await node.conversation(peer, Number(values.limit ?? 100))
        await node.markRead(peer)
        if (json) out('', messages)
        else process.stdout.write(messages.length === 0 ? 'No messages.\n' : messages.map(line).join('\n') + '\n')
        break
      }
      case 'history': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const messages = await node.conversation(peer, Number(values.limit ?? 100))
        if (json) out('', messages)
        else process.stdout.write(messages.length === 0 ? 'No messages.\n' : messages.map(line).join('\n') + '\n')
        break
      }
      case 'contacts': {
        const contacts = await node.contacts.list()
        if (json) out('', contacts)
        else process.stdout.write(contacts.length === 0 ? 'No contacts.\n' : contacts.map(c => `${c.address}  key ${c.identityKey.slice(0, 16)}…${c.verified ? '  verified' : ''}${c.pendingKey !== undefined ? '  KEY CHANGED: run parley trust ' + c.address : ''}`).join('\n') + '\n')
        break
      }
      case 'trust': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        if (values.refuse === true) {
          if (values.number !== undefined) throw new NodeError('BAD_INPUT', `--refuse and --number do not go together. Usage: ${spec.usage}`)
          const { discarded } = await node.refuseKey(peer)
          out(`Refused the new identity key of ${peer}; the key accepted before stays.${discarded > 0 ? ` ${plural(discarded, 'held message')} discarded.` : ''}`, { address: peer, refused: true, discarded })
          break
        }
        const { delivered, discarded } = await node.trust(peer, values.number)
        const settled = `${delivered.length > 0 ? ` ${plural(delivered.length, 'held message')} delivered (parley read ${peer}).` : ''}${discarded > 0 ? ` ${plural(discarded, 'held message')} signed under yet another key discarded.` : ''}`
        out(values.number !== undefined ? `Accepted the new identity key of ${peer}; its safety number matched, so it is verified.${settled}` : `Accepted the new identity key of ${peer} (not verified: compare safety numbers).${settled}`, { address: peer, trusted: true, verified: values.number !== undefined, delivered: delivered.length, discarded })
        break
      }
      case 'account': {
        const info = await node.accountInfo()
        out(`${info.user} <${info.email}>${info.pendingEmail !== undefined ? ` (changing to ${info.pendingEmail}: confirm-email)` : ''}\ntwo-factor login: ${info.totpEnabled ? `on, ${info.recoveryCodesLeft} recovery codes left` : 'off (turn it on with 2fa-enrol)'}`, info)
        break
      }
      case '2fa-enrol': {
        const { uri, secret: key } = await node.enrolTotp()
        if (json) out('', { uri, secret: key })
        else {
          const QRCode = await import('qrcode')
          const qr = await QRCode.toString(uri, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
          process.stdout.write(`Scan this with an authenticator app:\n\n${qr}\nOr enter the key by hand: ${key.replace(/(.{4})/g, '$1 ').trim()}\n(${uri})\n\nThen confirm with: parley 2fa-confirm <code>\n`)
        }
        break
      }
      case '2fa-confirm': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const codes = await node.confirmTotp(code)
        out(`Two-factor login is on. Recovery codes, each usable once instead of a code (they will not be shown again):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { enabled: true, recoveryCodes: codes })
        break
      }
      case '2fa-disable':
        await node.disableTotp(requiredFactor(factorFlags(), spec.usage))
        out('Two-factor login is off.', { enabled: false })
        break
      case 'recovery-codes': {
        const codes = await node.regenerateRecoveryCodes(requiredFactor(factorFlags(), spec.usage))
        out(`New recovery codes (the old ones no longer work):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { recoveryCodes: codes })
        break
      }
      case 'sessions': {
        const list = await node.sessions()
        const when = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16)
        if (json) out('', list)
        else process.stdout.write(list.map(x => `${x.id}  ${x.peerId}  created ${when(x.createdAt)}  last seen ${when(x.lastSeen)}${x.current ? '  (this device)' : ''}`).join('\n') + '\n')
        break
      }
      case 'revoke': {
        if (positionals.length === 0 && values.all !== true && values.others !== true) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.revokeSessions({ ids: positionals, all: values.all === true, others: values.others === true })
        out(values.all === true ? 'Every session has ended, this device\'s too.' : 'Revoked.', { ok: true })
        break
      }
      case 'change-email': {
        const email = positionals[0]
        if (email === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.changeEmail(email)
        out(`A code was mailed to ${email}: confirm it with parley confirm-email <code>.`, { pendingEmail: email })
        break
      }
      case 'confirm-email': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.confirmEmail(code)
        out('The email address is changed.', { ok: true })
        break
      }
      case 'forgot-password':
        await node.requestPasswordReset(accountFlags(node))
        out('If that account exists, a reset code is on its way to its email address. Then: parley reset-password <code>.', { ok: true })
        break
      case 'reset-password': {
        const code = positionals[0]
        if (code === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const password = await secret(values['new-password-file'], 'PARLEY_NEW_PASSWORD', 'New password')
        await node.resetPassword(code, password, accountFlags(node))
        out('The password is changed and every session has ended: log in again.', { ok: true })
        break
      }
      case 'delete-account': {
        if (values.yes !== true) throw new NodeError('BAD_INPUT', 'deleting the account cannot be undone: add --yes to confirm')
        const password = await secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
        const factor = factorFlags()
        const address = node.address
        await node.deleteAccount(password, factor)
        out(`${address} is deleted, with its keys and waiting mail.`, { deleted: address })
        break
      }
      case 'safety-number': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        const number = await node.safetyNumber(peer)
        if (json) out('', { address: peer, digits: number.digits, qr: number.qr, verified: number.verified, pending: number.pending })
        else {
          const QRCode = await import('qrcode')
          const qr = await QRCode.toString(number.qr, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
          const status = number.pending ? ' for their NEW key (not accepted yet)' : number.verified ? ' (verified)' : ''
          const next = number.pending ? `parley trust ${peer} --number '<the digits>'` : `parley verify-contact ${peer}`
          process.stdout.write(`Safety number with ${peer}${status}:\n\n  ${number.digits.slice(0, 35)}\n  ${number.digits.slice(36)}\n\n${qr}\nIf it matches theirs: ${next}\n`)
        }
        break
      }
      case 'verify-contact': {
        const peer = positionals[0]
        if (peer === undefined) throw new NodeError('BAD_INPUT', `usage: ${spec.usage}`)
        await node.verifyContact(peer, values.number)
        out(`${peer} is verified.`, { address: peer, verified: true })
        break
      }
      case 'whoami':
        out(node.profile === undefined ? `Not registered. PeerId ${node.peerId}` : `${node.address} on ${node.profile.relayUrl}, PeerId ${node.peerId}`, { address: node.profile?.address ?? null, relay: node.profile?.relayUrl ?? null, peerId: node.peerId })
        break
      default:
        throw new NodeError('BAD_INPUT', `unknown command ${command}`)
    }
    return 0
  } catch (err: any) {
    const code = err instanceof NodeError ? err.code : 'ERROR'
    const message = err instanceof NodeError ? err.message : `unexpected failure: ${err?.message ?? err}`
    if (json) process.stdout.write(JSON.stringify({ error: { code, relayCode: err?.relayCode, message } }) + '\n')
    else process.stderr.write(`parley ${command}: ${message}\n`)
    return 1
  } finally {
    await node?.close().catch(() => {})
  }
}

function requiredFactor (factor: SecondFactorInput | undefined, usage: string): SecondFactorInput {
  if (factor === undefined) throw new NodeError('BAD_INPUT', `a current code (--code) or a recovery code (--recovery-code) is needed: ${usage}`)
  return factor
}
