import { randomBytes } from 'node:crypto'
import { expect } from 'chai'
import { tokenHash } from '../../src/sessions.js'
import { SESSION_TTL_MS } from '../../src/constants.js'
import { expectRelayError } from '../helpers.js'
import { AccountsHarness, PASSWORD, caller } from './harness.js'

describe('Accounts: login and sessions', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('login and sessions', () => {
    const phone = caller('gus')
    const laptop = caller('gus', 'laptop')
    let token: Uint8Array

    before(async () => {
      const session = await h.accounts.login('gus', PASSWORD, undefined, phone)
      token = session.token
      expect(session.user).to.equal('gus@relay.test')
      expect(session.expiresAt).to.equal(h.start + SESSION_TTL_MS)
    })

    it('returns a 32-byte token that authenticates the same device', async () => {
      expect(token).to.be.instanceOf(Uint8Array)
      expect(token).to.have.length(32)
      const session = await h.accounts.authenticate(token, phone.peerId)
      expect(session).to.include({ user: 'gus', peerId: phone.peerId, tokenHash: tokenHash(token) })
    })

    it('refuses a wrong password and an unknown name alike, with INVALID_CREDENTIALS', async () => {
      const [wrong, unknown] = await Promise.all([
        expectRelayError(async () => await h.accounts.login('gus', `${PASSWORD}!`, undefined, phone), 'INVALID_CREDENTIALS'),
        expectRelayError(async () => await h.accounts.login('nobody', PASSWORD, undefined, phone), 'INVALID_CREDENTIALS')
      ])
      expect(unknown.message).to.equal(wrong.message)
    })

    it('refuses the token from another device with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await h.accounts.authenticate(token, laptop.peerId), 'UNAUTHENTICATED')
    })

    it('refuses a token it never issued with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await h.accounts.authenticate(new Uint8Array(randomBytes(32)), phone.peerId), 'UNAUTHENTICATED')
      const altered = token.slice()
      altered[0] = (altered[0] ?? 0) ^ 1
      await expectRelayError(async () => await h.accounts.authenticate(altered, phone.peerId), 'UNAUTHENTICATED')
    })

    it('refuses an expired session with UNAUTHENTICATED', async () => {
      h.clock = h.start + SESSION_TTL_MS - 1
      await h.accounts.authenticate(token, phone.peerId)
      h.clock = h.start + SESSION_TTL_MS
      await expectRelayError(async () => await h.accounts.authenticate(token, phone.peerId), 'UNAUTHENTICATED')
    })

    it('ends only the logged-out session', async () => {
      const other = await h.accounts.login('gus', PASSWORD, undefined, laptop)
      await h.accounts.logout('gus', tokenHash(other.token))
      await expectRelayError(async () => await h.accounts.authenticate(other.token, laptop.peerId), 'UNAUTHENTICATED')
      expect((await h.accounts.authenticate(token, phone.peerId)).user).to.equal('gus')
    })

    it('lists the user\'s sessions marking the current one, and revokes by id, all others, or all', async () => {
      const a = await h.accounts.login('lou', PASSWORD, undefined, caller('lou'))
      h.clock += 1000
      const b = await h.accounts.login('lou', PASSWORD, undefined, caller('lou', 'laptop'))
      h.clock += 1000
      const c = await h.accounts.login('lou', PASSWORD, undefined, caller('lou', 'tablet'))
      const current = tokenHash(a.token)
      const listed = await h.accounts.listSessions('lou', current)
      expect(listed.map(s => [s.peerId, s.current])).to.deep.equal([[caller('lou').peerId, true], [caller('lou', 'laptop').peerId, false], [caller('lou', 'tablet').peerId, false]])
      expect(listed[0]).to.have.keys('id', 'peerId', 'createdAt', 'lastSeen', 'expiresAt', 'current')
      const [, second] = listed
      await expectRelayError(async () => await h.accounts.revokeSessions('lou', { ids: ['0000000000000000'], all: false, others: false }, current), 'NOT_FOUND')
      // An id of another user's session is not found either.
      const gusId = (await h.accounts.listSessions('gus', ''))[0]?.id as string
      await expectRelayError(async () => await h.accounts.revokeSessions('lou', { ids: [gusId], all: false, others: false }, current), 'NOT_FOUND')
      await h.accounts.authenticate(token, phone.peerId)
      expect(await h.accounts.revokeSessions('lou', { ids: [second?.id as string], all: false, others: false }, current)).to.equal(1)
      await expectRelayError(async () => await h.accounts.authenticate(b.token, caller('lou', 'laptop').peerId), 'UNAUTHENTICATED')
      expect(await h.accounts.revokeSessions('lou', { ids: [], all: false, others: true }, current)).to.equal(1)
      await expectRelayError(async () => await h.accounts.authenticate(c.token, caller('lou', 'tablet').peerId), 'UNAUTHENTICATED')
      await h.accounts.authenticate(a.token, caller('lou').peerId)
      expect(await h.accounts.revokeSessions('lou', { ids: [], all: true, others: false }, current)).to.equal(1)
      await expectRelayError(async () => await h.accounts.authenticate(a.token, caller('lou').peerId), 'UNAUTHENTICATED')
    })

    it('sweeps expired sessions only', async () => {
      const kept = await h.accounts.login('gus', PASSWORD, undefined, caller('gus', 'kept'))
      h.clock = h.start + SESSION_TTL_MS - 1000
      const fresh = await h.accounts.login('gus', PASSWORD, undefined, caller('gus', 'fresh'))
      h.clock = h.start + SESSION_TTL_MS
      expect(await h.f.sessions.sweep()).to.be.greaterThan(0)
      await expectRelayError(async () => { await h.accounts.authenticate(kept.token, caller('gus', 'kept').peerId) }, 'UNAUTHENTICATED')
      expect((await h.accounts.authenticate(fresh.token, caller('gus', 'fresh').peerId)).user).to.equal('gus')
    })
  })
})
