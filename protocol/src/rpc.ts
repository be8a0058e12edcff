/**
 * The relay protocol's codecs: its domain types (rpc-types.ts) to and from the wire, validating
 * every field on the way in.
 */
import { ProtocolError } from './errors.js'
import { isValidAddress } from './address.js'
import * as pb from './pb/rpc.js'
import { GROUP_ID_BYTES } from './groups/state.js'
import { MAX_ENVELOPE_BYTES } from './constants.js'
import {
  RPC_VERSION, MAX_REQUEST_FRAME_BYTES, MAX_SERVER_FRAME_BYTES, MAX_MAIL_PAGE, MAX_ACK_IDS, MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH, MAX_EMAIL_LENGTH, MAX_CODE_LENGTH, SESSION_TOKEN_BYTES, MAX_SECOND_FACTOR_LENGTH, MAX_REVOKE_IDS,
  MAX_WATCH_USERS_PER_REQUEST, MAX_BULK_LOOKUP_USERS, MAX_CHANGED_USERS_PER_PUSH, MAX_DEPOSIT_BATCH, MAX_DEPOSIT_BATCH_BYTES, MAX_GROUP_MEMBERS_PER_REQUEST, GROUP_MANAGE_KEY_BYTES, MAX_RECEIPT_MEMBERS, type GroupMailItem, type SecondFactorInput, type RelayRequest,
  type DepositItem, type RelayErrorCode, RELAY_ERROR_CODES, type MailItem, type Deposited, type RelayRefusal,
  type DepositOutcome, type RelayResult, type ServerMessage
} from './rpc-types.js'
export * from './rpc-types.js'

/** Generated codecs type their bytes as Uint8Array<ArrayBuffer>; domain types accept any Uint8Array. */
function wire (b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>
}

function fail (message: string): never {
  throw new ProtocolError('INVALID_FIELD', message)
}

function str (value: string, field: string, max: number, min = 0): string {
  if (value.length > max) fail(`"${field}" is longer than ${max} characters`)
  if (value.length < min) fail(`"${field}" is shorter than ${min} characters`)
  return value
}

function bytes (value: Uint8Array, field: string, max: number, exact?: number): Uint8Array {
  if (exact !== undefined && value.length !== exact) fail(`"${field}" must be ${exact} bytes`)
  if (value.length > max) fail(`"${field}" is larger than ${max} bytes`)
  return value
}

function num (value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`"${field}" is out of range`)
  return Number(value)
}

function decodeWith<T> (codec: { decode: (b: Uint8Array) => T }, data: Uint8Array, what: string, max: number): T {
  if (data.length === 0) throw new ProtocolError('TRUNCATED', `empty ${what} frame`)
  if (data.length > max) throw new ProtocolError('TOO_LARGE', `${what} frame of ${data.length} bytes exceeds ${max}`)
  try {
    return codec.decode(data)
  } catch {
    throw new ProtocolError('MALFORMED', `${what} frame does not decode`)
  }
}

function checkVersion (version: number, what: string): void {
  if (version !== RPC_VERSION) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `${what} frame has version ${version}, this relay protocol speaks ${RPC_VERSION}`)
  }
}

