/**
 * The outbox: messages the person wrote while their relay could not be reached, kept on the
 * device in the order they were written until they can be sent.
 *
 * The outbox holds only the order and the bookkeeping of each send; the message itself (text,
 * time, id) stays in history, where it shows as `waiting`. A message is sealed when it is finally
 * sent, under the id it was given when written, so a send repeated after a crash (delivered, then
 * killed before its outbox entry was removed) reaches the recipient once: relays and receiving
 * devices drop a message id they already hold.
 */
import type { AbstractSublevel } from 'abstract-level'
import { NodeError, RelayRequestError } from '../errors.js'
import { KeyLock } from '../key-lock.js'

/** At most this many messages wait at once; beyond that a send is refused, as a full disk would be. */
export const MAX_OUTBOX_ENTRIES = 10_000

/** One message waiting to be sent. */
export interface OutboxEntry {
  /** The message id in history (hex). */
  id: string
  /** The conversation it belongs to; entries of one conversation go out in order. */
  conversation: string
  /** When it was written (ms). */
  queuedAt: number
  /** Sends tried so far. */
  attempts: number
  /** Why the last try failed, as a sentence, if one did. */
  lastError?: string
}

/** What one pass over the outbox did. */
export interface DrainResult {
  /** Ids sent, in the order they went out. */
  sent: string[]
  /** Ids that failed for good (the error says why); they left the outbox. */
  failed: Array<{ id: string, error: unknown }>
  /** Entries still waiting after the pass (a passing failure, or written during it). */
  waiting: number
  /** Stored entries that could not be read; they were removed. */
  damaged: number
}

/** Sends one entry; throws to say it did not go (`sendWaits` decides whether it stays queued). */
export type SendEntry = (entry: OutboxEntry, signal?: AbortSignal) => Promise<void>

/** The store the outbox writes to: a sublevel of the device's database. */
export type OutboxLevel = AbstractSublevel<any, any, string, any>

const ENTRY = 'e!'
const INDEX = 'i!'
const SEQUENCE_DIGITS = 16

/** A durable, ordered queue of message ids waiting to be sent. */
export class Outbox {
  private readonly lock = new KeyLock()
  private nextSequence?: number
  /** Passes run one after another. */
  private turn: Promise<unknown> = Promise.resolve()
  /**
   * How many entries wait, in all and per conversation: read from the store once, then kept in
   * step by every write (all under the lock), so a send asks in O(1) whether it must queue. Kept in
   * memory: a stored index would put the recipient's address in a key, and outbox keys are not hashed.
   */
  private tally?: Tally

  private readonly maxEntries: number

  constructor (private readonly level: OutboxLevel, init: { maxEntries?: number } = {}) {
    this.maxEntries = init.maxEntries ?? MAX_OUTBOX_ENTRIES
  }

  /** Adds a message at the end of the queue; a message already waiting is left where it is. */
  async add (id: string, conversation: string, queuedAt: number): Promise<void> {
    await this.lock.run('outbox', async () => {
      if (await this.level.get(INDEX + id) !== undefined) return
      const tally = await this.loadTally()
      if (tally.total >= this.maxEntries) {
        throw new NodeError('OUTBOX_FULL', `${this.maxEntries} messages are already waiting to be sent: connect to your relay to send them first`)
      }
      const key = ENTRY + (await this.takeSequence()).toString().padStart(SEQUENCE_DIGITS, '0')
      const entry: OutboxEntry = { id, conversation, queuedAt, attempts: 0 }
      await this.level.batch([
        { type: 'put', key, value: entry },
        { type: 'put', key: INDEX + id, value: key }
      ])
      tally.total++
      tally.byConversation.set(conversation, (tally.byConversation.get(conversation) ?? 0) + 1)
    })
  }

  /** Whether any message to `conversation` waits (a new one must then go behind it); O(1) once the tally is read. */
  async waitsFor (conversation: string): Promise<boolean> {
    const tally = this.tally ?? await this.lock.run('outbox', async () => await this.loadTally())
    return (tally.byConversation.get(conversation) ?? 0) > 0
  }

  /** Whether a message is waiting in the outbox. */
  async has (id: string): Promise<boolean> {
    return await this.level.get(INDEX + id) !== undefined
  }

  /** Removes a message from the queue (sent, or given up by the person); false if it was not there. */
  async remove (id: string): Promise<boolean> {
    return await this.lock.run('outbox', async () => await this.removeNow(id))
  }

  /** The waiting entries, oldest first; damaged records are left out. */
  async entries (): Promise<OutboxEntry[]> {
    return (await this.read()).entries.map(e => e.entry)
  }

  /** How many entries wait (damaged ones included). */
  async count (): Promise<number> {
    let n = 0
    for await (const _ of this.level.keys({ gte: ENTRY, lt: ENTRY + '\xff' })) n++
    return n
  }

  /**
   * Sends every waiting entry, oldest first, through `send`. An entry whose send fails for a
   * passing reason (network, a busy relay) stays, and the later entries of its conversation wait
   * behind it so they cannot overtake it; other conversations go on. An entry that fails for good
   * leaves the outbox and is reported. One pass runs at a time: a call during a pass runs another
   * pass after it (an entry added meanwhile is not left behind).
   */
  async drain (send: SendEntry, signal?: AbortSignal): Promise<DrainResult> {
    const run = this.turn.then(async () => await this.pass(send, signal))
    this.turn = run.catch(() => {})
    return await run
  }

