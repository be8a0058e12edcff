import { mkdir } from 'node:fs/promises'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Where browser tests leave screenshots (not committed). */
export const ARTIFACTS = join(root, 'artifacts', 'screenshots')

/**
 * Debian's Chromium, headless, with a fresh profile (playwright-core makes a temporary user data
 * dir per launch). scripts/ensure-chromium.sh installs it; no test downloads a browser.
 */
export async function launchChromium (): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // A fake microphone that needs no prompt: voice messages can be recorded headless.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']
  })
}

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png. */
export async function screenshot (page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/** The built web client (scripts/build-client.sh), for relays started by browser tests. */
export const CLIENT_DIST = join(root, 'client', 'dist')
