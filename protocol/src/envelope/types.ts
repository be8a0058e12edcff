/**
 * The domain types of envelopes, shared by the frame code and every crypto suite. The wire
 * types live in pb/envelope.ts and are converted at the edge.
 */
import type { ContentKind } from '../kinds/index.js'

export type { ContentKind } from '../kinds/index.js'

/** The decrypted inside of an envelope (domain type; the wire type lives in pb/envelope.ts). */
export interface Content {
  /** The sender, canonical `name@relay`. */
  sender: string
  /** The sending device's PeerId string. */
  senderDevice: string
  /** The sender's Ed25519 identity public key, 32 bytes; must match the key the recipient knows. */
  senderIdentityKey: Uint8Array
  /** When the sender sent it, ms since the Unix epoch (sender's clock, not verified). */
  sentAt: number
  /** Conversation id, 1-128 printable ASCII characters (no spaces), opaque to the protocol. */
  conversation: string
  /** What the body is. */
  kind: ContentKind
  /** The message body; its format depends on `kind`. */
  body: Uint8Array
}

/** One device to wrap the content key for, from its verified bundle. */
export interface RecipientDevice {
  /** The device's PeerId string (`DeviceBundle.peerId`). */
  deviceId: string
  /** The device's RSA-OAEP-3072 public key, SPKI DER (`DeviceBundle.rsaPublicKey`). */
  rsaPublicKey: Uint8Array
}

/** Arguments of `seal`. */
export interface SealOptions {
  /** The user whose devices are listed, `name@relay` (the sender's own address for sync copies). */
  recipient: string
  /** 1-16 devices of `recipient`, each getting a wrapped copy of the content key. */
  devices: RecipientDevice[]
  /** What to send; `senderIdentityKey` must belong to `identityPrivateKey`. */
  content: Content
  /** The sender's Ed25519 identity private key seed. */
  identityPrivateKey: Uint8Array
  /** When relays may drop the envelope, ms since the Unix epoch. */
  expiresAt: number
  /** The crypto suite to seal with; SUITE_HYBRID_RSA_AES by default. */
  suite?: number
  /** A fixed 16-byte message id, for tests and vectors; random by default. */
  messageId?: Uint8Array
  /** Randomness source, for deterministic vectors; `crypto.getRandomValues` by default. */
  random?: (n: number) => Uint8Array
}

/** The result of `seal`. */
export interface SealedEnvelope {
  /** The `Envelope` frame to deliver. */
  bytes: Uint8Array
  /** Its 16-byte message id. */
  messageId: Uint8Array
}

/** The relay-visible facts of an envelope, as validated by `inspectEnvelope`. */
export interface EnvelopeHeaderInfo {
  /** Envelope format version (ENVELOPE_VERSION). */
  version: number
  /** Crypto suite id (SUITE_HYBRID_RSA_AES is the only one so far). */
  suite: number
  /** The 16-byte message id. */
  messageId: Uint8Array
  /** The message id as lowercase hex, handy as a storage key. */
  messageIdHex: string
  /** The recipient user, canonical `name@relay`. */
  recipient: string
  /** When relays may drop it, ms since the Unix epoch. */
  expiresAt: number
  /** Ciphertext length in bytes, tag included. */
  contentSize: number
  /** PeerIds of the devices holding a wrapped key, in wire order. */
  deviceIds: string[]
  /** Size of the whole frame in bytes. */
  size: number
}

/** Arguments of `open`. */
export interface OpenOptions {
  /** This device's PeerId string. */
  deviceId: string
  /** This device's private key for the envelope's suite (suite 1: RSA, an imported CryptoKey or PKCS#8 DER). */
  rsaPrivateKey: CryptoKey | Uint8Array
  /**
   * The identity key this device knows (pinned) for `sender`, or undefined if none. Errors it
   * throws propagate unchanged.
   */
  resolveIdentityKey: (sender: string) => Promise<Uint8Array | undefined>
  /** The user this device belongs to; MISMATCH if the envelope is addressed to another. */
  expectedRecipient?: string
  /** Current time for the `expired` flag, ms since the Unix epoch; Date.now() by default. */
  now?: number
}

/** The result of `open`. */
export interface OpenedEnvelope {
  /** The validated relay-visible header. */
  header: EnvelopeHeaderInfo
  /** The authenticated content. */
  content: Content
  /** True when `header.expiresAt <= now`; reported, not enforced (relays drop expired mail). */
  expired: boolean
}
