import { expect } from 'chai'
import { GROUP_FORK_WINDOW, GroupLog, decodeSignedGroupChange, type SignedGroupChange } from '../../src/index.js'
import { expectProtocolError } from '../helpers.js'
import { change, create, person } from './fixtures.js'

const alice = person('alice')
const bob = person('bob')
const carol = person('carol')
const dave = person('dave')

const received = (s: SignedGroupChange): SignedGroupChange => decodeSignedGroupChange(s.bytes)

/** A group of alice and bob (both admins) and carol, as three devices' logs. */
function threeLogs (): GroupLog[] {
  const created = create(alice, [bob, carol])
  const logs = [0, 1, 2].map(() => GroupLog.create(received(created), alice.keys.publicKey))
  const steps = [
    (l: GroupLog) => change(l.state, bob, { type: 'accept' }),
    (l: GroupLog) => change(l.state, carol, { type: 'accept' }),
    (l: GroupLog) => change(l.state, alice, { type: 'set-admin', target: bob.address, admin: true })
  ]
  for (const make of steps) {
    const c = make(logs[0] as GroupLog)
    for (const log of logs) expect(log.offer(received(c)).outcome).to.equal('applied')
  }
  return logs
}

describe('group log', () => {
  it('ends two admins\' simultaneous changes in the same state on every device, whatever the order they arrive in', () => {
    const [a, b, c] = threeLogs() as [GroupLog, GroupLog, GroupLog]
    const base = a.state
    const fromAlice = change(base, alice, { type: 'remove', target: carol.address })
    const fromBob = change(base, bob, { type: 'rename', name: 'Bob\'s' })
    const [winner, loser] = Buffer.compare(Buffer.from(fromAlice.hash), Buffer.from(fromBob.hash)) < 0 ? [fromAlice, fromBob] : [fromBob, fromAlice]

    expect(a.offer(received(winner)).outcome).to.equal('applied')
    expect(() => a.offer(received(loser))).to.throw('won')

    expect(b.offer(received(loser)).outcome).to.equal('applied')
    const reorg = b.offer(received(winner))
    expect(reorg.outcome).to.equal('reorganised')
    expect(reorg.outcome === 'reorganised' && reorg.dropped.map(d => d.hash)).to.deep.equal([loser.hash])

    // A change built on the loser: the device that held it drops it with the loser.
    c.offer(received(loser))
    const builtOnLoser = change(c.state, alice, { type: 'rename', name: 'On the loser' })
    c.offer(received(builtOnLoser))
    expect(c.offer(received(winner)).outcome).to.equal('reorganised')
    for (const log of [a, b, c]) {
      expect(log.state.head).to.deep.equal(winner.hash)
      expect(log.stateHash).to.deep.equal(a.stateHash)
    }
    // Elsewhere it names a state not held: kept aside as 'ahead' (it may be a branch not seen yet), never applied.
    expect(a.offer(received(builtOnLoser)).outcome).to.equal('ahead')
    expect(c.offer(received(builtOnLoser)).outcome).to.equal('ahead')
  })

  it('takes a replay as a duplicate, tells a change for a later state apart, and leaves the log as it was on a refusal', async () => {
    const [log] = threeLogs() as [GroupLog]
    const rename = change(log.state, alice, { type: 'rename', name: 'Once' })
    expect(log.offer(received(rename)).outcome).to.equal('applied')
    expect(log.offer(received(rename)).outcome).to.equal('duplicate')
    const next = change(log.state, alice, { type: 'rename', name: 'Twice' })
    const afterNext = change({ ...log.state, epoch: log.state.epoch + 1, head: next.hash, name: 'Twice' }, alice, { type: 'rename', name: 'Thrice' })
    expect(log.offer(received(afterNext)).outcome).to.equal('ahead')
    const before = log.stateHash
    await expectProtocolError(() => log.offer(received(change(log.state, dave, { type: 'leave' }))), 'NOT_ALLOWED')
    await expectProtocolError(() => log.offer(received(change(log.state, alice, { type: 'rename', name: 'Forged' }, carol.keys.privateKey))), 'BAD_SIGNATURE')
    expect(log.stateHash).to.deep.equal(before)
    expect(log.offer(received(next)).outcome).to.equal('applied')
  })

  it('keeps a bounded window of past states, and survives a store and restore', async () => {
    const [log] = threeLogs() as [GroupLog]
    const first = log.state
    for (let i = 0; i < GROUP_FORK_WINDOW + 5; i++) log.offer(received(change(log.state, alice, { type: 'rename', name: `Name ${i}` })))
    expect(log.kept).to.have.length(GROUP_FORK_WINDOW + 1)
    await expectProtocolError(() => log.offer(received(change(first, bob, { type: 'rename', name: 'Too late' }))), 'MISMATCH')
    const restored = GroupLog.restore(log.kept.map(e => ({ ...e })))
    expect(restored.stateHash).to.deep.equal(log.stateHash)
    expect(restored.offer(received(change(log.state, bob, { type: 'rename', name: 'After restore' }))).outcome).to.equal('applied')
  })
})
