/**
 * Envelopes: the suite-independent frame, the `CryptoSuite` seam and the default functions.
 * `seal`, `open` and `inspectEnvelope` are stateless (suite 1, every key imported per call, as
 * before); a long-lived device uses `createEnvelopes()` so its keys are imported once.
 */
import { hybridRsaAes, type HybridRsaAesInit } from '../suites/hybrid-rsa-aes/index.js'
import { createEd25519 } from '../ed25519.js'
import { Envelopes } from './envelopes.js'
import type { EnvelopeHeaderInfo, OpenOptions, OpenedEnvelope, SealOptions, SealedEnvelope } from './types.js'

export * from './types.js'
export { Envelopes } from './envelopes.js'
export { UnsupportedSuiteError, SuiteRegistry } from './suite.js'
export type { CryptoSuite, EnvelopeFrame, SealHeaderFields, SuiteOpenInput, SuiteOpened, SuiteSealInput, SuiteSealed, SuiteView } from './suite.js'
export { encodeEnvelopeHeader } from './frame.js'

/** Options of `createEnvelopes`. */
export interface EnvelopesInit {
  /** Options of the suite-1 instance it builds (its caches, its Ed25519). */
  hybridRsaAes?: HybridRsaAesInit
}

/** Envelopes over suite 1 with its own key caches and WebCrypto Ed25519 where available. */
export function createEnvelopes (init: EnvelopesInit = {}): Envelopes {
  return new Envelopes([hybridRsaAes(init.hybridRsaAes)])
}

// No caches and the pure-JS Ed25519: nothing here remembers anything between calls.
const stateless = new Envelopes([hybridRsaAes({ publicKeys: false, ed25519: createEd25519({ backend: 'noble', maxSigningKeys: 0, maxVerifyKeys: 0 }) })])

/** Validate an envelope as a relay does (see `Envelopes.inspect`). */
export function inspectEnvelope (bytes: Uint8Array): EnvelopeHeaderInfo {
  return stateless.inspect(bytes)
}

/** Seal with suite 1, importing every key for this call (see `Envelopes.seal`). */
export async function seal (opts: SealOptions): Promise<SealedEnvelope> {
  return await stateless.seal(opts)
}

/** Open an envelope (see `Envelopes.open`). */
export async function open (bytes: Uint8Array, opts: OpenOptions): Promise<OpenedEnvelope> {
  return await stateless.open(bytes, opts)
}
