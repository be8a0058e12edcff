import { createHash, randomBytes } from 'node:crypto'
import { expect } from 'chai'
import { Sessions, tokenHash } from '../src/sessions.js'
import { SESSION_TTL_MS } from '../src/constants.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeTempDir, openDb, removeTempDir } from './helpers.js'

const T0 = Date.UTC(2030, 0, 1)
const PHONE = '12D3KooWAnnPhone'
const LAPTOP = '12D3KooWAnnLaptop'
const MINUTE = 60_000

describe('Sessions', () => {
  let dir: string | undefined
  let db: RelayDb
  let clock: number
  let sessions: Sessions

  beforeEach(async () => {
    dir = await makeTempDir('sessions')
    db = await openDb(dir)
    clock = T0
    sessions = new Sessions(db, () => clock)
  })

  afterEach(async () => {
    await db.close()
    await removeTempDir(dir)
    dir = undefined
  })

  /** The stored last-seen time of the session with token hash `hash`. */
  async function lastSeen (user: string, hash: string): Promise<number | undefined> {
    return (await sessions.list(user)).find(s => s.tokenHash === hash)?.lastSeen
  }

  describe('create and get', () => {
    it('opens a session with a random 32-byte token that the same device can present', async () => {
      const { token, record } = await sessions.create('ann', 7, PHONE)
      expect(token).to.be.instanceOf(Uint8Array).and.have.length(32)
      expect(record).to.include({ user: 'ann', account: 7, peerId: PHONE, createdAt: T0, lastSeen: T0, expiresAt: T0 + SESSION_TTL_MS })
      expect(record.id).to.match(/^[0-9a-f]{16}$/)
      const got = await sessions.get(token, PHONE)
      expect(got).to.deep.equal({ ...record, tokenHash: createHash('sha256').update(token).digest('hex') })
      expect(tokenHash(token)).to.equal(got.tokenHash)
      const other = await sessions.create('ann', 7, PHONE)
      expect(Buffer.from(other.token).equals(Buffer.from(token))).to.equal(false)
      expect(other.record.id).to.not.equal(record.id)
    })

    it('keeps the token hash, not the token, as the key', async () => {
      const { token } = await sessions.create('ann', 7, PHONE)
      const hex = Buffer.from(token).toString('hex')
      for await (const [key, value] of db.level.iterator()) {
        expect(key.includes(hex) || Buffer.from(value).toString('latin1').includes(hex)).to.equal(false)
        expect(Buffer.from(value).includes(Buffer.from(token))).to.equal(false)
      }
    })

    it('refuses the token from another device, and tokens it never issued, with UNAUTHENTICATED', async () => {
      const { token } = await sessions.create('ann', 7, PHONE)
      await expectRelayError(async () => await sessions.get(token, LAPTOP), 'UNAUTHENTICATED')
      await expectRelayError(async () => await sessions.get(new Uint8Array(randomBytes(32)), PHONE), 'UNAUTHENTICATED')
      const altered = token.slice()
      altered[31] = (altered[31] as number) ^ 0x80
      await expectRelayError(async () => await sessions.get(altered, PHONE), 'UNAUTHENTICATED')
      await sessions.get(token, PHONE)
    })

    it('refuses a session from its expiry on', async () => {
      const { token } = await sessions.create('ann', 7, PHONE)
      clock = T0 + SESSION_TTL_MS - 1
      await sessions.get(token, PHONE)
      clock = T0 + SESSION_TTL_MS
      await expectRelayError(async () => await sessions.get(token, PHONE), 'UNAUTHENTICATED')
    })

    it('keeps sessions across a restart', async () => {
      const { token } = await sessions.create('ann', 7, PHONE)
      await db.close()
      db = await openDb(dir as string)
      sessions = new Sessions(db, () => clock)
      expect((await sessions.get(token, PHONE)).user).to.equal('ann')
    })
  })

  describe('last seen', () => {
    it('writes the last-seen time at most once a minute per session', async () => {
      const { token, record } = await sessions.create('ann', 7, PHONE)
      const hash = tokenHash(token)
      let commits = 0
      const commit = db.commit.bind(db)
      db.commit = async ops => { commits++; await commit(ops) }
      for (let t = 0; t <= MINUTE; t += 10_000) {
        clock = T0 + t
        expect((await sessions.get(token, PHONE)).lastSeen).to.equal(record.lastSeen)
      }
      expect(commits, 'writes within the first minute').to.equal(0)
      expect(await lastSeen('ann', hash)).to.equal(T0)
      clock = T0 + MINUTE + 1
      expect((await sessions.get(token, PHONE)).lastSeen).to.equal(clock)
      expect(commits).to.equal(1)
      expect(await lastSeen('ann', hash)).to.equal(T0 + MINUTE + 1)
      clock = T0 + 2 * MINUTE
      await sessions.get(token, PHONE)
      expect(commits).to.equal(1)
      expect(await lastSeen('ann', hash)).to.equal(T0 + MINUTE + 1)
    })
  })

  describe('list', () => {
    it('lists a user\'s live sessions oldest first, and no one else\'s', async () => {
      const first = await sessions.create('ann', 7, PHONE)
      clock = T0 + 1000
      const second = await sessions.create('ann', 7, LAPTOP)
      await sessions.create('anna', 8, PHONE)
      await sessions.create('an', 9, PHONE)
      await sessions.create('bob', 10, '12D3KooWBob')
      const listed = await sessions.list('ann')
      expect(listed.map(s => s.tokenHash)).to.deep.equal([tokenHash(first.token), tokenHash(second.token)])
      expect(listed.map(s => s.id)).to.deep.equal([first.record.id, second.record.id])
      expect(listed.every(s => s.user === 'ann')).to.equal(true)
      expect(await sessions.list('nobody')).to.deep.equal([])
      clock = T0 + SESSION_TTL_MS
      expect((await sessions.list('ann')).map(s => s.id)).to.deep.equal([second.record.id])
    })
  })

  describe('revoke', () => {
    it('ends a session only for its owner, and tells the listeners', async () => {
      const ann = await sessions.create('ann', 7, PHONE)
      const heard: string[][] = []
      sessions.onRevoke(hashes => { heard.push(hashes) })
      const hash = tokenHash(ann.token)
      expect(await sessions.revoke('bob', [hash])).to.equal(0)
      expect(await sessions.revoke('ann', ['0'.repeat(64)])).to.equal(0)
      await sessions.get(ann.token, PHONE)
      expect(heard).to.deep.equal([])
      expect(await sessions.revoke('ann', [hash])).to.equal(1)
      await expectRelayError(async () => await sessions.get(ann.token, PHONE), 'UNAUTHENTICATED')
      expect(await sessions.list('ann')).to.deep.equal([])
      expect(heard).to.deep.equal([[hash]])
      expect(await sessions.revoke('ann', [hash])).to.equal(0)
      expect(heard).to.have.length(1)
    })

    it('ends every session of a user but the one kept, and leaves other users\' alone', async () => {
      const keep = await sessions.create('ann', 7, PHONE)
      const a = await sessions.create('ann', 7, LAPTOP)
      const b = await sessions.create('ann', 7, '12D3KooWAnnTablet')
      const bob = await sessions.create('bob', 10, '12D3KooWBob')
      const heard: string[] = []
      const stop = sessions.onRevoke(hashes => { heard.push(...hashes) })
      expect(await sessions.revokeAll('ann', tokenHash(keep.token))).to.equal(2)
      expect(heard.sort()).to.deep.equal([tokenHash(a.token), tokenHash(b.token)].sort())
      await sessions.get(keep.token, PHONE)
      await expectRelayError(async () => await sessions.get(a.token, LAPTOP), 'UNAUTHENTICATED')
      expect((await sessions.list('ann')).map(s => s.id)).to.deep.equal([keep.record.id])
      expect(await sessions.revokeAll('ann')).to.equal(1)
      await expectRelayError(async () => await sessions.get(keep.token, PHONE), 'UNAUTHENTICATED')
      expect(heard).to.have.length(3)
      await sessions.get(bob.token, '12D3KooWBob')
      // A listener that stopped hears nothing more.
      stop()
      expect(await sessions.revokeAll('bob')).to.equal(1)
      expect(heard).to.have.length(3)
    })
  })

  describe('sweep', () => {
    it('deletes expired sessions and their index entries, and keeps live ones', async () => {
      const old = await sessions.create('ann', 7, PHONE)
      clock = T0 + 1000
      const fresh = await sessions.create('ann', 7, LAPTOP)
      const bob = await sessions.create('bob', 10, '12D3KooWBob')
      clock = T0 + SESSION_TTL_MS
      expect(await sessions.sweep()).to.equal(1)
      expect(await sessions.sweep()).to.equal(0)
      const stored: string[] = []
      for await (const hash of db.json<string>('user-sessions').values()) stored.push(hash)
      expect(stored.sort()).to.deep.equal([tokenHash(fresh.token), tokenHash(bob.token)].sort())
      expect(await db.json('sessions').get(tokenHash(old.token))).to.equal(undefined)
      clock = T0 + SESSION_TTL_MS - 1
      await expectRelayError(async () => await sessions.get(old.token, PHONE), 'UNAUTHENTICATED')
      await sessions.get(fresh.token, LAPTOP)
    })
  })
})
