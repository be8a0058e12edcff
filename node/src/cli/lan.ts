import { createInterface } from 'node:readline'
import { LAN_DOMAIN } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { ParleyNode } from '../parley-node.js'
import type { CliIo } from './io.js'
import { describe, line } from './output.js'
import { forTerminal } from './terminal-text.js'

const LAN_HELP = `Type a message as  <name>: <text>   (for example  bob: hello)
Commands:
  /peers                 the devices met on this network, verified or not
  /safety <name>         the safety number with someone: compare it with theirs, in person
  /verify <name> [digits]  mark them verified (with digits: only if they match; when several
                         devices use one name, the digits pick the one you compared)
  /trust <name> <digits>   accept a changed identity key whose safety number you compared
  /help                  this list
  /quit                  leave (Ctrl-C too)`

/**
 * `parley lan`: chat on the local network with no relay. Reads commands and messages from stdin,
 * prints what arrives; with --json every output line is one JSON document.
 */
export async function runLan (node: ParleyNode, options: {
  name: string
  listen?: string[]
  json: boolean
  /** Where output goes, so that the CLI can wait for it before exiting. */
  io: CliIo
  /** Opens the control socket through which the other commands use this node; closed on leaving. */
  startServing: () => Promise<{ close: () => Promise<void> }>
}): Promise<void> {
  const { json, io } = options
  // Names, messages and refusals come from other devices: neutralised on a terminal, exact in JSON.
  const print = (human: string, data: unknown): Promise<boolean> => io.write('stdout', json ? JSON.stringify(data) + '\n' : forTerminal(human, { newlines: 'keep' }) + '\n')
  const note = (text: string): void => { void io.write('stderr', forTerminal(text, { newlines: 'keep' }) + '\n') }
  const fail = (err: any): void => {
    const { code, message } = describe(err)
    if (json) void io.write('stdout', JSON.stringify({ error: { code, message } }) + '\n')
    else note(`parley: ${message}`)
  }
  const full = (name: string): string => name.includes('@') ? name : `${name}@${LAN_DOMAIN}`

  node.on(event => {
    if (event.type === 'message') {
      const m = event.message
      void print(line(m), m).then(async printed => { if (printed && m.direction === 'in') await node.markRead(m.sender, new Set([m.id])) }).catch(() => {})
    } else if (event.type === 'receipt') void print(`${event.state}: ${event.messageId} (${event.from})`, { receipt: event.state, id: event.messageId, from: event.from })
    else if (event.type === 'peer') {
      const status = event.keyChanged
        ? `IDENTITY KEY CHANGED: this is not the ${event.address} you met before. Compare safety numbers (/safety ${event.address}) before trusting it`
        : event.verified ? 'verified' : `not verified: compare safety numbers (/safety ${event.address})`
      void print(`${event.address} is on this network (${status})`, { peer: event.address, peerId: event.peerId, verified: event.verified, keyChanged: event.keyChanged })
    } else if (event.type === 'warning' || event.type === 'rejected') {
      note(`parley: ${event.type === 'warning' ? event.message : `refused message ${event.messageId}: ${event.reason}`}`)
    }
  })

  await node.startLan({ name: options.name, ...(options.listen !== undefined ? { listen: options.listen } : {}) })
  const serving = await options.startServing()
  if (json) void print('', { lan: true, address: node.address, peerId: node.peerId, listening: node.listenAddresses() })
  else {
    note(`LAN mode, no relay: you are ${node.address}, listening on\n${node.listenAddresses().map(a => `  ${a}\n`).join('')}` +
      'There is no directory here: anyone can use any name. Before you trust who someone is, compare\n' +
      'safety numbers with them in person (/safety <name>), then /verify them.\n\n' + LAN_HELP)
  }

  const rl = createInterface({ input: process.stdin, terminal: false })
  let done: (() => void) | undefined
  const finished = new Promise<void>(resolve => { done = resolve })
  process.once('SIGINT', () => done?.())
  process.once('SIGTERM', () => done?.())
  // Commands run one after another, in the order typed.
  let queue = Promise.resolve()
  rl.on('line', text => { queue = queue.then(async () => { await command(text.trim()) }).catch(fail) })

  async function command (text: string): Promise<void> {
    if (text === '') return
    if (!text.startsWith('/')) {
      const colon = text.indexOf(':')
      if (colon <= 0) throw new NodeError('BAD_INPUT', 'write  <name>: <text>  to send, or /help')
      const sent = await node.send(full(text.slice(0, colon).trim()), text.slice(colon + 1).trim())
      void print(`${sent.state} via ${sent.path ?? 'direct'}: ${sent.id}`, sent)
      return
    }
    const [cmd, who, ...restWords] = text.split(/\s+/)
    switch (cmd) {
      case '/quit': done?.(); return
      case '/help': void print(LAN_HELP, { help: LAN_HELP }); return
      case '/peers': {
        const peers = await node.lanPeers()
        void print(peers.length === 0 ? 'Nobody yet.' : peers.map(p => `${p.address}  ${p.verified ? 'verified' : p.keyChanged ? 'KEY CHANGED' : 'not verified'}  ${p.peerId}`).join('\n'), { peers })
        return
      }
      case '/safety': {
        if (who === undefined) throw new NodeError('BAD_INPUT', 'usage: /safety <name>')
        const number = await node.safetyNumber(full(who))
        let qr = ''
        if (!json) qr = await (await import('qrcode')).toString(number.qr, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
        const status = number.pending ? ' for their NEW key (not accepted)' : number.verified ? ' (verified)' : ''
        const next = number.pending ? `/trust ${who} <the digits>` : `/verify ${who}`
        const data = { safety: full(who), digits: number.digits, qr: number.qr, verified: number.verified, pending: number.pending }
        // The QR code is drawn with escape sequences of its own: only the text around it is neutralised.
        if (json) void print('', data)
        else void io.write('stdout', forTerminal(`Safety number with ${full(who)}${status}:\n  ${number.digits}\n`, { newlines: 'keep' }) + qr + forTerminal(`If it matches theirs: ${next}`) + '\n')
        return
      }
      case '/verify': {
        if (who === undefined) throw new NodeError('BAD_INPUT', 'usage: /verify <name> [digits]')
        const digits = restWords.join('')
        await node.verifyContact(full(who), digits === '' ? undefined : digits)
        void print(`${full(who)} is verified.`, { verified: full(who) })
        return
      }
      case '/trust': {
        const digits = restWords.join('')
        // With no directory, a key is only accepted against a compared number.
        if (who === undefined || digits === '') throw new NodeError('BAD_INPUT', 'usage: /trust <name> <safety number digits>')
        await node.trust(full(who), digits)
        void print(`Accepted the new key of ${full(who)}; its safety number matched, so it is verified.`, { trusted: full(who), verified: true })
        return
      }
      default: throw new NodeError('BAD_INPUT', `unknown command ${cmd ?? ''}; /help lists them`)
    }
  }

  try {
    await finished
    rl.close()
    await queue
  } finally {
    await serving.close()
  }
}
