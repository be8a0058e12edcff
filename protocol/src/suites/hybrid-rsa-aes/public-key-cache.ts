/**
 * Recipient RSA public keys imported and validated once per key, not once per message: the
 * import, the canonical-DER re-export and the shape check cost more than the RSA wrap itself.
 */
import { MAX_CACHED_RSA_PUBLIC_KEYS } from '../../constants.js'
import { toBase64 } from '../../bytes.js'
import { importRsaPublicKey } from '../../keys.js'
import { LruCache } from '../../lru.js'

/** An LRU of imported RSA-OAEP public keys keyed by their SPKI bytes; one per suite instance. */
export class RsaPublicKeyCache {
  private readonly keys: LruCache<string, Promise<CryptoKey>>

  /** At most `max` keys (MAX_CACHED_RSA_PUBLIC_KEYS by default); 0 imports every time. */
  constructor (max: number = MAX_CACHED_RSA_PUBLIC_KEYS) {
    this.keys = new LruCache(max)
  }

  /** Keys held. */
  get size (): number { return this.keys.size }

  /**
   * The imported key of `spki`, validated as `importRsaPublicKey` does (INVALID_FIELD). A key
   * that fails is not remembered, so the same bytes fail the same way every time.
   */
  async import (spki: Uint8Array): Promise<CryptoKey> {
    if (!(spki instanceof Uint8Array)) throw new TypeError('"spki" expected Uint8Array')
    // The exact bytes are the key: two encodings of one key are two entries (and one is refused).
    const id = toBase64(spki)
    let entry = this.keys.get(id)
    if (entry === undefined) {
      entry = importRsaPublicKey(spki.slice())
      this.keys.set(id, entry)
      entry.catch(() => { if (this.keys.get(id) === entry) this.keys.delete(id) })
    }
    return await entry
  }
}
