import { expect } from 'chai'
import { createEnvelopes, Envelopes, UnsupportedSuiteError } from '../../src/envelope/index.js'
import { hybridRsaAes, RsaPublicKeyCache } from '../../src/suites/hybrid-rsa-aes/index.js'
import { fromHex, utf8Encode } from '../../src/bytes.js'
import { SUITE_HYBRID_RSA_AES } from '../../src/constants.js'
import { generateIdentityKey, importRsaPrivateKey } from '../../src/keys.js'
import { Envelope as PbEnvelope, EnvelopeHeader as PbEnvelopeHeader } from '../../src/pb/envelope.js'
import { expectProtocolError, loadVector, otherRsaSpki, testRsaKey } from '../helpers.js'

/** Run `fn` while counting WebCrypto SPKI imports, the work the cache exists to avoid. */
async function countingSpkiImports<T> (fn: () => Promise<T>): Promise<{ result: T, imports: number }> {
  const subtle = globalThis.crypto.subtle
  const original = subtle.importKey
  let imports = 0
  subtle.importKey = async function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['importKey']>) {
    if (args[0] === 'spki') imports++
    return await original.apply(this, args)
  } as SubtleCrypto['importKey']
  try {
    return { result: await fn(), imports }
  } finally {
    subtle.importKey = original
  }
}

describe('suite 1, hybrid-rsa-aes', () => {
  const keys = loadVector<{ devices: Record<string, { deviceId: string, rsaSpki: string, rsaPkcs8: string }> }>('keys.json')
  const bob = keys.devices.bobLaptop!
  const alice = generateIdentityKey()
  const content = {
    sender: 'alice@relay.example.org', senderDevice: 'alice-phone', senderIdentityKey: alice.publicKey, sentAt: 1, conversation: 'c', kind: 'text' as const, body: utf8Encode('hi')
  }
  const sealOpts = (devices: Array<{ deviceId: string, rsaPublicKey: Uint8Array }>): Parameters<Envelopes['seal']>[0] =>
    ({ recipient: 'bob@relay.example.org', devices, content, identityPrivateKey: alice.privateKey, expiresAt: 1e13 })

  describe('RsaPublicKeyCache', () => {
    it('imports and validates each key once, however many messages go to it', async () => {
      const envelopes = createEnvelopes()
      const { result, imports } = await countingSpkiImports(async () => {
        const out: Uint8Array[] = []
        for (let i = 0; i < 5; i++) out.push((await envelopes.seal(sealOpts([{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }]))).bytes)
        return out
      })
      expect(imports).to.equal(1)
      const privateKey = await importRsaPrivateKey(fromHex(bob.rsaPkcs8))
      for (const bytes of result) {
        const opened = await envelopes.open(bytes, { deviceId: bob.deviceId, rsaPrivateKey: privateKey, resolveIdentityKey: async () => alice.publicKey })
        expect(opened.content.body).to.deep.equal(content.body)
      }
    })

    it('imports every key on every seal when caching is off (the stateless functions)', async () => {
      const envelopes = new Envelopes([hybridRsaAes({ publicKeys: false })])
      const { imports } = await countingSpkiImports(async () => {
        for (let i = 0; i < 3; i++) await envelopes.seal(sealOpts([{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }]))
      })
      expect(imports).to.equal(3)
    })

    it('keeps at most its bound, least recently used out first', async () => {
      const cache = new RsaPublicKeyCache(2)
      const [a, b, c] = await Promise.all([testRsaKey('cacheA'), testRsaKey('cacheB'), testRsaKey('cacheC')])
      const { imports } = await countingSpkiImports(async () => {
        await cache.import(a.publicKey)
        await cache.import(b.publicKey)
        await cache.import(a.publicKey) // a is now the youngest
        await cache.import(c.publicKey) // evicts b
        await cache.import(a.publicKey)
        await cache.import(b.publicKey)
      })
      expect(cache.size).to.equal(2)
      expect(imports).to.equal(4)
    })

    it('refuses a bad key every time and never remembers it', async () => {
      const cache = new RsaPublicKeyCache()
      const weak = await otherRsaSpki(2048, [1, 0, 1])
      for (let i = 0; i < 2; i++) await expectProtocolError(async () => await cache.import(weak), 'INVALID_FIELD')
      expect(cache.size).to.equal(0)
      let caught: unknown
      try { await cache.import('spki' as unknown as Uint8Array) } catch (err) { caught = err }
      expect(caught).to.be.instanceOf(TypeError)
    })

    it('refuses an identity private key that does not belong to the content\'s identity key', async () => {
      const envelopes = createEnvelopes()
      const mallory = generateIdentityKey()
      let caught: unknown
      try { await envelopes.seal({ ...sealOpts([{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }]), identityPrivateKey: mallory.privateKey }) } catch (err) { caught = err }
      expect(caught).to.be.instanceOf(TypeError)
    })
  })

  describe('suite registry', () => {
    it('names the suite it dispatches to', () => {
      const suite = hybridRsaAes()
      expect([suite.id, suite.name]).to.deep.equal([SUITE_HYBRID_RSA_AES, 'hybrid-rsa-aes'])
      expect(createEnvelopes().suites.ids).to.deep.equal([1])
    })

    it('refuses an envelope of an unknown suite with UnsupportedSuiteError naming it', async () => {
      const envelopes = createEnvelopes()
      const sealed = await envelopes.seal(sealOpts([{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }]))
      const env = PbEnvelope.decode(sealed.bytes)
      const header = PbEnvelopeHeader.decode(env.header)
      const bytes = PbEnvelope.encode({ ...env, header: PbEnvelopeHeader.encode({ ...header, suite: 2 }) })
      const err = await expectProtocolError(() => envelopes.inspect(bytes), 'UNSUPPORTED_SUITE')
      expect(err).to.be.instanceOf(UnsupportedSuiteError)
      expect(err.name).to.equal('UnsupportedSuiteError')
      expect((err as UnsupportedSuiteError).suite).to.equal(2)
    })

    it('refuses to seal with a suite it lacks', async () => {
      await expectProtocolError(async () => await createEnvelopes().seal({ ...sealOpts([{ deviceId: bob.deviceId, rsaPublicKey: fromHex(bob.rsaSpki) }]), suite: 7 }), 'UNSUPPORTED_SUITE')
    })

    it('refuses no suites, or two with one id', () => {
      expect(() => new Envelopes([])).to.throw(TypeError)
      expect(() => new Envelopes([hybridRsaAes(), hybridRsaAes()])).to.throw(TypeError, /two crypto suites/)
    })
  })
})
