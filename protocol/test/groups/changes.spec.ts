import { expect } from 'chai'
import {
  MAX_GROUP_MEMBERS, applyGroupChange, decodeSignedGroupChange, groupStateHash, signGroupChange, type GroupState, type SignedGroupChange
} from '../../src/index.js'
import * as pb from '../../src/pb/group.js'
import { expectProtocolError, flipBit } from '../helpers.js'
import { change, create, person } from './fixtures.js'

const alice = person('alice')
const bob = person('bob')
const carol = person('carol')
const dave = person('dave')

/** Decodes the change as a receiver would, then applies it. */
function apply (state: GroupState | undefined, signed: SignedGroupChange, creatorKey?: Uint8Array): GroupState {
  return applyGroupChange(state, decodeSignedGroupChange(signed.bytes), creatorKey)
}

function roles (state: GroupState): string[] {
  return state.members.map(m => `${m.address.split('@')[0] as string}:${m.joined ? 'joined' : 'invited'}${m.admin ? ':admin' : ''}`)
}

describe('group changes', () => {
  let created: GroupState

  beforeEach(() => {
    created = apply(undefined, create(alice, [bob, carol]), alice.keys.publicKey)
  })

  it('runs a group\'s life: create, accept, decline, invite, make admin, rename, remove, leave', () => {
    expect(created.epoch).to.equal(1)
    expect(roles(created)).to.deep.equal(['alice:joined:admin', 'bob:invited', 'carol:invited'])
    let s = apply(created, change(created, bob, { type: 'accept' }))
    s = apply(s, change(s, carol, { type: 'decline' }))
    s = apply(s, change(s, alice, { type: 'invite', invitees: [{ address: dave.address, identityKey: dave.keys.publicKey }] }))
    s = apply(s, change(s, dave, { type: 'accept' }))
    s = apply(s, change(s, alice, { type: 'set-admin', target: bob.address, admin: true }))
    s = apply(s, change(s, bob, { type: 'rename', name: 'Bouldering' }))
    s = apply(s, change(s, bob, { type: 'remove', target: alice.address }))
    expect(s.epoch).to.equal(8)
    expect(s.name).to.equal('Bouldering')
    expect(roles(s)).to.deep.equal(['bob:joined:admin', 'dave:joined'])
    // The last admin leaving makes the first joined member (by address) one.
    s = apply(s, change(s, bob, { type: 'leave' }))
    expect(roles(s)).to.deep.equal(['dave:joined:admin'])
  })

  it('names a state by a hash that does not depend on the order members were added in', () => {
    const a = { ...created, members: [...created.members].reverse() }
    expect(groupStateHash(a)).to.deep.equal(groupStateHash(created))
    expect(groupStateHash({ ...created, name: 'Other' })).to.not.deep.equal(groupStateHash(created))
  })

  it('refuses a create under another key than the one held for its author', async () => {
    await expectProtocolError(() => apply(undefined, create(alice, [bob]), bob.keys.publicKey), 'MISMATCH')
    await expectProtocolError(() => apply(undefined, create(alice, [bob])), 'MISMATCH')
  })

  it('refuses a change signed by anyone but its author (a forged change)', async () => {
    const s = apply(created, change(created, bob, { type: 'accept' }))
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'rename', name: 'Forged' }, bob.keys.privateKey)), 'BAD_SIGNATURE')
    const good = change(s, alice, { type: 'rename', name: 'Fine' })
    const body = pb.SignedGroupChange.decode(good.bytes)
    for (const bit of [0, 3, 7]) {
      const tampered = pb.SignedGroupChange.encode({ change: body.change, signature: flipBit(body.signature, 10, bit) as Uint8Array<ArrayBuffer> })
      await expectProtocolError(() => applyGroupChange(s, decodeSignedGroupChange(tampered)), 'BAD_SIGNATURE')
    }
  })

  it('refuses what only an admin may do from a member, and acts of people not in the group', async () => {
    const s = apply(created, change(created, bob, { type: 'accept' }))
    await expectProtocolError(() => apply(s, change(s, bob, { type: 'rename', name: 'Mine' })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, bob, { type: 'remove', target: alice.address })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, bob, { type: 'set-admin', target: bob.address, admin: true })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, bob, { type: 'invite', invitees: [{ address: dave.address, identityKey: dave.keys.publicKey }] })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, dave, { type: 'leave' })), 'NOT_ALLOWED')
    // Invited, not joined: carol may accept or decline, nothing else; a joined member cannot accept again.
    await expectProtocolError(() => apply(s, change(s, carol, { type: 'leave' })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, bob, { type: 'accept' })), 'NOT_ALLOWED')
  })

  it('refuses a replayed, reordered or misdirected change: each names the one state it applies to', async () => {
    const accept = change(created, bob, { type: 'accept' })
    const s = apply(created, accept)
    await expectProtocolError(() => apply(s, accept), 'MISMATCH')
    const later = change(s, alice, { type: 'rename', name: 'Later' })
    await expectProtocolError(() => apply(created, later), 'MISMATCH')
    const other = apply(undefined, create(alice, [bob]), alice.keys.publicKey)
    await expectProtocolError(() => apply(other, change(created, bob, { type: 'accept' })), 'MISMATCH')
    await expectProtocolError(() => apply(s, create(alice, [bob])), 'MISMATCH')
  })

  it('refuses changes that change nothing or would leave the group without an admin', async () => {
    let s = apply(created, change(created, bob, { type: 'accept' }))
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'rename', name: 'Climbing' })), 'INVALID_FIELD')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'set-admin', target: bob.address, admin: false })), 'INVALID_FIELD')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'set-admin', target: alice.address, admin: false })), 'NOT_ALLOWED')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'set-admin', target: carol.address, admin: true })), 'INVALID_FIELD')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'remove', target: alice.address })), 'INVALID_FIELD')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'remove', target: dave.address })), 'INVALID_FIELD')
    await expectProtocolError(() => apply(s, change(s, alice, { type: 'invite', invitees: [{ address: bob.address, identityKey: bob.keys.publicKey }] })), 'INVALID_FIELD')
    s = apply(s, change(s, alice, { type: 'remove', target: carol.address }))
    expect(roles(s)).to.deep.equal(['alice:joined:admin', 'bob:joined'])
  })

  it('decodes strictly: fields an action does not use, bad names, doubled or malformed invitees, cut or flipped bytes', async () => {
    const wire = (fields: Partial<pb.GroupChange>): Uint8Array => pb.SignedGroupChange.encode({
      change: pb.GroupChange.encode({
        version: 1, groupId: new Uint8Array(32), epoch: 2n, prior: new Uint8Array(32), author: alice.address, action: pb.GroupAction.LEAVE,
        name: '', invitees: [], target: '', admin: false, authorIdentityKey: new Uint8Array(0), madeAt: 0n, ...fields
      }),
      signature: new Uint8Array(64)
    })
    expect(decodeSignedGroupChange(wire({})).change.action).to.deep.equal({ type: 'leave' })
    await expectProtocolError(() => decodeSignedGroupChange(wire({ name: 'x' })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ target: bob.address })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.RENAME, name: ' padded' })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.RENAME, name: 'a\nb' })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.REMOVE, target: 'Bob@relay.test' })), 'INVALID_ADDRESS')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.GROUP_ACTION_UNSPECIFIED })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ epoch: 1n })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ prior: new Uint8Array(31) })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ groupId: new Uint8Array(16) })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ version: 2 })), 'UNSUPPORTED_VERSION')
    const bobEntry = { address: bob.address, identityKey: bob.keys.publicKey as Uint8Array<ArrayBuffer>, admin: false, joined: false }
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.INVITE, invitees: [bobEntry, bobEntry] })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.INVITE, invitees: [{ ...bobEntry, admin: true }] })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.INVITE, invitees: [{ ...bobEntry, identityKey: new Uint8Array(31) }] })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSignedGroupChange(wire({ action: pb.GroupAction.INVITE })), 'INVALID_FIELD')
    const good = wire({})
    await expectProtocolError(() => decodeSignedGroupChange(good.subarray(0, good.length - 3)), 'TRUNCATED', 'MALFORMED', 'INVALID_FIELD')
    for (let i = 0; i < good.length; i += 7) {
      try { decodeSignedGroupChange(flipBit(good, i, 1)) } catch (err) { expect((err as Error).name).to.equal('ProtocolError') }
    }
  })

  it('holds up to 5,000 people, and refuses a create or invite past that', async () => {
    const many = Array.from({ length: MAX_GROUP_MEMBERS - 1 }, (_, i) => ({ address: `p${i}@relay.test`, identityKey: bob.keys.publicKey }))
    const signed = signGroupChange({ groupId: new Uint8Array(32).fill(1), epoch: 1, prior: new Uint8Array(0), author: alice.address, madeAt: 0, action: { type: 'create', name: 'Big', authorIdentityKey: alice.keys.publicKey, invitees: many } }, alice.keys.privateKey)
    const big = apply(undefined, signed, alice.keys.publicKey)
    expect(big.members).to.have.length(MAX_GROUP_MEMBERS)
    await expectProtocolError(() => apply(big, change(big, alice, { type: 'invite', invitees: [{ address: dave.address, identityKey: dave.keys.publicKey }] })), 'INVALID_FIELD')
    expect(() => signGroupChange({ ...signed.change, action: { type: 'create', name: 'Too big', authorIdentityKey: alice.keys.publicKey, invitees: [...many, { address: dave.address, identityKey: dave.keys.publicKey }] } }, alice.keys.privateKey)).to.throw(TypeError)
  })
})
