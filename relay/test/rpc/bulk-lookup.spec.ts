import { expect } from 'chai'
import { MAX_BULK_LOOKUP_BYTES, type RelayResult } from '@parley/protocol'
import { RelayError } from '../../src/errors.js'
import { createHandlerTable, type HandlerServices } from '../../src/rpc/index.js'
import type { RequestContext, SignedIn } from '../../src/rpc/table.js'

/** A directory of `published` (address → bundles); every other address is unknown, as the relay's says. */
function tableOver (published: Map<string, Uint8Array[]>, broken?: string): ReturnType<typeof createHandlerTable> {
  const directory = {
    fetch: async (address: string): Promise<Uint8Array[]> => {
      if (address === broken) throw new Error('disk failed')
      if (!address.endsWith('@relay.test')) throw new RelayError('NOT_FOUND', `${address} is not a user of this relay`)
      const found = published.get(address)
      if (found === undefined) throw new RelayError('NOT_FOUND', `${address} has no published keys`)
      return found
    }
  }
  return createHandlerTable({ relayName: 'relay.test', directory } as unknown as HandlerServices)
}

const ctx = (): RequestContext & { session: SignedIn } => ({ caller: { peerId: 'p', ip: '127.0.0.1' }, stream: {} as any, signal: new AbortController().signal, session: { user: 'ada', tokenHash: 'h' } })

async function ask (table: ReturnType<typeof createHandlerTable>, users: string[]): Promise<Extract<RelayResult, { type: 'bundles-many' }>> {
  const entry = table['fetch-bundles-many']
  const result = await (entry.handle as any)({ type: 'fetch-bundles-many', users }, { ...ctx(), account: {} })
  expect(result.type).to.equal('bundles-many')
  return result
}

describe('The bulk directory lookup handler', () => {
  it('is for verified accounts only, counted per user in the bulk budget and once as a lookup', () => {
    const entry = tableOver(new Map())['fetch-bundles-many']
    expect(entry.auth).to.equal('session+verified')
    expect(entry.rates).to.include.members(['per-source', 'lookups', 'bulk-lookups'])
    expect((entry.units as any)({ type: 'fetch-bundles-many', users: ['a@relay.test', 'b@relay.test', 'c@relay.test'] })).to.equal(3)
  })

  it('answers every user asked, in order: unknown ones, other relays\' and malformed addresses with no bundles', async () => {
    const bob = [new Uint8Array([1]), new Uint8Array([2])]
    const carol = [new Uint8Array([3])]
    const answer = await ask(tableOver(new Map([['bob@relay.test', bob], ['carol@relay.test', carol]])), ['carol@relay.test', 'nobody@relay.test', 'bob@relay.test', 'dan@elsewhere.test'])
    expect(answer.users).to.deep.equal([
      { user: 'carol@relay.test', signedBundles: carol },
      { user: 'nobody@relay.test', signedBundles: [] },
      { user: 'bob@relay.test', signedBundles: bob },
      { user: 'dan@elsewhere.test', signedBundles: [] }
    ])
  })

  it('answers only the users whose bundles fit one frame, in order, and always the first', async () => {
    const big = new Uint8Array(1024 * 1024)
    const published = new Map<string, Uint8Array[]>()
    const users = Array.from({ length: 6 }, (_, i) => `u${i}@relay.test`)
    for (const u of users) published.set(u, [big])
    const answer = await ask(tableOver(published), users)
    const perUser = Math.floor(MAX_BULK_LOOKUP_BYTES / big.length)
    expect(answer.users.map(u => u.user)).to.deep.equal(users.slice(0, Math.max(1, perUser - 1)))
    const bytes = answer.users.reduce((n, u) => n + u.signedBundles.reduce((m, b) => m + b.length, 0), 0)
    expect(bytes).to.be.at.most(MAX_BULK_LOOKUP_BYTES)
    const huge = await ask(tableOver(new Map([['u0@relay.test', [new Uint8Array(MAX_BULK_LOOKUP_BYTES + 1)]]])), ['u0@relay.test', 'u1@relay.test'])
    expect(huge.users.map(u => u.user), 'the first is answered whatever its size').to.deep.equal(['u0@relay.test'])
  })

  it('fails the whole request when the store fails, never passing a partial answer off as complete', async () => {
    let caught: unknown
    await ask(tableOver(new Map(), 'bob@relay.test'), ['ada@relay.test', 'bob@relay.test']).catch(err => { caught = err })
    expect(caught).to.be.instanceOf(Error)
    expect(caught).to.not.be.instanceOf(RelayError)
  })
})
