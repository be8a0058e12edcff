import { expect } from 'chai'
import {
  BUNDLE_SIGNATURE_CONTEXT, MAX_BUNDLE_BYTES, concatBytes, generateIdentityKey, signBundle, signIdentity,
  toHex, utf8Encode, verifyBundle, type IdentityKeyPair
} from '@parley/protocol'
import { Directory } from '../src/directory.js'
import { MAX_DEVICES_PER_USER } from '../src/constants.js'
import type { Accounts } from '../src/accounts.js'
import type { RelayDb } from '../src/store.js'
import { expectRelayError, makeAccounts, makeTempDir, openDb, removeTempDir, testKeys, type Keys } from './helpers.js'

const RELAY = 'relay.test'
const PHONE = '12D3KooWAlicePhone'
const LAPTOP = '12D3KooWAliceLaptop'
const T0 = 1_800_000_000_000

/** Reads a protobuf varint at `at`: its value and the index after it. */
function readVarint (bytes: Uint8Array, at: number): { value: number, next: number } {
  let value = 0
  let shift = 0
  for (let i = at; i < bytes.length; i++) {
    const b = bytes[i] as number
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return { value, next: i + 1 }
    shift += 7
  }
  throw new Error('truncated varint')
}

/**
 * The same SignedBundle with its signature replaced by `signer`'s signature over the same bundle
 * bytes. SignedBundle is `bundle = 1` then `signature = 2` (protocol/src/pb/bundle.proto).
 */
function resign (signed: Uint8Array, signer: IdentityKeyPair): Uint8Array {
  expect(signed[0]).to.equal(0x0a)
  const { value: length, next } = readVarint(signed, 1)
  const inner = signed.subarray(next, next + length)
  const signature = signIdentity(signer.privateKey, concatBytes(utf8Encode(BUNDLE_SIGNATURE_CONTEXT), inner))
  const out = signed.slice()
  expect(out.subarray(out.length - 66, out.length - 64)).to.deep.equal(new Uint8Array([0x12, 64]))
  out.set(signature, out.length - 64)
  return out
}