/** Encodes a request frame. */
export function encodeRequest (id: number, request: RelayRequest): Uint8Array {
  const frame: pb.Request = { version: RPC_VERSION, id }
  switch (request.type) {
    case 'register': frame.register = { name: request.name, email: request.email, password: request.password }; break
    case 'verify': frame.verify = { name: request.name, code: request.code }; break
    case 'resend-code': frame.resendCode = { name: request.name }; break
    case 'login': frame.login = { name: request.name, password: request.password, ...(request.secondFactor !== undefined ? { secondFactor: toPbFactor(request.secondFactor) } : {}) }; break
    case 'authenticate': frame.authenticate = { token: wire(request.token) }; break
    case 'logout': frame.logout = {}; break
    case 'publish-bundle': frame.publishBundle = { signedBundle: wire(request.signedBundle) }; break
    case 'fetch-bundles': frame.fetchBundles = { user: request.user }; break
    case 'fetch-bundles-many': frame.fetchBundlesMany = { users: request.users }; break
    case 'note-contact': frame.noteContact = { user: request.user }; break
    case 'deposit': frame.deposit = { envelope: wire(request.envelope), contact: request.contact === true }; break
    case 'deposit-many': frame.depositMany = { deposits: checkDepositBatch(request.deposits).map(d => ({ envelope: wire(d.envelope), contact: d.contact === true })) }; break
    case 'fetch-mail': frame.fetchMail = { afterSeq: BigInt(request.afterSeq), limit: request.limit }; break
    case 'ack-mail': frame.ackMail = { messageIds: request.messageIds.map(wire) }; break
    case 'subscribe': frame.subscribe = {}; break
    case 'watch-devices': frame.watchDevices = { users: request.users }; break
    case 'totp-enrol': frame.totpEnrol = {}; break
    case 'totp-confirm': frame.totpConfirm = { code: request.code }; break
    case 'totp-disable': frame.totpDisable = { secondFactor: toPbFactor(request.secondFactor) }; break
    case 'regenerate-recovery-codes': frame.regenerateRecoveryCodes = { secondFactor: toPbFactor(request.secondFactor) }; break
    case 'list-sessions': frame.listSessions = {}; break
    case 'revoke-sessions': frame.revokeSessions = { ids: request.ids, all: request.all, others: request.others }; break
    case 'change-email': frame.changeEmail = { newEmail: request.newEmail }; break
    case 'confirm-email': frame.confirmEmail = { code: request.code }; break
    case 'request-password-reset': frame.requestPasswordReset = { name: request.name }; break
    case 'reset-password': frame.resetPassword = { name: request.name, code: request.code, newPassword: request.newPassword }; break
    case 'delete-account': frame.deleteAccount = { password: request.password, ...(request.secondFactor !== undefined ? { secondFactor: toPbFactor(request.secondFactor) } : {}) }; break
    case 'account-info': frame.accountInfo = {}; break
    case 'group-members': frame.groupMembers = { groupId: wire(request.groupId), manageKey: wire(request.manageKey), add: request.add, remove: request.remove, newManageHash: wire(request.newManageHash ?? new Uint8Array(0)) }; break
    case 'group-post': frame.groupPost = { message: wire(request.message) }; break
    case 'group-fetch': frame.groupFetch = { groupId: wire(request.groupId), afterSeq: BigInt(request.afterSeq) }; break
    case 'group-ack': frame.groupAck = { groupId: wire(request.groupId), seq: BigInt(request.seq) }; break
    case 'group-read': frame.groupRead = { groupId: wire(request.groupId), seq: BigInt(request.seq) }; break
    case 'group-receipts': frame.groupReceipts = { groupId: wire(request.groupId), seq: BigInt(request.seq) }; break
    case 'group-leave': frame.groupLeave = { groupId: wire(request.groupId) }; break
    default: return assertNever(request)
  }
  return pb.Request.encode(frame)
}

/**
 * Decodes and validates a request frame. Throws ProtocolError; when the id could be read it is
 * attached as `requestId` so the relay can address its error response.
 */
export function decodeRequest (data: Uint8Array): { id: number, request: RelayRequest } {
  const frame = decodeWith(pb.Request, data, 'request', MAX_REQUEST_FRAME_BYTES)
  try {
    checkVersion(frame.version, 'request')
    return { id: frame.id, request: requestBody(frame) }
  } catch (err) {
    if (err instanceof ProtocolError) Object.assign(err, { requestId: frame.id })
    throw err
  }
}

