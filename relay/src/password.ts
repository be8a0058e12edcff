import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { SCRYPT_PARAMS } from './constants.js'

function scryptAsync (password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => { if (err != null) reject(err); else resolve(key) })
  })
}

/** A stored password hash: `scrypt$N$r$p$salt$hash` (base64), memory-hard and salted. */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const { N, r, p, keyLength, maxmem } = SCRYPT_PARAMS
  const key = await scryptAsync(password, salt, keyLength, { N, r, p, maxmem })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64')
  // Fail closed on a damaged record: an empty hash part would otherwise match every password.
  if (expected.length < 16 || ![n, r, p].every(v => /^[1-9][0-9]{0,9}$/.test(v))) return false
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT_PARAMS.maxmem
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

