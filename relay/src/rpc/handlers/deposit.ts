/** The deposit handler: mail from a verified account of this relay into a local user's mailboxes. */
import { parseAddress } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import type { Party } from '../../sender-limits.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** The deposit handler over `c`. */
export function depositHandlers (c: HandlerServices): HandlerGroup<'deposit'> {
  const deposits = new Deposits(c)
  return {
    // Only verified accounts may send, so an unverified sign-up cannot be used to push mail at people.
    deposit: {
      auth: 'session+verified',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (request, { account: sender }) => ({ type: 'deposited', ...await deposits.deposit(request.envelope, sender, request.contact === true) })
    }
  }
}

/** Checks a deposit's recipient and devices, admits it under the sender limits and stores it. */
class Deposits {
  constructor (private readonly c: HandlerServices) {}

  async deposit (envelope: Uint8Array, from: Party, chosen: boolean): Promise<{ messageId: Uint8Array, duplicate: boolean, storedAt: number }> {
    const { mailboxes, directory, accounts, senders } = this.c
    const header = mailboxes.inspect(envelope)
    const { name, relay } = parseAddress(header.recipient)
    const unknown = (): RelayError => new RelayError('NOT_FOUND', `${header.recipient} is not a user of this relay`)
    if (relay !== this.c.relayName) throw unknown()
    const account = await accounts.get(name)
    if (account === undefined || !account.verified) throw unknown()
    const published = await directory.devices(name)
    const devices = header.deviceIds.filter((d: string) => published.has(d))
    if (devices.length === 0) throw new RelayError('BAD_ENVELOPE', `envelope refused: it is not encrypted to any published device of ${header.recipient}; fetch the current keys`)
    // Per-sender limits: the rate here, the waiting quota in the mailbox (both tighter for strangers).
    const admission = await senders.admit({ name: from.name, createdAt: from.createdAt }, { name, createdAt: account.createdAt }, chosen)
    let stored = false
    try {
      const result = await mailboxes.deposit(name, devices, header, envelope, admission)
      stored = true
      return { messageId: header.messageId, ...result }
    } finally {
      admission.settle(stored)
    }
  }
}
