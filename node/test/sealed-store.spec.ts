import { expect } from 'chai'
import { generateIdentityKey, utf8Encode } from '@parley/protocol'
import { NodeStore } from '../src/node-store.js'
import { SEALED_MARKER_KEY } from '../src/store/migrate.js'
import { expectNodeError, makeTempDir, openStore, removeTempDir } from './helpers.js'
import { memoryStore } from './fakes.js'

const ALICE = 'alice.sealed@relay.test'
const CAROL = 'carol.sealed@relay.test'
const TEXT = 'the plans for the picnic are under the blue stone'

/** Every key and value below the sealing layer, as stored. */
async function rawEntries (store: NodeStore): Promise<Array<[string, Uint8Array]>> {
  return await store.level.raw.iterator({ keyEncoding: 'utf8', valueEncoding: 'view' }).all()
}

/** The stored bytes of every record, keys and values, as one buffer to search. */
async function rawBytes (store: NodeStore): Promise<Buffer> {
  return Buffer.concat((await rawEntries(store)).flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v)]))
}

/** A message key as History writes it: conversation, zero-padded time, id. */
function messageKey (conversation: string, sentAt: number, id: string): string {
  return `${conversation}\x00${sentAt.toString().padStart(15, '0')}\x00${id}`
}

const backends: Array<{ name: string, open: () => Promise<{ store: NodeStore, done: () => Promise<void> }> }> = [
  { name: 'in memory', open: async () => { const store = await memoryStore(); return { store, done: async () => await store.close() } } },
  {
    name: 'on LevelDB',
    open: async () => {
      const dir = await makeTempDir('sealed')
      const store = await openStore(dir)
      return { store, done: async () => { await store.close(); await removeTempDir(dir) } }
    }
  }
]

for (const backend of backends) {
  describe(`The sealed device store (${backend.name})`, () => {
    let store: NodeStore
    let done: () => Promise<void>

    beforeEach(async () => { ({ store, done } = await backend.open()) })
    afterEach(async () => { await done() })

    it('gives back what was put, by key, by range and in order', async () => {
      await store.contacts.put(ALICE, { address: ALICE, identityKey: 'ab' })
      await store.level.batch([
        { type: 'put', sublevel: store.messages, key: messageKey(ALICE, 2, 'b'), value: { id: 'b', text: 'second' } },
        { type: 'put', sublevel: store.messages, key: messageKey(ALICE, 1, 'a'), value: { id: 'a', text: TEXT } },
        { type: 'put', sublevel: store.messages, key: messageKey(CAROL, 1, 'c'), value: { id: 'c', text: 'for carol' } },
        { type: 'put', sublevel: store.messageIndex, key: 'a', value: messageKey(ALICE, 1, 'a') }
      ])
      expect(await store.contacts.get(ALICE)).to.deep.equal({ address: ALICE, identityKey: 'ab' })
      expect(await store.contacts.get(CAROL)).to.equal(undefined)
      expect(await store.messageIndex.get('a')).to.equal(messageKey(ALICE, 1, 'a'))
      const range = { gt: `${ALICE}\x00`, lt: `${ALICE}\x01` }
      expect((await store.messages.values(range).all()).map(m => m.id)).to.deep.equal(['a', 'b'])
      expect((await store.messages.values({ ...range, reverse: true, limit: 1 }).all()).map(m => m.id)).to.deep.equal(['b'])
      expect(await store.messages.keys(range).all()).to.deep.equal([messageKey(ALICE, 1, 'a'), messageKey(ALICE, 2, 'b')])
      expect((await store.messages.iterator().all()).length).to.equal(3)
      await store.messages.del(messageKey(ALICE, 1, 'a'))
      expect((await store.messages.values(range).all()).map(m => m.id)).to.deep.equal(['b'])
      await store.messages.clear(range)
      expect((await store.messages.values().all()).map(m => m.id)).to.deep.equal(['c'])
    })

    it('keeps no text and no address in the stored bytes, keys included', async () => {
      await store.contacts.put(ALICE, { address: ALICE })
      await store.messages.put(messageKey(ALICE, 1, 'a'), { id: 'a', conversation: ALICE, text: TEXT })
      await store.held.put(`${CAROL}\x00x`, { sender: CAROL })
      await store.meta.put('profile', { address: CAROL, email: 'carol@example.org' })
      const bytes = await rawBytes(store)
      for (const secret of [TEXT, ALICE, CAROL, 'carol@example.org', 'alice.sealed', 'picnic']) {
        expect(bytes.includes(Buffer.from(secret)), secret).to.equal(false)
      }
    })

    it('refuses a record moved to another key (another contact), naming the kind of record', async () => {
      const contactEntries = async (): Promise<Array<[string, Uint8Array]>> => (await rawEntries(store)).filter(([k]) => k.startsWith('!contacts!'))
      await store.contacts.put(ALICE, { address: ALICE, identityKey: 'aa' })
      const [aliceKey, aliceValue] = (await contactEntries())[0] as [string, Uint8Array]
      await store.contacts.put(CAROL, { address: CAROL, identityKey: 'cc' })
      const carolKey = (await contactEntries()).map(([k]) => k).find(k => k !== aliceKey) as string
      expect(aliceKey).to.not.include('alice')
      await store.level.raw.put(carolKey, aliceValue, { keyEncoding: 'utf8', valueEncoding: 'view' })
      // Changed below the running store: found when read from disk again (as after a restart).
      store.level.cache.clear()
      const err = await expectNodeError(async () => await store.contacts.get(CAROL), 'CORRUPT_STORE')
      expect(err.message).to.include('stored contact failed its integrity check')
      expect(err.message).to.not.include(CAROL)
      await expectNodeError(async () => await store.contacts.values().all(), 'CORRUPT_STORE')
    })

    it('refuses a record with any one bit flipped', async () => {
      await store.messages.put(messageKey(ALICE, 1, 'a'), { id: 'a', text: 'short' })
      const [key, sealed] = (await rawEntries(store)).find(([k]) => k.startsWith('!messages!')) as [string, Uint8Array]
      for (let bit = 0; bit < sealed.length * 8; bit++) {
        const flipped = Uint8Array.from(sealed)
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
        await store.level.raw.put(key, flipped, { keyEncoding: 'utf8', valueEncoding: 'view' })
        store.level.cache.clear()
        const err = await expectNodeError(async () => await store.messages.get(messageKey(ALICE, 1, 'a')), 'CORRUPT_STORE')
        expect(err.message, `bit ${bit}`).to.include('stored message')
      }
    })

    it('refuses a plaintext record slipped into a sealed store', async () => {
      await store.level.raw.put('!contacts!' + ALICE, utf8Encode(JSON.stringify({ address: ALICE })), { keyEncoding: 'utf8', valueEncoding: 'view' })
      await expectNodeError(async () => await store.contacts.values().all(), 'CORRUPT_STORE')
    })
  })
}

