import { expect } from 'chai'
import {
  decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage, MAX_BULK_LOOKUP_USERS
} from '../src/index.js'
import * as pb from '../src/pb/rpc.js'
import { protocolCode } from './helpers.js'

describe('Relay RPC bulk directory lookups', () => {
  it('round-trips a fetch-bundles-many request and its answer, in order, a user without bundles included', () => {
    const users = ['bob@relay.test', 'carol@relay.test', 'nobody@relay.test']
    expect(decodeRequest(encodeRequest(4, { type: 'fetch-bundles-many', users }))).to.deep.equal({ id: 4, request: { type: 'fetch-bundles-many', users } })
    const result = {
      type: 'bundles-many' as const,
      users: [
        { user: 'bob@relay.test', signedBundles: [new Uint8Array([1, 2]), new Uint8Array([3])] },
        { user: 'carol@relay.test', signedBundles: [new Uint8Array([4])] },
        { user: 'nobody@relay.test', signedBundles: [] }
      ]
    }
    expect(decodeServerMessage(encodeServerMessage({ type: 'response', id: 4, result }))).to.deep.equal({ type: 'response', id: 4, result })
  })

  it('refuses a request naming nobody, more users than one request may, or something longer than any address', () => {
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'fetch-bundles-many', users: [] })))).to.equal('INVALID_FIELD')
    const many = Array.from({ length: MAX_BULK_LOOKUP_USERS + 1 }, (_, i) => `u${i}@relay.test`)
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'fetch-bundles-many', users: many })))).to.equal('INVALID_FIELD')
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'fetch-bundles-many', users: [`${'a'.repeat(400)}@relay.test`] })))).to.equal('INVALID_FIELD')
  })

  it('refuses an answer with more users than a request may name, or a user name no address could be', () => {
    const many = Array.from({ length: MAX_BULK_LOOKUP_USERS + 1 }, (_, i) => ({ user: `u${i}@relay.test`, signedBundles: [] }))
    const tooMany = pb.ServerFrame.encode({ version: 1, response: { id: 1, bundlesMany: { users: many } } })
    expect(protocolCode(() => decodeServerMessage(tooMany))).to.equal('INVALID_FIELD')
    const long = pb.ServerFrame.encode({ version: 1, response: { id: 1, bundlesMany: { users: [{ user: 'x'.repeat(321), signedBundles: [] }] } } })
    expect(protocolCode(() => decodeServerMessage(long))).to.equal('INVALID_FIELD')
  })
})