function requestBody (f: pb.Request): RelayRequest {
  if (f.register != null) {
    return {
      type: 'register',
      name: str(f.register.name, 'name', 64, 1),
      email: str(f.register.email, 'email', MAX_EMAIL_LENGTH, 3),
      password: str(f.register.password, 'password', MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH)
    }
  }
  if (f.verify != null) return { type: 'verify', name: str(f.verify.name, 'name', 64, 1), code: str(f.verify.code, 'code', MAX_CODE_LENGTH, 1) }
  if (f.resendCode != null) return { type: 'resend-code', name: str(f.resendCode.name, 'name', 64, 1) }
  if (f.login != null) {
    const secondFactor = f.login.secondFactor != null ? fromPbFactor(f.login.secondFactor) : undefined
    return { type: 'login', name: str(f.login.name, 'name', 64, 1), password: str(f.login.password, 'password', MAX_PASSWORD_LENGTH, 1), ...(secondFactor !== undefined ? { secondFactor } : {}) }
  }
  if (f.authenticate != null) return { type: 'authenticate', token: bytes(f.authenticate.token, 'token', SESSION_TOKEN_BYTES, SESSION_TOKEN_BYTES) }
  if (f.logout != null) return { type: 'logout' }
  if (f.publishBundle != null) return { type: 'publish-bundle', signedBundle: bytes(f.publishBundle.signedBundle, 'signed_bundle', 16 * 1024) }
  if (f.fetchBundles != null) return { type: 'fetch-bundles', user: str(f.fetchBundles.user, 'user', 320, 3) }
  if (f.fetchBundlesMany != null) return { type: 'fetch-bundles-many', users: addresses(f.fetchBundlesMany.users, MAX_BULK_LOOKUP_USERS) }
  if (f.noteContact != null) return { type: 'note-contact', user: str(f.noteContact.user, 'user', 320, 3) }
  if (f.watchDevices != null) return { type: 'watch-devices', users: addresses(f.watchDevices.users, MAX_WATCH_USERS_PER_REQUEST) }
  if (f.deposit != null) return { type: 'deposit', envelope: bytes(f.deposit.envelope, 'envelope', MAX_REQUEST_FRAME_BYTES), contact: f.deposit.contact }
  if (f.depositMany != null) {
    const items = f.depositMany.deposits
    if (items.length === 0 || items.length > MAX_DEPOSIT_BATCH) fail(`"deposits" must hold 1 to ${MAX_DEPOSIT_BATCH} deposits`)
    const total = items.reduce((n, d) => n + d.envelope.length, 0)
    if (total > MAX_DEPOSIT_BATCH_BYTES) throw new ProtocolError('TOO_LARGE', `deposits hold ${total} envelope bytes, more than ${MAX_DEPOSIT_BATCH_BYTES}; send fewer at once`)
    return { type: 'deposit-many', deposits: items.map(d => ({ envelope: d.envelope, contact: d.contact })) }
  }
  if (f.fetchMail != null) {
    const limit = f.fetchMail.limit
    if (limit < 1 || limit > MAX_MAIL_PAGE) fail(`"limit" must be between 1 and ${MAX_MAIL_PAGE}`)
    return { type: 'fetch-mail', afterSeq: num(f.fetchMail.afterSeq, 'after_seq'), limit }
  }
  if (f.ackMail != null) {
    const ids = f.ackMail.messageIds
    if (ids.length === 0 || ids.length > MAX_ACK_IDS) fail(`"message_ids" must hold 1 to ${MAX_ACK_IDS} ids`)
    return { type: 'ack-mail', messageIds: ids.map(id => bytes(id, 'message_id', 16, 16)) }
  }
  if (f.subscribe != null) return { type: 'subscribe' }
  if (f.totpEnrol != null) return { type: 'totp-enrol' }
  if (f.totpConfirm != null) return { type: 'totp-confirm', code: str(f.totpConfirm.code, 'code', MAX_SECOND_FACTOR_LENGTH, 1) }
  if (f.totpDisable != null) return { type: 'totp-disable', secondFactor: requiredFactor(f.totpDisable.secondFactor) }
  if (f.regenerateRecoveryCodes != null) return { type: 'regenerate-recovery-codes', secondFactor: requiredFactor(f.regenerateRecoveryCodes.secondFactor) }
  if (f.listSessions != null) return { type: 'list-sessions' }
  if (f.revokeSessions != null) {
    const r = f.revokeSessions
    if (r.ids.length > MAX_REVOKE_IDS) fail(`"ids" holds more than ${MAX_REVOKE_IDS} sessions`)
    if (r.ids.length === 0 && !r.all && !r.others) fail('name the sessions to revoke, or ask for all or others')
    return { type: 'revoke-sessions', ids: r.ids.map(id => str(id, 'id', 64, 1)), all: r.all, others: r.others }
  }
  if (f.changeEmail != null) return { type: 'change-email', newEmail: str(f.changeEmail.newEmail, 'new_email', MAX_EMAIL_LENGTH, 3) }
  if (f.confirmEmail != null) return { type: 'confirm-email', code: str(f.confirmEmail.code, 'code', MAX_CODE_LENGTH, 1) }
  if (f.requestPasswordReset != null) return { type: 'request-password-reset', name: str(f.requestPasswordReset.name, 'name', 64, 1) }
  if (f.resetPassword != null) {
    const r = f.resetPassword
    return { type: 'reset-password', name: str(r.name, 'name', 64, 1), code: str(r.code, 'code', MAX_CODE_LENGTH, 1), newPassword: str(r.newPassword, 'new_password', MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH) }
  }
  if (f.deleteAccount != null) {
    const secondFactor = f.deleteAccount.secondFactor != null ? fromPbFactor(f.deleteAccount.secondFactor) : undefined
    return { type: 'delete-account', password: str(f.deleteAccount.password, 'password', MAX_PASSWORD_LENGTH, 1), ...(secondFactor !== undefined ? { secondFactor } : {}) }
  }
  if (f.accountInfo != null) return { type: 'account-info' }
  if (f.groupMembers != null) {
    const g = f.groupMembers
    const listedCount = g.add.length + g.remove.length
    if (listedCount > MAX_GROUP_MEMBERS_PER_REQUEST) fail(`"add" and "remove" hold more than ${MAX_GROUP_MEMBERS_PER_REQUEST} addresses together`)
    if (listedCount === 0 && g.newManageHash.length === 0) fail('name members to add or remove, or a new manage key')
    const listed = (users: string[]): string[] => users.map(u => str(u, 'users', 320, 3))
    return {
      type: 'group-members',
      groupId: groupIdOf(g.groupId),
      manageKey: bytes(g.manageKey, 'manage_key', GROUP_MANAGE_KEY_BYTES, GROUP_MANAGE_KEY_BYTES),
      add: listed(g.add),
      remove: listed(g.remove),
      ...(g.newManageHash.length > 0 ? { newManageHash: bytes(g.newManageHash, 'new_manage_hash', 32, 32) } : {})
    }
  }
  if (f.groupPost != null) return { type: 'group-post', message: bytes(f.groupPost.message, 'message', MAX_ENVELOPE_BYTES) }
  if (f.groupFetch != null) return { type: 'group-fetch', groupId: groupIdOf(f.groupFetch.groupId), afterSeq: num(f.groupFetch.afterSeq, 'after_seq') }
  if (f.groupAck != null) return { type: 'group-ack', groupId: groupIdOf(f.groupAck.groupId), seq: num(f.groupAck.seq, 'seq') }
  if (f.groupRead != null) return { type: 'group-read', groupId: groupIdOf(f.groupRead.groupId), seq: num(f.groupRead.seq, 'seq') }
  if (f.groupReceipts != null) return { type: 'group-receipts', groupId: groupIdOf(f.groupReceipts.groupId), seq: num(f.groupReceipts.seq, 'seq') }
  if (f.groupLeave != null) return { type: 'group-leave', groupId: groupIdOf(f.groupLeave.groupId) }
  throw new ProtocolError('MALFORMED', 'request frame has no body')
}

