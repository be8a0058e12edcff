/**
 * The web client: the size of the Vite production build (client/dist, as the relay serves it), and
 * the time from page load to an unlocked, connected client in Debian's Chromium (headless,
 * playwright-core), beside the one cost no client can avoid, measured in the same page: PBKDF2-SHA256
 * with the keystore's 600,000 iterations through the browser's WebCrypto.
 *
 * A person registers through the UI once (untimed); then each round reloads the page, waits for the
 * unlock form (load), types the passphrase and waits until the relay connection is up and the
 * conversation list is shown (unlock + connect).
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/web-client.ts   (BENCH_WEB_ROUNDS, default 10)
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { CLIENT_DIST, launchChromium } from '../test/support/browser.js'
import { codeFor, fmt, median, onCleanup, printTable, ratio, runBenchmark, startBenchRelay } from './lib.js'

const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 10)
const PASSPHRASE = 'bench device passphrase'

async function buildSizes (): Promise<Array<{ file: string, bytes: number, gzip: number }>> {
  const out = []
  for (const dir of ['', 'assets']) {
    for (const name of await readdir(join(CLIENT_DIST, dir))) {
      const path = join(CLIENT_DIST, dir, name)
      if (!(await stat(path)).isFile()) continue
      const data = await readFile(path)
      out.push({ file: join(dir, name), bytes: data.length, gzip: gzipSync(data, { level: 9 }).length })
    }
  }
  return out.sort((a, b) => b.bytes - a.bytes)
}

await runBenchmark(`web-client: Vite build size, and page load → unlocked, connected client in Chromium (${ROUNDS} rounds)`, async () => {
  const sizes = await buildSizes()
  const total = sizes.reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 })
  const js = sizes.filter(s => s.file.endsWith('.js')).reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 })

  const bench = await startBenchRelay('bench.test', { staticDir: CLIENT_DIST })
  const browser = await launchChromium()
  onCleanup(async () => { await browser.close() })
  const page = await (await browser.newContext()).newPage()
  const url = bench.relay.httpUrl

  process.stderr.write('registering through the UI...\n')
  await page.goto(url)
  const form = page.getByTestId('register-form')
  await form.getByLabel('Name').fill('alice')
  await form.getByLabel('Email').fill('alice@example.org')
  await form.getByLabel('Account password').fill('alice bench account password')
  await form.getByLabel('Device passphrase').fill(PASSPHRASE)
  await form.getByRole('button', { name: 'Create account' }).click()
  await page.getByTestId('verify-form').waitFor()
  await page.getByTestId('verify-form').getByLabel('Code').fill(await codeFor(bench.outbox, 'alice@example.org'))
  await page.getByTestId('verify-form').getByRole('button', { name: 'Confirm' }).click()
  await page.getByTestId('my-address').waitFor({ timeout: 60_000 })

  const load: number[] = []
  const unlock: number[] = []
  const whole: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    process.stderr.write(`round ${i + 1}/${ROUNDS}...\n`)
    const t0 = performance.now()
    await page.reload()
    await page.getByTestId('unlock-form').getByLabel('Device passphrase').waitFor()
    const t1 = performance.now()
    await page.getByTestId('unlock-form').getByLabel('Device passphrase').fill(PASSPHRASE)
    await page.getByTestId('unlock-form').getByRole('button', { name: 'Unlock' }).click()
    await page.getByTestId('my-address').waitFor({ timeout: 60_000 })
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 })
    const t2 = performance.now()
    load.push(t1 - t0)
    unlock.push(t2 - t1)
    whole.push(t2 - t0)
  }

  // The floor: the keystore's key derivation alone, in the same browser.
  const kdf = await page.evaluate(async () => {
    const runs: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode('bench device passphrase'), 'PBKDF2', false, ['deriveBits'])
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: crypto.getRandomValues(new Uint8Array(16)), iterations: 600_000 }, base, 256)
      runs.push(performance.now() - t)
    }
    return runs
  })

  console.log(`Build: client/dist (${sizes.length} files). Browser: ${browser.version()}, headless. Relay in process, on 127.0.0.1; the client reaches it over ws://.\n`)
  printTable(['file', 'bytes', 'gzip -9 bytes'], [
    ...sizes.map(s => [s.file, fmt(s.bytes), fmt(s.gzip)]),
    ['total', fmt(total.bytes), fmt(total.gzip)],
    ['of which JavaScript', fmt(js.bytes), fmt(js.gzip)]
  ])
  console.log(`Page load → unlocked, connected client, ms (median of ${ROUNDS}; min–max):\n`)
  const row = (label: string, xs: number[], covers: string): string[] => [label, fmt(median(xs)), `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`, covers]
  printTable(['phase', 'median', 'range', 'what it covers'], [
    row('page load', load, 'reload → scripts loaded, IndexedDB checked, unlock form shown'),
    row('unlock + connect', unlock, 'passphrase typed → keystore decrypted (PBKDF2 600k) → libp2p dial (WebSockets, Noise, Yamux) → session → mailbox drained → list shown'),
    row('whole', whole, 'reload → connected'),
    row('PBKDF2-SHA256 600k alone (WebCrypto, same page)', kdf, 'the floor: what unlocking any keystore with this KDF costs')
  ])
  console.log('Ratios (same run):\n')
  printTable(['comparison', 'ratio'], [
    ['unlock + connect / PBKDF2 alone (median)', ratio(median(unlock), median(kdf))]
  ])
})
