/**
 * Sender keys (PROTOCOL.md "Sender keys"): each member device has, per group epoch, a chain key
 * ratcheted forward with HKDF-SHA256 for every message it sends, and an Ed25519 signing key. A
 * chain reaches the other members' devices once, as the body of a `sender-key` content inside 1:1
 * envelopes; after that a group message costs one encryption and one signature.
 *
 * Chain step i: message key material = HKDF(chain_i, info "parley/group/message/v1") (44 bytes:
 * an AES-256 key, then a 12-byte nonce), chain_{i+1} = HKDF(chain_i, info "parley/group/chain/v1").
 * A used or skipped key is forgotten once its message is read; a chain cannot be run backwards.
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { GROUP_VERSION, IDENTITY_KEY_BYTES } from '../constants.js'
import { ProtocolError } from '../errors.js'
import { fromHex, randomBytes, toHex, utf8Encode } from '../bytes.js'
import { identityPublicKey } from '../keys.js'
import { bufferSource, decodeFrame, safeMillis } from '../wire.js'
import { SENDER_KEY_DISTRIBUTION } from '../schemas.js'
import * as pb from '../pb/group.js'
import { GROUP_ID_BYTES } from './state.js'

/** A sender key's id: 16 random bytes. */
export const SENDER_KEY_ID_BYTES = 16
/** A chain key: 32 bytes. */
export const CHAIN_KEY_BYTES = 32
/** Message keys a receiver keeps for messages that have not arrived yet, per sender key. */
export const MAX_SKIPPED_KEYS = 2000
/** How far past the next expected message a receiver steps the chain for one message. */
export const MAX_SKIP_AHEAD = 2000
/** The last iteration a chain may reach (uint32). */
export const MAX_ITERATION = 0xffffffff

const CHAIN_INFO = utf8Encode('parley/group/chain/v1')
const MESSAGE_INFO = utf8Encode('parley/group/message/v1')

/** What one chain step gives a message: the AES-256-GCM key and nonce. */
export interface MessageKey { iteration: number, key: Uint8Array, iv: Uint8Array }

/** The body of a `sender-key` content. */
export interface SenderKeyDistribution {
  groupId: Uint8Array
  keyId: Uint8Array
  /** The group epoch it was made for. */
  epoch: number
  /** The index of `chainKey`. */
  iteration: number
  chainKey: Uint8Array
  /** Ed25519 public key. */
  signingKey: Uint8Array
}

/** One step of a chain: this index's message key, and the next chain key. */
function step (chainKey: Uint8Array, iteration: number): { messageKey: MessageKey, next: Uint8Array } {
  const material = hkdf(sha256, chainKey, undefined, MESSAGE_INFO, 44)
  return {
    messageKey: { iteration, key: material.slice(0, 32), iv: material.slice(32) },
    next: hkdf(sha256, chainKey, undefined, CHAIN_INFO, CHAIN_KEY_BYTES)
  }
}

/** A stored sending chain: hex fields, for a device's store (secret: keep it sealed). */
export interface SenderChainRecord { groupId: string, keyId: string, epoch: number, iteration: number, chainKey: string, signingSeed: string }

/** This device's own sender key for one group epoch. */
export class SenderChain {
  private constructor (
    readonly groupId: Uint8Array,
    readonly keyId: Uint8Array,
    readonly epoch: number,
    private iteration: number,
    private chainKey: Uint8Array,
    /** The Ed25519 signing key's 32-byte seed. */
    readonly signingSeed: Uint8Array,
    readonly signingKey: Uint8Array
  ) {}

  /** A fresh sender key for `groupId` at `epoch`: random id, chain key and signing key. */
  static generate (groupId: Uint8Array, epoch: number): SenderChain {
    if (!(groupId instanceof Uint8Array) || groupId.length !== GROUP_ID_BYTES) throw new TypeError(`"groupId" expected ${GROUP_ID_BYTES} bytes`)
    if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError('"epoch" expected a positive integer')
    const seed = randomBytes(IDENTITY_KEY_BYTES)
    return new SenderChain(groupId.slice(), randomBytes(SENDER_KEY_ID_BYTES), epoch, 0, randomBytes(CHAIN_KEY_BYTES), seed, identityPublicKey(seed))
  }

  static fromRecord (r: SenderChainRecord): SenderChain {
    const seed = fromHex(r.signingSeed)
    return new SenderChain(fromHex(r.groupId), fromHex(r.keyId), r.epoch, r.iteration, fromHex(r.chainKey), seed, identityPublicKey(seed))
  }

  toRecord (): SenderChainRecord {
    return { groupId: toHex(this.groupId), keyId: toHex(this.keyId), epoch: this.epoch, iteration: this.iteration, chainKey: toHex(this.chainKey), signingSeed: toHex(this.signingSeed) }
  }