function groupIdOf (b: Uint8Array): Uint8Array {
  return bytes(b, 'group_id', GROUP_ID_BYTES, GROUP_ID_BYTES)
}

function toPbFactor (f: SecondFactorInput): pb.SecondFactor {
  return { totpCode: f.totpCode ?? '', recoveryCode: f.recoveryCode ?? '' }
}

/** A second factor from the wire: exactly one of the two codes, or none at all (undefined). */
function fromPbFactor (f: pb.SecondFactor): SecondFactorInput | undefined {
  const totpCode = str(f.totpCode, 'totp_code', MAX_SECOND_FACTOR_LENGTH)
  const recoveryCode = str(f.recoveryCode, 'recovery_code', MAX_SECOND_FACTOR_LENGTH)
  if (totpCode !== '' && recoveryCode !== '') fail('give a TOTP code or a recovery code, not both')
  if (totpCode !== '') return { totpCode }
  if (recoveryCode !== '') return { recoveryCode }
  return undefined
}

function requiredFactor (f: pb.SecondFactor | undefined): SecondFactorInput {
  const factor = f != null ? fromPbFactor(f) : undefined
  if (factor === undefined) fail('a TOTP code or a recovery code is required')
  return factor
}

/** 1 to `max` addresses, each a plausible length; with `canonical`, each a valid address in canonical form. */
function addresses (users: string[], max: number, canonical = false): string[] {
  if (users.length === 0 || users.length > max) fail(`"users" must hold 1 to ${max} addresses`)
  return users.map(u => {
    const address = str(u, 'users', 320, 3)
    // What the relay sends is in canonical form; what a client asks for, the relay judges itself.
    if (canonical && !isValidAddress(address)) fail('"users" holds something that is not a canonical address')
    return address
  })
}

