import { expect } from 'chai'
import {
  decodeRequest, encodeRequest, isProtocolError, MAX_DEPOSIT_BATCH, MAX_DEPOSIT_BATCH_BYTES, RPC_VERSION, signBundle,
  type DepositItem, type DepositOutcome, type RelayResult
} from '@parley/protocol'
import * as pb from '../../../protocol/src/pb/rpc.js'
import { Dispatcher, type DispatchStream, type StreamControl } from '../../src/rpc/index.js'
import { createHandlerTable } from '../../src/rpc/handlers/index.js'
import { Directory } from '../../src/directory.js'
import { SenderLimits, type SenderRateLimits } from '../../src/sender-limits.js'
import { GroupLogStore } from '../../src/group-log.js'
import { MailboxStore, type MailboxLimits } from '../../src/mailbox-store.js'
import type { RelayDb } from '../../src/store.js'
import { createLogger, type Logger } from '../../src/logger.js'
import { expectRelayError, makeAccounts, wrapBatches, makeTempDir, openDb, removeTempDir, sealEnvelope, testKeys, within, type AccountsFixture, type Keys } from '../helpers.js'

const RELAY = 'relay.test'
const PASSWORD = 'a long and secret passphrase'
const PHONE = 'bob-phone'
const noControl: StreamControl = { signIn: () => {}, signOut: () => {}, subscribe: async () => {}, watchDevices: () => {}, followGroup: () => {}, following: () => false, nextPage: async () => {} }


