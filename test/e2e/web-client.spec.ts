import { expect } from 'chai'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSmtp, codeFrom, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { CLIENT_DIST, launchChromium, screenshot } from '../support/browser.js'

const PASSPHRASE = 'a device passphrase'

/** Registers `name` through the UI of a fresh page, reading the code from the mail. */
async function registerInBrowser (page: Page, relay: RelayProcess, smtp: TestSmtp, name: string): Promise<void> {
  await page.goto(relay.http)
  const form = page.getByTestId('register-form')
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Email').fill(`${name}@example.org`)
  await form.getByLabel('Account password').fill(`${name}'s account password`)
  await form.getByLabel('Device passphrase').fill(PASSPHRASE)
  if (name === 'alice') await screenshot(page, '01-register')
  await form.getByRole('button', { name: 'Create account' }).click()
  const verify = page.getByTestId('verify-form')
  await verify.waitFor()
  if (name === 'alice') await screenshot(page, '02-verify')
  const code = codeFrom(await smtp.next(`${name}@example.org`, 20_000))
  await verify.getByLabel('Code').fill(code)
  await verify.getByRole('button', { name: 'Confirm' }).click()
  await page.getByTestId('my-address').filter({ hasText: `${name}@relay.test` }).waitFor({ timeout: 30_000 })
}

/** The states of the messages with `text` in the open conversation. */
async function messageStates (page: Page, text: string): Promise<Array<string | null>> {
  return await page.getByTestId('message').filter({ hasText: text }).evaluateAll(els => els.map(e => e.getAttribute('data-state')))
}

describe('The web client in Chromium', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let browser: Browser
  const contexts: BrowserContext[] = []
  const pageErrors: string[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('web')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, web: CLIENT_DIST })
    browser = await launchChromium()
  })

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  async function person (): Promise<Page> {
    // Each person gets an isolated context: their own IndexedDB, so their own device.
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', err => pageErrors.push(err.message))
    return page
  }

  it('registers two people through the UI, who exchange messages both ways and see delivered and read, then reload and keep their history', async () => {
    const alice = await person()
    const bob = await person()
    await registerInBrowser(alice, relay, smtp, 'alice')
    await registerInBrowser(bob, relay, smtp, 'bob')
    await screenshot(alice, '03-empty-messenger')

    // Alice starts a conversation by address and writes.
    await alice.getByTestId('new-conversation').getByPlaceholder('name@relay').fill('bob@relay.test')
    await alice.getByTestId('new-conversation').getByRole('button', { name: 'Start' }).click()
    await alice.getByTestId('conversation-peer').filter({ hasText: 'bob@relay.test' }).waitFor()
    await alice.getByLabel('Message').fill('Hello bob, this is alice in a browser')
    await alice.getByLabel('Message').press('Enter')

    // Bob sees an unread conversation, opens it: alice's message turns read.
    await bob.getByTestId('conversation-alice@relay.test').getByTestId('unread').waitFor({ timeout: 30_000 })
    await screenshot(bob, '04-unread')
    await bob.getByTestId('conversation-alice@relay.test').click()
    await bob.getByTestId('message').filter({ hasText: 'Hello bob, this is alice in a browser' }).waitFor()
    await alice.getByTestId('message').filter({ hasText: 'Hello bob' }).and(alice.locator('[data-state="read"]')).waitFor({ timeout: 30_000 })

    // Bob answers; alice, with the conversation open, reads it at once.
    await bob.getByLabel('Message').fill('Hi alice! Bob here.')
    await bob.getByRole('button', { name: 'Send' }).click()
    await alice.getByTestId('message').filter({ hasText: 'Hi alice! Bob here.' }).waitFor({ timeout: 30_000 })
    await bob.getByTestId('message').filter({ hasText: 'Hi alice!' }).and(bob.locator('[data-state="read"]')).waitFor({ timeout: 30_000 })
    await screenshot(alice, '05-conversation')
    expect(await messageStates(alice, 'Hello bob')).to.deep.equal(['read'])
    const paths = await alice.getByTestId('message').evaluateAll(els => els.map(e => e.getAttribute('data-path')))
    expect(paths.every(p => p === 'direct' || p === 'relay'), 'every message shows its path').to.equal(true)

    // A reload asks for the passphrase, then shows the same history.
    await alice.reload()
    const unlock = alice.getByTestId('unlock-form')
    await unlock.waitFor()
    await unlock.getByLabel('Device passphrase').fill('not the passphrase')
    await unlock.getByRole('button', { name: 'Unlock' }).click()
    await expect(await unlock.getByTestId('form-error').textContent()).to.equal('That passphrase does not unlock the keys on this device.')
    await screenshot(alice, '06-unlock-wrong')
    await unlock.getByLabel('Device passphrase').fill(PASSPHRASE)
    await unlock.getByRole('button', { name: 'Unlock' }).click()
    await alice.getByTestId('conversation-bob@relay.test').click()
    await alice.getByTestId('message').filter({ hasText: 'Hi alice! Bob here.' }).waitFor()
    expect(await messageStates(alice, 'Hello bob')).to.deep.equal(['read'])

    // Phone width: one pane at a time, nothing cut off.
    await alice.setViewportSize({ width: 390, height: 800 })
    await screenshot(alice, '07-phone-conversation')
    expect(pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })
})
