/**
 * Protocol ids, versions and limits. Each limit says why it is the size it is; change one only
 * together with protocol/PROTOCOL.md, since a second implementation must agree on it.
 */

/** Version of the Parley wire protocol; every versioned frame (bundle, envelope) carries it first. */
export const PROTOCOL_VERSION = 1

/** Version written into and required of a `DeviceBundle` (one format so far). */
export const BUNDLE_VERSION = PROTOCOL_VERSION

/** Version written into and required of an `Envelope` (one format so far). */
export const ENVELOPE_VERSION = PROTOCOL_VERSION

/** Version carried first in every frame of the direct protocol (/parley/direct/1.0.0). */
export const DIRECT_VERSION = 1

/** Version of group frames (pb/group.proto: changes, sender keys, group messages). */
export const GROUP_VERSION = 1

/** Crypto suite 1, `hybrid-rsa-aes`: per-message AES-256-GCM key wrapped with RSA-OAEP-3072. */
export const SUITE_HYBRID_RSA_AES = 1

/** Envelope wire size limit: bounds relay mailbox storage and decode work per deposit. */
export const MAX_ENVELOPE_BYTES = 256 * 1024

/** A body of at most this many bytes always seals, whatever the device count (≤ 16 devices leave ~10 KiB overhead). */
export const MAX_BODY_BYTES = 240 * 1024

/** Longest text body, in UTF-8 bytes: a long letter, and a quarter of an envelope, so relays are not filled with walls of text. */
export const MAX_TEXT_BYTES = 64 * 1024

/** `Content.kind` of a text message: the body is UTF-8 text (see `decodeTextBody`). */
export const CONTENT_KIND_TEXT = 1

/** `Content.kind` of a delivery or read receipt: the body is a `Receipt` (see `decodeReceipt`). */
export const CONTENT_KIND_RECEIPT = 2

/** `Content.kind` of a signed group change (in group messages): the body is a `SignedGroupChange`. */
export const CONTENT_KIND_GROUP_CHANGE = 3
/** `Content.kind` of a member device's sender key (1:1): the body is a `SenderKeyDistribution`. */
export const CONTENT_KIND_SENDER_KEY = 4
/** `Content.kind` of an invitation to a group (1:1): the body is a `GroupInvite`. */
export const CONTENT_KIND_GROUP_INVITE = 5
/** `Content.kind` of a part of a group's state (in group messages): the body is a `GroupStatePart`. */
export const CONTENT_KIND_GROUP_STATE = 6
/** `Content.kind` of a group's manage key, to an admin (1:1): the body is a `GroupManage`. */
export const CONTENT_KIND_GROUP_MANAGE = 7
/** `Content.kind` of a file, photo or voice message: the body is a `FileMessage` (see `decodeFileMessage`). */
export const CONTENT_KIND_FILE = 8
/** `Content.kind` of a profile's key (1:1 and in group messages): the body is a `ProfileKey` (see `decodeProfileKey`). */
export const CONTENT_KIND_PROFILE = 9

/** Devices per envelope: each costs a 384-byte wrapped key, and a user rarely has more. */
export const MAX_RECIPIENT_DEVICES = 16

/** Random 128-bit message ids: collisions are negligible without any coordination. */
export const MESSAGE_ID_BYTES = 16

/** Signed bundle size limit: a bundle is ~0.6 KiB; the directory stores one per device. */
export const MAX_BUNDLE_BYTES = 8 * 1024

/** User names are short handles typed by people, not free text. */
export const MAX_NAME_LENGTH = 32

/** Relay names are DNS host names (RFC 1035 caps those at 253 characters), port included. */
export const MAX_RELAY_NAME_LENGTH = 253

/** Device ids are libp2p PeerId strings (~52 characters for Ed25519 keys); 128 leaves room for others. */
export const MAX_DEVICE_ID_LENGTH = 128

/** Conversation ids are opaque printable-ASCII ids; 128 characters fits any hash, UUID or address pair. */
export const MAX_CONVERSATION_ID_LENGTH = 128

/** Ed25519 public keys and seeds are 32 bytes (RFC 8032 §5.1.5). */
export const IDENTITY_KEY_BYTES = 32

/** Ed25519 signatures are 64 bytes (RFC 8032 §5.1.6). */
export const SIGNATURE_BYTES = 64

/** RSA modulus for device key exchange: 3072 bits gives ~128-bit security (NIST SP 800-57). */
export const RSA_MODULUS_BITS = 3072

/** RSA public exponent: 65537, the only one WebCrypto users meet in practice; anything else is suspect. */
export const RSA_PUBLIC_EXPONENT = 65537

/** An RSA-OAEP-3072 ciphertext is exactly the modulus size. */
export const WRAPPED_KEY_BYTES = RSA_MODULUS_BITS / 8

/** AES-256 content key length. */
export const CONTENT_KEY_BYTES = 32

/** AES-GCM nonce length: 96 bits, the size GCM is defined for without hashing (SP 800-38D §8.2). */
export const IV_BYTES = 12

/** AES-GCM authentication tag length: the full 128 bits. */
export const GCM_TAG_BYTES = 16

/** Sealed signature: a 12-byte nonce, then the encrypted 64-byte signature and its 16-byte tag. */
export const SEALED_SIGNATURE_BYTES = IV_BYTES + SIGNATURE_BYTES + GCM_TAG_BYTES

/** Envelope plaintexts are padded to a multiple of this, so ciphertext sizes leak less. */
export const PADDING_BLOCK_BYTES = 256

/** Domain separation for bundle signatures. */
export const BUNDLE_SIGNATURE_CONTEXT = 'parley/bundle/v1\0'

/** Domain separation for the envelope's AES-GCM additional data. */
export const ENVELOPE_AAD_CONTEXT = 'parley/envelope/v1\0'

/** Domain separation for the envelope signature, and the AAD of the sealed signature. */
export const ENVELOPE_SIGNATURE_CONTEXT = 'parley/envelope-sig/v1\0'

/**
 * Imported recipient RSA public keys one suite-1 instance keeps (LRU). Importing and validating
 * an SPKI key costs ~0.4 ms, more than the wrap itself, and a device writes to the same few
 * contacts over and over; 1,024 covers ~64 contacts with 16 devices each at ~2 KiB per entry.
 */
export const MAX_CACHED_RSA_PUBLIC_KEYS = 1024

/**
 * Ed25519 public keys one verifier keeps checked and imported (LRU): every known sender whose
 * messages a device opens; ~0.2 KiB each, so 1,024 contacts cost well under 1 MiB.
 */
export const MAX_CACHED_VERIFY_KEYS = 1024

/**
 * Ed25519 signing keys one signer keeps imported (LRU), each with its derived public key. A
 * device signs with its one identity key; a few more cover tests and benches with several.
 */
export const MAX_CACHED_SIGNING_KEYS = 4
