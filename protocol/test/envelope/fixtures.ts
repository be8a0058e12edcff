/**
 * Shared fixtures of the envelope specs: keys, an independent envelope builder following
 * PROTOCOL.md byte for byte, and the two ways to seal and open (the stateless functions and a
 * long-lived `createEnvelopes()` with its caches and WebCrypto Ed25519), which every spec runs.
 */
import { expect } from 'chai'
import { createEnvelopes, inspectEnvelope, open, seal, type Content, type OpenOptions, type OpenedEnvelope, type RecipientDevice, type SealOptions, type SealedEnvelope, type EnvelopeHeaderInfo } from '../../src/envelope/index.js'
import { concatBytes, fromHex, utf8Encode } from '../../src/bytes.js'
import { ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, PADDING_BLOCK_BYTES } from '../../src/constants.js'
import type { ProtocolErrorCode } from '../../src/errors.js'
import { generateIdentityKey, importRsaPrivateKey, signIdentity, type IdentityKeyPair } from '../../src/keys.js'
import {
  Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader, KeyBlock as PbKeyBlock
} from '../../src/pb/envelope.js'
import { fixedRandom, loadVector, testRsaKey } from '../helpers.js'

interface KeysVector {
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
}

/** A recipient device with its imported private key. */
export interface Device {
  deviceId: string
  rsaPublicKey: Uint8Array
  rsaPrivateKey: CryptoKey
}

/** One way to seal, open and inspect. */
export interface EnvelopeApi {
  name: string
  seal: (opts: SealOptions) => Promise<SealedEnvelope>
  open: (bytes: Uint8Array, opts: OpenOptions) => Promise<OpenedEnvelope>
  inspect: (bytes: Uint8Array) => EnvelopeHeaderInfo
}

const cached = createEnvelopes()
/** Every spec runs over both: they must give the same verdicts on the same bytes. */
export const ENVELOPE_APIS: EnvelopeApi[] = [
  { name: 'stateless seal/open', seal, open, inspect: inspectEnvelope },
  { name: 'createEnvelopes(), caches and WebCrypto Ed25519', seal: async o => await cached.seal(o), open: async (b, o) => await cached.open(b, o), inspect: b => cached.inspect(b) }
]

export const ALICE = 'alice@relay.example.org'
export const BOB = 'bob@relay.example.org'
export const EXPIRES_AT = 1767830400000

/** Codes any corruption of a frame may legitimately produce; never a raw library error. */
export const ANY_REJECTION: ProtocolErrorCode[] = [
  'MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'INVALID_ADDRESS', 'UNSUPPORTED_VERSION', 'UNSUPPORTED_SUITE',
  'NOT_A_RECIPIENT', 'DECRYPT_FAILED', 'BAD_SIGNATURE', 'UNKNOWN_SENDER'
]

export async function aesGcm (op: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, aad: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [op])
  return new Uint8Array(await globalThis.crypto.subtle[op]({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: new Uint8Array(aad) }, k, new Uint8Array(data)))
}

function u32 (n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

export function sigPayload (header: Uint8Array, keys: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(ENVELOPE_SIGNATURE_CONTEXT), u32(header.length), header, u32(keys.length), keys, iv, ciphertext)
}

/**
 * An independent, test-only envelope builder following PROTOCOL.md byte for byte, so content
 * that `seal` refuses to produce (bad kinds, bad senders, foreign signatures) can be tested.
 */
export async function buildEnvelope (opts: {
  plaintext: Uint8Array
  signer: Uint8Array
  devices: Array<{ deviceId: string, rsaPublicKey: Uint8Array }>
  recipient?: string
  contentSize?: number
}): Promise<Uint8Array> {
  const contentKey = fixedRandom('build/key')(32)
  const iv = fixedRandom('build/iv')(12)
  const nonce = fixedRandom('build/nonce')(12)
  const header = PbEnvelopeHeader.encode({
    suite: 1,
    messageId: new Uint8Array(fixedRandom('build/id')(16)),
    recipient: opts.recipient ?? BOB,
    expiresAt: BigInt(EXPIRES_AT),
    contentSize: opts.contentSize ?? opts.plaintext.length + 16
  })
  const wrapped = await Promise.all(opts.devices.map(async d => {
    const pub = await globalThis.crypto.subtle.importKey('spki', new Uint8Array(d.rsaPublicKey), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt'])
    return { deviceId: d.deviceId, wrapped: new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, pub, new Uint8Array(contentKey))) }
  }))
  const keys = PbKeyBlock.encode({ keys: wrapped })
  const ciphertext = await aesGcm('encrypt', contentKey, iv, concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), header, keys), opts.plaintext)
  const signature = signIdentity(opts.signer, sigPayload(header, keys, iv, ciphertext))
  const sealed = concatBytes(nonce, await aesGcm('encrypt', contentKey, nonce, utf8Encode(ENVELOPE_SIGNATURE_CONTEXT), signature))
  return PbEnvelope.encode({
    version: 1, header, keys, iv: new Uint8Array(iv), ciphertext: new Uint8Array(ciphertext), sealedSignature: new Uint8Array(sealed)
  })
}

