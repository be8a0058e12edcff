/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Request {
  version: number
  id: number
  register?: Register
  verify?: Verify
  login?: Login
  authenticate?: Authenticate
  publishBundle?: PublishBundle
  fetchBundles?: FetchBundles
  deposit?: Deposit
  fetchMail?: FetchMail
  ackMail?: AckMail
  subscribe?: Subscribe
  logout?: Logout
  resendCode?: ResendCode
}

export namespace Request {
  let _codec: Codec<Request>

  export const codec = (): Codec<Request> => {
    if (_codec == null) {
      _codec = message<Request>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.resendCode != null) {
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.logout != null) {
          obj.resendCode = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.subscribe != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.ackMail != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.fetchMail != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.deposit != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.fetchBundles != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.publishBundle != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.authenticate != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.login != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.verify != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.register = undefined
        }

        if (obj.register != null) {
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(16)
          w.uint32(obj.id)
        }

        if (obj.register != null) {
          w.uint32(82)
          Register.codec().encode(obj.register, w)
        }

        if (obj.verify != null) {
          w.uint32(90)
          Verify.codec().encode(obj.verify, w)
        }

        if (obj.login != null) {
          w.uint32(98)
          Login.codec().encode(obj.login, w)
        }

        if (obj.authenticate != null) {
          w.uint32(106)
          Authenticate.codec().encode(obj.authenticate, w)
        }

        if (obj.publishBundle != null) {
          w.uint32(114)
          PublishBundle.codec().encode(obj.publishBundle, w)
        }

        if (obj.fetchBundles != null) {
          w.uint32(122)
          FetchBundles.codec().encode(obj.fetchBundles, w)
        }

        if (obj.deposit != null) {
          w.uint32(130)
          Deposit.codec().encode(obj.deposit, w)
        }

        if (obj.fetchMail != null) {
          w.uint32(138)
          FetchMail.codec().encode(obj.fetchMail, w)
        }

        if (obj.ackMail != null) {
          w.uint32(146)
          AckMail.codec().encode(obj.ackMail, w)
        }

        if (obj.subscribe != null) {
          w.uint32(154)
          Subscribe.codec().encode(obj.subscribe, w)
        }

        if (obj.logout != null) {
          w.uint32(162)
          Logout.codec().encode(obj.logout, w)
        }

        if (obj.resendCode != null) {
          w.uint32(170)
          ResendCode.codec().encode(obj.resendCode, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          id: 0
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
              obj.id = reader.uint32()
              break
            }
            case 10: {
              obj.register = Register.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.register
              })
              break
            }
            case 11: {
              obj.verify = Verify.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.verify
              })
              break
            }
            case 12: {
              obj.login = Login.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.login
              })
              break
            }
            case 13: {
              obj.authenticate = Authenticate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.authenticate
              })
              break
            }
            case 14: {
              obj.publishBundle = PublishBundle.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.publishBundle
              })
              break
            }
            case 15: {
              obj.fetchBundles = FetchBundles.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetchBundles
              })
              break
            }
            case 16: {
              obj.deposit = Deposit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposit
              })
              break
            }
            case 17: {
              obj.fetchMail = FetchMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetchMail
              })
              break
            }
            case 18: {
              obj.ackMail = AckMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ackMail
              })
              break
            }
            case 19: {
              obj.subscribe = Subscribe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.subscribe
              })
              break
            }
            case 20: {
              obj.logout = Logout.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.logout
              })
              break
            }
            case 21: {
              obj.resendCode = ResendCode.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.resendCode
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.resendCode != null) {
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.logout != null) {
          delete obj.resendCode
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.subscribe != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.ackMail != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.fetchMail != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.deposit != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.fetchBundles != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.publishBundle != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.authenticate != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.login != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.verify
          delete obj.register
        }

        if (obj.verify != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.register
        }

        if (obj.register != null) {
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
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
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield * Register.codec().stream(reader, reader.uint32(), `${prefix}.register`, {
                limits: opts.limits?.register
              })

              break
            }
            case 11: {
              yield * Verify.codec().stream(reader, reader.uint32(), `${prefix}.verify`, {
                limits: opts.limits?.verify
              })

              break
            }
            case 12: {
              yield * Login.codec().stream(reader, reader.uint32(), `${prefix}.login`, {
                limits: opts.limits?.login
              })

              break
            }
            case 13: {
              yield * Authenticate.codec().stream(reader, reader.uint32(), `${prefix}.authenticate`, {
                limits: opts.limits?.authenticate
              })

              break
            }
            case 14: {
              yield * PublishBundle.codec().stream(reader, reader.uint32(), `${prefix}.publishBundle`, {
                limits: opts.limits?.publishBundle
              })

              break
            }
            case 15: {
              yield * FetchBundles.codec().stream(reader, reader.uint32(), `${prefix}.fetchBundles`, {
                limits: opts.limits?.fetchBundles
              })

              break
            }
            case 16: {
              yield * Deposit.codec().stream(reader, reader.uint32(), `${prefix}.deposit`, {
                limits: opts.limits?.deposit
              })

              break
            }
            case 17: {
              yield * FetchMail.codec().stream(reader, reader.uint32(), `${prefix}.fetchMail`, {
                limits: opts.limits?.fetchMail
              })

              break
            }
            case 18: {
              yield * AckMail.codec().stream(reader, reader.uint32(), `${prefix}.ackMail`, {
                limits: opts.limits?.ackMail
              })

              break
            }
            case 19: {
              yield * Subscribe.codec().stream(reader, reader.uint32(), `${prefix}.subscribe`, {
                limits: opts.limits?.subscribe
              })

              break
            }
            case 20: {
              yield * Logout.codec().stream(reader, reader.uint32(), `${prefix}.logout`, {
                limits: opts.limits?.logout
              })

              break
            }
            case 21: {
              yield * ResendCode.codec().stream(reader, reader.uint32(), `${prefix}.resendCode`, {
                limits: opts.limits?.resendCode
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

  export interface RequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface RequestIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface RequestRegisterNameFieldEvent {
    field: '$.register.name'
    value: string
  }

  export interface RequestRegisterEmailFieldEvent {
    field: '$.register.email'
    value: string
  }

  export interface RequestRegisterPasswordFieldEvent {
    field: '$.register.password'
    value: string
  }

  export interface RequestVerifyNameFieldEvent {
    field: '$.verify.name'
    value: string
  }

  export interface RequestVerifyCodeFieldEvent {
    field: '$.verify.code'
    value: string
  }

  export interface RequestLoginNameFieldEvent {
    field: '$.login.name'
    value: string
  }

  export interface RequestLoginPasswordFieldEvent {
    field: '$.login.password'
    value: string
  }

  export interface RequestAuthenticateTokenFieldEvent {
    field: '$.authenticate.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPublishBundleSignedBundleFieldEvent {
    field: '$.publishBundle.signedBundle'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestFetchBundlesUserFieldEvent {
    field: '$.fetchBundles.user'
    value: string
  }

  export interface RequestDepositEnvelopeFieldEvent {
    field: '$.deposit.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestFetchMailAfterSeqFieldEvent {
    field: '$.fetchMail.afterSeq'
    value: bigint
  }

  export interface RequestFetchMailLimitFieldEvent {
    field: '$.fetchMail.limit'
    value: number
  }

  export interface RequestAckMailMessageIdsFieldEvent {
    field: '$.ackMail.messageIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestResendCodeNameFieldEvent {
    field: '$.resendCode.name'
    value: string
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestVersionFieldEvent | RequestIdFieldEvent | RequestRegisterNameFieldEvent | RequestRegisterEmailFieldEvent | RequestRegisterPasswordFieldEvent | RequestVerifyNameFieldEvent | RequestVerifyCodeFieldEvent | RequestLoginNameFieldEvent | RequestLoginPasswordFieldEvent | RequestAuthenticateTokenFieldEvent | RequestPublishBundleSignedBundleFieldEvent | RequestFetchBundlesUserFieldEvent | RequestDepositEnvelopeFieldEvent | RequestFetchMailAfterSeqFieldEvent | RequestFetchMailLimitFieldEvent | RequestAckMailMessageIdsFieldEvent | RequestResendCodeNameFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Register {
  name: string
  email: string
  password: string
}

export namespace Register {
  let _codec: Codec<Register>

  export const codec = (): Codec<Register> => {
    if (_codec == null) {
      _codec = message<Register>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.email != null && obj.email !== '')) {
          w.uint32(18)
          w.string(obj.email)
        }

        if ((obj.password != null && obj.password !== '')) {
          w.uint32(26)
          w.string(obj.password)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          email: '',
          password: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.email = reader.string()
              break
            }
            case 3: {
              obj.password = reader.string()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.email`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.password`,
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

  export interface RegisterNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface RegisterEmailFieldEvent {
    field: '$.email'
    value: string
  }

  export interface RegisterPasswordFieldEvent {
    field: '$.password'
    value: string
  }

  export function encode (obj: Partial<Register>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Register.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Register>): Register {
    return decodeMessage(buf, Register.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Register>): Generator<RegisterNameFieldEvent | RegisterEmailFieldEvent | RegisterPasswordFieldEvent> {
    return streamMessage(buf, Register.codec(), opts)
  }
}

export interface Verify {
  name: string
  code: string
}

export namespace Verify {
  let _codec: Codec<Verify>

  export const codec = (): Codec<Verify> => {
    if (_codec == null) {
      _codec = message<Verify>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(18)
          w.string(obj.code)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          code: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.code = reader.string()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.code`,
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

  export interface VerifyNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface VerifyCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export function encode (obj: Partial<Verify>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Verify.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verify>): Verify {
    return decodeMessage(buf, Verify.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verify>): Generator<VerifyNameFieldEvent | VerifyCodeFieldEvent> {
    return streamMessage(buf, Verify.codec(), opts)
  }
}

export interface ResendCode {
  name: string
}

export namespace ResendCode {
  let _codec: Codec<ResendCode>

  export const codec = (): Codec<ResendCode> => {
    if (_codec == null) {
      _codec = message<ResendCode>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
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
                field: `${prefix}.name`,
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

  export interface ResendCodeNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<ResendCode>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResendCode.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendCode>): ResendCode {
    return decodeMessage(buf, ResendCode.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendCode>): Generator<ResendCodeNameFieldEvent> {
    return streamMessage(buf, ResendCode.codec(), opts)
  }
}

export interface Login {
  name: string
  password: string
}

export namespace Login {
  let _codec: Codec<Login>

  export const codec = (): Codec<Login> => {
    if (_codec == null) {
      _codec = message<Login>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.password != null && obj.password !== '')) {
          w.uint32(18)
          w.string(obj.password)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          password: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.password = reader.string()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.password`,
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

  export interface LoginNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface LoginPasswordFieldEvent {
    field: '$.password'
    value: string
  }

  export function encode (obj: Partial<Login>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Login.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Login {
    return decodeMessage(buf, Login.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Generator<LoginNameFieldEvent | LoginPasswordFieldEvent> {
    return streamMessage(buf, Login.codec(), opts)
  }
}

export interface Authenticate {
  token: Uint8Array<ArrayBuffer>
}

export namespace Authenticate {
  let _codec: Codec<Authenticate>

  export const codec = (): Codec<Authenticate> => {
    if (_codec == null) {
      _codec = message<Authenticate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.token != null && obj.token.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.token)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          token: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.token = reader.bytes()
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
                field: `${prefix}.token`,
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

  export interface AuthenticateTokenFieldEvent {
    field: '$.token'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Authenticate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Authenticate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Authenticate>): Authenticate {
    return decodeMessage(buf, Authenticate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Authenticate>): Generator<AuthenticateTokenFieldEvent> {
    return streamMessage(buf, Authenticate.codec(), opts)
  }
}

export interface Logout {}

export namespace Logout {
  let _codec: Codec<Logout>

  export const codec = (): Codec<Logout> => {
    if (_codec == null) {
      _codec = message<Logout>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<Logout>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Logout.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Logout>): Logout {
    return decodeMessage(buf, Logout.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Logout>): Generator<{}> {
    return streamMessage(buf, Logout.codec(), opts)
  }
}

export interface PublishBundle {
  signedBundle: Uint8Array<ArrayBuffer>
}

export namespace PublishBundle {
  let _codec: Codec<PublishBundle>

  export const codec = (): Codec<PublishBundle> => {
    if (_codec == null) {
      _codec = message<PublishBundle>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.signedBundle != null && obj.signedBundle.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.signedBundle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          signedBundle: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.signedBundle = reader.bytes()
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
                field: `${prefix}.signedBundle`,
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

  export interface PublishBundleSignedBundleFieldEvent {
    field: '$.signedBundle'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PublishBundle>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublishBundle.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishBundle>): PublishBundle {
    return decodeMessage(buf, PublishBundle.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishBundle>): Generator<PublishBundleSignedBundleFieldEvent> {
    return streamMessage(buf, PublishBundle.codec(), opts)
  }
}

export interface FetchBundles {
  user: string
}

export namespace FetchBundles {
  let _codec: Codec<FetchBundles>

  export const codec = (): Codec<FetchBundles> => {
    if (_codec == null) {
      _codec = message<FetchBundles>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
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
                field: `${prefix}.user`,
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

  export interface FetchBundlesUserFieldEvent {
    field: '$.user'
    value: string
  }

  export function encode (obj: Partial<FetchBundles>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchBundles.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundles>): FetchBundles {
    return decodeMessage(buf, FetchBundles.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundles>): Generator<FetchBundlesUserFieldEvent> {
    return streamMessage(buf, FetchBundles.codec(), opts)
  }
}

export interface Deposit {
  envelope: Uint8Array<ArrayBuffer>
}

export namespace Deposit {
  let _codec: Codec<Deposit>

  export const codec = (): Codec<Deposit> => {
    if (_codec == null) {
      _codec = message<Deposit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
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
                field: `${prefix}.envelope`,
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

  export interface DepositEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Deposit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Deposit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Deposit {
    return decodeMessage(buf, Deposit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Generator<DepositEnvelopeFieldEvent> {
    return streamMessage(buf, Deposit.codec(), opts)
  }
}

export interface FetchMail {
  afterSeq: bigint
  limit: number
}

export namespace FetchMail {
  let _codec: Codec<FetchMail>

  export const codec = (): Codec<FetchMail> => {
    if (_codec == null) {
      _codec = message<FetchMail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.afterSeq != null && obj.afterSeq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.afterSeq)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(16)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          afterSeq: 0n,
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.afterSeq = reader.uint64()
              break
            }
            case 2: {
              obj.limit = reader.uint32()
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
                field: `${prefix}.afterSeq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.limit`,
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

  export interface FetchMailAfterSeqFieldEvent {
    field: '$.afterSeq'
    value: bigint
  }

  export interface FetchMailLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<FetchMail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchMail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchMail>): FetchMail {
    return decodeMessage(buf, FetchMail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchMail>): Generator<FetchMailAfterSeqFieldEvent | FetchMailLimitFieldEvent> {
    return streamMessage(buf, FetchMail.codec(), opts)
  }
}

export interface AckMail {
  messageIds: Uint8Array<ArrayBuffer>[]
}

export namespace AckMail {
  let _codec: Codec<AckMail>

  export const codec = (): Codec<AckMail> => {
    if (_codec == null) {
      _codec = message<AckMail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.messageIds != null && obj.messageIds.length > 0) {
          for (const value of obj.messageIds) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messageIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
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

  export interface AckMailMessageIdsFieldEvent {
    field: '$.messageIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AckMail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AckMail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckMail>): AckMail {
    return decodeMessage(buf, AckMail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckMail>): Generator<AckMailMessageIdsFieldEvent> {
    return streamMessage(buf, AckMail.codec(), opts)
  }
}

export interface Subscribe {}

export namespace Subscribe {
  let _codec: Codec<Subscribe>

  export const codec = (): Codec<Subscribe> => {
    if (_codec == null) {
      _codec = message<Subscribe>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<Subscribe>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Subscribe.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Subscribe>): Subscribe {
    return decodeMessage(buf, Subscribe.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Subscribe>): Generator<{}> {
    return streamMessage(buf, Subscribe.codec(), opts)
  }
}

export interface ServerFrame {
  version: number
  response?: Response
  push?: Push
}

export namespace ServerFrame {
  let _codec: Codec<ServerFrame>

  export const codec = (): Codec<ServerFrame> => {
    if (_codec == null) {
      _codec = message<ServerFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.push != null) {
          obj.response = undefined
        }

        if (obj.response != null) {
          obj.push = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.response != null) {
          w.uint32(18)
          Response.codec().encode(obj.response, w)
        }

        if (obj.push != null) {
          w.uint32(26)
          Push.codec().encode(obj.push, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0
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
              obj.response = Response.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.response
              })
              break
            }
            case 3: {
              obj.push = Push.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.push
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.push != null) {
          delete obj.response
        }

        if (obj.response != null) {
          delete obj.push
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
              yield * Response.codec().stream(reader, reader.uint32(), `${prefix}.response`, {
                limits: opts.limits?.response
              })

              break
            }
            case 3: {
              yield * Push.codec().stream(reader, reader.uint32(), `${prefix}.push`, {
                limits: opts.limits?.push
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

  export interface ServerFrameVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ServerFrameResponseIdFieldEvent {
    field: '$.response.id'
    value: number
  }

  export interface ServerFrameResponseErrorCodeFieldEvent {
    field: '$.response.error.code'
    value: string
  }

  export interface ServerFrameResponseErrorMessageFieldEvent {
    field: '$.response.error.message'
    value: string
  }

  export interface ServerFrameResponseErrorRetryAfterMsFieldEvent {
    field: '$.response.error.retryAfterMs'
    value: bigint
  }

  export interface ServerFrameResponseSessionTokenFieldEvent {
    field: '$.response.session.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseSessionUserFieldEvent {
    field: '$.response.session.user'
    value: string
  }

  export interface ServerFrameResponseSessionExpiresAtFieldEvent {
    field: '$.response.session.expiresAt'
    value: bigint
  }

  export interface ServerFrameResponseBundlesUserFieldEvent {
    field: '$.response.bundles.user'
    value: string
  }

  export interface ServerFrameResponseBundlesSignedBundlesFieldEvent {
    field: '$.response.bundles.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseDepositedMessageIdFieldEvent {
    field: '$.response.deposited.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseDepositedDuplicateFieldEvent {
    field: '$.response.deposited.duplicate'
    value: boolean
  }

  export interface ServerFrameResponseDepositedStoredAtFieldEvent {
    field: '$.response.deposited.storedAt'
    value: bigint
  }

  export interface ServerFrameResponseMailItemsSeqFieldEvent {
    field: '$.response.mail.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseMailItemsEnvelopeFieldEvent {
    field: '$.response.mail.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFrameResponseMailItemsReceivedAtFieldEvent {
    field: '$.response.mail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseMailMoreFieldEvent {
    field: '$.response.mail.more'
    value: boolean
  }

  export interface ServerFramePushItemsSeqFieldEvent {
    field: '$.push.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFramePushItemsEnvelopeFieldEvent {
    field: '$.push.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFramePushItemsReceivedAtFieldEvent {
    field: '$.push.items[].receivedAt'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<ServerFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ServerFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ServerFrame>): ServerFrame {
    return decodeMessage(buf, ServerFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ServerFrame>): Generator<ServerFrameVersionFieldEvent | ServerFrameResponseIdFieldEvent | ServerFrameResponseErrorCodeFieldEvent | ServerFrameResponseErrorMessageFieldEvent | ServerFrameResponseErrorRetryAfterMsFieldEvent | ServerFrameResponseSessionTokenFieldEvent | ServerFrameResponseSessionUserFieldEvent | ServerFrameResponseSessionExpiresAtFieldEvent | ServerFrameResponseBundlesUserFieldEvent | ServerFrameResponseBundlesSignedBundlesFieldEvent | ServerFrameResponseDepositedMessageIdFieldEvent | ServerFrameResponseDepositedDuplicateFieldEvent | ServerFrameResponseDepositedStoredAtFieldEvent | ServerFrameResponseMailItemsSeqFieldEvent | ServerFrameResponseMailItemsEnvelopeFieldEvent | ServerFrameResponseMailItemsReceivedAtFieldEvent | ServerFrameResponseMailMoreFieldEvent | ServerFramePushItemsSeqFieldEvent | ServerFramePushItemsEnvelopeFieldEvent | ServerFramePushItemsReceivedAtFieldEvent> {
    return streamMessage(buf, ServerFrame.codec(), opts)
  }
}

export interface Response {
  id: number
  error?: RpcError
  ok?: Ok
  session?: Session
  bundles?: Bundles
  deposited?: Deposited
  mail?: Mail
}

export namespace Response {
  let _codec: Codec<Response>

  export const codec = (): Codec<Response> => {
    if (_codec == null) {
      _codec = message<Response>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.mail != null) {
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.deposited != null) {
          obj.mail = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.bundles != null) {
          obj.mail = undefined
          obj.deposited = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.session != null) {
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.ok != null) {
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.error = undefined
        }

        if (obj.error != null) {
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if (obj.error != null) {
          w.uint32(18)
          RpcError.codec().encode(obj.error, w)
        }

        if (obj.ok != null) {
          w.uint32(26)
          Ok.codec().encode(obj.ok, w)
        }

        if (obj.session != null) {
          w.uint32(34)
          Session.codec().encode(obj.session, w)
        }

        if (obj.bundles != null) {
          w.uint32(42)
          Bundles.codec().encode(obj.bundles, w)
        }

        if (obj.deposited != null) {
          w.uint32(50)
          Deposited.codec().encode(obj.deposited, w)
        }

        if (obj.mail != null) {
          w.uint32(58)
          Mail.codec().encode(obj.mail, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.error = RpcError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            case 3: {
              obj.ok = Ok.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ok
              })
              break
            }
            case 4: {
              obj.session = Session.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.session
              })
              break
            }
            case 5: {
              obj.bundles = Bundles.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bundles
              })
              break
            }
            case 6: {
              obj.deposited = Deposited.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposited
              })
              break
            }
            case 7: {
              obj.mail = Mail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.mail
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.mail != null) {
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.deposited != null) {
          delete obj.mail
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.bundles != null) {
          delete obj.mail
          delete obj.deposited
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.session != null) {
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.ok
          delete obj.error
        }

        if (obj.ok != null) {
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.error
        }

        if (obj.error != null) {
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * RpcError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            case 3: {
              yield * Ok.codec().stream(reader, reader.uint32(), `${prefix}.ok`, {
                limits: opts.limits?.ok
              })

              break
            }
            case 4: {
              yield * Session.codec().stream(reader, reader.uint32(), `${prefix}.session`, {
                limits: opts.limits?.session
              })

              break
            }
            case 5: {
              yield * Bundles.codec().stream(reader, reader.uint32(), `${prefix}.bundles`, {
                limits: opts.limits?.bundles
              })

              break
            }
            case 6: {
              yield * Deposited.codec().stream(reader, reader.uint32(), `${prefix}.deposited`, {
                limits: opts.limits?.deposited
              })

              break
            }
            case 7: {
              yield * Mail.codec().stream(reader, reader.uint32(), `${prefix}.mail`, {
                limits: opts.limits?.mail
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

  export interface ResponseIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface ResponseErrorCodeFieldEvent {
    field: '$.error.code'
    value: string
  }

  export interface ResponseErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface ResponseErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: bigint
  }

  export interface ResponseSessionTokenFieldEvent {
    field: '$.session.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseSessionUserFieldEvent {
    field: '$.session.user'
    value: string
  }

  export interface ResponseSessionExpiresAtFieldEvent {
    field: '$.session.expiresAt'
    value: bigint
  }

  export interface ResponseBundlesUserFieldEvent {
    field: '$.bundles.user'
    value: string
  }

  export interface ResponseBundlesSignedBundlesFieldEvent {
    field: '$.bundles.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseDepositedMessageIdFieldEvent {
    field: '$.deposited.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseDepositedDuplicateFieldEvent {
    field: '$.deposited.duplicate'
    value: boolean
  }

  export interface ResponseDepositedStoredAtFieldEvent {
    field: '$.deposited.storedAt'
    value: bigint
  }

  export interface ResponseMailItemsSeqFieldEvent {
    field: '$.mail.items[].seq'
    value: bigint
    index: number
  }

  export interface ResponseMailItemsEnvelopeFieldEvent {
    field: '$.mail.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponseMailItemsReceivedAtFieldEvent {
    field: '$.mail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ResponseMailMoreFieldEvent {
    field: '$.mail.more'
    value: boolean
  }

  export function encode (obj: Partial<Response>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Response.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Response {
    return decodeMessage(buf, Response.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Generator<ResponseIdFieldEvent | ResponseErrorCodeFieldEvent | ResponseErrorMessageFieldEvent | ResponseErrorRetryAfterMsFieldEvent | ResponseSessionTokenFieldEvent | ResponseSessionUserFieldEvent | ResponseSessionExpiresAtFieldEvent | ResponseBundlesUserFieldEvent | ResponseBundlesSignedBundlesFieldEvent | ResponseDepositedMessageIdFieldEvent | ResponseDepositedDuplicateFieldEvent | ResponseDepositedStoredAtFieldEvent | ResponseMailItemsSeqFieldEvent | ResponseMailItemsEnvelopeFieldEvent | ResponseMailItemsReceivedAtFieldEvent | ResponseMailMoreFieldEvent> {
    return streamMessage(buf, Response.codec(), opts)
  }
}

export interface RpcError {
  code: string
  message: string
  retryAfterMs: bigint
}

export namespace RpcError {
  let _codec: Codec<RpcError>

  export const codec = (): Codec<RpcError> => {
    if (_codec == null) {
      _codec = message<RpcError>((obj, w, opts = {}) => {
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

  export interface RpcErrorCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface RpcErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface RpcErrorRetryAfterMsFieldEvent {
    field: '$.retryAfterMs'
    value: bigint
  }

  export function encode (obj: Partial<RpcError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RpcError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcError>): RpcError {
    return decodeMessage(buf, RpcError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcError>): Generator<RpcErrorCodeFieldEvent | RpcErrorMessageFieldEvent | RpcErrorRetryAfterMsFieldEvent> {
    return streamMessage(buf, RpcError.codec(), opts)
  }
}

export interface Ok {}

export namespace Ok {
  let _codec: Codec<Ok>

  export const codec = (): Codec<Ok> => {
    if (_codec == null) {
      _codec = message<Ok>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<Ok>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ok.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ok>): Ok {
    return decodeMessage(buf, Ok.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ok>): Generator<{}> {
    return streamMessage(buf, Ok.codec(), opts)
  }
}

export interface Session {
  token: Uint8Array<ArrayBuffer>
  user: string
  expiresAt: bigint
}

export namespace Session {
  let _codec: Codec<Session>

  export const codec = (): Codec<Session> => {
    if (_codec == null) {
      _codec = message<Session>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.token != null && obj.token.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.token)
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(18)
          w.string(obj.user)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          token: uint8ArrayAlloc(0),
          user: '',
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.token = reader.bytes()
              break
            }
            case 2: {
              obj.user = reader.string()
              break
            }
            case 3: {
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
                field: `${prefix}.token`,
                value: reader.bytes()
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

  export interface SessionTokenFieldEvent {
    field: '$.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SessionUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface SessionExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<Session>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Session.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Session {
    return decodeMessage(buf, Session.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Generator<SessionTokenFieldEvent | SessionUserFieldEvent | SessionExpiresAtFieldEvent> {
    return streamMessage(buf, Session.codec(), opts)
  }
}

export interface Bundles {
  user: string
  signedBundles: Uint8Array<ArrayBuffer>[]
}

export namespace Bundles {
  let _codec: Codec<Bundles>

  export const codec = (): Codec<Bundles> => {
    if (_codec == null) {
      _codec = message<Bundles>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if (obj.signedBundles != null && obj.signedBundles.length > 0) {
          for (const value of obj.signedBundles) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: '',
          signedBundles: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.signedBundles != null && obj.signedBundles.length === opts.limits.signedBundles) {
                throw new MaxLengthError('Decode error - repeated field "signedBundles" had too many elements')
              }

              obj.signedBundles.push(reader.bytes())
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
          signedBundles: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.signedBundles != null && obj.signedBundles === opts.limits.signedBundles) {
                throw new MaxLengthError('Streaming decode error - repeated field "signedBundles" had too many elements')
              }

              yield {
                field: `${prefix}.signedBundles[]`,
                index: obj.signedBundles,
                value: reader.bytes()
              }

              obj.signedBundles++

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

  export interface BundlesUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface BundlesSignedBundlesFieldEvent {
    field: '$.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Bundles>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Bundles.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bundles>): Bundles {
    return decodeMessage(buf, Bundles.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bundles>): Generator<BundlesUserFieldEvent | BundlesSignedBundlesFieldEvent> {
    return streamMessage(buf, Bundles.codec(), opts)
  }
}

export interface Deposited {
  messageId: Uint8Array<ArrayBuffer>
  duplicate: boolean
  storedAt: bigint
}

export namespace Deposited {
  let _codec: Codec<Deposited>

  export const codec = (): Codec<Deposited> => {
    if (_codec == null) {
      _codec = message<Deposited>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.messageId != null && obj.messageId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.messageId)
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(16)
          w.bool(obj.duplicate)
        }

        if ((obj.storedAt != null && obj.storedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.storedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messageId: uint8ArrayAlloc(0),
          duplicate: false,
          storedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.messageId = reader.bytes()
              break
            }
            case 2: {
              obj.duplicate = reader.bool()
              break
            }
            case 3: {
              obj.storedAt = reader.uint64()
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
                field: `${prefix}.messageId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.duplicate`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.storedAt`,
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

  export interface DepositedMessageIdFieldEvent {
    field: '$.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DepositedDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export interface DepositedStoredAtFieldEvent {
    field: '$.storedAt'
    value: bigint
  }

  export function encode (obj: Partial<Deposited>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Deposited.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposited>): Deposited {
    return decodeMessage(buf, Deposited.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposited>): Generator<DepositedMessageIdFieldEvent | DepositedDuplicateFieldEvent | DepositedStoredAtFieldEvent> {
    return streamMessage(buf, Deposited.codec(), opts)
  }
}

export interface MailItem {
  seq: bigint
  envelope: Uint8Array<ArrayBuffer>
  receivedAt: bigint
}

export namespace MailItem {
  let _codec: Codec<MailItem>

  export const codec = (): Codec<MailItem> => {
    if (_codec == null) {
      _codec = message<MailItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.envelope)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.receivedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          envelope: uint8ArrayAlloc(0),
          receivedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              obj.envelope = reader.bytes()
              break
            }
            case 3: {
              obj.receivedAt = reader.uint64()
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
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.receivedAt`,
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

  export interface MailItemSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface MailItemEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailItemReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export function encode (obj: Partial<MailItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailItem>): MailItem {
    return decodeMessage(buf, MailItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailItem>): Generator<MailItemSeqFieldEvent | MailItemEnvelopeFieldEvent | MailItemReceivedAtFieldEvent> {
    return streamMessage(buf, MailItem.codec(), opts)
  }
}

export interface Mail {
  items: MailItem[]
  more: boolean
}

export namespace Mail {
  let _codec: Codec<Mail>

  export const codec = (): Codec<Mail> => {
    if (_codec == null) {
      _codec = message<Mail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(10)
            MailItem.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(16)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          items: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 2: {
              obj.more = reader.bool()
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
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.more`,
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

  export interface MailItemsSeqFieldEvent {
    field: '$.items[].seq'
    value: bigint
    index: number
  }

  export interface MailItemsEnvelopeFieldEvent {
    field: '$.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailItemsReceivedAtFieldEvent {
    field: '$.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface MailMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<Mail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Mail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mail>): Mail {
    return decodeMessage(buf, Mail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mail>): Generator<MailItemsSeqFieldEvent | MailItemsEnvelopeFieldEvent | MailItemsReceivedAtFieldEvent | MailMoreFieldEvent> {
    return streamMessage(buf, Mail.codec(), opts)
  }
}

export interface Push {
  items: MailItem[]
}

export namespace Push {
  let _codec: Codec<Push>

  export const codec = (): Codec<Push> => {
    if (_codec == null) {
      _codec = message<Push>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(10)
            MailItem.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          items: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
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
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

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

  export interface PushItemsSeqFieldEvent {
    field: '$.items[].seq'
    value: bigint
    index: number
  }

  export interface PushItemsEnvelopeFieldEvent {
    field: '$.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PushItemsReceivedAtFieldEvent {
    field: '$.items[].receivedAt'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<Push>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Push.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Push>): Push {
    return decodeMessage(buf, Push.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Push>): Generator<PushItemsSeqFieldEvent | PushItemsEnvelopeFieldEvent | PushItemsReceivedAtFieldEvent> {
    return streamMessage(buf, Push.codec(), opts)
  }
}
