import { callOptions, usageFailure, type CommandHandler } from './context.js'
import { plural } from './output.js'
import { forTerminal } from './terminal-text.js'

/** The commands about contacts and their identity keys. */
export const TRUST_COMMANDS: Record<string, CommandHandler> = {
  contacts: async ctx => {
    const { node, json, out } = ctx
    const contacts = await node.contacts.list()
    if (json) void out('', contacts)
    else void out(contacts.length === 0 ? 'No contacts.' : contacts.map(c => `${forTerminal(c.address)}  key ${c.identityKey.slice(0, 16)}…${c.verified ? '  verified' : ''}${c.pendingKey !== undefined ? '  KEY CHANGED: run parley trust ' + forTerminal(c.address) : ''}`).join('\n'), undefined)
  },
  trust: async ctx => {
    const { node, values, positionals, out } = ctx
    const peer = positionals[0]
    if (peer === undefined) throw usageFailure(ctx)
    if (values.refuse === true) {
      if (values.number !== undefined) throw usageFailure(ctx, '--refuse and --number do not go together')
      const { discarded } = await node.refuseKey(peer, callOptions(ctx))
      void out(`Refused the new identity key of ${peer}; the key accepted before stays.${discarded > 0 ? ` ${plural(discarded, 'held message')} discarded.` : ''}`, { address: peer, refused: true, discarded })
      return
    }
    const { delivered, discarded } = await node.trust(peer, values.number, callOptions(ctx))
    const settled = `${delivered.length > 0 ? ` ${plural(delivered.length, 'held message')} delivered (parley read ${peer}).` : ''}${discarded > 0 ? ` ${plural(discarded, 'held message')} signed under yet another key discarded.` : ''}`
    void out(values.number !== undefined ? `Accepted the new identity key of ${peer}; its safety number matched, so it is verified.${settled}` : `Accepted the new identity key of ${peer} (not verified: compare safety numbers).${settled}`, { address: peer, trusted: true, verified: values.number !== undefined, delivered: delivered.length, discarded })
  },
  'safety-number': async ctx => {
    const { node, positionals, json, out, raw } = ctx
    const peer = positionals[0]
    if (peer === undefined) throw usageFailure(ctx)
    const number = await node.safetyNumber(peer, callOptions(ctx))
    if (json) void out('', { address: peer, digits: number.digits, qr: number.qr, verified: number.verified, pending: number.pending })
    else {
      const QRCode = await import('qrcode')
      const qr = await QRCode.toString(number.qr, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
      const status = number.pending ? ' for their NEW key (not accepted yet)' : number.verified ? ' (verified)' : ''
      const next = number.pending ? `parley trust ${peer} --number '<the digits>'` : `parley verify-contact ${peer}`
      void raw(`Safety number with ${forTerminal(peer)}${status}:\n\n  ${number.digits.slice(0, 35)}\n  ${number.digits.slice(36)}\n\n${qr}\nIf it matches theirs: ${next}\n`)
    }
  },
  'verify-contact': async ctx => {
    const { node, values, positionals, out } = ctx
    const peer = positionals[0]
    if (peer === undefined) throw usageFailure(ctx)
    await node.verifyContact(peer, values.number, callOptions(ctx))
    void out(`${peer} is verified.`, { address: peer, verified: true })
  }
}
