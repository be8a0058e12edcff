import { formatAddress, type SecondFactorInput, type SessionInfo } from '@parley/protocol'
import { discoverRelay, type RelayEndpoint } from '../relay-client.js'
import { NodeError } from '../errors.js'
import type { NodeStore } from '../node-store.js'
import type { RelayLink } from '../relay/connection.js'
import { AccountRequests, type CallOptions } from './keyless.js'

import type { Profile } from '../node-store.js'
export type { Profile } from '../node-store.js'

/** An account on a relay, named by the relay's URL and the account's name. */
export interface AccountRef { relayUrl: string, name: string }

/** What the relay knows of the account. */
export interface AccountInfo { user: string, email: string, totpEnabled: boolean, recoveryCodesLeft: number, pendingEmail?: string }

/** The relay seam the device's account needs: requests, and being told when a session starts or ends. */
export interface SessionLink extends RelayLink {
  sessionStarted: (relayPeerId: string, token: Uint8Array, expiresAt: number) => Promise<void>
  sessionEnded: () => Promise<void>
}

/** What the device's account is built from. */
export interface DeviceAccountComponents {
  store: Pick<NodeStore, 'meta'>
  relay: SessionLink
}

/** How the device's account is set up. */
export interface DeviceAccountInit {
  profile: Profile | undefined
  allowInsecureHttp: boolean
  /** Publishes this device's bundle once logged in. */
  publishKeys: (options: CallOptions) => Promise<unknown>
  /** Finds a relay from its URL (tests pass a fixed one). */
  discover?: (url: string, options: { allowInsecureHttp: boolean, signal?: AbortSignal }) => Promise<RelayEndpoint>
}

/**
 * This device's account: the profile it keeps, login and the session, two-factor login,
 * sessions, email, password reset and deletion. Requests without a session go through the same
 * AccountRequests a keyless client uses.
 */
export class DeviceAccount {
  private profileValue: Profile | undefined
  private readonly requests: AccountRequests
  private readonly discover: NonNullable<DeviceAccountInit['discover']>

  constructor (private readonly components: DeviceAccountComponents, private readonly init: DeviceAccountInit) {
    this.profileValue = init.profile
    this.requests = new AccountRequests(components.relay)
    this.discover = init.discover ?? discoverRelay
  }

  /** The profile, once registered or logged in. */
  get profile (): Profile | undefined { return this.profileValue }

  /** The profile, or NOT_REGISTERED. */
  requireProfile (): Profile {
    if (this.profileValue === undefined) throw new NodeError('NOT_REGISTERED', 'this device has no account yet: register first')
    return this.profileValue
  }

  /** Creates an account on the relay at `relayUrl`; the relay mails a verification code. */
  async register (opts: { relayUrl: string, name: string, email: string, password: string }, options: CallOptions = {}): Promise<Profile> {
    const relay = await this.find(opts.relayUrl, options)
    const profile: Profile = { name: opts.name, address: formatAddress(opts.name, relay.name), email: opts.email, relayUrl: opts.relayUrl, relay }
    await this.requests.register(relay, opts, options)
    await this.keep(profile)
    return profile
  }

  /** Confirms the emailed code. */
  async verify (code: string, options: CallOptions = {}): Promise<void> {
    const profile = this.requireProfile()
    await this.requests.verify(profile.relay, profile.name, code, options)
  }

  /** Asks the relay to mail a new verification code. */
  async resendCode (options: CallOptions = {}): Promise<void> {
    const profile = this.requireProfile()
    await this.requests.resendCode(profile.relay, profile.name, options)
  }

  /**
   * Logs in (the session is bound to this device's PeerId), keeps the session and publishes this
   * device's keys. With `account` on a device without a profile: a new device for an existing
   * account, whose profile is kept once the login succeeds.
   */
  async login (password: string, opts: { account?: AccountRef, secondFactor?: SecondFactorInput } = {}, options: CallOptions = {}): Promise<{ expiresAt: number }> {
    let profile = this.profileValue
    if (profile === undefined && opts.account !== undefined) {
      const relay = await this.find(opts.account.relayUrl, options)
      profile = { name: opts.account.name, address: formatAddress(opts.account.name, relay.name), email: '', relayUrl: opts.account.relayUrl, relay }
    }
    if (profile === undefined) profile = this.requireProfile()
    const session = await this.requests.login(profile.relay, profile.name, password, opts.secondFactor, options)
    if (this.profileValue === undefined) await this.keep(profile)
    await this.components.relay.sessionStarted(profile.relay.peerId, session.token, session.expiresAt)
    await this.init.publishKeys(options)
    return { expiresAt: session.expiresAt }
  }