describe('Directory', function () {
  this.timeout(30_000)
  let keys: Keys
  let alice: IdentityKeyPair
  let dir: string | undefined
  let db: RelayDb
  let accounts: Accounts
  let directory: Directory

  /** A signed bundle for a device of `user` (alice by default). */
  function bundle (opts: { user?: string, peerId?: string, identity?: IdentityKeyPair, createdAt?: number } = {}): Uint8Array {
    const identity = opts.identity ?? alice
    return signBundle({
      user: opts.user ?? `alice@${RELAY}`,
      identityKey: identity.publicKey,
      peerId: opts.peerId ?? PHONE,
      rsaPublicKey: keys.rsa.publicKey,
      createdAt: opts.createdAt ?? T0
    }, identity.privateKey)
  }

  before(async () => {
    keys = await testKeys()
    alice = keys.identity
    dir = await makeTempDir('directory')
    db = await openDb(dir)
    const fx = makeAccounts(db, { relayName: RELAY })
    accounts = fx.accounts
    const from = (name: string): { peerId: string, ip: string } => ({ peerId: `12D3KooW-${name}`, ip: '192.0.2.1' })
    await Promise.all(['alice', 'alice.b', 'carol'].map(async name => { await accounts.register(name, `${name}@mail.test`, `${name} password`, from(name)) }))
    for (const name of ['alice', 'alice.b']) await accounts.verify(name, fx.mailer.codeFor(`${name}@mail.test`), from(name))
    directory = new Directory({ db, accounts, relayName: RELAY, now: () => T0 })
  })

  beforeEach(async () => {
    await db.json('directory').clear()
  })

  after(async () => {
    await db.close()
    await removeTempDir(dir)
  })

  describe('publish', () => {
    it('stores a valid bundle and serves its exact bytes', async () => {
      const signed = bundle()
      const published = await directory.publish('alice', PHONE, signed)
      expect(published).to.include({ user: `alice@${RELAY}`, peerId: PHONE, createdAt: T0 })
      const fetched = await directory.fetch(`alice@${RELAY}`)
      expect(fetched.map(toHex)).to.deep.equal([toHex(signed)])
      expect((await verifyBundle(fetched[0] as Uint8Array)).peerId).to.equal(PHONE)
      const [entry] = await directory.list('alice')
      expect(entry).to.include({ peerId: PHONE, identityKey: toHex(alice.publicKey), createdAt: T0 })
    })

    it('keeps every device published under the same identity key', async () => {
      await directory.publish('alice', PHONE, bundle({ peerId: PHONE }))
      await directory.publish('alice', LAPTOP, bundle({ peerId: LAPTOP }))
      expect((await directory.list('alice')).map(e => e.peerId).sort()).to.deep.equal([LAPTOP, PHONE].sort())
    })

    it('refuses an unverified account with NOT_VERIFIED', async () => {
      const signed = bundle({ user: `carol@${RELAY}` })
      await expectRelayError(async () => await directory.publish('carol', PHONE, signed), 'NOT_VERIFIED')
      expect(await directory.list('carol')).to.deep.equal([])
    })

    it('refuses an account that does not exist with UNAUTHENTICATED', async () => {
      await expectRelayError(async () => await directory.publish('nobody', PHONE, bundle({ user: `nobody@${RELAY}` })), 'UNAUTHENTICATED')
    })

    it('refuses a bundle signed by another identity key than the one it names with BAD_BUNDLE', async () => {
      const signed = bundle()
      // Re-signing with the right key gives the very same bytes, so the helper itself is sound.
      expect(toHex(resign(signed, alice))).to.equal(toHex(signed))
      const forged = resign(signed, keys.otherIdentity)
      const err = await expectRelayError(async () => await directory.publish('alice', PHONE, forged), 'BAD_BUNDLE')
      expect(err.message).to.match(/signature/)
      expect(await directory.list('alice')).to.deep.equal([])
    })

    it('refuses a bundle with a damaged signature with BAD_BUNDLE', async () => {
      const signed = bundle()
      const damaged = signed.slice()
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] as number) ^ 0x01
      await expectRelayError(async () => await directory.publish('alice', PHONE, damaged), 'BAD_BUNDLE')
    })

    it('refuses a bundle naming another device than the publisher with BAD_BUNDLE', async () => {
      await expectRelayError(async () => await directory.publish('alice', LAPTOP, bundle({ peerId: PHONE })), 'BAD_BUNDLE')
      expect(await directory.list('alice')).to.deep.equal([])
    })

    it('refuses a bundle for another user with BAD_BUNDLE', async () => {
      await expectRelayError(async () => await directory.publish('alice', PHONE, bundle({ user: `bob@${RELAY}` })), 'BAD_BUNDLE')
      await expectRelayError(async () => await directory.publish('alice', PHONE, bundle({ user: 'alice@other.relay' })), 'BAD_BUNDLE')
      expect(await directory.list('alice')).to.deep.equal([])
    })

    it('refuses bytes that are not a bundle, or too many of them, with BAD_BUNDLE', async () => {
      await expectRelayError(async () => await directory.publish('alice', PHONE, new Uint8Array([0x0a, 0x05, 0x01])), 'BAD_BUNDLE')
      await expectRelayError(async () => await directory.publish('alice', PHONE, new Uint8Array(0)), 'BAD_BUNDLE')
      await expectRelayError(async () => await directory.publish('alice', PHONE, new Uint8Array(MAX_BUNDLE_BYTES + 1)), 'BAD_BUNDLE')
    })

    it('refuses a bundle older than the published one for that device, and keeps the newer', async () => {
      const newer = bundle({ createdAt: T0 + 1000 })
      await directory.publish('alice', PHONE, newer)
      await expectRelayError(async () => await directory.publish('alice', PHONE, bundle({ createdAt: T0 })), 'BAD_BUNDLE')
      expect((await directory.fetch(`alice@${RELAY}`)).map(toHex)).to.deep.equal([toHex(newer)])
    })

    it('accepts the same bundle again and replaces a device\'s bundle with a newer one', async () => {
      await directory.publish('alice', PHONE, bundle())
      await directory.publish('alice', PHONE, bundle())
      const newer = bundle({ createdAt: T0 + 1 })
      await directory.publish('alice', PHONE, newer)
      expect((await directory.fetch(`alice@${RELAY}`)).map(toHex)).to.deep.equal([toHex(newer)])
    })

    it('drops every device of the old identity key when a new identity key is published', async () => {
      await directory.publish('alice', PHONE, bundle({ peerId: PHONE }))
      await directory.publish('alice', LAPTOP, bundle({ peerId: LAPTOP }))
      const fresh = generateIdentityKey()
      const tablet = '12D3KooWAliceTablet'
      const signed = bundle({ peerId: tablet, identity: fresh, createdAt: T0 + 5 })
      await directory.publish('alice', tablet, signed)
      const list = await directory.list('alice')
      expect(list.map(e => [e.peerId, e.identityKey])).to.deep.equal([[tablet, toHex(fresh.publicKey)]])
      expect((await directory.fetch(`alice@${RELAY}`)).map(toHex)).to.deep.equal([toHex(signed)])
    })

    it('refuses a replayed bundle of an old identity key, which would evict the current devices', async () => {
      const old = bundle({ peerId: PHONE, createdAt: T0 })
      await directory.publish('alice', PHONE, old)
      const fresh = generateIdentityKey()
      await directory.publish('alice', LAPTOP, bundle({ peerId: LAPTOP, identity: fresh, createdAt: T0 + 5 }))
      await expectRelayError(async () => await directory.publish('alice', PHONE, old), 'BAD_BUNDLE')
      expect((await directory.list('alice')).map(e => e.peerId)).to.deep.equal([LAPTOP])
    })

    it('refuses a bundle dated more than five minutes ahead, which would freeze later updates', async () => {
      await expectRelayError(async () => await directory.publish('alice', PHONE, bundle({ peerId: PHONE, createdAt: T0 + 5 * 60 * 1000 + 1 })), 'BAD_BUNDLE')
      await directory.publish('alice', PHONE, bundle({ peerId: PHONE, createdAt: T0 + 5 * 60 * 1000 }))
    })

    it(`refuses more than ${MAX_DEVICES_PER_USER} devices with QUOTA_EXCEEDED, but lets them republish`, async () => {
      for (let i = 0; i < MAX_DEVICES_PER_USER; i++) await directory.publish('alice', `device-${i}`, bundle({ peerId: `device-${i}` }))
      await expectRelayError(async () => await directory.publish('alice', 'one-too-many', bundle({ peerId: 'one-too-many' })), 'QUOTA_EXCEEDED')
      await directory.publish('alice', 'device-0', bundle({ peerId: 'device-0', createdAt: T0 + 1 }))
      expect(await directory.list('alice')).to.have.length(MAX_DEVICES_PER_USER)
    })
  })

  describe('fetch', () => {
    it('finds a user whatever the case of the address', async () => {
      await directory.publish('alice', PHONE, bundle())
      expect(await directory.fetch(`Alice@${RELAY.toUpperCase()}`)).to.have.length(1)
    })

    it('answers NOT_FOUND for an unknown user and for a user with no published keys', async () => {
      await expectRelayError(async () => await directory.fetch(`nobody@${RELAY}`), 'NOT_FOUND')
      await expectRelayError(async () => await directory.fetch(`carol@${RELAY}`), 'NOT_FOUND')
    })

    it('answers NOT_FOUND for a user of another relay, even one with the same name', async () => {
      await directory.publish('alice', PHONE, bundle())
      await expectRelayError(async () => await directory.fetch('alice@other.relay'), 'NOT_FOUND')
    })

    it('answers BAD_REQUEST for something that is not an address', async () => {
      for (const address of ['alice', '', 'alice@', 'a b@relay.test', 'alice@relay.test@x']) {
        await expectRelayError(async () => await directory.fetch(address), 'BAD_REQUEST')
      }
    })

    it('does not mix up users whose names share a prefix', async () => {
      await directory.publish('alice', PHONE, bundle())
      await expectRelayError(async () => await directory.fetch(`alic@${RELAY}`), 'NOT_FOUND')
      expect(await directory.list('alice.')).to.deep.equal([])
    })
  })

  describe('deleteUser', () => {
    it('removes every device of the user and leaves other users\' devices, even with a name that starts the same', async () => {
      const tablet = '12D3KooWAliceTablet'
      await directory.publish('alice', PHONE, bundle({ peerId: PHONE }))
      await directory.publish('alice', LAPTOP, bundle({ peerId: LAPTOP }))
      const other = bundle({ user: `alice.b@${RELAY}`, peerId: tablet })
      await directory.publish('alice.b', tablet, other)
      await directory.deleteUser('alice')
      expect(await directory.list('alice')).to.deep.equal([])
      await expectRelayError(async () => await directory.fetch(`alice@${RELAY}`), 'NOT_FOUND')
      expect((await directory.fetch(`alice.b@${RELAY}`)).map(toHex)).to.deep.equal([toHex(other)])
      // Nothing of alice is left on disk either.
      const keys: string[] = []
      for await (const key of db.json('directory').keys()) keys.push(key)
      expect(keys).to.deep.equal([`alice.b\x00${tablet}`])
    })

    it('does nothing for a user with no devices', async () => {
      await directory.publish('alice', PHONE, bundle())
      await directory.deleteUser('carol')
      await directory.deleteUser('nobody')
      expect(await directory.list('alice')).to.have.length(1)
    })
  })
})
