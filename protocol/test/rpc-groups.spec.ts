import { expect } from 'chai'
import {
  decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage,
  MAX_GROUP_MEMBERS_PER_REQUEST, type RelayRequest
} from '../src/index.js'
import * as pb from '../src/pb/rpc.js'
import { protocolCode } from './helpers.js'

const groupId = new Uint8Array(32).fill(1)
const manageKey = new Uint8Array(32).fill(2)

describe('Relay RPC group logs', () => {
  it('round-trips every group request', () => {
    const requests: RelayRequest[] = [
      { type: 'group-members', groupId, manageKey, add: ['bob@relay.test'], remove: ['carol@relay.test'] },
      { type: 'group-members', groupId, manageKey, add: [], remove: [], newManageHash: new Uint8Array(32).fill(3) },
      { type: 'group-post', message: new Uint8Array([1, 2, 3]) },
      { type: 'group-fetch', groupId, afterSeq: 7 },
      { type: 'group-ack', groupId, seq: 9 },
      { type: 'group-read', groupId, seq: 9 },
      { type: 'group-receipts', groupId, seq: 2 },
      { type: 'group-leave', groupId }
    ]
    for (const request of requests) expect(decodeRequest(encodeRequest(4, request))).to.deep.equal({ id: 4, request })
  })

  it('refuses group ids and manage keys of the wrong size, and member changes naming no one or too many', () => {
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-fetch', groupId: new Uint8Array(31), afterSeq: 0 })))).to.equal('INVALID_FIELD')
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-leave', groupId: new Uint8Array(0) })))).to.equal('INVALID_FIELD')
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-members', groupId, manageKey: new Uint8Array(16), add: ['a@relay.test'], remove: [] })))).to.equal('INVALID_FIELD')
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-members', groupId, manageKey, add: [], remove: [] })))).to.equal('INVALID_FIELD')
    const many = Array.from({ length: MAX_GROUP_MEMBERS_PER_REQUEST + 1 }, (_, i) => `u${i}@relay.test`)
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-members', groupId, manageKey, add: many, remove: [] })))).to.equal('INVALID_FIELD')
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'group-members', groupId, manageKey, add: ['a@relay.test'], remove: [], newManageHash: new Uint8Array(5) })))).to.equal('INVALID_FIELD')
  })

  it('round-trips group answers and pushes, and refuses counts that cannot be', () => {
    const results = [
      { type: 'group-posted' as const, seq: 3, duplicate: false, storedAt: 5 },
      { type: 'group-mail' as const, groupId, items: [{ seq: 1, message: new Uint8Array([9]), receivedAt: 2 }], more: true },
      { type: 'group-receipts' as const, of: 2, delivered: 2, read: 1, members: [{ user: 'bob@relay.test', delivered: true, read: true }] }
    ]
    for (const result of results) expect(decodeServerMessage(encodeServerMessage({ type: 'response', id: 2, result }))).to.deep.equal({ type: 'response', id: 2, result })
    const push = { type: 'group-push' as const, groupId, items: [{ seq: 4, message: new Uint8Array([7]), receivedAt: 8 }] }
    expect(decodeServerMessage(encodeServerMessage(push))).to.deep.equal(push)
    // An empty group push (messages were left out: fetch) keeps its group.
    const behind = { type: 'group-push' as const, groupId, items: [] }
    expect(decodeServerMessage(encodeServerMessage(behind))).to.deep.equal(behind)
    const impossible = pb.ServerFrame.encode({ version: 1, response: { id: 1, groupReceipts: { of: 1, delivered: 2, read: 0, members: [] } } })
    expect(protocolCode(() => decodeServerMessage(impossible))).to.equal('INVALID_FIELD')
  })

  it('refuses a push that is a group message and mail at once', () => {
    const both = pb.ServerFrame.encode({ version: 1, push: { items: [{ seq: 1n, envelope: new Uint8Array([1]), receivedAt: 1n }], group: { groupId, items: [], more: false } } })
    expect(protocolCode(() => decodeServerMessage(both))).to.equal('MALFORMED')
  })
})
