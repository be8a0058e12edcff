import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import * as OTPAuth from 'otpauth'
import { expectRelayError, totpAt } from '../helpers.js'
import { AccountsHarness, PASSWORD, DAY, STEP, wrongCode, caller, email } from './harness.js'

describe('Accounts: storage and metrics', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('storage', () => {
    /** Every way a secret could be written: raw bytes, text, hex, base64 and base64url. */
    function encodings (secret: Uint8Array): Buffer[] {
      const b = Buffer.from(secret)
      return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b.toString('base64').replace(/=+$/, '')), Buffer.from(b.toString('base64url'))]
    }

    /** Every stored key and value, read raw from LevelDB, plus every file in the database folder. */
    async function everything (): Promise<Buffer[]> {
      const out: Buffer[] = []
      for await (const [key, value] of h.db.level.iterator({ keyEncoding: 'view', valueEncoding: 'view' } as any) as AsyncIterable<[Uint8Array, Uint8Array]>) {
        out.push(Buffer.from(key), Buffer.from(value))
      }
      for (const file of await readdir(h.dir)) out.push(await readFile(join(h.dir, file)))
      return out
    }

    function expectAbsent (haystacks: Buffer[], needles: Buffer[], what: string): void {
      for (const h of haystacks) {
        for (const n of needles) expect(h.includes(n), `${what} found in storage`).to.equal(false)
      }
    }

    /** The 6-digit code as a stand-alone number (not a piece of a timestamp or hash). */
    function expectCodeAbsent (haystacks: Buffer[], code: string): void {
      const standalone = new RegExp(`(?<![0-9a-fA-F])${code}(?![0-9a-fA-F])`)
      for (const h of haystacks) expect(standalone.test(h.toString('latin1')), 'the verification code found in storage').to.equal(false)
      expectAbsent(haystacks, encodings(Buffer.from(code)).slice(1), 'the verification code')
    }

    it('never writes the password, the verification code or a session token', async () => {
      const password = 'Storage-Test passphrase 42'
      await h.accounts.register('hal', email('hal'), password, caller('hal'))
      const code = h.mailer.codeFor(email('hal'))
      const pending = await everything()
      expect(pending.some(b => b.includes(Buffer.from('hal@mail.test'))), 'the scan sees the stored account').to.equal(true)
      expectCodeAbsent(pending, code)
      expectAbsent(pending, encodings(Buffer.from(password)), 'the password')

      await h.accounts.verify('hal', code, caller('hal'))
      const { token } = await h.accounts.login('hal', password, undefined, caller('hal'))
      const after = await everything()
      expectCodeAbsent(after, code)
      expectAbsent(after, encodings(Buffer.from(password)), 'the password')
      expectAbsent(after, encodings(token), 'the session token')
    })

    it('never writes the TOTP secret or a recovery code in clear, nor the reset and email-change codes', async () => {
      const { secret } = await h.accounts.enrolTotp('una')
      const secretForms = [
        ...encodings(Buffer.from(secret)),
        Buffer.from(secret.toLowerCase()),
        ...encodings(OTPAuth.Secret.fromBase32(secret).bytes)
      ]
      const enrolled = await everything()
      expect(enrolled.some(b => b.includes(Buffer.from('pendingTotp'))), 'the scan sees the pending enrolment').to.equal(true)
      expectAbsent(enrolled, secretForms, 'the TOTP secret')

      const codes = await h.accounts.confirmTotp('una', totpAt(secret, h.clock), caller('una'))
      h.clock += STEP
      const more = await h.accounts.regenerateRecoveryCodes('una', { totpCode: totpAt(secret, h.clock) }, caller('una'))
      await h.accounts.requestPasswordReset('una')
      const resetCode = h.mailer.codeFor(email('una'))
      await h.accounts.changeEmail('una', 'una.new@mail.test')
      const changeCode = h.mailer.codeFor('una.new@mail.test')
      const stored = await everything()
      expect(stored.some(b => b.includes(Buffer.from('"recovery"'))), 'the scan sees the recovery MACs').to.equal(true)
      expectAbsent(stored, secretForms, 'the TOTP secret')
      for (const code of [...codes, ...more]) {
        const plain = code.replace('-', '')
        expectAbsent(stored, [Buffer.from(code), Buffer.from(code.toLowerCase()), Buffer.from(plain.toLowerCase()), ...encodings(Buffer.from(plain))], 'a recovery code')
      }
      expectCodeAbsent(stored, resetCode)
      expectCodeAbsent(stored, changeCode)
    })
  })

  describe('metrics', () => {
    it('counts password, emailed-code and second-factor checks, refusals and mails', async () => {
      const m = await h.fixture('metrics', { guess: { free: 1, baseMs: 60_000, maxMs: 60_000, forgetMs: DAY } })
      const mo = caller('mo')
      const counts = (): Record<string, number> => ({ ...m.metrics })
      await m.accounts.register('mo', email('mo'), PASSWORD, mo)
      expect(counts()).to.deep.equal({ passwordChecks: 0, secondFactorChecks: 0, emailCodeChecks: 0, rateLimited: 0, requestsRateLimited: 0, mailsSent: 1, mailsRefused: 0 })
      const code = m.mailer.codeFor(email('mo'))
      await expectRelayError(async () => { await m.accounts.verify('mo', wrongCode(code), mo) }, 'INVALID_CODE')
      await m.accounts.verify('mo', code, mo)
      expect(m.metrics.emailCodeChecks).to.equal(2)
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await m.accounts.login('mo', PASSWORD, undefined, mo)
      await expectRelayError(async () => await m.accounts.login('nobody', PASSWORD, undefined, mo), 'INVALID_CREDENTIALS')
      expect(m.metrics.passwordChecks).to.equal(3)
      const { secret } = await m.accounts.enrolTotp('mo')
      await expectRelayError(async () => await m.accounts.confirmTotp('mo', wrongCode(totpAt(secret, h.clock)), mo), 'INVALID_CODE')
      await m.accounts.confirmTotp('mo', totpAt(secret, h.clock), mo)
      h.clock += STEP
      await m.accounts.login('mo', PASSWORD, { totpCode: totpAt(secret, h.clock) }, mo)
      expect(m.metrics.secondFactorChecks).to.equal(3)
      expect(m.metrics.passwordChecks).to.equal(4)
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'INVALID_CREDENTIALS')
      await expectRelayError(async () => await m.accounts.login('mo', 'wrong', undefined, mo), 'RATE_LIMITED')
      expect(counts()).to.deep.equal({ passwordChecks: 6, secondFactorChecks: 3, emailCodeChecks: 2, rateLimited: 1, requestsRateLimited: 0, mailsSent: 1, mailsRefused: 0 })
      expect(m.metrics.render()).to.include('parley_password_checks_total 6\n').and.include('parley_rate_limited_total 1\n')
    })
  })
})
