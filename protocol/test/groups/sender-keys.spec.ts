import { expect } from 'chai'
import {
  MAX_SKIP_AHEAD, ReceiverChain, SenderChain, decodeSenderKeyDistribution, encodeSenderKeyDistribution, generateIdentityKey,
  groupConversationId, inspectGroupMessage, openGroupMessage, randomBytes, sealGroupMessage, utf8Encode, type Content
} from '../../src/index.js'
import * as pb from '../../src/pb/group.js'
import { expectProtocolError, flipBit } from '../helpers.js'

const groupId = randomBytes(32)
const alice = { address: 'alice@relay.test', device: '12D3KooWAlice', identityKey: generateIdentityKey().publicKey }

function text (body: string, from = alice): Content {
  return { sender: from.address, senderDevice: from.device, senderIdentityKey: from.identityKey, sentAt: 1_700_000_000_000, conversation: groupConversationId(groupId), kind: 'text', body: utf8Encode(body) }
}

/** A receiver of `chain` as a member's device holds it, after the distribution went through its codec. */
function receiverOf (chain: SenderChain): ReceiverChain {
  return new ReceiverChain(decodeSenderKeyDistribution(encodeSenderKeyDistribution(chain.distribution())), alice)
}

async function seal (chain: SenderChain, body: string, from = alice): Promise<Uint8Array> {
  return (await sealGroupMessage(chain, { content: text(body, from), expiresAt: 2_000_000_000_000 })).bytes
}

const bodyOf = (opened: { content: Content }): string => new TextDecoder().decode(opened.content.body)

