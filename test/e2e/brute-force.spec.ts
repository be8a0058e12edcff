import { expect } from 'chai'
import { join } from 'node:path'
import * as OTPAuth from 'otpauth'
import { RelayClient, RelayRequestError, type ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { rawPeer } from '../support/raw-client.js'
import type { Libp2p } from 'libp2p'

const ATTEMPTS = 10_000

/**
 * The most checks one guessing budget allows in `seconds` with the relay's default policy
 * (5 free failures, then locks of 1 s, 2 s, 4 s...): 6 + ⌊log2(seconds + 1)⌋.
 */
function bound (seconds: number): number {
  return 6 + Math.floor(Math.log2(seconds + 1))
}

async function metrics (relay: RelayProcess): Promise<Record<string, number>> {
  const text = await (await fetch(relay.metrics)).text()
  const out: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const m = /^(parley_[a-z_]+) (\d+)$/.exec(line)
    if (m !== null) out[m[1]!] = Number(m[2])
  }
  return out
}

/** Runs `fn` for 0..n-1 with `width` calls in flight; returns how often each outcome came back. */
async function hammer (n: number, width: number, fn: (i: number) => Promise<void>): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {}
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      const i = next++
      let outcome = 'OK'
      try { await fn(i) } catch (err) { outcome = err instanceof RelayRequestError ? err.relayCode : String((err as Error).name) }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    }
  }))
  return outcomes
}

function code (secret: string, steps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 })
}

/** A wrong six-digit code for `secret`: not valid in the current ±1 step window. */
function wrongCode (secret: string, i: number): string {
  const valid = new Set([code(secret, -1), code(secret), code(secret, 1)])
  let guess = (i * 7919) % 1_000_000
  while (valid.has(guess.toString().padStart(6, '0'))) guess = (guess + 1) % 1_000_000
  return guess.toString().padStart(6, '0')
}

