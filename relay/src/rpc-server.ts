import { lpStream } from '@libp2p/utils'
import { IpNet } from '@chainsafe/netmask'
import { lengthPrefixOptions } from '@parley/protocol'
import {
  decodeRequest, encodeServerMessage, isProtocolError, MAX_REQUEST_FRAME_BYTES, parseAddress,
  assertNever, FrameDeadline, FrameDeadlineError, type DeadlineTimers, type MailItem, type RelayRequest, type RelayResult, type ServerMessage
} from '@parley/protocol'
import { RelayError } from './errors.js'
import { tokenHash } from './sessions.js'
import { TokenBuckets, type RatePolicy } from './rate-limiter.js'
import type { Metrics } from './metrics.js'
import type { Connection, Stream } from '@libp2p/interface'
import type { Accounts, Caller } from './accounts.js'
import type { Sessions } from './sessions.js'
import type { Directory } from './directory.js'
import type { MailboxStore } from './mailbox-store.js'
import type { Party, SenderLimits } from './sender-limits.js'
import type { Logger } from './logger.js'

/** Requests one stream may have in flight; further frames wait (back-pressure, bounded memory). */
const MAX_IN_FLIGHT = 64
/** Pushed mail waiting to be written to one subscriber before the relay gives up on it. */
const MAX_QUEUED_PUSH_BYTES = 8 * 1024 * 1024
/** How long a stream's session is trusted before it is checked again (logout or expiry elsewhere). */
const SESSION_RECHECK_MS = 10_000

/** Request rates the RPC server enforces (token buckets, in memory). */
export interface RequestLimits {
  /** Directory lookups per account on logged-in streams: a client syncing many contacts at once fits in the burst. */
  lookupsPerAccount: RatePolicy
  /** Directory lookups per IP address from streams without a session: enough to look someone up, too few to crawl the directory. */
  strangerLookupsPerIp: RatePolicy
  /** Every request made without a session, and the SESSION_FREE ones on any stream, per IP address. */
  unauthenticatedPerIp: RatePolicy
  /** The same per PeerId: one peer cannot use up its IP address's budget alone. */
  unauthenticatedPerPeer: RatePolicy
}

/** Defaults; PROTOCOL.md ("Limits") and the README state them. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  lookupsPerAccount: { perSecond: 20, burst: 200 },
  strangerLookupsPerIp: { perSecond: 10, burst: 10 },
  unauthenticatedPerIp: { perSecond: 20, burst: 40 },
  unauthenticatedPerPeer: { perSecond: 10, burst: 20 }
}

/** Requests that never use the stream's session: rated per IP address and PeerId, logged in or not. */
const SESSION_FREE: ReadonlySet<RelayRequest['type']> = new Set<RelayRequest['type']>([
  'register', 'verify', 'resend-code', 'login', 'authenticate', 'request-password-reset', 'reset-password'
])

/** Rate buckets held in memory per kind; the least recently used goes first beyond it (~100 bytes each). */
const MAX_RATE_BUCKETS = 100_000

/** Read deadlines on relay streams (defaults FRAME_DEADLINE_MS and FIRST_FRAME_DEADLINE_MS). */
export interface StreamDeadlines { frameMs?: number, firstFrameMs?: number, timers?: DeadlineTimers }

/** What the RPC server needs. */
export interface RpcServerComponents {
  accounts: Accounts
  sessions: Sessions
  directory: Directory
  mailboxes: MailboxStore
  senders: SenderLimits
  relayName: string
  log: Logger
  metrics?: Metrics
  limits?: Partial<RequestLimits>
  deadlines?: StreamDeadlines
  now?: () => number
}

/** Per-request hooks: work to do once the answer is written. */
interface RequestContext { afterWrite?: () => void }

interface StreamSession {
  peerId: string
  /** The connection's IP address, for limits per source. */
  ip: string
  stream: Stream
  user?: string
  token?: Uint8Array
  /** SHA-256 of the token: how the session store names this session. */
  tokenHash?: string
  /** When the session was last confirmed against the store. */
  checkedAt?: number
  subscribed: boolean
  /** Settles when the last mail page asked for on this stream has been written. */
  fetching: Promise<void>
  push: (items: MailItem[]) => void
  /** Requests being answered on this stream. */
  inFlight: number
  /** The session was revoked: the stream ends once its answers are written. */
  revoked: boolean
  /** Ends the stream after the writes under way. */
  end: () => void
  /** The stream's read deadlines. */
  deadline: FrameDeadline
}

