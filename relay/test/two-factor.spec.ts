import { randomBytes } from 'node:crypto'
import { expect } from 'chai'
import * as OTPAuth from 'otpauth'
import { RECOVERY_CODE_COUNT, TwoFactor } from '../src/two-factor.js'
import { deriveRelayKeys } from '../src/relay-keys.js'
import { totpAt } from './helpers.js'

const STEP = 30_000
/** The middle of a 30-second step, so ±1 step is never a rounding question. */
const NOW = Date.UTC(2030, 0, 1) + 12_345
const STEP_NOW = Math.floor(NOW / STEP)

describe('TwoFactor', () => {
  const twoFactor = new TwoFactor(deriveRelayKeys(new Uint8Array(randomBytes(32))), 'relay.test')
  const otherRelay = new TwoFactor(deriveRelayKeys(new Uint8Array(randomBytes(32))), 'relay.test')
  const { secret, uri } = twoFactor.newSecret('ann@relay.test')

  describe('newSecret', () => {
    it('makes a 160-bit base32 secret and an otpauth URI for it that authenticator apps read', () => {
      expect(secret).to.match(/^[A-Z2-7]{32}$/)
      const parsed = OTPAuth.URI.parse(uri)
      expect(parsed).to.be.instanceOf(OTPAuth.TOTP)
      expect(parsed).to.include({ issuer: 'Parley (relay.test)', label: 'ann@relay.test', digits: 6, period: 30, algorithm: 'SHA1' })
      expect(parsed.secret.base32).to.equal(secret)
      expect(twoFactor.newSecret('ann@relay.test').secret).to.not.equal(secret)
    })
  })

  describe('seal and open', () => {
    it('gives back the secret it sealed, under a fresh IV each time, with the secret not in the sealed text', () => {
      const a = twoFactor.seal('ann', secret)
      const b = twoFactor.seal('ann', secret)
      expect(a).to.not.equal(b)
      expect(twoFactor.open('ann', a)).to.equal(secret)
      expect(twoFactor.open('ann', b)).to.equal(secret)
      const raw = Buffer.from(a, 'base64')
      expect(raw).to.have.length(12 + secret.length + 16)
      expect(raw.includes(Buffer.from(secret))).to.equal(false)
      expect(a.includes(secret)).to.equal(false)
    })

    it('refuses to open a secret sealed for another name (the name is authenticated data)', () => {
      const sealed = twoFactor.seal('ann', secret)
      expect(() => twoFactor.open('bob', sealed)).to.throw()
      expect(() => twoFactor.open('ann ', sealed)).to.throw()
    })

    it('refuses a secret sealed under another relay key', () => {
      expect(() => otherRelay.open('ann', twoFactor.seal('ann', secret))).to.throw()
    })

    it('refuses the sealed secret with any single bit flipped', () => {
      const raw = Buffer.from(twoFactor.seal('ann', secret), 'base64')
      for (let i = 0; i < raw.length * 8; i++) {
        const flipped = Buffer.from(raw)
        flipped[i >> 3] = (flipped[i >> 3] as number) ^ (1 << (i & 7))
        expect(() => twoFactor.open('ann', flipped.toString('base64')), `bit ${i}`).to.throw()
      }
    })
  })

  describe('check', () => {
    it('accepts the current code and returns its time step', () => {
      expect(twoFactor.check(secret, totpAt(secret, NOW), 0, NOW)).to.equal(STEP_NOW)
    })

    it('accepts the codes of the previous and the next step (clock skew) and returns their steps', () => {
      expect(twoFactor.check(secret, totpAt(secret, NOW - STEP), 0, NOW)).to.equal(STEP_NOW - 1)
      expect(twoFactor.check(secret, totpAt(secret, NOW + STEP), 0, NOW)).to.equal(STEP_NOW + 1)
    })

    it('refuses codes two steps away', () => {
      const early = totpAt(secret, NOW - 2 * STEP)
      const late = totpAt(secret, NOW + 2 * STEP)
      // Six digits can collide; the test means something only when they differ from the accepted ones.
      const accepted = [-1, 0, 1].map(k => totpAt(secret, NOW + k * STEP))
      if (!accepted.includes(early)) expect(twoFactor.check(secret, early, 0, NOW)).to.equal(undefined)
      if (!accepted.includes(late)) expect(twoFactor.check(secret, late, 0, NOW)).to.equal(undefined)
      expect(accepted.includes(early) && accepted.includes(late), 'both codes collided').to.equal(false)
    })

    it('refuses a code whose step is not after the last accepted one (no replay)', () => {
      const code = totpAt(secret, NOW)
      expect(twoFactor.check(secret, code, STEP_NOW, NOW)).to.equal(undefined)
      expect(twoFactor.check(secret, code, STEP_NOW + 1, NOW)).to.equal(undefined)
      expect(twoFactor.check(secret, code, STEP_NOW - 1, NOW)).to.equal(STEP_NOW)
      // The previous step's code is refused once the current one was used.
      expect(twoFactor.check(secret, totpAt(secret, NOW - STEP), STEP_NOW, NOW)).to.equal(undefined)
    })

    it('refuses input that is not six digits, and the code of another secret', () => {
      const code = totpAt(secret, NOW)
      for (const bad of ['', code.slice(1), `${code}0`, `0${code}`, 'abcdef', `${code.slice(0, 5)}x`, `+${code.slice(1)}`, '１２３４５６']) {
        expect(twoFactor.check(secret, bad, 0, NOW), JSON.stringify(bad)).to.equal(undefined)
      }
      const other = twoFactor.newSecret('bob@relay.test').secret
      const otherCode = totpAt(other, NOW)
      if (otherCode !== code) expect(twoFactor.check(secret, otherCode, 0, NOW)).to.equal(undefined)
    })

    it('accepts the code with the spaces an app shows inside it', () => {
      const code = totpAt(secret, NOW)
      expect(twoFactor.check(secret, `${code.slice(0, 3)} ${code.slice(3)}`, 0, NOW)).to.equal(STEP_NOW)
    })
  })

  describe('recovery codes', () => {
    const { codes, macs } = twoFactor.newRecoveryCodes('ann')

    it(`makes ${RECOVERY_CODE_COUNT} distinct codes of the form XXXXX-XXXXX without 0, O, 1 or I`, () => {
      expect(RECOVERY_CODE_COUNT).to.equal(10)
      expect(codes).to.have.length(10)
      expect(new Set(codes).size).to.equal(10)
      for (const code of codes) expect(code).to.match(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/)
      expect(macs).to.have.length(10)
      expect(new Set(macs).size).to.equal(10)
      const another = twoFactor.newRecoveryCodes('ann').codes
      expect(another.filter(c => codes.includes(c))).to.deep.equal([])
    })

    it('finds the index of a code whatever its case, dashes and spaces', () => {
      codes.forEach((code, i) => {
        expect(twoFactor.matchRecovery('ann', code, macs)).to.equal(i)
        expect(twoFactor.matchRecovery('ann', code.toLowerCase(), macs)).to.equal(i)
        expect(twoFactor.matchRecovery('ann', code.replace('-', ''), macs)).to.equal(i)
        expect(twoFactor.matchRecovery('ann', ` ${code.slice(0, 3)} ${code.slice(3).toLowerCase()} `, macs)).to.equal(i)
      })
    })

    it('answers -1 for a wrong code, a code of another name or relay, and no stored codes', () => {
      const code = codes[0] as string
      const wrong = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`
      expect(twoFactor.matchRecovery('ann', wrong, macs)).to.equal(-1)
      expect(twoFactor.matchRecovery('ann', '', macs)).to.equal(-1)
      expect(twoFactor.matchRecovery('bob', code, macs)).to.equal(-1)
      expect(otherRelay.matchRecovery('ann', code, macs)).to.equal(-1)
      expect(twoFactor.matchRecovery('ann', code, [])).to.equal(-1)
      expect(twoFactor.matchRecovery('ann', code, ['', 'zz', 'ab'.repeat(16)])).to.equal(-1)
    })

    it('stores MACs (64 hex digits) that do not contain the codes', () => {
      for (const mac of macs) {
        expect(mac).to.match(/^[0-9a-f]{64}$/)
        for (const code of codes) {
          for (const form of [code, code.replace('-', ''), code.toLowerCase(), code.replace('-', '').toLowerCase(), Buffer.from(code.replace('-', '')).toString('hex')]) {
            expect(mac.includes(form)).to.equal(false)
          }
        }
      }
    })
  })
})