describe('Brute force against a real relay', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const peers: Libp2p[] = []
  const nodes: ParleyNode[] = []
  const users: Record<string, { node: ParleyNode, password: string, totp?: string }> = {}

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('brute-force')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    for (const name of ['victim1', 'victim2', 'victim3', 'victim4', 'olive']) {
      const u = await makeUser({ dir, name, relayUrl: relay.http, smtp })
      users[name] = u
      nodes.push(u.node)
    }
    for (const name of ['victim3', 'victim4']) {
      const u = users[name]!
      const { secret } = await u.node.enrolTotp()
      await u.node.confirmTotp(code(secret))
      u.totp = secret
    }
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    for (const p of peers) { try { await p.stop() } catch {} }
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  /** Olive keeps using the relay while it is under attack; returns the worst latency seen. */
  function watchOlive (): { stop: () => Promise<{ worstMs: number, requests: number, failures: number }> } {
    let running = true
    let worstMs = 0
    let requests = 0
    let failures = 0
    const loop = (async () => {
      while (running) {
        const t = Date.now()
        try { await users.olive!.node.lookup('victim1@relay.test') } catch { failures++ }
        worstMs = Math.max(worstMs, Date.now() - t)
        requests++
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    })()
    return { stop: async () => { running = false; await loop; return { worstMs, requests, failures } } }
  }

  async function attacker (): Promise<RelayClient> {
    const p = await rawPeer()
    peers.push(p)
    return await RelayClient.connect(p, { name: relay.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs })
  }

  it(`lets at most 6 + log2(seconds + 1) of ${ATTEMPTS} wrong passwords and of ${ATTEMPTS} wrong TOTP codes from one peer reach a check, while others are served`, async () => {
    const client = await attacker()
    const olive = watchOlive()
    const before = await metrics(relay)
    const started = Date.now()
    const [passwords, totps] = await Promise.all([
      hammer(ATTEMPTS, 32, async i => { await client.request({ type: 'login', name: 'victim1', password: `guess number ${i}` }, 'session', { timeoutMs: 120_000, retryRateLimited: false }) }),
      hammer(ATTEMPTS, 32, async i => { await client.request({ type: 'login', name: 'victim3', password: users.victim3!.password, secondFactor: { totpCode: wrongCode(users.victim3!.totp!, i) } }, 'session', { timeoutMs: 120_000, retryRateLimited: false }) })
    ])
    const seconds = (Date.now() - started) / 1000
    const after = await metrics(relay)
    const service = await olive.stop()
    if (process.env.PARLEY_TEST_VERBOSE === '1') console.log({ seconds, passwords, totps, after, before, service })

    expect(passwords.OK ?? 0).to.equal(0)
    expect(totps.OK ?? 0).to.equal(0)
    expect(passwords.RATE_LIMITED).to.be.greaterThan(ATTEMPTS - 50)
    const passwordChecks = (after.parley_password_checks_total ?? 0) - (before.parley_password_checks_total ?? 0)
    const secondFactorChecks = (after.parley_second_factor_checks_total ?? 0) - (before.parley_second_factor_checks_total ?? 0)
    // Both accounts' password checks count here; each account's budget is bounded on its own.
    expect(passwordChecks, `password checks in ${seconds.toFixed(1)} s`).to.be.at.most(2 * bound(seconds))
    expect(secondFactorChecks, `TOTP checks in ${seconds.toFixed(1)} s`).to.be.at.most(bound(seconds))
    expect(service.failures, 'olive was always answered').to.equal(0)
    expect(service.worstMs, 'olive waited at most 2 s').to.be.lessThan(2000)
    expect(service.requests).to.be.greaterThan(5)
  })

  it(`bounds guesses spread over 40 peers (${ATTEMPTS} passwords, ${ATTEMPTS} TOTP codes) the same way`, async () => {
    const clients: RelayClient[] = []
    for (let i = 0; i < 40; i++) clients.push(await attacker())
    const olive = watchOlive()
    const before = await metrics(relay)
    const started = Date.now()
    const [passwords, totps] = await Promise.all([
      hammer(ATTEMPTS, 40, async i => { await clients[i % 40]!.request({ type: 'login', name: 'victim2', password: `guess number ${i}` }, 'session', { timeoutMs: 120_000, retryRateLimited: false }) }),
      hammer(ATTEMPTS, 40, async i => { await clients[(i + 20) % 40]!.request({ type: 'login', name: 'victim4', password: users.victim4!.password, secondFactor: { totpCode: wrongCode(users.victim4!.totp!, i) } }, 'session', { timeoutMs: 120_000, retryRateLimited: false }) })
    ])
    const seconds = (Date.now() - started) / 1000
    const after = await metrics(relay)
    const service = await olive.stop()
    if (process.env.PARLEY_TEST_VERBOSE === '1') console.log({ seconds, passwords, totps, after, before, service })

    expect((passwords.OK ?? 0) + (totps.OK ?? 0)).to.equal(0)
    const passwordChecks = (after.parley_password_checks_total ?? 0) - (before.parley_password_checks_total ?? 0)
    const secondFactorChecks = (after.parley_second_factor_checks_total ?? 0) - (before.parley_second_factor_checks_total ?? 0)
    expect(passwordChecks, `password checks in ${seconds.toFixed(1)} s`).to.be.at.most(2 * bound(seconds))
    expect(secondFactorChecks, `TOTP checks in ${seconds.toFixed(1)} s`).to.be.at.most(bound(seconds))
    expect(service.failures).to.equal(0)
    expect(service.worstMs).to.be.lessThan(2000)
  })

  it('still lets every victim log in from their own device straight afterwards', async () => {
    for (const name of ['victim1', 'victim2']) {
      await users[name]!.node.login(users[name]!.password)
    }
    for (const name of ['victim3', 'victim4']) {
      const u = users[name]!
      // The step after the one used at enrolment: valid now, and not a replay.
      await u.node.login(u.password, { secondFactor: { totpCode: code(u.totp!, 1) } })
    }
  })

  it('keeps the limits across a relay restart', async () => {
    // Guess until this source is locked out for a while (each lock doubles the last), then restart.
    const guess = async (client: RelayClient): Promise<RelayRequestError> => {
      try {
        await client.request({ type: 'login', name: 'victim2', password: 'one more guess' }, 'session')
      } catch (err) {
        if (err instanceof RelayRequestError) return err
        throw err
      }
      throw new Error('a wrong password logged in')
    }
    let client = await attacker()
    let err = await guess(client)
    while (err.relayCode !== 'RATE_LIMITED' || (err.retryAfterMs ?? 0) < 8000) {
      if (err.relayCode === 'RATE_LIMITED') await new Promise(resolve => setTimeout(resolve, (err.retryAfterMs ?? 0) + 50))
      err = await guess(client)
    }
    const lockedFor = err.retryAfterMs ?? 0
    const stoppedAt = Date.now()
    const ports = relay.ports
    await relay.stop()
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
    client = await attacker()
    const after = await guess(client)
    expect(after.relayCode).to.equal('RATE_LIMITED')
    expect(after.retryAfterMs ?? 0, 'the same lock, less the time that passed').to.be.within(1, lockedFor - (Date.now() - stoppedAt) + 1000)
    expect((await metrics(relay)).parley_password_checks_total ?? 0, 'refused before any hashing').to.equal(0)
  })
})
