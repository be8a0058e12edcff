import { peerIdFromString } from '@libp2p/peer-id'
import type { DirectRoute } from '../delivery/direct-links.js'

/**
 * LAN mode's direct route: devices are dialled at the addresses mDNS and their introductions
 * gave; there is no back-off (nothing else would carry the message) and no mailbox, so any device
 * of the recipient that takes a message delivers it.
 */
export function lanRoute (): DirectRoute {
  return {
    unavailable: () => undefined,
    dial: async (libp2p, peerId, signal) => await libp2p.dial(peerIdFromString(peerId), { signal }),
    backoff: false,
    blames: () => false,
    needs: 'any',
    marker: () => 0
  }
}
