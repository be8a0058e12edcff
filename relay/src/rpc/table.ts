/**
 * The shape of the relay's request table: for every request type, who may send it (its
 * authentication), which request-rate budgets it is counted in, and its handler. The dispatcher
 * applies both before the handler runs, so a handler cannot forget them.
 */
import type { RelayRequest, RelayResult } from '@parley/protocol'
import type { AccountRecord, Caller } from '../accounts/records.js'

/** Every request type a client can send: the cases of the `body` oneof of rpc.proto's Request. */
export type RequestType = RelayRequest['type']

/** The request of type `K`. */
export type RequestOf<K extends RequestType> = Extract<RelayRequest, { type: K }>

/**
 * Who may send a request:
 * - `none`: it never uses the stream's session (it names its account itself, or makes a session);
 * - `optional-session`: anyone, but a logged-in stream acts as its account (logout, lookups);
 * - `session`: a live session on this stream, bound to the stream's PeerId;
 * - `session+verified`: that, for an account whose email address is verified (sending, contact notes).
 */
export type Auth = 'none' | 'optional-session' | 'session' | 'session+verified'

/**
 * Request-rate budgets (token buckets, see RequestLimits):
 * - `per-source`: per IP address and per PeerId; counted on every stream for `auth: 'none'`
 *   requests, and on streams without a session for the others;
 * - `lookups`: the directory-lookup budget, per account on a logged-in stream, per IP address otherwise;
 * - `group-posts`: group messages, per account (one member cannot fill a group's log at once);
 * - `bulk-lookups`: users looked up many at a time, per account, counted in users (the entry's `units`);
 * - `group-requests`: the other group requests (members, fetch, ack, read, leave), per account.
 */
export type RateBudget = 'per-source' | 'lookups' | 'group-posts' | 'bulk-lookups' | 'group-requests'

/** The logged-in account of the stream a request came on. */
export interface SignedIn { user: string, tokenHash: string }

/** What the handler may do to the stream the request came on. */
export interface StreamControl {
  /** Makes the stream act as `user` from now on (after login or authenticate). */
  signIn: (user: string, token: Uint8Array, tokenHash: string) => void
  /** Ends the stream's session, and its subscription with it. */
  signOut: () => void
  /** Pushes new mail of `user` for this stream's PeerId to this stream. */
  subscribe: (user: string) => Promise<void>
  /** Adds `users` (canonical addresses) to those whose device-list changes are pushed to this stream, while its session lasts. */
  watchDevices: (users: string[]) => void
  /**
   * Pushes the new messages of group `gid` (hex) to this stream from now on, if it is subscribed:
   * called when its account reads, acknowledges or posts to the group, or adds itself to it, so
   * only groups a device uses are pushed to it (being added by someone else pushes nothing).
   */
  followGroup: (gid: string) => void
  /** Whether this stream follows group `gid` already. */
  following: (gid: string) => boolean
  /**
   * Waits until the mail page asked for before on this stream has been written; this request's
   * page counts as written once its answer is.
   */
  nextPage: () => Promise<void>
}

/** What every handler is given: who asks, the stream they ask on, and the request's deadline. */
export interface RequestContext {
  caller: Caller
  stream: StreamControl
  /** Aborted (with DEADLINE_EXCEEDED) when the entry's deadline passes: the answer is sent already, stop working. */
  signal: AbortSignal
}

/** The context of a handler with authentication `A`: a session exactly where `A` guarantees one. */
export type ContextFor<A extends Auth> =
  A extends 'none' ? RequestContext
    : A extends 'optional-session' ? RequestContext & { session?: SignedIn }
      : A extends 'session' ? RequestContext & { session: SignedIn }
        : RequestContext & { session: SignedIn, account: AccountRecord }

/** One table entry with authentication `A`. */
export interface HandlerEntry<K extends RequestType, A extends Auth> {
  auth: A
  /** Budgets the request is counted in before any work; `per-source` is required of every entry. */
  rates: readonly RateBudget[]
  /**
   * How long the request may take, from its rates' check to its answer (ms); beyond it the
   * dispatcher answers DEADLINE_EXCEEDED, aborts `ctx.signal` and frees the stream's slot.
   * REQUEST_DEADLINES.quick when left out.
   */
  deadlineMs?: number
  /** How many units of its budgets that count units (`bulk-lookups`) the request takes; 1 when left out. */
  units?: (request: RequestOf<K>) => number
  handle: (request: RequestOf<K>, ctx: ContextFor<A>) => Promise<RelayResult>
}

/** A table entry for requests of type `K`, whatever its authentication. */
export type AnyHandlerEntry<K extends RequestType> =
  | HandlerEntry<K, 'none'>
  | HandlerEntry<K, 'optional-session'>
  | HandlerEntry<K, 'session'>
  | HandlerEntry<K, 'session+verified'>

/** Entries for some request types (one area's handlers). */
export type HandlerGroup<K extends RequestType> = { [T in K]: AnyHandlerEntry<T> }

/** The whole table: one entry per request type, so a new request type does not compile without one. */
export type HandlerTable = HandlerGroup<RequestType>
