/** JSON-RPC 2.0 messages (https://www.jsonrpc.org/specification) as the control socket uses them. */

/** A request's id: this socket's peers use strings and integers only. */
export type RpcId = string | number

/** The error codes the control socket answers with: the spec's own (§5.1), then this server's (-32000 to -32099). */
export const RpcErrorCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** The passphrase is not the one the node was opened with. */
  UNAUTHORIZED: -32001,
  /** The command did not finish within the request deadline. */
  DEADLINE_EXCEEDED: -32002,
  /** A message over the size limit. */
  TOO_LARGE: -32003,
  /** Too many connections, or a second command on a connection that runs one. */
  BUSY: -32004,
  /** The client could not do what the server asked of it (read a secret, say). */
  CLIENT_FAILED: -32005
} as const

/** The error object of a response; `data.code` is the CLI's own error code when there is one. */
export interface RpcErrorObject { code: number, message: string, data?: { code?: string } }

/** One message read off the socket. */
export type RpcMessage =
  | { kind: 'request', id: RpcId, method: string, params: unknown }
  | { kind: 'notification', method: string, params: unknown }
  | { kind: 'result', id: RpcId, result: unknown }
  | { kind: 'error', id: RpcId | null, error: RpcErrorObject }

/** A message that is not JSON-RPC 2.0, with the code to answer it with. */
export class RpcFailure extends Error {
  override name = 'RpcFailure'
  constructor (readonly code: number, message: string, readonly data?: { code?: string }) { super(message) }
  /** As a response's error object. */
  toObject (): RpcErrorObject {
    return { code: this.code, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isId = (v: unknown): v is RpcId => (typeof v === 'string' && v.length <= 64) || Number.isSafeInteger(v)

/** Reads one line as a JSON-RPC 2.0 message; RpcFailure (PARSE_ERROR or INVALID_REQUEST) when it is not one. */
export function parseRpcMessage (text: string): RpcMessage {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new RpcFailure(RpcErrorCode.PARSE_ERROR, 'not JSON: each line on the control socket is one JSON-RPC 2.0 message')
  }
  if (!isRecord(value) || value.jsonrpc !== '2.0') throw new RpcFailure(RpcErrorCode.INVALID_REQUEST, 'not a JSON-RPC 2.0 message (an object with "jsonrpc": "2.0")')
  if (typeof value.method === 'string') {
    if (value.params !== undefined && !isRecord(value.params) && !Array.isArray(value.params)) throw new RpcFailure(RpcErrorCode.INVALID_REQUEST, '"params" must be an object or an array')
    if (!('id' in value)) return { kind: 'notification', method: value.method, params: value.params }
    if (!isId(value.id)) throw new RpcFailure(RpcErrorCode.INVALID_REQUEST, '"id" must be a string of at most 64 characters or an integer')
    return { kind: 'request', id: value.id, method: value.method, params: value.params }
  }
  if (!isId(value.id) && !(value.id === null && 'error' in value)) throw new RpcFailure(RpcErrorCode.INVALID_REQUEST, 'a response needs the "id" of its request')
  if ('result' in value && !('error' in value)) return { kind: 'result', id: value.id as RpcId, result: value.result }
  const error = value.error
  if (isRecord(error) && Number.isSafeInteger(error.code) && typeof error.message === 'string' && !('result' in value)) {
    const data = isRecord(error.data) && typeof error.data.code === 'string' ? { code: error.data.code } : undefined
    return { kind: 'error', id: value.id as RpcId | null, error: { code: error.code as number, message: error.message, ...(data !== undefined ? { data } : {}) } }
  }
  throw new RpcFailure(RpcErrorCode.INVALID_REQUEST, 'neither a request (with "method") nor a response (with "result" or "error")')
}

/** A request message. */
export function request (id: RpcId, method: string, params: unknown): unknown {
  return { jsonrpc: '2.0', id, method, params }
}

/** A successful response. */
export function result (id: RpcId, value: unknown): unknown {
  return { jsonrpc: '2.0', id, result: value }
}

/** An error response (`id` null when the request's id could not be read). */
export function errorResponse (id: RpcId | null, error: RpcErrorObject): unknown {
  return { jsonrpc: '2.0', id, error }
}
