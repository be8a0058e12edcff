import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  version: number
  header: Uint8Array<ArrayBuffer>
  keys: Uint8Array<ArrayBuffer>
  iv: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
  sealedSignature: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.header != null && obj.header.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.header)
        }

        if ((obj.keys != null && obj.keys.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.keys)
        }

        if ((obj.iv != null && obj.iv.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.iv)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.ciphertext)
        }

        if ((obj.sealedSignature != null && obj.sealedSignature.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.sealedSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          header: uint8ArrayAlloc(0),
          keys: uint8ArrayAlloc(0),
          iv: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0),
          sealedSignature: uint8ArrayAlloc(0)
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
              obj.header = reader.bytes()
              break
            }
            case 3: {
              obj.keys = reader.bytes()
              break
            }
            case 4: {
              obj.iv = reader.bytes()
              break
            }
            case 5: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 6: {
              obj.sealedSignature = reader.bytes()
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
                field: `${prefix}.header`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.keys`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.iv`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.sealedSignature`,
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

  export interface EnvelopeVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EnvelopeHeaderFieldEvent {
    field: '$.header'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeKeysFieldEvent {
    field: '$.keys'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeIvFieldEvent {
    field: '$.iv'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSealedSignatureFieldEvent {
    field: '$.sealedSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeVersionFieldEvent | EnvelopeHeaderFieldEvent | EnvelopeKeysFieldEvent | EnvelopeIvFieldEvent | EnvelopeCiphertextFieldEvent | EnvelopeSealedSignatureFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface EnvelopeHeader {
  suite: number
  messageId: Uint8Array<ArrayBuffer>
  recipient: string
  expiresAt: bigint
  contentSize: number
}

export namespace EnvelopeHeader {
  let _codec: Codec<EnvelopeHeader>

  export const codec = (): Codec<EnvelopeHeader> => {
    if (_codec == null) {
      _codec = message<EnvelopeHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.suite != null && obj.suite !== 0)) {
          w.uint32(8)
          w.uint32(obj.suite)
        }

        if ((obj.messageId != null && obj.messageId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.messageId)
        }

        if ((obj.recipient != null && obj.recipient !== '')) {
          w.uint32(26)
          w.string(obj.recipient)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expiresAt)
        }

        if ((obj.contentSize != null && obj.contentSize !== 0)) {
          w.uint32(40)
          w.uint32(obj.contentSize)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          suite: 0,
          messageId: uint8ArrayAlloc(0),
          recipient: '',
          expiresAt: 0n,
          contentSize: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.suite = reader.uint32()
              break
            }
            case 2: {
              obj.messageId = reader.bytes()
              break
            }
            case 3: {
              obj.recipient = reader.string()
              break
            }
            case 4: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 5: {
              obj.contentSize = reader.uint32()
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
                field: `${prefix}.suite`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.messageId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.recipient`,
                value: reader.string()
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
            case 5: {
              yield {
                field: `${prefix}.contentSize`,
                value: reader.uint32()
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

  export interface EnvelopeHeaderSuiteFieldEvent {
    field: '$.suite'
    value: number
  }

  export interface EnvelopeHeaderMessageIdFieldEvent {
    field: '$.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeHeaderRecipientFieldEvent {
    field: '$.recipient'
    value: string
  }

  export interface EnvelopeHeaderExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface EnvelopeHeaderContentSizeFieldEvent {
    field: '$.contentSize'
    value: number
  }

  export function encode (obj: Partial<EnvelopeHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EnvelopeHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeHeader>): EnvelopeHeader {
    return decodeMessage(buf, EnvelopeHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeHeader>): Generator<EnvelopeHeaderSuiteFieldEvent | EnvelopeHeaderMessageIdFieldEvent | EnvelopeHeaderRecipientFieldEvent | EnvelopeHeaderExpiresAtFieldEvent | EnvelopeHeaderContentSizeFieldEvent> {
    return streamMessage(buf, EnvelopeHeader.codec(), opts)
  }
}

export interface WrappedKey {
  deviceId: string
  wrapped: Uint8Array<ArrayBuffer>
}

export namespace WrappedKey {
  let _codec: Codec<WrappedKey>

  export const codec = (): Codec<WrappedKey> => {
    if (_codec == null) {
      _codec = message<WrappedKey>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deviceId != null && obj.deviceId !== '')) {
          w.uint32(10)
          w.string(obj.deviceId)
        }

        if ((obj.wrapped != null && obj.wrapped.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.wrapped)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deviceId: '',
          wrapped: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deviceId = reader.string()
              break
            }
            case 2: {
              obj.wrapped = reader.bytes()
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
                field: `${prefix}.deviceId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.wrapped`,
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

  export interface WrappedKeyDeviceIdFieldEvent {
    field: '$.deviceId'
    value: string
  }

  export interface WrappedKeyWrappedFieldEvent {
    field: '$.wrapped'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<WrappedKey>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WrappedKey.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WrappedKey>): WrappedKey {
    return decodeMessage(buf, WrappedKey.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WrappedKey>): Generator<WrappedKeyDeviceIdFieldEvent | WrappedKeyWrappedFieldEvent> {
    return streamMessage(buf, WrappedKey.codec(), opts)
  }
}

export interface KeyBlock {
  keys: WrappedKey[]
}

export namespace KeyBlock {
  let _codec: Codec<KeyBlock>

  export const codec = (): Codec<KeyBlock> => {
    if (_codec == null) {
      _codec = message<KeyBlock>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.keys != null && obj.keys.length > 0) {
          for (const value of obj.keys) {
            w.uint32(10)
            WrappedKey.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          keys: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.keys != null && obj.keys.length === opts.limits.keys) {
                throw new MaxLengthError('Decode error - repeated field "keys" had too many elements')
              }

              obj.keys.push(WrappedKey.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keys$
              }))
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
          keys: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.keys != null && obj.keys === opts.limits.keys) {
                throw new MaxLengthError('Streaming decode error - repeated field "keys" had too many elements')
              }

              for (const evt of WrappedKey.codec().stream(reader, reader.uint32(), `${prefix}.keys[]`, {
                limits: opts.limits?.keys$
              })) {
                yield {
                  ...evt,
                  index: obj.keys
                }
              }

              obj.keys++

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

  export interface KeyBlockKeysDeviceIdFieldEvent {
    field: '$.keys[].deviceId'
    value: string
    index: number
  }

  export interface KeyBlockKeysWrappedFieldEvent {
    field: '$.keys[].wrapped'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<KeyBlock>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KeyBlock.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyBlock>): KeyBlock {
    return decodeMessage(buf, KeyBlock.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyBlock>): Generator<KeyBlockKeysDeviceIdFieldEvent | KeyBlockKeysWrappedFieldEvent> {
    return streamMessage(buf, KeyBlock.codec(), opts)
  }
}

export interface Content {
  sender: string
  senderDevice: string
  senderIdentityKey: Uint8Array<ArrayBuffer>
  sentAt: bigint
  conversation: string
  kind: number
  body: Uint8Array<ArrayBuffer>
  padding: Uint8Array<ArrayBuffer>
}

export namespace Content {
  let _codec: Codec<Content>

  export const codec = (): Codec<Content> => {
    if (_codec == null) {
      _codec = message<Content>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(10)
          w.string(obj.sender)
        }

        if ((obj.senderDevice != null && obj.senderDevice !== '')) {
          w.uint32(18)
          w.string(obj.senderDevice)
        }

        if ((obj.senderIdentityKey != null && obj.senderIdentityKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.senderIdentityKey)
        }

        if ((obj.sentAt != null && obj.sentAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.sentAt)
        }

        if ((obj.conversation != null && obj.conversation !== '')) {
          w.uint32(42)
          w.string(obj.conversation)
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(48)
          w.uint32(obj.kind)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.body)
        }

        if ((obj.padding != null && obj.padding.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.padding)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sender: '',
          senderDevice: '',
          senderIdentityKey: uint8ArrayAlloc(0),
          sentAt: 0n,
          conversation: '',
          kind: 0,
          body: uint8ArrayAlloc(0),
          padding: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.sender = reader.string()
              break
            }
            case 2: {
              obj.senderDevice = reader.string()
              break
            }
            case 3: {
              obj.senderIdentityKey = reader.bytes()
              break
            }
            case 4: {
              obj.sentAt = reader.uint64()
              break
            }
            case 5: {
              obj.conversation = reader.string()
              break
            }
            case 6: {
              obj.kind = reader.uint32()
              break
            }
            case 7: {
              obj.body = reader.bytes()
              break
            }
            case 8: {
              obj.padding = reader.bytes()
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
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.senderDevice`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.senderIdentityKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.sentAt`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.conversation`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.padding`,
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

  export interface ContentSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface ContentSenderDeviceFieldEvent {
    field: '$.senderDevice'
    value: string
  }

  export interface ContentSenderIdentityKeyFieldEvent {
    field: '$.senderIdentityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ContentSentAtFieldEvent {
    field: '$.sentAt'
    value: bigint
  }

  export interface ContentConversationFieldEvent {
    field: '$.conversation'
    value: string
  }

  export interface ContentKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface ContentBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ContentPaddingFieldEvent {
    field: '$.padding'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Content>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Content.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Content>): Content {
    return decodeMessage(buf, Content.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Content>): Generator<ContentSenderFieldEvent | ContentSenderDeviceFieldEvent | ContentSenderIdentityKeyFieldEvent | ContentSentAtFieldEvent | ContentConversationFieldEvent | ContentKindFieldEvent | ContentBodyFieldEvent | ContentPaddingFieldEvent> {
    return streamMessage(buf, Content.codec(), opts)
  }
}
