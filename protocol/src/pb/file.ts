import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface FileReference {
  relay: string
  blobId: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
  size: bigint
  chunkSize: number
  sha256: Uint8Array<ArrayBuffer>
  mediaType: string
  fileName: string
}

export namespace FileReference {
  let _codec: Codec<FileReference>

  export const codec = (): Codec<FileReference> => {
    if (_codec == null) {
      _codec = message<FileReference>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.relay != null && obj.relay !== '')) {
          w.uint32(10)
          w.string(obj.relay)
        }

        if ((obj.blobId != null && obj.blobId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.blobId)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.key)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(32)
          w.uint64(obj.size)
        }

        if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
          w.uint32(40)
          w.uint32(obj.chunkSize)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.sha256)
        }

        if ((obj.mediaType != null && obj.mediaType !== '')) {
          w.uint32(58)
          w.string(obj.mediaType)
        }

        if ((obj.fileName != null && obj.fileName !== '')) {
          w.uint32(66)
          w.string(obj.fileName)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          relay: '',
          blobId: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0),
          size: 0n,
          chunkSize: 0,
          sha256: uint8ArrayAlloc(0),
          mediaType: '',
          fileName: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.relay = reader.string()
              break
            }
            case 2: {
              obj.blobId = reader.bytes()
              break
            }
            case 3: {
              obj.key = reader.bytes()
              break
            }
            case 4: {
              obj.size = reader.uint64()
              break
            }
            case 5: {
              obj.chunkSize = reader.uint32()
              break
            }
            case 6: {
              obj.sha256 = reader.bytes()
              break
            }
            case 7: {
              obj.mediaType = reader.string()
              break
            }
            case 8: {
              obj.fileName = reader.string()
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
                field: `${prefix}.relay`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.blobId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.key`,
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
            case 5: {
              yield {
                field: `${prefix}.chunkSize`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.mediaType`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.fileName`,
                value: reader.string()
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

  export interface FileReferenceRelayFieldEvent {
    field: '$.relay'
    value: string
  }

  export interface FileReferenceBlobIdFieldEvent {
    field: '$.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileReferenceKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileReferenceSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export interface FileReferenceChunkSizeFieldEvent {
    field: '$.chunkSize'
    value: number
  }

  export interface FileReferenceSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileReferenceMediaTypeFieldEvent {
    field: '$.mediaType'
    value: string
  }

  export interface FileReferenceFileNameFieldEvent {
    field: '$.fileName'
    value: string
  }

  export function encode (obj: Partial<FileReference>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileReference.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileReference>): FileReference {
    return decodeMessage(buf, FileReference.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileReference>): Generator<FileReferenceRelayFieldEvent | FileReferenceBlobIdFieldEvent | FileReferenceKeyFieldEvent | FileReferenceSizeFieldEvent | FileReferenceChunkSizeFieldEvent | FileReferenceSha256FieldEvent | FileReferenceMediaTypeFieldEvent | FileReferenceFileNameFieldEvent> {
    return streamMessage(buf, FileReference.codec(), opts)
  }
}

export interface FileMessage {
  file?: FileReference
  caption: string
  thumbnail: Uint8Array<ArrayBuffer>
  thumbnailType: string
  width: number
  height: number
  durationMs: number
  voice: boolean
}

export namespace FileMessage {
  let _codec: Codec<FileMessage>

  export const codec = (): Codec<FileMessage> => {
    if (_codec == null) {
      _codec = message<FileMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.file != null) {
          w.uint32(10)
          FileReference.codec().encode(obj.file, w)
        }

        if ((obj.caption != null && obj.caption !== '')) {
          w.uint32(18)
          w.string(obj.caption)
        }

        if ((obj.thumbnail != null && obj.thumbnail.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.thumbnail)
        }

        if ((obj.thumbnailType != null && obj.thumbnailType !== '')) {
          w.uint32(34)
          w.string(obj.thumbnailType)
        }

        if ((obj.width != null && obj.width !== 0)) {
          w.uint32(40)
          w.uint32(obj.width)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(48)
          w.uint32(obj.height)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0)) {
          w.uint32(56)
          w.uint32(obj.durationMs)
        }

        if ((obj.voice != null && obj.voice !== false)) {
          w.uint32(64)
          w.bool(obj.voice)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          caption: '',
          thumbnail: uint8ArrayAlloc(0),
          thumbnailType: '',
          width: 0,
          height: 0,
          durationMs: 0,
          voice: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.file = FileReference.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.file
              })
              break
            }
            case 2: {
              obj.caption = reader.string()
              break
            }
            case 3: {
              obj.thumbnail = reader.bytes()
              break
            }
            case 4: {
              obj.thumbnailType = reader.string()
              break
            }
            case 5: {
              obj.width = reader.uint32()
              break
            }
            case 6: {
              obj.height = reader.uint32()
              break
            }
            case 7: {
              obj.durationMs = reader.uint32()
              break
            }
            case 8: {
              obj.voice = reader.bool()
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
              yield * FileReference.codec().stream(reader, reader.uint32(), `${prefix}.file`, {
                limits: opts.limits?.file
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.caption`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.thumbnail`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.thumbnailType`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.width`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.durationMs`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.voice`,
                value: reader.bool()
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

  export interface FileMessageFileRelayFieldEvent {
    field: '$.file.relay'
    value: string
  }

  export interface FileMessageFileBlobIdFieldEvent {
    field: '$.file.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileMessageFileKeyFieldEvent {
    field: '$.file.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileMessageFileSizeFieldEvent {
    field: '$.file.size'
    value: bigint
  }

  export interface FileMessageFileChunkSizeFieldEvent {
    field: '$.file.chunkSize'
    value: number
  }

  export interface FileMessageFileSha256FieldEvent {
    field: '$.file.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileMessageFileMediaTypeFieldEvent {
    field: '$.file.mediaType'
    value: string
  }

  export interface FileMessageFileFileNameFieldEvent {
    field: '$.file.fileName'
    value: string
  }

  export interface FileMessageCaptionFieldEvent {
    field: '$.caption'
    value: string
  }

  export interface FileMessageThumbnailFieldEvent {
    field: '$.thumbnail'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileMessageThumbnailTypeFieldEvent {
    field: '$.thumbnailType'
    value: string
  }

  export interface FileMessageWidthFieldEvent {
    field: '$.width'
    value: number
  }

  export interface FileMessageHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface FileMessageDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export interface FileMessageVoiceFieldEvent {
    field: '$.voice'
    value: boolean
  }

  export function encode (obj: Partial<FileMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileMessage>): FileMessage {
    return decodeMessage(buf, FileMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileMessage>): Generator<FileMessageFileRelayFieldEvent | FileMessageFileBlobIdFieldEvent | FileMessageFileKeyFieldEvent | FileMessageFileSizeFieldEvent | FileMessageFileChunkSizeFieldEvent | FileMessageFileSha256FieldEvent | FileMessageFileMediaTypeFieldEvent | FileMessageFileFileNameFieldEvent | FileMessageCaptionFieldEvent | FileMessageThumbnailFieldEvent | FileMessageThumbnailTypeFieldEvent | FileMessageWidthFieldEvent | FileMessageHeightFieldEvent | FileMessageDurationMsFieldEvent | FileMessageVoiceFieldEvent> {
    return streamMessage(buf, FileMessage.codec(), opts)
  }
}

export interface ProfileKey {
  profile?: FileReference
  version: bigint
}

export namespace ProfileKey {
  let _codec: Codec<ProfileKey>

  export const codec = (): Codec<ProfileKey> => {
    if (_codec == null) {
      _codec = message<ProfileKey>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.profile != null) {
          w.uint32(10)
          FileReference.codec().encode(obj.profile, w)
        }

        if ((obj.version != null && obj.version !== 0n)) {
          w.uint32(16)
          w.uint64(obj.version)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.profile = FileReference.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.profile
              })
              break
            }
            case 2: {
              obj.version = reader.uint64()
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
              yield * FileReference.codec().stream(reader, reader.uint32(), `${prefix}.profile`, {
                limits: opts.limits?.profile
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
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

  export interface ProfileKeyProfileRelayFieldEvent {
    field: '$.profile.relay'
    value: string
  }

  export interface ProfileKeyProfileBlobIdFieldEvent {
    field: '$.profile.blobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ProfileKeyProfileKeyFieldEvent {
    field: '$.profile.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ProfileKeyProfileSizeFieldEvent {
    field: '$.profile.size'
    value: bigint
  }

  export interface ProfileKeyProfileChunkSizeFieldEvent {
    field: '$.profile.chunkSize'
    value: number
  }

  export interface ProfileKeyProfileSha256FieldEvent {
    field: '$.profile.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ProfileKeyProfileMediaTypeFieldEvent {
    field: '$.profile.mediaType'
    value: string
  }

  export interface ProfileKeyProfileFileNameFieldEvent {
    field: '$.profile.fileName'
    value: string
  }

  export interface ProfileKeyVersionFieldEvent {
    field: '$.version'
    value: bigint
  }

  export function encode (obj: Partial<ProfileKey>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProfileKey.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProfileKey>): ProfileKey {
    return decodeMessage(buf, ProfileKey.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProfileKey>): Generator<ProfileKeyProfileRelayFieldEvent | ProfileKeyProfileBlobIdFieldEvent | ProfileKeyProfileKeyFieldEvent | ProfileKeyProfileSizeFieldEvent | ProfileKeyProfileChunkSizeFieldEvent | ProfileKeyProfileSha256FieldEvent | ProfileKeyProfileMediaTypeFieldEvent | ProfileKeyProfileFileNameFieldEvent | ProfileKeyVersionFieldEvent> {
    return streamMessage(buf, ProfileKey.codec(), opts)
  }
}

export interface ProfileRecord {
  address: string
  version: bigint
  name: string
  picture: Uint8Array<ArrayBuffer>
  pictureType: string
}

export namespace ProfileRecord {
  let _codec: Codec<ProfileRecord>

  export const codec = (): Codec<ProfileRecord> => {
    if (_codec == null) {
      _codec = message<ProfileRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.address != null && obj.address !== '')) {
          w.uint32(10)
          w.string(obj.address)
        }

        if ((obj.version != null && obj.version !== 0n)) {
          w.uint32(16)
          w.uint64(obj.version)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(26)
          w.string(obj.name)
        }

        if ((obj.picture != null && obj.picture.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.picture)
        }

        if ((obj.pictureType != null && obj.pictureType !== '')) {
          w.uint32(42)
          w.string(obj.pictureType)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          address: '',
          version: 0n,
          name: '',
          picture: uint8ArrayAlloc(0),
          pictureType: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.address = reader.string()
              break
            }
            case 2: {
              obj.version = reader.uint64()
              break
            }
            case 3: {
              obj.name = reader.string()
              break
            }
            case 4: {
              obj.picture = reader.bytes()
              break
            }
            case 5: {
              obj.pictureType = reader.string()
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
                field: `${prefix}.address`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.picture`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pictureType`,
                value: reader.string()
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

  export interface ProfileRecordAddressFieldEvent {
    field: '$.address'
    value: string
  }

  export interface ProfileRecordVersionFieldEvent {
    field: '$.version'
    value: bigint
  }

  export interface ProfileRecordNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ProfileRecordPictureFieldEvent {
    field: '$.picture'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ProfileRecordPictureTypeFieldEvent {
    field: '$.pictureType'
    value: string
  }

  export function encode (obj: Partial<ProfileRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProfileRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProfileRecord>): ProfileRecord {
    return decodeMessage(buf, ProfileRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProfileRecord>): Generator<ProfileRecordAddressFieldEvent | ProfileRecordVersionFieldEvent | ProfileRecordNameFieldEvent | ProfileRecordPictureFieldEvent | ProfileRecordPictureTypeFieldEvent> {
    return streamMessage(buf, ProfileRecord.codec(), opts)
  }
}