/** Serves /parley/relay/1.0.0: one long-lived stream per client, many requests in flight. */
export class RpcServer {
  private readonly subscribers = new Map<string, Set<StreamSession>>()
  private readonly streams = new Set<Stream>()
  /** Logged-in streams by session token hash, so a revoked session is cut off at once. */
  private readonly bySession = new Map<string, Set<StreamSession>>()
  private readonly limits: RequestLimits
  private readonly rates: TokenBuckets
  /** Requests being answered on any stream, until their answer is written. */
  private readonly answering = new Set<Promise<void>>()
  private draining = false

  constructor (private readonly c: RpcServerComponents) {
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...c.limits }
    this.rates = new TokenBuckets(MAX_RATE_BUCKETS, c.now)
    c.mailboxes.onDeposit((user, device, item) => {
      for (const s of this.subscribers.get(`${user}\x00${device}`) ?? []) s.push([item])
    })
    c.sessions.onRevoke(hashes => {
      for (const hash of hashes) {
        for (const s of [...this.bySession.get(hash) ?? []]) {
          // Signed out at once; the stream ends as soon as the answers under way are written
          // (the revoking request may be one of them).
          this.signOut(s)
          s.revoked = true
          if (s.inFlight === 0) s.end()
        }
      }
    })
  }

  /**
   * Shutdown, first half: reads no further request, waits until every request already read has
   * its answer written (and so its writes committed), then closes the streams. Only then may the
   * database close. A request still running after `timeoutMs` is cut off with its stream.
   */
  async drain (timeoutMs: number): Promise<void> {
    this.draining = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })
    try {
      while (this.answering.size > 0) {
        const settled = await Promise.race([Promise.allSettled([...this.answering]).then(() => true), late.then(() => false)])
        if (!settled) break
      }
    } finally {
      clearTimeout(timer)
    }
    await Promise.all([...this.streams].map(async s => {
      try { await s.close({ signal: AbortSignal.timeout(1000) }) } catch { s.abort(new Error('relay shutting down')) }
    }))
  }

  /** libp2p stream handler. */
  handle (stream: Stream, connection: Connection): void {
    if (this.draining) { stream.abort(new Error('relay shutting down')); return }
    void this.serve(stream, connection.remotePeer.toString(), ipOf(connection.remoteAddr.toString()))
  }

  private async serve (stream: Stream, peerId: string, ip: string): Promise<void> {
    this.streams.add(stream)
    const deadline = new FrameDeadline(this.c.deadlines)
    const lp = lpStream(stream, lengthPrefixOptions(MAX_REQUEST_FRAME_BYTES, deadline))
    let writing: Promise<void> = Promise.resolve()
    // Frames are encoded when their turn to be written comes, so a slow reader holds results, not copies.
    const send = (message: ServerMessage): Promise<void> => {
      writing = writing.then(async () => { await lp.write(encodeServerMessage(message)) }).catch(() => {})
      return writing
    }
    let queuedPush = 0
    const session: StreamSession = {
      peerId,
      ip,
      stream,
      subscribed: false,
      inFlight: 0,
      revoked: false,
      end: () => { void writing.then(async () => { await stream.close() }).catch(() => { stream.abort(new Error('session revoked')) }) },
      fetching: Promise.resolve(),
      deadline,
      push: items => {
        const size = items.reduce((n, i) => n + i.envelope.length, 0)
        if (queuedPush + size > MAX_QUEUED_PUSH_BYTES) {
          // A subscriber that stops reading loses the stream, not the mail: it re-fetches on reconnect.
          stream.abort(new Error('subscriber is not reading'))
          return
        }
        queuedPush += size
        void send({ type: 'push', items }).finally(() => { queuedPush -= size })
      }
    }
    let slotFreed: (() => void) | undefined
    try {
      while (!this.draining) {
        let frame
        // Idle logged-in streams may stay (they wait for pushed mail); any other must keep talking.
        deadline.limitWait(session.user === undefined && session.inFlight === 0)
        try {
          frame = await deadline.read(async signal => await lp.read({ signal }))
        } catch (err: any) {
          if (err instanceof FrameDeadlineError) {
            // A stalled frame cannot be resynchronised, and a silent stranger holds a stream slot for nothing.
            this.c.log.debug(`closing stream from ${peerId}: ${err.message}`)
            stream.abort(err)
            break
          }
          if (stream.readStatus !== 'readable' || err?.name === 'UnexpectedEOFError') break
          // A frame over the limit or a corrupt length prefix: the stream cannot be resynchronised.
          const tooLarge = err?.name === 'InvalidDataLengthError' || err?.name === 'InvalidDataLengthLengthError' || isProtocolError(err, 'TOO_LARGE')
          const message = tooLarge ? `frame exceeds ${MAX_REQUEST_FRAME_BYTES} bytes` : 'corrupt frame length'
          await send({ type: 'response', id: 0, result: { type: 'error', code: tooLarge ? 'TOO_LARGE' : 'BAD_REQUEST', message } })
          this.c.log.debug(`closing stream from ${peerId}: ${message}`)
          break
        }
        // Read during shutdown: not started, so nothing half-done meets a closed database.
        if (this.draining) break
        while (session.inFlight >= MAX_IN_FLIGHT) await new Promise<void>(resolve => { slotFreed = resolve })
        session.inFlight++
        // A request's slot is free only once its answer is written, so a client that does not read
        // cannot make the relay queue answers without bound.
        const ctx: RequestContext = {}
        const answered: Promise<void> = this.answer(frame.subarray(), session, ctx)
          .then(async response => { await send(response) })
          .catch(err => { this.c.log.error(`answer failed: ${err?.name ?? 'Error'}`) })
          .finally(() => {
            ctx.afterWrite?.()
            session.inFlight--
            if (session.revoked && session.inFlight === 0) session.end()
            // A stream left without a session and with nothing in flight must send again soon.
            session.deadline.limitWait(session.user === undefined && session.inFlight === 0)
            this.answering.delete(answered)
            slotFreed?.()
            slotFreed = undefined
          })
        this.answering.add(answered)
      }
    } finally {
      this.signOut(session)
      this.streams.delete(stream)
      await writing
      try { await stream.close() } catch { stream.abort(new Error('close failed')) }
    }
  }

  private async answer (frame: Uint8Array, session: StreamSession, ctx: RequestContext): Promise<ServerMessage> {
    let id = 0
    try {
      const decoded = decodeRequest(frame)
      id = decoded.id
      const result = await this.dispatch(decoded.request, session, ctx)
      return { type: 'response', id, result }
    } catch (err: any) {
      if (isProtocolError(err)) {
        const requestId = (err as { requestId?: number }).requestId ?? id
        const code = err.code === 'UNSUPPORTED_VERSION' ? 'UNSUPPORTED_VERSION' : err.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'BAD_REQUEST'
        return { type: 'response', id: requestId, result: { type: 'error', code, message: err.message } }
      }
      if (err instanceof RelayError) {
        return { type: 'response', id, result: { type: 'error', code: err.code, message: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) } }
      }
      // Name and code only: library messages can carry user data (a mail server echoing an address).
      this.c.log.error(`request failed: ${err?.name ?? 'Error'}${err?.code !== undefined ? ` (${String(err.code)})` : ''}`)
      return { type: 'response', id, result: { type: 'error', code: 'INTERNAL', message: 'the relay could not complete the request; try again' } }
    }
  }

  private async requireUser (session: StreamSession): Promise<string> {
    if (session.user === undefined || session.token === undefined) throw new RelayError('UNAUTHENTICATED', 'log in first')
    // Revocation cuts streams at once (see the constructor); this recheck catches expiry.
    if (Date.now() - (session.checkedAt ?? 0) > SESSION_RECHECK_MS) {
      try {
        await this.c.accounts.authenticate(session.token, session.peerId)
      } catch (err) {
        this.signOut(session)
        throw err
      }
      session.checkedAt = Date.now()
    }
    return session.user
  }

  private signIn (session: StreamSession, user: string, token: Uint8Array, tokenHash: string): void {
    this.signOut(session)
    session.user = user
    session.token = token
    session.tokenHash = tokenHash
    session.checkedAt = Date.now()
    let set = this.bySession.get(tokenHash)
    if (set === undefined) { set = new Set(); this.bySession.set(tokenHash, set) }
    set.add(session)
  }

  private signOut (session: StreamSession): void {
    this.unsubscribe(session)
    if (session.tokenHash !== undefined) {
      const set = this.bySession.get(session.tokenHash)
      set?.delete(session)
      if (set?.size === 0) this.bySession.delete(session.tokenHash)
    }
    delete session.user
    delete session.token
    delete session.tokenHash
    delete session.checkedAt
  }

  private current (session: StreamSession): { user: string, tokenHash: string } {
    if (session.user === undefined || session.tokenHash === undefined) throw new RelayError('UNAUTHENTICATED', 'log in first')
    return { user: session.user, tokenHash: session.tokenHash }
  }

  /**
   * The request rates, checked before any work: per account for lookups on a logged-in stream;
   * per IP address and PeerId for everything on a stream without a session, and a tighter rate
   * per IP address for its lookups, so strangers cannot crawl the directory.
   */
  private checkRate (request: RelayRequest, session: StreamSession): void {
    const l = this.limits
    const source = rateSource(session.ip)
    const buckets: Array<{ key: string, policy: RatePolicy }> = []
    // Requests that act without the stream's session are counted per source even on a logged-in
    // stream: logging in to an account of one's own must not lift the limits on the others.
    if (session.user === undefined || SESSION_FREE.has(request.type)) {
      buckets.push({ key: `anon:ip:${source}`, policy: l.unauthenticatedPerIp }, { key: `anon:peer:${session.peerId}`, policy: l.unauthenticatedPerPeer })
    }
    // A contact note costs a disk write: it shares the account's lookup budget.
    if (request.type === 'fetch-bundles' || request.type === 'note-contact') {
      buckets.push(session.user !== undefined
        ? { key: `lookup:user:${session.user}`, policy: l.lookupsPerAccount }
        : { key: `lookup:ip:${source}`, policy: l.strangerLookupsPerIp })
    }
    if (buckets.length === 0) return
    const wait = this.rates.take(buckets)
    if (wait === 0) return
    if (this.c.metrics !== undefined) this.c.metrics.requestsRateLimited++
    const what = request.type === 'fetch-bundles' ? 'directory lookups' : 'requests without a session'
    throw new RelayError('RATE_LIMITED', `too many ${what}; try again in ${Math.ceil(wait / 100) / 10} s${session.user === undefined && request.type === 'fetch-bundles' ? ' (lookups of a logged-in device have a budget of their own)' : ''}`, wait)
  }

  private async dispatch (request: RelayRequest, session: StreamSession, ctx: RequestContext): Promise<RelayResult> {
    const { accounts, directory, mailboxes } = this.c
    const caller: Caller = { peerId: session.peerId, ip: session.ip }
    this.checkRate(request, session)
    switch (request.type) {
      case 'register':
        await accounts.register(request.name, request.email, request.password, caller)
        return { type: 'ok' }
      case 'verify':
        await accounts.verify(request.name, request.code, caller)
        return { type: 'ok' }
      case 'resend-code':
        await accounts.resendCode(request.name)
        return { type: 'ok' }
      case 'login': {
        const s = await accounts.login(request.name, request.password, request.secondFactor, caller)
        this.signIn(session, request.name, s.token, tokenHash(s.token))
        return { type: 'session', ...s }
      }
      case 'authenticate': {
        const s = await accounts.authenticate(request.token, session.peerId)
        this.signIn(session, s.user, request.token, s.tokenHash)
        return { type: 'ok' }
      }
      case 'logout':
        if (session.user !== undefined && session.tokenHash !== undefined) await accounts.logout(session.user, session.tokenHash)
        this.signOut(session)
        return { type: 'ok' }
      case 'publish-bundle':
        await directory.publish(await this.requireUser(session), session.peerId, request.signedBundle)
        return { type: 'ok' }
      case 'fetch-bundles':
        return { type: 'bundles', user: request.user, signedBundles: await directory.fetch(request.user) }
      case 'note-contact': {
        const sender = await accounts.get(await this.requireUser(session))
        if (sender?.verified !== true) throw new RelayError('NOT_VERIFIED', 'verify the email address before sending')
        let name: string
        try {
          const parsed = parseAddress(request.user)
          if (parsed.relay !== this.c.relayName) throw new RelayError('NOT_FOUND', `${request.user} is not a user of this relay`)
          name = parsed.name
        } catch (err) {
          if (err instanceof RelayError) throw err
          throw new RelayError('BAD_REQUEST', `"${request.user}" is not an address of the form name@relay`)
        }
        const account = await accounts.get(name)
        if (account === undefined || !account.verified) throw new RelayError('NOT_FOUND', `${request.user} is not a user of this relay`)
        await this.c.senders.noteContact({ name: sender.name, createdAt: sender.createdAt }, { name, createdAt: account.createdAt })
        return { type: 'ok' }
      }
      case 'deposit': {
        // Only verified accounts may send, so an unverified sign-up cannot be used to push mail at people.
        const sender = await accounts.get(await this.requireUser(session))
        if (sender?.verified !== true) throw new RelayError('NOT_VERIFIED', 'verify the email address before sending')
        return { type: 'deposited', ...await this.deposit(request.envelope, sender, request.contact === true) }
      }
      case 'fetch-mail': {
        const user = await this.requireUser(session)
        // One page at a time per stream, counted until it is written: each can be megabytes.
        const previous = session.fetching
        let release!: () => void
        session.fetching = new Promise<void>(resolve => { release = resolve })
        ctx.afterWrite = release
        await previous
        return { type: 'mail', ...await mailboxes.fetch(user, session.peerId, request.afterSeq, request.limit) }
      }
      case 'ack-mail':
        await mailboxes.ack(await this.requireUser(session), session.peerId, request.messageIds)
        return { type: 'ok' }
      case 'subscribe': {
        const user = await this.requireUser(session)
        const key = `${user}\x00${session.peerId}`
        let set = this.subscribers.get(key)
        if (set === undefined) { set = new Set(); this.subscribers.set(key, set) }
        set.add(session)
        session.subscribed = true
        return { type: 'ok' }
      }
      case 'totp-enrol':
        return { type: 'totp-enrolment', ...await accounts.enrolTotp(await this.requireUser(session)) }
      case 'totp-confirm':
        return { type: 'recovery-codes', codes: await accounts.confirmTotp(await this.requireUser(session), request.code, caller) }
      case 'totp-disable':
        await accounts.disableTotp(await this.requireUser(session), request.secondFactor, caller)
        return { type: 'ok' }
      case 'regenerate-recovery-codes':
        return { type: 'recovery-codes', codes: await accounts.regenerateRecoveryCodes(await this.requireUser(session), request.secondFactor, caller) }
      case 'list-sessions': {
        await this.requireUser(session)
        const { user, tokenHash } = this.current(session)
        return { type: 'sessions', sessions: await accounts.listSessions(user, tokenHash) }
      }
      case 'revoke-sessions': {
        await this.requireUser(session)
        const { user, tokenHash } = this.current(session)
        await accounts.revokeSessions(user, request, tokenHash)
        return { type: 'ok' }
      }
      case 'change-email':
        await accounts.changeEmail(await this.requireUser(session), request.newEmail)
        return { type: 'ok' }
      case 'confirm-email':
        await accounts.confirmEmail(await this.requireUser(session), request.code, caller)
        return { type: 'ok' }
      case 'request-password-reset':
        await accounts.requestPasswordReset(request.name)
        return { type: 'ok' }
      case 'reset-password':
        await accounts.resetPassword(request.name, request.code, request.newPassword, caller)
        return { type: 'ok' }
      case 'delete-account':
        await accounts.deleteAccount(await this.requireUser(session), request.password, request.secondFactor, caller)
        return { type: 'ok' }
      case 'account-info':
        return { type: 'account', ...await accounts.info(await this.requireUser(session)) }
      default:
        return assertNever(request)
    }
  }

  private async deposit (envelope: Uint8Array, from: Party, chosen: boolean): Promise<{ messageId: Uint8Array, duplicate: boolean, storedAt: number }> {
    const { mailboxes, directory, accounts, senders } = this.c
    const header = mailboxes.inspect(envelope)
    const { name, relay } = parseAddress(header.recipient)
    const unknown = (): RelayError => new RelayError('NOT_FOUND', `${header.recipient} is not a user of this relay`)
    if (relay !== this.c.relayName) throw unknown()
    const account = await accounts.get(name)
    if (account === undefined || !account.verified) throw unknown()
    const published = await directory.devices(name)
    const devices = header.deviceIds.filter((d: string) => published.has(d))
    if (devices.length === 0) throw new RelayError('BAD_ENVELOPE', `envelope refused: it is not encrypted to any published device of ${header.recipient}; fetch the current keys`)
    // Per-sender limits: the rate here, the waiting quota in the mailbox (both tighter for strangers).
    const admission = await senders.admit({ name: from.name, createdAt: from.createdAt }, { name, createdAt: account.createdAt }, chosen)
    let stored = false
    try {
      const result = await mailboxes.deposit(name, devices, header, envelope, admission)
      stored = true
      return { messageId: header.messageId, ...result }
    } finally {
      admission.settle(stored)
    }
  }

  private unsubscribe (session: StreamSession): void {
    if (!session.subscribed || session.user === undefined) return
    const key = `${session.user}\x00${session.peerId}`
    const set = this.subscribers.get(key)
    set?.delete(session)
    if (set?.size === 0) this.subscribers.delete(key)
    session.subscribed = false
  }
}

/**
 * The source a request rate is kept for: an IPv4 address, or the /64 network of an IPv6 one (a
 * single host is routinely given a whole /64, so counting addresses would count nothing).
 */
export function rateSource (ip: string): string {
  if (!ip.includes(':')) return ip
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped !== null) return mapped[1] as string
  try {
    return new IpNet(ip, 64).toString()
  } catch {
    return ip
  }
}

/** The IP address in a connection's multiaddr (`/ip4/1.2.3.4/tcp/...`), or the whole address if it has none. */
function ipOf (addr: string): string {
  return /^\/(?:ip4|ip6)\/([^/]+)/.exec(addr)?.[1] ?? addr
}
