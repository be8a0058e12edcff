import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface BlobRequest {
  version: number
  token: Uint8Array<ArrayBuffer>
  create?: BlobCreate
  upload?: BlobUpload
  download?: BlobDownload
  delete?: BlobDelete
  keep?: BlobKeep
}

export namespace BlobRequest {
  let _codec: Codec<BlobRequest>

  export const codec = (): Codec<BlobRequest> => {
    if (_codec == null) {
      _codec = message<BlobRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.keep != null) {
          obj.delete = undefined
          obj.download = undefined
          obj.upload = undefined
          obj.create = undefined
        }

        if (obj.delete != null) {
          obj.keep = undefined
          obj.download = undefined
          obj.upload = undefined
          obj.create = undefined
        }

        if (obj.download != null) {
          obj.keep = undefined
          obj.delete = undefined
          obj.upload = undefined
          obj.create = undefined
        }

        if (obj.upload != null) {
          obj.keep = undefined
          obj.delete = undefined
          obj.download = undefined
          obj.create = undefined
        }

        if (obj.create != null) {
          obj.keep = undefined
          obj.delete = undefined
          obj.download = undefined
          obj.upload = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.token != null && obj.token.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.token)
        }

        if (obj.create != null) {
          w.uint32(82)
          BlobCreate.codec().encode(obj.create, w)
        }

        if (obj.upload != null) {
          w.uint32(90)
          BlobUpload.codec().encode(obj.upload, w)
        }

        if (obj.download != null) {
          w.uint32(98)
          BlobDownload.codec().encode(obj.download, w)
        }

        if (obj.delete != null) {
          w.uint32(106)
          BlobDelete.codec().encode(obj.delete, w)
        }

        if (obj.keep != null) {
          w.uint32(114)
          BlobKeep.codec().encode(obj.keep, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          token: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.token = reader.bytes()
              break
            }
            case 10: {
              obj.create = BlobCreate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.create
              })
              break
            }
            case 11: {
              obj.upload = BlobUpload.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.upload
              })
              break
            }
            case 12: {
              obj.download = BlobDownload.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.download
              })
              break
            }
            case 13: {
              obj.delete = BlobDelete.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.delete
              })
              break
            }
            case 14: {
              obj.keep = BlobKeep.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keep
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.keep != null) {
          delete obj.delete
          delete obj.download
          delete obj.upload
          delete obj.create
        }

        if (obj.delete != null) {
          delete obj.keep
          delete obj.download
          delete obj.upload
          delete obj.create
        }

        if (obj.download != null) {
          delete obj.keep
          delete obj.delete
          delete obj.upload
          delete obj.create
        }

        if (obj.upload != null) {
          delete obj.keep
          delete obj.delete
          delete obj.download
          delete obj.create
        }

        if (obj.create != null) {
          delete obj.keep
          delete obj.delete
          delete obj.download
          delete obj.upload
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.token`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield * BlobCreate.codec().stream(reader, reader.uint32(), `${prefix}.create`, {
                limits: opts.limits?.create
              })

              break
            }
            case 11: {
              yield * BlobUpload.codec().stream(reader, reader.uint32(), `${prefix}.upload`, {
                limits: opts.limits?.upload
              })

              break
            }
            case 12: {
              yield * BlobDownload.codec().stream(reader, reader.uint32(), `${prefix}.download`, {
                limits: opts.limits?.download
              })

              break
            }
            case 13: {
              yield * BlobDelete.codec().stream(reader, reader.uint32(), `${prefix}.delete`, {
                limits: opts.limits?.delete
              })

              break
            }
            case 14: {
              yield * BlobKeep.codec().stream(reader, reader.uint32(), `${prefix}.keep`, {
                limits: opts.limits?.keep
              })

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

  export interface BlobRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface BlobRequestTokenFieldEvent {
    field: '$.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestCreateSizeFieldEvent {
    field: '$.create.size'
    value: bigint
  }

  export interface BlobRequestCreateExpiresAtFieldEvent {
    field: '$.create.expiresAt'
    value: bigint
  }

  export interface BlobRequestUploadBlobIdFieldEvent {
    field: '$.upload.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestDownloadBlobIdFieldEvent {
    field: '$.download.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestDownloadOffsetFieldEvent {
    field: '$.download.offset'
    value: bigint
  }

  export interface BlobRequestDeleteBlobIdFieldEvent {
    field: '$.delete.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestKeepBlobIdFieldEvent {
    field: '$.keep.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestKeepExpiresAtFieldEvent {
    field: '$.keep.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<BlobRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobRequest>): BlobRequest {
    return decodeMessage(buf, BlobRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobRequest>): Generator<BlobRequestVersionFieldEvent | BlobRequestTokenFieldEvent | BlobRequestCreateSizeFieldEvent | BlobRequestCreateExpiresAtFieldEvent | BlobRequestUploadBlobIdFieldEvent | BlobRequestDownloadBlobIdFieldEvent | BlobRequestDownloadOffsetFieldEvent | BlobRequestDeleteBlobIdFieldEvent | BlobRequestKeepBlobIdFieldEvent | BlobRequestKeepExpiresAtFieldEvent> {
    return streamMessage(buf, BlobRequest.codec(), opts)
  }
}

export interface BlobCreate {
  size: bigint
  expiresAt: bigint
}

export namespace BlobCreate {
  let _codec: Codec<BlobCreate>

  export const codec = (): Codec<BlobCreate> => {
    if (_codec == null) {
      _codec = message<BlobCreate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(8)
          w.uint64(obj.size)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          size: 0n,
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.size = reader.uint64()
              break
            }
            case 2: {
              obj.expiresAt = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
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

  export interface BlobCreateSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export interface BlobCreateExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<BlobCreate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobCreate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobCreate>): BlobCreate {
    return decodeMessage(buf, BlobCreate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobCreate>): Generator<BlobCreateSizeFieldEvent | BlobCreateExpiresAtFieldEvent> {
    return streamMessage(buf, BlobCreate.codec(), opts)
  }
}

export interface BlobUpload {
  blobId: Uint8Array<ArrayBuffer>
}

export namespace BlobUpload {
  let _codec: Codec<BlobUpload>

  export const codec = (): Codec<BlobUpload> => {
    if (_codec == null) {
      _codec = message<BlobUpload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.blobId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blobId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.blobId = reader.bytes()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
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

  export interface BlobUploadBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlobUpload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobUpload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobUpload>): BlobUpload {
    return decodeMessage(buf, BlobUpload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobUpload>): Generator<BlobUploadBlobIdFieldEvent> {
    return streamMessage(buf, BlobUpload.codec(), opts)
  }
}

export interface BlobDownload {
  blobId: Uint8Array<ArrayBuffer>
  offset: bigint
}

export namespace BlobDownload {
  let _codec: Codec<BlobDownload>

  export const codec = (): Codec<BlobDownload> => {
    if (_codec == null) {
      _codec = message<BlobDownload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.blobId)
        }

        if ((obj.offset != null && obj.offset !== 0n)) {
          w.uint32(16)
          w.uint64(obj.offset)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blobId: uint8ArrayAlloc(0),
          offset: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.blobId = reader.bytes()
              break
            }
            case 2: {
              obj.offset = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.offset`,
                value: reader.uint64()
              }
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

  export interface BlobDownloadBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobDownloadOffsetFieldEvent {
    field: '$.offset'
    value: bigint
  }

  export function encode (obj: Partial<BlobDownload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobDownload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobDownload>): BlobDownload {
    return decodeMessage(buf, BlobDownload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobDownload>): Generator<BlobDownloadBlobIdFieldEvent | BlobDownloadOffsetFieldEvent> {
    return streamMessage(buf, BlobDownload.codec(), opts)
  }
}

