import { expect } from 'chai'
import { toHex, type SealedEnvelope } from '@parley/protocol'
import { MailboxStore, type DepositSender, type MailboxLimits } from '../src/mailbox-store.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir, sealEnvelope, testKeys, type EnvelopeOptions, type Keys } from './helpers.js'

const USER = 'bob'
const PHONE = 'bob-phone'
const LAPTOP = 'bob-laptop'
/** Small figures so each limit is reached in a few deposits. */
const LIMITS: Partial<MailboxLimits> = { maxMessages: 16, strangerMaxMessages: 2, contactMaxMessages: 6, strangerShare: 0.25 }

const stranger = (n: number): DepositSender => ({ tag: `stranger-${n}`, contact: false })
const contact = (n: number): DepositSender => ({ tag: `contact-${n}`, contact: true })

describe('MailboxStore per-sender limits', function () {
  let keys: Keys
  let dir: string | undefined
  let db: RelayDb
  let store: MailboxStore

  before(async function () {
    this.timeout(30_000)
    keys = await testKeys()
  })

  beforeEach(async () => {
    dir = await makeTempDir('mailbox-limits')
    db = await openDb(dir)
    store = new MailboxStore(db, LIMITS)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  async function send (sender: DepositSender | undefined, opts: EnvelopeOptions = {}, user = USER): Promise<SealedEnvelope> {
    const devices = opts.devices ?? [PHONE]
    const env = await sealEnvelope(keys, { devices, recipient: `${user}@relay.test`, ...opts })
    await store.deposit(user, devices, store.inspect(env.bytes), env.bytes, sender)
    return env
  }

  async function refused (sender: DepositSender, code: 'SENDER_QUOTA_EXCEEDED' | 'QUOTA_EXCEEDED', opts: EnvelopeOptions = {}): Promise<void> {
    const env = await sealEnvelope(keys, { devices: [PHONE], ...opts })
    await expectRelayError(async () => await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes, sender), code)
  }

  async function reopen (limits: Partial<MailboxLimits> = LIMITS, now?: () => number): Promise<void> {
    await db.close()
    db = await openDb(dir as string)
    store = new MailboxStore(db, limits, now)
  }

  it('refuses a stranger over its waiting messages with SENDER_QUOTA_EXCEEDED, and no one else', async () => {
    await send(stranger(1))
    await send(stranger(1))
    await refused(stranger(1), 'SENDER_QUOTA_EXCEEDED')
    await send(stranger(2))
    await send(contact(1))
    expect((await store.senderStats(USER, PHONE, 'stranger-1')).sender.count).to.equal(2)
    expect((await store.stats(USER, PHONE)).count).to.equal(4)
  })

  it('refuses a stranger over its waiting bytes with SENDER_QUOTA_EXCEEDED', async () => {
    const first = await sealEnvelope(keys, { devices: [PHONE] })
    store = new MailboxStore(db, { ...LIMITS, strangerMaxBytes: Math.floor(first.bytes.length * 1.5) })
    await store.deposit(USER, [PHONE], store.inspect(first.bytes), first.bytes, stranger(1))
    await refused(stranger(1), 'SENDER_QUOTA_EXCEEDED')
    await send(contact(1))
  })

  it('lets a contact keep more waiting than a stranger, up to the contact quota', async () => {
    for (let i = 0; i < 6; i++) await send(contact(1))
    await refused(contact(1), 'SENDER_QUOTA_EXCEEDED')
    expect((await store.senderStats(USER, PHONE, 'contact-1')).sender).to.deep.include({ count: 6 })
  })

  it('caps all strangers together at their share of the mailbox, while contacts still deliver', async () => {
    // A quarter of 16 is 4: two strangers fill it, a third fresh one is refused.
    for (const n of [1, 1, 2, 2]) await send(stranger(n))
    await refused(stranger(3), 'SENDER_QUOTA_EXCEEDED')
    expect((await store.senderStats(USER, PHONE, 'stranger-3')).strangers).to.deep.include({ count: 4 })
    for (const n of [1, 2]) for (let i = 0; i < 6; i++) await send(contact(n))
    expect((await store.stats(USER, PHONE)).count).to.equal(16)
    // Only a full mailbox refuses a contact, with the mailbox's own code.
    await refused(contact(3), 'QUOTA_EXCEEDED')
  })

  it('caps the bytes of all strangers together at their share of the mailbox', async () => {
    const first = await sealEnvelope(keys, { devices: [PHONE] })
    // A quarter of the bytes holds one envelope and a half, so a second stranger's is refused.
    store = new MailboxStore(db, { ...LIMITS, maxBytes: first.bytes.length * 6 })
    await store.deposit(USER, [PHONE], store.inspect(first.bytes), first.bytes, stranger(1))
    await refused(stranger(2), 'SENDER_QUOTA_EXCEEDED')
    await send(contact(1))
  })

  it('frees a stranger\'s quota when its mail is acknowledged', async () => {
    const a = await send(stranger(1))
    await send(stranger(1))
    await refused(stranger(1), 'SENDER_QUOTA_EXCEEDED')
    await store.ack(USER, PHONE, [a.messageId, a.messageId])
    await store.ack(USER, PHONE, [a.messageId])
    expect(await store.senderStats(USER, PHONE, 'stranger-1')).to.deep.equal({ sender: { count: 1, bytes: a.bytes.length }, strangers: { count: 1, bytes: a.bytes.length } })
    await send(stranger(1))
  })

  it('frees a stranger\'s quota when its mail expires and is swept', async () => {
    let clock = Date.UTC(2030, 0, 1)
    store = new MailboxStore(db, LIMITS, () => clock)
    await send(stranger(1), { expiresAt: clock + 1000 })
    await send(stranger(1), { expiresAt: clock + 60_000 })
    clock += 1000
    await refused(stranger(1), 'SENDER_QUOTA_EXCEEDED', { expiresAt: clock + 60_000 })
    expect(await store.sweep()).to.equal(1)
    expect((await store.senderStats(USER, PHONE, 'stranger-1')).sender.count).to.equal(1)
    await send(stranger(1), { expiresAt: clock + 60_000 })
  })

  it('does not count an envelope twice when it is acknowledged while a sweep is under way', async () => {
    let clock = Date.UTC(2030, 0, 1)
    store = new MailboxStore(db, LIMITS, () => clock)
    const a = await send(stranger(1), { expiresAt: clock + 1000 })
    const b = await send(stranger(1), { expiresAt: clock + 60_000 })
    clock += 1000
    await Promise.all([store.sweep(), store.ack(USER, PHONE, [a.messageId])])
    expect(await store.senderStats(USER, PHONE, 'stranger-1')).to.deep.equal({ sender: { count: 1, bytes: b.bytes.length }, strangers: { count: 1, bytes: b.bytes.length } })
    expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: b.bytes.length })
  })

  it('rebuilds every sender\'s count from disk after a restart', async () => {
    const envs = [await send(stranger(1)), await send(stranger(1)), await send(stranger(2)), await send(contact(1))]
    await store.ack(USER, PHONE, [envs[2]?.messageId as Uint8Array])
    await reopen()
    await refused(stranger(1), 'SENDER_QUOTA_EXCEEDED')
    const bytes = (envs[0]?.bytes.length ?? 0) + (envs[1]?.bytes.length ?? 0)
    expect(await store.senderStats(USER, PHONE, 'stranger-1')).to.deep.equal({ sender: { count: 2, bytes }, strangers: { count: 2, bytes } })
    expect((await store.senderStats(USER, PHONE, 'stranger-2')).sender.count).to.equal(0)
    expect((await store.senderStats(USER, PHONE, 'contact-1')).sender.count).to.equal(1)
  })

  it('starts a deleted account\'s mailboxes with no sender counted', async () => {
    await send(stranger(1))
    await send(stranger(1))
    await store.deleteUser(USER)
    expect(await store.senderStats(USER, PHONE, 'stranger-1')).to.deep.equal({ sender: { count: 0, bytes: 0 }, strangers: { count: 0, bytes: 0 } })
    await reopen()
    expect(await store.senderStats(USER, PHONE, 'stranger-1')).to.deep.equal({ sender: { count: 0, bytes: 0 }, strangers: { count: 0, bytes: 0 } })
    await send(stranger(1))
  })

  it('counts a sender in each device\'s mailbox and refuses for all devices when one is full', async () => {
    await send(stranger(1), { devices: [PHONE, LAPTOP] })
    await send(stranger(1), { devices: [LAPTOP] })
    const both = await sealEnvelope(keys, { devices: [PHONE, LAPTOP] })
    await expectRelayError(async () => await store.deposit(USER, [PHONE, LAPTOP], store.inspect(both.bytes), both.bytes, stranger(1)), 'SENDER_QUOTA_EXCEEDED')
    expect((await store.senderStats(USER, PHONE, 'stranger-1')).sender.count).to.equal(1)
  })

  it('counts a duplicate deposit once', async () => {
    const env = await send(stranger(1))
    expect((await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes, stranger(1))).duplicate).to.equal(true)
    expect((await store.senderStats(USER, PHONE, 'stranger-1')).sender.count).to.equal(1)
  })

  describe('unloading', () => {
    it('keeps no more than maxLoaded idle mailboxes in memory, and reloads their counters right', async () => {
      store = new MailboxStore(db, { ...LIMITS, maxLoaded: 2 })
      const users = ['u1', 'u2', 'u3', 'u4', 'u5']
      for (const user of users) await send(stranger(1), {}, user)
      expect(store.loadedMailboxes).to.equal(2)
      for (const user of users) {
        await send(stranger(1), {}, user)
        expect(store.loadedMailboxes).to.be.at.most(2)
      }
      for (const user of users) expect((await store.senderStats(user, PHONE, 'stranger-1')).sender.count, user).to.equal(2)
    })

    it('still stores a message id once after its mailbox was unloaded, waiting or acknowledged', async () => {
      store = new MailboxStore(db, { ...LIMITS, maxLoaded: 1 })
      const waiting = await send(contact(1))
      const acked = await send(contact(1))
      await store.ack(USER, PHONE, [acked.messageId])
      await send(contact(1), {}, 'someone-else')
      expect(store.loadedMailboxes).to.equal(1)
      for (const env of [waiting, acked]) {
        expect((await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes, contact(1))).duplicate).to.equal(true)
      }
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(waiting.bytes)])
      expect((await store.stats(USER, PHONE)).count).to.equal(1)
    })

    it('keeps counters right for many concurrent deposits to many mailboxes with little room to load them', async () => {
      store = new MailboxStore(db, { ...LIMITS, maxLoaded: 2 })
      const users = ['u1', 'u2', 'u3', 'u4']
      const envs = await Promise.all(users.flatMap(user => [0, 1, 2].map(async () => await sealEnvelope(keys, { devices: [PHONE], recipient: `${user}@relay.test` }))))
      await Promise.all(envs.map(async (env, i) => await store.deposit(users[Math.floor(i / 3)] as string, [PHONE], store.inspect(env.bytes), env.bytes, contact(1))))
      await reopen({ ...LIMITS, maxLoaded: 2 })
      for (const user of users) expect((await store.stats(user, PHONE)).count, user).to.equal(3)
    })

    it('does not hold acknowledged ids in memory', async () => {
      for (let i = 0; i < 5; i++) await store.ack(USER, PHONE, [(await send(contact(1))).messageId])
      const state = (store as unknown as { states: { state: Map<string, object> } }).states.state.get(`${USER}\x00${PHONE}\x00`)
      expect(JSON.stringify(state, (_k, v: unknown) => v instanceof Map ? [...v.entries()] : v)).to.not.match(/[0-9a-f]{32}/)
    })
  })

  it('rebuilds the counters of a store written before per-envelope counter entries existed', async () => {
    const a = await send(undefined)
    const b = await send(undefined)
    const wait = db.binary('mail-wait')
    for await (const key of wait.keys()) await wait.del(key)
    for await (const key of db.binary('mail-seq').keys()) if (key.startsWith('\x01')) await db.binary('mail-seq').del(key)
    await reopen()
    expect((await store.stats(USER, PHONE)).count).to.equal(0)
    expect(await store.upgrade()).to.equal(2)
    expect(await store.upgrade()).to.equal(0)
    await reopen()
    expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 2, bytes: a.bytes.length + b.bytes.length })
  })
})