describe('Unlocking the device store', () => {
  let dir: string | undefined

  beforeEach(async () => { dir = await makeTempDir('unlock') })
  afterEach(async () => { await removeTempDir(dir) })

  it('reads and writes only the keystore, and lists keys, until it is unlocked', async () => {
    const store = new NodeStore(dir as string)
    await store.open()
    try {
      await store.meta.put('keystore', { v: 1 })
      expect(await store.meta.get('keystore')).to.deep.equal({ v: 1 })
      expect(await store.level.keys().all()).to.deep.equal(['!meta!keystore'])
      await expectNodeError(async () => await store.contacts.get(ALICE), 'UNSUPPORTED')
      await expectNodeError(async () => await store.contacts.put(ALICE, {}), 'UNSUPPORTED')
      await expectNodeError(async () => await store.messages.values({ gt: `${ALICE}\x00` }).all(), 'UNSUPPORTED')
      await store.unlock({ identity: generateIdentityKey() })
      expect(store.unlocked).to.equal(true)
      expect(await store.meta.get('keystore')).to.deep.equal({ v: 1 })
    } finally {
      await store.close()
    }
  })

  it('refuses other keys with CORRUPT_STORE, without showing any key material', async () => {
    const identity = generateIdentityKey()
    const first = await openStore(dir as string, identity)
    await first.contacts.put(ALICE, { address: ALICE })
    await first.close()
    const other = generateIdentityKey()
    const store = new NodeStore(dir as string)
    await store.open()
    try {
      const err = await expectNodeError(async () => await store.unlock({ identity: other }), 'CORRUPT_STORE')
      for (const key of [identity.privateKey, other.privateKey]) {
        for (const form of [Buffer.from(key).toString('hex'), Buffer.from(key).toString('base64')]) expect(err.message).to.not.include(form)
      }
      expect(store.unlocked, 'a failed unlock leaves it locked').to.equal(false)
      await store.unlock({ identity })
      expect(await store.contacts.get(ALICE)).to.deep.equal({ address: ALICE })
    } finally {
      await store.close()
    }
  })

  it('refuses a secret too short to derive keys from', async () => {
    const store = NodeStore.inMemory()
    await store.open()
    let caught: unknown
    try { await store.unlock({ identity: { publicKey: new Uint8Array(32), privateKey: new Uint8Array(16) } }) } catch (err) { caught = err }
    expect(caught).to.be.instanceOf(TypeError)
    await store.close()
  })
})

