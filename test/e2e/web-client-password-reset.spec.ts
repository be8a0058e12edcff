import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { codeFrom } from '../support/smtp.js'
import { screenshot } from '../support/browser.js'
import { logInNewDevice, registerInBrowser, webClientWorld } from '../support/web-client.js'

/** The names of the IndexedDB databases the page's origin holds. */
async function databases (page: Page): Promise<string[]> {
  return await page.evaluate(async () => (await indexedDB.databases()).map(d => d.name ?? '').sort())
}

describe('The web client in Chromium: a forgotten password', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-reset')
  let bob: Page

  before(async () => {
    bob = await world.person({ direct: false })
    await registerInBrowser(bob, world, 'bob')
  })

  it('resets a forgotten password by mailed code from a new browser, which logs every device out and leaves that browser empty', async () => {
    const stranger = await world.person()
    await stranger.goto(world.relay.http)
    // A reset needs no device: while one is under way the browser holds no database at all (the
    // relay answers the same for a name it does not know).
    await stranger.getByTestId('tab-login').click()
    await stranger.getByTestId('forgot-password').click()
    await stranger.getByTestId('reset-request-form').getByLabel('Name').fill('nobody')
    await stranger.getByRole('button', { name: 'Email me a code' }).click()
    await stranger.getByTestId('reset-form').waitFor({ timeout: 20_000 })
    expect(await databases(stranger), 'no device while the reset is under way').to.deep.equal([])
    await stranger.getByTestId('tab-register').click()

    await stranger.getByTestId('tab-login').click()
    await stranger.getByTestId('forgot-password').click()
    await stranger.getByTestId('reset-request-form').getByLabel('Name').fill('bob')
    await stranger.getByRole('button', { name: 'Email me a code' }).click()
    const form = stranger.getByTestId('reset-form')
    await form.waitFor({ timeout: 20_000 })
    const code = codeFrom(await world.smtp.next('bob@example.org', 20_000))
    await form.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000')
    await form.getByLabel('New account password').fill("bob's new account password")
    await form.getByRole('button', { name: 'Set the new password' }).click()
    await form.getByTestId('form-error').filter({ hasText: 'That code is not right, or it has expired.' }).waitFor()
    await screenshot(stranger, '18-password-reset')
    await form.getByLabel('Code from the email').fill(code)
    await form.getByRole('button', { name: 'Set the new password' }).click()
    await stranger.getByTestId('login-form').waitFor()
    expect(await stranger.getByTestId('notice').textContent()).to.match(/Your password was changed/)
    // Nothing is left in this browser from the reset: it never held a device database.
    expect(await databases(stranger), 'the IndexedDB databases of the empty browser').to.deep.equal([])

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
    expect(world.pageErrors).to.deep.equal([])
  })
})
