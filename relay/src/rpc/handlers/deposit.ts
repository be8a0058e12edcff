/** The deposit handlers: mail from a verified account of this relay into a local user's mailboxes, one or many at a time. */
import { parseAddress, type DepositItem, type DepositOutcome } from '@parley/protocol'
import { RelayError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import type { GroupMember } from '../../store.js'
import type { Party } from '../../sender-limits.js'
import { REQUEST_DEADLINES } from '../limits.js'
import type { HandlerGroup } from '../table.js'
import type { HandlerServices } from './deps.js'

/** Request types served here. */
export type DepositRequestType = 'deposit' | 'deposit-many'

/** The deposit handlers over `c`. */
export function depositHandlers (c: HandlerServices): HandlerGroup<DepositRequestType> {
  const deposits = new Deposits(c)
  return {
    // Only verified accounts may send, so an unverified sign-up cannot be used to push mail at people.
    deposit: {
      auth: 'session+verified',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.quick,
      handle: async (request, { account: sender }) => ({ type: 'deposited', ...await deposits.deposit(request.envelope, sender, request.contact === true) })
    },
    'deposit-many': {
      auth: 'session+verified',
      rates: ['per-source'],
      deadlineMs: REQUEST_DEADLINES.batch,
      handle: async (request, { account: sender }) => ({ type: 'deposited-many', results: await deposits.depositMany(request.deposits, sender) })
    }
  }
}

type Stored = { messageId: Uint8Array, duplicate: boolean, storedAt: number }

/** Checks a deposit's recipient and devices, admits it under the sender limits and stores it. */
class Deposits {
  constructor (private readonly c: HandlerServices) {}

  /** One deposit; with `group`, written in that commit group's batch. */
  async deposit (envelope: Uint8Array, from: Party, chosen: boolean, group?: GroupMember): Promise<Stored> {
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
      const result = await mailboxes.deposit(name, devices, header, envelope, admission, group !== undefined ? { group } : {})
      stored = true
      return { messageId: header.messageId, ...result }
    } finally {
      admission.settle(stored)
    }
  }

  /**
   * Each item through `deposit` (every check, every limit, per item), all written in one group
   * commit; a refused item is answered with its error and never fails the others. An id given
   * twice is stored once: the second finds the first on disk and is answered as a duplicate.
   */
  async depositMany (items: DepositItem[], from: Party): Promise<DepositOutcome[]> {
    const members = this.c.mailboxes.commitGroup(items.length)
    return await Promise.all(items.map(async (item, i): Promise<DepositOutcome> => {
      const member = members[i] as GroupMember
      try {
        return { type: 'deposited', ...await this.deposit(item.envelope, from, item.contact === true, member) }
      } catch (err) {
        return refusal(err, this.c.log)
      } finally {
        member.leave()
      }
    }))
  }
}

/**
 * The per-item answer for an item that was not stored: a refusal with its own code, and a failure
 * of the relay itself (the store) as INTERNAL, saying nothing of its cause; the other items stand.
 */
function refusal (err: any, log?: Logger): DepositOutcome {
  if (!(err instanceof RelayError)) {
    // Told as the RPC server tells a failed request: name and code only, never the message.
    log?.error(`deposit failed: ${err?.name ?? 'Error'}${err?.code !== undefined ? ` (${String(err.code)})` : ''}`)
    return { type: 'error', code: 'INTERNAL', message: 'the relay could not store this message; send it again' }
  }
  return { type: 'error', code: err.code, message: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) }
}
