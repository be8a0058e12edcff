/**
 * Shared fixtures for the relay specs: temp LevelDB folders, real suite-1 envelopes and error
 * assertions. Keys are generated once per process (RSA-3072 generation takes ~1 s).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import {
  generateDeviceRsaKey, generateIdentityKey, seal,
  type DeviceRsaKeyPair, type IdentityKeyPair, type SealedEnvelope
} from '@parley/protocol'
import { RelayError } from '../src/errors.js'
import { RelayDb } from '../src/store.js'
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
