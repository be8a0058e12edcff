import type { Clock } from '../components.js'
import type { NodeEvents } from '../events.js'
import type { History, StoredMessage } from '../history.js'
import { rejectionReason, type Rejections } from './rejections.js'

/** Who a rejected content was proven to come from, and the conversation its notice goes in. */
export interface ProvenSender { sender: string, conversation: string }

/** What the rejection notices are built from. */
export interface RejectionNoticesComponents {
  history: History
  rejections: Rejections
  events: NodeEvents
  clock: Clock
}

/**
 * Records incoming messages as rejected (once per id, the oldest records dropping out with their
 * notices) and says so: where the sender is proven, a notice stands for the message in their
 * conversation. The reason is a fixed sentence chosen by the error's code.
 */
export class RejectionNotices {
  constructor (private readonly components: RejectionNoticesComponents) {}

  /** Records `id` as rejected for `err` (an error with a `code`, or the code itself); resolves with the reason recorded. */
  async record (id: string, err: unknown, path: 'relay' | 'direct', from?: ProvenSender): Promise<string> {
    const { history, rejections, events, clock } = this.components
    const code = codeOf(err)
    const reason = rejectionReason(code)
    const at = clock.now()
    const { added, dropped } = await rejections.add({ id, at, code, reason, path, ...(from !== undefined ? { sender: from.sender } : {}) })
    for (const old of dropped) if (old.sender !== undefined) await history.remove(noticeId(old.id))
    if (!added) return reason
    let note: StoredMessage | undefined
    if (from !== undefined) {
      note = { id: noticeId(id), conversation: from.conversation, direction: 'in', sender: from.sender, text: `a message from ${from.sender} could not be read: ${reason}`, sentAt: at, storedAt: at, state: 'read', path, unreadable: reason }
      await history.add(note)
    }
    events.emit({ type: 'rejected', messageId: id, code, reason, path, ...(from !== undefined ? { sender: from.sender } : {}), ...(note !== undefined ? { note } : {}) })
    return reason
  }
}

/** The id of the notice standing in a conversation for the rejected message `id` (never a message id: those are hex). */
export function noticeId (id: string): string {
  return `rejected-${id}`
}

function codeOf (err: unknown): string {
  if (typeof err === 'string') return err
  const code = (err as { code?: unknown } | null | undefined)?.code
  return typeof code === 'string' ? code : 'REJECTED'
}