describe('Sealing a device from before records were sealed', () => {
  let dir: string | undefined

  beforeEach(async () => { dir = await makeTempDir('migrate') })
  afterEach(async () => { await removeTempDir(dir) })

  /** Writes records as a device did before sealing: plaintext JSON under plaintext keys. */
  async function writeLegacy (count: number): Promise<void> {
    const { Level } = await import('level')
    const db = new Level<string, unknown>(dir as string, { valueEncoding: 'json' })
    await db.put('!meta!keystore', { v: 1, sealed: 'under the passphrase' })
    await db.put('!meta!profile', { address: CAROL })
    await db.put('!contacts!' + ALICE, { address: ALICE })
    await db.batch(Array.from({ length: count }, (_, i) => ({ type: 'put' as const, key: '!messages!' + messageKey(ALICE, i, `m${i}`), value: { id: `m${i}`, text: `${TEXT} ${i}` } })))
    await db.close()
  }

  it('seals every record on the first unlock, keeps them readable and leaves the keystore as it was', async () => {
    await writeLegacy(600)
    const identity = generateIdentityKey()
    const store = await openStore(dir as string, identity)
    try {
      expect(await store.meta.get('keystore')).to.deep.equal({ v: 1, sealed: 'under the passphrase' })
      expect(await store.meta.get('profile')).to.deep.equal({ address: CAROL })
      expect(await store.contacts.get(ALICE)).to.deep.equal({ address: ALICE })
      const messages = await store.messages.values({ gt: `${ALICE}\x00`, lt: `${ALICE}\x01` }).all()
      expect(messages.map(m => m.id)).to.deep.equal(Array.from({ length: 600 }, (_, i) => `m${i}`))
      const bytes = await rawBytes(store)
      expect(bytes.includes(Buffer.from(TEXT))).to.equal(false)
      expect(bytes.includes(Buffer.from(ALICE))).to.equal(false)
      expect((await rawEntries(store)).map(([k]) => k)).to.include(SEALED_MARKER_KEY)
    } finally {
      await store.close()
    }
  })

  it('carries on after a crash half-way, losing and doubling nothing', async () => {
    await writeLegacy(600)
    const identity = generateIdentityKey()
    const store = new NodeStore(dir as string)
    await store.open()
    const raw = store.level.raw
    const batch = raw.batch.bind(raw)
    let batches = 0
    // The second page's batch never reaches the disk, as when the process dies there.
    raw.batch = (async (...args: Parameters<typeof batch>) => {
      if (++batches === 2) throw new Error('the process died')
      return await batch(...args)
    }) as unknown as typeof raw.batch
    let caught: unknown
    try { await store.unlock({ identity }) } catch (err) { caught = err }
    expect(String(caught)).to.include('the process died')
    await store.close()
    const partly = new (await import('level')).Level<string, Uint8Array>(dir as string, { valueEncoding: 'view' })
    const stored = await partly.iterator().all()
    await partly.close()
    expect(stored.some(([, v]) => v[0] === 0x7b), 'some records still plaintext').to.equal(true)
    expect(stored.some(([, v]) => v[0] === 0x01), 'some records sealed').to.equal(true)

    const again = await openStore(dir as string, identity)
    try {
      const messages = await again.messages.values().all()
      expect(messages.map(m => m.id).sort()).to.deep.equal(Array.from({ length: 600 }, (_, i) => `m${i}`).sort())
      expect(await again.contacts.get(ALICE)).to.deep.equal({ address: ALICE })
      expect((await rawBytes(again)).includes(Buffer.from(TEXT))).to.equal(false)
    } finally {
      await again.close()
    }
  })
})

describe('A node over a sealed store', function () {
  this.timeout(60_000)
  let dir: string | undefined

  beforeEach(async () => { dir = await makeTempDir('sealed-node') })
  afterEach(async () => { await removeTempDir(dir) })

  it('refuses to open when its sealed profile is damaged, saying which record', async () => {
    const { ParleyNode } = await import('../src/parley-node.js')
    const { openKeystore } = await import('../src/keystore.js')
    const passphrase = 'sealed node passphrase'
    await (await ParleyNode.open({ dataDir: dir as string, passphrase, kdfIterations: 100_000 })).close()
    const store = new NodeStore(dir as string)
    await store.open()
    try {
      await store.unlock((await openKeystore(await store.meta.get('keystore'), passphrase)).material)
      await store.meta.put('profile', { name: 'carol', address: CAROL, email: 'c@example.org', relayUrl: 'http://127.0.0.1:1', relay: { name: 'relay.test', peerId: '12D3KooW', multiaddrs: [] } })
      const sealed = await store.level.raw.get('!meta!profile', { keyEncoding: 'utf8', valueEncoding: 'view' }) as Uint8Array
      sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1
      await store.level.raw.put('!meta!profile', sealed, { keyEncoding: 'utf8', valueEncoding: 'view' })
    } finally {
      await store.close()
    }
    const err = await expectNodeError(async () => await ParleyNode.open({ dataDir: dir as string, passphrase, create: 'never' }), 'CORRUPT_STORE')
    expect(err.message).to.include('stored account record (profile or session) failed its integrity check')
  })
})
