import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { formatAddress, isValidName } from '@parley/protocol'
import { RelayError } from './errors.js'
import { hashPassword, verifyPassword } from './password.js'
import { KeyedLock } from './keyed-lock.js'
import { Semaphore } from './semaphore.js'
import { RESEND_INTERVAL_MS, SESSION_TTL_MS, UNVERIFIED_ACCOUNT_TTL_MS, VERIFY_CODE_MAX_ATTEMPTS, VERIFY_CODE_TTL_MS } from './constants.js'
import type { RelayDb } from './store.js'
import type { Mailer } from './mailer.js'
import type { Logger } from './logger.js'

/** An account as stored: the password only as a scrypt hash, the code only as an HMAC. */
export interface AccountRecord {
  name: string
  email: string
  passwordHash: string
  verified: boolean
  createdAt: number
  code?: { mac: string, issuedAt: number, expiresAt: number, attempts: number }
}

/** A session as stored, keyed by the SHA-256 of its token: the token itself never touches disk. */
export interface SessionRecord {
  user: string
  /** The account's creation time: a session dies with the account it was opened for, even if the name is taken again. */
  account: number
  peerId: string
  createdAt: number
  expiresAt: number
}

/** What the accounts service needs from the relay. */
export interface AccountsComponents {
  db: RelayDb
  mailer: Mailer
  log: Logger
  relayName: string
  /** Secret for code MACs, kept outside LevelDB. */
  secret: Uint8Array
  now?: () => number
}

/** Registration, email verification, password login and sessions bound to a device's PeerId. */
export class Accounts {
  private readonly accounts
  private readonly sessions
  private readonly lock = new KeyedLock()
  /** scrypt shares libuv's thread pool with LevelDB: two at a time leaves the database room to work. */
  private readonly hashing = new Semaphore(2)
  private readonly now: () => number
  private dummyHash: Promise<string> | undefined

  constructor (private readonly c: AccountsComponents) {
    this.accounts = c.db.json<AccountRecord>('accounts')
    this.sessions = c.db.json<SessionRecord>('sessions')
    this.now = c.now ?? Date.now
  }

