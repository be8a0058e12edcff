import { createInterface } from 'node:readline'
import { LAN_DOMAIN } from '@parley/protocol'
import { NodeError } from './errors.js'
import type { ParleyNode } from './parley-node.js'
import type { StoredMessage } from './history.js'

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
export async function runLan (node: ParleyNode, options: { name: string, listen?: string[], json: boolean, line: (m: StoredMessage) => string }): Promise<void> {
  const { json } = options
  const print = (human: string, data: unknown): void => { process.stdout.write(json ? JSON.stringify(data) + '\n' : human + '\n') }
  const fail = (err: any): void => {
    const code = err instanceof NodeError ? err.code : 'INTERNAL'
    const message = String(err?.message ?? err)
    if (json) process.stdout.write(JSON.stringify({ error: { code, message } }) + '\n')
    else process.stderr.write(`parley: ${message}\n`)
  }
  const full = (name: string): string => name.includes('@') ? name : `${name}@${LAN_DOMAIN}`

  node.on(event => {
    if (event.type === 'message') {
      print(options.line(event.message), event.message)
      if (event.message.direction === 'in') void node.markRead(event.message.sender).catch(() => {})
    } else if (event.type === 'receipt') print(`${event.state}: ${event.messageId} (${event.from})`, { receipt: event.state, id: event.messageId, from: event.from })
    else if (event.type === 'peer') {
      const status = event.keyChanged
        ? `IDENTITY KEY CHANGED: this is not the ${event.address} you met before. Compare safety numbers (/safety ${event.address}) before trusting it`
        : event.verified ? 'verified' : `not verified: compare safety numbers (/safety ${event.address})`
      print(`${event.address} is on this network (${status})`, { peer: event.address, peerId: event.peerId, verified: event.verified, keyChanged: event.keyChanged })
    } else if (event.type === 'warning' || event.type === 'rejected') {
      process.stderr.write(`parley: ${event.type === 'warning' ? event.message : `refused message ${event.messageId}: ${event.reason}`}\n`)
    }
  })

  await node.startLan({ name: options.name, ...(options.listen !== undefined ? { listen: options.listen } : {}) })
  if (json) process.stdout.write(JSON.stringify({ lan: true, address: node.address, peerId: node.peerId, listening: node.listenAddresses() }) + '\n')
  else {
    process.stderr.write(`LAN mode, no relay: you are ${node.address}, listening on\n${node.listenAddresses().map(a => `  ${a}\n`).join('')}` +
      'There is no directory here: anyone can use any name. Before you trust who someone is, compare\n' +
      'safety numbers with them in person (/safety <name>), then /verify them.\n\n' + LAN_HELP + '\n')
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
      print(`${sent.state} via ${sent.path ?? 'direct'}: ${sent.id}`, sent)
      return
    }
    const [cmd, who, ...restWords] = text.split(/\s+/)
    switch (cmd) {
      case '/quit': done?.(); return
      case '/help': print(LAN_HELP, { help: LAN_HELP }); return
      case '/peers': {
        const peers = await node.lanPeers()
        print(peers.length === 0 ? 'Nobody yet.' : peers.map(p => `${p.address}  ${p.verified ? 'verified' : p.keyChanged ? 'KEY CHANGED' : 'not verified'}  ${p.peerId}`).join('\n'), { peers })
        return
      }
      case '/safety': {
        if (who === undefined) throw new NodeError('BAD_INPUT', 'usage: /safety <name>')
        const number = await node.safetyNumber(full(who))
        let qr = ''
        if (!json) qr = await (await import('qrcode')).toString(number.qr, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
        const status = number.pending ? ' for their NEW key (not accepted)' : number.verified ? ' (verified)' : ''
        const next = number.pending ? `/trust ${who} <the digits>` : `/verify ${who}`
        print(`Safety number with ${full(who)}${status}:\n  ${number.digits}\n${qr}If it matches theirs: ${next}`, { safety: full(who), digits: number.digits, qr: number.qr, verified: number.verified, pending: number.pending })
        return
      }
      case '/verify': {
        if (who === undefined) throw new NodeError('BAD_INPUT', 'usage: /verify <name> [digits]')
        const digits = restWords.join('')
        await node.verifyContact(full(who), digits === '' ? undefined : digits)
        print(`${full(who)} is verified.`, { verified: full(who) })
        return
      }
      case '/trust': {
        const digits = restWords.join('')
        // With no directory, a key is only accepted against a compared number.
        if (who === undefined || digits === '') throw new NodeError('BAD_INPUT', 'usage: /trust <name> <safety number digits>')
        await node.trust(full(who), digits)
        print(`Accepted the new key of ${full(who)}; its safety number matched, so it is verified.`, { trusted: full(who), verified: true })
        return
      }
      default: throw new NodeError('BAD_INPUT', `unknown command ${cmd ?? ''}; /help lists them`)
    }
  }

  await finished
  rl.close()
  await queue
}