  /** The next message's index. */
  get nextIteration (): number { return this.iteration }

  /** What the other members' devices need to read what this chain sends from now on. */
  distribution (): SenderKeyDistribution {
    return { groupId: this.groupId, keyId: this.keyId, epoch: this.epoch, iteration: this.iteration, chainKey: this.chainKey.slice(), signingKey: this.signingKey }
  }

  /** The key of the next message; the chain moves on and the step's chain key is wiped. RangeError once the chain is spent. */
  next (): MessageKey {
    if (this.iteration > MAX_ITERATION) throw new RangeError('this sender key is spent: make a new one')
    const { messageKey, next } = step(this.chainKey, this.iteration)
    this.chainKey.fill(0)
    this.chainKey = next
    this.iteration++
    return messageKey
  }
}

/** A message key found for a received message, taken for good only once the message is read. */
export interface PendingKey extends MessageKey {
  /** The message was read: forgets its key, and keeps the keys stepped past for the messages skipped. */
  commit: () => void
  /** The message was not read: the key stays available (for a genuine copy). */
  release: () => void
}

/** The member device a sender key belongs to. */
export interface SenderKeyOwner { address: string, device: string, identityKey: Uint8Array }

/** A stored receiving chain: hex fields, for a device's store (secret: keep it sealed). */
export interface ReceiverChainRecord {
  groupId: string
  keyId: string
  epoch: number
  /** Where the distribution started, and its Ed25519 public key. */
  start: number
  signingKey: string
  from: { address: string, device: string, identityKey: string }
  /** The next iteration expected, its chain key, and the keys kept for skipped messages ([iteration, key, iv]). */
  iteration: number
  chainKey: string
  skipped: Array<[number, string, string]>
}

/** Another device's sender key, as this device reads its messages. */
export class ReceiverChain {
  /** Keys stepped past for messages not arrived yet, oldest first. */
  private readonly skipped = new Map<number, MessageKey>()
  /** Iterations whose key is out for a message being read (a second copy meanwhile is a replay). */
  private readonly reading = new Set<number>()
  private iteration: number
  private chainKey: Uint8Array
  private tag?: string

  /** `from`: who the 1:1 envelope that carried the key came from (its signature checked). */
  constructor (readonly distribution: SenderKeyDistribution, readonly from: SenderKeyOwner) {
    this.iteration = distribution.iteration
    this.chainKey = distribution.chainKey.slice()
  }

  get sender (): string { return this.from.address }
  get device (): string { return this.from.device }

  get keyId (): Uint8Array { return this.distribution.keyId }
  get signingKey (): Uint8Array { return this.distribution.signingKey }

  /**
   * 128 bits that tell this chain from another under the same key id without naming its owner
   * (a store may key chains by it): a hash of the owner as its 1:1 envelope proved it, and the
   * signing key. Someone who hands out another member's key id gets another tag than theirs.
   */
  get ownerTag (): string {
    if (this.tag !== undefined) return this.tag
    const owner = utf8Encode(`${this.from.address}\x00${this.from.device}\x00`)
    const bytes = new Uint8Array(owner.length + this.signingKey.length)
    bytes.set(owner)
    bytes.set(this.signingKey, owner.length)
    this.tag = toHex(sha256(bytes).subarray(0, 16))
    return this.tag
  }

  /**
   * The key of message `iteration`, without consuming it: REPLAYED for a message read before,
   * being read, or older than the skipped window; INVALID_FIELD for one more than MAX_SKIP_AHEAD
   * past the next. Call `commit` once the message decrypts and checks, `release` otherwise.
   */
  keyFor (iteration: number): PendingKey {
    if (!Number.isInteger(iteration) || iteration < 0 || iteration > MAX_ITERATION) throw new ProtocolError('INVALID_FIELD', 'a group message iteration is a uint32')
    if (this.reading.has(iteration)) throw new ProtocolError('REPLAYED', 'this group message is being read already')
    const release = (): void => { this.reading.delete(iteration) }
    if (iteration < this.iteration) {
      const key = this.skipped.get(iteration)
      if (key === undefined) throw new ProtocolError('REPLAYED', 'this group message was read before (or is too old to read)')
      this.reading.add(iteration)
      return { ...key, commit: () => { release(); this.skipped.delete(iteration) }, release }
    }
    if (iteration - this.iteration > MAX_SKIP_AHEAD) throw new ProtocolError('INVALID_FIELD', `the group message is more than ${MAX_SKIP_AHEAD} messages ahead of its sender's last`)
    const passed: MessageKey[] = []
    let chainKey = this.chainKey
    let at = this.iteration
    for (; at < iteration; at++) {
      const s = step(chainKey, at)
      passed.push(s.messageKey)
      chainKey = s.next
    }
    const here = step(chainKey, iteration)
    this.reading.add(iteration)
    return {
      ...here.messageKey,
      release,
      commit: () => {
        release()
        // A later message read meanwhile stepped past this one and kept its key as skipped.
        if (iteration < this.iteration) { this.skipped.delete(iteration); return }
        for (const k of passed) this.skipped.set(k.iteration, k)
        while (this.skipped.size > MAX_SKIPPED_KEYS) this.skipped.delete(this.skipped.keys().next().value as number)
        this.chainKey.fill(0)
        this.chainKey = here.next
        this.iteration = iteration + 1
      }
    }
  }

