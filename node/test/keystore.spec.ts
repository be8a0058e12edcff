import { expect } from 'chai'
import { fromBase64, toBase64, toHex, utf8Encode } from '@parley/protocol'
import { generateKeyMaterial, openKeystore, openLocal, sealKeystore, sealLocal, type KeyMaterial, type SealedKeystore } from '../src/keystore.js'
import { expectNodeError } from './helpers.js'

/** The lowest iteration count openKeystore accepts; used here for speed. */
const ITERATIONS = 100_000
const PASSPHRASE = 'a passphrase only the owner knows'

/** A copy of a base64 field with one bit of byte `index` flipped. */
function flipBase64 (b64: string, index: number): string {
  const bytes = fromBase64(b64)
  bytes[index] = (bytes[index] as number) ^ 0x01
  return toBase64(bytes)
}

describe('keystore', function () {
  this.timeout(20_000)
  let material: KeyMaterial
  let sealed: SealedKeystore
  let key: CryptoKey

  before(async () => {
    material = await generateKeyMaterial()
    ;({ sealed, key } = await sealKeystore(material, PASSPHRASE, ITERATIONS))
  })

  describe('generateKeyMaterial', () => {
    it('makes an Ed25519 identity, an RSA key pair and a libp2p peer key', () => {
      expect(material.identity.publicKey).to.have.length(32)
      expect(material.identity.privateKey).to.have.length(32)
      expect(material.rsa.publicKey.length).to.be.greaterThan(384)
      expect(material.rsa.privateKey.length).to.be.greaterThan(material.rsa.publicKey.length)
      expect(material.peerKey.length).to.be.greaterThan(32)
    })
  })

  describe('sealKeystore and openKeystore', () => {
    it('opens what it sealed with the same passphrase', async () => {
      const opened = await openKeystore(sealed, PASSPHRASE)
      expect(toHex(opened.material.identity.privateKey)).to.equal(toHex(material.identity.privateKey))
      expect(toHex(opened.material.identity.publicKey)).to.equal(toHex(material.identity.publicKey))
      expect(toHex(opened.material.rsa.privateKey)).to.equal(toHex(material.rsa.privateKey))
      expect(toHex(opened.material.rsa.publicKey)).to.equal(toHex(material.rsa.publicKey))
      expect(toHex(opened.material.peerKey)).to.equal(toHex(material.peerKey))
    })

    it('records the format, the KDF, its iterations and a 16-byte salt', () => {
      expect(sealed).to.include({ v: 1, kdf: 'PBKDF2-SHA256', iterations: ITERATIONS })
      expect(fromBase64(sealed.salt)).to.have.length(16)
      expect(JSON.parse(JSON.stringify(sealed))).to.deep.equal(sealed)
    })

    it('derives the same storage key when opening as when sealing', async () => {
      const blob = await sealLocal(key, utf8Encode('local data'), 'test/aad')
      const { key: reopened } = await openKeystore(sealed, PASSPHRASE)
      expect(toHex(await openLocal(reopened, blob, 'test/aad'))).to.equal(toHex(utf8Encode('local data')))
    })

    it('uses a fresh salt and iv each time it seals', async () => {
      const again = (await sealKeystore(material, PASSPHRASE, ITERATIONS)).sealed
      expect(again.salt).to.not.equal(sealed.salt)
      expect(again.ct).to.not.equal(sealed.ct)
    })

    it('refuses a wrong passphrase with WRONG_PASSPHRASE', async () => {
      await expectNodeError(async () => await openKeystore(sealed, `${PASSPHRASE}.`), 'WRONG_PASSPHRASE')
    })

    it('refuses a tampered ciphertext, salt or iteration count', async () => {
      const ct = fromBase64(sealed.ct)
      for (const index of [0, 12, ct.length - 1]) {
        await expectNodeError(async () => await openKeystore({ ...sealed, ct: flipBase64(sealed.ct, index) }, PASSPHRASE), 'WRONG_PASSPHRASE')
      }
      await expectNodeError(async () => await openKeystore({ ...sealed, ct: toBase64(ct.subarray(0, ct.length - 1)) }, PASSPHRASE), 'WRONG_PASSPHRASE')
      await expectNodeError(async () => await openKeystore({ ...sealed, salt: flipBase64(sealed.salt, 0) }, PASSPHRASE), 'WRONG_PASSPHRASE')
      await expectNodeError(async () => await openKeystore({ ...sealed, iterations: ITERATIONS + 1 }, PASSPHRASE), 'WRONG_PASSPHRASE')
    })

    it('refuses a keystore claiming fewer than 100,000 iterations with CORRUPT_STORE', async () => {
      for (const iterations of [99_999, 1, 0, -1, 100_000.5, Number.NaN]) {
        await expectNodeError(async () => await openKeystore({ ...sealed, iterations }, PASSPHRASE), 'CORRUPT_STORE')
      }
    })

    it('refuses an unknown format or KDF with CORRUPT_STORE', async () => {
      await expectNodeError(async () => await openKeystore({ ...sealed, v: 2 as 1 }, PASSPHRASE), 'CORRUPT_STORE')
      await expectNodeError(async () => await openKeystore({ ...sealed, kdf: 'scrypt' as 'PBKDF2-SHA256' }, PASSPHRASE), 'CORRUPT_STORE')
    })

    it('refuses to seal with fewer than 100,000 iterations, which it could never open', async () => {
      let caught: unknown
      try {
        await sealKeystore(material, PASSPHRASE, 1000)
      } catch (err) {
        caught = err
      }
      expect((caught as Error | undefined)?.name).to.equal('RangeError')
    })

    it('refuses an empty passphrase with BAD_INPUT', async () => {
      await expectNodeError(async () => await sealKeystore(material, '', ITERATIONS), 'BAD_INPUT')
      await expectNodeError(async () => await openKeystore(sealed, ''), 'BAD_INPUT')
    })

    it('treats compatibility forms of a passphrase as the same (NFKC)', async () => {
      const { sealed: ligature } = await sealKeystore(material, '\uFB01ve apples', ITERATIONS)
      const opened = await openKeystore(ligature, 'five apples')
      expect(toHex(opened.material.identity.privateKey)).to.equal(toHex(material.identity.privateKey))
    })

    it('writes no private key in any encoding into the sealed record', () => {
      const text = JSON.stringify(sealed)
      const secrets = { identity: material.identity.privateKey, rsa: material.rsa.privateKey, peer: material.peerKey }
      for (const [what, secret] of Object.entries(secrets)) {
        const b = Buffer.from(secret)
        // Windows at three offsets, so a base64 encoding of the key at any alignment is caught.
        for (const offset of [0, 1, 2]) {
          const part = b.subarray(offset, offset + 24)
          for (const encoded of [part.toString('hex'), part.toString('hex').toUpperCase(), part.toString('base64').slice(0, 28), part.toString('base64url').slice(0, 28), part.toString('latin1')]) {
            expect(text.includes(encoded), `${what} key found in the sealed keystore`).to.equal(false)
          }
        }
        expect(text.includes(JSON.stringify(Array.from(secret)).slice(1, 60)), `${what} key found as a number list`).to.equal(false)
      }
    })
  })

  describe('sealLocal and openLocal', () => {
    it('refuses data sealed for another purpose (AAD) or tampered with CORRUPT_STORE', async () => {
      const blob = await sealLocal(key, utf8Encode('history'), 'parley/history/v1')
      expect(toHex(await openLocal(key, blob, 'parley/history/v1'))).to.equal(toHex(utf8Encode('history')))
      await expectNodeError(async () => await openLocal(key, blob, 'parley/contacts/v1'), 'CORRUPT_STORE')
      const tampered = blob.slice()
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0x80
      await expectNodeError(async () => await openLocal(key, tampered, 'parley/history/v1'), 'CORRUPT_STORE')
    })

    it('uses a fresh iv for every seal', async () => {
      const a = await sealLocal(key, utf8Encode('same'), 'aad')
      const b = await sealLocal(key, utf8Encode('same'), 'aad')
      expect(toHex(a.subarray(0, 12))).to.not.equal(toHex(b.subarray(0, 12)))
    })
  })
})