/** The deposits of a deposit-many request, refused before sending when the relay would refuse them. */
function checkDepositBatch (deposits: DepositItem[]): DepositItem[] {
  if (deposits.length === 0 || deposits.length > MAX_DEPOSIT_BATCH) throw new RangeError(`"deposits" must hold 1 to ${MAX_DEPOSIT_BATCH} deposits, not ${deposits.length}`)
  const total = deposits.reduce((n, d) => n + d.envelope.length, 0)
  if (total > MAX_DEPOSIT_BATCH_BYTES) throw new RangeError(`"deposits" hold ${total} envelope bytes, more than ${MAX_DEPOSIT_BATCH_BYTES}; split them`)
  return deposits
}

function toPbDeposited (r: Deposited): pb.Deposited {
  return { messageId: wire(r.messageId), duplicate: r.duplicate, storedAt: BigInt(r.storedAt) }
}

function toPbError (r: RelayRefusal): pb.RpcError {
  return { code: r.code, message: r.message, retryAfterMs: BigInt(r.retryAfterMs ?? 0) }
}

function fromPbDeposited (d: pb.Deposited): Deposited {
  return { type: 'deposited', messageId: bytes(d.messageId, 'message_id', 16, 16), duplicate: d.duplicate, storedAt: num(d.storedAt, 'stored_at') }
}

function fromPbError (e: pb.RpcError): RelayRefusal {
  const code = RELAY_ERROR_CODES.has(e.code) ? e.code as RelayErrorCode : 'INTERNAL'
  const retry = num(e.retryAfterMs, 'retry_after_ms')
  // An over-long message is cut, not fatal: the code is what clients act on.
  return { type: 'error', code, message: e.message.slice(0, 1024), ...(retry > 0 ? { retryAfterMs: retry } : {}) }
}

function toPbItems (items: MailItem[]): pb.MailItem[] {
  return items.map(i => ({ seq: BigInt(i.seq), envelope: wire(i.envelope), receivedAt: BigInt(i.receivedAt) }))
}

