import { expect } from 'chai'
import type { Caller } from '../../src/accounts.js'
import { expectRelayError, totpAt, type AccountsFixture } from '../helpers.js'
import { AccountsHarness, PASSWORD, DAY, STEP, wrongCode, caller, email } from './harness.js'

describe('Accounts: guessing limits', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('guessing limits', () => {
    /** Small budgets so a test reaches them quickly; time is the test h.clock. */
    const GUESS = { free: 2, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
    /** Large here, so only the per-account buckets bind; the per-source ones are tested below. */
    const LOOSE = { free: 50, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
    /** 200 attempts, one every 50 ms. */
    const ATTEMPTS = 200
    const GAP_MS = 50
    const SPAN_MS = ATTEMPTS * GAP_MS
    /** What the policy lets through the account's bucket for new devices in SPAN_MS (see BackoffPolicy). */
    const BOUND = GUESS.free + 1 + Math.floor(Math.log2(SPAN_MS / GUESS.baseMs + 1))
    let g: AccountsFixture

    before(async () => {
      g = await h.fixture('guessing', { guess: GUESS, guessPerSource: LOOSE })
      await h.registerVerified(g, ['vic', 'val', 'kim', 'vera'])
      // vic's laptop becomes known by logging in once.
      await g.accounts.login('vic', PASSWORD, undefined, caller('vic', 'laptop'))
    })

    it(`lets ${ATTEMPTS} wrong passwords from ${ATTEMPTS} new devices on one IP over ${SPAN_MS / 1000} s cost at most free + 1 + ⌊log2(T/base + 1)⌋ = ${BOUND} password checks, and vic's known devices still log in`, async () => {
      const checks = g.metrics.passwordChecks
      const limited = g.metrics.rateLimited
      for (let i = 0; i < ATTEMPTS; i++) {
        h.clock = h.start + i * GAP_MS
        const stranger = { peerId: `12D3KooW-stranger-${i}`, ip: '203.0.113.7' }
        const err = await g.accounts.login('vic', `guess ${i}`, undefined, stranger).then(() => undefined, (e: { code?: string }) => e)
        expect(err?.code).to.be.oneOf(['INVALID_CREDENTIALS', 'RATE_LIMITED'])
      }
      const spent = g.metrics.passwordChecks - checks
      expect(spent).to.be.at.most(BOUND)
      expect(spent, 'the strangers got their free guesses').to.be.greaterThan(GUESS.free)
      expect(g.metrics.rateLimited - limited).to.equal(ATTEMPTS - spent)
      // The strangers' bucket is locked, so a new device is refused even with the right password...
      const locked = await expectRelayError(async () => await g.accounts.login('vic', PASSWORD, undefined, caller('vic', 'new tablet')), 'RATE_LIMITED')
      expect(locked.retryAfterMs).to.be.greaterThan(0)
      // ...but the device that registered and the one that logged in before have budgets of their own.
      await g.accounts.login('vic', PASSWORD, undefined, caller('vic'))
      await g.accounts.login('vic', PASSWORD, undefined, { ...caller('vic', 'laptop'), ip: '203.0.113.7' })
    })

    it(`lets 200 simultaneous wrong passwords from new devices cost exactly free + 1 = ${GUESS.free + 1} password checks`, async () => {
      const checks = g.metrics.passwordChecks
      const outcomes = await Promise.allSettled(Array.from({ length: 200 }, async (_, i) =>
        await g.accounts.login('val', `guess ${i}`, undefined, { peerId: `12D3KooW-crowd-${i}`, ip: '203.0.113.8' })))
      const codes = outcomes.map(o => o.status === 'rejected' ? o.reason.code : 'LOGGED_IN')
      expect(codes.filter(c => c === 'INVALID_CREDENTIALS')).to.have.length(GUESS.free + 1)
      expect(codes.filter(c => c === 'RATE_LIMITED')).to.have.length(200 - GUESS.free - 1)
      expect(g.metrics.passwordChecks - checks).to.equal(GUESS.free + 1)
      await g.accounts.login('val', PASSWORD, undefined, caller('val'))
    })

    it('gives a known device its budget back after a right password', async () => {
      const kim = caller('kim')
      for (let i = 0; i < GUESS.free; i++) await expectRelayError(async () => await g.accounts.login('kim', 'wrong', undefined, kim), 'INVALID_CREDENTIALS')
      await g.accounts.login('kim', PASSWORD, undefined, kim)
      for (let i = 0; i < GUESS.free + 1; i++) await expectRelayError(async () => await g.accounts.login('kim', 'wrong', undefined, kim), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await g.accounts.login('kim', PASSWORD, undefined, kim), 'RATE_LIMITED')
      h.clock = h.start + GUESS.baseMs
      await g.accounts.login('kim', PASSWORD, undefined, kim)
    })

    it('counts a right password as a guess until the second factor is right too', async () => {
      const { secret } = await h.enableTotp(g, 'val')
      const val = caller('val')
      const checks = g.metrics.passwordChecks
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => await g.accounts.login('val', PASSWORD, undefined, val), 'SECOND_FACTOR_REQUIRED')
      }
      await expectRelayError(async () => await g.accounts.login('val', PASSWORD, { totpCode: totpAt(secret, h.clock + STEP) }, val), 'RATE_LIMITED')
      expect(g.metrics.passwordChecks - checks).to.equal(GUESS.free + 1)
      h.clock = h.start + GUESS.baseMs
      await g.accounts.login('val', PASSWORD, { totpCode: totpAt(secret, h.clock + STEP) }, val)
      // The full login cleared the count: the next attempt is not locked.
      await expectRelayError(async () => await g.accounts.login('val', PASSWORD, undefined, val), 'SECOND_FACTOR_REQUIRED')
    })

    it('limits guesses at second factors and emailed codes per device too', async () => {
      const { secret } = await h.enableTotp(g, 'vera')
      const vera = caller('vera')
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => await g.accounts.regenerateRecoveryCodes('vera', { totpCode: wrongCode(totpAt(secret, h.clock + STEP)) }, vera), 'INVALID_CODE')
      }
      await expectRelayError(async () => await g.accounts.regenerateRecoveryCodes('vera', { totpCode: totpAt(secret, h.clock + STEP) }, vera), 'RATE_LIMITED')
      await expectRelayError(async () => await g.accounts.disableTotp('vera', { recoveryCode: 'AAAAA-AAAAA' }, vera), 'RATE_LIMITED')
      await g.accounts.changeEmail('vera', 'vera.new@mail.test')
      const code = g.mailer.codeFor('vera.new@mail.test')
      for (let i = 0; i < GUESS.free + 1; i++) {
        await expectRelayError(async () => { await g.accounts.confirmEmail('vera', wrongCode(code), vera) }, 'INVALID_CODE')
      }
      await expectRelayError(async () => { await g.accounts.confirmEmail('vera', code, vera) }, 'RATE_LIMITED')
      expect((await g.accounts.info('vera')).email).to.equal(email('vera'))
    })

    describe('per source', () => {
      /** Each peer and each IP address gets this many checks across all h.accounts. */
      const PER_SOURCE = { free: 2, baseMs: 1000, maxMs: 60_000, forgetMs: DAY }
      let s: AccountsFixture

      /** Wrong passwords at `names` until the first RATE_LIMITED; returns how many were checked. */
      async function spray (names: string[], from: (i: number) => Caller): Promise<number> {
        let checked = 0
        for (const [i, name] of names.entries()) {
          const err = await s.accounts.login(name, 'password123', undefined, from(i)).then(() => undefined, (e: { code?: string }) => e)
          if (err?.code === 'RATE_LIMITED') break
          expect(err?.code).to.equal('INVALID_CREDENTIALS')
          checked++
        }
        return checked
      }

      before(async () => {
        s = await h.fixture('guessing-sources', { guess: LOOSE, guessPerSource: PER_SOURCE })
        await s.accounts.register('kim', email('kim'), PASSWORD, caller('kim'))
      })

      it(`stops one IP address after free + 1 = ${PER_SOURCE.free + 1} checks across h.accounts, but not known devices behind it or other addresses`, async () => {
        const ip = '198.51.100.1'
        const checks = s.metrics.passwordChecks
        expect(await spray(Array.from({ length: 10 }, (_, i) => `spray${i}`), i => ({ peerId: `12D3KooW-sprayer-${i}`, ip }))).to.equal(PER_SOURCE.free + 1)
        expect(s.metrics.passwordChecks - checks).to.equal(PER_SOURCE.free + 1)
        await expectRelayError(async () => await s.accounts.login('kim', PASSWORD, undefined, { peerId: '12D3KooW-kim-new', ip }), 'RATE_LIMITED')
        await s.accounts.login('kim', PASSWORD, undefined, { ...caller('kim'), ip })
        await expectRelayError(async () => await s.accounts.login('spray99', 'password123', undefined, { peerId: '12D3KooW-sprayer-99', ip: '198.51.100.2' }), 'INVALID_CREDENTIALS')
      })

      it('does not reset a per-source budget when the guesser logs in to an account of their own', async () => {
        const ip = '198.51.100.77'
        const mallory = { peerId: '12D3KooW-mallory', ip }
        await s.accounts.register('mallory', email('mallory'), PASSWORD, { peerId: '12D3KooW-mallory-home', ip: '198.51.100.78' })
        const checks = s.metrics.passwordChecks
        let guesses = 0
        for (let i = 0; i < 10; i++) {
          const err = await s.accounts.login(`victim${i}`, 'password123', undefined, { peerId: `12D3KooW-fresh-${i}`, ip }).then(() => undefined, (e: { code?: string }) => e)
          if (err?.code === 'RATE_LIMITED') break
          guesses++
          // A success from the same address, on an account the guesser owns, between guesses.
          await s.accounts.login('mallory', PASSWORD, undefined, { ...mallory, peerId: `12D3KooW-mallory-${i}` }).catch(() => {})
        }
        expect(guesses, 'the per-IP budget still ran out').to.be.at.most(PER_SOURCE.free + 1)
        expect(s.metrics.passwordChecks - checks).to.be.at.most(2 * (PER_SOURCE.free + 1))
      })

      it('counts two IPv6 addresses in one /64 as one source, and another /64 apart', async () => {
        // One host is routinely given a whole /64: a guesser rotating addresses in it is still one source.
        const inNet = (i: number): string => `2001:db8:7:1:${(i + 1).toString(16)}::${i + 7}`
        expect(await spray(['six0', 'six1', 'six2', 'six3', 'six4'], i => ({ peerId: `12D3KooW-six-${i}`, ip: inNet(i % 2) }))).to.equal(PER_SOURCE.free + 1)
        await expectRelayError(async () => await s.accounts.login('six9', 'password123', undefined, { peerId: '12D3KooW-six-9', ip: '2001:db8:7:1::beef' }), 'RATE_LIMITED')
        await expectRelayError(async () => await s.accounts.login('six9', 'password123', undefined, { peerId: '12D3KooW-six-10', ip: '2001:db8:7:2::1' }), 'INVALID_CREDENTIALS')
      })

      it(`stops one PeerId after free + 1 = ${PER_SOURCE.free + 1} checks across h.accounts, whatever its IP address`, async () => {
        const peerId = '12D3KooW-roamer'
        expect(await spray(Array.from({ length: 10 }, (_, i) => `roam${i}`), i => ({ peerId, ip: `192.0.2.${i}` }))).to.equal(PER_SOURCE.free + 1)
        await expectRelayError(async () => await s.accounts.login('roam99', 'password123', undefined, { peerId: '12D3KooW-other', ip: '192.0.2.200' }), 'INVALID_CREDENTIALS')
      })
    })
  })
})
