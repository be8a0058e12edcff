import { createEnvelopes, importRsaPrivateKey, type Ed25519, type Content, type ContentKind, type DeviceBundle, type OpenedEnvelope } from '@parley/protocol'
import { MESSAGE_TTL_MS } from '../constants.js'
import type { Clock } from '../components.js'
import type { KeyMaterial } from '../keystore.js'

/** A sealed envelope with what went into it (the content is kept for the copy to own devices). */
export interface Sealed {
  bytes: Uint8Array
  messageId: Uint8Array
  content: Content
  expiresAt: number
}

/** What sealing one content needs. */
export interface SealRequest {
  /** This user's address (the content's sender). */
  sender: string
  /** The recipient user (or this user, for a copy to own devices). */
  recipient: string
  /** The conversation the content belongs to. */
  conversation: string
  kind: ContentKind
  body: Uint8Array
  bundles: DeviceBundle[]
  messageId?: Uint8Array
  sentAt?: number
}

/**
 * This device's sealing and opening, through one set of protocol suites for the node's lifetime:
 * the device's RSA private key is imported into WebCrypto once, on the first envelope opened;
 * recipients' RSA public keys and the Ed25519 keys once per key (the suites' bounded caches), and
 * Ed25519 goes through WebCrypto where the platform has it (protocol checks that it judges every
 * signature as the strict rules do).
 */
export class DeviceCrypto {
  private rsaKey?: Promise<CryptoKey>
  private readonly envelopes

  /** `ed25519` is the node's one instance when given (shared with the directory), else one of its own. */
  constructor (private readonly components: { clock: Clock, ed25519?: Ed25519 }, private readonly init: { keys: KeyMaterial, deviceId: string }) {
    this.envelopes = createEnvelopes(components.ed25519 !== undefined ? { hybridRsaAes: { ed25519: components.ed25519 } } : {})
  }

  /** Seals a content for every device in `bundles`; it expires MESSAGE_TTL_MS after it was sent. */
  async seal (request: SealRequest): Promise<Sealed> {
    const { keys, deviceId } = this.init
    const sentAt = request.sentAt ?? this.components.clock.now()
    const content: Content = { sender: request.sender, senderDevice: deviceId, senderIdentityKey: keys.identity.publicKey, sentAt, conversation: request.conversation, kind: request.kind, body: request.body }
    const expiresAt = sentAt + MESSAGE_TTL_MS
    const sealed = await this.sealContent(request.recipient, content, request.bundles, expiresAt, request.messageId)
    return { bytes: sealed.bytes, messageId: sealed.messageId, content, expiresAt }
  }

  /** Seals an existing content again, for other devices (the copy of a sent message to this user's other devices). */
  async reseal (recipient: string, content: Content, bundles: DeviceBundle[], expiresAt: number, messageId: Uint8Array): Promise<Uint8Array> {
    return (await this.sealContent(recipient, content, bundles, expiresAt, messageId)).bytes
  }

  /** Opens an envelope addressed to this device (and to `expectedRecipient`), checking its sender with `identityOf`. */
  async open (envelope: Uint8Array, options: { expectedRecipient?: string, identityOf: (sender: string) => Promise<Uint8Array | undefined> }): Promise<OpenedEnvelope> {
    return await this.envelopes.open(envelope, {
      deviceId: this.init.deviceId,
      rsaPrivateKey: await this.privateKey(),
      ...(options.expectedRecipient !== undefined ? { expectedRecipient: options.expectedRecipient } : {}),
      resolveIdentityKey: options.identityOf
    })
  }

  /** The RSA private key as a WebCrypto key, imported once. */
  private async privateKey (): Promise<CryptoKey> {
    this.rsaKey ??= importRsaPrivateKey(this.init.keys.rsa.privateKey)
    try {
      return await this.rsaKey
    } catch (err) {
      // A failed import is tried again next time rather than remembered.
      this.rsaKey = undefined
      throw err
    }
  }

  private async sealContent (recipient: string, content: Content, bundles: DeviceBundle[], expiresAt: number, messageId?: Uint8Array): Promise<{ bytes: Uint8Array, messageId: Uint8Array }> {
    return await this.envelopes.seal({
      recipient,
      devices: bundles.map(b => ({ deviceId: b.peerId, rsaPublicKey: b.rsaPublicKey })),
      content,
      identityPrivateKey: this.init.keys.identity.privateKey,
      expiresAt,
      ...(messageId !== undefined ? { messageId } : {})
    })
  }
}
