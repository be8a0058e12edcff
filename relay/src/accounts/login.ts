/** Login with the password and, when TOTP is on, the second factor; the sessions it opens. */
import { formatAddress, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { hashPassword, verifyPassword } from '../password.js'
import { MAX_KNOWN_PEERS, type Caller } from './records.js'
import type { SessionRecord } from '../sessions.js'
import type { AccountsCore } from './core.js'

const WRONG_LOGIN = 'wrong name or password'

/** Login and the sessions it opens: one flow of the accounts service, over the shared core. */
export class Login {
  /** The hash an unknown name's password is checked against, so it costs what a real check costs. */
  private dummyHash: Promise<string> | undefined

  constructor (private readonly core: AccountsCore) {}

  /**
   * Checks the password (and the second factor when TOTP is on) and opens a session bound to the
   * caller's PeerId. Unknown name and wrong password get the same answer after the same work.
   */
  async login (name: string, password: string, factor: SecondFactorInput | undefined, caller: Caller): Promise<{ token: Uint8Array, user: string, expiresAt: number }> {
    const account = await this.core.accounts.get(name)
    const passwordTry = await this.core.attempt('password', name, account, caller)
    this.core.c.metrics.passwordChecks++
    if (account === undefined) {
      this.dummyHash ??= hashPassword('parley-timing-equaliser')
      const dummy = await this.dummyHash
      await this.core.hashing.run(async () => await verifyPassword(password, dummy))
      throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
    }
    if (!await this.core.hashing.run(async () => await verifyPassword(password, account.passwordHash))) throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
    // The attempt stays counted until the whole login succeeds: someone who knows the password
    // but not the second factor must not get unlimited password hashing (or guesses) for free.
    // The password was checked outside the lock (hashing is slow); under it, the account must
    // still be the one checked against: a reset or deletion in between wins. The session is
    // made under the lock too, so a reset or deletion after it finds the session and ends it.
    const { token, record } = await this.core.lock.run(name, async () => {
      const current = await this.core.accounts.get(name)
      // The hash is salted afresh by every reset, so a reset to the same password changes it too.
      if (current === undefined || current.createdAt !== account.createdAt || current.passwordHash !== account.passwordHash) throw new RelayError('INVALID_CREDENTIALS', WRONG_LOGIN)
      if (current.totp !== undefined) {
        if (factor === undefined) throw new RelayError('SECOND_FACTOR_REQUIRED', 'this account uses two-factor login: give the code from the authenticator app, or a recovery code')
        await this.core.checkSecondFactor(current, factor, caller)
      }
      current.knownPeers = [caller.peerId, ...(current.knownPeers ?? []).filter(p => p !== caller.peerId)].slice(0, MAX_KNOWN_PEERS)
      await this.core.save(current)
      await this.core.c.limiter.clear(passwordTry)
      return await this.core.c.sessions.create(name, account.createdAt, caller.peerId)
    })
    return { token, user: formatAddress(name, this.core.c.relayName), expiresAt: record.expiresAt }
  }

  /** The session for a token presented by `peerId`; it must belong to the account as it is now. */
  async authenticate (token: Uint8Array, peerId: string): Promise<SessionRecord & { tokenHash: string }> {
    const session = await this.core.c.sessions.get(token, peerId)
    const account = await this.core.accounts.get(session.user)
    if (account === undefined || account.createdAt !== session.account) {
      await this.core.c.sessions.revoke(session.user, [session.tokenHash])
      throw new RelayError('UNAUTHENTICATED', 'the session is not valid for this device; log in again')
    }
    return session
  }

  /** Ends one session. */
  async logout (name: string, tokenHash: string): Promise<void> {
    await this.core.c.sessions.revoke(name, [tokenHash])
  }

  /** The user's live sessions; `current` marks the caller's. */
  async listSessions (name: string, currentHash: string): Promise<SessionInfo[]> {
    return (await this.core.c.sessions.list(name)).map(s => ({ id: s.id, peerId: s.peerId, createdAt: s.createdAt, lastSeen: s.lastSeen, expiresAt: s.expiresAt, current: s.tokenHash === currentHash }))
  }

  /** Revokes sessions by id, all of them, or all but the caller's; returns how many ended. */
  async revokeSessions (name: string, which: { ids: string[], all: boolean, others: boolean }, currentHash: string): Promise<number> {
    if (which.all) return await this.core.c.sessions.revokeAll(name)
    if (which.others) return await this.core.c.sessions.revokeAll(name, currentHash)
    const sessions = await this.core.c.sessions.list(name)
    const hashes = sessions.filter(s => which.ids.includes(s.id)).map(s => s.tokenHash)
    if (hashes.length < new Set(which.ids).size) throw new RelayError('NOT_FOUND', 'no such session (list them with sessions)')
    return await this.core.c.sessions.revoke(name, hashes)
  }
}
