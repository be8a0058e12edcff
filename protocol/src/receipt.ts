/**
 * Receipts: the body of a `receipt` content, end-to-end encrypted like any message. See
 * protocol/PROTOCOL.md, "Receipts".
 */
import { ProtocolError } from './errors.js'
import { MESSAGE_ID_BYTES } from './constants.js'
import { toHex } from './bytes.js'
import { decodeFrame } from './wire.js'
import { RECEIPT } from './schemas.js'
import * as pb from './pb/receipt.js'

/** Most message ids one receipt acknowledges: a day's chat in one go, and at most ~18 KiB of body. */
export const MAX_RECEIPT_IDS = 1000

/** A delivery or read receipt: the body of a `receipt` content, end-to-end encrypted like any message. */
export interface Receipt { type: 'delivered' | 'read', messageIds: Uint8Array[] }

/**
 * Encodes a receipt body. An id named twice is sent once (decoders refuse repeats).
 * RangeError for no ids, more than MAX_RECEIPT_IDS distinct ids, or an id that is not 16 bytes.
 */
export function encodeReceipt (receipt: Receipt): Uint8Array {
  const unique = new Map<string, Uint8Array>()
  for (const id of receipt.messageIds) {
    if (!(id instanceof Uint8Array) || id.length !== MESSAGE_ID_BYTES) throw new RangeError(`"messageIds" expected ids of ${MESSAGE_ID_BYTES} bytes`)
    unique.set(toHex(id), id)
  }
  if (unique.size === 0 || unique.size > MAX_RECEIPT_IDS) throw new RangeError(`"messageIds" expected 1 to ${MAX_RECEIPT_IDS} ids`)
  if (receipt.type !== 'delivered' && receipt.type !== 'read') throw new TypeError('"type" expected "delivered" or "read"')
  return pb.Receipt.encode({
    type: receipt.type === 'delivered' ? pb.ReceiptType.DELIVERED : pb.ReceiptType.READ,
    messageIds: [...unique.values()] as Array<Uint8Array<ArrayBuffer>>
  })
}

/**
 * Decodes and validates a receipt body: strict decoding (TRUNCATED for an empty or cut body,
 * MALFORMED for wrong wire types, repeated `type`, unknown fields and the other rules of
 * PROTOCOL.md "Strict decoding"), then INVALID_FIELD for a type other than DELIVERED or READ, no
 * ids or more than MAX_RECEIPT_IDS, an id that is not 16 bytes, or an id named twice.
 */
export function decodeReceipt (bytes: Uint8Array): Receipt {
  let r: pb.Receipt
  try {
    // Bounded while decoding: a 240 KiB body could otherwise make ~13,000 ids before the check below.
    r = decodeFrame({ encode: pb.Receipt.encode, decode: (b: Uint8Array) => pb.Receipt.decode(b, { limits: { messageIds: MAX_RECEIPT_IDS } }) }, RECEIPT, bytes, 'receipt')
  } catch (err) {
    if (err instanceof ProtocolError && err.code === 'INVALID_FIELD') throw new ProtocolError('INVALID_FIELD', `receipt must name 1 to ${MAX_RECEIPT_IDS} messages`)
    throw err
  }
  const type = r.type === pb.ReceiptType.DELIVERED ? 'delivered' : r.type === pb.ReceiptType.READ ? 'read' : undefined
  if (type === undefined) throw new ProtocolError('INVALID_FIELD', 'receipt type is neither delivered nor read')
  if (r.messageIds.length === 0 || r.messageIds.length > MAX_RECEIPT_IDS) throw new ProtocolError('INVALID_FIELD', `receipt must name 1 to ${MAX_RECEIPT_IDS} messages`)
  if (r.messageIds.some(id => id.length !== MESSAGE_ID_BYTES)) throw new ProtocolError('INVALID_FIELD', `receipt message ids must be ${MESSAGE_ID_BYTES} bytes`)
  if (new Set(r.messageIds.map(toHex)).size !== r.messageIds.length) throw new ProtocolError('INVALID_FIELD', 'receipt names one message twice')
  return { type, messageIds: r.messageIds.map(id => id.slice()) }
}
