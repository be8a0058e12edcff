/**
 * Strict-decoding schemas of every frame whose bytes are signed or must be canonical, field for
 * field as in pb/*.proto (protocol/test/schemas.spec.ts checks them against the .proto files, so
 * the two cannot drift apart). Not exported from index.ts.
 */
import { BUNDLE_VERSION, DIRECT_VERSION, ENVELOPE_VERSION, GROUP_VERSION, SUITE_HYBRID_RSA_AES } from './constants.js'
import { messageSchema, type SelectorSchema } from './strict-decoding.js'

function versionOne (what: string, supported: number): SelectorSchema {
  return {
    field: 1,
    supported,
    code: 'UNSUPPORTED_VERSION',
    sentence: v => `${what} version ${v} is not supported (expected ${supported})`
  }
}

/** pb/bundle.proto `DeviceBundle`: the signed payload. */
export const DEVICE_BUNDLE = messageSchema('DeviceBundle', {
  1: ['version', 'uint32'],
  2: ['user', 'string'],
  3: ['identity_key', 'bytes'],
  4: ['peer_id', 'string'],
  5: ['rsa_public_key', 'bytes'],
  6: ['created_at', 'uint64']
}, versionOne('device bundle', BUNDLE_VERSION))

/** pb/bundle.proto `SignedBundle`. */
export const SIGNED_BUNDLE = messageSchema('SignedBundle', {
  1: ['bundle', 'bytes'],
  2: ['signature', 'bytes']
})

/** pb/envelope.proto `Envelope`. */
export const ENVELOPE = messageSchema('Envelope', {
  1: ['version', 'uint32'],
  2: ['header', 'bytes'],
  3: ['keys', 'bytes'],
  4: ['iv', 'bytes'],
  5: ['ciphertext', 'bytes'],
  6: ['sealed_signature', 'bytes']
}, versionOne('envelope', ENVELOPE_VERSION))

/** pb/envelope.proto `EnvelopeHeader`; its suite is read first, like a version. */
export const ENVELOPE_HEADER = messageSchema('EnvelopeHeader', {
  1: ['suite', 'uint32'],
  2: ['message_id', 'bytes'],
  3: ['recipient', 'string'],
  4: ['expires_at', 'uint64'],
  5: ['content_size', 'uint32']
}, {
  field: 1,
  supported: SUITE_HYBRID_RSA_AES,
  code: 'UNSUPPORTED_SUITE',
  sentence: v => `envelope suite ${v} is not supported (expected ${SUITE_HYBRID_RSA_AES})`
})

/** pb/envelope.proto `WrappedKey`. */
export const WRAPPED_KEY = messageSchema('WrappedKey', {
  1: ['device_id', 'string'],
  2: ['wrapped', 'bytes']
})

/** pb/envelope.proto `KeyBlock`. */
export const KEY_BLOCK = messageSchema('KeyBlock', {
  1: ['keys', 'message', 'repeated', WRAPPED_KEY]
})

/** pb/envelope.proto `Content`: the signed plaintext. */
export const CONTENT = messageSchema('Content', {
  1: ['sender', 'string'],
  2: ['sender_device', 'string'],
  3: ['sender_identity_key', 'bytes'],
  4: ['sent_at', 'uint64'],
  5: ['conversation', 'string'],
  6: ['kind', 'uint32'],
  7: ['body', 'bytes'],
  8: ['padding', 'bytes']
})

/** pb/receipt.proto `Receipt`: the body of a RECEIPT content. */
export const RECEIPT = messageSchema('Receipt', {
  1: ['type', 'enum'],
  2: ['message_ids', 'bytes', 'repeated']
})

/** pb/direct.proto `DirectFrame`. */
export const DIRECT_FRAME = messageSchema('DirectFrame', {
  1: ['version', 'uint32'],
  2: ['envelope', 'bytes']
}, versionOne('direct frame', DIRECT_VERSION))

/** pb/direct.proto `DirectAck`. */
export const DIRECT_ACK = messageSchema('DirectAck', {
  1: ['version', 'uint32'],
  2: ['message_id', 'bytes'],
  3: ['error', 'string']
}, versionOne('direct ack', DIRECT_VERSION))

/** pb/group.proto `GroupMember`, as a change's invitees carry it. */
export const GROUP_MEMBER = messageSchema('GroupMember', {
  1: ['address', 'string'],
  2: ['identity_key', 'bytes'],
  3: ['admin', 'bool'],
  4: ['joined', 'bool']
})

