import { expect } from 'chai'
import { MAX_ENVELOPE_BYTES, toHex, type MailItem, type SealedEnvelope } from '@parley/protocol'
import { MailboxStore } from '../src/mailbox-store.js'
import type { GroupMember, RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, wrapBatches, openDb, removeTempDir, sealEnvelope, testKeys, within, type EnvelopeOptions, type Keys } from './helpers.js'

const DAY = 24 * 60 * 60 * 1000
const USER = 'bob'
const PHONE = 'bob-phone'
const LAPTOP = 'bob-laptop'


async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

describe('MailboxStore', function () {
  let keys: Keys
  let dir: string | undefined
  let db: RelayDb
  let store: MailboxStore

  before(async function () {
    this.timeout(30_000)
    keys = await testKeys()
  })

  beforeEach(async () => {
    dir = await makeTempDir('mailbox')
    db = await openDb(dir)
    store = new MailboxStore(db)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  /** Seals an envelope and deposits it for `devices` through `mailboxes`. */
  async function depositNew (mailboxes = store, devices = [PHONE], opts: EnvelopeOptions = {}): Promise<{ env: SealedEnvelope, result: { duplicate: boolean, storedAt: number } }> {
    const env = await sealEnvelope(keys, { devices, ...opts })
    const result = await mailboxes.deposit(USER, devices, mailboxes.inspect(env.bytes), env.bytes)
    return { env, result }
  }

  async function reopen (limits?: ConstructorParameters<typeof MailboxStore>[1]): Promise<void> {
    await db.close()
    db = await openDb(dir as string)
    store = new MailboxStore(db, limits)
  }

  describe('inspect', () => {
    it('returns the routing facts of a valid envelope', async () => {
      const env = await sealEnvelope(keys, { devices: [PHONE, LAPTOP] })
      const header = store.inspect(env.bytes)
      expect(header.recipient).to.equal('bob@relay.test')
      expect(header.deviceIds).to.deep.equal([PHONE, LAPTOP])
      expect(header.messageIdHex).to.equal(toHex(env.messageId))
      expect(header.size).to.equal(env.bytes.length)
    })

    it('refuses bytes that are not an envelope with BAD_ENVELOPE', async () => {
      await expectRelayError(async () => store.inspect(new Uint8Array([0x08, 0x01, 0x12, 0x7f, 0x00])), 'BAD_ENVELOPE')
      await expectRelayError(async () => store.inspect(new Uint8Array(0)), 'BAD_ENVELOPE')
    })

    it('refuses a truncated envelope with BAD_ENVELOPE', async () => {
      const env = await sealEnvelope(keys)
      await expectRelayError(async () => store.inspect(env.bytes.subarray(0, env.bytes.length - 7)), 'BAD_ENVELOPE')
    })

    it('refuses an envelope over the size limit with TOO_LARGE', async () => {
      await expectRelayError(async () => store.inspect(new Uint8Array(MAX_ENVELOPE_BYTES + 1)), 'TOO_LARGE')
    })
  })

  describe('deposit and fetch', () => {
    it('returns deposits oldest first with rising sequence numbers', async () => {
      const sent: SealedEnvelope[] = []
      for (let i = 0; i < 3; i++) sent.push((await depositNew()).env)
      const { items, more } = await store.fetch(USER, PHONE, 0, 10)
      expect(more).to.equal(false)
      expect(items.map(i => i.seq)).to.deep.equal([1, 2, 3])
      expect(items.map(i => toHex(i.envelope))).to.deep.equal(sent.map(e => toHex(e.bytes)))
    })

    it('records when each deposit was received', async () => {
      const fixed = Date.now()
      const timed = new MailboxStore(db, undefined, () => fixed)
      const { result } = await depositNew(timed)
      expect(result).to.deep.equal({ duplicate: false, storedAt: fixed })
      const { items } = await timed.fetch(USER, PHONE, 0, 10)
      expect(items.map(i => i.receivedAt)).to.deep.equal([fixed])
    })

    it('keeps each device\'s mailbox separate', async () => {
      const { env } = await depositNew(store, [PHONE, LAPTOP])
      const { env: phoneOnly } = await depositNew(store, [PHONE])
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(env.bytes), toHex(phoneOnly.bytes)])
      expect((await store.fetch(USER, LAPTOP, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(env.bytes)])
      expect((await store.fetch('carol', PHONE, 0, 10)).items).to.have.length(0)
    })

    it('stores a repeated message id once and reports it as a duplicate', async () => {
      const { env } = await depositNew()
      const again = await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes)
      expect(again.duplicate).to.equal(true)
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(1)
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: env.bytes.length })
    })

    it('stores a repeated message id for a device that did not have it yet', async () => {
      const { env } = await depositNew(store, [PHONE])
      const again = await store.deposit(USER, [PHONE, LAPTOP], store.inspect(env.bytes), env.bytes)
      expect(again.duplicate).to.equal(false)
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(1)
      expect((await store.fetch(USER, LAPTOP, 0, 10)).items).to.have.length(1)
    })

    it('refuses to store a replay of an envelope that was already acknowledged', async () => {
      const { env } = await depositNew()
      await store.ack(USER, PHONE, [env.messageId])
      const replay = await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes)
      expect(replay.duplicate).to.equal(true)
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 0, bytes: 0 })
    })

    it('still refuses the replay after a reopen', async () => {
      const { env } = await depositNew()
      await store.ack(USER, PHONE, [env.messageId])
      await reopen()
      const replay = await store.deposit(USER, [PHONE], store.inspect(env.bytes), env.bytes)
      expect(replay.duplicate).to.equal(true)
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
    })

    it('tells listeners about each durable deposit once per device, and not about duplicates', async () => {
      const seen: Array<{ user: string, device: string, item: MailItem }> = []
      const stop = store.onDeposit((user, device, item) => { seen.push({ user, device, item }) })
      const { env } = await depositNew(store, [PHONE, LAPTOP])
      await store.deposit(USER, [PHONE, LAPTOP], store.inspect(env.bytes), env.bytes)
      expect(seen.map(s => [s.user, s.device, s.item.seq])).to.deep.equal([[USER, PHONE, 1], [USER, LAPTOP, 1]])
      expect(toHex(seen[0]?.item.envelope ?? new Uint8Array())).to.equal(toHex(env.bytes))
      stop()
      await depositNew()
      expect(seen).to.have.length(2)
    })
  })

  describe('fetch paging', () => {
    it('pages with afterSeq and limit and says when more is waiting', async () => {
      for (let i = 0; i < 5; i++) await depositNew()
      const first = await store.fetch(USER, PHONE, 0, 2)
      expect(first.items.map(i => i.seq)).to.deep.equal([1, 2])
      expect(first.more).to.equal(true)
      const second = await store.fetch(USER, PHONE, 2, 2)
      expect(second.items.map(i => i.seq)).to.deep.equal([3, 4])
      expect(second.more).to.equal(true)
      const last = await store.fetch(USER, PHONE, 4, 2)
      expect(last.items.map(i => i.seq)).to.deep.equal([5])
      expect(last.more).to.equal(false)
    })

    it('does not claim more when the page ends exactly at the last item', async () => {
      for (let i = 0; i < 3; i++) await depositNew()
      const page = await store.fetch(USER, PHONE, 0, 3)
      expect(page.items).to.have.length(3)
      expect(page.more).to.equal(false)
    })

    it('returns nothing after the last sequence number', async () => {
      await depositNew()
      expect(await store.fetch(USER, PHONE, 1, 10)).to.deep.equal({ items: [], more: false })
    })
  })

  describe('ack', () => {
    it('deletes only the acknowledged ids', async () => {
      const envs: SealedEnvelope[] = []
      for (let i = 0; i < 3; i++) envs.push((await depositNew()).env)
      const [a, b, c] = envs as [SealedEnvelope, SealedEnvelope, SealedEnvelope]
      await store.ack(USER, PHONE, [b.messageId])
      const { items } = await store.fetch(USER, PHONE, 0, 10)
      expect(items.map(i => toHex(i.envelope))).to.deep.equal([toHex(a.bytes), toHex(c.bytes)])
      expect(items.map(i => i.seq)).to.deep.equal([1, 3])
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 2, bytes: a.bytes.length + c.bytes.length })
    })

    it('deletes only from the acknowledging device\'s mailbox', async () => {
      const { env } = await depositNew(store, [PHONE, LAPTOP])
      await store.ack(USER, PHONE, [env.messageId])
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
      expect((await store.fetch(USER, LAPTOP, 0, 10)).items).to.have.length(1)
    })

    it('ignores unknown and repeated ids', async () => {
      const { env } = await depositNew()
      await store.ack(USER, PHONE, [new Uint8Array(16).fill(7)])
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: env.bytes.length })
      await store.ack(USER, PHONE, [env.messageId, env.messageId])
      await store.ack(USER, PHONE, [env.messageId])
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 0, bytes: 0 })
    })
  })

  describe('quota', () => {
    it('refuses a deposit over the message count with QUOTA_EXCEEDED and keeps what is stored', async () => {
      store = new MailboxStore(db, { maxMessages: 2 })
      const kept = [(await depositNew()).env, (await depositNew()).env]
      const over = await sealEnvelope(keys, { devices: [PHONE] })
      await expectRelayError(async () => await store.deposit(USER, [PHONE], store.inspect(over.bytes), over.bytes), 'QUOTA_EXCEEDED')
      const { items } = await store.fetch(USER, PHONE, 0, 10)
      expect(items.map(i => toHex(i.envelope))).to.deep.equal(kept.map(e => toHex(e.bytes)))
      expect((await store.stats(USER, PHONE)).count).to.equal(2)
    })

    it('accepts deposits again once mail is acknowledged', async () => {
      store = new MailboxStore(db, { maxMessages: 1 })
      const { env } = await depositNew()
      const over = await sealEnvelope(keys, { devices: [PHONE] })
      await expectRelayError(async () => await store.deposit(USER, [PHONE], store.inspect(over.bytes), over.bytes), 'QUOTA_EXCEEDED')
      await store.ack(USER, PHONE, [env.messageId])
      const retry = await store.deposit(USER, [PHONE], store.inspect(over.bytes), over.bytes)
      expect(retry.duplicate).to.equal(false)
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(over.bytes)])
    })

    it('refuses a deposit over the byte quota with QUOTA_EXCEEDED and keeps what is stored', async () => {
      const first = await sealEnvelope(keys, { devices: [PHONE] })
      store = new MailboxStore(db, { maxBytes: Math.floor(first.bytes.length * 1.5) })
      await store.deposit(USER, [PHONE], store.inspect(first.bytes), first.bytes)
      const over = await sealEnvelope(keys, { devices: [PHONE] })
      await expectRelayError(async () => await store.deposit(USER, [PHONE], store.inspect(over.bytes), over.bytes), 'QUOTA_EXCEEDED')
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(first.bytes)])
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: first.bytes.length })
    })

    it('stores nothing for any device when one device\'s mailbox is full', async () => {
      store = new MailboxStore(db, { maxMessages: 1 })
      await depositNew(store, [LAPTOP])
      const both = await sealEnvelope(keys, { devices: [PHONE, LAPTOP] })
      await expectRelayError(async () => await store.deposit(USER, [PHONE, LAPTOP], store.inspect(both.bytes), both.bytes), 'QUOTA_EXCEEDED')
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 0, bytes: 0 })
      // The refused message id was not remembered: it can be stored once there is room.
      await reopen({ maxMessages: 2 })
      expect((await store.deposit(USER, [PHONE, LAPTOP], store.inspect(both.bytes), both.bytes)).duplicate).to.equal(false)
    })

    it('counts quota from disk after a reopen', async () => {
      await depositNew()
      await depositNew()
      await reopen({ maxMessages: 2 })
      const over = await sealEnvelope(keys, { devices: [PHONE] })
      await expectRelayError(async () => await store.deposit(USER, [PHONE], store.inspect(over.bytes), over.bytes), 'QUOTA_EXCEEDED')
    })
  })

  describe('expiry', () => {
    const now = Date.UTC(2030, 0, 1)

    it('refuses an envelope that has already expired with BAD_ENVELOPE', async () => {
      const timed = new MailboxStore(db, undefined, () => now)
      const env = await sealEnvelope(keys, { expiresAt: now })
      await expectRelayError(async () => await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes), 'BAD_ENVELOPE')
      expect((await timed.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
    })

    it('refuses an expiry more than 90 days ahead with BAD_ENVELOPE', async () => {
      const timed = new MailboxStore(db, undefined, () => now)
      const env = await sealEnvelope(keys, { expiresAt: now + 90 * DAY + 1 })
      await expectRelayError(async () => await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes), 'BAD_ENVELOPE')
      expect((await timed.fetch(USER, PHONE, 0, 10)).items).to.have.length(0)
    })

    it('accepts an expiry exactly 90 days ahead and one a millisecond ahead', async () => {
      const timed = new MailboxStore(db, undefined, () => now)
      for (const expiresAt of [now + 90 * DAY, now + 1]) {
        const env = await sealEnvelope(keys, { expiresAt })
        expect((await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes)).duplicate).to.equal(false)
      }
      expect((await timed.fetch(USER, PHONE, 0, 10)).items).to.have.length(2)
    })
  })

  describe('sweep', () => {
    const start = Date.UTC(2030, 0, 1)

    it('stops returning expired envelopes and sweeps them with their counts', async () => {
      let clock = start
      const timed = new MailboxStore(db, undefined, () => clock)
      const short = await sealEnvelope(keys, { expiresAt: start + 1000 })
      const long = await sealEnvelope(keys, { expiresAt: start + DAY })
      for (const env of [short, long]) await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes)
      clock = start + 1000
      expect((await timed.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(long.bytes)])
      expect(await timed.sweep()).to.equal(1)
      expect(await timed.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: long.bytes.length })
      await reopen()
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: long.bytes.length })
    })

    it('forgets acknowledged ids only once they expire, so a replay stays refused until then', async () => {
      let clock = start
      const timed = new MailboxStore(db, undefined, () => clock)
      const env = await sealEnvelope(keys, { expiresAt: start + 2000 })
      await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes)
      await timed.ack(USER, PHONE, [env.messageId])
      clock = start + 1000
      expect(await timed.sweep()).to.equal(0)
      expect((await timed.deposit(USER, [PHONE], timed.inspect(env.bytes), env.bytes)).duplicate).to.equal(true)
      clock = start + 2000
      expect(await timed.sweep()).to.equal(1)
      const left: string[] = []
      for await (const key of db.level.keys()) left.push(key)
      expect(left.filter(k => k.includes('mail-index') || k.includes('!mail!'))).to.deep.equal([])
    })
  })

  describe('durability', () => {
    it('keeps deposits and their counts across a close and reopen', async () => {
      const a = (await depositNew()).env
      const b = (await depositNew()).env
      await reopen()
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 2, bytes: a.bytes.length + b.bytes.length })
      const { items } = await store.fetch(USER, PHONE, 0, 10)
      expect(items.map(i => toHex(i.envelope))).to.deep.equal([toHex(a.bytes), toHex(b.bytes)])
    })

    it('keeps a deposit readable straight after deposit resolves', async () => {
      const { env } = await depositNew()
      // Read through a second handle on the raw sublevel: the write must already be in LevelDB.
      let found = 0
      for await (const value of db.binary('mail').values()) {
        if (toHex(value).endsWith(toHex(env.bytes))) found++
      }
      expect(found).to.equal(1)
    })

    it('keeps sequence numbers rising after the mailbox is emptied and the db reopened', async () => {
      const a = (await depositNew()).env
      const b = (await depositNew()).env
      await store.ack(USER, PHONE, [a.messageId, b.messageId])
      await reopen()
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 0, bytes: 0 })
      await depositNew()
      const { items } = await store.fetch(USER, PHONE, 0, 10)
      expect(items.map(i => i.seq)).to.deep.equal([3])
    })
  })

  describe('deleteUser', () => {
    /** Raw keys of every mailbox sublevel that belong to `user`. */
    async function keysOf (user: string): Promise<string[]> {
      const out: string[] = []
      for (const name of ['mail', 'mail-index', 'mail-wait', 'mail-seq']) {
        for await (const key of db.binary(name).keys({ gt: `${user}\x00`, lt: `${user}\x01` })) out.push(`${name}:${key}`)
      }
      return out
    }

    it('deletes every mailbox of the user with its remembered ids and sequence numbers, and nobody else\'s', async () => {
      const a = (await depositNew(store, [PHONE, LAPTOP])).env
      const b = (await depositNew(store, [PHONE])).env
      await store.ack(USER, PHONE, [b.messageId])
      const others = await Promise.all(['bobby', 'carol'].map(async user => {
        const env = await sealEnvelope(keys, { recipient: `${user}@relay.test`, devices: [PHONE] })
        await store.deposit(user, [PHONE], store.inspect(env.bytes), env.bytes)
        return { user, env }
      }))
      expect(await keysOf(USER)).to.not.deep.equal([])

      await store.deleteUser(USER)
      for (const device of [PHONE, LAPTOP]) {
        expect(await store.stats(USER, device)).to.deep.equal({ count: 0, bytes: 0 })
        expect((await store.fetch(USER, device, 0, 10)).items).to.deep.equal([])
      }
      expect(await keysOf(USER)).to.deep.equal([])
      const check = async (): Promise<void> => {
        for (const { user, env } of others) {
          expect((await store.fetch(user, PHONE, 0, 10)).items.map(i => toHex(i.envelope)), user).to.deep.equal([toHex(env.bytes)])
          expect(await store.stats(user, PHONE)).to.deep.equal({ count: 1, bytes: env.bytes.length })
        }
      }
      await check()
      await reopen()
      await check()
      expect(await keysOf(USER)).to.deep.equal([])

      // A new account of the same name starts afresh: sequence numbers from 1, no remembered ids.
      const again = await store.deposit(USER, [PHONE], store.inspect(a.bytes), a.bytes)
      expect(again.duplicate).to.equal(false)
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => i.seq)).to.deep.equal([1])
    })

    it('does nothing for a user without mail', async () => {
      const { env } = await depositNew()
      await store.deleteUser('nobody')
      await store.deleteUser('bo')
      expect((await store.fetch(USER, PHONE, 0, 10)).items.map(i => toHex(i.envelope))).to.deep.equal([toHex(env.bytes)])
    })
  })

  describe('concurrency', () => {
    it('stores 200 concurrent deposits to one mailbox exactly once each', async function () {
      this.timeout(30_000)
      const envs = await Promise.all(Array.from({ length: 200 }, async () => await sealEnvelope(keys, { devices: [PHONE] })))
      const results = await Promise.all(envs.map(async e => await store.deposit(USER, [PHONE], store.inspect(e.bytes), e.bytes)))
      expect(results.every(r => !r.duplicate)).to.equal(true)

      const { items, more } = await store.fetch(USER, PHONE, 0, 1000)
      expect(more).to.equal(false)
      expect(items.map(i => i.seq)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1))
      expect(new Set(items.map(i => toHex(i.envelope)))).to.deep.equal(new Set(envs.map(e => toHex(e.bytes))))
      await reopen()
      expect((await store.stats(USER, PHONE)).count).to.equal(200)
      expect((await store.fetch(USER, PHONE, 0, 1000)).items).to.have.length(200)
    })

    it('writes 200 concurrent deposits to different mailboxes in a few shared batches', async function () {
      this.timeout(30_000)
      let batches = 0
      wrapBatches(db, original => async (...args) => { batches++; await original(...args) })
      const devices = Array.from({ length: 200 }, (_, i) => `device-${i}`)
      const envs = await Promise.all(devices.map(async d => await sealEnvelope(keys, { devices: [d] })))
      const results = await Promise.all(envs.map(async (e, i) => await store.deposit(USER, [devices[i] as string], store.inspect(e.bytes), e.bytes)))
      expect(results.every(r => !r.duplicate)).to.equal(true)
      expect(batches, `${batches} batches for 200 deposits`).to.be.within(1, 10)
      await reopen()
      for (const [i, d] of devices.entries()) {
        const { items } = await store.fetch(USER, d, 0, 10)
        expect(items.map(item => toHex(item.envelope)), d).to.deep.equal([toHex((envs[i] as SealedEnvelope).bytes)])
      }
    })

    it('stores one message id deposited many times at once exactly once', async () => {
      const env = await sealEnvelope(keys, { devices: [PHONE, LAPTOP] })
      const results = await Promise.all(Array.from({ length: 20 }, async () => await store.deposit(USER, [PHONE, LAPTOP], store.inspect(env.bytes), env.bytes)))
      expect(results.filter(r => !r.duplicate)).to.have.length(1)
      expect((await store.fetch(USER, PHONE, 0, 10)).items).to.have.length(1)
      expect((await store.fetch(USER, LAPTOP, 0, 10)).items).to.have.length(1)
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: env.bytes.length })
    })

    it('answers a concurrent duplicate only once the original is durable', async () => {
      let release!: () => void
      const gate = new Promise<void>(resolve => { release = resolve })
      let writing = 0
      wrapBatches(db, original => async (...args) => { writing++; await gate; await original(...args) })
      const env = await sealEnvelope(keys, { devices: [PHONE] })
      const header = store.inspect(env.bytes)
      const first = store.deposit(USER, [PHONE], header, env.bytes)
      while (writing === 0) await sleep(1)
      const second = store.deposit(USER, [PHONE], header, env.bytes)
      const early = await Promise.race([second.then(() => 'answered'), sleep(50).then(() => 'waiting')])
      release()
      expect(early, 'the duplicate was acknowledged before the original was on disk').to.equal('waiting')
      expect((await first).duplicate).to.equal(false)
      expect((await second).duplicate).to.equal(true)
    })

    it('fails a concurrent duplicate when the original fails to be written', async () => {
      let fail!: (err: Error) => void
      const gate = new Promise<void>((_resolve, reject) => { fail = reject })
      gate.catch(() => {})
      let writing = 0
      wrapBatches(db, original => async (...args) => { writing++; if (writing === 1) await gate; await original(...args) })
      const env = await sealEnvelope(keys, { devices: [PHONE] })
      const header = store.inspect(env.bytes)
      const first = store.deposit(USER, [PHONE], header, env.bytes)
      const firstDone = first.then(() => 'stored', (err: Error) => err.message)
      while (writing === 0) await sleep(1)
      const second = store.deposit(USER, [PHONE], header, env.bytes)
      const secondDone = second.then(r => r.duplicate ? 'duplicate' : 'stored', (err: Error) => err.message)
      fail(new Error('disk full'))
      expect(await firstDone).to.equal('disk full')
      // Either the duplicate fails too (the sender retries) or it stores the envelope itself.
      const outcome = await secondDone
      const stored = (await store.fetch(USER, PHONE, 0, 10)).items.length
      expect(outcome === 'disk full' || (outcome === 'stored' && stored === 1), `duplicate answered "${outcome}" with ${stored} stored`).to.equal(true)
      // The failed write left no trace: the message can be deposited afterwards.
      if (stored === 0) expect((await store.deposit(USER, [PHONE], header, env.bytes)).duplicate).to.equal(false)
      expect(await store.stats(USER, PHONE)).to.deep.equal({ count: 1, bytes: env.bytes.length })
    })

    it('never lets two commit groups wait on each other when each holds an id the other deposits', async () => {
      const [a, b] = await Promise.all([sealEnvelope(keys, { devices: [PHONE] }), sealEnvelope(keys, { devices: [PHONE] })])
      const [g1a, g1b] = store.commitGroup(2) as [GroupMember, GroupMember]
      const [g2a, g2b] = store.commitGroup(2) as [GroupMember, GroupMember]
      // Each group's first member claims one id; its second then deposits the id the other group claimed.
      const deposits = [
        store.deposit(USER, [PHONE], store.inspect(a.bytes), a.bytes, undefined, { group: g1a }),
        store.deposit(USER, [PHONE], store.inspect(b.bytes), b.bytes, undefined, { group: g2a }),
        store.deposit(USER, [PHONE], store.inspect(b.bytes), b.bytes, undefined, { group: g1b }),
        store.deposit(USER, [PHONE], store.inspect(a.bytes), a.bytes, undefined, { group: g2b })
      ]
      const results = await within(5000, Promise.all(deposits), 'the groups waited on each other')
      expect(results.map(r => r.duplicate)).to.deep.equal([false, false, true, true])
      expect((await store.stats(USER, PHONE)).count).to.equal(2)
    })
  })
})
