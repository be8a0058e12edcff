import { expect } from 'chai'
import { hashPassword, verifyPassword } from '../src/password.js'
import { SCRYPT_PARAMS } from '../src/constants.js'

describe('password', function () {
  // Each scrypt run costs ~0.3 s here: hash once and reuse it.
  this.timeout(20_000)
  const password = 'correct horse battery staple'
  let stored: string

  before(async () => {
    stored = await hashPassword(password)
  })

  describe('hashPassword', () => {
    it('writes scrypt$N$r$p$salt$hash with the configured cost, a 16-byte salt and a 32-byte hash', () => {
      const parts = stored.split('$')
      expect(parts).to.have.length(6)
      expect(parts.slice(0, 4)).to.deep.equal(['scrypt', String(SCRYPT_PARAMS.N), String(SCRYPT_PARAMS.r), String(SCRYPT_PARAMS.p)])
      expect(Buffer.from(parts[4] ?? '', 'base64')).to.have.length(16)
      expect(Buffer.from(parts[5] ?? '', 'base64')).to.have.length(SCRYPT_PARAMS.keyLength)
    })

    it('never contains the password', () => {
      expect(stored).to.not.include(password)
      expect(stored).to.not.include(Buffer.from(password).toString('base64'))
      expect(stored).to.not.include(Buffer.from(password).toString('hex'))
    })

    it('gives two different hashes for the same password (fresh salt)', async () => {
      const again = await hashPassword(password)
      expect(again).to.not.equal(stored)
      expect(again.split('$')[4]).to.not.equal(stored.split('$')[4])
    })
  })

  describe('verifyPassword', () => {
    it('accepts the right password', async () => {
      expect(await verifyPassword(password, stored)).to.equal(true)
    })

    it('refuses a wrong password', async () => {
      expect(await verifyPassword('correct horse battery stapler', stored)).to.equal(false)
    })

    it('treats compatibility forms of a password as the same (NFKC)', async () => {
      const ligature = await hashPassword('\uFB01ve apples')
      expect(await verifyPassword('five apples', ligature)).to.equal(true)
    })

    it('refuses malformed stored hashes without throwing', async () => {
      expect(await verifyPassword(password, '')).to.equal(false)
      expect(await verifyPassword(password, 'bcrypt$2$8$1$c2FsdA==$aGFzaA==')).to.equal(false)
      expect(await verifyPassword(password, stored.split('$').slice(0, 5).join('$'))).to.equal(false)
    })

    it('refuses every password against a stored hash with an empty or short hash part', async () => {
      const parts = stored.split('$')
      expect(await verifyPassword(password, [...parts.slice(0, 5), ''].join('$'))).to.equal(false)
      expect(await verifyPassword('', [...parts.slice(0, 5), ''].join('$'))).to.equal(false)
      expect(await verifyPassword(password, [...parts.slice(0, 5), 'AAAA'].join('$'))).to.equal(false)
    })

    it('refuses malformed cost parameters without throwing', async () => {
      const parts = stored.split('$')
      for (const [i, value] of [[1, 'x'], [1, ''], [1, '-1'], [2, '0'], [3, '1.5']] as const) {
        const damaged = parts.slice()
        damaged[i] = value
        expect(await verifyPassword(password, damaged.join('$')), `${i}=${value}`).to.equal(false)
      }
    })

    it('refuses a stored hash whose hash part was altered', async () => {
      const parts = stored.split('$')
      const hash = Buffer.from(parts[5] ?? '', 'base64')
      hash[0] = (hash[0] ?? 0) ^ 1
      parts[5] = hash.toString('base64')
      expect(await verifyPassword(password, parts.join('$'))).to.equal(false)
    })
  })
})
