import { expect } from 'chai'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { ParleyNode } from '@parley/node'
import { startSmtp, codeFrom, type TestSmtp } from '../support/smtp.js'
import * as OTPAuth from 'otpauth'
import { startRelayProcess, tempDir, cleanup, parley, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'
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

/** Fills and submits the log-in form of a browser that holds no account yet; returns the form. */
async function logInNewDevice (page: Page, name: string, password: string): Promise<Locator> {
  const form = page.getByTestId('login-form')
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Account password').fill(password)
  await form.getByLabel('Device passphrase').fill(PASSPHRASE)
  await form.getByRole('button', { name: 'Log in' }).click()
  return form
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
  const daveRecoveryCodes: string[] = []

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

  async function person (options: { direct?: boolean } = {}): Promise<Page> {
    // Each person gets an isolated context: their own IndexedDB, so their own device.
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } })
    contexts.push(context)
    if (options.direct === false) await context.addInitScript(() => { localStorage.setItem('parley.direct', 'off') })
    const page = await context.newPage()
    page.on('pageerror', err => pageErrors.push(err.message))
    return page
  }

  it('registers two people through the UI, who exchange messages both ways through the relay and see delivered and read, then reload and keep their history', async () => {
    // Direct connections off (a setting): everything goes through the relay's mailboxes.
    const alice = await person({ direct: false })
    const bob = await person({ direct: false })
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
    expect(await bob.getByTestId('conversation-alice@relay.test').getByTestId('unread').innerText()).to.match(/^1\b/)
    // Stored on bob's device but not shown yet: delivered, not read.
    await alice.getByTestId('message').filter({ hasText: 'Hello bob' }).and(alice.locator('[data-state="delivered"]')).waitFor({ timeout: 30_000 })
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
    expect(paths, 'every message went through the relay').to.deep.equal(['relay', 'relay'])

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

  it('sends browser to browser over WebRTC when both are online', async () => {
    const carol = await person()
    const dave = await person()
    await registerInBrowser(carol, relay, smtp, 'carol')
    await registerInBrowser(dave, relay, smtp, 'dave')
    await openConversation(dave, 'carol@relay.test')
    await openConversation(carol, 'dave@relay.test')
    // The first message may go through the mailbox while WebRTC is being set up; one of three must go direct.
    for (let i = 1; i <= 3; i++) {
      await sendText(carol, `peer to peer ${i}`)
      await carol.getByTestId('message').filter({ hasText: `peer to peer ${i}` }).and(carol.locator('[data-state="read"]')).waitFor({ timeout: 30_000 })
      if ((await carol.getByTestId('message').filter({ hasText: `peer to peer ${i}` }).getAttribute('data-path')) === 'direct') break
    }
    const paths = await carol.getByTestId('message').evaluateAll(els => els.map(e => e.getAttribute('data-path')))
    expect(paths, 'a message went straight to the other browser').to.include('direct')
    // Browsers have no TCP: a direct connection between them can only be WebRTC.
    await dave.getByTestId('message').filter({ hasText: 'peer to peer' }).first().waitFor()
    expect(await dave.getByTestId('message').filter({ hasText: 'peer to peer' }).evaluateAll(els => els.map(e => e.getAttribute('data-path')))).to.include('direct')
    await screenshot(carol, '08-direct')
    expect(pageErrors).to.deep.equal([])
  })

  it('lets a CLI user and a browser user chat', async () => {
    const erin = await makeUser({ dir, name: 'erin', relayUrl: relay.http, smtp })
    await erin.node.close()
    const carol = contexts[2]?.pages()[0]
    if (carol === undefined) throw new Error('carol\'s page from the previous test is gone')
    const sent = await parley(join(dir, 'erin'), ['send', 'carol@relay.test', 'hello from the terminal'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(sent.code, sent.stderr).to.equal(0)
    // Carol has another conversation open, under her settings: nothing is read behind her back.
    await carol.getByTestId('open-settings').click()
    await carol.getByTestId('conversation-erin@relay.test').getByTestId('unread').waitFor({ timeout: 30_000 })
    const before = await parley(join(dir, 'erin'), ['history', 'carol@relay.test'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(before.json.find((m: any) => m.text === 'hello from the terminal').state).to.not.equal('read')
    await carol.getByTestId('conversation-erin@relay.test').click()
    await carol.getByTestId('message').filter({ hasText: 'hello from the terminal' }).waitFor({ timeout: 30_000 })
    await sendText(carol, 'hello from the browser')
    await carol.getByTestId('message').filter({ hasText: 'hello from the browser' }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
    const inbox = await parley(join(dir, 'erin'), ['inbox'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(inbox.code, inbox.stderr).to.equal(0)
    expect(inbox.json.map((m: any) => m.text)).to.include('hello from the browser')
    const history = await parley(join(dir, 'erin'), ['history', 'carol@relay.test'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(history.json.find((m: any) => m.text === 'hello from the terminal').state).to.be.oneOf(['delivered', 'read'])
  })

  it('turns on two-factor login with a QR code and recovery codes, then logs in with an authenticator code', async () => {
    const dave = contexts[3]?.pages()[0]
    if (dave === undefined) throw new Error('dave\'s page from an earlier test is gone')
    await dave.getByTestId('open-settings').click()
    await dave.getByTestId('totp-start').click()
    const secret = await dave.getByTestId('totp-secret').textContent()
    await screenshot(dave, '09-totp-enrol')
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret ?? ''), period: 30, digits: 6, algorithm: 'SHA1' }).generate()
    await dave.getByLabel('Code from the app').fill(code)
    await dave.getByTestId('totp-confirm').click()
    await dave.getByTestId('recovery-codes').waitFor()
    const codes = await dave.getByTestId('recovery-codes').locator('code').allTextContents()
    expect(codes).to.have.length(10)
    daveRecoveryCodes.push(...codes)
    await screenshot(dave, '10-recovery-codes')
    // Leaving the page before saving them loses nothing: a reminder leads back to the same codes.
    await dave.getByTestId('conversation-carol@relay.test').click()
    await dave.getByRole('button', { name: 'Show them' }).click()
    expect(await dave.getByTestId('recovery-codes').locator('code').allTextContents()).to.deep.equal(codes)
    await dave.getByTestId('codes-saved').click()
    await dave.getByTestId('totp-state').filter({ hasText: 'On.' }).waitFor()

    // Logging out locks the device too: the passphrase first, then the account's password and a code.
    await dave.getByTestId('logout').click()
    await dave.getByTestId('unlock-form').getByLabel('Device passphrase').fill(PASSPHRASE)
    await dave.getByTestId('unlock-form').getByRole('button', { name: 'Unlock' }).click()
    const login = dave.getByTestId('login-form')
    await login.getByLabel('Account password').fill("dave's account password")
    await login.getByRole('button', { name: 'Log in' }).click()
    await login.getByLabel('Authenticator code').waitFor()
    await screenshot(dave, '11-login-second-factor')
    await login.getByLabel('Authenticator code').fill('not-a-code')
    await login.getByRole('button', { name: 'Log in' }).click()
    await login.getByTestId('form-error').waitFor()
    expect(await login.getByTestId('form-error').textContent()).to.not.match(/Error:|at \w+ \(/)
    // The app's next code (the relay accepts one step of clock skew; the enrolment used this one).
    const next = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret ?? ''), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + 30_000 })
    await login.getByLabel('Authenticator code').fill(next)
    await login.getByRole('button', { name: 'Log in' }).click()
    await dave.getByTestId('my-address').filter({ hasText: 'dave@relay.test' }).waitFor({ timeout: 30_000 })
  })

  it('warns, in plain words and before sending, when a contact\'s key changed, and accepts it once the new safety number is confirmed', async () => {
    const carol = contexts[2]?.pages()[0]
    if (carol === undefined) throw new Error('carol\'s page from an earlier test is gone')
    // Dave starts using a new browser: new keys for the same account.
    const newDave = await person()
    await newDave.goto(relay.http)
    await newDave.getByTestId('tab-login').click()
    const form = await logInNewDevice(newDave, 'dave', "dave's account password")
    await form.getByLabel('Authenticator code').fill(daveRecoveryCodes[1] ?? '')
    await form.getByRole('button', { name: 'Log in' }).click()
    await newDave.getByTestId('my-address').filter({ hasText: 'dave@relay.test' }).waitFor({ timeout: 30_000 })

    await carol.getByTestId('conversation-dave@relay.test').click()
    await carol.getByTestId('conversation-peer').filter({ hasText: 'dave@relay.test' }).waitFor()
    // Dave writes first from the new browser: carol's device holds it (signed under a key she has
    // not accepted) instead of showing or losing it.
    await openConversation(newDave, 'carol@relay.test')
    await sendText(newDave, 'it is me, on a new browser')
    const heldDialog = carol.getByTestId('key-change-held')
    await heldDialog.waitFor({ timeout: 30_000 })
    expect(await heldDialog.textContent()).to.contain('1 message from dave@relay.test is waiting until you accept the new key')
    await carol.getByRole('button', { name: 'Not now' }).click()
    await carol.getByTestId('held-notice').waitFor()
    await screenshot(carol, '12a-held')
    expect(await carol.getByTestId('message').filter({ hasText: 'it is me, on a new browser' }).count(), 'a held message is not shown').to.equal(0)
    await sendText(carol, 'are you still dave?')
    const dialog = carol.getByTestId('key-change')
    await dialog.waitFor({ timeout: 15_000 })
    await screenshot(carol, '12-key-changed')
    expect(await carol.getByTestId('message').filter({ hasText: 'are you still dave?' }).count(), 'nothing was sent').to.equal(0)
    expect(await carol.getByRole('textbox', { name: 'Message' }).inputValue(), 'the text waits in the composer').to.equal('are you still dave?')
    await dialog.getByTestId('compare-numbers').click()
    const digits = await carol.getByTestId('safety-digits').textContent()
    await openConversation(newDave, 'carol@relay.test')
    await newDave.getByTestId('contact-info').click()
    expect(await newDave.getByTestId('safety-digits').textContent(), 'the same number on both sides').to.equal(digits)
    await screenshot(carol, '13-safety-number')
    await carol.getByTestId('mark-verified').click()
    await carol.getByTestId('verified-state').waitFor()
    await carol.getByRole('button', { name: 'Back to the conversation' }).click()
    await carol.getByTestId('verified-badge').waitFor()
    // Accepting the key delivers what was held, and dave's browser hears it arrived.
    await carol.getByTestId('message').filter({ hasText: 'it is me, on a new browser' }).waitFor({ timeout: 15_000 })
    expect(await carol.getByTestId('held-notice').count(), 'nothing is held any more').to.equal(0)
    await newDave.getByRole('button', { name: 'Back to the conversation' }).click()
    await until(async () => (await messageStates(newDave, 'it is me, on a new browser')).some(st => st === 'delivered' || st === 'read'), 30_000, 'the held message to be receipted once delivered')
    await sendText(carol, 'welcome back, dave')
    await newDave.getByTestId('message').filter({ hasText: 'welcome back, dave' }).waitFor({ timeout: 30_000 })
    expect(pageErrors).to.deep.equal([])
  })

  it('shows a banner while the relay is unreachable, keeps an unsent text, and carries on when it is back', async () => {
    const carol = contexts[2]?.pages()[0]
    if (carol === undefined) throw new Error('carol\'s page from an earlier test is gone')
    await carol.getByTestId('conversation-erin@relay.test').click()
    await relay.stop()
    await carol.getByTestId('offline-banner').waitFor({ timeout: 20_000 })
    await sendText(carol, 'written while offline')
    const error = carol.getByTestId('composer').getByRole('alert')
    await error.waitFor({ timeout: 30_000 })
    expect(await error.textContent()).to.match(/relay cannot be reached|took too long/)
    expect(await carol.getByLabel('Message').inputValue(), 'the text is kept').to.equal('written while offline')
    await screenshot(carol, '14-offline')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, web: CLIENT_DIST, ports: relay.ports })
    await carol.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 })
    await carol.getByRole('button', { name: 'Send' }).click()
    await carol.getByTestId('message').filter({ hasText: 'written while offline' }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
    expect(pageErrors).to.deep.equal([])
  })

  it('marks a message that could not be sent, and sends it again with "Try again"', async () => {
    const carol = contexts[2]?.pages()[0]
    if (carol === undefined) throw new Error('carol\'s page from an earlier test is gone')
    // Frank is online and reachable, but his side of the WebRTC set-up never answers: carol's
    // send waits for the direct path, and the relay goes away meanwhile, so the mailbox fails too.
    const frank = (await makeUser({ dir, name: 'frank', relayUrl: relay.http, smtp, direct: true })).node
    try {
      await frank.listen()
      const deadline = Date.now() + 20_000
      while (!frank.directlyReachable && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100))
      expect(frank.directlyReachable, 'frank holds a reservation, so carol tries the direct path first').to.equal(true)
      const host = (frank as any).libp2p
      await host.unhandle('/webrtc-signaling/0.0.1')
      await host.handle('/webrtc-signaling/0.0.1', () => {}, { runOnLimitedConnection: true })
      await openConversation(carol, 'frank@relay.test')
      await sendText(carol, 'this one will fail first')
      await carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).and(carol.locator('[data-state="sending"]')).waitFor()
      await relay.stop()
      const failed = carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).and(carol.locator('[data-state="failed"]'))
      await failed.waitFor({ timeout: 30_000 })
      expect(await failed.textContent()).to.match(/Not sent: .*Try again/)
      await screenshot(carol, '15-failed')
      relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, web: CLIENT_DIST, ports: relay.ports })
      await carol.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 })
      await failed.getByTestId('retry').click()
      await carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
      expect(await carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).count(), 'one message, not two').to.equal(1)
      await frank.sync()
      expect((await frank.conversation('carol@relay.test')).filter(m => m.text === 'this one will fail first')).to.have.length(1)
      expect(pageErrors).to.deep.equal([])
    } finally {
      await frank.close()
    }
  })

  it('manages the account from settings: email change by mailed code, another browser logged out, new recovery codes, deletion', async () => {
    const oldDave = contexts[3]?.pages()[0]
    const dave = contexts[4]?.pages()[0]
    if (oldDave === undefined || dave === undefined) throw new Error('dave\'s pages from earlier tests are gone')
    await dave.getByTestId('open-settings').click()
    const sessions = dave.getByTestId('session')
    await sessions.nth(1).waitFor()
    expect(await sessions.count(), 'both of dave\'s browsers').to.equal(2)
    expect(await sessions.evaluateAll(els => els.map(e => e.getAttribute('data-current')))).to.deep.equal(['yes', 'no'])
    await screenshot(dave, '16-account-settings')

    // A new address is used only once its emailed code is entered; a wrong code gets a sentence.
    await dave.getByTestId('email-change').click()
    await dave.getByLabel('New email address').fill('dave.new@example.org')
    await dave.getByTestId('email-form').getByRole('button', { name: 'Send a code to this address' }).click()
    const confirmForm = dave.getByTestId('email-confirm-form')
    await confirmForm.waitFor()
    const code = codeFrom(await smtp.next('dave.new@example.org', 20_000))
    await confirmForm.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000')
    await confirmForm.getByRole('button', { name: 'Confirm new address' }).click()
    await confirmForm.getByTestId('form-error').filter({ hasText: 'That code is not right, or it has expired.' }).waitFor()
    expect(await dave.getByTestId('current-email').textContent(), 'unchanged after a wrong code').to.equal('dave@example.org')
    await confirmForm.getByLabel('Code from the email').fill(code)
    await confirmForm.getByRole('button', { name: 'Confirm new address' }).click()
    await dave.getByTestId('current-email').filter({ hasText: 'dave.new@example.org' }).waitFor()

    // Two more devices (in-process nodes, each logging in with a recovery code): one is logged out
    // from its own row, then the rest with "Log out everywhere else"; the old browser's page asks
    // for the password at once.
    const devices: ParleyNode[] = []
    try {
      for (const i of [4, 5]) {
        const device = await ParleyNode.open({ dataDir: join(dir, `dave-device-${i}`), passphrase: 'test passphrase', kdfIterations: 100_000 })
        devices.push(device)
        await device.login("dave's account password", { account: { relayUrl: relay.http, name: 'dave' }, secondFactor: { recoveryCode: daveRecoveryCodes[i] ?? '' } })
      }
      // Settings asks the relay again when opened again.
      await dave.getByTestId('settings').getByRole('button', { name: 'Back' }).click()
      await dave.getByTestId('open-settings').click()
      await until(async () => await sessions.count() === 4, 10_000, 'four sessions listed')
      const first = devices[0] as ParleyNode
      await sessions.filter({ hasText: first.peerId.slice(-8) }).getByTestId('session-revoke').click()
      await until(async () => await sessions.count() === 3, 10_000, 'the device logged out from its row to leave the list')
      const refused = await first.sessions().then(() => 'still logged in', (err: any) => String(err?.code ?? err?.relayCode))
      expect(refused).to.match(/NOT_LOGGED_IN|UNAUTHENTICATED/)
      await dave.getByTestId('sessions-revoke-others').click()
      await dave.getByText('No other device is logged in.').waitFor()
      expect(await sessions.count()).to.equal(1)
      const refusedToo = await (devices[1] as ParleyNode).sessions().then(() => 'still logged in', (err: any) => String(err?.code ?? err?.relayCode))
      expect(refusedToo).to.match(/NOT_LOGGED_IN|UNAUTHENTICATED/)
    } finally {
      for (const device of devices) await device.close()
    }
    await oldDave.getByTestId('login-form').waitFor({ timeout: 30_000 })

    // New recovery codes (a recovery code authorises it); the old codes stop working.
    await dave.getByLabel(/to turn it off or to get new recovery codes/).fill(daveRecoveryCodes[2] ?? '')
    await dave.getByTestId('codes-regenerate').click()
    await dave.getByTestId('recovery-codes').waitFor()
    const fresh = await dave.getByTestId('recovery-codes').locator('code').allTextContents()
    expect(fresh).to.have.length(10)
    expect(fresh.filter(c => daveRecoveryCodes.includes(c)), 'all new').to.deep.equal([])
    await dave.getByTestId('codes-saved').click()

    // Deleting the account: the address must be typed, and an old recovery code is refused.
    await dave.getByTestId('delete-start').click()
    const del = dave.getByTestId('delete-form')
    await del.getByLabel('Type dave@relay.test to confirm').fill('dave')
    await del.getByLabel('Account password').fill("dave's account password")
    await del.getByLabel('Authenticator code').fill(daveRecoveryCodes[3] ?? '')
    await del.getByRole('button', { name: 'Delete my account' }).click()
    await del.getByTestId('form-error').filter({ hasText: 'Type your address, dave@relay.test, exactly as shown to confirm.' }).waitFor()
    await del.getByLabel('Type dave@relay.test to confirm').fill('dave@relay.test')
    await del.getByRole('button', { name: 'Delete my account' }).click()
    await del.getByTestId('form-error').filter({ hasText: 'That code is not right' }).waitFor()
    expect(await del.getByTestId('form-error').textContent()).to.not.match(/Error:|at \w+ \(/)
    await screenshot(dave, '17-delete-account')
    await del.getByLabel('Authenticator code').fill(fresh[0] ?? '')
    await del.getByRole('button', { name: 'Delete my account' }).click()
    await dave.getByTestId('register-form').waitFor({ timeout: 30_000 })
    expect(await dave.getByTestId('notice').textContent()).to.match(/Your account was deleted/)
    // Nothing is left in this browser to unlock, and the relay no longer knows dave.
    await dave.reload()
    await dave.getByTestId('register-form').waitFor()
    const { node: grace } = await makeUser({ dir, name: 'grace', relayUrl: relay.http, smtp })
    try {
      const lookup = await grace.lookup('dave@relay.test').then(() => 'found', (err: any) => String(err?.relayCode ?? err?.code))
      expect(lookup).to.equal('NOT_FOUND')
    } finally {
      await grace.close()
    }
    expect(pageErrors).to.deep.equal([])
  })

  it('resets a forgotten password by mailed code from a new browser, which logs every device out and leaves that browser empty', async () => {
    const bob = contexts[1]?.pages()[0]
    if (bob === undefined) throw new Error('bob\'s page from the first test is gone')
    const stranger = await person()
    await stranger.goto(relay.http)
    // A reset left by switching tabs erases the throwaway device it needed (the relay answers the
    // same for a name it does not know).
    await stranger.getByTestId('tab-login').click()
    await stranger.getByTestId('forgot-password').click()
    await stranger.getByTestId('reset-request-form').getByLabel('Name').fill('nobody')
    await stranger.getByRole('button', { name: 'Email me a code' }).click()
    await stranger.getByTestId('reset-form').waitFor({ timeout: 20_000 })
    expect(await storedRecords(stranger, 'parley-password-reset'), 'the throwaway device while the reset is under way').to.be.greaterThan(0)
    await stranger.getByTestId('tab-register').click()
    await until(async () => await storedRecords(stranger, 'parley-password-reset') === 0, 10_000, 'the throwaway device to be erased')

    await stranger.getByTestId('tab-login').click()
    await stranger.getByTestId('forgot-password').click()
    await stranger.getByTestId('reset-request-form').getByLabel('Name').fill('bob')
    await stranger.getByRole('button', { name: 'Email me a code' }).click()
    const form = stranger.getByTestId('reset-form')
    await form.waitFor({ timeout: 20_000 })
    const code = codeFrom(await smtp.next('bob@example.org', 20_000))
    await form.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000')
    await form.getByLabel('New account password').fill("bob's new account password")
    await form.getByRole('button', { name: 'Set the new password' }).click()
    await form.getByTestId('form-error').filter({ hasText: 'That code is not right, or it has expired.' }).waitFor()
    await screenshot(stranger, '18-password-reset')
    await form.getByLabel('Code from the email').fill(code)
    await form.getByRole('button', { name: 'Set the new password' }).click()
    await stranger.getByTestId('login-form').waitFor()
    expect(await stranger.getByTestId('notice').textContent()).to.match(/Your password was changed/)
    // Nothing is left in this browser from the reset: no device, and the throwaway one erased.
    expect(await storedRecords(stranger, 'parley-password-reset')).to.equal(0)
    expect(await storedRecords(stranger, 'parley-device')).to.equal(0)

    // Bob's own browser was logged out; the old password no longer works, the new one does.
    const login = bob.getByTestId('login-form')
    await login.waitFor({ timeout: 30_000 })
    await login.getByLabel('Account password').fill("bob's account password")
    await login.getByRole('button', { name: 'Log in' }).click()
    await login.getByTestId('form-error').filter({ hasText: 'The name or the password is not right.' }).waitFor()
    await login.getByLabel('Account password').fill("bob's new account password")
    await login.getByRole('button', { name: 'Log in' }).click()
    await bob.getByTestId('my-address').filter({ hasText: 'bob@relay.test' }).waitFor({ timeout: 30_000 })

    // The new password brings bob to this browser too, and the notice goes once he is in.
    await logInNewDevice(stranger, 'bob', "bob's new account password")
    await stranger.getByTestId('my-address').filter({ hasText: 'bob@relay.test' }).waitFor({ timeout: 30_000 })
    expect(await stranger.getByTestId('notice').count(), 'the notice is gone once logged in').to.equal(0)
    expect(pageErrors).to.deep.equal([])
  })
})

/**
 * How many records a Parley database in the page's IndexedDB holds (0 when it does not exist);
 * level names the database `level-js-<name>`, with one object store `<name>`.
 */
async function storedRecords (page: Page, name: string): Promise<number> {
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

async function openConversation (page: Page, peer: string): Promise<void> {
  await page.getByTestId('new-conversation').getByPlaceholder('name@relay').fill(peer)
  await page.getByTestId('new-conversation').getByRole('button', { name: 'Start' }).click()
  await page.getByTestId('conversation-peer').filter({ hasText: peer }).waitFor()
}

async function sendText (page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text)
  await page.getByLabel('Message').press('Enter')
}
