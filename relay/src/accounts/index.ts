import { formatAddress, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { AccountsCore } from './core.js'
import { Registration } from './registration.js'
import { Login } from './login.js'
import { TwoFactorEnrolment } from './two-factor.js'
import { EmailChange } from './email-change.js'
import { PasswordReset } from './password-reset.js'
import { Deletion } from './deletion.js'
import type { AccountRecord, AccountsComponents, Caller } from './records.js'
import type { SessionRecord } from '../sessions.js'

export { DEFAULT_ACCOUNT_LIMITS, type AccountLimits, type AccountRecord, type AccountsComponents, type Caller, type PendingCode } from './records.js'

/**
 * Accounts: registration with email verification, password login with an optional TOTP second
 * factor and recovery codes, sessions, email change, password reset and deletion, with rate
 * limits on every guessable secret and on mail. One facade over a file per flow.
 */
export class Accounts {
  private readonly core: AccountsCore
  private readonly registration: Registration
  private readonly loginFlow: Login
  private readonly twoFactor: TwoFactorEnrolment
  private readonly emailChange: EmailChange
  private readonly passwordReset: PasswordReset
  private readonly deletion: Deletion

  constructor (c: AccountsComponents) {
    this.core = new AccountsCore(c)
    this.registration = new Registration(this.core)
    this.loginFlow = new Login(this.core)
    this.twoFactor = new TwoFactorEnrolment(this.core)
    this.emailChange = new EmailChange(this.core)
    this.passwordReset = new PasswordReset(this.core)
    this.deletion = new Deletion(this.core)
  }

  /** Runs `hook` when an account is deleted (the directory and mailboxes drop their data). */
  onDelete (hook: (name: string) => Promise<void>): void { this.deletion.onDelete(hook) }

  /** Creates an unverified account and mails a verification code. */
  async register (name: string, email: string, password: string, caller: Caller): Promise<void> { await this.registration.register(name, email, password, caller) }

  /** Mails a fresh code to an unverified account (quietly nothing for others). */
  async resendCode (name: string): Promise<void> { await this.registration.resendCode(name) }

  /** Marks the account verified when the code is right, unexpired and within its budgets. */
  async verify (name: string, code: string, caller: Caller): Promise<void> { await this.registration.verify(name, code, caller) }

  /** Checks the password (and second factor) and opens a session bound to the caller's PeerId. */
  async login (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<{ token: Uint8Array, user: string, expiresAt: number }> {
    return await this.loginFlow.login(name, password, factor, caller)
  }

  /** The session for a token presented by `peerId`; it must belong to the account as it is now. */
  async authenticate (token: Uint8Array, peerId: string): Promise<SessionRecord & { tokenHash: string }> { return await this.loginFlow.authenticate(token, peerId) }

  /** Ends one session. */
  async logout (name: string, tokenHash: string): Promise<void> { await this.loginFlow.logout(name, tokenHash) }

  /** The user's live sessions; `current` marks the caller's. */
  async listSessions (name: string, currentHash: string): Promise<SessionInfo[]> { return await this.loginFlow.listSessions(name, currentHash) }

  /** Revokes sessions by id, all of them, or all but the caller's; returns how many ended. */
  async revokeSessions (name: string, which: { ids: string[], all: boolean, others: boolean }, currentHash: string): Promise<number> {
    return await this.loginFlow.revokeSessions(name, which, currentHash)
  }

  /** Starts TOTP enrolment: a new secret, active only once `confirmTotp` gets a current code. */
  async enrolTotp (name: string): Promise<{ uri: string, secret: string }> { return await this.twoFactor.enrolTotp(name) }

  /** Turns TOTP on with a current code; returns ten recovery codes, shown once. */
  async confirmTotp (name: string, code: string, caller: Caller): Promise<string[]> { return await this.twoFactor.confirmTotp(name, code, caller) }

  /** Turns TOTP off; needs a valid second factor. */
  async disableTotp (name: string, factor: SecondFactorInput, caller: Caller): Promise<void> { await this.twoFactor.disableTotp(name, factor, caller) }

  /** Replaces the recovery codes (the old set stops working); needs a valid second factor. */
  async regenerateRecoveryCodes (name: string, factor: SecondFactorInput, caller: Caller): Promise<string[]> {
    return await this.twoFactor.regenerateRecoveryCodes(name, factor, caller)
  }

  /** Mails a code to a new address; the address changes only once that code is confirmed. */
  async changeEmail (name: string, email: string): Promise<void> { await this.emailChange.changeEmail(name, email) }

  /** Switches to the new address once its code is right; the old address is told. */
  async confirmEmail (name: string, code: string, caller: Caller): Promise<void> { await this.emailChange.confirmEmail(name, code, caller) }

  /** Mails a password reset code if the name is a verified account; answers the same either way. */
  async requestPasswordReset (name: string): Promise<void> { await this.passwordReset.requestPasswordReset(name) }

  /** Sets a new password with an emailed reset code, and ends every session of the account. */
  async resetPassword (name: string, code: string, password: string, caller: Caller): Promise<void> {
    await this.passwordReset.resetPassword(name, code, password, caller)
  }

  /** Deletes the account and, through the delete hooks, its directory entries and mail. */
  async deleteAccount (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<void> {
    await this.deletion.deleteAccount(name, password, factor, caller)
  }

  /** What the user may see about their account. */
  async info (name: string): Promise<{ user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }> {
    const a = await this.core.require(name)
    return {
      user: formatAddress(name, this.core.c.relayName),
      email: a.email,
      totpEnabled: a.totp !== undefined,
      recoveryCodesLeft: a.recovery?.length ?? 0,
      ...(a.emailChange !== undefined ? { pendingEmail: a.emailChange.email } : {})
    }
  }

  /** The account, if it exists. */
  async get (name: string): Promise<AccountRecord | undefined> {
    return await this.core.accounts.get(name)
  }

  /** Whether `name` is a verified account. */
  async isVerified (name: string): Promise<boolean> {
    return (await this.core.accounts.get(name))?.verified === true
  }
}