  /** Keys kept for skipped messages. */
  get skippedCount (): number { return this.skipped.size }

  /** The first iteration this device was given: messages before it can never be read here. */
  get start (): number { return this.distribution.iteration }

  /** The chain as it stands now, to store (keys being read count as not read). */
  toRecord (): ReceiverChainRecord {
    const d = this.distribution
    return {
      groupId: toHex(d.groupId),
      keyId: toHex(d.keyId),
      epoch: d.epoch,
      start: d.iteration,
      signingKey: toHex(d.signingKey),
      from: { address: this.from.address, device: this.from.device, identityKey: toHex(this.from.identityKey) },
      iteration: this.iteration,
      chainKey: toHex(this.chainKey),
      skipped: [...this.skipped.values()].map(k => [k.iteration, toHex(k.key), toHex(k.iv)])
    }
  }

  /** A chain from its stored record; TypeError for a record that does not hold together. */
  static fromRecord (r: ReceiverChainRecord): ReceiverChain {
    const distribution: SenderKeyDistribution = { groupId: fromHex(r.groupId), keyId: fromHex(r.keyId), epoch: r.epoch, iteration: r.start, chainKey: fromHex(r.chainKey), signingKey: fromHex(r.signingKey) }
    checkDistribution(distribution, m => new TypeError(m))
    if (!Number.isInteger(r.iteration) || r.iteration < r.start || r.iteration > MAX_ITERATION + 1) throw new TypeError('a stored sender key\'s iteration is out of range')
    const chain = new ReceiverChain(distribution, { address: r.from.address, device: r.from.device, identityKey: fromHex(r.from.identityKey) })
    chain.iteration = r.iteration
    for (const [iteration, key, iv] of r.skipped.slice(-MAX_SKIPPED_KEYS)) chain.skipped.set(iteration, { iteration, key: fromHex(key), iv: fromHex(iv) })
    return chain
  }
}

/** Encodes a `sender-key` body. TypeError for fields of the wrong size. */
export function encodeSenderKeyDistribution (d: SenderKeyDistribution): Uint8Array {
  checkDistribution(d, (m: string) => new TypeError(m))
  return pb.SenderKeyDistribution.encode({
    version: GROUP_VERSION,
    groupId: bufferSource(d.groupId),
    keyId: bufferSource(d.keyId),
    epoch: BigInt(d.epoch),
    iteration: d.iteration,
    chainKey: bufferSource(d.chainKey),
    signingKey: bufferSource(d.signingKey)
  })
}

/** Decodes a `sender-key` body strictly; INVALID_FIELD for a field of the wrong size or range. */
export function decodeSenderKeyDistribution (bytes: Uint8Array): SenderKeyDistribution {
  const w = decodeFrame(pb.SenderKeyDistribution, SENDER_KEY_DISTRIBUTION, bytes, 'sender key')
  const d = { groupId: w.groupId.slice(), keyId: w.keyId.slice(), epoch: safeMillis(w.epoch, 'sender key epoch'), iteration: w.iteration, chainKey: w.chainKey.slice(), signingKey: w.signingKey.slice() }
  checkDistribution(d, (m: string) => new ProtocolError('INVALID_FIELD', m))
  return d
}

function checkDistribution (d: SenderKeyDistribution, fail: (m: string) => Error): void {
  const sized = (b: unknown, n: number): boolean => b instanceof Uint8Array && b.length === n
  if (!sized(d.groupId, GROUP_ID_BYTES)) throw fail(`sender key group id must be ${GROUP_ID_BYTES} bytes`)
  if (!sized(d.keyId, SENDER_KEY_ID_BYTES)) throw fail(`sender key id must be ${SENDER_KEY_ID_BYTES} bytes`)
  if (!sized(d.chainKey, CHAIN_KEY_BYTES)) throw fail(`sender key chain key must be ${CHAIN_KEY_BYTES} bytes`)
  if (!sized(d.signingKey, IDENTITY_KEY_BYTES)) throw fail(`sender key signing key must be ${IDENTITY_KEY_BYTES} bytes`)
  if (!Number.isSafeInteger(d.epoch) || d.epoch < 1) throw fail('sender key epoch must be 1 or more')
  if (!Number.isInteger(d.iteration) || d.iteration < 0 || d.iteration > MAX_ITERATION) throw fail('sender key iteration must be a uint32')
}
