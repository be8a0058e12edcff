/**
 * The accounts specs' shared setup: a database and accounts service on a test clock, with the
 * users the specs work on registered up front (scrypt costs ~0.15-0.3 s per hash, so once per file).
 */
import type { AccountLimits, Caller } from '../../src/accounts.js'
import type { RelayDb } from '../../src/store.js'
import { makeAccounts, makeTempDir, openDb, removeTempDir, totpAt, type AccountsFixture } from '../helpers.js'

/** The password every test account is made with. */
export const PASSWORD = 'a long and secret passphrase'
/** One hour in ms. */
export const HOUR = 60 * 60 * 1000
/** One day in ms. */
export const DAY = 24 * HOUR
/** One TOTP time step in ms. */
export const STEP = 30_000

/** A 6-digit code that is not `code`. */
export function wrongCode (code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0')
}

const ips = new Map<string, string>()
/** Device `device` of user `name`; each user connects from an address of their own. */
export function caller (name: string, device = 'phone'): Caller {
  if (!ips.has(name)) ips.set(name, `10.0.${ips.size >> 8}.${ips.size & 255}`)
  return { peerId: `12D3KooW-${name}-${device}`, ip: ips.get(name) as string }
}

/** The mail address of user `name`. */
export const email = (name: string): string => `${name}@mail.test`

/** Users registered before each spec file, unverified and verified. */
const UNVERIFIED = ['ann', 'ben', 'cat', 'dan', 'dot', 'eve', 'fay']
const VERIFIED = ['gus', 'tia', 'una', 'rex', 'sue', 'del', 'dee', 'lou']

/** The state a spec file works on; `clock` is the test clock, put back to `start` after each test. */
export class AccountsHarness {
  readonly start = Date.UTC(2030, 0, 1)
  clock = this.start
  readonly now = (): number => this.clock
  private readonly opened: Array<{ db: RelayDb, dir: string }> = []
  dir!: string
  db!: RelayDb
  f!: AccountsFixture
  accounts!: AccountsFixture['accounts']
  mailer!: AccountsFixture['mailer']

  /** Registers the set-up and clean-up hooks in the calling `describe`. */
  static use (): AccountsHarness {
    const h = new AccountsHarness()
    before(async () => { await h.setUp() })
    after(async () => { await h.tearDown() })
    afterEach(() => { h.clock = h.start })
    return h
  }

  /** A fresh database and accounts service on the test clock. */
  async fixture (label: string, limits?: Partial<AccountLimits>): Promise<AccountsFixture & { db: RelayDb, dir: string }> {
    const d = await makeTempDir(label)
    const database = await openDb(d)
    this.opened.push({ db: database, dir: d })
    return { ...makeAccounts(database, { now: this.now, ...(limits !== undefined ? { limits } : {}) }), db: database, dir: d }
  }

  /** Registers `names` at once (each from its own phone) and verifies them with the mailed codes. */
  async registerVerified (fx: AccountsFixture, names: string[]): Promise<void> {
    await Promise.all(names.map(async n => { await fx.accounts.register(n, email(n), PASSWORD, caller(n)) }))
    await Promise.all(names.map(async n => { await fx.accounts.verify(n, fx.mailer.codeFor(email(n)), caller(n)) }))
  }

  /** Turns TOTP on for `name`; returns the secret and the recovery codes. */
  async enableTotp (fx: AccountsFixture, name: string): Promise<{ secret: string, codes: string[] }> {
    const { secret } = await fx.accounts.enrolTotp(name)
    const codes = await fx.accounts.confirmTotp(name, totpAt(secret, this.clock), caller(name))
    return { secret, codes }
  }

  private async setUp (): Promise<void> {
    const main = await this.fixture('accounts')
    this.db = main.db
    this.dir = main.dir
    this.f = main
    this.accounts = main.accounts
    this.mailer = main.mailer
    await Promise.all(UNVERIFIED.map(async n => { await this.accounts.register(n, email(n), PASSWORD, caller(n)) }))
    await this.registerVerified(this.f, VERIFIED)
  }

  private async tearDown (): Promise<void> {
    for (const o of this.opened) {
      await o.db.close()
      await removeTempDir(o.dir)
    }
  }
}