/** Zero-pad an encoded Content to a multiple of 256 bytes the way seal does (via the padding field). */
export function padded (content: Partial<PbContent>): Uint8Array {
  for (let n = 1; ; n++) {
    const bytes = PbContent.encode({ ...content, padding: new Uint8Array(n) })
    if (bytes.length % PADDING_BLOCK_BYTES === 0) return bytes
  }
}


/** recipients(d...) as `seal` wants them. */
export const recipients = (...ds: Device[]): RecipientDevice[] => ds.map(d => ({ deviceId: d.deviceId, rsaPublicKey: d.rsaPublicKey }))

/** The keys and content every envelope spec uses, filled in by a `before` hook. */
export interface World {
  vectorKeys: KeysVector
  alice: IdentityKeyPair
  mallory: IdentityKeyPair
  laptop: Device
  phone: Device
  tablet: Device
  strangerKey: CryptoKey
  content: Content
  resolve: OpenOptions['resolveIdentityKey']
  sealTo: (devices: Device[], patch?: Partial<SealOptions>) => Promise<Uint8Array>
  openAs: (d: Device, bytes: Uint8Array, patch?: Partial<OpenOptions>) => Promise<OpenedEnvelope>
}

/** Register a `before` hook building the world for `api`; its fields are set once the hook ran. */
export function useWorld (api: EnvelopeApi): World {
  const w = { vectorKeys: loadVector<KeysVector>('keys.json') } as World
  const device = async (deviceId: string, spki: Uint8Array, pkcs8: Uint8Array): Promise<Device> =>
    ({ deviceId, rsaPublicKey: spki, rsaPrivateKey: await importRsaPrivateKey(pkcs8) })
  w.sealTo = async (devices, patch = {}) => (await api.seal({
    recipient: BOB, devices: recipients(...devices), content: w.content, identityPrivateKey: w.alice.privateKey, expiresAt: EXPIRES_AT, ...patch
  })).bytes
  w.openAs = async (d, bytes, patch = {}) => await api.open(bytes, { deviceId: d.deviceId, rsaPrivateKey: d.rsaPrivateKey, resolveIdentityKey: w.resolve, ...patch })
  before(async function () {
    this.timeout(60000)
    w.alice = generateIdentityKey()
    w.mallory = generateIdentityKey()
    const bob = w.vectorKeys.devices.bobLaptop!
    const other = w.vectorKeys.devices.alicePhone!
    const [k1, k2] = await Promise.all([testRsaKey('bobPhone'), testRsaKey('bobTablet')])
    w.laptop = await device('12D3KooWBobLaptop', fromHex(bob.rsaSpki), fromHex(bob.rsaPkcs8))
    w.phone = await device('12D3KooWBobPhone', k1.publicKey, k1.privateKey)
    w.tablet = await device('12D3KooWBobTablet', k2.publicKey, k2.privateKey)
    w.strangerKey = await importRsaPrivateKey(fromHex(other.rsaPkcs8))
    w.content = {
      sender: ALICE,
      senderDevice: '12D3KooWAlicePhone',
      senderIdentityKey: w.alice.publicKey,
      sentAt: 1767225600123,
      conversation: 'direct:alice:bob',
      kind: 'text',
      body: utf8Encode('Hello Bob!')
    }
    const known = new Map([[ALICE, w.alice.publicKey], ['mallory@relay.example.org', w.mallory.publicKey]])
    w.resolve = async sender => known.get(sender)
    expect(w.content.kind).to.equal('text')
  })
  return w
}
