import { NodeError } from '@parley/node'
import type { ClientEnvironment, ClientNode, Device } from './device.js'
import type { NoticeStore } from './notice-store.js'

/**
 * A throwaway device used only to reach the relay for a password reset before this browser holds
 * an account (it has keys nobody will use, under a random passphrase); erased when the reset ends.
 */
export const RESET_DB = 'parley-password-reset'

/** The throwaway device needs no strong passphrase stretching: its passphrase is random and it lives minutes. */
const RESET_KDF_ITERATIONS = 100_000

/** A forgotten account password: a mailed code, then a new password. */
export interface PasswordResetStore {
  /** Erases a throwaway device an unfinished reset left in an earlier visit. */
  sweep: () => Promise<void>
  /** Asks for a code: for this device's account, or for `name` when this browser holds no account yet. */
  request: (name?: string) => Promise<void>
  /** Sets a new password with the mailed code; every session of the account ends. */
  reset: (code: string, newPassword: string) => Promise<void>
  /** Leaves a reset without finishing it (also one still starting). */
  cancel: () => Promise<void>
}

/** The password reset store beside `deps.device`. */
export function createPasswordResetStore (deps: { device: Device, env: ClientEnvironment, notice: NoticeStore }): PasswordResetStore {
  const { device, env, notice } = deps
  const factory = device.factory
  /** A reset under way: the node it goes through, and the account when not this device's. */
  let current: { node: ClientNode, throwaway: boolean, account?: { relayUrl: string, name: string } } | undefined
  /** Reset steps run one after another (they share one database); a cancel moves the generation on. */
  let turn: Promise<unknown> = Promise.resolve()
  let generation = 0
  function inTurn<T> (work: () => Promise<T>): Promise<T> {
    const next = turn.then(work, work)
    turn = next.catch(() => {})
    return next
  }

  /** Ends a reset (call in its turn); a throwaway device made for it is erased. */
  async function end (): Promise<void> {
    const r = current
    current = undefined
    if (r?.throwaway !== true) return
    await r.node.close().catch(() => {})
    await factory.forget(RESET_DB).catch(() => {})
  }

  return {
    async sweep () { await inTurn(async () => { await factory.forget(RESET_DB) }) },
    async request (name) {
      const account = (name ?? '').trim().toLowerCase()
      if (device.current()?.profile === undefined && account === '') throw new NodeError('BAD_INPUT', 'enter the name of your account')
      const mine = ++generation
      await inTurn(async () => {
        await end()
        const own = device.current()
        if (own?.profile !== undefined) {
          current = { node: own, throwaway: false }
        } else {
          await factory.forget(RESET_DB).catch(() => {})
          const passphrase = btoa(String.fromCharCode(...env.randomBytes(24)))
          current = { node: await factory.open({ dataDir: RESET_DB, passphrase, direct: false, kdfIterations: RESET_KDF_ITERATIONS }), throwaway: true, account: { relayUrl: env.relayUrl, name: account } }
        }
        // Left (or asked again) while this was starting: this one is not wanted any more.
        if (mine !== generation) { await end(); return }
        try {
          await current.node.requestPasswordReset(current.account)
        } catch (err) {
          await end()
          throw err
        }
      })
    },
    async reset (code, newPassword) {
      await inTurn(async () => {
        const r = current
        if (r === undefined) throw new NodeError('BAD_INPUT', 'ask for a code first')
        await r.node.resetPassword(code.trim(), newPassword, r.account)
        await end()
      })
      notice.show('Your password was changed, and every device logged in to the account was logged out. Log in with the new password.')
    },
    async cancel () {
      generation++
      await inTurn(end)
    }
  }
}