/** Encodes a relay frame. */
export function encodeServerMessage (message: ServerMessage): Uint8Array {
  if (message.type === 'push') return pb.ServerFrame.encode({ version: RPC_VERSION, push: { items: toPbItems(message.items) } })
  if (message.type === 'devices-changed') return pb.ServerFrame.encode({ version: RPC_VERSION, push: { items: [], devicesChanged: { users: message.users } } })
  if (message.type === 'group-push') return pb.ServerFrame.encode({ version: RPC_VERSION, push: { items: [], group: { groupId: wire(message.groupId), items: toPbGroupItems(message.items), more: false } } })
  const r = message.result
  const response: pb.Response = { id: message.id }
  switch (r.type) {
    case 'ok': response.ok = {}; break
    case 'error': response.error = toPbError(r); break
    case 'session': response.session = { token: wire(r.token), user: r.user, expiresAt: BigInt(r.expiresAt) }; break
    case 'bundles': response.bundles = { user: r.user, signedBundles: r.signedBundles.map(wire) }; break
    case 'bundles-many': response.bundlesMany = { users: r.users.map(u => ({ user: u.user, signedBundles: u.signedBundles.map(wire) })) }; break
    case 'deposited': response.deposited = toPbDeposited(r); break
    case 'deposited-many': response.depositedMany = { results: r.results.map(o => o.type === 'deposited' ? { deposited: toPbDeposited(o) } : { error: toPbError(o) }) }; break
    case 'mail': response.mail = { items: toPbItems(r.items), more: r.more }; break
    case 'totp-enrolment': response.totpEnrolment = { uri: r.uri, secret: r.secret }; break
    case 'recovery-codes': response.recoveryCodes = { codes: r.codes }; break
    case 'sessions': response.sessionList = { sessions: r.sessions.map(x => ({ id: x.id, peerId: x.peerId, createdAt: BigInt(x.createdAt), lastSeen: BigInt(x.lastSeen), expiresAt: BigInt(x.expiresAt), current: x.current })) }; break
    case 'group-posted': response.groupPosted = { seq: BigInt(r.seq), duplicate: r.duplicate, storedAt: BigInt(r.storedAt) }; break
    case 'group-mail': response.groupMail = { groupId: wire(r.groupId), items: toPbGroupItems(r.items), more: r.more }; break
    case 'group-receipts': response.groupReceipts = { of: r.of, delivered: r.delivered, read: r.read, members: r.members }; break
    case 'account': response.account = { user: r.user, email: r.email, totpEnabled: r.totpEnabled, recoveryCodesLeft: r.recoveryCodesLeft, pendingEmail: r.pendingEmail ?? '' }; break
    default: return assertNever(r)
  }
  return pb.ServerFrame.encode({ version: RPC_VERSION, response })
}

function toPbGroupItems (items: GroupMailItem[]): pb.GroupItem[] {
  return items.map(i => ({ seq: BigInt(i.seq), message: wire(i.message), receivedAt: BigInt(i.receivedAt) }))
}

function fromPbGroupItems (items: pb.GroupItem[]): GroupMailItem[] {
  return items.map(i => ({ seq: num(i.seq, 'seq'), message: i.message, receivedAt: num(i.receivedAt, 'received_at') }))
}

function fromPbItems (items: pb.MailItem[]): MailItem[] {
  return items.map(i => ({ seq: num(i.seq, 'seq'), envelope: i.envelope, receivedAt: num(i.receivedAt, 'received_at') }))
}

/** Decodes and validates a relay frame. */
export function decodeServerMessage (data: Uint8Array): ServerMessage {
  const frame = decodeWith(pb.ServerFrame, data, 'relay', MAX_SERVER_FRAME_BYTES)
  checkVersion(frame.version, 'relay')
  const push = frame.push
  if (push != null) {
    const changed = push.devicesChanged
    const group = push.group
    // One reading per frame: a push is mail, a device-list change or a group's messages, never two.
    if ((push.items.length > 0 ? 1 : 0) + (changed != null ? 1 : 0) + (group != null ? 1 : 0) > 1) throw new ProtocolError('MALFORMED', 'push frame carries more than one kind of push')
    if (changed != null) return { type: 'devices-changed', users: addresses(changed.users, MAX_CHANGED_USERS_PER_PUSH, true) }
    if (group != null) return { type: 'group-push', groupId: groupIdOf(group.groupId), items: fromPbGroupItems(group.items) }
    return { type: 'push', items: fromPbItems(push.items) }
  }
  const r = frame.response
  if (r == null) throw new ProtocolError('MALFORMED', 'relay frame has no body')
  return { type: 'response', id: r.id, result: resultBody(r) }
}

