import { expect } from 'chai'
import { join } from 'node:path'
import { seal, utf8Encode } from '@parley/protocol'
import { RelayRequestError, type ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

/** How long the flood lasts. */
const FLOOD_MS = 30_000
/** Deposits the flooder keeps in flight. */
const IN_FLIGHT = 64
/** Messages a stranger may have waiting in one mailbox (relay/src/constants.ts). */
const STRANGER_MAX_WAITING = 50

/** The node's identity private key (test code reaching a private field, to seal as that user). */
function identityPrivateKeyOf (node: ParleyNode): Uint8Array {
  const priv = (node as unknown as { keys?: { identity?: { privateKey?: unknown } } }).keys?.identity?.privateKey
  if (!(priv instanceof Uint8Array)) throw new Error('cannot read the identity key of the node (its private "keys" field changed)')
  return priv
}

describe('A flooded mailbox', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let bob: ParleyNode
  let dave: ParleyNode
  let mallory: ParleyNode

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('flood')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })).node
    dave = (await makeUser({ dir, name: 'dave', relayUrl: relay.http, smtp })).node
    mallory = (await makeUser({ dir, name: 'mallory', relayUrl: relay.http, smtp })).node
  })

  after(async () => {
    for (const n of [bob, dave, mallory]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('still takes every message of an existing contact while a stranger floods it for 30 s, and refuses the stranger with SENDER_QUOTA_EXCEEDED', async () => {
    // bob wrote to dave first: dave is bob's contact. mallory is a stranger to bob.
    await bob.send('dave@relay.test', 'hello dave')

    const devices = (await mallory.lookup('bob@relay.test')).map(b => ({ deviceId: b.peerId, rsaPublicKey: b.rsaPublicKey }))
    const identityPrivateKey = identityPrivateKeyOf(mallory)
    const client = await mallory.connect()
    const outcomes = new Map<string, number>()
    const tally = (key: string): void => { outcomes.set(key, (outcomes.get(key) ?? 0) + 1) }
    const end = Date.now() + FLOOD_MS
    let n = 0
    const flooder = async (): Promise<void> => {
      while (Date.now() < end) {
        const sentAt = Date.now()
        const content = { sender: mallory.address, senderDevice: mallory.peerId, senderIdentityKey: mallory.identityKey, sentAt, conversation: 'bob@relay.test', kind: 'text' as const, body: utf8Encode(`flood ${n++}`) }
        const { bytes } = await seal({ recipient: 'bob@relay.test', devices, content, identityPrivateKey, expiresAt: sentAt + 24 * 60 * 60 * 1000 })
        try {
          const r = await client.request({ type: 'deposit', envelope: bytes, contact: true }, 'deposited', { retryRateLimited: false })
          tally(r.duplicate ? 'duplicate' : 'stored')
        } catch (err) {
          tally(err instanceof RelayRequestError ? err.relayCode : `failed: ${String(err)}`)
        }
      }
    }
    const sent: string[] = []
    const contactFailures: string[] = []
    const contact = async (): Promise<void> => {
      let i = 0
      while (Date.now() < end) {
        try {
          sent.push((await dave.send('bob@relay.test', `dave ${i++}`)).id)
        } catch (err: any) {
          contactFailures.push(`${String(err?.relayCode ?? err?.code)}: ${String(err?.message)}`)
        }
      }
    }
    await Promise.all([...Array.from({ length: IN_FLIGHT }, flooder), contact()])

    const summary = JSON.stringify({ ...Object.fromEntries(outcomes), contactSent: sent.length })
    if (process.env.FLOOD_DEBUG !== undefined) console.log(summary)
    expect(contactFailures, summary).to.deep.equal([])
    expect(sent.length, summary).to.be.greaterThan(5)
    expect(outcomes.get('stored') ?? 0, summary).to.be.at.most(STRANGER_MAX_WAITING)
    expect(outcomes.get('SENDER_QUOTA_EXCEEDED') ?? 0, summary).to.be.greaterThan(0)
    expect([...outcomes.keys()].filter(k => !['stored', 'SENDER_QUOTA_EXCEEDED', 'RATE_LIMITED'].includes(k)), summary).to.deep.equal([])

    // bob drains the mailbox and finds every one of dave's messages.
    const received = await bob.sync()
    const fromDave = new Set(received.filter(m => m.sender === 'dave@relay.test').map(m => m.id))
    expect(sent.filter(id => !fromDave.has(id))).to.deep.equal([])
    expect(received.filter(m => m.sender === mallory.address)).to.have.length(outcomes.get('stored') ?? 0)
  })
})
