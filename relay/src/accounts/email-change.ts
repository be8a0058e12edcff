/** Email change: a code to the new address, then the switch, and word to the old address. */
import { formatAddress } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { RESEND_INTERVAL_MS } from '../constants.js'
import { HOUR, type AccountRecord, type Caller } from './records.js'
import { checkEmail, codeMail } from './mail.js'
import type { AccountsCore } from './core.js'

/** Email change: one flow of the accounts service, over the shared core. */
export class EmailChange {
  constructor (private readonly core: AccountsCore) {}

  /** Mails a code to a new address; the address changes only once that code is confirmed. */
  async changeEmail (name: string, email: string): Promise<void> {
    checkEmail(email)
    await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      if (!account.verified) throw new RelayError('NOT_VERIFIED', 'verify the current address first')
      // Confirming it would tell that same address it is no longer the account's: a false alarm.
      if (email.toLowerCase() === account.email.toLowerCase()) throw new RelayError('BAD_REQUEST', 'that is already the account\'s email address')
      const previous = account.emailChange
      // One code mail a minute per account, whatever the address: the relay mails only on the owner's behalf.
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > this.core.now()) {
        throw new RelayError('RATE_LIMITED', 'a code was sent less than a minute ago; wait for it, or try again in a minute', previous.issuedAt + RESEND_INTERVAL_MS - this.core.now())
      }
      if (!await this.core.mail.mailQuota(email)) throw new RelayError('RATE_LIMITED', 'the relay has sent too much mail to that address or in total; try again in an hour', HOUR)
      const { code, pending } = this.core.mail.newCode(name, 'email', previous?.email === email ? previous : undefined)
      account.emailChange = { ...pending, email }
      await this.core.save(account)
      await this.core.mail.send(email, codeMail(formatAddress(name, this.core.c.relayName), code, 'email', this.core.limits.codeTtlMs), true)
    })
  }

  /** Switches to the new address once its code is right; the old address is told. */
  async confirmEmail (name: string, code: string, caller: Caller): Promise<void> {
    const old = await this.core.lock.run(name, async () => {
      const account = await this.core.require(name)
      await this.core.checkCode(account, 'emailChange', 'email', name, code, caller)
      const change = account.emailChange as NonNullable<AccountRecord['emailChange']>
      const previous = account.email
      account.email = change.email
      delete account.emailChange
      await this.core.save(account)
      return previous
    })
    if (await this.core.mail.mailQuota(old)) {
      await this.core.mail.send(old, {
        subject: 'Your Parley email address was changed',
        text: `The email address of ${formatAddress(name, this.core.c.relayName)} is no longer this one. If you did not do this, reset your password at once.\n`
      }, false)
    }
  }
}
