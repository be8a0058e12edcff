import { expect } from 'chai'
import { Accounts, type Caller } from '../src/accounts.js'
import { RateLimiter, type BucketSpec, type Reservation } from '../src/rate-limiter.js'
import type { RelayDb } from '../src/store.js'
import type { KeyedLock } from '../src/keyed-lock.js'
import { expectRelayError, makeAccounts, makeTempDir, openDb, removeTempDir, type AccountsFixture } from './helpers.js'

const PASSWORD = 'the old and once secret passphrase'
const NEW_PASSWORD = 'a fresh passphrase after the reset'
const phone = (name: string): Caller => ({ peerId: `12D3KooW-${name}-phone`, ip: '10.1.0.1' })

/** A pause in a login: where it stopped, and how to let it go on. */
interface Pause { reached: Promise<void>, release: () => void }

/**
 * A rate limiter that stops the next call of `method` for password buckets until released: the
 * way to put another request exactly between two steps of a login.
 */
class PausingLimiter extends RateLimiter {
  private pending: { method: 'attempt' | 'clear', reached: () => void, gate: Promise<void> } | undefined

  pauseNext (method: 'attempt' | 'clear'): Pause {
    let reached!: () => void
    let release!: () => void
    const reachedP = new Promise<void>(resolve => { reached = resolve })
    const gate = new Promise<void>(resolve => { release = resolve })
    this.pending = { method, reached, gate }
    return { reached: reachedP, release }
  }

  override async attempt (buckets: BucketSpec[]): Promise<Reservation> {
    const reservation = await super.attempt(buckets)
    if (buckets.some(b => b.key.startsWith('password:'))) await this.hold('attempt')
    return reservation
  }

  override async clear (reservation: Reservation): Promise<void> {
    if (reservation.keys.some(k => k.startsWith('password:'))) await this.hold('clear')
    await super.clear(reservation)
  }

  private async hold (method: 'attempt' | 'clear'): Promise<void> {
    const p = this.pending
    if (p?.method !== method) return
    this.pending = undefined
    p.reached()
    await p.gate
  }
}

/** Settles when a call for `key` has to wait for the accounts lock because another call holds it. */
async function watchLock (accounts: Accounts, key: string): Promise<void> {
  // The per-account lock every flow shares sits in the facade's core.
  const lock = (accounts as unknown as { core: { lock: KeyedLock } }).core.lock
  const tails = (lock as unknown as { tails: Map<string, unknown> }).tails
  const run = lock.run.bind(lock)
  await new Promise<void>(resolve => {
    lock.run = async <T>(k: string, fn: () => Promise<T>): Promise<T> => {
      if (k === key && tails.has(key)) resolve()
      return await run(k, fn)
    }
  })
}

describe('Accounts: a login racing a password reset or a deletion', function () {
  this.timeout(30_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  let limiter: PausingLimiter
  let accounts: Accounts

  before(async () => {
    dir = await makeTempDir('login-race')
    db = await openDb(dir)
    f = makeAccounts(db)
    limiter = new PausingLimiter(db)
    accounts = new Accounts({ ...f.components, limiter })
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  async function verified (name: string): Promise<void> {
    await accounts.register(name, `${name}@mail.test`, PASSWORD, phone(name))
    await accounts.verify(name, f.mailer.codeFor(`${name}@mail.test`), phone(name))
  }

  it('issues no session to a login that checked the old password before a reset took the lock', async () => {
    await verified('rita')
    await accounts.requestPasswordReset('rita')
    const code = f.mailer.codeFor('rita@mail.test')
    // The login has read the account (old hash) and is about to check the password.
    const pause = limiter.pauseNext('attempt')
    const login = accounts.login('rita', PASSWORD, undefined, phone('rita')).then(s => s, (err: unknown) => err)
    await pause.reached
    await accounts.resetPassword('rita', code, NEW_PASSWORD, phone('rita'))
    pause.release()
    const outcome = await login
    expect(outcome, 'the old password logged in after the reset').to.be.instanceOf(Error)
    expect((outcome as { code?: string }).code).to.equal('INVALID_CREDENTIALS')
    expect(await f.sessions.list('rita')).to.have.length(0)
    // The new password works.
    await accounts.login('rita', NEW_PASSWORD, undefined, phone('rita'))
  })

  it('leaves no live session from a login that had passed its checks when the account was deleted', async () => {
    await verified('dora')
    // The login has checked password and account and is about to open its session.
    const pause = limiter.pauseNext('clear')
    const login = accounts.login('dora', PASSWORD, undefined, phone('dora')).then(s => s, (err: unknown) => err)
    await pause.reached
    // The deletion runs as far as it can: to its end, or until it waits for a lock the paused login holds.
    const blocked = watchLock(accounts, 'dora')
    const deletion = accounts.deleteAccount('dora', PASSWORD, undefined, phone('dora'))
    await Promise.race([deletion, blocked])
    pause.release()
    await deletion
    const outcome = await login
    expect(await f.sessions.list('dora'), 'a session outlived the deletion').to.have.length(0)
    if (!(outcome instanceof Error)) {
      await expectRelayError(async () => { await accounts.authenticate((outcome as { token: Uint8Array }).token, phone('dora').peerId) }, 'UNAUTHENTICATED')
    }
  })

  it('refuses a deletion with the old password that a reset overtook', async () => {
    await verified('nora')
    await accounts.requestPasswordReset('nora')
    const code = f.mailer.codeFor('nora@mail.test')
    const pause = limiter.pauseNext('attempt')
    const deletion = accounts.deleteAccount('nora', PASSWORD, undefined, phone('nora')).then(() => undefined, (err: unknown) => err)
    await pause.reached
    await accounts.resetPassword('nora', code, NEW_PASSWORD, phone('nora'))
    pause.release()
    expect((await deletion as { code?: string } | undefined)?.code).to.equal('INVALID_CREDENTIALS')
    expect(await accounts.get('nora')).to.not.equal(undefined)
  })
})
