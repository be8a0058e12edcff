/**
 * Shared fixtures for the relay specs: temp LevelDB folders, real suite-1 envelopes, an accounts
 * service with its parts, TOTP codes and error assertions. Keys are generated once per process
 * (RSA-3072 generation takes ~1 s).
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import * as OTPAuth from 'otpauth'
import {
  generateDeviceRsaKey, generateIdentityKey, seal,
  type DeviceRsaKeyPair, type IdentityKeyPair, type SealedEnvelope
} from '@parley/protocol'
import { RelayError } from '../src/errors.js'
import { RelayDb } from '../src/store.js'
import { Accounts, type AccountLimits, type AccountsComponents } from '../src/accounts.js'
import { RateLimiter } from '../src/rate-limiter.js'
import { Sessions } from '../src/sessions.js'
import { Metrics } from '../src/metrics.js'
import { deriveRelayKeys } from '../src/relay-keys.js'
import { createLogger } from '../src/logger.js'
import type { Mailer, OutgoingMail } from '../src/mailer.js'
import type { RelayErrorCode } from '@parley/protocol'

/** A fresh empty folder under the OS temp dir. */
export async function makeTempDir (label: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), `parley-relay-${label}-`))
}

/** Removes a folder made by makeTempDir. */
export async function removeTempDir (dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}

/** Opens a RelayDb in `dir`. */
export async function openDb (dir: string): Promise<RelayDb> {
  const db = new RelayDb(dir)
  await db.open()
  return db
}

/** Awaits `run` and asserts it rejects with a RelayError of `code`; returns the error. */
type BatchFn = (ops: any[], options: any) => Promise<void>

/**
 * Replaces the database's own batch (abstract-level's `_batch`, which every commit of a RelayDb
 * reaches, on either of its paths) with `wrap(original)`, so a test can count, hold or fail real
 * synced batches. The operations it sees are the root database's: prefixed keys, encoded values.
 */
export function wrapBatches (db: RelayDb, wrap: (original: BatchFn) => BatchFn): void {
  const level = db.level as unknown as { _batch: BatchFn }
  const original = level._batch.bind(db.level)
  level._batch = wrap(original)
}

export async function expectRelayError (run: () => Promise<unknown>, code: RelayErrorCode): Promise<RelayError> {
  let caught: unknown
  try {
    await run()
  } catch (err) {
    caught = err
  }
  expect(caught, `expected RelayError ${code}, but it resolved`).to.not.equal(undefined)
  expect((caught as Error).name, `expected RelayError ${code}, got ${String(caught)}`).to.equal('RelayError')
  expect(caught).to.be.instanceOf(RelayError)
  expect((caught as RelayError).code, (caught as Error).message).to.equal(code)
  return caught as RelayError
}

/** Keys shared by every spec: one identity (sender) and one RSA device key. */
export interface Keys { identity: IdentityKeyPair, otherIdentity: IdentityKeyPair, rsa: DeviceRsaKeyPair }

let keys: Promise<Keys> | undefined

/** The process-wide test keys, generated on first use. */
export async function testKeys (): Promise<Keys> {
  keys ??= generateDeviceRsaKey().then(rsa => ({ identity: generateIdentityKey(), otherIdentity: generateIdentityKey(), rsa }))
  return await keys
}

/** Options for sealEnvelope. */
export interface EnvelopeOptions {
  recipient?: string
  devices?: string[]
  expiresAt?: number
  bodyBytes?: number
  messageId?: Uint8Array
}

/** A real suite-1 envelope from alice@relay.test to `recipient` (bob@relay.test by default). */
export async function sealEnvelope (k: Keys, opts: EnvelopeOptions = {}): Promise<SealedEnvelope> {
  return await seal({
    recipient: opts.recipient ?? 'bob@relay.test',
    devices: (opts.devices ?? ['bob-phone']).map(deviceId => ({ deviceId, rsaPublicKey: k.rsa.publicKey })),
    content: {
      sender: 'alice@relay.test',
      senderDevice: 'alice-laptop',
      senderIdentityKey: k.identity.publicKey,
      sentAt: 1_700_000_000_000,
      conversation: 'bob@relay.test',
      kind: 'text',
      body: new Uint8Array(opts.bodyBytes ?? 10).fill(0x61)
    },
    identityPrivateKey: k.identity.privateKey,
    expiresAt: opts.expiresAt ?? Date.now() + 24 * 60 * 60 * 1000,
    ...(opts.messageId !== undefined ? { messageId: opts.messageId } : {})
  })
}

/** A Mailer that keeps what it would have sent: a stand-in for the mail transport only. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = []
  async send (mail: OutgoingMail): Promise<void> { this.sent.push(mail) }
  close (): void {}

  /** The mails sent to `to`, oldest first. */
  to (to: string): OutgoingMail[] {
    return this.sent.filter(m => m.to === to)
  }

  /** The code in the last mail to `to`; its subject and body must carry the same 6 digits. */
  codeFor (to: string): string {
    const mail = this.to(to).at(-1)
    expect(mail, `no mail was sent to ${to}`).to.not.equal(undefined)
    const inSubject = /\b(\d{6})\b/.exec(mail?.subject ?? '')?.[1]
    const inText = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1]
    expect(inSubject, 'the subject carries no 6-digit code').to.match(/^\d{6}$/)
    expect(inText).to.equal(inSubject)
    return inSubject as string
  }
}

/** An accounts service on `db` with the parts tests look into. */
export interface AccountsFixture {
  accounts: Accounts
  sessions: Sessions
  limiter: RateLimiter
  metrics: Metrics
  mailer: RecordingMailer
  /** What `accounts` was built from, to build another one on the same state. */
  components: AccountsComponents
}

/** Builds Accounts on `db` with a recording mailer, fresh limiter, sessions and metrics, all on one clock. */
export function makeAccounts (db: RelayDb, opts: { now?: () => number, limits?: Partial<AccountLimits>, secret?: Uint8Array, relayName?: string } = {}): AccountsFixture {
  const now = opts.now ?? Date.now
  const mailer = new RecordingMailer()
  const limiter = new RateLimiter(db, now)
  const sessions = new Sessions(db, now)
  const metrics = new Metrics()
  const components: AccountsComponents = {
    db,
    mailer,
    log: createLogger('test', 'silent'),
    relayName: opts.relayName ?? 'relay.test',
    keys: deriveRelayKeys(opts.secret ?? new Uint8Array(randomBytes(32))),
    limiter,
    sessions,
    metrics,
    now,
    ...(opts.limits !== undefined ? { limits: opts.limits } : {})
  }
  return { accounts: new Accounts(components), sessions, limiter, metrics, mailer, components }
}

/** The RFC 6238 code an authenticator app shows at `timestamp` for a base32 `secret` (30 s, 6 digits, SHA-1). */
export function totpAt (secret: string, timestamp: number): string {
  return OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1', timestamp })
}

/** `promise`, or a rejection saying `what` if it has not settled within `ms` (the timer is cleared either way). */
export async function within<T> (ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(what)) }, ms) })])
  } finally {
    clearTimeout(timer)
  }
}
