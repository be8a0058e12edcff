import { expect } from 'chai'
import { safetyNumber } from '../src/safety-number.js'
import { generateIdentityKey } from '../src/keys.js'

describe('safetyNumber', () => {
  const alice = { address: 'alice@relay.test', identityKey: generateIdentityKey().publicKey }
  const bob = { address: 'bob@relay.test', identityKey: generateIdentityKey().publicKey }

  it('is 60 digits in groups of 5, the same whoever computes it', () => {
    const ab = safetyNumber(alice, bob)
    expect(ab.digits).to.match(/^(\d{5} ){11}\d{5}$/)
    expect(safetyNumber(bob, alice)).to.deep.equal(ab)
    expect(ab.qr).to.match(/^parley-sn:1:[0-9a-f]{64}:[0-9a-f]{64}$/)
  })

  it('changes when either identity key changes, or an address does', () => {
    const ab = safetyNumber(alice, bob)
    const mallory = { ...bob, identityKey: generateIdentityKey().publicKey }
    expect(safetyNumber(alice, mallory).digits).to.not.equal(ab.digits)
    expect(safetyNumber({ ...alice, identityKey: generateIdentityKey().publicKey }, bob).digits).to.not.equal(ab.digits)
    expect(safetyNumber(alice, { ...bob, address: 'bobby@relay.test' }).digits).to.not.equal(ab.digits)
  })

  it('does not depend on the case of an address', () => {
    expect(safetyNumber(alice, { ...bob, address: 'BOB@Relay.Test' })).to.deep.equal(safetyNumber(alice, bob))
  })

  it('pins a fixed vector', () => {
    const a = { address: 'alice@relay.test', identityKey: new Uint8Array(32).fill(1) }
    const b = { address: 'bob@relay.test', identityKey: new Uint8Array(32).fill(2) }
    const n = safetyNumber(a, b)
    expect(n.digits).to.equal(FIXED)
  })

  it('refuses an identity key of the wrong length', () => {
    expect(() => safetyNumber({ ...alice, identityKey: new Uint8Array(31) }, bob)).to.throw(RangeError)
  })
})

// Computed once with this implementation: pins the construction against accidental change.
const FIXED = '56271 12679 92290 60294 66723 33698 87671 25913 18448 09233 36444 25601'
