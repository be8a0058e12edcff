import { randomBytes } from 'node:crypto'
import { expect } from 'chai'
import { SenderLimits, type Party, type SenderRateLimits } from '../src/sender-limits.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir } from './helpers.js'

const HOUR = 60 * 60 * 1000
const LIMITS: SenderRateLimits = { strangerPerWindow: 3, contactPerWindow: 10, windowMs: HOUR, contactTtlMs: 10 * HOUR }
const alice: Party = { name: 'alice', createdAt: 1000 }
const bob: Party = { name: 'bob', createdAt: 2000 }
const carol: Party = { name: 'carol', createdAt: 3000 }

describe('SenderLimits', function () {
  let dir: string | undefined
  let db: RelayDb
  let key: Uint8Array
  let clock: number
  let limits: SenderLimits

  beforeEach(async () => {
    dir = await makeTempDir('sender-limits')
    db = await openDb(dir)
    key = new Uint8Array(randomBytes(32))
    clock = Date.UTC(2030, 0, 1)
    limits = new SenderLimits(db, key, LIMITS, () => clock)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  /** Admits one deposit and stores its pair record as a stored deposit would. */
  async function send (from: Party, to: Party, chosen = false): Promise<{ contact: boolean, tag: string }> {
    const admission = await limits.admit(from, to, chosen)
    await db.commit(admission.ops())
    admission.settle(true)
    return { contact: admission.contact, tag: admission.tag }
  }

  async function reopen (): Promise<void> {
    await db.close()
    db = await openDb(dir as string)
    limits = new SenderLimits(db, key, LIMITS, () => clock)
  }

  it('limits a stranger to its rate per window with RATE_LIMITED and the wait, then opens the next window', async () => {
    for (let i = 0; i < 3; i++) expect((await send(alice, bob)).contact).to.equal(false)
    clock += 10 * 60 * 1000
    const refused = await expectRelayError(async () => await limits.admit(alice, bob, false), 'RATE_LIMITED')
    expect(refused.retryAfterMs).to.equal(50 * 60 * 1000)
    // Another sender to the same recipient, and the same sender to someone else, are not affected.
    await send(carol, bob)
    await send(alice, carol)
    clock += 50 * 60 * 1000
    await send(alice, bob)
  })

  it('makes a sender a contact once the recipient wrote to them by choice, with the contact rate', async () => {
    await send(bob, alice, true)
    for (let i = 0; i < 10; i++) expect((await send(alice, bob)).contact).to.equal(true)
    await expectRelayError(async () => await limits.admit(alice, bob, false), 'RATE_LIMITED')
  })

  it('makes a sender a contact when the recipient noted writing to them peer to peer, kept across a restart, lapsing with the contact time', async () => {
    await limits.noteContact(bob, alice)
    expect((await send(alice, bob)).contact).to.equal(true)
    expect((await send(carol, bob)).contact, 'only the one noted').to.equal(false)
    await reopen()
    expect((await send(alice, bob)).contact).to.equal(true)
    clock += 10 * HOUR
    expect((await send(alice, bob)).contact).to.equal(false)
  })

  it('does not make a contact of anyone from automatic traffic (receipts)', async () => {
    await send(bob, alice, false)
    expect((await send(alice, bob)).contact).to.equal(false)
  })

  it('does not make a contact of someone who only wrote to the recipient', async () => {
    await send(alice, bob, true)
    expect((await send(alice, bob)).contact).to.equal(false)
  })

  it('treats deposits to one\'s own account as a contact\'s', async () => {
    expect((await send(alice, alice)).contact).to.equal(true)
  })

  it('gives the slot back, and records no choice, when the deposit is refused', async () => {
    for (let i = 0; i < 2; i++) await send(bob, alice)
    const refused = await limits.admit(bob, alice, true)
    refused.settle(false)
    refused.settle(false)
    expect((await send(alice, bob)).contact).to.equal(false)
    await send(bob, alice)
    await expectRelayError(async () => await limits.admit(bob, alice, false), 'RATE_LIMITED')
  })

  it('keeps rate counts and contacts across a restart', async () => {
    await send(bob, alice, true)
    for (let i = 0; i < 3; i++) await send(carol, bob)
    await reopen()
    expect((await send(alice, bob)).contact).to.equal(true)
    await expectRelayError(async () => await limits.admit(carol, bob, false), 'RATE_LIMITED')
  })

  it('lets a contact lapse after its time to live and sweeps records that limit nothing', async () => {
    await send(bob, alice, true)
    clock += 9 * HOUR
    expect((await send(alice, bob)).contact).to.equal(true)
    expect(await limits.sweep()).to.equal(0)
    clock += HOUR
    expect((await send(alice, bob)).contact).to.equal(false)
    clock += HOUR
    // bob→alice lapsed (10 h after the choice); alice→bob's window ended (1 h after it opened).
    expect(await limits.sweep()).to.equal(2)
    const left: string[] = []
    for await (const k of db.level.keys()) if (k.includes('mail-pairs')) left.push(k)
    expect(left).to.deep.equal([])
  })

  it('does not count a re-created account of the same name as the old one\'s contact', async () => {
    await send(bob, alice, true)
    expect((await send({ name: 'alice', createdAt: 5000 }, bob)).contact).to.equal(false)
  })

  it('keeps no more than its cache of pair records in memory, refused ones included', async () => {
    const closed = new SenderLimits(db, key, { ...LIMITS, strangerPerWindow: 0 }, () => clock)
    for (let i = 0; i < 20_100; i++) await expectRelayError(async () => await closed.admit({ name: `s${i}`, createdAt: 1 }, bob, false), 'RATE_LIMITED')
    expect(closed.cachedPairs).to.be.at.most(20_000)
  })

  it('gives a pair the same tag every time, and another one per direction and per re-created account', () => {
    const limits = new SenderLimits(db, key, LIMITS)
    const tag = limits.tag(alice, bob)
    for (let i = 0; i < 3; i++) expect(limits.tag(alice, bob)).to.equal(tag)
    expect(new SenderLimits(db, key, LIMITS).tag(alice, bob)).to.equal(tag)
    expect(limits.tag(bob, alice)).to.not.equal(tag)
    expect(limits.tag({ ...alice, createdAt: alice.createdAt + 1 }, bob)).to.not.equal(tag)
    // Names that would run together without a separator stay apart.
    expect(limits.tag({ name: 'ab', createdAt: 1 }, { name: 'c', createdAt: 1 })).to.not.equal(limits.tag({ name: 'a', createdAt: 1 }, { name: 'bc', createdAt: 1 }))
  })

  it('stores pairs only under tags that depend on the relay\'s secret, never names', async () => {
    await send(bob, alice, true)
    const { tag } = await send(alice, bob)
    expect(tag).to.match(/^[0-9a-f]{32}$/)
    expect(new SenderLimits(db, new Uint8Array(randomBytes(32)), LIMITS).tag(alice, bob)).to.not.equal(tag)
    for await (const [k, v] of db.level.iterator()) {
      for (const name of ['alice', 'bob']) {
        expect(k).to.not.include(name)
        expect(Buffer.from(v).toString('latin1')).to.not.include(name)
      }
    }
  })
})