  /** Ends the session on the relay and forgets it locally (also when the relay cannot be reached). */
  async logout (options: CallOptions = {}): Promise<void> {
    try {
      await this.components.relay.request({ type: 'logout' }, 'ok', options)
    } finally {
      await this.components.relay.sessionEnded()
    }
  }

  /** Starts TOTP enrolment: an otpauth:// URI (show it as a QR code) and the secret for manual entry. */
  async enrolTotp (options: CallOptions = {}): Promise<{ uri: string, secret: string }> {
    const r = await this.components.relay.request({ type: 'totp-enrol' }, 'totp-enrolment', options)
    return { uri: r.uri, secret: r.secret }
  }

  /** Turns two-factor login on with a current code; returns the ten recovery codes (shown once). */
  async confirmTotp (code: string, options: CallOptions = {}): Promise<string[]> {
    return (await this.components.relay.request({ type: 'totp-confirm', code }, 'recovery-codes', options)).codes
  }

  /** Turns two-factor login off (needs a current code or a recovery code). */
  async disableTotp (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<void> {
    await this.components.relay.request({ type: 'totp-disable', secondFactor }, 'ok', options)
  }

  /** Replaces the recovery codes (needs a current code or a recovery code); the old ones stop working. */
  async regenerateRecoveryCodes (secondFactor: SecondFactorInput, options: CallOptions = {}): Promise<string[]> {
    return (await this.components.relay.request({ type: 'regenerate-recovery-codes', secondFactor }, 'recovery-codes', options)).codes
  }

  /** The account's sessions (one per logged-in device). */
  async sessions (options: CallOptions = {}): Promise<SessionInfo[]> {
    return (await this.components.relay.request({ type: 'list-sessions' }, 'sessions', options)).sessions
  }

  /** Ends sessions by id, all of them, or all but this device's. */
  async revokeSessions (which: { ids?: string[], all?: boolean, others?: boolean }, options: CallOptions = {}): Promise<void> {
    await this.components.relay.request({ type: 'revoke-sessions', ids: which.ids ?? [], all: which.all === true, others: which.others === true }, 'ok', options)
    if (which.all === true) await this.components.relay.sessionEnded()
  }

  /** Starts an email change: the relay mails a code to the new address. */
  async changeEmail (email: string, options: CallOptions = {}): Promise<void> {
    await this.components.relay.request({ type: 'change-email', newEmail: email }, 'ok', options)
  }

  /** Confirms the new address with its code, and keeps it in the profile. */
  async confirmEmail (code: string, options: CallOptions = {}): Promise<void> {
    await this.components.relay.request({ type: 'confirm-email', code }, 'ok', options)
    const info = await this.accountInfo(options)
    if (this.profileValue !== undefined) await this.keep({ ...this.profileValue, email: info.email })
  }

  /** What the relay knows of the account. */
  async accountInfo (options: CallOptions = {}): Promise<AccountInfo> {
    const { type: _, ...info } = await this.components.relay.request({ type: 'account-info' }, 'account', options)
    return info
  }

  /** Asks for a password reset code by mail (works without a session). */
  async requestPasswordReset (account?: AccountRef, options: CallOptions = {}): Promise<void> {
    const { relay, name } = await this.target(account, options)
    await this.requests.requestPasswordReset(relay, name, options)
  }

  /** Sets a new password with the mailed code; every session of the account ends, this device's too. */
  async resetPassword (code: string, newPassword: string, account?: AccountRef, options: CallOptions = {}): Promise<void> {
    const { relay, name } = await this.target(account, options)
    await this.requests.resetPassword(relay, name, code, newPassword, options)
    await this.components.relay.sessionEnded()
  }

  /** Deletes the account on the relay (its keys and waiting mail too) and forgets it on this device. */
  async deleteAccount (password: string, secondFactor?: SecondFactorInput, options: CallOptions = {}): Promise<void> {
    await this.components.relay.request({ type: 'delete-account', password, ...(secondFactor !== undefined ? { secondFactor } : {}) }, 'ok', options)
    // The account is gone: this device forgets it even if its store cannot be written right now.
    this.profileValue = undefined
    await this.components.relay.sessionEnded().catch(() => {})
    await this.components.store.meta.del('profile').catch(() => {})
  }

  private async keep (profile: Profile): Promise<void> {
    await this.components.store.meta.put('profile', profile)
    this.profileValue = profile
  }

  private async find (url: string, options: CallOptions): Promise<RelayEndpoint> {
    return await this.discover(url, { allowInsecureHttp: this.init.allowInsecureHttp, ...(options.signal !== undefined ? { signal: options.signal } : {}) })
  }

  private async target (account: AccountRef | undefined, options: CallOptions): Promise<{ relay: RelayEndpoint, name: string }> {
    if (account !== undefined) return { relay: await this.find(account.relayUrl, options), name: account.name }
    const profile = this.requireProfile()
    return { relay: profile.relay, name: profile.name }
  }
}
