import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** The relay's executable. */
export const RELAY_BIN = join(root, 'relay/bin/parley-relay.mjs')
/** The CLI's executable. */
export const PARLEY_BIN = join(root, 'node/bin/parley.mjs')

/** A fresh temporary folder, removed by `cleanup`. */
export async function tempDir (prefix: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), `parley-${prefix}-`))
}

/** Removes a folder made by tempDir. */
export async function cleanup (dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** A relay running in its own process. */
export interface RelayProcess {
  child: ChildProcess
  name: string
  peerId: string
  multiaddrs: string[]
  http: string
  /** The metrics listener's /metrics URL (loopback, a port of its own). */
  metrics: string
  dataDir: string
  /** The ports it listens on, to restart it in the same place. */
  ports: { http: number, ws: number, tcp: number }
  stderr: () => string
  /** SIGTERM and wait. */
  stop: () => Promise<void>
  /** SIGKILL and wait: no chance to flush or close anything. */
  kill: () => Promise<void>
}

/** Starts `parley relay` on random loopback ports and waits for its ready line. */
export async function startRelayProcess (opts: { dataDir: string, name?: string, smtpUrl?: string, web?: string, args?: string[], ports?: { http: number, ws: number, tcp: number } }): Promise<RelayProcess> {
  const args = [RELAY_BIN, '--json', '--data', opts.dataDir, '--name', opts.name ?? 'relay.test',
    '--http-port', String(opts.ports?.http ?? 0), '--ws-port', String(opts.ports?.ws ?? 0), '--tcp-port', String(opts.ports?.tcp ?? 0), '--metrics-port', '0']
  if (opts.smtpUrl !== undefined) args.push('--smtp', opts.smtpUrl)
  if (opts.web !== undefined) args.push('--web', opts.web)
  if (opts.args !== undefined) args.push(...opts.args)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_LOG: process.env.PARLEY_LOG ?? 'info' } })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => { err += d.toString() })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', l => resolve(l))
    child.once('exit', code => reject(new Error(`relay exited (${code}) before it was ready:\n${err}`)))
  })
  const info = JSON.parse(line)
  const portOf = (a: string | undefined): number => Number(/\/tcp\/(\d+)/.exec(a ?? '')?.[1])
  const addrs = info.multiaddrs as string[]
  return {
    ports: { http: Number(new URL(info.http).port), ws: portOf(addrs.find(a => a.includes('/ws'))), tcp: portOf(addrs.find(a => !a.includes('/ws'))) },
    child,
    name: info.name,
    peerId: info.peerId,
    multiaddrs: info.multiaddrs,
    http: info.http,
    metrics: info.metrics,
    dataDir: opts.dataDir,
    stderr: () => err,
    async stop () { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM') } await exited },
    async kill () { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL') } await exited }
  }
}

/** The result of one CLI run. */
export interface CliResult { code: number, stdout: string, stderr: string, json: any }

/** Runs the parley CLI with --json for a device folder, secrets from the environment. */
export async function parley (home: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { code, stdout, stderr } = await parleyHuman(home, [...args, '--json'], env)
  let json: any
  try { json = JSON.parse(stdout.trim().split('\n').pop() ?? '') } catch { json = undefined }
  return { code, stdout, stderr, json }
}

/** Runs the parley CLI without --json for a device folder, as a person would (stdout a pipe), secrets from the environment. */
export async function parleyHuman (home: string, args: string[], env: Record<string, string> = {}): Promise<Omit<CliResult, 'json'>> {
  const child = spawn(process.execPath, [PARLEY_BIN, ...args, '--data', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_PASSPHRASE: 'correct horse battery staple', ...env }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number>(resolve => child.on('exit', c => resolve(c ?? 1)))
  return { code, stdout, stderr }
}
