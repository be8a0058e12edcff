import { expect } from 'chai'
import { formatAddress, isValidAddress, isValidName, isValidRelayName, parseAddress } from '../src/address.js'
import { MAX_NAME_LENGTH, MAX_RELAY_NAME_LENGTH } from '../src/constants.js'
import { expectProtocolError, loadVector } from './helpers.js'

interface AddressVector {
  valid: Array<{ input: string, name: string, relay: string, canonical: string, alreadyCanonical: boolean }>
  invalid: string[]
}

describe('address', () => {
  describe('parseAddress', () => {
    it('splits name@relay', () => {
      expect(parseAddress('alice@relay.example.org')).to.deep.equal({ name: 'alice', relay: 'relay.example.org' })
    })

    it('accepts single-label hosts, IPv4 and ports', () => {
      expect(parseAddress('bob@localhost')).to.deep.equal({ name: 'bob', relay: 'localhost' })
      expect(parseAddress('bob@127.0.0.1:8080')).to.deep.equal({ name: 'bob', relay: '127.0.0.1:8080' })
      expect(parseAddress('bob@relay.example.org:65535').relay).to.equal('relay.example.org:65535')
    })

    it('normalises to lowercase', () => {
      expect(parseAddress('Alice@Relay.Example.ORG')).to.deep.equal({ name: 'alice', relay: 'relay.example.org' })
    })

    it('accepts a name of exactly MAX_NAME_LENGTH characters and refuses one more', async () => {
      expect(parseAddress(`${'a'.repeat(MAX_NAME_LENGTH)}@x`).name).to.have.length(MAX_NAME_LENGTH)
      await expectProtocolError(() => parseAddress(`${'a'.repeat(MAX_NAME_LENGTH + 1)}@x`), 'INVALID_ADDRESS')
    })

    it('accepts a relay name of exactly MAX_RELAY_NAME_LENGTH characters and refuses one more', async () => {
      const label = 'a'.repeat(63)
      const host = [label, label, label, 'a'.repeat(MAX_RELAY_NAME_LENGTH - 3 * 64)].join('.')
      expect(host).to.have.length(MAX_RELAY_NAME_LENGTH)
      expect(parseAddress(`n@${host}`).relay).to.equal(host)
      await expectProtocolError(() => parseAddress(`n@${host}a`), 'INVALID_ADDRESS')
    })

    it('refuses whitespace anywhere', async () => {
      for (const s of [' alice@relay', 'alice @relay', 'alice@ relay', 'alice@relay ', 'alice@re\nlay', 'al\u00a0ice@relay']) {
        await expectProtocolError(() => parseAddress(s), 'INVALID_ADDRESS')
      }
    })

    it('refuses empty parts and more than one @', async () => {
      for (const s of ['', '@', 'alice@', '@relay', 'alice', 'alice@@relay', 'a@b@c']) {
        await expectProtocolError(() => parseAddress(s), 'INVALID_ADDRESS')
      }
    })

    it('refuses non-ASCII look-alikes that lowercase to ASCII', async () => {
      // U+212A KELVIN SIGN lowercases to "k".
      await expectProtocolError(() => parseAddress('\u212Aate@relay'), 'INVALID_ADDRESS')
      await expectProtocolError(() => parseAddress('kate@r\u0435lay'), 'INVALID_ADDRESS')
    })

    it('refuses malformed hosts and ports', async () => {
      for (const relay of ['relay..org', '.relay', 'relay.', '-relay.org', 'relay-.org', 'rel_ay.org', 'relay:0',
        'relay:65536', 'relay:080', 'relay:', ':80', 'relay:8:8', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4',
        'relay.123', '[::1]', `${'a'.repeat(64)}.org`]) {
        await expectProtocolError(() => parseAddress(`alice@${relay}`), 'INVALID_ADDRESS')
      }
    })

    it('throws TypeError for a non-string', () => {
      expect(() => parseAddress(42 as unknown as string)).to.throw(TypeError)
    })
  })

  describe('formatAddress', () => {
    it('joins and normalises', () => {
      expect(formatAddress('Alice', 'LOCALHOST:80')).to.equal('alice@localhost:80')
    })

    it('refuses a name containing @', async () => {
      await expectProtocolError(() => formatAddress('al@ice', 'relay'), 'INVALID_ADDRESS')
    })
  })

  describe('validators', () => {
    it('isValidName follows [a-z0-9][a-z0-9._-]{0,31}', () => {
      expect(isValidName('a')).to.equal(true)
      expect(isValidName('0.a_b-c')).to.equal(true)
      expect(isValidName('')).to.equal(false)
      expect(isValidName('_a')).to.equal(false)
      expect(isValidName('Alice')).to.equal(false)
    })

    it('isValidRelayName wants lowercase', () => {
      expect(isValidRelayName('relay.example.org')).to.equal(true)
      expect(isValidRelayName('Relay.example.org')).to.equal(false)
    })

    it('isValidAddress accepts only the canonical form', () => {
      expect(isValidAddress('alice@localhost')).to.equal(true)
      expect(isValidAddress('Alice@localhost')).to.equal(false)
      expect(isValidAddress('alice@localhost@x')).to.equal(false)
    })
  })

  describe('vectors (test/vectors/addresses.json)', () => {
    const vector = loadVector<AddressVector>('addresses.json')

    it('parses every valid input to its canonical form', () => {
      for (const v of vector.valid) {
        expect(parseAddress(v.input), v.input).to.deep.equal({ name: v.name, relay: v.relay })
        expect(isValidAddress(v.input), v.input).to.equal(v.alreadyCanonical)
        expect(isValidAddress(v.canonical), v.canonical).to.equal(true)
      }
    })

    it('refuses every invalid input with INVALID_ADDRESS', async () => {
      for (const s of vector.invalid) {
        await expectProtocolError(() => parseAddress(s), 'INVALID_ADDRESS')
      }
    })
  })
})
