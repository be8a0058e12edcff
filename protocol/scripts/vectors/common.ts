/** Fixed keys, seeds and small helpers shared by the vector makers. */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generateDeviceRsaKey, identityPublicKey } from '../../src/keys.js'
import { concatBytes, fromHex, toHex } from '../../src/bytes.js'
import { ProtocolError } from '../../src/errors.js'

export const dir = fileURLToPath(new URL('../../test/vectors/', import.meta.url))

// Fixed Ed25519 seeds: the secret keys of RFC 8032 §7.1 TEST 1 and TEST 2, so the public keys
// in keys.json can be checked against the RFC.
export const ALICE_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
export const MALLORY_SEED = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')
// RFC 8032 §7.1 TEST 3: bob's identity, for safety numbers.
export const BOB_SEED = fromHex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7')
export const ALICE = { address: 'alice@relay.example.org', device: '12D3KooWAlicePhoneExamplePeerIdString0000000000000000' }
export const BOB = { address: 'bob@relay.example.org', device: '12D3KooWBobLaptopExamplePeerIdString00000000000000000' }

export interface KeysFile {
  identities: Record<string, { seed: string, publicKey: string }>
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
  rsa2048Spki: string
}

export async function rsa2048Spki (): Promise<string> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true, ['encrypt', 'decrypt'])
  return toHex(new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey)))
}

export async function loadOrMakeKeys (): Promise<KeysFile> {
  const path = `${dir}keys.json`
  if (existsSync(path)) {
    const keys = JSON.parse(readFileSync(path, 'utf8')) as KeysFile
    keys.identities.bob ??= { seed: toHex(BOB_SEED), publicKey: toHex(identityPublicKey(BOB_SEED)) }
    return keys
  }
  const [alicePhone, bobLaptop] = await Promise.all([generateDeviceRsaKey(), generateDeviceRsaKey()])
  return {
    identities: {
      alice: { seed: toHex(ALICE_SEED), publicKey: toHex(identityPublicKey(ALICE_SEED)) },
      mallory: { seed: toHex(MALLORY_SEED), publicKey: toHex(identityPublicKey(MALLORY_SEED)) },
      bob: { seed: toHex(BOB_SEED), publicKey: toHex(identityPublicKey(BOB_SEED)) }
    },
    devices: {
      alicePhone: { deviceId: ALICE.device, rsaSpki: toHex(alicePhone.publicKey), rsaPkcs8: toHex(alicePhone.privateKey) },
      bobLaptop: { deviceId: BOB.device, rsaSpki: toHex(bobLaptop.publicKey), rsaPkcs8: toHex(bobLaptop.privateKey) }
    },
    rsa2048Spki: await rsa2048Spki()
  }
}

export async function errorCode (run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (err) {
    if (err instanceof ProtocolError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}


export function u32 (n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}


export function codeOf (run: () => unknown): string {
  try {
    run()
  } catch (err) {
    if (err instanceof ProtocolError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

export const ID_A = fromHex('000102030405060708090a0b0c0d0e0f')
export const ID_B = fromHex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')
export const bytes = (...parts: Array<number[] | Uint8Array>): Uint8Array => concatBytes(...parts.map(p => new Uint8Array(p)))
export const idField = (id: Uint8Array): Uint8Array => bytes([0x12, 0x10], id)

export function hexify (value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(hexify)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hexify(v)]))
  return value
}


/** The parts of envelope.json the other vectors reuse. */
export interface EnvelopeParts { intermediates: Record<string, string>, envelope: string, sealInput: { content: { sender: string, senderDevice: string, sentAt: number, conversation: string, body: string } } }
