import { expect } from 'chai'
import {
  GROUP_STATE_CHUNK_BYTES, GroupLog, ReceiverChain, SenderChain, decodeGroupInvite, decodeGroupManage, decodeGroupState, decodeGroupStatePart,
  encodeGroupInvite, encodeGroupManage, encodeGroupState, encodeGroupStatePart, groupStateHash, groupStateParts, isProtocolError,
  joinGroupStateParts, randomBytes, contentKinds
} from '../../src/index.js'
import { create, person } from './fixtures.js'

function code (fn: () => unknown): string {
  try { fn() } catch (err) { if (isProtocolError(err)) return err.code; throw err }
  throw new Error('expected a ProtocolError')
}

describe('Group contents', () => {
  const alice = person('alice')
  const many = Array.from({ length: 4000 }, (_, i) => person(`m${String(i).padStart(4, '0')}`))

  it('registers the five group kinds beside text, receipts, files and profiles', () => {
    expect(contentKinds.all().map(k => k.name)).to.deep.equal(['text', 'receipt', 'group-change', 'sender-key', 'group-invite', 'group-state', 'group-manage', 'file', 'profile'])
  })

  it('round-trips an invite and a manage key, and refuses wrong sizes and a sender key of another group', () => {
    const chain = SenderChain.generate(randomBytes(32), 1)
    const invite = { groupId: chain.groupId, stateHash: randomBytes(32), epoch: 3, senderKey: chain.distribution() }
    expect(decodeGroupInvite(encodeGroupInvite(invite))).to.deep.equal(invite)
    expect(() => encodeGroupInvite({ ...invite, groupId: randomBytes(32) })).to.throw(TypeError)
    const manage = { groupId: chain.groupId, manageKey: randomBytes(32) }
    expect(decodeGroupManage(encodeGroupManage(manage))).to.deep.equal(manage)
    expect(code(() => decodeGroupManage(encodeGroupManage(manage).subarray(0, 40)))).to.be.oneOf(['TRUNCATED', 'INVALID_FIELD'])
    const bytes = encodeGroupInvite(invite)
    expect(code(() => decodeGroupInvite(new Uint8Array([...bytes, 0x78, 0x01])))).to.equal('MALFORMED')
  })

  it('cuts a large state into parts and joins them back, checked against the hash they name', () => {
    const signed = create(alice, many)
    const log = GroupLog.create(signed, alice.keys.publicKey)
    const parts = groupStateParts(log.state, signed)
    expect(parts.length).to.be.above(1)
    expect(parts.every(p => p.chunk.length <= GROUP_STATE_CHUNK_BYTES)).to.equal(true)
    const decoded = parts.map(p => decodeGroupStatePart(encodeGroupStatePart(p)))
    const joined = joinGroupStateParts(decoded)
    expect(groupStateHash(joined.state)).to.deep.equal(groupStateHash(log.state))
    expect(joined.change.hash).to.deep.equal(signed.hash)
    // Missing, reordered or altered parts do not make a state.
    expect(code(() => joinGroupStateParts(decoded.slice(1)))).to.equal('MISMATCH')
    expect(code(() => joinGroupStateParts([...decoded].reverse()))).to.equal('MISMATCH')
    const altered = decoded.map((p, i) => i === decoded.length - 1 ? { ...p, chunk: Uint8Array.from(p.chunk, (b, j) => j === 10 ? b ^ 1 : b) } : p)
    expect(() => joinGroupStateParts(altered)).to.throw()
  })

  it('decodes a state strictly: canonical order, a joined admin, no admin among the invited', () => {
    const log = GroupLog.create(create(alice, [person('bob')]), alice.keys.publicKey)
    expect(decodeGroupState(encodeGroupState(log.state))).to.deep.equal(log.state)
    const noAdmin = { ...log.state, members: log.state.members.map(m => ({ ...m, admin: false })) }
    expect(code(() => decodeGroupState(encodeGroupState(noAdmin)))).to.equal('INVALID_FIELD')
    const invitedAdmin = { ...log.state, members: log.state.members.map(m => ({ ...m, admin: true })) }
    expect(code(() => decodeGroupState(encodeGroupState(invitedAdmin)))).to.equal('INVALID_FIELD')
  })

  it('keeps a receiving chain, with its skipped keys, across a store and restore', async () => {
    const chain = SenderChain.generate(randomBytes(32), 1)
    const receiver = new ReceiverChain(chain.distribution(), { address: alice.address, device: 'd', identityKey: alice.keys.publicKey })
    const keys = [chain.next(), chain.next(), chain.next()]
    receiver.keyFor(2).commit()
    const restored = ReceiverChain.fromRecord(JSON.parse(JSON.stringify(receiver.toRecord())))
    expect(restored.skippedCount).to.equal(2)
    expect(restored.keyFor(0).key).to.deep.equal(keys[0]?.key)
    expect(code(() => restored.keyFor(2))).to.equal('REPLAYED')
    expect(restored.keyFor(3).key).to.deep.equal(chain.next().key)
  })
})
