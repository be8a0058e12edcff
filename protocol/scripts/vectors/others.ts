/** The other vectors: bundles, addresses, receipts, direct frames, relay RPC, LAN hello, safety numbers. */
import { identityPublicKey } from '../../src/keys.js'
import { signBundle, verifyBundle } from '../../src/bundle.js'
import { parseAddress, isValidAddress } from '../../src/address.js'
import { concatBytes, fromHex, toHex, utf8Encode } from '../../src/bytes.js'
import { ProtocolError } from '../../src/errors.js'
import { BUNDLE_SIGNATURE_CONTEXT } from '../../src/constants.js'
import { decodeReceipt, encodeReceipt } from '../../src/receipt.js'
import { decodeDirectAck, decodeDirectFrame, encodeDirectAck, encodeDirectFrame, LAN_DOMAIN } from '../../src/direct.js'
import { decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage, type RelayRequest, type ServerMessage } from '../../src/rpc.js'
import { safetyNumber } from '../../src/safety-number.js'
import { lengthPrefixed } from '../../src/length-prefix.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from '../../src/pb/bundle.js'
import { signInnerBundle } from '../../test/helpers.js'
import { ALICE_SEED, MALLORY_SEED, ALICE, BOB, type KeysFile, errorCode, codeOf, ID_A, ID_B, bytes, idField, hexify } from './common.js'

export async function makeBundleVector (keys: KeysFile): Promise<unknown> {
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


export function makeAddressVector (): unknown {
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


export function makeReceiptVector (): unknown {
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

export function makeDirectVector (envelope: Uint8Array): unknown {
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


export function makeRpcVector (envelope: Uint8Array, signedBundle: Uint8Array): unknown {
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

export async function makeLanHelloVector (keys: KeysFile): Promise<unknown> {
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

export function makeSafetyNumberVector (keys: KeysFile): unknown {
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
