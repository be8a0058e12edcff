import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Checks that a request comes from someone who knows the keystore passphrase, without keeping the
 * passphrase: at start the daemon keeps only an HMAC of it under a key that lives and dies with the
 * process, and compares each presented passphrase's HMAC in constant time.
 */
export class PassphraseCheck {
  private readonly key = randomBytes(32)
  private readonly digest: Buffer

  constructor (passphrase: string) {
    if (typeof passphrase !== 'string' || passphrase.length === 0) throw new TypeError('"passphrase" expected a non-empty string')
    this.digest = this.hash(passphrase)
  }

  /** Whether `presented` is the passphrase the node was opened with. */
  matches (presented: string): boolean {
    if (typeof presented !== 'string') return false
    return timingSafeEqual(this.hash(presented), this.digest)
  }

  // NFKC as the keystore's KDF does, so a passphrase that opens the store directly is accepted here.
  private hash (passphrase: string): Buffer {
    return createHmac('sha256', this.key).update(passphrase.normalize('NFKC'), 'utf8').digest()
  }
}