function resultBody (r: pb.Response): RelayResult {
  if (r.error != null) return fromPbError(r.error)
  if (r.ok != null) return { type: 'ok' }
  if (r.session != null) return { type: 'session', token: bytes(r.session.token, 'token', SESSION_TOKEN_BYTES, SESSION_TOKEN_BYTES), user: r.session.user, expiresAt: num(r.session.expiresAt, 'expires_at') }
  if (r.bundles != null) return { type: 'bundles', user: r.bundles.user, signedBundles: r.bundles.signedBundles }
  if (r.bundlesMany != null) {
    const users = r.bundlesMany.users
    if (users.length > MAX_BULK_LOOKUP_USERS) fail(`"users" holds more than ${MAX_BULK_LOOKUP_USERS} answers`)
    return { type: 'bundles-many', users: users.map(u => ({ user: str(u.user, 'user', 320, 3), signedBundles: u.signedBundles })) }
  }
  if (r.deposited != null) return fromPbDeposited(r.deposited)
  if (r.depositedMany != null) {
    const results = r.depositedMany.results
    if (results.length > MAX_DEPOSIT_BATCH) fail(`"results" holds more than ${MAX_DEPOSIT_BATCH} outcomes`)
    const outcome = (o: pb.DepositOutcome): DepositOutcome => o.deposited != null ? fromPbDeposited(o.deposited) : o.error != null ? fromPbError(o.error) : fail('a deposit outcome is neither deposited nor an error')
    return { type: 'deposited-many', results: results.map(outcome) }
  }
  if (r.mail != null) return { type: 'mail', items: fromPbItems(r.mail.items), more: r.mail.more }
  if (r.totpEnrolment != null) return { type: 'totp-enrolment', uri: str(r.totpEnrolment.uri, 'uri', 1024), secret: str(r.totpEnrolment.secret, 'secret', 128) }
  if (r.recoveryCodes != null) return { type: 'recovery-codes', codes: r.recoveryCodes.codes.slice(0, 100).map(c => str(c, 'code', MAX_SECOND_FACTOR_LENGTH)) }
  if (r.sessionList != null) {
    return {
      type: 'sessions',
      sessions: r.sessionList.sessions.slice(0, 1000).map(x => ({ id: str(x.id, 'id', 64), peerId: str(x.peerId, 'peer_id', 128), createdAt: num(x.createdAt, 'created_at'), lastSeen: num(x.lastSeen, 'last_seen'), expiresAt: num(x.expiresAt, 'expires_at'), current: x.current }))
    }
  }
  if (r.groupPosted != null) return { type: 'group-posted', seq: num(r.groupPosted.seq, 'seq'), duplicate: r.groupPosted.duplicate, storedAt: num(r.groupPosted.storedAt, 'stored_at') }
  if (r.groupMail != null) return { type: 'group-mail', groupId: groupIdOf(r.groupMail.groupId), items: fromPbGroupItems(r.groupMail.items), more: r.groupMail.more }
  if (r.groupReceipts != null) {
    const g = r.groupReceipts
    if (g.delivered > g.of || g.read > g.of) fail('group receipts count more members than there are')
    return { type: 'group-receipts', of: g.of, delivered: g.delivered, read: g.read, members: g.members.slice(0, MAX_RECEIPT_MEMBERS).map(m => ({ user: str(m.user, 'user', 320), delivered: m.delivered, read: m.read })) }
  }
  if (r.account != null) {
    const a = r.account
    return { type: 'account', user: str(a.user, 'user', 320), email: str(a.email, 'email', MAX_EMAIL_LENGTH), totpEnabled: a.totpEnabled, recoveryCodesLeft: a.recoveryCodesLeft, ...(a.pendingEmail !== '' ? { pendingEmail: str(a.pendingEmail, 'pending_email', MAX_EMAIL_LENGTH) } : {}) }
  }
  throw new ProtocolError('MALFORMED', 'response has no result')
}

/** Exhaustiveness guard for discriminated unions. */
export function assertNever (value: never): never {
  throw new TypeError(`unexpected value: ${JSON.stringify(value)}`)
}
