import { hkdfSync } from 'node:crypto'

/**
 * Keys the relay derives (HKDF-SHA-256) from the secret in `<data>/secret.key`, a file outside
 * LevelDB: a copy of the database alone does not give them.
 */
export interface RelayKeys {
  /** MACs email verification, email change and password reset codes. */
  codeMac: Uint8Array
  /** MACs recovery codes (they carry 50 bits, so a keyed MAC is enough, and unguessable without this key). */
  recoveryMac: Uint8Array
  /** Encrypts TOTP secrets at rest (AES-256-GCM). */
  totpEncryption: Uint8Array
  /** Keys rate-limit buckets that would otherwise name an email address. */
  limitKey: Uint8Array
  /** Keys the per-(sender, recipient) mailbox records, so the database alone does not name who writes to whom. */
  pairKey: Uint8Array
}

/** Derives the relay's purpose-bound keys from its secret. */
export function deriveRelayKeys (secret: Uint8Array): RelayKeys {
  const derive = (info: string): Uint8Array => new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), `parley/relay/${info}`, 32))
  return { codeMac: derive('code-mac'), recoveryMac: derive('recovery-mac'), totpEncryption: derive('totp-encryption'), limitKey: derive('limit-key'), pairKey: derive('mail-pair') }
}
