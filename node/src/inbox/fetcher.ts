/**
 * The mailbox fetch: pages of mail fetched until none is left, and for a listening node a later
 * fetch of what a passing failure left in the mailbox (pushed mail is not pushed again).
 */
import type { MailItem } from '@parley/protocol'
import { MAIL_PAGE_SIZE, REFETCH_MAX_MS, REFETCH_MIN_MS } from '../constants.js'
import { throwIfAborted } from '../relay/time.js'
import type { CallOptions } from '../account/keyless.js'
import type { StoredMessage } from '../history.js'
import type { RelayLink } from '../relay/connection.js'
import type { AcceptedPage } from './incoming.js'

/** What the fetcher is built from. */
export interface MailFetcherComponents {
  relay: RelayLink
}

/** The node's parts the fetcher goes through. */
export interface MailFetcherInit {
  /** Takes in one page of mail (see Incoming.acceptPage). */
  accept: (items: MailItem[]) => Promise<AcceptedPage>
  /** Whether the node listens (only then is mail fetched again by a timer). */
  listening: () => boolean
  /** Fetches what waits again (the node's sync); its failure is the reconnect loop's business. */
  refetch: () => Promise<unknown>
  /** Work started without waiting for it, so close() can let it finish. */
  track: (work: Promise<void>) => void
  /** Aborted when the node closes. */
  closing: AbortSignal
  /** The first wait before a fetch again, doubled up to `maxMs` while pages stay incomplete. */
  minMs?: number
  maxMs?: number
}

/** Fetches the mailbox page by page and schedules the fetch again that a passing failure needs. */
export class MailFetcher {
  private timer?: ReturnType<typeof setTimeout>
  private readonly minMs: number
  private readonly maxMs: number
  private delay: number

  constructor (private readonly components: MailFetcherComponents, private readonly init: MailFetcherInit) {
    this.minMs = init.minMs ?? REFETCH_MIN_MS
    this.maxMs = init.maxMs ?? REFETCH_MAX_MS
    this.delay = this.minMs
  }

  /** The wait before the next timed fetch (for tests). */
  get nextDelay (): number { return this.delay }

  /** Takes in pushed or fetched mail; a page left incomplete is fetched again later. */
  async accept (items: MailItem[]): Promise<StoredMessage[]> {
    const page = await this.init.accept(items)
    if (!page.complete) this.later()
    else this.delay = this.minMs
    return page.accepted
  }

  /** Fetches and takes in every page waiting in the mailbox; resolves with the new messages in order. */
  async fetchAll (options: CallOptions = {}): Promise<StoredMessage[]> {
    const out: StoredMessage[] = []
    let after = 0
    while (true) {
      throwIfAborted(options.signal)
      const page = await this.components.relay.request({ type: 'fetch-mail', afterSeq: after, limit: MAIL_PAGE_SIZE }, 'mail', options)
      out.push(...await this.accept(page.items))
      const last = page.items[page.items.length - 1]
      if (!page.more || last === undefined) break
      after = last.seq
    }
    return out
  }

  /** Stops the timed fetch. */
  close (): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private later (): void {
    if (!this.init.listening() || this.timer !== undefined || this.init.closing.aborted) return
    const delay = this.delay
    this.delay = Math.min(delay * 2, this.maxMs)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.init.track(this.init.refetch().then(() => {}))
    }, delay)
  }
}
