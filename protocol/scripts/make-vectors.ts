/**
 * Writes protocol/test/vectors/*.json, the fixed test vectors a second implementation of the
 * Parley protocol can check itself against. Run once from the repo root:
 *
 *   npx tsx protocol/scripts/make-vectors.ts
 *
 * Identity keys come from fixed seeds and all envelope randomness from a fixed stream, but RSA
 * key generation and RSA-OAEP wrapping are randomized inside WebCrypto: the RSA keys are kept in
 * keys.json, and the sealed envelope in envelope.json, and both are reused on later runs, so a
 * re-run rewrites every file byte for byte (delete those two files to make new ones). Vectors can
 * only pin the `open` direction of envelopes; everything else is reproduced by its encoder.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generateDeviceRsaKey, identityPublicKey, signIdentity } from '../src/keys.js'
import { signBundle, verifyBundle } from '../src/bundle.js'
import { open, seal, type Content, type OpenOptions } from '../src/envelope/index.js'
import { parseAddress, isValidAddress } from '../src/address.js'
import { concatBytes, fromHex, toHex, utf8Encode } from '../src/bytes.js'
import { ProtocolError, UnsupportedKindError } from '../src/errors.js'
import {
  BUNDLE_SIGNATURE_CONTEXT, ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, IV_BYTES, PADDING_BLOCK_BYTES
} from '../src/constants.js'
import { decodeReceipt, encodeReceipt } from '../src/receipt.js'
import { decodeDirectAck, decodeDirectFrame, encodeDirectAck, encodeDirectFrame, LAN_DOMAIN } from '../src/direct.js'
import { decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage, type RelayRequest, type ServerMessage } from '../src/rpc.js'
import { safetyNumber } from '../src/safety-number.js'
import { lengthPrefixed } from '../src/length-prefix.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from '../src/pb/bundle.js'
import { Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader } from '../src/pb/envelope.js'
import { fixedRandom, signInnerBundle } from '../test/helpers.js'

const dir = fileURLToPath(new URL('../test/vectors/', import.meta.url))

// Fixed Ed25519 seeds: the secret keys of RFC 8032 §7.1 TEST 1 and TEST 2, so the public keys
// in keys.json can be checked against the RFC.
const ALICE_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
const MALLORY_SEED = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')
// RFC 8032 §7.1 TEST 3: bob's identity, for safety numbers.
const BOB_SEED = fromHex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7')
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

  const fresh = await seal({
    recipient: BOB.address,
    devices: [{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }],
    content,
    identityPrivateKey: ALICE_SEED,
    expiresAt,
    messageId,
    random: fixedRandom(streamLabel)
  })
  // Only the RSA-OAEP wrapped key differs between runs: keep the committed envelope if there is one.
  const previous = `${dir}envelope.json`
  const sealed = existsSync(previous)
    ? { bytes: fromHex((JSON.parse(readFileSync(previous, 'utf8')) as { envelope: string }).envelope), messageId }
    : fresh
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

function codeOf (run: () => unknown): string {
  try {
    run()
  } catch (err) {
    if (err instanceof ProtocolError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

const ID_A = fromHex('000102030405060708090a0b0c0d0e0f')
const ID_B = fromHex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')
const bytes = (...parts: Array<number[] | Uint8Array>): Uint8Array => concatBytes(...parts.map(p => new Uint8Array(p)))
const idField = (id: Uint8Array): Uint8Array => bytes([0x12, 0x10], id)

function makeReceiptVector (): unknown {
  const valid = [
    { description: 'delivered, one id', receipt: { type: 'delivered' as const, messageIds: [ID_A] } },
    { description: 'read, two ids', receipt: { type: 'read' as const, messageIds: [ID_A, ID_B] } }
  ].map(v => ({ description: v.description, type: v.receipt.type, messageIds: v.receipt.messageIds.map(toHex), body: toHex(encodeReceipt(v.receipt)) }))
  const invalid: Array<{ description: string, body: string, error: string }> = []
  const add = (description: string, body: Uint8Array): void => { invalid.push({ description, body: toHex(body), error: codeOf(() => decodeReceipt(body)) }) }
  add('empty body', new Uint8Array(0))
  add('type only, no ids', bytes([0x08, 0x01]))
  add('type unspecified (field 1 omitted)', idField(ID_A))
  add('type 3, unknown', bytes([0x08, 0x03], idField(ID_A)))
  add('an id of 15 bytes', bytes([0x08, 0x01, 0x12, 0x0f], ID_A.subarray(1)))
  add('the same id twice', bytes([0x08, 0x01], idField(ID_A), idField(ID_A)))
  add('1001 ids, over MAX_RECEIPT_IDS', bytes([0x08, 0x01], ...Array.from({ length: 1001 }, (_, i) => idField(bytes([i >> 8, i & 0xff], new Uint8Array(14))))))
  add('field 1 (type) twice', bytes([0x08, 0x01, 0x08, 0x02], idField(ID_A)))
  add('field 1 (type) with wire type 2', bytes([0x0a, 0x01, 0x01], idField(ID_A)))
  add('field 2 (message_ids) with wire type 0', bytes([0x08, 0x01, 0x10, 0x01]))
  add('field number 0', bytes([0x08, 0x01, 0x00, 0x00], idField(ID_A)))
  add('unknown field 3', bytes([0x08, 0x01], idField(ID_A), [0x18, 0x01]))
  add('an id running past the end', bytes([0x08, 0x01, 0x12, 0x10], ID_A.subarray(0, 4)))
  return {
    description: 'Receipt bodies (the body of a RECEIPT content). encodeReceipt(type, messageIds) must give body, decodeReceipt(body) ' +
      'must give type and messageIds back; each invalid body must be refused with its error code.',
    valid,
    invalid
  }
}

function makeDirectVector (envelope: Uint8Array): unknown {
  const frame = encodeDirectFrame(envelope)
  const stored = encodeDirectAck(ID_A)
  const refused = encodeDirectAck(ID_A, 'not for this device')
  const rejections: Array<{ description: string, decoder: 'decodeDirectFrame' | 'decodeDirectAck', frame: string, error: string }> = []
  const add = (description: string, decoder: 'decodeDirectFrame' | 'decodeDirectAck', b: Uint8Array): void => {
    rejections.push({ description, decoder, frame: toHex(b), error: codeOf(() => decoder === 'decodeDirectFrame' ? decodeDirectFrame(b) : decodeDirectAck(b)) })
  }
  add('frame version 2', 'decodeDirectFrame', bytes([0x08, 0x02], frame.subarray(2)))
  add('frame without its envelope', 'decodeDirectFrame', bytes([0x08, 0x01]))
  add('frame with field 2 (envelope) twice', 'decodeDirectFrame', bytes(frame, [0x12, 0x01, 0x00]))
  add('frame with field 2 (envelope) as a varint', 'decodeDirectFrame', bytes([0x08, 0x01, 0x10, 0x01]))
  add('ack with a 15-byte message id', 'decodeDirectAck', encodeDirectAck(ID_A.subarray(1)))
  add('ack with field 3 (error) not UTF-8', 'decodeDirectAck', bytes(stored, [0x1a, 0x01, 0xff]))
  add('ack with field 0', 'decodeDirectAck', bytes(stored, [0x00, 0x00]))
  return {
    description: 'Direct protocol /parley/direct/1.0.0. On the stream each frame is lengthPrefixed: uvarint(len) || frame. ' +
      'frame carries envelope.json\'s envelope; ackStored acknowledges message id ' + toHex(ID_A) + ', ackRefused the same with an error.',
    envelope: toHex(envelope),
    frame: toHex(frame),
    frameOnStream: toHex(lengthPrefixed(frame)),
    ackStored: { messageId: toHex(ID_A), frame: toHex(stored), frameOnStream: toHex(lengthPrefixed(stored)) },
    ackRefused: { messageId: toHex(ID_A), error: 'not for this device', frame: toHex(refused) },
    rejections
  }
}

function hexify (value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(hexify)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hexify(v)]))
  return value
}

function makeRpcVector (envelope: Uint8Array, signedBundle: Uint8Array): unknown {
  const requests: Array<[number, RelayRequest]> = [
    [1, { type: 'register', name: 'alice', email: 'alice@example.org', password: 'correct horse battery' }],
    [2, { type: 'login', name: 'alice', password: 'correct horse battery', secondFactor: { totpCode: '123456' } }],
    [3, { type: 'authenticate', token: new Uint8Array(32).fill(0xaa) }],
    [4, { type: 'fetch-bundles', user: 'bob@relay.example.org' }],
    [5, { type: 'deposit', envelope }],
    [6, { type: 'fetch-mail', afterSeq: 0, limit: 500 }],
    [7, { type: 'ack-mail', messageIds: [ID_A, ID_B] }],
    [8, { type: 'subscribe' }]
  ]
  const responses: ServerMessage[] = [
    { type: 'response', id: 1, result: { type: 'ok' } },
    { type: 'response', id: 2, result: { type: 'error', code: 'RATE_LIMITED', message: 'too many attempts; try again later', retryAfterMs: 4000 } },
    { type: 'response', id: 3, result: { type: 'session', token: new Uint8Array(32).fill(0xaa), user: 'alice@relay.example.org', expiresAt: 1769817600000 } },
    { type: 'response', id: 4, result: { type: 'bundles', user: 'bob@relay.example.org', signedBundles: [signedBundle] } },
    { type: 'response', id: 5, result: { type: 'deposited', messageId: ID_A, duplicate: false, storedAt: 1767225600500 } },
    { type: 'response', id: 6, result: { type: 'mail', items: [{ seq: 1, envelope, receivedAt: 1767225600500 }], more: false } },
    { type: 'push', items: [{ seq: 2, envelope, receivedAt: 1767225601000 }] }
  ]
  return {
    description: 'Relay protocol /parley/relay/1.0.0. encodeRequest(id, request) must give frame, and decodeRequest(frame) the id ' +
      'and request back; likewise encodeServerMessage / decodeServerMessage for the relay\'s frames. Bytes are hex; on the stream ' +
      'each frame is uvarint(len) || frame (frameOnStream). envelope is envelope.json\'s, the bundle bundle.json\'s.',
    requests: requests.map(([id, request]) => {
      const frame = encodeRequest(id, request)
      const back = decodeRequest(frame)
      if (back.id !== id) throw new Error('request id did not round-trip')
      return { id, request: hexify(request), frame: toHex(frame), frameOnStream: toHex(lengthPrefixed(frame)) }
    }),
    responses: responses.map(message => {
      const frame = encodeServerMessage(message)
      decodeServerMessage(frame)
      return { message: hexify(message), frame: toHex(frame), frameOnStream: toHex(lengthPrefixed(frame)) }
    })
  }
}

async function makeLanHelloVector (keys: KeysFile): Promise<unknown> {
  const input = {
    user: `alice@${LAN_DOMAIN}`,
    identityKey: identityPublicKey(ALICE_SEED),
    peerId: ALICE.device,
    rsaPublicKey: fromHex(keys.devices.alicePhone!.rsaSpki),
    createdAt: 1767225600000
  }
  const signed = signBundle(input, ALICE_SEED)
  const verified = await verifyBundle(signed)
  return {
    description: 'LAN introduction /parley/lan-hello/1.0.0 (node/src/lan.ts): each side writes its signed device bundle for ' +
      'name@lan as one length-prefixed frame (frameOnStream = uvarint(len) || signedBundle), the dialler first. verifyBundle(signedBundle) ' +
      'must give expected; the receiver also requires user to end in @lan and peerId to be the Noise-authenticated PeerId of the connection.',
    input: { ...input, identityKey: toHex(input.identityKey), rsaPublicKey: toHex(input.rsaPublicKey), identitySeed: toHex(ALICE_SEED) },
    signedBundle: toHex(signed),
    frameOnStream: toHex(lengthPrefixed(signed)),
    expected: { ...verified, identityKey: toHex(verified.identityKey), rsaPublicKey: toHex(verified.rsaPublicKey) }
  }
}

function makeSafetyNumberVector (keys: KeysFile): unknown {
  const key = (name: string): Uint8Array => fromHex(keys.identities[name]!.publicKey)
  const pairs = [
    { description: 'alice and bob on one relay', a: { address: ALICE.address, identity: 'alice' }, b: { address: BOB.address, identity: 'bob' } },
    { description: 'the same pair, bob first and his address typed in capitals: the same number', a: { address: 'Bob@Relay.Example.ORG', identity: 'bob' }, b: { address: ALICE.address, identity: 'alice' } },
    { description: 'bob\'s address with mallory\'s key: a different number', a: { address: ALICE.address, identity: 'alice' }, b: { address: BOB.address, identity: 'mallory' } },
    { description: 'two devices on a LAN', a: { address: 'alice@lan', identity: 'alice' }, b: { address: 'bob@lan', identity: 'bob' } }
  ]
  return {
    description: 'safetyNumber({ address, identityKey }, { address, identityKey }) with the identity public keys of keys.json: ' +
      'digits (12 groups of 5, space-separated) and the QR payload must be as given, whichever party is passed first.',
    pairs: pairs.map(p => {
      const n = safetyNumber({ address: p.a.address, identityKey: key(p.a.identity) }, { address: p.b.address, identityKey: key(p.b.identity) })
      return { ...p, a: { ...p.a, identityKey: toHex(key(p.a.identity)) }, b: { ...p.b, identityKey: toHex(key(p.b.identity)) }, digits: n.digits, qr: n.qr }
    })
  }
}

interface EnvelopeParts { intermediates: Record<string, string>, envelope: string, sealInput: { content: { sender: string, senderDevice: string, sentAt: number, conversation: string, body: string } } }

/**
 * Strict-decoding rejections: frames whose bytes a lenient protobuf decoder reads one way and a
 * standard one another. The envelopes re-use envelope.json's content key, header and key block
 * (so they open with bob's key) with a new plaintext, iv and signature nonce included: reusing a
 * GCM nonce under one key is harmless here only because every plaintext is public test data.
 */
