/**
 * Writes protocol/test/vectors/*.json, the fixed test vectors a second implementation of the
 * Parley protocol can check itself against. Run once from the repo root:
 *
 *   npx tsx protocol/scripts/make-vectors.ts
 *
 * Identity keys come from fixed seeds and all envelope randomness from a fixed stream, but RSA
 * key generation and RSA-OAEP wrapping are randomized inside WebCrypto: the RSA keys are kept in
 * keys.json and reused on later runs, while the envelope bytes change on every run. Vectors can
 * therefore only pin the `open` direction of envelopes; bundles are reproduced byte for byte.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generateDeviceRsaKey, identityPublicKey, signIdentity } from '../src/keys.js'
import { signBundle, verifyBundle } from '../src/bundle.js'
import { open, seal, type Content } from '../src/envelope.js'
import { parseAddress, isValidAddress } from '../src/address.js'
import { concatBytes, fromHex, toHex, utf8Encode } from '../src/bytes.js'
import { ProtocolError } from '../src/errors.js'
import {
  BUNDLE_SIGNATURE_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, IV_BYTES, PADDING_BLOCK_BYTES
} from '../src/constants.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from '../src/pb/bundle.js'
import { Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader } from '../src/pb/envelope.js'
import { fixedRandom, signInnerBundle } from '../test/helpers.js'

const dir = fileURLToPath(new URL('../test/vectors/', import.meta.url))

// Fixed Ed25519 seeds: the secret keys of RFC 8032 §7.1 TEST 1 and TEST 2, so the public keys
// in keys.json can be checked against the RFC.
const ALICE_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
const MALLORY_SEED = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')
const ALICE = { address: 'alice@relay.example.org', device: '12D3KooWAlicePhoneExamplePeerIdString0000000000000000' }
const BOB = { address: 'bob@relay.example.org', device: '12D3KooWBobLaptopExamplePeerIdString00000000000000000' }

interface KeysFile {
  identities: Record<string, { seed: string, publicKey: string }>
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
  rsa2048Spki: string
}

async function rsa2048Spki (): Promise<string> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true, ['encrypt', 'decrypt'])
  return toHex(new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey)))
}

async function loadOrMakeKeys (): Promise<KeysFile> {
  const path = `${dir}keys.json`
  if (existsSync(path)) {
    return JSON.parse(readFileSync(path, 'utf8')) as KeysFile
  }
  const [alicePhone, bobLaptop] = await Promise.all([generateDeviceRsaKey(), generateDeviceRsaKey()])
  return {
    identities: {
      alice: { seed: toHex(ALICE_SEED), publicKey: toHex(identityPublicKey(ALICE_SEED)) },
      mallory: { seed: toHex(MALLORY_SEED), publicKey: toHex(identityPublicKey(MALLORY_SEED)) }
    },
    devices: {
      alicePhone: { deviceId: ALICE.device, rsaSpki: toHex(alicePhone.publicKey), rsaPkcs8: toHex(alicePhone.privateKey) },
      bobLaptop: { deviceId: BOB.device, rsaSpki: toHex(bobLaptop.publicKey), rsaPkcs8: toHex(bobLaptop.privateKey) }
    },
    rsa2048Spki: await rsa2048Spki()
  }
}

async function errorCode (run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (err) {
    if (err instanceof ProtocolError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

async function makeBundleVector (keys: KeysFile): Promise<unknown> {
  const rsaPublicKey = fromHex(keys.devices.alicePhone!.rsaSpki)
  const input = {
    user: ALICE.address,
    identityKey: identityPublicKey(ALICE_SEED),
    peerId: ALICE.device,
    rsaPublicKey,
    createdAt: 1767225600000 // 2026-01-01T00:00:00Z
  }
  const signed = signBundle(input, ALICE_SEED)
  const outer = PbSignedBundle.decode(signed)
  const decoded = await verifyBundle(signed, { expectedUser: ALICE.address, expectedIdentityKey: input.identityKey })
  const innerFields = {
    version: 1,
    user: input.user,
    identityKey: new Uint8Array(input.identityKey),
    peerId: input.peerId,
    rsaPublicKey: new Uint8Array(rsaPublicKey),
    createdAt: BigInt(input.createdAt)
  }

  const rejections: Array<{ description: string, signedBundle: string, error: string }> = []
  const add = async (description: string, bytes: Uint8Array): Promise<void> => {
    rejections.push({ description, signedBundle: toHex(bytes), error: await errorCode(async () => await verifyBundle(bytes)) })
  }
  const flipped = signed.slice()
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 0x01
  await add('last signature byte flipped', flipped)
  await add('cut one byte short', signed.subarray(0, signed.length - 1))
  await add('version 2, validly signed', signInnerBundle(PbDeviceBundle.encode({ ...innerFields, version: 2 }), ALICE_SEED))
  await add('claims alice\'s identity key, signed by mallory', signInnerBundle(PbDeviceBundle.encode(innerFields), MALLORY_SEED))
  await add('user not in canonical lowercase form, validly signed',
    signInnerBundle(PbDeviceBundle.encode({ ...innerFields, user: 'Alice@relay.example.org' }), ALICE_SEED))
  await add('2048-bit RSA key, validly signed',
    signInnerBundle(PbDeviceBundle.encode({ ...innerFields, rsaPublicKey: new Uint8Array(fromHex(keys.rsa2048Spki)) }), ALICE_SEED))
  await add('unknown field 15 appended to the signed bundle', concatBytes(signed, new Uint8Array([0x78, 0x01])))

  return {
    description: 'Device bundle signed by alice\'s identity key (keys.json: identities.alice, devices.alicePhone). ' +
      'signBundle(input, alice seed) must give exactly signedBundle; verifyBundle(signedBundle) must give expected.',
    signatureContextHex: toHex(utf8Encode(BUNDLE_SIGNATURE_CONTEXT)),
    input: { ...input, identityKey: toHex(input.identityKey), rsaPublicKey: toHex(rsaPublicKey), identitySeed: toHex(ALICE_SEED) },
    bundle: toHex(outer.bundle),
    signature: toHex(outer.signature),
    signedBundle: toHex(signed),
    expected: { ...decoded, identityKey: toHex(decoded.identityKey), rsaPublicKey: toHex(decoded.rsaPublicKey) },
    rejections
  }
}

async function makeEnvelopeVector (keys: KeysFile): Promise<unknown> {
  const bob = keys.devices.bobLaptop!
  const aliceKey = identityPublicKey(ALICE_SEED)
  const content: Content = {
    sender: ALICE.address,
    senderDevice: ALICE.device,
    senderIdentityKey: aliceKey,
    sentAt: 1767225600123,
    conversation: 'direct:alice@relay.example.org:bob@relay.example.org',
    kind: 'text',
    body: utf8Encode('Hello Bob! 🌱')
  }
  const messageId = fromHex('000102030405060708090a0b0c0d0e0f')
  const streamLabel = 'parley/test-vectors/envelope'
  // Draws, in seal's order: content key (32), iv (12), signature nonce (12).
  const peek = fixedRandom(streamLabel)
  const contentKey = peek(32)
  const iv = peek(IV_BYTES)
  const sigNonce = peek(IV_BYTES)
  const expiresAt = 1767830400000 // 2026-01-08T00:00:00Z

  const sealed = await seal({
    recipient: BOB.address,
    devices: [{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }],
    content,
    identityPrivateKey: ALICE_SEED,
    expiresAt,
    messageId,
    random: fixedRandom(streamLabel)
  })
  const env = PbEnvelope.decode(sealed.bytes)
  const resolve = async (sender: string): Promise<Uint8Array | undefined> => sender === ALICE.address ? aliceKey : undefined
  const openOpts = { deviceId: bob.deviceId, rsaPrivateKey: fromHex(bob.rsaPkcs8), resolveIdentityKey: resolve, now: expiresAt - 1 }
  const opened = await open(sealed.bytes, openOpts)

  // Recover the plaintext and signature with the known content key, for the intermediates.
  const aes = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(contentKey), 'AES-GCM', false, ['encrypt', 'decrypt'])
  const aad = concatBytes(utf8Encode('parley/envelope/v1\0'), env.header, env.keys)
  const plaintext = new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: aad }, aes, env.ciphertext))
  const signature = new Uint8Array(await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: new Uint8Array(sigNonce), additionalData: utf8Encode(ENVELOPE_SIGNATURE_CONTEXT) },
    aes, env.sealedSignature.subarray(IV_BYTES)))
  if (plaintext.length % PADDING_BLOCK_BYTES !== 0) throw new Error('vector plaintext is not padded')

  const rejections: Array<{ description: string, envelope: string, error: string }> = []
  const add = async (description: string, bytes: Uint8Array): Promise<void> => {
    rejections.push({ description, envelope: toHex(bytes), error: await errorCode(async () => await open(bytes, openOpts)) })
  }
  const reencode = (patch: Partial<PbEnvelope>): Uint8Array => PbEnvelope.encode({ ...env, ...patch })
  const header = PbEnvelopeHeader.decode(env.header)
  await add('envelope version 2', reencode({ version: 2 }))
  await add('header suite 2', reencode({ header: PbEnvelopeHeader.encode({ ...header, suite: 2 }) }))
  await add('header recipient changed to carol (replayed to someone else)',
    reencode({ header: PbEnvelopeHeader.encode({ ...header, recipient: 'carol@relay.example.org' }) }))
  const ct = env.ciphertext.slice()
  ct[0] = (ct[0] as number) ^ 0x01
  await add('first ciphertext bit flipped', reencode({ ciphertext: ct }))
  await add('cut one byte short', sealed.bytes.subarray(0, sealed.bytes.length - 1))
  await add('unknown field 15 appended', concatBytes(sealed.bytes, new Uint8Array([0x78, 0x01])))
  await add('signature nonce equal to iv', reencode({ sealedSignature: concatBytes(iv, env.sealedSignature.subarray(IV_BYTES)) }))
  // Alice's content, re-signed by mallory and re-sealed with the known content key.
  const sigPayload = concatBytes(utf8Encode(ENVELOPE_SIGNATURE_CONTEXT),
    u32(env.header.length), env.header, u32(env.keys.length), env.keys, env.iv, env.ciphertext)
  const mallorySig = signIdentity(MALLORY_SEED, sigPayload)
  const resealed = concatBytes(sigNonce, new Uint8Array(await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: new Uint8Array(sigNonce), additionalData: utf8Encode(ENVELOPE_SIGNATURE_CONTEXT) }, aes, new Uint8Array(mallorySig))))
  await add('claims alice, signature made by mallory', reencode({ sealedSignature: resealed }))

  return {
    description: 'Envelope from alice to bob\'s laptop (keys.json: devices.bobLaptop). open(envelope, { deviceId, rsaPrivateKey: ' +
      'bobLaptop.rsaPkcs8, resolveIdentityKey: alice@relay.example.org -> identities.alice.publicKey }) must give expected. ' +
      'RSA-OAEP is randomized, so seal cannot reproduce these bytes; the intermediates let each step be checked alone.',
    contextsHex: {
      additionalData: toHex(utf8Encode('parley/envelope/v1\0')),
      signature: toHex(utf8Encode(ENVELOPE_SIGNATURE_CONTEXT))
    },
    deviceId: bob.deviceId,
    senderIdentityKey: toHex(aliceKey),
    sealInput: {
      recipient: BOB.address,
      expiresAt,
      messageId: toHex(messageId),
      content: { ...content, senderIdentityKey: toHex(aliceKey), body: toHex(content.body) }
    },
    intermediates: {
      contentKey: toHex(contentKey),
      iv: toHex(iv),
      signatureNonce: toHex(sigNonce),
      header: toHex(env.header),
      keys: toHex(env.keys),
      additionalData: toHex(aad),
      plaintext: toHex(plaintext),
      plaintextUnpaddedLength: PbContent.encode({ ...PbContent.decode(plaintext), padding: new Uint8Array(0) }).length,
      signaturePayload: toHex(sigPayload),
      signature: toHex(signature)
    },
    envelope: toHex(sealed.bytes),
    expected: {
      header: { ...opened.header, messageId: toHex(opened.header.messageId) },
      content: { ...opened.content, senderIdentityKey: toHex(opened.content.senderIdentityKey), body: toHex(opened.content.body) }
    },
    rejections
  }
}

function u32 (n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

function makeAddressVector (): unknown {
  const valid = ['alice@localhost', 'Alice@Relay.Example.ORG', 'bob.smith_2-x@relay.example.org', '0@127.0.0.1:8080',
    'a@a', 'carol@xn--bcher-kva.example:443', `${'n'.repeat(32)}@relay.example.org`]
  const invalid = ['', 'alice', '@relay', 'alice@', 'al ice@relay', 'alice@relay@x', '.alice@relay', '-alice@relay',
    `${'n'.repeat(33)}@relay.example.org`, 'alice@relay..org', 'alice@-relay.org', 'alice@relay-.org', 'alice@relay.org.',
    'alice@relay:0', 'alice@relay:65536', 'alice@relay:080', 'alice@relay:', 'alice@256.0.0.1', 'alice@1.2.3', 'alice@01.2.3.4',
    'alice@[::1]:8080', 'al\u212Aice@relay', 'alice@rel_ay.org', 'alice@relay.123', 'alice\t@relay']
  return {
    description: 'parseAddress: valid inputs with their canonical form; invalid inputs must throw INVALID_ADDRESS.',
    valid: valid.map(input => {
      const { name, relay } = parseAddress(input)
      return { input, name, relay, canonical: `${name}@${relay}`, alreadyCanonical: isValidAddress(input) }
    }),
    invalid: invalid.map(input => {
      try {
        parseAddress(input)
      } catch (err) {
        if (err instanceof ProtocolError && err.code === 'INVALID_ADDRESS') return input
      }
      throw new Error(`expected ${JSON.stringify(input)} to be invalid`)
    })
  }
}

const keys = await loadOrMakeKeys()
const write = (name: string, value: unknown): void => {
  writeFileSync(`${dir}${name}`, JSON.stringify(value, null, 2) + '\n')
  console.log(`wrote ${dir}${name}`)
}
write('keys.json', keys)
write('bundle.json', await makeBundleVector(keys))
write('envelope.json', await makeEnvelopeVector(keys))
write('addresses.json', makeAddressVector())
