import { lpStream } from '@libp2p/utils'
import {
  decodeRequest, encodeServerMessage, isProtocolError, lengthPrefixOptions, MAX_REQUEST_FRAME_BYTES,
  FrameDeadline, FrameDeadlineError, type DeadlineTimers, type MailItem, type ServerMessage
} from '@parley/protocol'
import { RelayError } from '../errors.js'
import { FrameWriter } from '../frame-writer.js'
import { COALESCED_WRITE_BYTES } from '../constants.js'
import { Dispatcher, type DispatchStream } from './dispatcher.js'
import { createHandlerTable } from './handlers/index.js'
import { DeviceWatches, type DeviceWatcher } from './device-watches.js'
import type { RequestLimits } from './limits.js'
import type { HandlerTable, StreamControl } from './table.js'
import type { Metrics } from '../metrics.js'
import type { Connection, Stream } from '@libp2p/interface'
import type { Accounts } from '../accounts.js'
import type { Sessions } from '../sessions.js'
import type { Directory } from '../directory.js'
import type { MailboxStore } from '../mailbox-store.js'
import type { SenderLimits } from '../sender-limits.js'
import { fromHex } from '@parley/protocol'
import type { GroupItem, GroupLogStore } from '../group-log.js'
import type { Logger } from '../logger.js'

/** Requests one stream may have in flight; further frames wait (back-pressure, bounded memory). */
const MAX_IN_FLIGHT = 64
/** Pushed mail waiting to be written to one subscriber before the relay gives up on it (by default). */
export const MAX_QUEUED_PUSH_BYTES = 8 * 1024 * 1024
/** Groups a stream not yet subscribed remembers having used (as many as an account may be in). */
const MAX_WANTED_GROUPS = 1000
/** What an empty group push ("messages were left out: fetch") is counted as against that bound. */
const BEHIND_PUSH_BYTES = 64

/** Read deadlines on relay streams (defaults FRAME_DEADLINE_MS and FIRST_FRAME_DEADLINE_MS). */
export interface StreamDeadlines { frameMs?: number, firstFrameMs?: number, timers?: DeadlineTimers }

/** What the RPC server needs. */
export interface RpcServerComponents {
  accounts: Accounts
  sessions: Sessions
  directory: Directory
  mailboxes: MailboxStore
  senders: SenderLimits
  groups: GroupLogStore
  relayName: string
  log: Logger
  metrics?: Metrics
  limits?: Partial<RequestLimits>
  deadlines?: StreamDeadlines
  now?: () => number
  /** The request table; by default every handler of this relay (tests may serve fewer). */
  table?: HandlerTable
  /** How long device-list changes are gathered before a push (DEVICE_PUSH_COALESCE_MS by default). */
  devicePushCoalesceMs?: number
  /** Pushes waiting to be written to one stream, in bytes (MAX_QUEUED_PUSH_BYTES by default). */
  maxQueuedPushBytes?: number
}

/** Per-request hooks: work to do once the answer is written. */
interface RequestHooks { afterWrite?: () => void }

interface StreamSession extends DispatchStream, DeviceWatcher {
  stream: Stream
  subscribed: boolean
  /** Settles when the last mail page asked for on this stream has been written. */
  fetching: Promise<void>
  push: (items: MailItem[]) => void
  /** Pushes a new message of a group (hex id) the stream's account is in. */
  pushGroup: (groupIdHex: string, item: GroupItem) => void
  /** The groups (hex ids) whose new messages are pushed to this stream. */
  groups: Set<string>
  /** Groups the stream's account used before the stream subscribed: followed (if still a member) once it does. */
  wantsGroups: Set<string>
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
  /** Subscribed streams by account, and by group (hex id): a group post is pushed to its online members' streams only. */
  private readonly subscribedUsers = new Map<string, Set<StreamSession>>()
  private readonly groupSubscribers = new Map<string, Set<StreamSession>>()
  private readonly streams = new Set<Stream>()
  /** Logged-in streams by session token hash, so a revoked session is cut off at once. */
  private readonly bySession = new Map<string, Set<StreamSession>>()
  private readonly dispatcher: Dispatcher
  /** Requests being answered on any stream, until their answer is written. */
  private readonly answering = new Set<Promise<void>>()
  private draining = false
  /** Which logged-in streams watch which users' device lists (memory only). */
  private readonly watches: DeviceWatches<StreamSession>

