/**
 * Applies a request's table entry: its rates first (in memory, before any work), then its
 * authentication, and only then its handler, with a context that holds exactly what the
 * authentication proved; all within the entry's deadline.
 */
import { assertNever, type RelayRequest, type RelayResult } from '@parley/protocol'
import { RelayError } from '../errors.js'
import { TokenBuckets, type RatePolicy } from '../rate-limiter.js'
import { DEFAULT_REQUEST_LIMITS, MAX_RATE_BUCKETS, REQUEST_DEADLINES, rateSource, type RequestLimits } from './limits.js'
import type { Accounts, Caller } from '../accounts.js'
import type { Metrics } from '../metrics.js'
import type { AnyHandlerEntry, HandlerTable, RequestContext, RequestType, SignedIn, StreamControl } from './table.js'

/** How long a stream's session is trusted before it is checked again (logout or expiry elsewhere). */
const SESSION_RECHECK_MS = 10_000
/** Handlers still running past their deadline after which new requests are turned away (the relay is stuck behind them). */
export const MAX_OVERRUNNING_HANDLERS = 256

/** A stream's logged-in account, as the dispatcher keeps it. */
export interface StreamLogin extends SignedIn {
  token: Uint8Array
  /** When the session was last confirmed against the store. */
  checkedAt: number
}

/** The stream a request came on: who is at the other end, and its session if it has one. */
export interface DispatchStream {
  caller: Caller
  login?: StreamLogin
}

/** What the dispatcher needs. */
export interface DispatcherComponents {
  table: HandlerTable
  accounts: Accounts
  metrics?: Metrics
  limits?: Partial<RequestLimits>
  now?: () => number
}

/** Routes each request to its table entry, having applied the entry's rates and authentication. */
export class Dispatcher {
  private readonly limits: RequestLimits
  private readonly rates: TokenBuckets
  private readonly overrunning = new Set<Promise<void>>()