/** pb/group.proto `GroupChange`: the signed payload of a group change. */
export const GROUP_CHANGE = messageSchema('GroupChange', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['epoch', 'uint64'],
  4: ['prior', 'bytes'],
  5: ['author', 'string'],
  6: ['action', 'enum'],
  7: ['name', 'string'],
  8: ['invitees', 'message', 'repeated', GROUP_MEMBER],
  9: ['target', 'string'],
  10: ['admin', 'bool'],
  11: ['author_identity_key', 'bytes'],
  12: ['made_at', 'uint64']
}, versionOne('group change', GROUP_VERSION))

/** pb/group.proto `SignedGroupChange`. */
export const SIGNED_GROUP_CHANGE = messageSchema('SignedGroupChange', {
  1: ['change', 'bytes'],
  2: ['signature', 'bytes']
})

/** pb/group.proto `SenderKeyDistribution`: the body of a `sender-key` content. */
export const SENDER_KEY_DISTRIBUTION = messageSchema('SenderKeyDistribution', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['key_id', 'bytes'],
  4: ['epoch', 'uint64'],
  5: ['iteration', 'uint32'],
  6: ['chain_key', 'bytes'],
  7: ['signing_key', 'bytes']
}, versionOne('sender key', GROUP_VERSION))

/** pb/group.proto `GroupMessageHeader`. */
export const GROUP_MESSAGE_HEADER = messageSchema('GroupMessageHeader', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['key_id', 'bytes'],
  4: ['iteration', 'uint32'],
  5: ['message_id', 'bytes'],
  6: ['expires_at', 'uint64']
}, versionOne('group message', GROUP_VERSION))

/** pb/group.proto `GroupMessage`. */
export const GROUP_MESSAGE = messageSchema('GroupMessage', {
  1: ['header', 'bytes'],
  2: ['ciphertext', 'bytes'],
  3: ['signature', 'bytes']
})

/** pb/group.proto `GroupState`. */
export const GROUP_STATE = messageSchema('GroupState', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['epoch', 'uint64'],
  4: ['name', 'string'],
  5: ['members', 'message', 'repeated', GROUP_MEMBER],
  6: ['head', 'bytes']
}, versionOne('group state', GROUP_VERSION))

/** pb/group.proto `GroupInvite`. */
export const GROUP_INVITE = messageSchema('GroupInvite', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['state_hash', 'bytes'],
  4: ['epoch', 'uint64'],
  5: ['sender_key', 'bytes']
}, versionOne('group invite', GROUP_VERSION))

/** pb/group.proto `GroupStatePart`. */
export const GROUP_STATE_PART = messageSchema('GroupStatePart', {
  1: ['version', 'uint32'],
  2: ['state_hash', 'bytes'],
  3: ['part', 'uint32'],
  4: ['parts', 'uint32'],
  5: ['chunk', 'bytes']
}, versionOne('group state part', GROUP_VERSION))

/** pb/group.proto `GroupManage`. */
export const GROUP_MANAGE = messageSchema('GroupManage', {
  1: ['version', 'uint32'],
  2: ['group_id', 'bytes'],
  3: ['manage_key', 'bytes']
}, versionOne('group manage key', GROUP_VERSION))

/** pb/file.proto `FileReference`. */
export const FILE_REFERENCE = messageSchema('FileReference', {
  1: ['relay', 'string'],
  2: ['blob_id', 'bytes'],
  3: ['key', 'bytes'],
  4: ['size', 'uint64'],
  5: ['chunk_size', 'uint32'],
  6: ['sha256', 'bytes'],
  7: ['media_type', 'string'],
  8: ['file_name', 'string']
})

/** pb/file.proto `FileMessage`: the body of a FILE content. */
export const FILE_MESSAGE = messageSchema('FileMessage', {
  1: ['file', 'message', 'single', FILE_REFERENCE],
  2: ['caption', 'string'],
  3: ['thumbnail', 'bytes'],
  4: ['thumbnail_type', 'string'],
  5: ['width', 'uint32'],
  6: ['height', 'uint32'],
  7: ['duration_ms', 'uint32'],
  8: ['voice', 'bool']
})

/** pb/file.proto `ProfileKey`: the body of a PROFILE content. */
export const PROFILE_KEY = messageSchema('ProfileKey', {
  1: ['profile', 'message', 'single', FILE_REFERENCE],
  2: ['version', 'uint64']
})

/** pb/file.proto `ProfileRecord`: a sealed profile, opened. */
export const PROFILE_RECORD = messageSchema('ProfileRecord', {
  1: ['address', 'string'],
  2: ['version', 'uint64'],
  3: ['name', 'string'],
  4: ['picture', 'bytes'],
  5: ['picture_type', 'string']
})
