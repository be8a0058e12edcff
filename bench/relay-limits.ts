/**
 * Directory lookups per second the relay answers under its request rates: a stranger (no session)
 * on one stream, a stranger spread over many PeerIds from one IP address, and a logged-in account
 * on its session stream. Each client keeps 64 lookups in flight for BENCH_LIMITS_SECONDS (default
 * 5) and counts answers and RATE_LIMITED refusals; a refused lookup is not retried.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/relay-limits.ts
 */
import { createLibp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { RelayClient, RelayRequestError } from '@parley/node'
import type { Relay } from '@parley/relay'
import { createUser, fmt, onCleanup, printTable, runBenchmark, startBenchRelay } from './lib.js'

const SECONDS = Number(process.env.BENCH_LIMITS_SECONDS ?? 5)
const IN_FLIGHT = 64
const PEERS = 20

interface Tally { answered: number, limited: number, other: number, ms: number }

/** Keeps IN_FLIGHT lookups going over `clients` (round robin) for SECONDS; counts the outcomes. */
async function hammer (clients: RelayClient[], user: string): Promise<Tally> {
  const tally: Tally = { answered: 0, limited: 0, other: 0, ms: 0 }
  const started = performance.now()
  const end = started + SECONDS * 1000
  let next = 0
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < end) {
      const client = clients[next++ % clients.length] as RelayClient
      try {
        await client.request({ type: 'fetch-bundles', user }, 'bundles', { retryRateLimited: false })
        tally.answered++
      } catch (err) {
        if (err instanceof RelayRequestError && err.relayCode === 'RATE_LIMITED') tally.limited++
        else tally.other++
      }
    }
  }))
  tally.ms = performance.now() - started
  return tally
}

/** `n` peers, each with a fresh PeerId and its own stream without a session. */
async function strangers (relay: Relay, n: number): Promise<RelayClient[]> {
  return await Promise.all(Array.from({ length: n }, async () => {
    const peer = await createLibp2p({ transports: [webSockets()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    onCleanup(async () => { await peer.stop() })
    return await RelayClient.connect(peer, { name: relay.config.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs })
  }))
}

await runBenchmark(`relay-limits: directory lookups answered per second under the request rates (${SECONDS} s per row, ${IN_FLIGHT} in flight)`, async () => {
  const bench = await startBenchRelay()
  const alice = await createUser(bench, 'alice')
  const target = alice.address
  const rows: Array<Array<string | number>> = []
  const row = (who: string, t: Tally): void => {
    const s = t.ms / 1000
    rows.push([who, fmt(t.answered + t.limited + t.other), fmt(t.answered), fmt(t.answered / s, 1), fmt(t.limited / s), fmt(t.other)])
  }

  process.stderr.write('stranger, one stream...\n')
  row('stranger: 1 PeerId, no session', await hammer(await strangers(bench.relay, 1), target))
  // Each row starts with full buckets for its source, as a fresh attacker would.
  await new Promise(resolve => setTimeout(resolve, 5000))
  process.stderr.write(`strangers, ${PEERS} PeerIds...\n`)
  row(`strangers: ${PEERS} PeerIds, one IP address`, await hammer(await strangers(bench.relay, PEERS), target))
  process.stderr.write('logged-in account...\n')
  row('alice: logged in, her session stream', await hammer([await alice.connect()], target))

  printTable(['who', 'lookups sent', 'answered', 'answered / s', 'refused / s (RATE_LIMITED)', 'other errors'], rows)
  console.log(`Answers per second include the first burst (10 for a stranger's IP address, 200 for an account); over ${SECONDS} s the steady rates are 10 / s and 20 / s.`)
})