async function makeStrictVector (keys: KeysFile, envelopeVector: EnvelopeParts, signedBundleHex: string): Promise<unknown> {
  const i = envelopeVector.intermediates
  const contentKey = fromHex(i.contentKey!)
  const iv = fromHex(i.iv!)
  const sigNonce = fromHex(i.signatureNonce!)
  const header = fromHex(i.header!)
  const keyBlock = fromHex(i.keys!)
  const plaintextLength = fromHex(i.plaintext!).length
  const c = envelopeVector.sealInput.content
  const aes = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(contentKey), 'AES-GCM', false, ['encrypt'])
  const aliceKey = identityPublicKey(ALICE_SEED)
  const base = { sender: c.sender, senderDevice: c.senderDevice, senderIdentityKey: new Uint8Array(aliceKey), sentAt: BigInt(c.sentAt), conversation: c.conversation, kind: 1, body: new Uint8Array(fromHex(c.body)) }

  /** An envelope whose plaintext is `fields` (protobuf bytes), padded to the original length, signed by alice. */
  const envelopeWith = async (fields: Uint8Array): Promise<Uint8Array> => {
    let plaintext: Uint8Array | undefined
    for (let n = 1; n < 300 && plaintext === undefined; n++) {
      const candidate = concatBytes(PbContent.encode({ padding: new Uint8Array(n) }), fields)
      if (candidate.length === plaintextLength) plaintext = candidate
    }
    if (plaintext === undefined) throw new Error('cannot pad the vector plaintext to the original length')
    const aad = concatBytes(utf8Encode(ENVELOPE_AAD_CONTEXT), header, keyBlock)
    const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: aad }, aes, new Uint8Array(plaintext)))
    const signature = signIdentity(ALICE_SEED, concatBytes(utf8Encode(ENVELOPE_SIGNATURE_CONTEXT), u32(header.length), header, u32(keyBlock.length), keyBlock, iv, ciphertext))
    const sealedSignature = concatBytes(sigNonce, new Uint8Array(await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: new Uint8Array(sigNonce), additionalData: utf8Encode(ENVELOPE_SIGNATURE_CONTEXT) }, aes, new Uint8Array(signature))))
    return PbEnvelope.encode({ version: 1, header: new Uint8Array(header), keys: new Uint8Array(keyBlock), iv: new Uint8Array(iv), ciphertext, sealedSignature })
  }
  const bob = keys.devices.bobLaptop!
  const openOpts: OpenOptions = {
    deviceId: bob.deviceId,
    rsaPrivateKey: fromHex(bob.rsaPkcs8),
    resolveIdentityKey: async sender => sender === ALICE.address ? aliceKey : undefined,
    expectedRecipient: BOB.address
  }

  const cases: Array<{ description: string, decoder: string, input: string, error: string, sender?: string, kind?: number }> = []
  const addEnvelope = async (description: string, fields: Uint8Array): Promise<void> => {
    const envelope = await envelopeWith(fields)
    try {
      await open(envelope, openOpts)
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err
      cases.push({
        description, decoder: 'open', input: toHex(envelope), error: err.code,
        ...(err instanceof UnsupportedKindError ? { sender: err.sender, kind: err.kind } : {})
      })
      return
    }
    throw new Error(`expected ${description} to be refused`)
  }
  const encodedBase = PbContent.encode(base)
  // A control: the same construction with nothing wrong opens (checked by the spec).
  const control = toHex(await envelopeWith(encodedBase))
  await addEnvelope('content field 7 (body) given again with wire type 0', concatBytes(encodedBase, bytes([0x38, 0x05])))
  await addEnvelope('content field 7 (body) given twice', concatBytes(encodedBase, bytes([0x3a, 0x01, 0x41])))
  await addEnvelope('content field 1 (sender) given twice, the second naming mallory', concatBytes(encodedBase, PbContent.encode({ sender: 'mallory@relay.example.org' })))
  await addEnvelope('content field number 0', concatBytes(encodedBase, bytes([0x00, 0x01])))
  await addEnvelope('content field 6 (kind) as bytes', concatBytes(PbContent.encode({ ...base, kind: 0 }), bytes([0x32, 0x01, 0x01])))
  await addEnvelope('content unknown field 9', concatBytes(encodedBase, bytes([0x48, 0x01])))
  await addEnvelope('content group (field 9, wire type 3)', concatBytes(encodedBase, bytes([0x4b, 0x4c])))
  await addEnvelope('content field 5 (conversation) not UTF-8', concatBytes(PbContent.encode({ ...base, conversation: '' }), bytes([0x2a, 0x02, 0xc3, 0x28])))
  await addEnvelope('content field 6 (kind) as a non-minimal varint', concatBytes(PbContent.encode({ ...base, kind: 0 }), bytes([0x30, 0x81, 0x00])))
  await addEnvelope('content kind 9, validly signed by alice (UNSUPPORTED_KIND names the sender)', PbContent.encode({ ...base, kind: 9 }))

  const addFrame = (description: string, decoder: string, input: Uint8Array, run: () => unknown): void => {
    cases.push({ description, decoder, input: toHex(input), error: codeOf(run) })
  }
  const r1 = bytes([0x0a, 0x01, 0x01], idField(ID_A))
  addFrame('receipt field 1 (type) with wire type 2', 'decodeReceipt', r1, () => decodeReceipt(r1))
  const r2 = bytes([0x08, 0x01, 0x00, 0x00], idField(ID_A))
  addFrame('receipt field number 0', 'decodeReceipt', r2, () => decodeReceipt(r2))
  const r3 = bytes([0x08, 0x02, 0x08, 0x01], idField(ID_A))
  addFrame('receipt field 1 (type) twice', 'decodeReceipt', r3, () => decodeReceipt(r3))
  const d1 = bytes([0x08, 0x01, 0x12, 0x01, 0x00, 0x12, 0x01, 0x01])
  addFrame('direct frame field 2 (envelope) twice', 'decodeDirectFrame', d1, () => decodeDirectFrame(d1))

  // Bundles: validly signed inner bytes that break the rules, so only strict decoding can refuse them.
  const signed = PbSignedBundle.decode(fromHex(signedBundleHex))
  const signedInner = (inner: Uint8Array): Uint8Array => signInnerBundle(inner, ALICE_SEED)
  const innerDup = concatBytes(signed.bundle, PbDeviceBundle.encode({ version: 0, user: 'mallory@relay.example.org', identityKey: new Uint8Array(0), peerId: '', rsaPublicKey: new Uint8Array(0), createdAt: 0n }))
  cases.push({ description: 'device bundle field 2 (user) given twice, validly signed', decoder: 'verifyBundle', input: toHex(signedInner(innerDup)), error: await errorCode(async () => await verifyBundle(signedInner(innerDup))) })
  const innerWire = concatBytes(signed.bundle.subarray(0, 2), bytes([0x20, 0x01]), signed.bundle.subarray(2))
  cases.push({ description: 'device bundle field 4 (peer_id) given again with wire type 0, validly signed', decoder: 'verifyBundle', input: toHex(signedInner(innerWire)), error: await errorCode(async () => await verifyBundle(signedInner(innerWire))) })
  const innerZero = concatBytes(signed.bundle, bytes([0x00, 0x00]))
  cases.push({ description: 'device bundle field number 0, validly signed', decoder: 'verifyBundle', input: toHex(signedInner(innerZero)), error: await errorCode(async () => await verifyBundle(signedInner(innerZero))) })

  return {
    description: 'Strict decoding (PROTOCOL.md "Strict decoding"): each input must be refused by its decoder with the error code given. ' +
      'decoder "open" means open(input, { deviceId: bobLaptop, rsaPrivateKey: bobLaptop.rsaPkcs8, resolveIdentityKey: alice -> identities.alice, ' +
      'expectedRecipient: bob@relay.example.org }); control is an envelope built the same way with nothing wrong, and must open.',
    control,
    cases
  }
}

const keys = await loadOrMakeKeys()
const write = (name: string, value: unknown): void => {
  writeFileSync(`${dir}${name}`, JSON.stringify(value, null, 2) + '\n')
  console.log(`wrote ${dir}${name}`)
}
const bundleVector = await makeBundleVector(keys) as { signedBundle: string }
write('keys.json', keys)
write('bundle.json', bundleVector)
const envelopeVector = await makeEnvelopeVector(keys) as EnvelopeParts
write('envelope.json', envelopeVector)
write('addresses.json', makeAddressVector())
write('receipts.json', makeReceiptVector())
write('direct.json', makeDirectVector(fromHex(envelopeVector.envelope)))
write('rpc.json', makeRpcVector(fromHex(envelopeVector.envelope), fromHex(bundleVector.signedBundle)))
write('lan-hello.json', await makeLanHelloVector(keys))
write('safety-numbers.json', makeSafetyNumberVector(keys))
write('strict.json', await makeStrictVector(keys, envelopeVector, bundleVector.signedBundle))
