import { createHmac, randomInt } from 'node:crypto'
import { RelayError } from '../errors.js'
import { HOUR, type AccountLimits, type AccountsComponents, type PendingCode } from './records.js'
import type { OutgoingMail } from '../mailer.js'

/** Emailed codes (made, stored as HMACs) and the mail quotas they are sent under. */
export class AccountMail {
  constructor (private readonly c: AccountsComponents, private readonly limits: AccountLimits, private readonly now: () => number) {}

  /** A six-digit code and its stored form; a replacement keeps the window and wrong attempts of `previous` if it is still running. */
  newCode (name: string, purpose: string, previous?: PendingCode): { code: string, pending: PendingCode } {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
    const now = this.now()
    const running = previous !== undefined && previous.expiresAt > now
    return {
      code,
      pending: {
        mac: this.mac(purpose, name, code),
        issuedAt: now,
        expiresAt: running ? previous.expiresAt : now + this.limits.codeTtlMs,
        attempts: running ? previous.attempts : 0
      }
    }
  }

  /** Takes one mail from the quotas (per address, and in total); false when one is used up. */
  async mailQuota (to: string): Promise<boolean> {
    const address = createHmac('sha256', this.c.keys.limitKey).update(to.toLowerCase()).digest('hex').slice(0, 32)
    const ok = await this.c.limiter.take([
      { key: `mail:to:${address}`, policy: { limit: this.limits.mailsPerAddressPerHour, windowMs: HOUR } },
      { key: 'mail:all', policy: { limit: this.limits.mailsPerHour, windowMs: HOUR } }
    ])
    if (!ok) this.c.metrics.mailsRefused++
    return ok
  }

  /**
   * Sends a mail (its quota already taken). `strict` mails fail loudly when undeliverable; the
   * others are skipped quietly, so their callers answer the same whether or not an account exists.
   */
  async send (to: string, mail: Omit<OutgoingMail, 'to'>, strict: boolean): Promise<void> {
    try {
      await this.c.mailer.send({ to, ...mail })
      this.c.metrics.mailsSent++
    } catch (err: any) {
      this.c.log.error(`mail could not be sent: ${err?.code ?? err?.name ?? 'error'}`)
      if (strict) throw new RelayError('INTERNAL', 'the relay could not send the mail; try again later')
    }
  }

  /** The stored form of an emailed code for `purpose` and account `name`. */
  mac (purpose: string, name: string, code: string): string {
    return createHmac('sha256', this.c.keys.codeMac).update(`${purpose}\0${name}\0${code}`).digest('hex')
  }
}

/** Throws BAD_REQUEST unless `email` looks like an address (the mail itself proves it). */
export function checkEmail (email: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RelayError('BAD_REQUEST', 'that email address is not valid')
}

/** The mail carrying a code for `purpose`. */
export function codeMail (address: string, code: string, purpose: 'verify' | 'email' | 'reset', ttlMs: number): Omit<OutgoingMail, 'to'> {
  const what = purpose === 'verify' ? 'verification code' : purpose === 'email' ? 'code to confirm this address' : 'password reset code'
  return {
    subject: `Your Parley ${what}: ${code}`,
    text: `Your ${what} for ${address} is ${code}\n\nIt expires in ${formatDuration(ttlMs)}. If you did not ask for it, ignore this mail${purpose === 'reset' ? ' (your password stays as it is)' : ''}.\n`
  }
}

/** "15 minutes", "30 seconds": how long a code lasts, for mails and messages. */
export function formatDuration (ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 120) return `${seconds} seconds`
  const minutes = Math.round(seconds / 60)
  return minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`
}