describe('DepositMany', function () {
  this.timeout(30_000)
  let keys: Keys
  let dir: string | undefined
  let db: RelayDb
  let f: AccountsFixture
  let mailboxes: MailboxStore
  let dispatcher: Dispatcher
  let alice: DispatchStream
  /** Synced LevelDB batches written since the test began. */
  let syncedBatches: number

  before(async () => { keys = await testKeys() })

  /** A relay's handlers over a fresh store: alice and bob verified, bob's phone published. */
  async function setUp (limits: { senders?: Partial<SenderRateLimits>, mailbox?: Partial<MailboxLimits>, log?: Logger } = {}): Promise<void> {
    dir = await makeTempDir('deposit-many')
    db = await openDb(dir)
    f = makeAccounts(db, { relayName: RELAY })
    for (const name of ['alice', 'bob']) {
      const caller = { peerId: `peer-${name}`, ip: '10.0.0.1' }
      await f.accounts.register(name, `${name}@mail.test`, PASSWORD, caller)
      await f.accounts.verify(name, f.mailer.codeFor(`${name}@mail.test`), caller)
    }
    await f.accounts.register('carl', 'carl@mail.test', PASSWORD, { peerId: 'peer-carl', ip: '10.0.0.1' })
    const directory = new Directory({ db, accounts: f.accounts, relayName: RELAY })
    await directory.publish('bob', PHONE, signBundle({ user: `bob@${RELAY}`, identityKey: keys.otherIdentity.publicKey, peerId: PHONE, rsaPublicKey: keys.rsa.publicKey, createdAt: Date.now() }, keys.otherIdentity.privateKey))
    mailboxes = new MailboxStore(db, limits.mailbox)
    const senders = new SenderLimits(db, new Uint8Array(32), limits.senders)
    dispatcher = new Dispatcher({ table: createHandlerTable({ accounts: f.accounts, directory, mailboxes, senders, groups: new GroupLogStore(db), relayName: RELAY, ...(limits.log !== undefined ? { log: limits.log } : {}) }), accounts: f.accounts })
    alice = await loginOf('alice')
    syncedBatches = 0
    wrapBatches(db, original => async (ops, options) => {
      if (options?.sync === true) syncedBatches++
      await original(ops, options)
    })
  }

  afterEach(async () => {
    await db?.close()
    await removeTempDir(dir)
    dir = undefined
  })

  async function loginOf (name: string): Promise<DispatchStream> {
    const peerId = `peer-${name}`
    const s = await f.accounts.login(name, PASSWORD, undefined, { peerId, ip: '10.0.0.1' })
    const { tokenHash } = await f.accounts.authenticate(s.token, peerId)
    return { caller: { peerId, ip: '10.0.0.1' }, login: { user: name, token: s.token, tokenHash, checkedAt: Date.now() } }
  }

  async function envelopes (n: number, opts: { recipient?: string, devices?: string[] } = {}): Promise<Uint8Array[]> {
    return await Promise.all(Array.from({ length: n }, async () => (await sealEnvelope(keys, { recipient: `bob@${RELAY}`, devices: [PHONE], ...opts })).bytes))
  }

  async function depositMany (deposits: DepositItem[], as: DispatchStream = alice): Promise<DepositOutcome[]> {
    const r: RelayResult = await dispatcher.dispatch({ type: 'deposit-many', deposits }, as, noControl)
    if (r.type !== 'deposited-many') throw new Error(`answered ${r.type}`)
    expect(r.results).to.have.length(deposits.length)
    return r.results
  }

  const outcome = (o: DepositOutcome): string => o.type === 'error' ? o.code : o.duplicate ? 'duplicate' : 'deposited'

  it('stores every item in one synced batch and answers each, in order, with its message id', async () => {
    await setUp()
    const envs = await envelopes(20)
    const results = await depositMany(envs.map(envelope => ({ envelope, contact: true })))
    expect(results.map(outcome)).to.deep.equal(envs.map(() => 'deposited'))
    results.forEach((r, i) => { expect(r.type === 'deposited' && r.messageId).to.deep.equal(mailboxes.inspect(envs[i] as Uint8Array).messageId) })
    expect(syncedBatches).to.equal(1)
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(20)
    const page = await mailboxes.fetch('bob', PHONE, 0, 100)
    expect(page.items.map(i => i.envelope)).to.deep.equal(envs)
  })

  it('answers a refused item with its own error and stores the items around it', async () => {
    await setUp()
    const [good1, good2, good3] = await envelopes(3)
    const [stranger] = await envelopes(1, { recipient: `nobody@${RELAY}` })
    const [unverified] = await envelopes(1, { recipient: `carl@${RELAY}` })
    const [unpublished] = await envelopes(1, { devices: ['bob-old-phone'] })
    const garbage = new Uint8Array(200).fill(7)
    const items = [good1, garbage, stranger, good2, unverified, unpublished, good3].map(envelope => ({ envelope: envelope as Uint8Array }))
    const results = await depositMany(items)
    expect(results.map(outcome)).to.deep.equal(['deposited', 'BAD_ENVELOPE', 'NOT_FOUND', 'deposited', 'NOT_FOUND', 'BAD_ENVELOPE', 'deposited'])
    expect(results[5]?.type === 'error' && results[5].message).to.include('published device')
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(3)
    expect(syncedBatches).to.equal(1)
  })

  it('answers an item the store fails on with INTERNAL, naming no cause, and stores the items around it', async () => {
    const logged: string[] = []
    await setUp({ log: { ...createLogger('test', 'silent'), error: (m: string) => { logged.push(m) } } })
    const envs = await envelopes(3)
    const failing = mailboxes.inspect(envs[1] as Uint8Array).messageId
    const deposit = mailboxes.deposit.bind(mailboxes)
    mailboxes.deposit = async (...args: Parameters<MailboxStore['deposit']>) => {
      if (Buffer.from(args[2].messageId).equals(Buffer.from(failing))) throw new Error('EIO: /secret/path/000123.log')
      return await deposit(...args)
    }
    const results = await depositMany(envs.map(envelope => ({ envelope })))
    expect(results.map(outcome)).to.deep.equal(['deposited', 'INTERNAL', 'deposited'])
    expect(logged).to.deep.equal(['deposit failed: Error'])
    expect(results[1]?.type === 'error' && results[1].message).to.not.include('secret')
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(2)
  })

  it('refuses a stream without a session and an unverified account before looking at any item', async () => {
    await setUp()
    const envs = await envelopes(2)
    const items = envs.map(envelope => ({ envelope }))
    await expectRelayError(async () => await dispatcher.dispatch({ type: 'deposit-many', deposits: items }, { caller: { peerId: 'peer-x', ip: '10.0.0.2' } }, noControl), 'UNAUTHENTICATED')
    await expectRelayError(async () => await dispatcher.dispatch({ type: 'deposit-many', deposits: items }, await loginOf('carl'), noControl), 'NOT_VERIFIED')
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(0)
  })

  it('stores an id given twice in one request once, answering the second as a duplicate, and again across requests', async () => {
    await setUp()
    const [a, b] = await envelopes(2) as [Uint8Array, Uint8Array]
    expect((await depositMany([{ envelope: a }, { envelope: b }, { envelope: a }])).map(outcome)).to.deep.equal(['deposited', 'deposited', 'duplicate'])
    expect((await depositMany([{ envelope: b }, { envelope: a }])).map(outcome)).to.deep.equal(['duplicate', 'duplicate'])
    const single = await dispatcher.dispatch({ type: 'deposit', envelope: a }, alice, noControl)
    expect(single).to.deep.include({ type: 'deposited', duplicate: true })
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(2)
  })

  it('finishes two concurrent requests that hold the same ids in opposite orders', async () => {
    await setUp()
    const [a, b] = await envelopes(2) as [Uint8Array, Uint8Array]
    const both = Promise.all([depositMany([{ envelope: a }, { envelope: b }]), depositMany([{ envelope: b }, { envelope: a }])])
    const [first, second] = await within(5000, both, 'deposit-many requests waited on each other')
    const stored = [...first, ...second].filter(o => o.type === 'deposited' && !o.duplicate)
    expect(stored).to.have.length(2)
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(2)
  })

  it('counts the sender\'s rate per item, not per request', async () => {
    await setUp({ senders: { strangerPerWindow: 3 } })
    const envs = await envelopes(5)
    const results = await depositMany(envs.map(envelope => ({ envelope })))
    expect(results.map(outcome).sort()).to.deep.equal(['RATE_LIMITED', 'RATE_LIMITED', 'deposited', 'deposited', 'deposited'])
    const limited = results.find(r => r.type === 'error')
    expect(limited?.type === 'error' && limited.retryAfterMs).to.be.greaterThan(0)
    const [more] = await envelopes(1)
    expect((await depositMany([{ envelope: more as Uint8Array }])).map(outcome)).to.deep.equal(['RATE_LIMITED'])
  })

  it('counts the mailbox quotas per item', async () => {
    await setUp({ mailbox: { strangerMaxMessages: 2 } })
    const envs = await envelopes(4)
    const results = await depositMany(envs.map(envelope => ({ envelope })))
    expect(results.map(outcome).sort()).to.deep.equal(['SENDER_QUOTA_EXCEEDED', 'SENDER_QUOTA_EXCEEDED', 'deposited', 'deposited'])
    expect((await mailboxes.stats('bob', PHONE)).count).to.equal(2)
  })

  describe('bounds', () => {
    const item = (bytes: number): DepositItem => ({ envelope: new Uint8Array(bytes) })
    const frame = (deposits: DepositItem[]): Uint8Array => pb.Request.encode({ version: RPC_VERSION, id: 9, depositMany: { deposits: deposits.map(d => ({ envelope: d.envelope as Uint8Array<ArrayBuffer>, contact: false })) } })

    it(`refuses more than ${MAX_DEPOSIT_BATCH} deposits, or none, before sending and on receipt`, () => {
      const tooMany = Array.from({ length: MAX_DEPOSIT_BATCH + 1 }, () => item(10))
      expect(() => encodeRequest(1, { type: 'deposit-many', deposits: tooMany })).to.throw(RangeError, /1 to 64/)
      expect(() => encodeRequest(1, { type: 'deposit-many', deposits: [] })).to.throw(RangeError)
      for (const deposits of [tooMany, []]) {
        try {
          decodeRequest(frame(deposits))
          expect.fail('decoded')
        } catch (err) {
          expect(isProtocolError(err, 'INVALID_FIELD')).to.equal(true)
          expect((err as { requestId?: number }).requestId).to.equal(9)
        }
      }
      expect(decodeRequest(frame(Array.from({ length: MAX_DEPOSIT_BATCH }, () => item(10)))).request).to.deep.include({ type: 'deposit-many' })
    })

    it(`refuses more than ${MAX_DEPOSIT_BATCH_BYTES} envelope bytes in all with TOO_LARGE`, () => {
      const half = MAX_DEPOSIT_BATCH_BYTES / 2
      const over = [item(half), item(half + 1)]
      expect(() => encodeRequest(1, { type: 'deposit-many', deposits: over })).to.throw(RangeError, /envelope bytes/)
      expect(() => decodeRequest(frame(over))).to.throw(/send fewer at once/).that.satisfies((err: unknown) => isProtocolError(err, 'TOO_LARGE'))
      expect(decodeRequest(frame([item(half), item(half)])).request).to.deep.include({ type: 'deposit-many' })
    })
  })
})
