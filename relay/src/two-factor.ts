import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import * as OTPAuth from 'otpauth'

/** RFC 6238 parameters: 30-second steps, 6 digits, HMAC-SHA-1 (what authenticator apps expect). */
const PERIOD_S = 30
const DIGITS = 6
/** Steps of clock skew tolerated either side (RFC 6238 §5.2 recommends at most one). */
const WINDOW = 1
/** Recovery codes per set. */
export const RECOVERY_CODE_COUNT = 10
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // 32 symbols, no 0/O or 1/I: 5 bits each

/** TOTP secrets (encrypted at rest) and recovery codes (stored as keyed MACs). */
export class TwoFactor {
  constructor (private readonly keys: { totpEncryption: Uint8Array, recoveryMac: Uint8Array }, private readonly issuer: string) {}

  /** A fresh secret (160 bits, RFC 4226 §4) and its otpauth:// URI for `label` (the user's address). */
  newSecret (label: string): { secret: string, uri: string } {
    const secret = new OTPAuth.Secret({ size: 20 })
    const totp = new OTPAuth.TOTP({ issuer: `Parley (${this.issuer})`, label, secret, period: PERIOD_S, digits: DIGITS, algorithm: 'SHA1' })
    return { secret: secret.base32, uri: totp.toString() }
  }

  /** AES-256-GCM under the relay's TOTP key, bound to the account name: iv | ciphertext | tag, base64. */
  seal (name: string, secret: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.keys.totpEncryption, iv)
    cipher.setAAD(Buffer.from(`parley/totp/v1\0${name}`))
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
    return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64')
  }

  /** Decrypts what `seal` made for the same name. */
  open (name: string, sealed: string): string {
    const raw = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.keys.totpEncryption, raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(`parley/totp/v1\0${name}`))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')
  }

  /**
   * The time step a code is valid for (within ±1 step of `now`), if it is later than `lastStep`:
   * a code is accepted once, and never one older than the last accepted (no replay in its window).
   */
  check (secret: string, code: string, lastStep: number, now: number): number | undefined {
    const token = code.replace(/\s+/g, '')
    if (!/^\d{6}$/.test(token)) return undefined
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: PERIOD_S, digits: DIGITS, algorithm: 'SHA1' })
    const delta = totp.validate({ token, timestamp: now, window: WINDOW })
    if (delta === null) return undefined
    const step = Math.floor(now / 1000 / PERIOD_S) + delta
    return step > lastStep ? step : undefined
  }

  /** A new set of recovery codes (`XXXXX-XXXXX`, 50 bits each) and the MACs to store instead of them. */
  newRecoveryCodes (name: string): { codes: string[], macs: string[] } {
    const codes: string[] = []
    for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
      const bytes = randomBytes(10)
      const chars = [...bytes].map(b => RECOVERY_ALPHABET[b & 31]).join('')
      codes.push(`${chars.slice(0, 5)}-${chars.slice(5)}`)
    }
    return { codes, macs: codes.map(c => this.recoveryMac(name, c)) }
  }

  /** Which stored MAC a recovery code matches, compared in constant time; -1 if none. */
  matchRecovery (name: string, code: string, macs: string[]): number {
    const given = Buffer.from(this.recoveryMac(name, code), 'hex')
    let found = -1
    macs.forEach((mac, i) => {
      const stored = Buffer.from(mac, 'hex')
      if (stored.length === given.length && timingSafeEqual(stored, given) && found === -1) found = i
    })
    return found
  }

  private recoveryMac (name: string, code: string): string {
    const normal = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
    return createHmac('sha256', this.keys.recoveryMac).update(`recovery\0${name}\0${normal}`).digest('hex')
  }
}
