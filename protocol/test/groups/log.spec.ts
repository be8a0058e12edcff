import { expect } from 'chai'
import { GROUP_FORK_WINDOW, GroupLog, decodeSignedGroupChange, groupStateHash, signGroupChange, type GroupState, type SignedGroupChange } from '../../src/index.js'
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
    for (const log of logs) expect(log.offer(received(c), 1 + steps.indexOf(make)).outcome).to.equal('applied')
  }
  return logs
}

describe('group log', () => {
  it('ends two admins\' simultaneous changes in the same state on every device, whatever the order they arrive in: the one first in the relay\'s log wins', () => {
    const [a, b, c] = threeLogs() as [GroupLog, GroupLog, GroupLog]
    const base = a.state
    const fromAlice = change(base, alice, { type: 'remove', target: carol.address })
    const fromBob = change(base, bob, { type: 'rename', name: 'Bob\'s' })
    // Alice's stands at 10 in the log, Bob's at 11; their hashes play no part.
    const [winner, loser] = [{ c: fromAlice, seq: 10 }, { c: fromBob, seq: 11 }]

    expect(a.offer(received(winner.c), winner.seq).outcome).to.equal('applied')
    expect(() => a.offer(received(loser.c), loser.seq)).to.throw('came before it')

    expect(b.offer(received(loser.c), loser.seq).outcome).to.equal('applied')
    const reorg = b.offer(received(winner.c), winner.seq)
    expect(reorg.outcome).to.equal('reorganised')
    expect(reorg.outcome === 'reorganised' && reorg.dropped.map(d => d.hash)).to.deep.equal([loser.c.hash])

    // A change built on the loser: the device that held it drops it with the loser.
    c.offer(received(loser.c), loser.seq)
    const builtOnLoser = change(c.state, alice, { type: 'rename', name: 'On the loser' })
    c.offer(received(builtOnLoser), 12)
    const deep = c.offer(received(winner.c), winner.seq)
    expect(deep.outcome === 'reorganised' && deep.dropped.map(d => d.hash)).to.deep.equal([loser.c.hash, builtOnLoser.hash])
    for (const log of [a, b, c]) {
      expect(log.state.head).to.deep.equal(winner.c.hash)
      expect(log.stateHash).to.deep.equal(a.stateHash)
    }
    // Elsewhere it names a state not held: kept aside as 'ahead' (it may be a branch not seen yet), never applied.
    expect(a.offer(received(builtOnLoser), 12).outcome).to.equal('ahead')
    expect(c.offer(received(builtOnLoser), 12).outcome).to.equal('ahead')
  })

  it('never lets an admin who was removed or demoted take the group back with a change to a state from before, whatever its hash', async () => {
    for (const takeOut of [{ type: 'remove', target: bob.address } as const, { type: 'set-admin', target: bob.address, admin: false } as const]) {
      const [log] = threeLogs() as [GroupLog]
      const before = log.state
      const out = change(before, alice, takeOut)
      expect(log.offer(received(out), 10).outcome).to.equal('applied')
      log.offer(received(change(log.state, alice, { type: 'rename', name: 'After' })), 11)
      const held = log.stateHash
      // Bob, still an admin in the state before, tries changes on it until one's hash is lower than Alice's.
      let lower: SignedGroupChange | undefined
      for (let i = 0; lower === undefined && i < 200; i++) {
        const attempt = signGroupChange({ groupId: before.groupId, epoch: before.epoch + 1, prior: groupStateHash(before), author: bob.address, madeAt: 1_700_000_000_000 + i, action: { type: 'remove', target: alice.address } }, bob.keys.privateKey)
        if (Buffer.compare(Buffer.from(attempt.hash), Buffer.from(out.hash)) < 0) lower = attempt
      }
      expect(lower, 'a lower hash was found').to.not.equal(undefined)
      await expectProtocolError(() => log.offer(received(lower!), 12), 'MISMATCH')
      expect(log.stateHash).to.deep.equal(held)
      expect(log.state.members.find(m => m.address === alice.address)?.admin).to.equal(true)
    }
  })

  it('takes a replay as a duplicate, tells a change for a later state apart, and leaves the log as it was on a refusal', async () => {
    const [log] = threeLogs() as [GroupLog]
    const rename = change(log.state, alice, { type: 'rename', name: 'Once' })
    expect(log.offer(received(rename), 10).outcome).to.equal('applied')
    expect(log.offer(received(rename), 11).outcome).to.equal('duplicate')
    const next = change(log.state, alice, { type: 'rename', name: 'Twice' })
    const afterNext = change({ ...log.state, epoch: log.state.epoch + 1, head: next.hash, name: 'Twice' }, alice, { type: 'rename', name: 'Thrice' })
    expect(log.offer(received(afterNext), 12).outcome).to.equal('ahead')
    const before = log.stateHash
    await expectProtocolError(() => log.offer(received(change(log.state, dave, { type: 'leave' })), 13), 'NOT_ALLOWED')
    await expectProtocolError(() => log.offer(received(change(log.state, alice, { type: 'rename', name: 'Forged' }, carol.keys.privateKey)), 14), 'BAD_SIGNATURE')
    expect(log.stateHash).to.deep.equal(before)
    expect(log.offer(received(next), 15).outcome).to.equal('applied')
    expect(() => log.offer(received(afterNext), -1)).to.throw(RangeError)
    expect(() => log.offer(received(afterNext), 1.5)).to.throw(RangeError)
  })

  it('tries a change on a copy without touching the log', () => {
    const [log] = threeLogs() as [GroupLog]
    const held = log.stateHash
    const copy = log.copy()
    expect(copy.offer(received(change(log.state, alice, { type: 'rename', name: 'Tried' })), 10).outcome).to.equal('applied')
    expect(log.stateHash).to.deep.equal(held)
    expect(copy.state.name).to.equal('Tried')
  })

  it('keeps a bounded window of past states, and survives a store and restore with each change\'s place in the log', async () => {
    const [log] = threeLogs() as [GroupLog]
    const first = log.state
    for (let i = 0; i < GROUP_FORK_WINDOW + 5; i++) log.offer(received(change(log.state, alice, { type: 'rename', name: `Name ${i}` })), 10 + i)
    expect(log.kept).to.have.length(GROUP_FORK_WINDOW + 1)
    await expectProtocolError(() => log.offer(received(change(first, bob, { type: 'rename', name: 'Too late' })), 1), 'MISMATCH')
    const restored = GroupLog.restore(log.kept.map(({ state, change, seq }) => ({ state, change, seq })))
    expect(restored.stateHash).to.deep.equal(log.stateHash)
    const prior = (restored.kept.at(-2) as { state: GroupState }).state
    const headSeq = (restored.kept.at(-1) as { seq: number }).seq
    await expectProtocolError(() => restored.offer(received(change(prior, bob, { type: 'rename', name: 'Later in the log' })), headSeq + 1), 'MISMATCH')
    expect(restored.offer(received(change(prior, bob, { type: 'rename', name: 'Earlier in the log' })), headSeq - 1).outcome).to.equal('reorganised')
    expect(restored.offer(received(change(restored.state, bob, { type: 'rename', name: 'After restore' })), headSeq + 2).outcome).to.equal('applied')
  })
})
