/**
 * The sender of bench/relay-deposit.ts in a process of its own, so the relay has its event loop
 * and a core to itself: `senderProcess` forks this file, which logs in over `connections`
 * connections and, per `run`, deposits the envelopes it is given (single deposits `inFlight` per
 * connection, or deposit-many requests of `batch` envelopes), reporting the wall time it took.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { RelayEndpoint } from '@parley/node'

/** What the parent asks the child. */
type ToChild =
  | { type: 'connect', endpoint: RelayEndpoint, name: string, password: string, connections: number }
  | { type: 'run', envelopes: Uint8Array[], inFlight: number, batch: number }
  | { type: 'exit' }

/** What the child answers. */
type FromChild = { type: 'ready' } | { type: 'done', ms: number } | { type: 'failed', message: string }

/** A sender process, logged in and waiting for runs. */
export interface SenderProcess {
  /**
   * Deposits `envelopes` spread over the connections: `batch` 1 sends single deposits, `inFlight`
   * at a time per connection; a larger `batch` sends deposit-many requests of that many, `inFlight`
   * requests at a time per connection. Resolves with the milliseconds the child measured.
   */
  run: (envelopes: Uint8Array[], inFlight: number, batch: number) => Promise<number>
  /** Ends the child. */
  close: () => Promise<void>
}

/** Forks a sender logged in as `name` over `connections` connections to the relay at `endpoint`. */
export async function senderProcess (endpoint: RelayEndpoint, name: string, password: string, connections: number): Promise<SenderProcess> {
  const shim = fileURLToPath(new URL('../scripts/node20-shim.mjs', import.meta.url))
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--import', 'tsx', '--import', shim],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const ask = async (message: ToChild): Promise<FromChild> => await new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => { reject(new Error(`sender process exited (${String(code)})`)) }
    child.once('exit', onExit)
    child.once('message', (m: FromChild) => {
      child.off('exit', onExit)
      if (m.type === 'failed') reject(new Error(`sender process: ${m.message}`))
      else resolve(m)
    })
    child.send(message)
  })
  await ask({ type: 'connect', endpoint, name, password, connections })
  return {
    run: async (envelopes, inFlight, batch) => {
      const answer = await ask({ type: 'run', envelopes, inFlight, batch })
      if (answer.type !== 'done') throw new Error(`sender process answered ${answer.type}`)
      return answer.ms
    },
    close: async () => { await closeChild(child) }
  }
}

async function closeChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>(resolve => child.once('exit', () => { resolve() }))
  child.send({ type: 'exit' } satisfies ToChild)
  const timer = setTimeout(() => { child.kill('SIGKILL') }, 5000)
  await exited
  clearTimeout(timer)
}

/** The child: serves the parent's requests until told to exit. */
async function serveParent (): Promise<void> {
  const { loggedInClients } = await import('./lib-transport.js')
  const { cleanup, pipeline } = await import('./lib.js')
  let clients: Awaited<ReturnType<typeof loggedInClients>> = []
  const send = (m: FromChild): void => { process.send?.(m) }
  process.on('message', (m: ToChild) => {
    void (async () => {
      try {
        if (m.type === 'connect') {
          clients = await loggedInClients(m.endpoint, m.connections, m.name, m.password)
          send({ type: 'ready' })
        } else if (m.type === 'run') {
          const per = Math.ceil(m.envelopes.length / clients.length)
          const start = performance.now()
          await Promise.all(clients.map(async (client, c) => {
            const mine = m.envelopes.slice(c * per, (c + 1) * per)
            if (m.batch <= 1) {
              await pipeline(mine.length, m.inFlight, async i => {
                const r = await client.request({ type: 'deposit', envelope: mine[i] as Uint8Array }, 'deposited')
                if (r.duplicate) throw new Error('unexpected duplicate deposit')
              })
              return
            }
            const batches = Math.ceil(mine.length / m.batch)
            await pipeline(batches, m.inFlight, async b => {
              const results = await client.depositMany(mine.slice(b * m.batch, (b + 1) * m.batch).map(envelope => ({ envelope })))
              const bad = results.find(r => r.type !== 'deposited' || r.duplicate)
              if (bad !== undefined) throw new Error(`a deposit was not stored: ${JSON.stringify(bad)}`)
            })
          }))
          send({ type: 'done', ms: performance.now() - start })
        } else {
          await cleanup()
          process.exit(0)
        }
      } catch (err: any) {
        send({ type: 'failed', message: err?.message ?? String(err) })
      }
    })()
  })
}

if (process.argv.includes('--child')) await serveParent()
