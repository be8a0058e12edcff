import { createSignal, type Accessor } from 'solid-js'
import { NodeError, RelayRequestError, secondFactorFrom } from '@parley/node'
import type { SessionInfo } from '@parley/protocol'
import type { AccountInfo, Device } from './device.js'

/** The account on the relay: what it knows, email, sessions, two-factor login. */
export interface AccountStore {
  /** Recovery codes just issued, kept (in memory only) until the person says they saved them. */
  recoveryCodes: Accessor<string[] | undefined>
  dismissRecoveryCodes: () => void
  info: () => Promise<AccountInfo>
  /** Asks for a code at `email` (refused when it is the current address, `current`). */
  changeEmail: (email: string, current: string) => Promise<void>
  confirmEmail: (code: string) => Promise<void>
  sessions: () => Promise<SessionInfo[]>
  /** Ends other sessions; one that ended meanwhile (expired, ended elsewhere) is what was asked for. */
  revokeSessions: (which: { ids?: string[], others?: boolean }) => Promise<void>
  enrolTotp: () => Promise<{ uri: string, secret: string }>
  /** Turns two-factor login on with a code from the app; the recovery codes issued are kept to show. */
  confirmTotp: (code: string) => Promise<void>
  /** Turns two-factor login off with an app or recovery code. */
  disableTotp: (code: string) => Promise<void>
  /** Replaces the recovery codes (with an app or recovery code); the new ones are kept to show. */
  regenerateRecoveryCodes: (code: string) => Promise<void>
  clear: () => void
}

/** The account store over `device`. */
export function createAccountStore (device: Device): AccountStore {
  const [recoveryCodes, setRecoveryCodes] = createSignal<string[]>()
  // An empty code is still sent: the relay answers that one is needed, in its own words.
  const factor = (code: string) => secondFactorFrom(code) ?? { totpCode: '' }
  return {
    recoveryCodes,
    dismissRecoveryCodes: () => { setRecoveryCodes(undefined) },
    async info () { return await device.require().accountInfo() },
    async changeEmail (email, current) {
      const next = email.trim()
      if (next.toLowerCase() === current.toLowerCase()) throw new NodeError('BAD_INPUT', 'that is already your email address')
      await device.require().changeEmail(next)
    },
    async confirmEmail (code) { await device.require().confirmEmail(code.trim()) },
    async sessions () { return await device.require().sessions() },
    async revokeSessions (which) {
      try {
        await device.require().revokeSessions(which)
      } catch (err) {
        if (!(err instanceof RelayRequestError && err.relayCode === 'NOT_FOUND')) throw err
      }
    },
    async enrolTotp () { return await device.require().enrolTotp() },
    async confirmTotp (code) { setRecoveryCodes(await device.require().confirmTotp(code.replace(/\s/g, ''))) },
    async disableTotp (code) { await device.require().disableTotp(factor(code)) },
    async regenerateRecoveryCodes (code) { setRecoveryCodes(await device.require().regenerateRecoveryCodes(factor(code))) },
    clear: () => { setRecoveryCodes(undefined) }
  }
}