  private async pass (send: SendEntry, signal?: AbortSignal): Promise<DrainResult> {
    const { entries, damaged } = await this.read()
    for (const key of damaged) await this.lock.run('outbox', async () => { await this.removeDamaged(key) })
    const result: DrainResult = { sent: [], failed: [], waiting: 0, damaged: damaged.length }
    const blocked = new Set<string>()
    for (const { key, entry } of entries) {
      if (signal?.aborted === true || blocked.has(entry.conversation)) continue
      // The person may have removed it (or a retry sent it) since the list was read.
      if (await this.level.get(key) === undefined) continue
      try {
        await send(entry, signal)
      } catch (err) {
        if (!sendWaits(err)) {
          await this.remove(entry.id)
          result.failed.push({ id: entry.id, error: err })
        } else {
          blocked.add(entry.conversation)
          await this.noteAttempt(key, entry, err)
        }
        continue
      }
      await this.remove(entry.id)
      result.sent.push(entry.id)
    }
    result.waiting = await this.count()
    return result
  }

  private async noteAttempt (key: string, entry: OutboxEntry, err: unknown): Promise<void> {
    await this.lock.run('outbox', async () => {
      if (await this.level.get(key) === undefined) return
      const lastError = err instanceof Error ? err.message : String(err)
      await this.level.put(key, { ...entry, attempts: entry.attempts + 1, lastError })
    })
  }

  private async removeNow (id: string): Promise<boolean> {
    const key = await this.level.get(INDEX + id)
    if (typeof key !== 'string') return false
    const stored = await this.level.get(key)
    await this.level.batch([
      { type: 'del', key },
      { type: 'del', key: INDEX + id }
    ])
    if (this.tally !== undefined && stored !== undefined) {
      this.tally.total--
      const conversation = checkOutboxEntry(stored)?.conversation
      if (conversation !== undefined) untally(this.tally, conversation)
    }
    return true
  }

  private async removeDamaged (key: string): Promise<void> {
    if (await this.level.get(key) === undefined) return
    await this.level.del(key)
    if (this.tally !== undefined) this.tally.total--
  }

  /** The tally, read from the store the first time (call under the lock). */
  private async loadTally (): Promise<Tally> {
    if (this.tally !== undefined) return this.tally
    const { entries, damaged } = await this.read()
    const tally: Tally = { total: entries.length + damaged.length, byConversation: new Map() }
    for (const { entry } of entries) tally.byConversation.set(entry.conversation, (tally.byConversation.get(entry.conversation) ?? 0) + 1)
    this.tally = tally
    return tally
  }

  private async read (): Promise<{ entries: Array<{ key: string, entry: OutboxEntry }>, damaged: string[] }> {
    const entries: Array<{ key: string, entry: OutboxEntry }> = []
    const damaged: string[] = []
    for await (const [key, value] of this.level.iterator({ gte: ENTRY, lt: ENTRY + '\xff' })) {
      const entry = checkOutboxEntry(value)
      if (entry === undefined) damaged.push(key)
      else entries.push({ key, entry })
    }
    return { entries, damaged }
  }

  private async takeSequence (): Promise<number> {
    if (this.nextSequence === undefined) {
      let last = 0
      for await (const key of this.level.keys({ gte: ENTRY, lt: ENTRY + '\xff', reverse: true, limit: 1 })) {
        last = Number.parseInt(key.slice(ENTRY.length), 10)
      }
      this.nextSequence = Number.isSafeInteger(last) ? last + 1 : 1
    }
    return this.nextSequence++
  }
}

/** Entries waiting: damaged ones count in `total` only (they have no readable conversation). */
interface Tally { total: number, byConversation: Map<string, number> }

function untally (tally: Tally, conversation: string): void {
  const left = (tally.byConversation.get(conversation) ?? 1) - 1
  if (left > 0) tally.byConversation.set(conversation, left)
  else tally.byConversation.delete(conversation)
}

/** Relay answers that say "not now" rather than "never": the message waits for the next pass. */
const WAITING_RELAY_CODES = new Set(['RATE_LIMITED', 'INTERNAL', 'UNAUTHENTICATED', 'DEADLINE_EXCEEDED'])
/** Node errors that mean the relay (or the session with it) is not there yet; anything else is final. */
const WAITING_NODE_CODES = new Set(['RELAY_UNREACHABLE', 'TIMEOUT', 'NOT_LOGGED_IN'])

/**
 * Whether a failed send stays in the outbox: yes when the relay could not be reached, was busy or
 * wants a new login; no when the message itself cannot go (the recipient has no keys, their key
 * changed and waits for the person's decision, the relay refused it), so it fails with its reason
 * and the person can retry it.
 */
export function sendWaits (err: unknown): boolean {
  if (err instanceof RelayRequestError) return WAITING_RELAY_CODES.has(err.relayCode)
  if (err instanceof NodeError) return WAITING_NODE_CODES.has(err.code)
  // A network error or an aborted call from below the node's error layer.
  return true
}

/** Reads a stored outbox entry field by field; undefined when it is damaged. */
export function checkOutboxEntry (value: unknown): OutboxEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.id !== 'string' || !/^[0-9a-f]{32}$/.test(v.id)) return undefined
  if (typeof v.conversation !== 'string' || v.conversation.length === 0) return undefined
  if (typeof v.queuedAt !== 'number' || !Number.isFinite(v.queuedAt)) return undefined
  if (typeof v.attempts !== 'number' || !Number.isSafeInteger(v.attempts) || v.attempts < 0) return undefined
  if (v.lastError !== undefined && typeof v.lastError !== 'string') return undefined
  return { id: v.id, conversation: v.conversation, queuedAt: v.queuedAt, attempts: v.attempts, ...(v.lastError !== undefined ? { lastError: v.lastError as string } : {}) }
}