  constructor (private readonly c: DispatcherComponents) {
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...c.limits }
    this.rates = new TokenBuckets(MAX_RATE_BUCKETS, c.now)
  }

  /** Answers `request` from `stream`, whose handlers act on it through `control`; throws RelayError for refusals. */
  async dispatch (request: RelayRequest, stream: DispatchStream, control: StreamControl): Promise<RelayResult> {
    const entry = this.entryFor(request.type)
    this.checkRate(request, entry, stream)
    if (this.overrunning.size >= MAX_OVERRUNNING_HANDLERS) {
      throw new RelayError('DEADLINE_EXCEEDED', 'the relay is behind on earlier requests; try again later', 1000)
    }
    const deadlineMs = entry.deadlineMs ?? REQUEST_DEADLINES.quick
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const err = new RelayError('DEADLINE_EXCEEDED', `the relay did not finish the "${request.type}" request within ${deadlineMs / 1000} s; try again later`)
        controller.abort(err)
        reject(err)
      }, deadlineMs)
    })
    const work = this.run(entry, request, stream, untilAborted(control, controller.signal), controller.signal)
    try {
      return await Promise.race([work, expired])
    } finally {
      clearTimeout(timer)
      if (controller.signal.aborted) this.overrun(work)
    }
  }

  /**
   * Settles when every handler that outlived its deadline has returned (or after `timeoutMs`):
   * their answers went out, but their work may still touch the database, which must stay open.
   */
  async settled (timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })
    try {
      await Promise.race([Promise.allSettled([...this.overrunning]), late])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Handlers still running past their deadline. */
  get overrunCount (): number { return this.overrunning.size }

  /** Keeps a handler that outlived its deadline until it returns; its late outcome is dropped. */
  private overrun (work: Promise<RelayResult>): void {
    const settled: Promise<void> = work.then(() => {}, () => {}).finally(() => { this.overrunning.delete(settled) })
    this.overrunning.add(settled)
  }

  /** The entry's authentication, then its handler. */
  private async run (entry: AnyHandlerEntry<RequestType>, request: RelayRequest, stream: DispatchStream, control: StreamControl, signal: AbortSignal): Promise<RelayResult> {
    const base: RequestContext = { caller: stream.caller, stream: control, signal }
    switch (entry.auth) {
      case 'none':
        return await entry.handle(request, base)
      case 'optional-session': {
        const login = stream.login
        return await entry.handle(request, login !== undefined ? { ...base, session: signedIn(login) } : base)
      }
      case 'session':
        return await entry.handle(request, { ...base, session: await this.requireSession(stream, control) })
      case 'session+verified': {
        const session = await this.requireSession(stream, control)
        const account = await this.c.accounts.get(session.user)
        if (account?.verified !== true) throw new RelayError('NOT_VERIFIED', 'verify the account\'s email address first (with the code the relay mailed)')
        return await entry.handle(request, { ...base, session, account })
      }
      default:
        return assertNever(entry)
    }
  }

  /**
   * The entry for `type`. The table's type has one for every request type the protocol decodes;
   * this guards the runtime against a table built otherwise. Entries are typed per request type,
   * which TypeScript cannot correlate with a request of the union type: hence the one cast.
   */
  private entryFor (type: RequestType): AnyHandlerEntry<RequestType> {
    if (!Object.hasOwn(this.c.table, type)) throw new RelayError('BAD_REQUEST', `this relay does not serve "${String(type)}" requests`)
    return this.c.table[type] as unknown as AnyHandlerEntry<RequestType>
  }

  /** The stream's session, confirmed against the store at most every SESSION_RECHECK_MS. */
  private async requireSession (stream: DispatchStream, control: StreamControl): Promise<SignedIn> {
    const login = stream.login
    if (login === undefined) throw new RelayError('UNAUTHENTICATED', 'log in first')
    // Revocation cuts streams at once (see RpcServer); this recheck catches expiry, and checks the
    // session's PeerId binding again.
    if (Date.now() - login.checkedAt > SESSION_RECHECK_MS) {
      try {
        await this.c.accounts.authenticate(login.token, stream.caller.peerId)
      } catch (err) {
        control.signOut()
        throw err
      }
      login.checkedAt = Date.now()
    }
    return signedIn(login)
  }

  /**
   * The request rates, checked before any work: per account for lookups on a logged-in stream;
   * per IP address and PeerId for everything on a stream without a session, and a tighter rate
   * per IP address for its lookups, so strangers cannot crawl the directory.
   */
  private checkRate (request: RelayRequest, entry: AnyHandlerEntry<RequestType>, stream: DispatchStream): void {
    const type = request.type
    const l = this.limits
    const { ip, peerId } = stream.caller
    const source = rateSource(ip)
    const user = stream.login?.user
    const buckets: Array<{ key: string, policy: RatePolicy, cost?: number }> = []
    // Requests that act without the stream's session are counted per source even on a logged-in
    // stream: logging in to an account of one's own must not lift the limits on the others.
    if (entry.rates.includes('per-source') && (user === undefined || entry.auth === 'none')) {
      buckets.push({ key: `anon:ip:${source}`, policy: l.unauthenticatedPerIp }, { key: `anon:peer:${peerId}`, policy: l.unauthenticatedPerPeer })
    }
    const lookup = entry.rates.includes('lookups')
    if (lookup) {
      buckets.push(user !== undefined
        ? { key: `lookup:user:${user}`, policy: l.lookupsPerAccount }
        : { key: `lookup:ip:${source}`, policy: l.strangerLookupsPerIp })
    }
    const groupPost = entry.rates.includes('group-posts') && user !== undefined
    if (groupPost) buckets.push({ key: `group-post:user:${user}`, policy: l.groupPostsPerAccount })
    const groupRequest = entry.rates.includes('group-requests') && user !== undefined
    if (groupRequest) buckets.push({ key: `group-req:user:${user}`, policy: l.groupRequestsPerAccount })
    // Without a session the entry's authentication refuses the request: only the lookup is counted.
    const bulk = entry.rates.includes('bulk-lookups') && user !== undefined
    if (bulk) buckets.push({ key: `bulk-lookup:user:${user}`, policy: l.bulkLookupsPerAccount, cost: (entry.units as ((r: RelayRequest) => number) | undefined)?.(request) ?? 1 })
    if (buckets.length === 0) return
    const wait = this.rates.take(buckets)
    if (wait === 0) return
    if (this.c.metrics !== undefined) this.c.metrics.requestsRateLimited++
    const what = lookup || bulk ? 'directory lookups' : groupPost ? 'group messages' : groupRequest ? 'group requests' : 'requests without a session'
    const hint = user === undefined && type === 'fetch-bundles' ? ' (lookups of a logged-in device have a budget of their own)' : ''
    throw new RelayError('RATE_LIMITED', `too many ${what}; try again in ${Math.ceil(wait / 100) / 10} s${hint}`, wait)
  }
}

/**
 * The stream as a handler may act on it: once its deadline passed (its answer is sent, the client
 * moved on), a late handler can no longer sign the stream in, subscribe it or add watches, nor wait
 * for a page; it can still sign it out.
 */
function untilAborted (control: StreamControl, signal: AbortSignal): StreamControl {
  return {
    signIn: (user, token, tokenHash) => { if (!signal.aborted) control.signIn(user, token, tokenHash) },
    signOut: () => { control.signOut() },
    subscribe: async user => { if (!signal.aborted) await control.subscribe(user) },
    watchDevices: users => { if (!signal.aborted) control.watchDevices(users) },
    followGroup: gid => { if (!signal.aborted) control.followGroup(gid) },
    following: gid => control.following(gid),
    nextPage: async () => {
      signal.throwIfAborted()
      await control.nextPage()
      signal.throwIfAborted()
    }
  }
}

function signedIn (login: StreamLogin): SignedIn {
  return { user: login.user, tokenHash: login.tokenHash }
}
