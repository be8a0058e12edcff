import { ProtocolError } from './errors.js'
import { DIRECT_VERSION, MESSAGE_ID_BYTES, MAX_ENVELOPE_BYTES } from './constants.js'
import { decodeFrame } from './wire.js'
import { DIRECT_ACK, DIRECT_FRAME } from './schemas.js'
import type { MessageSchema } from './strict-decoding.js'
import * as pb from './pb/direct.js'

/** libp2p protocol id of device-to-device delivery over a direct connection. */
export const DIRECT_PROTOCOL = '/parley/direct/1.0.0'
/** Largest direct frame: one envelope and its framing. */
export const MAX_DIRECT_FRAME_BYTES = MAX_ENVELOPE_BYTES + 64

/** Encodes an envelope for the direct stream. */
export function encodeDirectFrame (envelope: Uint8Array): Uint8Array {
  return pb.DirectFrame.encode({ version: DIRECT_VERSION, envelope: envelope as Uint8Array<ArrayBuffer> })
}

/** Decodes a direct frame: the envelope inside (validated later by `open`). */
export function decodeDirectFrame (bytes: Uint8Array): Uint8Array {
  const f = decode(pb.DirectFrame, DIRECT_FRAME, bytes, 'direct frame')
  if (f.version !== DIRECT_VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `direct frame has version ${f.version}`)
  if (f.envelope.length === 0) throw new ProtocolError('MALFORMED', 'direct frame carries no envelope')
  return f.envelope
}

/** Encodes the acknowledgement of one envelope; `error` empty means stored. */
export function encodeDirectAck (messageId: Uint8Array, error = ''): Uint8Array {
  return pb.DirectAck.encode({ version: DIRECT_VERSION, messageId: messageId as Uint8Array<ArrayBuffer>, error: error.slice(0, 256) })
}

/** Decodes an acknowledgement. */
export function decodeDirectAck (bytes: Uint8Array): { messageId: Uint8Array, error?: string } {
  const a = decode(pb.DirectAck, DIRECT_ACK, bytes, 'direct ack')
  if (a.version !== DIRECT_VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `direct ack has version ${a.version}`)
  if (a.messageId.length !== MESSAGE_ID_BYTES) throw new ProtocolError('INVALID_FIELD', `direct ack message id must be ${MESSAGE_ID_BYTES} bytes`)
  // The other side's words reach logs, history and terminals: printable characters only.
  const error = a.error.replace(/[^\x20-\x7e]/g, '?').slice(0, 256)
  return { messageId: a.messageId, ...(error !== '' ? { error } : {}) }
}

function decode<T> (codec: { encode: (obj: T) => Uint8Array, decode: (b: Uint8Array) => T }, schema: MessageSchema, bytes: Uint8Array, what: string): T {
  if (bytes.length > MAX_DIRECT_FRAME_BYTES) throw new ProtocolError('TOO_LARGE', `${what} of ${bytes.length} bytes is over the ${MAX_DIRECT_FRAME_BYTES}-byte limit`)
  return decodeFrame(codec, schema, bytes, what)
}

/**
 * libp2p protocol id of the LAN introduction: with no relay and no directory, two devices that
 * found each other (mDNS) exchange their signed device bundles, one length-prefixed frame each
 * way (the dialler writes first). A bundle is accepted only when its signature verifies, its user
 * is `<name>@lan`, and its PeerId is the Noise-authenticated PeerId of the connection.
 */
export const LAN_HELLO_PROTOCOL = '/parley/lan-hello/1.0.0'
/** The relay part of every address in LAN mode: `alice@lan`. Names there are claims, proven only by safety numbers. */
export const LAN_DOMAIN = 'lan'
