import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DeviceBundle {
  version: number
  user: string
  identityKey: Uint8Array<ArrayBuffer>
  peerId: string
  rsaPublicKey: Uint8Array<ArrayBuffer>
  createdAt: bigint
}

export namespace DeviceBundle {
  let _codec: Codec<DeviceBundle>

  export const codec = (): Codec<DeviceBundle> => {
    if (_codec == null) {
      _codec = message<DeviceBundle>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(18)
          w.string(obj.user)
        }

        if ((obj.identityKey != null && obj.identityKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.identityKey)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(34)
          w.string(obj.peerId)
        }

        if ((obj.rsaPublicKey != null && obj.rsaPublicKey.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.rsaPublicKey)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.createdAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          user: '',
          identityKey: uint8ArrayAlloc(0),
          peerId: '',
          rsaPublicKey: uint8ArrayAlloc(0),
          createdAt: 0n
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
              obj.user = reader.string()
              break
            }
            case 3: {
              obj.identityKey = reader.bytes()
              break
            }
            case 4: {
              obj.peerId = reader.string()
              break
            }
            case 5: {
              obj.rsaPublicKey = reader.bytes()
              break
            }
            case 6: {
              obj.createdAt = reader.uint64()
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
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.identityKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.rsaPublicKey`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.createdAt`,
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

  export interface DeviceBundleVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface DeviceBundleUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface DeviceBundleIdentityKeyFieldEvent {
    field: '$.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DeviceBundlePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface DeviceBundleRsaPublicKeyFieldEvent {
    field: '$.rsaPublicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DeviceBundleCreatedAtFieldEvent {
    field: '$.createdAt'
    value: bigint
  }

  export function encode (obj: Partial<DeviceBundle>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeviceBundle.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceBundle>): DeviceBundle {
    return decodeMessage(buf, DeviceBundle.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceBundle>): Generator<DeviceBundleVersionFieldEvent | DeviceBundleUserFieldEvent | DeviceBundleIdentityKeyFieldEvent | DeviceBundlePeerIdFieldEvent | DeviceBundleRsaPublicKeyFieldEvent | DeviceBundleCreatedAtFieldEvent> {
    return streamMessage(buf, DeviceBundle.codec(), opts)
  }
}

export interface SignedBundle {
  bundle: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedBundle {
  let _codec: Codec<SignedBundle>

  export const codec = (): Codec<SignedBundle> => {
    if (_codec == null) {
      _codec = message<SignedBundle>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.bundle != null && obj.bundle.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.bundle)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          bundle: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.bundle = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.bundle`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
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

  export interface SignedBundleBundleFieldEvent {
    field: '$.bundle'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedBundleSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedBundle>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedBundle.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedBundle>): SignedBundle {
    return decodeMessage(buf, SignedBundle.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedBundle>): Generator<SignedBundleBundleFieldEvent | SignedBundleSignatureFieldEvent> {
    return streamMessage(buf, SignedBundle.codec(), opts)
  }
}