  constructor (private readonly c: RpcServerComponents) {
    this.dispatcher = new Dispatcher({
      table: c.table ?? createHandlerTable(c),
      accounts: c.accounts,
      ...(c.metrics !== undefined ? { metrics: c.metrics } : {}),
      ...(c.limits !== undefined ? { limits: c.limits } : {}),
      ...(c.now !== undefined ? { now: c.now } : {})
    })
    this.watches = new DeviceWatches(c.devicePushCoalesceMs !== undefined ? { coalesceMs: c.devicePushCoalesceMs } : {})
    c.directory.onChange(address => { this.watches.changed(address) })
    c.mailboxes.onDeposit((user, device, item) => {
      for (const s of this.subscribers.get(`${user}\x00${device}`) ?? []) s.push([item])
    })
    c.groups.onPost((gid, item) => {
      for (const s of this.groupSubscribers.get(gid) ?? []) s.pushGroup(gid, item)
    })
    // Being added pushes nothing (a device follows a group once it uses it); being taken out stops the pushes.
    c.groups.onMembers((gid, _added, removed) => {
      for (const user of removed) for (const s of this.subscribedUsers.get(user) ?? []) this.unfollowGroup(s, gid)
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
    this.watches.close()
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
    // Handlers past their deadline were answered, but may still write.
    await this.dispatcher.settled(timeoutMs)
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
    // Answers released together (a group commit's) go out in one write; see FrameWriter.
    const writer = new FrameWriter<ServerMessage>(async frames => { await lp.writeV(frames) }, encodeServerMessage, COALESCED_WRITE_BYTES)
    const send = async (message: ServerMessage): Promise<void> => { await writer.send(message) }
    const maxQueued = this.c.maxQueuedPushBytes ?? MAX_QUEUED_PUSH_BYTES
    let queuedPush = 0
    /** Groups whose new messages were not pushed while the queue was full: each is told once there is room. */
    const behind = new Set<string>()
    /**
     * Pushes waiting to be written are bounded. A subscriber that stops reading loses the stream,
     * not the mail (it re-fetches on reconnect); a group message that does not fit is left out
     * instead (`dropped`), and the group pushed empty once there is room: "fetch from your cursor".
     */
    const queuePush = (size: number, message: ServerMessage, dropped?: () => void): void => {
      if (queuedPush + size > maxQueued) {
        if (dropped !== undefined) dropped()
        else stream.abort(new Error('subscriber is not reading'))
        return
      }
      queuedPush += size
      void send(message).catch(() => {}).finally(() => {
        queuedPush -= size
        tellBehind()
      })
    }
    const tellBehind = (): void => {
      for (const gid of behind) {
        if (queuedPush + BEHIND_PUSH_BYTES > maxQueued) return
        behind.delete(gid)
        queuePush(BEHIND_PUSH_BYTES, { type: 'group-push', groupId: fromHex(gid), items: [] })
      }
    }
    const session: StreamSession = {
      caller: { peerId, ip },
      stream,
      subscribed: false,
      inFlight: 0,
      revoked: false,
      end: () => { void writer.drained().then(async () => { await stream.close() }).catch(() => { stream.abort(new Error('session revoked')) }) },
      fetching: Promise.resolve(),
      deadline,
      push: items => {
        queuePush(items.reduce((n, i) => n + i.envelope.length, 0), { type: 'push', items })
      },
      groups: new Set(),
      wantsGroups: new Set(),
      pushGroup: (gid, item) => {
        queuePush(item.message.length, { type: 'group-push', groupId: fromHex(gid), items: [item] }, () => { behind.add(gid) })
      },
      pushDevicesChanged: users => {
        // At most one push per coalescing period per stream, counted in the same budget as mail.
        queuePush(users.reduce((n, u) => n + u.length + 2, 0), { type: 'devices-changed', users })
      }
    }
    let slotFreed: (() => void) | undefined
    try {
      while (!this.draining) {
        let frame
        // Idle logged-in streams may stay (they wait for pushed mail); any other must keep talking.
        deadline.limitWait(session.login === undefined && session.inFlight === 0)
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
        const ctx: RequestHooks = {}
        const answered: Promise<void> = this.answer(frame.subarray(), session, this.control(session, ctx))
          .then(async response => { await send(response) })
          .catch(err => { this.c.log.error(`answer failed: ${err?.name ?? 'Error'}`) })
          .finally(() => {
            ctx.afterWrite?.()
            session.inFlight--
            if (session.revoked && session.inFlight === 0) session.end()
            // A stream left without a session and with nothing in flight must send again soon.
            session.deadline.limitWait(session.login === undefined && session.inFlight === 0)
            this.answering.delete(answered)
            slotFreed?.()
            slotFreed = undefined
          })
        this.answering.add(answered)
      }
    } finally {
      this.signOut(session)
      this.streams.delete(stream)
      await writer.drained()
      try { await stream.close() } catch { stream.abort(new Error('close failed')) }
    }
  }

  /** What one request's handler may do to its stream; `ctx` is that request's. */
  private control (session: StreamSession, ctx: RequestHooks): StreamControl {
    return {
      signIn: (user, token, tokenHash) => { this.signIn(session, user, token, tokenHash) },
      signOut: () => { this.signOut(session) },
      subscribe: async user => { await this.subscribe(session, user) },
      watchDevices: users => { this.watches.watch(session, users, session.login?.user ?? '') },
      followGroup: gid => {
        if (session.login === undefined) return
        if (session.subscribed) this.followGroup(session, gid)
        else if (session.wantsGroups.size < MAX_WANTED_GROUPS) session.wantsGroups.add(gid)
      },
      following: gid => session.groups.has(gid) || session.wantsGroups.has(gid),
      nextPage: async () => {
        const previous = session.fetching
        let release!: () => void
        session.fetching = new Promise<void>(resolve => { release = resolve })
        ctx.afterWrite = release
        await previous
      }
    }
  }

  private async answer (frame: Uint8Array, session: StreamSession, control: StreamControl): Promise<ServerMessage> {
    let id = 0
    try {
      const decoded = decodeRequest(frame)
      id = decoded.id
      const result = await this.dispatcher.dispatch(decoded.request, session, control)
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

  private signIn (session: StreamSession, user: string, token: Uint8Array, tokenHash: string): void {
    this.signOut(session)
    session.login = { user, token, tokenHash, checkedAt: Date.now() }
    let set = this.bySession.get(tokenHash)
    if (set === undefined) { set = new Set(); this.bySession.set(tokenHash, set) }
    set.add(session)
  }

  private signOut (session: StreamSession): void {
    this.unsubscribe(session)
    session.wantsGroups.clear()
    // Watches belong to the session: a sign-in as someone else starts with none.
    this.watches.forget(session)
    const login = session.login
    if (login !== undefined) {
      const set = this.bySession.get(login.tokenHash)
      set?.delete(session)
      if (set?.size === 0) this.bySession.delete(login.tokenHash)
    }
    delete session.login
  }

  /** Pushes `user`'s new mail for this stream's device to the stream (and the new messages of the groups it follows, see followGroup). */
  private async subscribe (session: StreamSession, user: string): Promise<void> {
    if (session.subscribed) return
    const key = `${user}\x00${session.caller.peerId}`
    addTo(this.subscribers, key, session)
    addTo(this.subscribedUsers, user, session)
    session.subscribed = true
    // Groups used before subscribing, followed now if the account is still in them (checked under each group's lock).
    const wanted = [...session.wantsGroups]
    session.wantsGroups.clear()
    for (const gid of wanted) {
      await this.c.groups.follow(fromHex(gid), user, () => { if (session.subscribed && session.login?.user === user) this.followGroup(session, gid) })
    }
  }

  private followGroup (session: StreamSession, gid: string): void {
    addTo(this.groupSubscribers, gid, session)
    session.groups.add(gid)
  }

  private unfollowGroup (session: StreamSession, gid: string): void {
    removeFrom(this.groupSubscribers, gid, session)
    session.groups.delete(gid)
  }

  private unsubscribe (session: StreamSession): void {
    if (!session.subscribed || session.login === undefined) return
    removeFrom(this.subscribers, `${session.login.user}\x00${session.caller.peerId}`, session)
    removeFrom(this.subscribedUsers, session.login.user, session)
    for (const gid of [...session.groups]) this.unfollowGroup(session, gid)
    session.subscribed = false
  }
}

function addTo<K, V> (map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key)
  if (set === undefined) { set = new Set(); map.set(key, set) }
  set.add(value)
}

function removeFrom<K, V> (map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  set?.delete(value)
  if (set?.size === 0) map.delete(key)
}

/** The IP address in a connection's multiaddr (`/ip4/1.2.3.4/tcp/...`), or the whole address if it has none. */
export function ipOf (addr: string): string {
  return /^\/(?:ip4|ip6)\/([^/]+)/.exec(addr)?.[1] ?? addr
}
