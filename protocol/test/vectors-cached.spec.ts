import { expect } from 'chai'
import { createEnvelopes } from '../src/envelope/index.js'
import { createEd25519 } from '../src/ed25519.js'
import { fromHex, toHex } from '../src/bytes.js'
import { importRsaPrivateKey } from '../src/keys.js'
import type { ProtocolError } from '../src/errors.js'
import { expectProtocolError, loadVector } from './helpers.js'

interface Keys { devices: Record<string, { deviceId: string, rsaPkcs8: string }>, identities: Record<string, { publicKey: string }> }

/**
 * The envelope vectors once more, through a long-lived `createEnvelopes()` whose Ed25519 is
 * WebCrypto's and whose keys stay cached between envelopes: each must give the verdict the
 * vectors pin for the stateless functions (vectors.spec.ts).
 */
describe('vectors through createEnvelopes() with WebCrypto Ed25519', () => {
  const keys = loadVector<Keys>('keys.json')
  const envelopes = createEnvelopes({ hybridRsaAes: { ed25519: createEd25519({ backend: 'webcrypto' }) } })

  describe('envelope.json', () => {
    const v = loadVector<{ deviceId: string, senderIdentityKey: string, envelope: string, expected: { content: Record<string, unknown> & { sender: string }, header: { expiresAt: number } }, rejections: Array<{ description: string, envelope: string, error: ProtocolError['code'] }> }>('envelope.json')
    const device = Object.values(keys.devices).find(d => d.deviceId === v.deviceId)!
    let opts: Parameters<typeof envelopes.open>[1]
    before(async () => {
      opts = {
        deviceId: v.deviceId,
        rsaPrivateKey: await importRsaPrivateKey(fromHex(device.rsaPkcs8)),
        resolveIdentityKey: async sender => sender === v.expected.content.sender ? fromHex(v.senderIdentityKey) : undefined,
        now: v.expected.header.expiresAt - 1
      }
    })

    it('opens to the expected content', async () => {
      const c = (await envelopes.open(fromHex(v.envelope), opts)).content
      expect({ ...c, senderIdentityKey: toHex(c.senderIdentityKey), body: toHex(c.body) }).to.deep.equal(v.expected.content)
    })
    for (const r of v.rejections) {
      it(`rejects: ${r.description} (${r.error})`, async () => {
        await expectProtocolError(async () => await envelopes.open(fromHex(r.envelope), opts), r.error)
      })
    }
  })

  describe('strict.json', () => {
    const v = loadVector<{ control: string, cases: Array<{ description: string, decoder: string, input: string, error: ProtocolError['code'] }> }>('strict.json')
    const bob = keys.devices.bobLaptop!
    const opts = {
      deviceId: bob.deviceId,
      rsaPrivateKey: fromHex(bob.rsaPkcs8),
      resolveIdentityKey: async (sender: string) => sender === 'alice@relay.example.org' ? fromHex(keys.identities.alice!.publicKey) : undefined,
      expectedRecipient: 'bob@relay.example.org'
    }
    it('opens the control envelope', async () => {
      expect((await envelopes.open(fromHex(v.control), opts)).content.sender).to.equal('alice@relay.example.org')
    })
    for (const c of v.cases.filter(c => c.decoder === 'open')) {
      it(`rejects: ${c.description} (${c.error})`, async () => {
        await expectProtocolError(async () => await envelopes.open(fromHex(c.input), opts), c.error)
      })
    }
  })
})
