import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { parley } from '../support/processes.js'
import { screenshot } from '../support/browser.js'
import { openConversation, twoBrowsersAndCli, sendText, webClientWorld } from '../support/web-client.js'

/** A PNG drawn in the page (so it is one the browser decodes), as bytes. */
async function drawnPicture (page: Page): Promise<Buffer> {
  const url = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 640
    canvas.height = 480
    const g = canvas.getContext('2d') as CanvasRenderingContext2D
    g.fillStyle = '#2a6'
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#fd0'
    g.beginPath()
    g.arc(320, 240, 160, 0, Math.PI * 2)
    g.fill()
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')
}

/** Sets the display name (and a picture, when given) in the settings, and goes back. */
async function setProfile (page: Page, name: string, picture?: Buffer): Promise<void> {
  await page.getByTestId('open-settings').click()
  const section = page.getByTestId('profile-section')
  await section.getByLabel('Display name').fill(name)
  if (picture !== undefined) {
    await section.getByTestId('profile-picture-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: picture })
    await section.getByTestId('profile-picture').waitFor()
  }
  await section.getByTestId('save-profile').click()
  await section.getByTestId('profile-saved').waitFor({ timeout: 30_000 })
  await page.getByTestId('settings').getByRole('button', { name: 'Back' }).click()
}

describe('The web client in Chromium: profiles', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-profiles')

  it('shows a contact\'s name and picture in the conversation list, the header and a group\'s members, and again after a change', async () => {
    const { alice, bob, carolHome } = await twoBrowsersAndCli(world)

    await setProfile(alice, 'Alice Liddell', await drawnPicture(alice))
    await openConversation(alice, 'bob@relay.test')
    await sendText(alice, 'hello bob')

    // Bob's list names alice by her name, with her picture and her address beside it.
    const item = bob.getByTestId('conversation-alice@relay.test')
    await item.getByTestId('conversation-title').filter({ hasText: 'Alice Liddell' }).waitFor({ timeout: 30_000 })
    expect(await item.getByTestId('conversation-title').innerText()).to.match(/Alice Liddell\s+alice@relay\.test/)
    const avatar = item.getByTestId('avatar-picture')
    await avatar.waitFor({ timeout: 30_000 })
    expect(await avatar.getAttribute('src')).to.match(/^blob:/)
    expect(await avatar.evaluate(img => (img as HTMLImageElement).naturalWidth)).to.equal(256)
    await item.click()
    expect(await bob.getByTestId('conversation-peer').innerText()).to.equal('Alice Liddell')
    expect(await bob.getByTestId('conversation-address').innerText()).to.equal('alice@relay.test')
    await screenshot(bob, '50-profile')

    // A group made in the terminal: alice's name shows on her messages and in the member list.
    const made = await parley(carolHome, ['group', 'create', 'Tea party', 'alice@relay.test', 'bob@relay.test'])
    expect(made.code, made.stderr).to.equal(0)
    const peer = `group:${made.json.id as string}`
    for (const page of [alice, bob]) {
      await page.getByTestId(`conversation-${peer}`).filter({ hasText: 'Tea party' }).click({ timeout: 30_000 })
      await page.getByTestId('accept-group').click({ timeout: 30_000 })
      await page.getByTestId('composer').waitFor({ timeout: 30_000 })
    }
    await sendText(alice, 'tea, anyone?')
    await bob.getByTestId('message').filter({ hasText: 'tea, anyone?' }).getByTestId('message-sender').filter({ hasText: 'Alice Liddell' }).waitFor({ timeout: 30_000 })
    await bob.getByTestId('group-info-open').click()
    const member = bob.locator('[data-testid="group-member"][data-address="alice@relay.test"]')
    await member.getByTestId('member-name').filter({ hasText: 'Alice Liddell' }).waitFor({ timeout: 30_000 })
    await screenshot(bob, '51-profile-members')

    // Alice changes her name: bob's page follows without a reload, in the members and the list.
    await setProfile(alice, 'Alice L.')
    await member.getByTestId('member-name').filter({ hasText: 'Alice L.' }).waitFor({ timeout: 30_000 })
    await item.getByTestId('conversation-title').filter({ hasText: 'Alice L.' }).waitFor({ timeout: 30_000 })
    // Her picture stayed: only the name changed.
    await item.getByTestId('avatar-picture').waitFor()
    // The terminal user sees it too.
    await parley(carolHome, ['inbox'])
    const shown = await parley(carolHome, ['profile', 'alice@relay.test'])
    expect(shown.json).to.include({ name: 'Alice L.' })
    expect(world.pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })
})
