import { expect } from 'chai'
import { tokenHash } from '../../src/sessions.js'
import { expectRelayError } from '../helpers.js'
import { AccountsHarness, PASSWORD, caller } from './harness.js'

describe('Accounts: deletion', function () {
  // scrypt costs ~0.15-0.3 s per hash: the harness registers the users once per file.
  this.timeout(30_000)
  const h = AccountsHarness.use()

  describe('deletion', () => {
    const deleted: string[] = []
    before(() => { h.accounts.onDelete(async name => { deleted.push(name) }) })

    it('deletes the account with its password, ends its sessions, runs the delete hooks and frees the name', async () => {
      const session = await h.accounts.login('del', PASSWORD, undefined, caller('del'))
      await expectRelayError(async () => { await h.accounts.deleteAccount('del', 'wrong password', undefined, caller('del')) }, 'INVALID_CREDENTIALS')
      expect(await h.accounts.get('del')).to.not.equal(undefined)
      expect(deleted).to.deep.equal([])
      const heard: string[] = []
      const stop = h.f.sessions.onRevoke(hashes => { heard.push(...hashes) })
      try {
        await h.accounts.deleteAccount('del', PASSWORD, undefined, caller('del'))
      } finally {
        stop()
      }
      expect(await h.accounts.get('del')).to.equal(undefined)
      expect(deleted).to.deep.equal(['del'])
      // The sessions end with the account (open streams are cut through the revoke listeners).
      expect(heard).to.deep.equal([tokenHash(session.token)])
      expect(await h.f.sessions.list('del')).to.deep.equal([])
      await expectRelayError(async () => await h.accounts.authenticate(session.token, caller('del').peerId), 'UNAUTHENTICATED')

      await h.accounts.register('del', 'another-del@mail.test', 'someone else entirely', caller('del', 'newcomer'))
      expect((await h.accounts.get('del'))?.email).to.equal('another-del@mail.test')
      await expectRelayError(async () => await h.accounts.authenticate(session.token, caller('del').peerId), 'UNAUTHENTICATED')
      await expectRelayError(async () => await h.accounts.login('del', PASSWORD, undefined, caller('del')), 'INVALID_CREDENTIALS')
    })

    it('needs a second factor to delete an account with two-factor login on', async () => {
      const { codes } = await h.enableTotp(h.f, 'dee')
      deleted.length = 0
      await expectRelayError(async () => { await h.accounts.deleteAccount('dee', PASSWORD, undefined, caller('dee')) }, 'SECOND_FACTOR_REQUIRED')
      await expectRelayError(async () => { await h.accounts.deleteAccount('dee', PASSWORD, { recoveryCode: 'AAAAA-AAAAA' }, caller('dee')) }, 'INVALID_CODE')
      await expectRelayError(async () => { await h.accounts.deleteAccount('dee', 'wrong password', { recoveryCode: codes[0] }, caller('dee')) }, 'INVALID_CREDENTIALS')
      expect(await h.accounts.get('dee')).to.not.equal(undefined)
      expect(deleted).to.deep.equal([])
      await h.accounts.deleteAccount('dee', PASSWORD, { recoveryCode: codes[0] }, caller('dee'))
      expect(await h.accounts.get('dee')).to.equal(undefined)
      expect(deleted).to.deep.equal(['dee'])
    })
  })
})
