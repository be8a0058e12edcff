import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum ReceiptType {
  RECEIPT_TYPE_UNSPECIFIED = 'RECEIPT_TYPE_UNSPECIFIED',
  DELIVERED = 'DELIVERED',
  READ = 'READ'
}

enum __ReceiptTypeValues {
  RECEIPT_TYPE_UNSPECIFIED = 0,
  DELIVERED = 1,
  READ = 2
}

export namespace ReceiptType {
  export const codec = (): Codec<ReceiptType> => {
    return enumeration<ReceiptType>(__ReceiptTypeValues)
  }
}

export interface Receipt {
  type: ReceiptType
  messageIds: Uint8Array<ArrayBuffer>[]
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __ReceiptTypeValues[obj.type] !== 0) {
          w.uint32(8)
          ReceiptType.codec().encode(obj.type, w)
        }

        if (obj.messageIds != null && obj.messageIds.length > 0) {
          for (const value of obj.messageIds) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: ReceiptType.RECEIPT_TYPE_UNSPECIFIED,
          messageIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = ReceiptType.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.messageIds != null && obj.messageIds.length === opts.limits.messageIds) {
                throw new MaxLengthError('Decode error - repeated field "messageIds" had too many elements')
              }

              obj.messageIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          messageIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.type`,
                value: ReceiptType.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.messageIds != null && obj.messageIds === opts.limits.messageIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "messageIds" had too many elements')
              }

              yield {
                field: `${prefix}.messageIds[]`,
                index: obj.messageIds,
                value: reader.bytes()
              }

              obj.messageIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReceiptTypeFieldEvent {
    field: '$.type'
    value: ReceiptType
  }

  export interface ReceiptMessageIdsFieldEvent {
    field: '$.messageIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Receipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptTypeFieldEvent | ReceiptMessageIdsFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}
