/**
 * Ed25519 edge cases for the strict verification rules (after Chalkias et al., "Taming the many
 * EdDSAs", 2020): small-order and mixed-order keys and R, S >= L, non-canonical encodings, points
 * off the curve. Each case's `strict` is what the rules say; the spec checks @noble/curves
 * (`zip215: false`, the reference the vectors pin) and WebCrypto agree with it.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { concatBytes, fromHex, utf8Encode } from '../../src/bytes.js'
import { BUNDLE_SIGNATURE_CONTEXT } from '../../src/constants.js'
import { SignedBundle as PbSignedBundle } from '../../src/pb/bundle.js'
import { loadVector } from '../helpers.js'

/** One edge case: inputs and whether strict RFC 8032 verification accepts them. */
export interface Ed25519Case { description: string, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array, strict: boolean }

const Point = ed25519.Point
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n

function le (n: bigint, bytes = 32): Uint8Array {
  const out = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i++) { out[i] = Number(n & 0xffn); n >>= 8n }
  return out
}
function fromLe (b: Uint8Array): bigint {
  let v = 0n
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number)
  return v
}
const challenge = (R: Uint8Array, A: Uint8Array, msg: Uint8Array): bigint => fromLe(sha512(concatBytes(R, A, msg))) % L

/** The eight small-order points, canonical encodings (RFC 8032 decoding of each is unique). */
export const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa'
].map(fromHex)

/** A signature by scalar `a` for the point `A` (whatever torsion `A` carries), nonce point `R` = rB + `rTorsion`. */
function forge (a: bigint, A: Uint8Array, r: bigint, rTorsion: Uint8Array | undefined, msg: Uint8Array): Uint8Array {
  let Rp = Point.BASE.multiply(r)
  if (rTorsion !== undefined) Rp = Rp.add(Point.fromBytes(rTorsion))
  const R = Rp.toBytes()
  const s = (r + challenge(R, A, msg) * a) % L
  return concatBytes(R, le(s))
}

