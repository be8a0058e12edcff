import { NodeError } from '@parley/node'
import type { ClientEnvironment, ClientNode, Device, KeylessClient } from './device.js'
import type { NoticeStore } from './notice-store.js'

/**
 * The IndexedDB database earlier versions made for a throwaway device during a password reset
 * from an empty browser; a reset needs no device now, and `sweep` erases one a visit left behind.
 */
export const RESET_DB = 'parley-password-reset'

/** A forgotten account password: a mailed code, then a new password. */
export interface PasswordResetStore {
  /** Erases a throwaway device an unfinished reset of an earlier version left behind. */
  sweep: () => Promise<void>
  /** Asks for a code: for this device's account, or for `name` when this browser holds no account yet. */
  request: (name?: string) => Promise<void>
  /** Sets a new password with the mailed code; every session of the account ends. */
  reset: (code: string, newPassword: string) => Promise<void>
  /** Leaves a reset without finishing it (also one still starting). */
  cancel: () => Promise<void>
}

/** A reset under way: through this device's own node, or a keyless client for an account named here. */
type Reset =
  | { via: 'device', node: ClientNode }
  | { via: 'keyless', client: KeylessClient, name: string }

/** The password reset store beside `deps.device`. */
export function createPasswordResetStore (deps: { device: Device, env: ClientEnvironment, notice: NoticeStore }): PasswordResetStore {
  const { device, env, notice } = deps
  const factory = device.factory
  let current: Reset | undefined
  /** Reset steps run one after another; a cancel moves the generation on. */
  let turn: Promise<unknown> = Promise.resolve()
  let generation = 0
  function inTurn<T> (work: () => Promise<T>): Promise<T> {
    const next = turn.then(work, work)
    turn = next.catch(() => {})
    return next
  }

  /** Ends a reset (call in its turn); a keyless client made for it is closed, its key gone with it. */
  async function end (): Promise<void> {
    const r = current
    current = undefined
    if (r?.via === 'keyless') await r.client.close().catch(() => {})
  }

  return {
    async sweep () {
      await inTurn(async () => { if (await factory.exists(RESET_DB)) await factory.forget(RESET_DB) })
    },
    async request (name) {
      const account = (name ?? '').trim().toLowerCase()
      if (device.current()?.profile === undefined && account === '') throw new NodeError('BAD_INPUT', 'enter the name of your account')
      const mine = ++generation
      await inTurn(async () => {
        await end()
        const own = device.current()
        // No account in this browser: no device is made for the reset, nothing is stored.
        current = own?.profile !== undefined
          ? { via: 'device', node: own }
          : { via: 'keyless', client: await factory.keyless(env.relayUrl), name: account }
        // Left (or asked again) while this was starting: this one is not wanted any more.
        if (mine !== generation) { await end(); return }
        try {
          if (current.via === 'device') await current.node.requestPasswordReset()
          else await current.client.requestPasswordReset(current.name)
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
        if (r.via === 'device') await r.node.resetPassword(code.trim(), newPassword)
        else await r.client.resetPassword(r.name, code.trim(), newPassword)
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