  /** Creates an unverified account and mails a verification code. */
  async register (name: string, email: string, password: string): Promise<void> {
    if (!isValidName(name)) throw new RelayError('BAD_REQUEST', 'names are 1-32 characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit')
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RelayError('BAD_REQUEST', 'that email address is not valid')
    const passwordHash = await this.hashing.run(async () => await hashPassword(password))
    await this.lock.run(name, async () => {
      const existing = await this.accounts.get(name)
      // A name held by an account nobody verified for a day is free again, so names cannot be squatted.
      if (existing !== undefined && (existing.verified || existing.createdAt + UNVERIFIED_ACCOUNT_TTL_MS > this.now())) {
        throw new RelayError('NAME_TAKEN', `the name "${name}" is taken; choose another`)
      }
      const { code, record } = this.newCode(name, 0)
      const account: AccountRecord = { name, email, passwordHash, verified: false, createdAt: this.now(), code: record }
      await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: name, value: account }])
      try {
        await this.mailCode(account, code)
      } catch (err: any) {
        // Without the mail the account cannot be verified: undo it so the name can be tried again.
        await this.c.db.commit([existing !== undefined
          ? { type: 'put', sublevel: this.accounts, key: name, value: existing }
          : { type: 'del', sublevel: this.accounts, key: name }])
        this.c.log.error(`verification mail could not be sent: ${err?.code ?? err?.name ?? 'error'}`)
        throw new RelayError('INTERNAL', 'the relay could not send the verification mail; try again later')
      }
    })
  }

  /**
   * Mails a fresh code to an unverified account; silent for unknown or verified names and when
   * the last code is under a minute old. Wrong attempts carry over while the previous code is
   * still valid, so resending does not buy more guesses.
   */
  async resendCode (name: string): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      if (account === undefined || account.verified) return
      const now = this.now()
      const previous = account.code
      if (previous !== undefined && previous.issuedAt + RESEND_INTERVAL_MS > now) return
      const { code, record } = this.newCode(name, 0)
      if (previous !== undefined && previous.expiresAt > now) {
        // Same window as the code it replaces: resending buys neither guesses nor a longer lock.
        record.attempts = previous.attempts
        record.expiresAt = previous.expiresAt
      }
      account.code = record
      await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: name, value: account }])
      await this.mailCode(account, code)
    })
  }

  /** Marks the account verified when the code is right, unexpired and not over its attempt budget. */
  async verify (name: string, code: string): Promise<void> {
    await this.lock.run(name, async () => {
      const account = await this.accounts.get(name)
      const stored = account?.code
      if (account === undefined || stored === undefined || account.verified) {
        throw new RelayError('INVALID_CODE', 'that code is not valid; request a new one')
      }
      const now = this.now()
      if (stored.expiresAt <= now) {
        delete account.code
        await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: name, value: account }])
        throw new RelayError('INVALID_CODE', 'that code has expired; request a new one')
      }
      if (stored.attempts >= VERIFY_CODE_MAX_ATTEMPTS) {
        throw new RelayError('INVALID_CODE', 'too many wrong codes; request a new code once this one expires', stored.expiresAt - now)
      }
      const given = Buffer.from(this.mac(name, code.trim()), 'hex')
      const expected = Buffer.from(stored.mac, 'hex')
      if (!timingSafeEqual(given, expected)) {
        stored.attempts += 1
        await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: name, value: account }])
        throw new RelayError('INVALID_CODE', 'that code is not valid; check the mail or request a new one')
      }
      account.verified = true
      delete account.code
      await this.c.db.commit([{ type: 'put', sublevel: this.accounts, key: name, value: account }])
    })
  }

  /** Checks the password and opens a session bound to `peerId`; one answer for unknown name and wrong password. */
  async login (name: string, password: string, peerId: string): Promise<{ token: Uint8Array, user: string, expiresAt: number }> {
    const account = await this.accounts.get(name)
    if (account === undefined) {
      this.dummyHash ??= hashPassword('parley-timing-equaliser')
      const dummy = await this.dummyHash
      await this.hashing.run(async () => await verifyPassword(password, dummy))
      throw new RelayError('INVALID_CREDENTIALS', 'wrong name or password')
    }
    if (!await this.hashing.run(async () => await verifyPassword(password, account.passwordHash))) throw new RelayError('INVALID_CREDENTIALS', 'wrong name or password')
    const token = new Uint8Array(randomBytes(32))
    const now = this.now()
    const session: SessionRecord = { user: name, account: account.createdAt, peerId, createdAt: now, expiresAt: now + SESSION_TTL_MS }
    await this.c.db.commit([{ type: 'put', sublevel: this.sessions, key: tokenKey(token), value: session }])
    return { token, user: formatAddress(name, this.c.relayName), expiresAt: session.expiresAt }
  }

  /** Resolves a session token presented by `peerId`: it must exist, be unexpired and bound to that peer. */
  async authenticate (token: Uint8Array, peerId: string): Promise<SessionRecord> {
    const session = await this.sessions.get(tokenKey(token))
    const account = session === undefined ? undefined : await this.accounts.get(session.user)
    if (session === undefined || account === undefined || account.createdAt !== session.account || session.expiresAt <= this.now() || session.peerId !== peerId) {
      throw new RelayError('UNAUTHENTICATED', 'the session is not valid for this device; log in again')
    }
    return session
  }

  /** Ends a session. */
  async logout (token: Uint8Array): Promise<void> {
    await this.c.db.commit([{ type: 'del', sublevel: this.sessions, key: tokenKey(token) }])
  }

  /** Deletes expired sessions; returns how many. */
  async sweepSessions (): Promise<number> {
    const now = this.now()
    const ops: any[] = []
    for await (const [key, session] of this.sessions.iterator()) {
      if (session.expiresAt <= now) ops.push({ type: 'del', sublevel: this.sessions, key })
    }
    if (ops.length > 0) await this.c.db.commit(ops)
    return ops.length
  }

  /** Whether `name` is a verified account. */
  async isVerified (name: string): Promise<boolean> {
    return (await this.accounts.get(name))?.verified === true
  }

  /** The account, if it exists. */
  async get (name: string): Promise<AccountRecord | undefined> {
    return await this.accounts.get(name)
  }

  private newCode (name: string, attempts: number): { code: string, record: NonNullable<AccountRecord['code']> } {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0')
    return { code, record: { mac: this.mac(name, code), issuedAt: this.now(), expiresAt: this.now() + VERIFY_CODE_TTL_MS, attempts } }
  }

  private async mailCode (account: AccountRecord, code: string): Promise<void> {
    const address = formatAddress(account.name, this.c.relayName)
    await this.c.mailer.send({
      to: account.email,
      subject: `Your Parley verification code: ${code}`,
      text: `Your verification code for ${address} is ${code}\n\nIt expires in 15 minutes. If you did not ask for it, ignore this mail.\n`
    })
  }

  private mac (name: string, code: string): string {
    return createHmac('sha256', this.c.secret).update(`verify\0${name}\0${code}`).digest('hex')
  }
}

function tokenKey (token: Uint8Array): string {
  return createHash('sha256').update(token).digest('hex')
}
