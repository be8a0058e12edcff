/**
 * @parley/protocol: wire formats, protocol ids, crypto suites, addresses and validation.
 * Pure: no I/O; runs in Node and browsers.
 */
// protons-runtime's uint64 writer mended before any codec runs (see protons-fix.ts).
import './protons-fix.js'
export * from './errors.js'
export * from './constants.js'
export * from './address.js'
export * from './bytes.js'
export * from './keys.js'
export * from './bundle.js'
export * from './envelope/index.js'
export * from './suites/hybrid-rsa-aes/index.js'
export * from './kinds/index.js'
export * from './ed25519.js'
export * from './lru.js'
export * from './rpc.js'
export * from './safety-number.js'
export * from './receipt.js'
export * from './text.js'
export * from './length-prefix.js'
export * from './direct.js'
export * from './frame-deadline.js'
export * from './groups/index.js'
export * from './attachments/index.js'
export * from './blob.js'
export * from './paced-reads.js'
