/** Kind 2, `receipt`: the body is a pb/receipt.proto `Receipt` (PROTOCOL.md "Receipts"). */
import { CONTENT_KIND_RECEIPT } from '../constants.js'
import { decodeReceipt, encodeReceipt, type Receipt } from '../receipt.js'
import type { ContentKindSpec } from './kind.js'

/** A delivery or read receipt. */
export const RECEIPT_KIND: ContentKindSpec<'receipt', Receipt> = {
  name: 'receipt',
  id: CONTENT_KIND_RECEIPT,
  version: 1,
  decode: decodeReceipt,
  encode: encodeReceipt
}
