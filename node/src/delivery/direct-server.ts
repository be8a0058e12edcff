/**
 * The receiving end of /parley/direct/1.0.0: envelopes read as frames (the first one at once, a
 * deadline on each), handed to the inbox in order, and acknowledged one by one; a peer that keeps
 * sending what cannot be accepted is cut off.
 */
import { lpStream } from '@libp2p/utils'
import { FrameDeadline, lengthPrefixOptions, DIRECT_PROTOCOL, MAX_DIRECT_FRAME_BYTES, decodeDirectFrame, encodeDirectAck, inspectEnvelope } from '@parley/protocol'
import { MAX_DIRECT_REFUSALS, OPEN_CONCURRENCY } from '../constants.js'
import type { Connection, Libp2p, Stream } from '@libp2p/interface'

/** What the direct server hands envelopes to. */
export interface DirectServerInit {
  /**
   * Accepts one envelope from `remotePeer` once `turn` (the envelope before it) is done; resolves
   * with '' when it was kept or held, else why not (see Incoming.acceptDirect).
   */
  accept: (envelope: Uint8Array, remotePeer: string, turn: Promise<void>) => Promise<string>
  /** That device reached us: our own dials to it may work again too. */
  reachable: (peerId: string) => void
  /** Refused frames or envelopes after which the stream is cut off. */
  maxRefusals?: number
}

/** Serves direct streams from other devices. */
export class DirectServer {
  private readonly maxRefusals: number

  constructor (private readonly init: DirectServerInit) {
    this.maxRefusals = init.maxRefusals ?? MAX_DIRECT_REFUSALS
  }

  /** Registers the direct protocol on `host`. */
  async handle (host: Pick<Libp2p, 'handle'>): Promise<void> {
    await host.handle(DIRECT_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
  }

  /** Receives envelopes on one direct stream until it ends; resolves once every one is acknowledged. */
  async serve (stream: Stream, connection: Pick<Connection, 'remotePeer'>): Promise<void> {
    // A sender opens the stream to send: its first frame must start at once; later it may idle.
    const deadline = new FrameDeadline()
    deadline.limitWait(true)
    const lp = lpStream(stream, lengthPrefixOptions(MAX_DIRECT_FRAME_BYTES, deadline))
    const remote = connection.remotePeer.toString()
    this.init.reachable(remote)
    // Several envelopes are opened at once (RSA runs on WebCrypto's threads); they are stored in
    // the order they came, and each is acknowledged as soon as it is stored or refused.
    const working = new Set<Promise<void>>()
    let turn: Promise<void> = Promise.resolve()
    let writing: Promise<void> = Promise.resolve()
    let refusals = 0
    const ack = (messageId: Uint8Array, error: string): Promise<void> => {
      writing = writing.then(async () => { await lp.write(encodeDirectAck(messageId, error)) })
      return writing
    }
    try {
      while (true) {
        const frame = await deadline.read(async signal => await lp.read({ signal }))
        deadline.limitWait(false)
        while (working.size >= OPEN_CONCURRENCY) await Promise.race(working)
        let envelope: Uint8Array
        let messageId: Uint8Array
        try {
          envelope = decodeDirectFrame(frame.subarray())
          messageId = inspectEnvelope(envelope).messageId
        } catch (err: any) {
          if (++refusals >= this.maxRefusals) stream.abort(new Error('too many refused frames'))
          await ack(new Uint8Array(16), err?.message ?? 'refused')
          continue
        }
        // What went wrong inside (a lookup failing, a pinned key) is not the other side's business.
        const accepted = this.init.accept(envelope, remote, turn).catch(() => 'could not accept the message right now')
        turn = accepted.then(() => {})
        const task: Promise<void> = accepted.then(async error => {
          // A peer that keeps sending what cannot be accepted is cut off: each try costs work here.
          if (error !== '' && ++refusals >= this.maxRefusals) stream.abort(new Error('too many refused envelopes'))
          await ack(messageId, error)
        }).finally(() => working.delete(task))
        working.add(task)
      }
    } catch {
      // The stream ended, broke or was cut off; whatever was not acknowledged goes to the mailbox at the sender.
    }
    await Promise.allSettled([...working])
    if (stream.status === 'open') stream.abort(new Error('direct stream closed'))
  }
}