/** Every case, deterministic. */
export function ed25519Cases (): Ed25519Case[] {
  const cases: Ed25519Case[] = []
  const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
  const A = ed25519.getPublicKey(seed)
  const msg = utf8Encode('parley edge case')
  const good = ed25519.sign(msg, seed)
  cases.push({ description: 'an honest signature', publicKey: A, msg, sig: good, strict: true })

  // S >= L (RFC 8032 §5.1.7: "If ... S >= L, the signature is invalid"): S + L and S + 2^253.
  const s = fromLe(good.subarray(32))
  cases.push({ description: 'S + L (malleated, unreduced)', publicKey: A, msg, sig: concatBytes(good.subarray(0, 32), le(s + L)), strict: false })
  cases.push({ description: 'S = L', publicKey: A, msg, sig: concatBytes(good.subarray(0, 32), le(L)), strict: false })
  cases.push({ description: 'S with the top bit set', publicKey: A, msg, sig: concatBytes(good.subarray(0, 32), le(s + (1n << 255n))), strict: false })

  // Small-order keys: R = identity and S = 0 satisfy even the cofactorless equation for them.
  for (const [i, T] of SMALL_ORDER.entries()) {
    const sig = concatBytes(SMALL_ORDER[0] as Uint8Array, new Uint8Array(32))
    cases.push({ description: `small-order public key #${i}, R = identity, S = 0`, publicKey: T, msg, sig, strict: false })
    const k = challenge(T, T, msg)
    // R = T, S = 0: [S]B = R + [k]A holds when (k + 1)T = 0, i.e. for some messages.
    cases.push({ description: `small-order public key #${i}, R = A, S = 0 (k = ${k % 8n} mod 8)`, publicKey: T, msg, sig: concatBytes(T, new Uint8Array(32)), strict: false })
  }

  // Mixed-order key A' = aB + T8 and mixed-order R: the cofactored equation holds, the
  // cofactorless one only when k·T8 = 0. Strict RFC 8032 (noble) accepts both kinds.
  const a = 0x1234567890abcdefn
  const T8 = SMALL_ORDER[6] as Uint8Array
  const mixedA = Point.BASE.multiply(a).add(Point.fromBytes(T8)).toBytes()
  for (let j = 0; j < 8; j++) {
    const m = utf8Encode(`mixed-order key ${j}`)
    cases.push({ description: `mixed-order public key, message ${j} (k = ${challenge(forge(a, mixedA, 99n + BigInt(j), undefined, m).subarray(0, 32), mixedA, m) % 8n} mod 8)`, publicKey: mixedA, msg: m, sig: forge(a, mixedA, 99n + BigInt(j), undefined, m), strict: true })
  }
  const honestA = Point.BASE.multiply(a).toBytes()
  for (let j = 0; j < 4; j++) {
    const m = utf8Encode(`mixed-order R ${j}`)
    cases.push({ description: `mixed-order R, message ${j}`, publicKey: honestA, msg: m, sig: forge(a, honestA, 777n + BigInt(j), SMALL_ORDER[4 + j] as Uint8Array, m), strict: true })
  }

  // Non-canonical encodings: y + p for the y values below 19 that are on the curve, and x = 0 with the sign bit.
  for (let y = 0n; y < 19n; y++) {
    const enc = le(y + P)
    let onCurve = true
    try { Point.fromBytes(enc, true) } catch { onCurve = false }
    if (!onCurve) continue
    cases.push({ description: `non-canonical public key y = ${y} + p`, publicKey: enc, msg, sig: good, strict: false })
    cases.push({ description: `non-canonical R y = ${y} + p`, publicKey: A, msg, sig: concatBytes(enc, good.subarray(32)), strict: false })
    // With R = the point itself and S = 0 under its own small-order/identity key, cofactorless verifiers that reduce y accept.
    const sig = concatBytes(enc, new Uint8Array(32))
    cases.push({ description: `non-canonical key and R y = ${y} + p, S = 0`, publicKey: enc, msg, sig, strict: false })
  }
  cases.push({ description: 'public key x = 0 with the sign bit (identity, -0)', publicKey: SMALL_ORDER[0]!.slice().fill(0x80, 31), msg, sig: good, strict: false })
  const offCurve = fromHex('0200000000000000000000000000000000000000000000000000000000000000')
  cases.push({ description: 'public key off the curve (y = 2)', publicKey: offCurve, msg, sig: good, strict: false })
  cases.push({ description: 'R off the curve (y = 2)', publicKey: A, msg, sig: concatBytes(offCurve, good.subarray(32)), strict: false })
  cases.push({ description: 'all-zero signature', publicKey: A, msg, sig: new Uint8Array(64), strict: false })
  return cases
}

/** A signature the vectors pin, with its key and the exact signed bytes. */
export interface Signed { what: string, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array }

/** Every Ed25519 signature the vector files pin, with its key and the exact signed bytes. */
export function vectorSignatures (): Signed[] {
  const out: Signed[] = []
  const bundle = loadVector<{ signatureContextHex: string, input: { identityKey: string }, bundle: string, signature: string }>('bundle.json')
  out.push({ what: 'bundle.json', publicKey: fromHex(bundle.input.identityKey), msg: fromHex(bundle.signatureContextHex + bundle.bundle), sig: fromHex(bundle.signature) })
  const env = loadVector<{ senderIdentityKey: string, intermediates: { signaturePayload: string, signature: string } }>('envelope.json')
  out.push({ what: 'envelope.json', publicKey: fromHex(env.senderIdentityKey), msg: fromHex(env.intermediates.signaturePayload), sig: fromHex(env.intermediates.signature) })
  const lan = loadVector<{ input: { identityKey: string }, signedBundle: string }>('lan-hello.json')
  const signed = PbSignedBundle.decode(fromHex(lan.signedBundle))
  out.push({ what: 'lan-hello.json', publicKey: fromHex(lan.input.identityKey), msg: concatBytes(utf8Encode(BUNDLE_SIGNATURE_CONTEXT), signed.bundle), sig: signed.signature })
  // RFC 8032 §7.1 TEST 1 (alice's seed in keys.json), the empty message.
  out.push({
    what: 'RFC 8032 TEST 1',
    publicKey: fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
    msg: new Uint8Array(0),
    sig: fromHex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b')
  })
  return out
}
