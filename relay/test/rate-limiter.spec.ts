import { expect } from 'chai'
import { RateLimiter, type BackoffPolicy, type QuotaPolicy } from '../src/rate-limiter.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir } from './helpers.js'

const T0 = Date.UTC(2030, 0, 1)
/** 3 free failures, then 1 s, 2 s, 4 s, capped at 5 s; forgotten after a minute without failures. */
const POLICY: BackoffPolicy = { free: 3, baseMs: 1000, maxMs: 5000, forgetMs: 60_000 }
const QUOTA: QuotaPolicy = { limit: 3, windowMs: 1000 }

describe('RateLimiter', () => {
  let dir: string | undefined
  let db: RelayDb
  let clock: number
  let limiter: RateLimiter

  const bucket = (key: string, policy = POLICY): Array<{ key: string, policy: BackoffPolicy }> => [{ key, policy }]

  /** Attempts on `key` until one is refused; returns how many passed. */
  async function passesUntilLocked (key: string, policy = POLICY): Promise<number> {
    for (let n = 0; n < 1000; n++) {
      try {
        await limiter.attempt(bucket(key, policy))
      } catch (err: any) {
        expect(err.code).to.equal('RATE_LIMITED')
        return n
      }
    }
    throw new Error('never locked')
  }

  beforeEach(async () => {
    dir = await makeTempDir('limits')
    db = await openDb(dir)
    clock = T0
    limiter = new RateLimiter(db, () => clock)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  async function reopen (): Promise<void> {
    await db.close()
    db = await openDb(dir as string)
    limiter = new RateLimiter(db, () => clock)
    await limiter.load()
  }

  describe('attempt (back-off)', () => {
    it('lets `free` + 1 attempts through, then locks for base·2^k capped at maxMs, with the wait in retryAfterMs', async () => {
      expect(await passesUntilLocked('k')).to.equal(POLICY.free + 1)
      // Each passing attempt after the free ones locks for 1 s, 2 s, 4 s, then 5 s (the cap), 5 s.
      const locks = [1000, 2000, 4000, 5000, 5000]
      for (const lock of locks) {
        const refused = await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')
        expect(refused.retryAfterMs).to.equal(lock)
        expect(refused.message).to.match(/try again in \d+ s/)
        clock += lock - 1
        expect((await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')).retryAfterMs).to.equal(1)
        clock += 1
        await limiter.attempt(bucket('k'))
      }
    })

    it('does not count refused attempts: hammering a locked bucket does not lengthen the lock', async () => {
      await passesUntilLocked('k')
      for (let i = 0; i < 50; i++) await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')
      clock += POLICY.baseMs
      await limiter.attempt(bucket('k'))
      expect((await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')).retryAfterMs).to.equal(2 * POLICY.baseMs)
    })

    it('forgets a bucket with no counted attempt for longer than forgetMs', async () => {
      await passesUntilLocked('kept')
      await passesUntilLocked('forgotten')
      clock += POLICY.forgetMs
      // Exactly forgetMs later the failures still stand: the next attempt passes (the lock is over) but locks again.
      await limiter.attempt(bucket('kept'))
      await expectRelayError(async () => await limiter.attempt(bucket('kept')), 'RATE_LIMITED')
      clock += 1
      expect(await passesUntilLocked('forgotten')).to.equal(POLICY.free + 1)
    })

    it('counts one attempt against every bucket, and refuses it whole if any bucket is locked', async () => {
      const strict = { key: 'strict', policy: { ...POLICY, free: 0 } }
      const loose = { key: 'loose', policy: POLICY }
      await limiter.attempt([strict, loose])
      const refused = await expectRelayError(async () => await limiter.attempt([loose, strict]), 'RATE_LIMITED')
      expect(refused.retryAfterMs).to.equal(POLICY.baseMs)
      // The refused attempt took nothing from `loose`: it still has free + 1 - 1 attempts before its lock.
      expect(await passesUntilLocked('loose')).to.equal(POLICY.free)
    })

    it('lets exactly free + 1 of 100 simultaneous attempts through', async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: 100 }, async () => await limiter.attempt(bucket('k'))))
      expect(outcomes.filter(o => o.status === 'fulfilled')).to.have.length(POLICY.free + 1)
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.code).to.equal('RATE_LIMITED')
      await reopen()
      await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')
    })

    it('starts the buckets in a reservation over on clear, and only those', async () => {
      await limiter.attempt(bucket('other'))
      const reservation = await limiter.attempt([{ key: 'k', policy: POLICY }, { key: 'j', policy: POLICY }])
      expect(reservation.keys).to.deep.equal(['k', 'j'])
      await passesUntilLocked('k')
      await limiter.clear(reservation)
      expect(await passesUntilLocked('k')).to.equal(POLICY.free + 1)
      expect(await passesUntilLocked('j')).to.equal(POLICY.free + 1)
      // `other` was not in the reservation.
      expect(await passesUntilLocked('other')).to.equal(POLICY.free)
      await reopen()
      await expectRelayError(async () => await limiter.attempt(bucket('k')), 'RATE_LIMITED')
    })
  })

  describe('take (quotas)', () => {
    it('allows `limit` events per window and a full quota again once the window has passed', async () => {
      const q = [{ key: 'q', policy: QUOTA }]
      for (let i = 0; i < QUOTA.limit; i++) expect(await limiter.take(q)).to.equal(true)
      expect(await limiter.take(q)).to.equal(false)
      clock += QUOTA.windowMs - 1
      expect(await limiter.take(q)).to.equal(false)
      clock += 1
      for (let i = 0; i < QUOTA.limit; i++) expect(await limiter.take(q)).to.equal(true)
      expect(await limiter.take(q)).to.equal(false)
    })

    it('takes nothing from any quota when one of them is used up', async () => {
      const small = { key: 'small', policy: { limit: 1, windowMs: 1000 } }
      const big = { key: 'big', policy: { limit: 5, windowMs: 1000 } }
      expect(await limiter.take([small, big])).to.equal(true)
      expect(await limiter.take([big, small])).to.equal(false)
      expect(await limiter.take([big, small])).to.equal(false)
      let left = 0
      while (await limiter.take([big])) left++
      expect(left).to.equal(4)
    })

    it('grants exactly `limit` of 50 simultaneous takes', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, async () => await limiter.take([{ key: 'q', policy: { limit: 10, windowMs: 1000 } }])))
      expect(results.filter(Boolean)).to.have.length(10)
    })
  })

  describe('persistence', () => {
    it('keeps locks, counts and used-up quotas across a restart on the reopened database', async () => {
      await passesUntilLocked('locked')
      await limiter.attempt(bucket('counted'))
      await limiter.attempt(bucket('counted'))
      for (let i = 0; i < QUOTA.limit; i++) await limiter.take([{ key: 'q', policy: QUOTA }])
      await passesUntilLocked('cleared')
      await limiter.clear({ keys: ['cleared'] })
      await reopen()
      expect((await expectRelayError(async () => await limiter.attempt(bucket('locked')), 'RATE_LIMITED')).retryAfterMs).to.equal(POLICY.baseMs)
      expect(await passesUntilLocked('counted')).to.equal(POLICY.free + 1 - 2)
      expect(await limiter.take([{ key: 'q', policy: QUOTA }])).to.equal(false)
      expect(await passesUntilLocked('cleared')).to.equal(POLICY.free + 1)
    })
  })

  describe('sweep', () => {
    it('forgets only entries idle for longer than maxAgeMs, counting from the end of a lock, and on disk too', async () => {
      const long: BackoffPolicy = { free: 0, baseMs: 10_000, maxMs: 100_000, forgetMs: 60_000 }
      await limiter.attempt(bucket('idle'))
      await limiter.attempt(bucket('locked', long))
      await limiter.take([{ key: 'quota', policy: QUOTA }])
      clock += 5000
      await limiter.attempt(bucket('recent'))
      clock += 5001
      // idle and quota are 10 001 ms old; locked is locked until T0 + 10 000 (1 ms ago); recent is 5001 ms old.
      expect(await limiter.sweep(10_000)).to.equal(2)
      expect(await limiter.sweep(10_000)).to.equal(0)
      await reopen()
      expect(await passesUntilLocked('idle')).to.equal(POLICY.free + 1)
      expect(await limiter.take([{ key: 'quota', policy: { limit: 1, windowMs: 60_000 } }])).to.equal(true)
      expect(await passesUntilLocked('recent')).to.equal(POLICY.free)
      // `locked` was kept: its failure still counts, so the next attempt locks for 2·base, not base.
      await limiter.attempt(bucket('locked', long))
      expect((await expectRelayError(async () => await limiter.attempt(bucket('locked', long)), 'RATE_LIMITED')).retryAfterMs).to.equal(2 * long.baseMs)
    })
  })
})
