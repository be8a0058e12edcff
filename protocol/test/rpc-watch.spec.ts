import { expect } from 'chai'
import {
  decodeRequest, decodeServerMessage, encodeRequest, encodeServerMessage,
  MAX_CHANGED_USERS_PER_PUSH, MAX_WATCH_USERS_PER_REQUEST
} from '../src/index.js'
import * as pb from '../src/pb/rpc.js'
import { protocolCode } from './helpers.js'

describe('Relay RPC device-list watches', () => {
  it('round-trips a watch-devices request', () => {
    const users = ['bob@relay.test', 'carol@relay.test']
    expect(decodeRequest(encodeRequest(3, { type: 'watch-devices', users }))).to.deep.equal({ id: 3, request: { type: 'watch-devices', users } })
  })

  it('refuses a watch of no users, or of more than one request may name', () => {
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'watch-devices', users: [] })))).to.equal('INVALID_FIELD')
    const many = Array.from({ length: MAX_WATCH_USERS_PER_REQUEST + 1 }, (_, i) => `u${i}@relay.test`)
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'watch-devices', users: many })))).to.equal('INVALID_FIELD')
  })

  it('refuses an address longer than any address', () => {
    expect(protocolCode(() => decodeRequest(encodeRequest(1, { type: 'watch-devices', users: [`${'a'.repeat(400)}@relay.test`] })))).to.equal('INVALID_FIELD')
  })

  it('round-trips a devices-changed push, apart from mail pushes', () => {
    const users = ['bob@relay.test']
    expect(decodeServerMessage(encodeServerMessage({ type: 'devices-changed', users }))).to.deep.equal({ type: 'devices-changed', users })
    const mail = { type: 'push' as const, items: [{ seq: 1, envelope: new Uint8Array([1]), receivedAt: 2 }] }
    expect(decodeServerMessage(encodeServerMessage(mail))).to.deep.equal(mail)
  })

  it('refuses a push that carries both mail and changed device lists', () => {
    const frame = pb.ServerFrame.encode({ version: 1, push: { items: [{ seq: 1n, envelope: new Uint8Array([1]), receivedAt: 2n }], devicesChanged: { users: ['bob@relay.test'] } } })
    expect(protocolCode(() => decodeServerMessage(frame))).to.equal('MALFORMED')
  })

  it('refuses a devices-changed push naming nobody or too many', () => {
    const empty = pb.ServerFrame.encode({ version: 1, push: { items: [], devicesChanged: { users: [] } } })
    expect(protocolCode(() => decodeServerMessage(empty))).to.equal('INVALID_FIELD')
    const users = Array.from({ length: MAX_CHANGED_USERS_PER_PUSH + 1 }, (_, i) => `u${i}@relay.test`)
    expect(protocolCode(() => decodeServerMessage(encodeServerMessage({ type: 'devices-changed', users })))).to.equal('INVALID_FIELD')
  })

  it('refuses a devices-changed push naming something that is not a canonical address', () => {
    for (const bad of ['Bob@relay.test', 'bob@relay.test\n', 'no at sign', 'a@b@relay.test']) {
      const frame = pb.ServerFrame.encode({ version: 1, push: { items: [], devicesChanged: { users: ['bob@relay.test', bad] } } })
      expect(protocolCode(() => decodeServerMessage(frame)), JSON.stringify(bad)).to.equal('INVALID_FIELD')
    }
  })
})
