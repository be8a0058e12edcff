import { expect } from 'chai'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import * as OTPAuth from 'otpauth'
import { ParleyNode } from '@parley/node'
import { codeFrom } from '../support/smtp.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'
import { screenshot } from '../support/browser.js'
import { logInNewDevice, messageStates, openConversation, PASSPHRASE, registerInBrowser, sendText, webClientWorld } from '../support/web-client.js'

describe('The web client in Chromium: keys and the account', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-account')
  let carol: Page
  /** Dave's first browser. */
  let firstDave: Page
  /** Dave's second browser, from the key change test on. */
  let secondDave: Page | undefined
  const daveRecoveryCodes: string[] = []

  before(async () => {
    // Carol and dave have written to each other: each pinned the other's identity key.
    carol = await world.person()
    const dave = firstDave = await world.person()
    await registerInBrowser(carol, world, 'carol')
    await registerInBrowser(dave, world, 'dave')
    await openConversation(dave, 'carol@relay.test')
    await openConversation(carol, 'dave@relay.test')
    await sendText(carol, 'hello dave')
    await dave.getByTestId('message').filter({ hasText: 'hello dave' }).waitFor({ timeout: 30_000 })
    await sendText(dave, 'hello carol')
    await carol.getByTestId('message').filter({ hasText: 'hello carol' }).waitFor({ timeout: 30_000 })
  })

  it('turns on two-factor login with a QR code and recovery codes, then logs in with an authenticator code', async () => {
    const dave = firstDave
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
    // Dave starts using a new browser: new keys for the same account.
    const newDave = secondDave = await world.person()
    await newDave.goto(world.relay.http)
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
    expect(world.pageErrors).to.deep.equal([])
  })

  it('manages the account from settings: email change by mailed code, another browser logged out, new recovery codes, deletion', async () => {
    const oldDave = firstDave
    const dave = secondDave
    if (dave === undefined) throw new Error('dave\'s new browser from the key change test is gone')
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
    const code = codeFrom(await world.smtp.next('dave.new@example.org', 20_000))
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
        const device = await ParleyNode.open({ dataDir: join(world.dir, `dave-device-${i}`), passphrase: 'test passphrase', kdfIterations: 100_000 })
        devices.push(device)
        await device.login("dave's account password", { account: { relayUrl: world.relay.http, name: 'dave' }, secondFactor: { recoveryCode: daveRecoveryCodes[i] ?? '' } })
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
    const { node: grace } = await makeUser({ dir: world.dir, name: 'grace', relayUrl: world.relay.http, smtp: world.smtp })
    try {
      const lookup = await grace.lookup('dave@relay.test').then(() => 'found', (err: any) => String(err?.relayCode ?? err?.code))
      expect(lookup).to.equal('NOT_FOUND')
    } finally {
      await grace.close()
    }
    expect(world.pageErrors).to.deep.equal([])
  })
})
