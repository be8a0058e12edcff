import { expect } from 'chai'
import type { RelayRequest, RelayResult } from '@parley/protocol'
import { RelayError } from '../../src/errors.js'
import { Dispatcher, MAX_OVERRUNNING_HANDLERS, type DispatchStream, type HandlerTable, type StreamControl } from '../../src/rpc/index.js'
import { createHandlerTable, type HandlerServices } from '../../src/rpc/handlers/index.js'
import { expectRelayError, makeAccounts, makeTempDir, openDb, removeTempDir, type AccountsFixture } from '../helpers.js'
import type { RelayDb } from '../../src/store.js'

const PASSWORD = 'a long and secret passphrase'
const noControl: StreamControl = { signIn: () => {}, signOut: () => {}, subscribe: async () => {}, watchDevices: () => {}, followGroup: () => {}, following: () => false, nextPage: async () => {} }

describe('Dispatcher', function () {
  this.timeout(20_000)
  let dir: string
  let db: RelayDb
  let f: AccountsFixture
  /** What the handlers of the table under test were called with. */
  let calls: Array<{ type: string, ctx: Record<string, unknown> }>

  before(async () => {
    dir = await makeTempDir('dispatcher')
    db = await openDb(dir)
    f = makeAccounts(db)
    const caller = { peerId: 'peer-ada', ip: '10.0.0.1' }
    await f.accounts.register('ada', 'ada@mail.test', PASSWORD, caller)
    await f.accounts.verify('ada', f.mailer.codeFor('ada@mail.test'), caller)
    await f.accounts.register('ben', 'ben@mail.test', PASSWORD, { peerId: 'peer-ben', ip: '10.0.0.2' })
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  /** The relay's table with every handler replaced by one that records its call; declarations kept. */
  function recordingTable (): HandlerTable {
    calls = []
    const real = createHandlerTable({ accounts: f.accounts, relayName: 'relay.test' } as unknown as HandlerServices)
    const table: Record<string, unknown> = {}
    for (const [type, entry] of Object.entries(real)) {
      table[type] = { ...entry, handle: async (_r: unknown, ctx: Record<string, unknown>): Promise<RelayResult> => { calls.push({ type, ctx }); return { type: 'ok' } } }
    }
    return table as unknown as HandlerTable
  }

  async function loginOf (name: string, peerId: string): Promise<DispatchStream> {
    const s = await f.accounts.login(name, PASSWORD, undefined, { peerId, ip: '10.0.0.1' })
    const { tokenHash } = await f.accounts.authenticate(s.token, peerId)
    return { caller: { peerId, ip: '10.0.0.1' }, login: { user: name, token: s.token, tokenHash, checkedAt: Date.now() } }
  }

  it('refuses a request type that has no table entry with BAD_REQUEST, naming the type', async () => {
    const table = recordingTable() as unknown as Record<string, unknown>
    delete table['account-info']
    const d = new Dispatcher({ table: table as unknown as HandlerTable, accounts: f.accounts })
    const err = await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, await loginOf('ada', 'peer-ada'), noControl), 'BAD_REQUEST')
    expect(err.message).to.include('"account-info"')
    expect(calls).to.deep.equal([])
  })

  it('never calls a handler that needs a session for a stream without one', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts })
    const stranger: DispatchStream = { caller: { peerId: 'peer-x', ip: '10.0.0.3' } }
    await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, stranger, noControl), 'UNAUTHENTICATED')
    await expectRelayError(async () => await d.dispatch({ type: 'note-contact', user: 'ada@relay.test' }, stranger, noControl), 'UNAUTHENTICATED')
    expect(calls).to.deep.equal([])
  })

  it('gives a session handler the stream\'s session, and a verified one the account too', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts })
    const ada = await loginOf('ada', 'peer-ada')
    await d.dispatch({ type: 'account-info' }, ada, noControl)
    await d.dispatch({ type: 'note-contact', user: 'ben@relay.test' }, ada, noControl)
    expect(calls.map(c => c.type)).to.deep.equal(['account-info', 'note-contact'])
    expect(calls[0]?.ctx.session).to.deep.equal({ user: 'ada', tokenHash: ada.login?.tokenHash })
    expect((calls[1]?.ctx.account as { name: string }).name).to.equal('ada')
  })

  it('refuses what only verified accounts may do to an unverified account with NOT_VERIFIED, before the handler', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts })
    const ben = await loginOf('ben', 'peer-ben')
    for (const request of [{ type: 'deposit', envelope: new Uint8Array(8) }, { type: 'note-contact', user: 'ada@relay.test' }, { type: 'change-email', newEmail: 'b@mail.test' }] as RelayRequest[]) {
      await expectRelayError(async () => await d.dispatch(request, ben, noControl), 'NOT_VERIFIED')
    }
    expect(calls).to.deep.equal([])
  })

  it('gives a request that needs no session no session, even on a logged-in stream', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts })
    await d.dispatch({ type: 'request-password-reset', name: 'ben' }, await loginOf('ada', 'peer-ada'), noControl)
    expect(calls[0]?.ctx).to.not.have.property('session')
  })

  it('counts requests against their budgets before authenticating them', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts, limits: { unauthenticatedPerPeer: { perSecond: 1, burst: 2 } } })
    const stranger: DispatchStream = { caller: { peerId: 'peer-flood', ip: '10.0.0.4' } }
    const codes: string[] = []
    for (let i = 0; i < 4; i++) {
      try { await d.dispatch({ type: 'account-info' }, stranger, noControl) } catch (err) { codes.push((err as RelayError).code) }
    }
    expect(codes).to.deep.equal(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED'])
  })

  it('counts a bulk lookup once per user it names against the account\'s bulk budget, and once as a lookup', async () => {
    const d = new Dispatcher({ table: recordingTable(), accounts: f.accounts, limits: { bulkLookupsPerAccount: { perSecond: 1, burst: 10 }, lookupsPerAccount: { perSecond: 1, burst: 3 } } })
    const ada = await loginOf('ada', 'peer-ada')
    const users = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i}@relay.test`)
    await d.dispatch({ type: 'fetch-bundles-many', users: users(6) }, ada, noControl)
    let refused: unknown
    try { await d.dispatch({ type: 'fetch-bundles-many', users: users(6) }, ada, noControl) } catch (err) { refused = err }
    expect((refused as RelayError).code).to.equal('RATE_LIMITED')
    expect((refused as RelayError).message).to.match(/directory lookups/)
    // The refused request took nothing: four users are left, and one lookup token of three.
    await d.dispatch({ type: 'fetch-bundles-many', users: users(4) }, ada, noControl)
    expect(calls.map(c => c.type)).to.deep.equal(['fetch-bundles-many', 'fetch-bundles-many'])
    // The single lookup budget holds one token still: a single lookup passes, then it is empty too.
    await d.dispatch({ type: 'fetch-bundles', user: 'u1@relay.test' }, ada, noControl)
    try { await d.dispatch({ type: 'fetch-bundles', user: 'u1@relay.test' }, ada, noControl); refused = undefined } catch (err) { refused = err }
    expect((refused as RelayError).code).to.equal('RATE_LIMITED')
  })

  describe('deadlines', () => {
    /** The recording table, with `account-info` replaced by a handler that never returns on its own. */
    function hangingTable (deadlineMs: number, onAbort: (signal: AbortSignal) => Promise<void>): HandlerTable {
      const table = recordingTable() as unknown as Record<string, Record<string, unknown>>
      table['account-info'] = {
        ...table['account-info'],
        deadlineMs,
        handle: async (_r: unknown, ctx: { signal: AbortSignal }): Promise<RelayResult> => {
          await onAbort(ctx.signal)
          return { type: 'ok' }
        }
      }
      return table as unknown as HandlerTable
    }

    it('answers a handler that hangs past its deadline with DEADLINE_EXCEEDED, naming the request, and aborts its signal', async () => {
      let seen: AbortSignal | undefined
      const d = new Dispatcher({
        table: hangingTable(50, async signal => { seen = signal; await new Promise(resolve => signal.addEventListener('abort', resolve)) }),
        accounts: f.accounts
      })
      const started = Date.now()
      const err = await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, await loginOf('ada', 'peer-ada'), noControl), 'DEADLINE_EXCEEDED')
      expect(Date.now() - started).to.be.at.least(45).and.below(2000)
      expect(err.message).to.include('"account-info"')
      expect(seen?.aborted).to.equal(true)
      expect((seen?.reason as RelayError).code).to.equal('DEADLINE_EXCEEDED')
      // The handler returned once aborted: nothing is left running.
      await d.settled(1000)
      expect(d.overrunCount).to.equal(0)
    })

    it('keeps a handler that ignores its signal until it returns, so shutdown can wait for it', async () => {
      let finish!: () => void
      const d = new Dispatcher({
        table: hangingTable(30, async () => { await new Promise<void>(resolve => { finish = resolve }) }),
        accounts: f.accounts
      })
      const ada = await loginOf('ada', 'peer-ada')
      await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, ada, noControl), 'DEADLINE_EXCEEDED')
      expect(d.overrunCount).to.equal(1)
      let settled = false
      const waiting = d.settled(5000).then(() => { settled = true })
      await new Promise(resolve => setTimeout(resolve, 20))
      expect(settled, 'still running').to.equal(false)
      finish()
      await waiting
      expect(d.overrunCount).to.equal(0)
    })

    it('lets a handler past its deadline neither sign the stream in, subscribe it, watch for it, make it follow a group nor wait for a page; signing out still works', async () => {
      const acted: string[] = []
      const control: StreamControl = {
        signIn: () => { acted.push('signIn') },
        signOut: () => { acted.push('signOut') },
        subscribe: async () => { acted.push('subscribe') },
        watchDevices: () => { acted.push('watchDevices') },
        followGroup: () => { acted.push('followGroup') },
        following: () => false,
        nextPage: async () => { acted.push('nextPage') }
      }
      let late!: () => void
      let lateControl: StreamControl | undefined
      const lateDone = new Promise<void>(resolve => { late = resolve })
      const table = recordingTable() as unknown as Record<string, Record<string, unknown>>
      table['account-info'] = {
        ...table['account-info'],
        deadlineMs: 30,
        handle: async (_r: unknown, ctx: { stream: StreamControl }): Promise<RelayResult> => {
          lateControl = ctx.stream
          await lateDone
          return { type: 'ok' }
        }
      }
      const d = new Dispatcher({ table: table as unknown as HandlerTable, accounts: f.accounts })
      await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, await loginOf('ada', 'peer-ada'), control), 'DEADLINE_EXCEEDED')
      const c = lateControl as StreamControl
      c.signIn('mallory@relay.test', new Uint8Array(32), 'hash')
      await c.subscribe('ada@relay.test')
      c.watchDevices(['bob@relay.test'])
      c.followGroup('00'.repeat(32))
      let pageRefused = false
      await c.nextPage().catch(() => { pageRefused = true })
      c.signOut()
      late()
      await d.settled(1000)
      expect(pageRefused).to.equal(true)
      expect(acted).to.deep.equal(['signOut'])
    })

    it('turns new requests away while too many handlers run past their deadline, and serves again once they return', async () => {
      let finish!: () => void
      const done = new Promise<void>(resolve => { finish = resolve })
      const d = new Dispatcher({ table: hangingTable(5, async () => await done), accounts: f.accounts })
      const ada = await loginOf('ada', 'peer-ada')
      await Promise.all(Array.from({ length: MAX_OVERRUNNING_HANDLERS }, async () => await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, ada, noControl), 'DEADLINE_EXCEEDED')))
      expect(d.overrunCount).to.equal(MAX_OVERRUNNING_HANDLERS)
      const err = await expectRelayError(async () => await d.dispatch({ type: 'account-info' }, ada, noControl), 'DEADLINE_EXCEEDED')
      expect(err.message).to.include('behind on earlier requests')
      finish()
      await d.settled(1000)
      expect(d.overrunCount).to.equal(0)
    })

    it('gives a handler that finishes in time its own answer and an unaborted signal, and gives every entry a deadline', async () => {
      let seen: AbortSignal | undefined
      const d = new Dispatcher({ table: hangingTable(1000, async signal => { seen = signal }), accounts: f.accounts })
      expect(await d.dispatch({ type: 'account-info' }, await loginOf('ada', 'peer-ada'), noControl)).to.deep.equal({ type: 'ok' })
      expect(seen?.aborted).to.equal(false)
      expect(d.overrunCount).to.equal(0)
      const real = createHandlerTable({ accounts: f.accounts, relayName: 'relay.test' } as unknown as HandlerServices)
      for (const [type, entry] of Object.entries(real)) expect(entry.deadlineMs, type).to.be.a('number').and.greaterThan(0)
    })
  })
})
