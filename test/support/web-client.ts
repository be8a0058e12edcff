import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startSmtp, codeFrom, type TestSmtp } from './smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from './processes.js'
import { CLIENT_DIST, launchChromium, screenshot } from './browser.js'
import { registerWithCli } from './users.js'

/** The device passphrase every browser person uses. */
export const PASSPHRASE = 'a device passphrase'

/** A relay serving the built web client, a mail catcher and Chromium, shared by one spec file's tests. */
export interface WebClientWorld {
  smtp: TestSmtp
  dir: string
  relay: RelayProcess
  browser: Browser
  /** Uncaught errors of every page opened through `person`. */
  pageErrors: string[]
  /** A fresh browser profile (its own IndexedDB, so its own device), optionally with direct connections off. */
  person: (options?: { direct?: boolean }) => Promise<Page>
  /** Stops the relay (its data stays). */
  stopRelay: () => Promise<void>
  /** Starts the relay again on the same ports and data. */
  startRelay: () => Promise<void>
}

/**
 * Registers before/after hooks in the calling `describe` that start and stop the world; the
 * returned object is filled in once `before` ran.
 */
export function webClientWorld (name: string): WebClientWorld {
  const contexts: BrowserContext[] = []
  const world = { pageErrors: [] as string[] } as unknown as WebClientWorld
  const relayOptions = (): Parameters<typeof startRelayProcess>[0] => ({ dataDir: join(world.dir, 'relay'), smtpUrl: world.smtp.url, web: CLIENT_DIST })
  world.person = async (options = {}) => {
    const context = await world.browser.newContext({ viewport: { width: 1100, height: 720 } })
    contexts.push(context)
    if (options.direct === false) await context.addInitScript(() => { localStorage.setItem('parley.direct', 'off') })
    const page = await context.newPage()
    page.on('pageerror', err => world.pageErrors.push(err.message))
    return page
  }
  world.stopRelay = async () => { await world.relay.stop() }
  world.startRelay = async () => { world.relay = await startRelayProcess({ ...relayOptions(), ports: world.relay.ports }) }

  before(async () => {
    world.smtp = await startSmtp()
    world.dir = await tempDir(name)
    world.relay = await startRelayProcess(relayOptions())
    world.browser = await launchChromium()
  })

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await world.browser?.close().catch(() => {})
    await world.relay?.stop()
    await world.smtp?.close()
    await cleanup(world.dir)
  })
  return world
}

/** Registers `name` through the UI of a fresh page, reading the code from the mail. */
export async function registerInBrowser (page: Page, world: WebClientWorld, name: string, shots = false): Promise<void> {
  await page.goto(world.relay.http)
  const form = page.getByTestId('register-form')
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Email').fill(`${name}@example.org`)
  await form.getByLabel('Account password').fill(`${name}'s account password`)
  await form.getByLabel('Device passphrase').fill(PASSPHRASE)
  if (shots) await screenshot(page, '01-register')
  await form.getByRole('button', { name: 'Create account' }).click()
  const verify = page.getByTestId('verify-form')
  await verify.waitFor()
  if (shots) await screenshot(page, '02-verify')
  const code = codeFrom(await world.smtp.next(`${name}@example.org`, 20_000))
  await verify.getByLabel('Code').fill(code)
  await verify.getByRole('button', { name: 'Confirm' }).click()
  await page.getByTestId('my-address').filter({ hasText: `${name}@relay.test` }).waitFor({ timeout: 30_000 })
}

/** Fills and submits the log-in form of a browser that holds no account yet; returns the form. */
export async function logInNewDevice (page: Page, name: string, password: string): Promise<Locator> {
  const form = page.getByTestId('login-form')
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Account password').fill(password)
  await form.getByLabel('Device passphrase').fill(PASSPHRASE)
  await form.getByRole('button', { name: 'Log in' }).click()
  return form
}

/** The states of the messages with `text` in the open conversation. */
export async function messageStates (page: Page, text: string): Promise<Array<string | null>> {
  return await page.getByTestId('message').filter({ hasText: text }).evaluateAll(els => els.map(e => e.getAttribute('data-state')))
}

/** Starts (or opens) the conversation with `peer` from the address field. */
export async function openConversation (page: Page, peer: string): Promise<void> {
  await page.getByTestId('new-conversation').getByPlaceholder('name@relay').fill(peer)
  await page.getByTestId('new-conversation').getByRole('button', { name: 'Start' }).click()
  // The header names a person by their display name once they sent one, with the address below it.
  await page.locator('[data-testid="conversation-peer"], [data-testid="conversation-address"]').filter({ hasText: peer }).first().waitFor()
}

/** Types `text` in the composer and presses Enter. */
export async function sendText (page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text)
  await page.getByLabel('Message').press('Enter')
}

/**
 * How many records a Parley database in the page's IndexedDB holds (0 when it does not exist);
 * level names the database `level-js-<name>`, with one object store `<name>`.
 */
export async function storedRecords (page: Page, name: string): Promise<number> {
  return await page.evaluate(async (store: string) => {
    const database = `level-js-${store}`
    if (!(await indexedDB.databases()).some(d => d.name === database)) return 0
    return await new Promise<number>((resolve, reject) => {
      const open = indexedDB.open(database)
      open.onerror = () => { reject(open.error) }
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains(store)) { db.close(); resolve(0); return }
        const count = db.transaction(store, 'readonly').objectStore(store).count()
        count.onsuccess = () => { db.close(); resolve(count.result) }
        count.onerror = () => { db.close(); reject(count.error) }
      }
    })
  }, name)
}

/** Alice and bob in two browsers (registered, no direct connections) and carol in the terminal, in `<world>/carol-cli`. */
export async function twoBrowsersAndCli (world: WebClientWorld): Promise<{ alice: Page, bob: Page, carolHome: string }> {
  const alice = await world.person({ direct: false })
  const bob = await world.person({ direct: false })
  await registerInBrowser(alice, world, 'alice')
  await registerInBrowser(bob, world, 'bob')
  const carolHome = join(world.dir, 'carol-cli')
  await registerWithCli(carolHome, world.relay.http, world.smtp, 'carol')
  return { alice, bob, carolHome }
}

/**
 * Sends `<prefix> 1`, `<prefix> 2`... from the open conversation until one goes direct (each read
 * by the other side first). Messages go through the mailbox while WebRTC is being set up (or
 * waits out a failed first dial); a slow machine may need several: one within a minute must.
 */
export async function sendUntilDirect (page: Page, prefix: string): Promise<void> {
  const deadline = Date.now() + 60_000
  for (let i = 1; Date.now() < deadline; i++) {
    await sendText(page, `${prefix} ${i}`)
    const sent = page.getByTestId('message').filter({ hasText: `${prefix} ${i}` })
    await sent.and(page.locator('[data-state="read"]')).waitFor({ timeout: 30_000 })
    if (await sent.getAttribute('data-path') === 'direct') return
    await page.waitForTimeout(2_000)
  }
}
