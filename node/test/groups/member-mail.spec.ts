import { expect } from 'chai'
import { MAX_DEPOSIT_BATCH, randomBytes, toHex, type RelayRequest } from '@parley/protocol'
import { RelayRequestError } from '../../src/errors.js'
import { MemberMail } from '../../src/groups/member-mail.js'
import { FakeRelay } from '../fakes.js'

type DepositMany = Extract<RelayRequest, { type: 'deposit-many' }>

/** Handing one content to many members: sealed a few at a time, deposited in batches while the next are sealed. */
describe('MemberMail', () => {
  const GROUP = toHex(randomBytes(32))
  /** Envelopes are stand-ins: 16 bytes naming the address (the fake relay does not open them). */
  const envelopeOf = (address: string): Uint8Array => new TextEncoder().encode(address.padEnd(16, '.').slice(0, 16))
  const addressOf = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).replace(/\.+$/, '')

  function setup (answer: (r: DepositMany) => Promise<void> | void): { mail: MemberMail, relay: FakeRelay, log: string[], inFlight: { now: number, most: number } } {
    const relay = new FakeRelay()
    const log: string[] = []
    const inFlight = { now: 0, most: 0 }
    relay.on('deposit-many', async r => {
      const req = r as DepositMany
      inFlight.now++
      inFlight.most = Math.max(inFlight.most, inFlight.now)
      log.push(`deposit ${req.deposits.length}`)
      try {
        await answer(req)
      } finally {
        inFlight.now--
      }
      return { type: 'deposited-many', results: req.deposits.map(() => ({ type: 'deposited' as const, messageId: randomBytes(16), duplicate: false, storedAt: Date.now() })) }
    })
    const crypto = {
      seal: async (o: { recipient: string }) => {
        await new Promise(resolve => setTimeout(resolve, 1))
        log.push('sealed')
        return { bytes: envelopeOf(o.recipient), messageId: randomBytes(16), content: {}, expiresAt: Date.now() + 60_000 }
      }
    }
    const mail = new MemberMail({ relay, crypto } as any, { self: () => 'alice@relay.test', bundles: async () => [] })
    return { mail, relay, log, inFlight }
  }

  it('reaches every member in batches of at most MAX_DEPOSIT_BATCH, depositing while it still seals, a few requests at a time', async () => {
    const members = Array.from({ length: 600 }, (_, i) => `m${i}@r.test`)
    const { mail, relay, log, inFlight } = setup(async () => { await new Promise(resolve => setTimeout(resolve, 5)) })
    const reached = await mail.each(GROUP, members, 'sender-key', () => new Uint8Array(8))
    expect(reached.sort()).to.deep.equal([...members].sort())
    const requests = relay.of('deposit-many').map(s => s.request as DepositMany)
    for (const r of requests) expect(r.deposits.length).to.be.at.most(MAX_DEPOSIT_BATCH)
    expect(requests.flatMap(r => r.deposits.map(d => addressOf(d.envelope))).sort()).to.deep.equal([...members].sort())
    // The first batch went before the last envelope was sealed.
    expect(log.indexOf('deposit 64')).to.be.lessThan(log.lastIndexOf('sealed'))
    expect(inFlight.most).to.be.within(1, 4)
  })

  it('never sends a batch over MAX_DEPOSIT_BATCH, however the sealing and the relay\'s answers interleave', async () => {
    const members = Array.from({ length: 2000 }, (_, i) => `m${i}@r.test`)
    const { mail: slow, relay } = setup(async () => { await new Promise(resolve => setTimeout(resolve, 30)) })
    // Envelopes sealed at once: the sealers wait on the requests under way, and the batch must not grow past its bound meanwhile.
    const mail = new MemberMail({ relay: (slow as any).c.relay, crypto: { seal: async (o: { recipient: string }) => ({ bytes: envelopeOf(o.recipient) }) } } as any, { self: () => 'alice@relay.test', bundles: async () => [] })
    const reached = await mail.each(GROUP, members, 'sender-key', () => new Uint8Array(8))
    expect(reached).to.have.length(2000)
    const sizes = relay.of('deposit-many').map(s => (s.request as DepositMany).deposits.length)
    expect(Math.max(...sizes)).to.be.at.most(MAX_DEPOSIT_BATCH)
  })

  it('leaves out those of a batch the relay did not take, and those it could not seal for, and reaches the others', async () => {
    const members = Array.from({ length: 150 }, (_, i) => `m${i}@r.test`)
    let calls = 0
    const { mail } = setup(() => { if (++calls === 1) throw new RelayRequestError('UNAVAILABLE', 'the relay is busy') })
    const failing = new MemberMail({
      relay: (mail as any).c.relay,
      crypto: { seal: async (o: { recipient: string }) => { if (o.recipient === 'm149@r.test') throw new Error('no keys'); return { bytes: envelopeOf(o.recipient) } } }
    } as any, { self: () => 'alice@relay.test', bundles: async () => [] })
    const reached = await failing.each(GROUP, members, 'sender-key', () => new Uint8Array(8))
    // The first batch of 64 was refused whole; the rest but the one without keys went.
    expect(reached).to.have.length(150 - 64 - 1)
    expect(reached).to.not.include('m149@r.test')
  })

  it('throws the first failure when nobody could be reached', async () => {
    const { mail } = setup(() => { throw new RelayRequestError('UNAVAILABLE', 'the relay is busy') })
    let thrown: unknown
    await mail.each(GROUP, ['a@r.test', 'b@r.test'], 'sender-key', () => new Uint8Array(8)).catch(err => { thrown = err })
    expect((thrown as Error)?.message).to.equal('the relay is busy')
  })

  it('stops sealing and sending once aborted, finishes the deposits under way, and throws the abort', async () => {
    const members = Array.from({ length: 600 }, (_, i) => `m${i}@r.test`)
    const controller = new AbortController()
    const { mail, relay, log } = setup(async () => {
      controller.abort()
      await new Promise(resolve => setTimeout(resolve, 5))
    })
    let thrown: any
    await mail.each(GROUP, members, 'sender-key', () => new Uint8Array(8), false, controller.signal).catch(err => { thrown = err })
    expect(thrown?.code).to.equal('TIMEOUT')
    // The first batch went (and was answered); nothing was sealed long after the abort, nor sent.
    expect(relay.of('deposit-many')).to.have.length(1)
    expect(log.filter(l => l === 'sealed').length).to.be.lessThan(64 + 8 + 1)
    let before: any
    await mail.each(GROUP, members, 'sender-key', () => new Uint8Array(8), false, controller.signal).catch(err => { before = err })
    expect(before?.code).to.equal('TIMEOUT')
    expect(relay.of('deposit-many')).to.have.length(1)
  })
})
