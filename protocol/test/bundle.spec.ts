import { expect } from 'chai'
import { signBundle, verifyBundle, type UnsignedDeviceBundle } from '../src/bundle.js'
import { fromHex, utf8Encode } from '../src/bytes.js'
import { MAX_BUNDLE_BYTES } from '../src/constants.js'
import { generateIdentityKey, type IdentityKeyPair } from '../src/keys.js'
import { createEd25519 } from '../src/ed25519.js'
import { DeviceBundle as PbDeviceBundle, SignedBundle as PbSignedBundle } from '../src/pb/bundle.js'
import { expectProtocolError, flipBit, loadVector, otherRsaSpki, signInnerBundle } from './helpers.js'

interface KeysVector {
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
  rsa2048Spki: string
}

describe('bundle', () => {
  const keys = loadVector<KeysVector>('keys.json')
  const rsaSpki = fromHex(keys.devices.alicePhone!.rsaSpki)
  let alice: IdentityKeyPair
  let mallory: IdentityKeyPair
  let input: UnsignedDeviceBundle
  let signed: Uint8Array

  /** The inner wire bundle for `input`, with `patch` applied. */
  const inner = (patch: Partial<PbDeviceBundle> = {}): Uint8Array => PbDeviceBundle.encode({
    version: 1,
    user: input.user,
    identityKey: new Uint8Array(input.identityKey),
    peerId: input.peerId,
    rsaPublicKey: new Uint8Array(input.rsaPublicKey),
    createdAt: BigInt(input.createdAt),
    ...patch
  })

  before(() => {
    alice = generateIdentityKey()
    mallory = generateIdentityKey()
    input = {
      user: 'alice@relay.example.org',
      identityKey: alice.publicKey,
      peerId: '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo',
      rsaPublicKey: rsaSpki,
      createdAt: 1767225600000
    }
    signed = signBundle(input, alice.privateKey)
  })

  it('round-trips: verifyBundle returns what signBundle signed', async () => {
    const b = await verifyBundle(signed)
    expect(b).to.deep.equal({ version: 1, ...input })
  })

  it('checks the expected user (case-insensitively given) and identity key', async () => {
    const b = await verifyBundle(signed, { expectedUser: 'Alice@Relay.Example.Org', expectedIdentityKey: alice.publicKey })
    expect(b.user).to.equal('alice@relay.example.org')
  })

  it('is deterministic: signing twice gives the same bytes', () => {
    expect(signBundle(input, alice.privateKey)).to.deep.equal(signed)
  })

  it('returns fields that do not alias the input buffer', async () => {
    const copy = signed.slice()
    const b = await verifyBundle(copy)
    copy.fill(0)
    expect(b.identityKey).to.deep.equal(alice.publicKey)
    expect(b.rsaPublicKey).to.deep.equal(rsaSpki)
  })

  it('does not mutate its input', async () => {
    const before = signed.slice()
    await verifyBundle(signed)
    expect(signed).to.deep.equal(before)
  })

  it('refuses a bundle signed by another key (BAD_SIGNATURE)', async () => {
    await expectProtocolError(async () => await verifyBundle(signInnerBundle(inner(), mallory.privateKey)), 'BAD_SIGNATURE')
  })

  it('refuses a flipped bit in every byte position', async function () {
    this.timeout(60000)
    for (let i = 0; i < signed.length; i++) {
      // Two bits per byte: a rotating low bit, and the high bit (varint continuation, sign bits).
      for (const bit of [i % 7, 7]) {
        await expectProtocolError(async () => await verifyBundle(flipBit(signed, i, bit)),
          'BAD_SIGNATURE', 'MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'UNSUPPORTED_VERSION', 'INVALID_ADDRESS')
      }
    }
  })

  it('checks the signature with the Ed25519 instance it is given', async () => {
    const real = createEd25519()
    let calls = 0
    const counting = { ...real, verify: async (k: Uint8Array, m: Uint8Array, sig: Uint8Array) => { calls++; return await real.verify(k, m, sig) } }
    await verifyBundle(signed, { ed25519: counting })
    expect(calls).to.equal(1)
    await expectProtocolError(async () => await verifyBundle(signed, { ed25519: { ...real, verify: async () => false } }), 'BAD_SIGNATURE')
  })

  it('gives the same verdicts through a WebCrypto Ed25519 instance: the bundle, another signer, every flipped bit', async function () {
    this.timeout(60000)
    const ed25519 = createEd25519({ backend: 'webcrypto' })
    expect(await verifyBundle(signed, { ed25519 })).to.deep.equal({ version: 1, ...input })
    await expectProtocolError(async () => await verifyBundle(signInnerBundle(inner(), mallory.privateKey), { ed25519 }), 'BAD_SIGNATURE')
    for (let i = 0; i < signed.length; i++) {
      for (const bit of [i % 7, 7]) {
        await expectProtocolError(async () => await verifyBundle(flipBit(signed, i, bit), { ed25519 }),
          'BAD_SIGNATURE', 'MALFORMED', 'TRUNCATED', 'INVALID_FIELD', 'UNSUPPORTED_VERSION', 'INVALID_ADDRESS')
      }
    }
  })

  it('refuses the wrong expected user (MISMATCH)', async () => {
    await expectProtocolError(async () => await verifyBundle(signed, { expectedUser: 'bob@relay.example.org' }), 'MISMATCH')
    await expectProtocolError(async () => await verifyBundle(signed, { expectedUser: 'alice@other.example.org' }), 'MISMATCH')
  })

  it('refuses a bundle by another identity than the pinned one (MISMATCH)', async () => {
    await expectProtocolError(async () => await verifyBundle(signed, { expectedIdentityKey: mallory.publicKey }), 'MISMATCH')
  })

  it('refuses a validly signed RSA key that is not 3072-bit RSA-OAEP with e = 65537 (INVALID_FIELD)', async function () {
    this.timeout(60000)
    for (const spki of [fromHex(keys.rsa2048Spki), await otherRsaSpki(3072, [3]), utf8Encode('not a key')]) {
      const bytes = signInnerBundle(inner({ rsaPublicKey: new Uint8Array(spki) }), alice.privateKey)
      await expectProtocolError(async () => await verifyBundle(bytes), 'INVALID_FIELD')
    }
  })

  it('refuses more than MAX_BUNDLE_BYTES before decoding (TOO_LARGE)', async () => {
    await expectProtocolError(async () => await verifyBundle(new Uint8Array(MAX_BUNDLE_BYTES + 1)), 'TOO_LARGE')
    const oversize = signInnerBundle(inner({ rsaPublicKey: new Uint8Array(MAX_BUNDLE_BYTES) }), alice.privateKey)
    await expectProtocolError(async () => await verifyBundle(oversize), 'TOO_LARGE')
  })

  it('refuses unknown versions before anything else (UNSUPPORTED_VERSION)', async () => {
    for (const version of [0, 2, 0xffffffff]) {
      // Signed by mallory and with a bad user: the version must still be what is reported.
      const bytes = signInnerBundle(inner({ version, user: 'NOT AN ADDRESS' }), mallory.privateKey)
      await expectProtocolError(async () => await verifyBundle(bytes), 'UNSUPPORTED_VERSION')
    }
  })

  it('refuses every truncation with TRUNCATED or MALFORMED', async () => {
    for (let n = 0; n < signed.length; n++) {
      await expectProtocolError(async () => await verifyBundle(signed.subarray(0, n)), 'TRUNCATED', 'MALFORMED')
    }
  })

  it('refuses empty input with TRUNCATED', async () => {
    await expectProtocolError(async () => await verifyBundle(new Uint8Array(0)), 'TRUNCATED')
  })

  it('refuses a missing signature or bundle field (MALFORMED)', async () => {
    const outer = PbSignedBundle.decode(signed)
    await expectProtocolError(async () => await verifyBundle(PbSignedBundle.encode({ bundle: outer.bundle })), 'MALFORMED')
    await expectProtocolError(async () => await verifyBundle(PbSignedBundle.encode({ signature: outer.signature })), 'MALFORMED')
  })

  it('refuses non-canonical encodings, even when validly signed (MALFORMED)', async () => {
    // Unknown field appended inside the signed bytes: the signature is fine, the encoding is not.
    const withUnknown = new Uint8Array([...inner(), 0x78, 0x01])
    await expectProtocolError(async () => await verifyBundle(signInnerBundle(withUnknown, alice.privateKey)), 'MALFORMED')
    // Field 1 (version) with wire type fixed64 in place of varint; protons alone would not notice.
    const retyped = inner()
    expect(retyped[0]).to.equal(0x08)
    retyped[0] = 0x09
    await expectProtocolError(async () => await verifyBundle(signInnerBundle(retyped, alice.privateKey)), 'MALFORMED', 'TRUNCATED')
  })

  it('validates every field of a validly signed bundle', async () => {
    const cases: Array<[Partial<PbDeviceBundle>, 'INVALID_ADDRESS' | 'INVALID_FIELD']> = [
      [{ user: 'alice' }, 'INVALID_ADDRESS'],
      [{ user: 'Alice@relay.example.org' }, 'INVALID_ADDRESS'],
      [{ identityKey: new Uint8Array(31) }, 'INVALID_FIELD'],
      [{ peerId: '' }, 'INVALID_FIELD'],
      [{ peerId: 'has space' }, 'INVALID_FIELD'],
      [{ peerId: 'x'.repeat(129) }, 'INVALID_FIELD'],
      [{ peerId: 'caf\u00e9' }, 'INVALID_FIELD'],
      [{ createdAt: 0n }, 'INVALID_FIELD'],
      [{ createdAt: 2n ** 63n }, 'INVALID_FIELD'],
      [{ rsaPublicKey: new Uint8Array(0) }, 'INVALID_FIELD']
    ]
    for (const [patch, code] of cases) {
      await expectProtocolError(async () => await verifyBundle(signInnerBundle(inner(patch), alice.privateKey)), code)
    }
  })

  it('refuses a signature of the wrong length (INVALID_FIELD)', async () => {
    const outer = PbSignedBundle.decode(signed)
    const bytes = PbSignedBundle.encode({ bundle: outer.bundle, signature: outer.signature.subarray(0, 63) })
    await expectProtocolError(async () => await verifyBundle(bytes), 'INVALID_FIELD')
  })

  it('signBundle refuses invalid arguments with TypeError or RangeError', () => {
    expect(() => signBundle({ ...input, user: 'Alice@x' }, alice.privateKey)).to.throw(TypeError)
    expect(() => signBundle(input, mallory.privateKey)).to.throw(TypeError)
    expect(() => signBundle({ ...input, peerId: '' }, alice.privateKey)).to.throw(TypeError)
    expect(() => signBundle({ ...input, rsaPublicKey: new Uint8Array(0) }, alice.privateKey)).to.throw(TypeError)
    expect(() => signBundle({ ...input, createdAt: 1.5 }, alice.privateKey)).to.throw(RangeError)
    expect(() => signBundle({ ...input, rsaPublicKey: new Uint8Array(MAX_BUNDLE_BYTES) }, alice.privateKey)).to.throw(RangeError)
  })
})