export interface BlobDelete {
  blobId: Uint8Array<ArrayBuffer>
}

export namespace BlobDelete {
  let _codec: Codec<BlobDelete>

  export const codec = (): Codec<BlobDelete> => {
    if (_codec == null) {
      _codec = message<BlobDelete>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.blobId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blobId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.blobId = reader.bytes()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
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

  export interface BlobDeleteBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlobDelete>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobDelete.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobDelete>): BlobDelete {
    return decodeMessage(buf, BlobDelete.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobDelete>): Generator<BlobDeleteBlobIdFieldEvent> {
    return streamMessage(buf, BlobDelete.codec(), opts)
  }
}

export interface BlobKeep {
  blobId: Uint8Array<ArrayBuffer>
  expiresAt: bigint
}

export namespace BlobKeep {
  let _codec: Codec<BlobKeep>

  export const codec = (): Codec<BlobKeep> => {
    if (_codec == null) {
      _codec = message<BlobKeep>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.blobId)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blobId: uint8ArrayAlloc(0),
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.blobId = reader.bytes()
              break
            }
            case 2: {
              obj.expiresAt = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
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

  export interface BlobKeepBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobKeepExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<BlobKeep>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobKeep.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobKeep>): BlobKeep {
    return decodeMessage(buf, BlobKeep.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobKeep>): Generator<BlobKeepBlobIdFieldEvent | BlobKeepExpiresAtFieldEvent> {
    return streamMessage(buf, BlobKeep.codec(), opts)
  }
}

export interface BlobResponse {
  error?: BlobError
  status?: BlobStatus
}

export namespace BlobResponse {
  let _codec: Codec<BlobResponse>

  export const codec = (): Codec<BlobResponse> => {
    if (_codec == null) {
      _codec = message<BlobResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.status != null) {
          obj.error = undefined
        }

        if (obj.error != null) {
          obj.status = undefined
        }

        if (obj.error != null) {
          w.uint32(10)
          BlobError.codec().encode(obj.error, w)
        }

        if (obj.status != null) {
          w.uint32(18)
          BlobStatus.codec().encode(obj.status, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.error = BlobError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            case 2: {
              obj.status = BlobStatus.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.status
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.status != null) {
          delete obj.error
        }

        if (obj.error != null) {
          delete obj.status
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * BlobError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            case 2: {
              yield * BlobStatus.codec().stream(reader, reader.uint32(), `${prefix}.status`, {
                limits: opts.limits?.status
              })

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

  export interface BlobResponseErrorCodeFieldEvent {
    field: '$.error.code'
    value: string
  }

  export interface BlobResponseErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface BlobResponseErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: bigint
  }

  export interface BlobResponseStatusBlobIdFieldEvent {
    field: '$.status.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobResponseStatusSizeFieldEvent {
    field: '$.status.size'
    value: bigint
  }

  export interface BlobResponseStatusStoredFieldEvent {
    field: '$.status.stored'
    value: bigint
  }

  export interface BlobResponseStatusExpiresAtFieldEvent {
    field: '$.status.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<BlobResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobResponse>): BlobResponse {
    return decodeMessage(buf, BlobResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobResponse>): Generator<BlobResponseErrorCodeFieldEvent | BlobResponseErrorMessageFieldEvent | BlobResponseErrorRetryAfterMsFieldEvent | BlobResponseStatusBlobIdFieldEvent | BlobResponseStatusSizeFieldEvent | BlobResponseStatusStoredFieldEvent | BlobResponseStatusExpiresAtFieldEvent> {
    return streamMessage(buf, BlobResponse.codec(), opts)
  }
}

export interface BlobError {
  code: string
  message: string
  retryAfterMs: bigint
}

export namespace BlobError {
  let _codec: Codec<BlobError>

  export const codec = (): Codec<BlobError> => {
    if (_codec == null) {
      _codec = message<BlobError>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if ((obj.retryAfterMs != null && obj.retryAfterMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.retryAfterMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: '',
          message: '',
          retryAfterMs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.retryAfterMs = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.retryAfterMs`,
                value: reader.uint64()
              }
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

  export interface BlobErrorCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface BlobErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface BlobErrorRetryAfterMsFieldEvent {
    field: '$.retryAfterMs'
    value: bigint
  }

  export function encode (obj: Partial<BlobError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobError>): BlobError {
    return decodeMessage(buf, BlobError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobError>): Generator<BlobErrorCodeFieldEvent | BlobErrorMessageFieldEvent | BlobErrorRetryAfterMsFieldEvent> {
    return streamMessage(buf, BlobError.codec(), opts)
  }
}

export interface BlobStatus {
  blobId: Uint8Array<ArrayBuffer>
  size: bigint
  stored: bigint
  expiresAt: bigint
}

export namespace BlobStatus {
  let _codec: Codec<BlobStatus>

  export const codec = (): Codec<BlobStatus> => {
    if (_codec == null) {
      _codec = message<BlobStatus>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.blobId)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(16)
          w.uint64(obj.size)
        }

        if ((obj.stored != null && obj.stored !== 0n)) {
          w.uint32(24)
          w.uint64(obj.stored)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blobId: uint8ArrayAlloc(0),
          size: 0n,
          stored: 0n,
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.blobId = reader.bytes()
              break
            }
            case 2: {
              obj.size = reader.uint64()
              break
            }
            case 3: {
              obj.stored = reader.uint64()
              break
            }
            case 4: {
              obj.expiresAt = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.stored`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
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

  export interface BlobStatusBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobStatusSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export interface BlobStatusStoredFieldEvent {
    field: '$.stored'
    value: bigint
  }

  export interface BlobStatusExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<BlobStatus>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobStatus.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobStatus>): BlobStatus {
    return decodeMessage(buf, BlobStatus.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobStatus>): Generator<BlobStatusBlobIdFieldEvent | BlobStatusSizeFieldEvent | BlobStatusStoredFieldEvent | BlobStatusExpiresAtFieldEvent> {
    return streamMessage(buf, BlobStatus.codec(), opts)
  }
}

export interface DirectFileOffer {
  version: number
  sender: string
  blobId: Uint8Array<ArrayBuffer>
  size: bigint
}

export namespace DirectFileOffer {
  let _codec: Codec<DirectFileOffer>

  export const codec = (): Codec<DirectFileOffer> => {
    if (_codec == null) {
      _codec = message<DirectFileOffer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(18)
          w.string(obj.sender)
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.blobId)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(32)
          w.uint64(obj.size)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          sender: '',
          blobId: uint8ArrayAlloc(0),
          size: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.sender = reader.string()
              break
            }
            case 3: {
              obj.blobId = reader.bytes()
              break
            }
            case 4: {
              obj.size = reader.uint64()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64()
              }
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

  export interface DirectFileOfferVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface DirectFileOfferSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface DirectFileOfferBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DirectFileOfferSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export function encode (obj: Partial<DirectFileOffer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectFileOffer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectFileOffer>): DirectFileOffer {
    return decodeMessage(buf, DirectFileOffer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectFileOffer>): Generator<DirectFileOfferVersionFieldEvent | DirectFileOfferSenderFieldEvent | DirectFileOfferBlobIdFieldEvent | DirectFileOfferSizeFieldEvent> {
    return streamMessage(buf, DirectFileOffer.codec(), opts)
  }
}
