import { expect } from 'chai'
import { ed25519 as noble } from '@noble/curves/ed25519.js'
import { createEd25519, type Ed25519Backend } from '../../src/ed25519.js'
import { fromHex, toHex, utf8Encode } from '../../src/bytes.js'
import { generateIdentityKey, signIdentity, verifyIdentity } from '../../src/keys.js'
import { fixedRandom, flipBit, loadVector } from '../helpers.js'
import { ed25519Cases, vectorSignatures } from './cases.js'

/** A SubtleCrypto that counts calls and can pretend to lack Ed25519, over the real one. */
function countingSubtle (opts: { noEd25519?: boolean } = {}): { subtle: SubtleCrypto, calls: Record<string, number> } {
  const real = globalThis.crypto.subtle
  const calls: Record<string, number> = {}
  const subtle = new Proxy(real, {
    get (target, prop: string) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls[prop] = (calls[prop] ?? 0) + 1
        const alg = args.find(a => a === 'Ed25519' || (typeof a === 'object' && a !== null && (a as { name?: string }).name === 'Ed25519'))
        if (opts.noEd25519 === true && alg !== undefined) return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    }
  })
  return { subtle, calls }
}

describe('Ed25519', () => {
  const cases = ed25519Cases()
  const vectors = vectorSignatures()

  it('the edge cases say what @noble/curves with zip215: false says (the reference)', () => {
    for (const c of cases) expect(verifyIdentity(c.publicKey, c.msg, c.sig), c.description).to.equal(c.strict)
    expect(cases.filter(c => c.description.startsWith('mixed-order')).every(c => c.strict)).to.equal(true)
  })

  for (const backend of ['noble', 'webcrypto'] as Ed25519Backend[]) {
    describe(`backend ${backend}`, () => {
      const ed = createEd25519({ backend })

      it('uses the backend asked for', async () => {
        expect(await ed.backend()).to.equal(backend)
      })

      it('gives every edge case its strict verdict', async () => {
        for (const c of cases) expect(await ed.verify(c.publicKey, c.msg, c.sig), c.description).to.equal(c.strict)
      })

      it('verifies every signature the vectors pin, and refuses each with any bit flipped', async function () {
        this.timeout(60000)
        for (const v of vectors) {
          expect(await ed.verify(v.publicKey, v.msg, v.sig), v.what).to.equal(true)
          for (let i = 0; i < 64; i++) {
            for (let bit = 0; bit < 8; bit++) {
              expect(await ed.verify(v.publicKey, v.msg, flipBit(v.sig, i, bit)), `${v.what} sig ${i}.${bit}`).to.equal(false)
            }
          }
          for (let i = 0; i < 32; i++) {
            expect(await ed.verify(flipBit(v.publicKey, i, i % 8), v.msg, v.sig), `${v.what} key ${i}`).to.equal(false)
          }
          if (v.msg.length > 0) {
            for (const i of [0, v.msg.length >> 1, v.msg.length - 1]) expect(await ed.verify(v.publicKey, flipBit(v.msg, i, 3), v.sig), `${v.what} msg ${i}`).to.equal(false)
          }
        }
      })

      it('signs byte for byte as RFC 8032 and @noble/curves do', async () => {
        const keys = loadVector<{ identities: Record<string, { seed: string, publicKey: string }> }>('keys.json')
        const rnd = fixedRandom('ed25519/sign')
        for (const id of Object.values(keys.identities)) {
          const seed = fromHex(id.seed)
          expect(toHex(await ed.publicKey(seed))).to.equal(id.publicKey)
          for (const n of [0, 1, 64, 1904]) {
            const msg = rnd(n)
            expect(toHex(await ed.sign(seed, msg))).to.equal(toHex(noble.sign(msg, seed)))
          }
        }
      })

      it('never throws on garbage, and refuses misuse with TypeError', async () => {
        const k = generateIdentityKey()
        const sig = signIdentity(k.privateKey, new Uint8Array(0))
        expect(await ed.verify(new Uint8Array(31), new Uint8Array(0), sig)).to.equal(false)
        expect(await ed.verify(k.publicKey, new Uint8Array(0), sig.subarray(1))).to.equal(false)
        expect(await ed.verify(null as unknown as Uint8Array, new Uint8Array(0), sig)).to.equal(false)
        expect(await ed.verify(k.publicKey, 'x' as unknown as Uint8Array, sig)).to.equal(false)
        let caught: unknown
        try { await ed.sign(new Uint8Array(31), new Uint8Array(0)) } catch (err) { caught = err }
        expect(caught).to.be.instanceOf(TypeError)
      })
    })
  }

  it('falls back to @noble/curves where WebCrypto lacks Ed25519, with the same results', async () => {
    const { subtle } = countingSubtle({ noEd25519: true })
    const ed = createEd25519({ subtle })
    expect(await ed.backend()).to.equal('noble')
    for (const c of cases) expect(await ed.verify(c.publicKey, c.msg, c.sig), c.description).to.equal(c.strict)
    const seed = fixedRandom('fallback')(32)
    expect(toHex(await ed.sign(seed, utf8Encode('m')))).to.equal(toHex(noble.sign(utf8Encode('m'), seed)))
    let caught: unknown
    try { await createEd25519({ subtle, backend: 'webcrypto' }).backend() } catch (err) { caught = err }
    expect(caught).to.be.instanceOf(TypeError)
  })

  it('verifies signatures handed over as Node Buffers (as streams give them) and leaves them unchanged', async () => {
    for (const backend of ['webcrypto', 'noble'] as const) {
      const ed = createEd25519({ backend })
      for (let i = 0; i < 32; i++) {
        const k = generateIdentityKey()
        const msg = utf8Encode(`buffer ${i}`)
        const sig = Buffer.from(signIdentity(k.privateKey, msg))
        const before = Buffer.from(sig)
        expect(await ed.verify(Buffer.from(k.publicKey), Buffer.from(msg), sig), `${backend} #${i}`).to.equal(true)
        expect(sig.equals(before), `${backend} #${i} left the signature as it was`).to.equal(true)
      }
    }
  })

  it('signs with a seed handed over as a Node Buffer and leaves the seed as it was', async () => {
    for (const backend of ['webcrypto', 'noble'] as const) {
      const ed = createEd25519({ backend })
      const k = generateIdentityKey()
      const seed = Buffer.from(k.privateKey)
      const msg = utf8Encode('seed as a buffer')
      const sig = await ed.sign(seed, msg)
      expect(toHex(seed), `${backend}: the caller's seed is untouched`).to.equal(toHex(k.privateKey))
      expect(toHex(sig)).to.equal(toHex(noble.sign(msg, k.privateKey)))
    }
  })

  it('imports a signing key and a verifying key once, not once per message', async () => {
    const { subtle, calls } = countingSubtle()
    const ed = createEd25519({ subtle })
    const k = generateIdentityKey()
    for (let i = 0; i < 5; i++) {
      const msg = utf8Encode(`m${i}`)
      expect(await ed.verify(k.publicKey, msg, await ed.sign(k.privateKey, msg))).to.equal(true)
    }
    expect(calls.importKey).to.equal(2)
    expect(calls.sign).to.equal(1 + 5) // the probe, then one per message
  })

  it('keeps at most the configured number of keys', async () => {
    const { subtle, calls } = countingSubtle()
    const ed = createEd25519({ subtle, maxVerifyKeys: 2 })
    const keys = [generateIdentityKey(), generateIdentityKey(), generateIdentityKey()]
    const sigs = keys.map(k => signIdentity(k.privateKey, new Uint8Array(1)))
    for (let round = 0; round < 2; round++) {
      for (const [i, k] of keys.entries()) expect(await ed.verify(k.publicKey, new Uint8Array(1), sigs[i]!)).to.equal(true)
    }
    // Three keys cycling through two slots: every verify imports again.
    expect(calls.importKey).to.equal(6)
  })
})
