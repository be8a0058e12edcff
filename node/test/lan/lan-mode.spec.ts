import { expect } from 'chai'
import { startLanMode, type LanModeComponents } from '../../src/lan/lan-mode.js'
import { PeerHost } from '../../src/peer-host.js'
import { Contacts } from '../../src/contacts.js'
import { NodeEvents } from '../../src/events.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'
import { expectNodeError } from '../helpers.js'

describe('startLanMode (before any host starts)', () => {
  let store: NodeStore
  let components: LanModeComponents
  let used: number

  beforeEach(async () => {
    store = await memoryStore()
    used = 0
    components = {
      host: new PeerHost({ startRelayHost: async () => ({ libp2p: { getMultiaddrs: () => [], stop: async () => {} } as any }), prepare: async () => {} }),
      links: { use: () => { used++ }, reachable: () => {} },
      server: { handle: async () => {} },
      contacts: new Contacts(store),
      events: new NodeEvents(),
      peerKey: undefined as any,
      keys: undefined as any
    }
  })

  afterEach(async () => { await store.close() })

  it('refuses a node already connected through a relay: LAN mode needs a node of its own', async () => {
    await components.host.get()
    await expectNodeError(async () => await startLanMode(components, { name: 'alice' }), 'UNSUPPORTED')
    expect(used).to.equal(0)
  })

  it('refuses a name that is not usable, before listening anywhere', async () => {
    await expectNodeError(async () => await startLanMode(components, { name: 'not a name!' }), 'BAD_INPUT')
    expect(components.host.claimed).to.equal(false)
  })
})
