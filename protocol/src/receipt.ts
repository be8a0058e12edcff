import { ProtocolError } from './errors.js'
import { MESSAGE_ID_BYTES } from './constants.js'
import * as pb from './pb/receipt.js'

/** Most message ids one receipt acknowledges. */
export const MAX_RECEIPT_IDS = 1000

/** A delivery or read receipt: the body of a `receipt` content, end-to-end encrypted like any message. */
export interface Receipt { type: 'delivered' | 'read', messageIds: Uint8Array[] }

/** Encodes a receipt body. */
export function encodeReceipt (receipt: Receipt): Uint8Array {
  if (receipt.messageIds.length === 0 || receipt.messageIds.length > MAX_RECEIPT_IDS) throw new RangeError(`"messageIds" expected 1 to ${MAX_RECEIPT_IDS} ids`)
  for (const id of receipt.messageIds) if (id.length !== MESSAGE_ID_BYTES) throw new RangeError(`"messageIds" expected ids of ${MESSAGE_ID_BYTES} bytes`)
  return pb.Receipt.encode({ type: receipt.type === 'delivered' ? pb.ReceiptType.DELIVERED : pb.ReceiptType.READ, messageIds: receipt.messageIds as Array<Uint8Array<ArrayBuffer>> })
}

/** Decodes and validates a receipt body. */
export function decodeReceipt (bytes: Uint8Array): Receipt {
  let r: pb.Receipt
  try {
    // Bounded while decoding: a 256 KiB body could otherwise make ~15,000 ids before the check below.
    r = pb.Receipt.decode(bytes, { limits: { messageIds: MAX_RECEIPT_IDS } })
  } catch (err: any) {
    if (err?.name === 'MaxLengthError') throw new ProtocolError('INVALID_FIELD', `receipt must name 1 to ${MAX_RECEIPT_IDS} messages`)
    throw new ProtocolError('MALFORMED', 'receipt does not decode')
  }
  const type = r.type === pb.ReceiptType.DELIVERED ? 'delivered' : r.type === pb.ReceiptType.READ ? 'read' : undefined
  if (type === undefined) throw new ProtocolError('INVALID_FIELD', 'receipt has an unknown type')
  if (r.messageIds.length === 0 || r.messageIds.length > MAX_RECEIPT_IDS) throw new ProtocolError('INVALID_FIELD', `receipt must name 1 to ${MAX_RECEIPT_IDS} messages`)
  if (r.messageIds.some(id => id.length !== MESSAGE_ID_BYTES)) throw new ProtocolError('INVALID_FIELD', `receipt message ids must be ${MESSAGE_ID_BYTES} bytes`)
  return { type, messageIds: r.messageIds }
}
