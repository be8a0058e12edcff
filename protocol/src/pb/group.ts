import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface GroupMember {
  address: string
  identityKey: Uint8Array<ArrayBuffer>
  admin: boolean
  joined: boolean
}

export namespace GroupMember {
  let _codec: Codec<GroupMember>

  export const codec = (): Codec<GroupMember> => {
    if (_codec == null) {
      _codec = message<GroupMember>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.address != null && obj.address !== '')) {
          w.uint32(10)
          w.string(obj.address)
        }

        if ((obj.identityKey != null && obj.identityKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.identityKey)
        }

        if ((obj.admin != null && obj.admin !== false)) {
          w.uint32(24)
          w.bool(obj.admin)
        }

        if ((obj.joined != null && obj.joined !== false)) {
          w.uint32(32)
          w.bool(obj.joined)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          address: '',
          identityKey: uint8ArrayAlloc(0),
          admin: false,
          joined: false
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
              obj.identityKey = reader.bytes()
              break
            }
            case 3: {
              obj.admin = reader.bool()
              break
            }
            case 4: {
              obj.joined = reader.bool()
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
                field: `${prefix}.identityKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.admin`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.joined`,
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

  export interface GroupMemberAddressFieldEvent {
    field: '$.address'
    value: string
  }

  export interface GroupMemberIdentityKeyFieldEvent {
    field: '$.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMemberAdminFieldEvent {
    field: '$.admin'
    value: boolean
  }

  export interface GroupMemberJoinedFieldEvent {
    field: '$.joined'
    value: boolean
  }

  export function encode (obj: Partial<GroupMember>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMember.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMember>): GroupMember {
    return decodeMessage(buf, GroupMember.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMember>): Generator<GroupMemberAddressFieldEvent | GroupMemberIdentityKeyFieldEvent | GroupMemberAdminFieldEvent | GroupMemberJoinedFieldEvent> {
    return streamMessage(buf, GroupMember.codec(), opts)
  }
}

export interface GroupState {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  epoch: bigint
  name: string
  members: GroupMember[]
  head: Uint8Array<ArrayBuffer>
}

export namespace GroupState {
  let _codec: Codec<GroupState>

  export const codec = (): Codec<GroupState> => {
    if (_codec == null) {
      _codec = message<GroupState>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(24)
          w.uint64(obj.epoch)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(34)
          w.string(obj.name)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(42)
            GroupMember.codec().encode(value, w)
          }
        }

        if ((obj.head != null && obj.head.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.head)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          epoch: 0n,
          name: '',
          members: [],
          head: uint8ArrayAlloc(0)
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.epoch = reader.uint64()
              break
            }
            case 4: {
              obj.name = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(GroupMember.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            case 6: {
              obj.head = reader.bytes()
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
          members: 0
        }

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
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of GroupMember.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.head`,
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

  export interface GroupStateVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupStateGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupStateEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface GroupStateNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupStateMembersAddressFieldEvent {
    field: '$.members[].address'
    value: string
    index: number
  }

  export interface GroupStateMembersIdentityKeyFieldEvent {
    field: '$.members[].identityKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupStateMembersAdminFieldEvent {
    field: '$.members[].admin'
    value: boolean
    index: number
  }

  export interface GroupStateMembersJoinedFieldEvent {
    field: '$.members[].joined'
    value: boolean
    index: number
  }

  export interface GroupStateHeadFieldEvent {
    field: '$.head'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupState>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupState.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupState>): GroupState {
    return decodeMessage(buf, GroupState.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupState>): Generator<GroupStateVersionFieldEvent | GroupStateGroupIdFieldEvent | GroupStateEpochFieldEvent | GroupStateNameFieldEvent | GroupStateMembersAddressFieldEvent | GroupStateMembersIdentityKeyFieldEvent | GroupStateMembersAdminFieldEvent | GroupStateMembersJoinedFieldEvent | GroupStateHeadFieldEvent> {
    return streamMessage(buf, GroupState.codec(), opts)
  }
}

export enum GroupAction {
  GROUP_ACTION_UNSPECIFIED = 'GROUP_ACTION_UNSPECIFIED',
  CREATE = 'CREATE',
  INVITE = 'INVITE',
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  LEAVE = 'LEAVE',
  REMOVE = 'REMOVE',
  SET_ADMIN = 'SET_ADMIN',
  RENAME = 'RENAME'
}

enum __GroupActionValues {
  GROUP_ACTION_UNSPECIFIED = 0,
  CREATE = 1,
  INVITE = 2,
  ACCEPT = 3,
  DECLINE = 4,
  LEAVE = 5,
  REMOVE = 6,
  SET_ADMIN = 7,
  RENAME = 8
}

export namespace GroupAction {
  export const codec = (): Codec<GroupAction> => {
    return enumeration<GroupAction>(__GroupActionValues)
  }
}

export interface GroupChange {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  epoch: bigint
  prior: Uint8Array<ArrayBuffer>
  author: string
  action: GroupAction
  name: string
  invitees: GroupMember[]
  target: string
  admin: boolean
  authorIdentityKey: Uint8Array<ArrayBuffer>
  madeAt: bigint
}

export namespace GroupChange {
  let _codec: Codec<GroupChange>

  export const codec = (): Codec<GroupChange> => {
    if (_codec == null) {
      _codec = message<GroupChange>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(24)
          w.uint64(obj.epoch)
        }

        if ((obj.prior != null && obj.prior.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.prior)
        }

        if ((obj.author != null && obj.author !== '')) {
          w.uint32(42)
          w.string(obj.author)
        }

        if (obj.action != null && __GroupActionValues[obj.action] !== 0) {
          w.uint32(48)
          GroupAction.codec().encode(obj.action, w)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(58)
          w.string(obj.name)
        }

        if (obj.invitees != null && obj.invitees.length > 0) {
          for (const value of obj.invitees) {
            w.uint32(66)
            GroupMember.codec().encode(value, w)
          }
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(74)
          w.string(obj.target)
        }

        if ((obj.admin != null && obj.admin !== false)) {
          w.uint32(80)
          w.bool(obj.admin)
        }

        if ((obj.authorIdentityKey != null && obj.authorIdentityKey.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.authorIdentityKey)
        }

        if ((obj.madeAt != null && obj.madeAt !== 0n)) {
          w.uint32(96)
          w.uint64(obj.madeAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          epoch: 0n,
          prior: uint8ArrayAlloc(0),
          author: '',
          action: GroupAction.GROUP_ACTION_UNSPECIFIED,
          name: '',
          invitees: [],
          target: '',
          admin: false,
          authorIdentityKey: uint8ArrayAlloc(0),
          madeAt: 0n
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.epoch = reader.uint64()
              break
            }
            case 4: {
              obj.prior = reader.bytes()
              break
            }
            case 5: {
              obj.author = reader.string()
              break
            }
            case 6: {
              obj.action = GroupAction.codec().decode(reader)
              break
            }
            case 7: {
              obj.name = reader.string()
              break
            }
            case 8: {
              if (opts.limits?.invitees != null && obj.invitees.length === opts.limits.invitees) {
                throw new MaxLengthError('Decode error - repeated field "invitees" had too many elements')
              }

              obj.invitees.push(GroupMember.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.invitees$
              }))
              break
            }
            case 9: {
              obj.target = reader.string()
              break
            }
            case 10: {
              obj.admin = reader.bool()
              break
            }
            case 11: {
              obj.authorIdentityKey = reader.bytes()
              break
            }
            case 12: {
              obj.madeAt = reader.uint64()
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
          invitees: 0
        }

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
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.prior`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.author`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.action`,
                value: GroupAction.codec().decode(reader)
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 8: {
              if (opts.limits?.invitees != null && obj.invitees === opts.limits.invitees) {
                throw new MaxLengthError('Streaming decode error - repeated field "invitees" had too many elements')
              }

              for (const evt of GroupMember.codec().stream(reader, reader.uint32(), `${prefix}.invitees[]`, {
                limits: opts.limits?.invitees$
              })) {
                yield {
                  ...evt,
                  index: obj.invitees
                }
              }

              obj.invitees++

              break
            }
            case 9: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.admin`,
                value: reader.bool()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.authorIdentityKey`,
                value: reader.bytes()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.madeAt`,
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

  export interface GroupChangeVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupChangeGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupChangeEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface GroupChangePriorFieldEvent {
    field: '$.prior'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupChangeAuthorFieldEvent {
    field: '$.author'
    value: string
  }

  export interface GroupChangeActionFieldEvent {
    field: '$.action'
    value: GroupAction
  }

  export interface GroupChangeNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupChangeInviteesAddressFieldEvent {
    field: '$.invitees[].address'
    value: string
    index: number
  }

  export interface GroupChangeInviteesIdentityKeyFieldEvent {
    field: '$.invitees[].identityKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupChangeInviteesAdminFieldEvent {
    field: '$.invitees[].admin'
    value: boolean
    index: number
  }

  export interface GroupChangeInviteesJoinedFieldEvent {
    field: '$.invitees[].joined'
    value: boolean
    index: number
  }

  export interface GroupChangeTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface GroupChangeAdminFieldEvent {
    field: '$.admin'
    value: boolean
  }

  export interface GroupChangeAuthorIdentityKeyFieldEvent {
    field: '$.authorIdentityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupChangeMadeAtFieldEvent {
    field: '$.madeAt'
    value: bigint
  }

  export function encode (obj: Partial<GroupChange>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupChange.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupChange>): GroupChange {
    return decodeMessage(buf, GroupChange.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupChange>): Generator<GroupChangeVersionFieldEvent | GroupChangeGroupIdFieldEvent | GroupChangeEpochFieldEvent | GroupChangePriorFieldEvent | GroupChangeAuthorFieldEvent | GroupChangeActionFieldEvent | GroupChangeNameFieldEvent | GroupChangeInviteesAddressFieldEvent | GroupChangeInviteesIdentityKeyFieldEvent | GroupChangeInviteesAdminFieldEvent | GroupChangeInviteesJoinedFieldEvent | GroupChangeTargetFieldEvent | GroupChangeAdminFieldEvent | GroupChangeAuthorIdentityKeyFieldEvent | GroupChangeMadeAtFieldEvent> {
    return streamMessage(buf, GroupChange.codec(), opts)
  }
}

export interface SignedGroupChange {
  change: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedGroupChange {
  let _codec: Codec<SignedGroupChange>

  export const codec = (): Codec<SignedGroupChange> => {
    if (_codec == null) {
      _codec = message<SignedGroupChange>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.change != null && obj.change.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.change)
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
          change: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.change = reader.bytes()
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
                field: `${prefix}.change`,
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

  export interface SignedGroupChangeChangeFieldEvent {
    field: '$.change'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedGroupChangeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedGroupChange>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedGroupChange.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGroupChange>): SignedGroupChange {
    return decodeMessage(buf, SignedGroupChange.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGroupChange>): Generator<SignedGroupChangeChangeFieldEvent | SignedGroupChangeSignatureFieldEvent> {
    return streamMessage(buf, SignedGroupChange.codec(), opts)
  }
}

export interface SenderKeyDistribution {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  keyId: Uint8Array<ArrayBuffer>
  epoch: bigint
  iteration: number
  chainKey: Uint8Array<ArrayBuffer>
  signingKey: Uint8Array<ArrayBuffer>
}

export namespace SenderKeyDistribution {
  let _codec: Codec<SenderKeyDistribution>

  export const codec = (): Codec<SenderKeyDistribution> => {
    if (_codec == null) {
      _codec = message<SenderKeyDistribution>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.keyId != null && obj.keyId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.keyId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(32)
          w.uint64(obj.epoch)
        }

        if ((obj.iteration != null && obj.iteration !== 0)) {
          w.uint32(40)
          w.uint32(obj.iteration)
        }

        if ((obj.chainKey != null && obj.chainKey.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.chainKey)
        }

        if ((obj.signingKey != null && obj.signingKey.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.signingKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          keyId: uint8ArrayAlloc(0),
          epoch: 0n,
          iteration: 0,
          chainKey: uint8ArrayAlloc(0),
          signingKey: uint8ArrayAlloc(0)
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.keyId = reader.bytes()
              break
            }
            case 4: {
              obj.epoch = reader.uint64()
              break
            }
            case 5: {
              obj.iteration = reader.uint32()
              break
            }
            case 6: {
              obj.chainKey = reader.bytes()
              break
            }
            case 7: {
              obj.signingKey = reader.bytes()
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
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.keyId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.iteration`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.chainKey`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.signingKey`,
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

  export interface SenderKeyDistributionVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface SenderKeyDistributionGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyDistributionKeyIdFieldEvent {
    field: '$.keyId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyDistributionEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface SenderKeyDistributionIterationFieldEvent {
    field: '$.iteration'
    value: number
  }

  export interface SenderKeyDistributionChainKeyFieldEvent {
    field: '$.chainKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyDistributionSigningKeyFieldEvent {
    field: '$.signingKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SenderKeyDistribution>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SenderKeyDistribution.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyDistribution>): SenderKeyDistribution {
    return decodeMessage(buf, SenderKeyDistribution.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyDistribution>): Generator<SenderKeyDistributionVersionFieldEvent | SenderKeyDistributionGroupIdFieldEvent | SenderKeyDistributionKeyIdFieldEvent | SenderKeyDistributionEpochFieldEvent | SenderKeyDistributionIterationFieldEvent | SenderKeyDistributionChainKeyFieldEvent | SenderKeyDistributionSigningKeyFieldEvent> {
    return streamMessage(buf, SenderKeyDistribution.codec(), opts)
  }
}

export interface GroupMessageHeader {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  keyId: Uint8Array<ArrayBuffer>
  iteration: number
  messageId: Uint8Array<ArrayBuffer>
  expiresAt: bigint
}

export namespace GroupMessageHeader {
  let _codec: Codec<GroupMessageHeader>

  export const codec = (): Codec<GroupMessageHeader> => {
    if (_codec == null) {
      _codec = message<GroupMessageHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.keyId != null && obj.keyId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.keyId)
        }

        if ((obj.iteration != null && obj.iteration !== 0)) {
          w.uint32(32)
          w.uint32(obj.iteration)
        }

        if ((obj.messageId != null && obj.messageId.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.messageId)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          keyId: uint8ArrayAlloc(0),
          iteration: 0,
          messageId: uint8ArrayAlloc(0),
          expiresAt: 0n
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.keyId = reader.bytes()
              break
            }
            case 4: {
              obj.iteration = reader.uint32()
              break
            }
            case 5: {
              obj.messageId = reader.bytes()
              break
            }
            case 6: {
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
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.keyId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.iteration`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.messageId`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
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

  export interface GroupMessageHeaderVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupMessageHeaderGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageHeaderKeyIdFieldEvent {
    field: '$.keyId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageHeaderIterationFieldEvent {
    field: '$.iteration'
    value: number
  }

  export interface GroupMessageHeaderMessageIdFieldEvent {
    field: '$.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageHeaderExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<GroupMessageHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessageHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessageHeader>): GroupMessageHeader {
    return decodeMessage(buf, GroupMessageHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessageHeader>): Generator<GroupMessageHeaderVersionFieldEvent | GroupMessageHeaderGroupIdFieldEvent | GroupMessageHeaderKeyIdFieldEvent | GroupMessageHeaderIterationFieldEvent | GroupMessageHeaderMessageIdFieldEvent | GroupMessageHeaderExpiresAtFieldEvent> {
    return streamMessage(buf, GroupMessageHeader.codec(), opts)
  }
}

export interface GroupMessage {
  header: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace GroupMessage {
  let _codec: Codec<GroupMessage>

  export const codec = (): Codec<GroupMessage> => {
    if (_codec == null) {
      _codec = message<GroupMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.header != null && obj.header.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.header)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.ciphertext)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          header: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.header = reader.bytes()
              break
            }
            case 2: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 3: {
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
                field: `${prefix}.header`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
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

  export interface GroupMessageHeaderFieldEvent {
    field: '$.header'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): GroupMessage {
    return decodeMessage(buf, GroupMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): Generator<GroupMessageHeaderFieldEvent | GroupMessageCiphertextFieldEvent | GroupMessageSignatureFieldEvent> {
    return streamMessage(buf, GroupMessage.codec(), opts)
  }
}

export interface GroupInvite {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  stateHash: Uint8Array<ArrayBuffer>
  epoch: bigint
  senderKey: Uint8Array<ArrayBuffer>
}

export namespace GroupInvite {
  let _codec: Codec<GroupInvite>

  export const codec = (): Codec<GroupInvite> => {
    if (_codec == null) {
      _codec = message<GroupInvite>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.stateHash != null && obj.stateHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.stateHash)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(32)
          w.uint64(obj.epoch)
        }

        if ((obj.senderKey != null && obj.senderKey.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.senderKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          stateHash: uint8ArrayAlloc(0),
          epoch: 0n,
          senderKey: uint8ArrayAlloc(0)
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.stateHash = reader.bytes()
              break
            }
            case 4: {
              obj.epoch = reader.uint64()
              break
            }
            case 5: {
              obj.senderKey = reader.bytes()
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
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.stateHash`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.senderKey`,
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

  export interface GroupInviteVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupInviteGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupInviteStateHashFieldEvent {
    field: '$.stateHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupInviteEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface GroupInviteSenderKeyFieldEvent {
    field: '$.senderKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupInvite>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupInvite.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupInvite>): GroupInvite {
    return decodeMessage(buf, GroupInvite.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupInvite>): Generator<GroupInviteVersionFieldEvent | GroupInviteGroupIdFieldEvent | GroupInviteStateHashFieldEvent | GroupInviteEpochFieldEvent | GroupInviteSenderKeyFieldEvent> {
    return streamMessage(buf, GroupInvite.codec(), opts)
  }
}

export interface GroupStatePart {
  version: number
  stateHash: Uint8Array<ArrayBuffer>
  part: number
  parts: number
  chunk: Uint8Array<ArrayBuffer>
}

export namespace GroupStatePart {
  let _codec: Codec<GroupStatePart>

  export const codec = (): Codec<GroupStatePart> => {
    if (_codec == null) {
      _codec = message<GroupStatePart>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.stateHash != null && obj.stateHash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.stateHash)
        }

        if ((obj.part != null && obj.part !== 0)) {
          w.uint32(24)
          w.uint32(obj.part)
        }

        if ((obj.parts != null && obj.parts !== 0)) {
          w.uint32(32)
          w.uint32(obj.parts)
        }

        if ((obj.chunk != null && obj.chunk.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.chunk)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          stateHash: uint8ArrayAlloc(0),
          part: 0,
          parts: 0,
          chunk: uint8ArrayAlloc(0)
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
              obj.stateHash = reader.bytes()
              break
            }
            case 3: {
              obj.part = reader.uint32()
              break
            }
            case 4: {
              obj.parts = reader.uint32()
              break
            }
            case 5: {
              obj.chunk = reader.bytes()
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
                field: `${prefix}.stateHash`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.part`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.parts`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.chunk`,
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

  export interface GroupStatePartVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupStatePartStateHashFieldEvent {
    field: '$.stateHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupStatePartPartFieldEvent {
    field: '$.part'
    value: number
  }

  export interface GroupStatePartPartsFieldEvent {
    field: '$.parts'
    value: number
  }

  export interface GroupStatePartChunkFieldEvent {
    field: '$.chunk'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupStatePart>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupStatePart.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupStatePart>): GroupStatePart {
    return decodeMessage(buf, GroupStatePart.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupStatePart>): Generator<GroupStatePartVersionFieldEvent | GroupStatePartStateHashFieldEvent | GroupStatePartPartFieldEvent | GroupStatePartPartsFieldEvent | GroupStatePartChunkFieldEvent> {
    return streamMessage(buf, GroupStatePart.codec(), opts)
  }
}

export interface GroupManage {
  version: number
  groupId: Uint8Array<ArrayBuffer>
  manageKey: Uint8Array<ArrayBuffer>
}

export namespace GroupManage {
  let _codec: Codec<GroupManage>

  export const codec = (): Codec<GroupManage> => {
    if (_codec == null) {
      _codec = message<GroupManage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.groupId)
        }

        if ((obj.manageKey != null && obj.manageKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.manageKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          groupId: uint8ArrayAlloc(0),
          manageKey: uint8ArrayAlloc(0)
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
              obj.groupId = reader.bytes()
              break
            }
            case 3: {
              obj.manageKey = reader.bytes()
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
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.manageKey`,
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

  export interface GroupManageVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupManageGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupManageManageKeyFieldEvent {
    field: '$.manageKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupManage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupManage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupManage>): GroupManage {
    return decodeMessage(buf, GroupManage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupManage>): Generator<GroupManageVersionFieldEvent | GroupManageGroupIdFieldEvent | GroupManageManageKeyFieldEvent> {
    return streamMessage(buf, GroupManage.codec(), opts)
  }
}
