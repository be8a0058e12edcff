/** envelope.json and strict.json: the envelope vectors and the strict-decoding refusals. */
import { existsSync, readFileSync } from 'node:fs'
import { identityPublicKey, signIdentity } from '../../src/keys.js'
import { verifyBundle } from '../../src/bundle.js'
import { open, seal, type Content, type OpenOptions } from '../../src/envelope/index.js'
import { concatBytes, fromHex, toHex, utf8Encode } from '../../src/bytes.js'
import { ProtocolError, UnsupportedKindError } from '../../src/errors.js'
import { ENVELOPE_AAD_CONTEXT, ENVELOPE_SIGNATURE_CONTEXT, IV_BYTES, PADDING_BLOCK_BYTES } from '../../src/constants.js'
import { decodeReceipt } from '../../src/receipt.js'
import { decodeDirectFrame } from '../../src/direct.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from '../../src/pb/bundle.js'
import { Content as PbContent, Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader } from '../../src/pb/envelope.js'
import { fixedRandom, signInnerBundle } from '../../test/helpers.js'
import { dir, ALICE_SEED, MALLORY_SEED, ALICE, BOB, type KeysFile, errorCode, u32, codeOf, ID_A, bytes, idField, type EnvelopeParts } from './common.js'

export async function makeEnvelopeVector (keys: KeysFile): Promise<unknown> {
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



/**
 * Strict-decoding rejections: frames whose bytes a lenient protobuf decoder reads one way and a
 * standard one another. The envelopes re-use envelope.json's content key, header and key block
 * (so they open with bob's key) with a new plaintext, iv and signature nonce included: reusing a
 * GCM nonce under one key is harmless here only because every plaintext is public test data.
 */
export async function makeStrictVector (keys: KeysFile, envelopeVector: EnvelopeParts, signedBundleHex: string): Promise<unknown> {
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
  await addEnvelope('content kind 99, validly signed by alice (UNSUPPORTED_KIND names the sender)', PbContent.encode({ ...base, kind: 99 }))

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