describe('sender keys and group messages', () => {
  it('encrypts and signs once; every member\'s device opens the same bytes', async () => {
    const chain = SenderChain.generate(groupId, 1)
    const members = [receiverOf(chain), receiverOf(chain), receiverOf(chain)]
    const bytes = await seal(chain, 'hello all')
    for (const r of members) expect(bodyOf(await openGroupMessage(bytes, r))).to.equal('hello all')
    const header = inspectGroupMessage(bytes)
    expect(header.iteration).to.equal(0)
    expect(header.keyId).to.deep.equal(chain.keyId)
  })

  it('reads messages out of order within the window, each once; refuses replays, and one too far ahead', async () => {
    const chain = SenderChain.generate(groupId, 1)
    const r = receiverOf(chain)
    const sent: Uint8Array[] = []
    for (let i = 0; i < 5; i++) sent.push(await seal(chain, `m${i}`))
    expect(bodyOf(await openGroupMessage(sent[3] as Uint8Array, r))).to.equal('m3')
    expect(r.skippedCount).to.equal(3)
    expect(bodyOf(await openGroupMessage(sent[1] as Uint8Array, r))).to.equal('m1')
    await expectProtocolError(async () => await openGroupMessage(sent[1] as Uint8Array, r), 'REPLAYED')
    await expectProtocolError(async () => await openGroupMessage(sent[3] as Uint8Array, r), 'REPLAYED')
    expect(bodyOf(await openGroupMessage(sent[4] as Uint8Array, r))).to.equal('m4')
    expect(bodyOf(await openGroupMessage(sent[0] as Uint8Array, r))).to.equal('m0')
    expect(bodyOf(await openGroupMessage(sent[2] as Uint8Array, r))).to.equal('m2')
    expect(r.skippedCount).to.equal(0)
    // Two copies at once: one is read, the other is a replay.
    const again = await seal(chain, 'twice')
    const both = await Promise.allSettled([openGroupMessage(again, r), openGroupMessage(again, r)])
    expect(both.map(b => b.status).sort()).to.deep.equal(['fulfilled', 'rejected'])
    for (let i = 0; i <= MAX_SKIP_AHEAD; i++) chain.next()
    await expectProtocolError(async () => await openGroupMessage(await seal(chain, 'far'), r), 'INVALID_FIELD')
  })

  it('gives a member who joins later only what is sent from then on', async () => {
    const chain = SenderChain.generate(groupId, 1)
    const early = await seal(chain, 'before you came')
    const late = receiverOf(chain)
    await expectProtocolError(async () => await openGroupMessage(early, late), 'REPLAYED')
    expect(bodyOf(await openGroupMessage(await seal(chain, 'welcome'), late))).to.equal('welcome')
  })

  it('leaves a removed member unable to read what the next sender key sends, with every key they held', async () => {
    const old = SenderChain.generate(groupId, 1)
    const removed = receiverOf(old)
    await openGroupMessage(await seal(old, 'while you were here'), removed)
    // After the removal every remaining member sends under a new sender key, sent only to those remaining.
    const fresh = SenderChain.generate(groupId, 2)
    const remaining = receiverOf(fresh)
    expect(bodyOf(await openGroupMessage(await seal(fresh, 'after you left'), remaining))).to.equal('after you left')
    const after = await seal(fresh, 'and later')
    await expectProtocolError(async () => await openGroupMessage(after, removed), 'MISMATCH')
    // Even with the old key's id and signing key forced onto the new message, the old chain's keys do not decrypt it.
    const forged = new ReceiverChain({ ...old.distribution(), keyId: fresh.keyId, signingKey: fresh.signingKey }, alice)
    await expectProtocolError(async () => await openGroupMessage(after, forged), 'DECRYPT_FAILED')
    expect(bodyOf(await openGroupMessage(after, remaining))).to.equal('and later')
  })

  it('refuses a tampered message without using up its key, so the genuine one still reads', async () => {
    const chain = SenderChain.generate(groupId, 1)
    const r = receiverOf(chain)
    const bytes = await seal(chain, 'genuine')
    const frame = pb.GroupMessage.decode(bytes)
    const tampered = [
      pb.GroupMessage.encode({ ...frame, ciphertext: flipBit(frame.ciphertext, 5) as Uint8Array<ArrayBuffer> }),
      pb.GroupMessage.encode({ ...frame, signature: flipBit(frame.signature, 5) as Uint8Array<ArrayBuffer> }),
      pb.GroupMessage.encode({ ...frame, header: pb.GroupMessageHeader.encode({ ...pb.GroupMessageHeader.decode(frame.header), expiresAt: 3_000_000_000_000n }) })
    ]
    for (const t of tampered) await expectProtocolError(async () => await openGroupMessage(t, r), 'BAD_SIGNATURE')
    await expectProtocolError(async () => await openGroupMessage(bytes.subarray(0, bytes.length - 2), r), 'TRUNCATED', 'MALFORMED', 'INVALID_FIELD')
    await expectProtocolError(async () => await openGroupMessage(bytes, r, { now: 2_000_000_000_001 }), 'EXPIRED')
    expect(bodyOf(await openGroupMessage(bytes, r))).to.equal('genuine')
  })

  it('refuses a message whose content names another sender than the sender key\'s, or another group', async () => {
    const chain = SenderChain.generate(groupId, 1)
    const r = receiverOf(chain)
    const mallory = { address: 'mallory@relay.test', device: '12D3KooWMallory', identityKey: generateIdentityKey().publicKey }
    await expectProtocolError(async () => await openGroupMessage(await seal(chain, 'I am alice', mallory), r), 'MISMATCH')
    const otherKey = { ...alice, identityKey: generateIdentityKey().publicKey }
    const underOtherKey = new ReceiverChain(chain.distribution(), otherKey)
    await expectProtocolError(async () => await openGroupMessage(await seal(chain, 'my other key'), underOtherKey), 'MISMATCH')
    const elsewhere = SenderChain.generate(randomBytes(32), 1)
    try { await seal(elsewhere, 'wrong conversation'); expect.fail('sealed for another group') } catch (err) { expect(err).to.be.instanceOf(TypeError) }
    expect(bodyOf(await openGroupMessage(await seal(chain, 'still fine'), r))).to.equal('still fine')
  })

  it('decodes a distribution strictly, and keeps a sending chain across a store and restore', async () => {
    const chain = SenderChain.generate(groupId, 3)
    const bytes = encodeSenderKeyDistribution(chain.distribution())
    const w = pb.SenderKeyDistribution.decode(bytes)
    await expectProtocolError(() => decodeSenderKeyDistribution(pb.SenderKeyDistribution.encode({ ...w, chainKey: new Uint8Array(31) })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSenderKeyDistribution(pb.SenderKeyDistribution.encode({ ...w, epoch: 0n })), 'INVALID_FIELD')
    await expectProtocolError(() => decodeSenderKeyDistribution(pb.SenderKeyDistribution.encode({ ...w, version: 2 })), 'UNSUPPORTED_VERSION')
    await expectProtocolError(() => decodeSenderKeyDistribution(bytes.subarray(0, 20)), 'TRUNCATED', 'INVALID_FIELD')
    const r = receiverOf(chain)
    await openGroupMessage(await seal(chain, 'one'), r)
    const restored = SenderChain.fromRecord(JSON.parse(JSON.stringify(chain.toRecord())))
    expect(bodyOf(await openGroupMessage(await seal(restored, 'two'), r))).to.equal('two')
  })
})
