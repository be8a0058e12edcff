import { expect } from 'chai'
import {
  generateIdentityKey, identityPublicKey, importRsaPrivateKey, importRsaPublicKey, signIdentity, verifyIdentity
} from '../src/keys.js'
import { concatBytes, fromHex, toHex, utf8Encode } from '../src/bytes.js'
import { RSA_MODULUS_BITS } from '../src/constants.js'
import { expectProtocolError, loadVector, otherRsaSpki } from './helpers.js'

interface KeysVector {
  identities: Record<string, { seed: string, publicKey: string }>
  devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }>
  rsa2048Spki: string
}

describe('keys', () => {
  const keys = loadVector<KeysVector>('keys.json')

  describe('identity (Ed25519)', () => {
    it('derives the RFC 8032 §7.1 TEST 1 public key and signature', () => {
      const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
      expect(toHex(identityPublicKey(seed))).to.equal('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
      expect(toHex(signIdentity(seed, new Uint8Array(0)))).to.equal(
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b')
    })

    it('signs and verifies with a fresh key', () => {
      const k = generateIdentityKey()
      expect(k.publicKey).to.have.length(32)
      expect(k.privateKey).to.have.length(32)
      const msg = utf8Encode('hello')
      const sig = signIdentity(k.privateKey, msg)
      expect(verifyIdentity(k.publicKey, msg, sig)).to.equal(true)
      expect(verifyIdentity(k.publicKey, utf8Encode('hellO'), sig)).to.equal(false)
      expect(verifyIdentity(generateIdentityKey().publicKey, msg, sig)).to.equal(false)
    })

    it('never throws when verifying garbage', () => {
      const k = generateIdentityKey()
      const sig = signIdentity(k.privateKey, new Uint8Array(0))
      expect(verifyIdentity(new Uint8Array(31), new Uint8Array(0), sig)).to.equal(false)
      expect(verifyIdentity(new Uint8Array(32).fill(0xff), new Uint8Array(0), sig)).to.equal(false)
      expect(verifyIdentity(k.publicKey, new Uint8Array(0), sig.subarray(1))).to.equal(false)
      expect(verifyIdentity(k.publicKey, new Uint8Array(0), new Uint8Array(64).fill(0xff))).to.equal(false)
      expect(verifyIdentity(null as unknown as Uint8Array, new Uint8Array(0), sig)).to.equal(false)
    })

    it('refuses a signature with S not reduced mod L (strict RFC 8032)', () => {
      const k = generateIdentityKey()
      const msg = utf8Encode('m')
      const sig = signIdentity(k.privateKey, msg)
      // S + L: same value mod L, so lenient verifiers accept it; RFC 8032 §5.1.7 requires S < L.
      const L = 2n ** 252n + 27742317777372353535851937790883648493n
      let s = 0n
      for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i] as number)
      let t = s + L
      const malleated = sig.slice()
      for (let i = 0; i < 32; i++) { malleated[32 + i] = Number(t & 0xffn); t >>= 8n }
      expect(verifyIdentity(k.publicKey, msg, malleated)).to.equal(false)
    })

    it('refuses a private key of the wrong length with TypeError', () => {
      expect(() => signIdentity(new Uint8Array(31), new Uint8Array(0))).to.throw(TypeError)
      expect(() => identityPublicKey(new Uint8Array(64))).to.throw(TypeError)
    })
  })

  describe('device RSA key', () => {
    const device = keys.devices.bobLaptop!

    it('imports a 3072-bit RSA-OAEP key pair', async () => {
      const pub = await importRsaPublicKey(fromHex(device.rsaSpki))
      expect((pub.algorithm as RsaHashedKeyAlgorithm).modulusLength).to.equal(RSA_MODULUS_BITS)
      const priv = await importRsaPrivateKey(fromHex(device.rsaPkcs8))
      expect(priv.extractable).to.equal(false)
    })

    it('refuses a 2048-bit key', async () => {
      await expectProtocolError(async () => await importRsaPublicKey(fromHex(keys.rsa2048Spki)), 'INVALID_FIELD')
    })

    it('refuses a 3072-bit key with e = 3', async function () {
      this.timeout(60000)
      await expectProtocolError(async () => await importRsaPublicKey(await otherRsaSpki(3072, [3])), 'INVALID_FIELD')
    })

    it('refuses a non-RSA key, garbage and trailing bytes', async () => {
      const ec = await globalThis.crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])
      const ecSpki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', ec.publicKey))
      await expectProtocolError(async () => await importRsaPublicKey(ecSpki), 'INVALID_FIELD')
      await expectProtocolError(async () => await importRsaPublicKey(new Uint8Array(0)), 'INVALID_FIELD')
      await expectProtocolError(async () => await importRsaPublicKey(utf8Encode('not a key')), 'INVALID_FIELD')
      await expectProtocolError(async () => await importRsaPublicKey(concatBytes(fromHex(device.rsaSpki), new Uint8Array([0]))), 'INVALID_FIELD')
      await expectProtocolError(async () => await importRsaPrivateKey(fromHex(device.rsaSpki)), 'INVALID_FIELD')
      await expectProtocolError(async () => await importRsaPublicKey(fromHex(device.rsaPkcs8)), 'INVALID_FIELD')
    })
  })
})
