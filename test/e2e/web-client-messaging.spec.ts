import { expect } from 'chai'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { parley } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { screenshot } from '../support/browser.js'
import { messageStates, openConversation, PASSPHRASE, registerInBrowser, sendText, sendUntilDirect, webClientWorld } from '../support/web-client.js'

describe('The web client in Chromium: messaging', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-messaging')
  /** Carol's page, from the WebRTC test on. */
  let carol: Page | undefined

  it('registers two people through the UI, who exchange messages both ways through the relay and see delivered and read, then reload and keep their history', async () => {
    // Direct connections off (a setting): everything goes through the relay's mailboxes.
    const alice = await world.person({ direct: false })
    const bob = await world.person({ direct: false })
    await registerInBrowser(alice, world, 'alice', true)
    await registerInBrowser(bob, world, 'bob')
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
    expect(world.pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })

  it('sends browser to browser over WebRTC when both are online', async () => {
    carol = await world.person()
    const dave = await world.person()
    await registerInBrowser(carol, world, 'carol')
    await registerInBrowser(dave, world, 'dave')
    await openConversation(dave, 'carol@relay.test')
    await openConversation(carol, 'dave@relay.test')
    await sendUntilDirect(carol, 'peer to peer')
    const paths = await carol.getByTestId('message').evaluateAll(els => els.map(e => e.getAttribute('data-path')))
    expect(paths, 'a message went straight to the other browser').to.include('direct')
    // Browsers have no TCP: a direct connection between them can only be WebRTC.
    await dave.getByTestId('message').filter({ hasText: 'peer to peer' }).first().waitFor()
    expect(await dave.getByTestId('message').filter({ hasText: 'peer to peer' }).evaluateAll(els => els.map(e => e.getAttribute('data-path')))).to.include('direct')
    await screenshot(carol, '08-direct')
    expect(world.pageErrors).to.deep.equal([])
  })

  it('lets a CLI user and a browser user chat', async () => {
    const erin = await makeUser({ dir: world.dir, name: 'erin', relayUrl: world.relay.http, smtp: world.smtp })
    await erin.node.close()
    if (carol === undefined) throw new Error('carol\'s page from the previous test is gone')
    const sent = await parley(join(world.dir, 'erin'), ['send', 'carol@relay.test', 'hello from the terminal'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(sent.code, sent.stderr).to.equal(0)
    // Carol has another conversation open, under her settings: nothing is read behind her back.
    await carol.getByTestId('open-settings').click()
    await carol.getByTestId('conversation-erin@relay.test').getByTestId('unread').waitFor({ timeout: 30_000 })
    const before = await parley(join(world.dir, 'erin'), ['history', 'carol@relay.test'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(before.json.find((m: any) => m.text === 'hello from the terminal').state).to.not.equal('read')
    await carol.getByTestId('conversation-erin@relay.test').click()
    await carol.getByTestId('message').filter({ hasText: 'hello from the terminal' }).waitFor({ timeout: 30_000 })
    await sendText(carol, 'hello from the browser')
    await carol.getByTestId('message').filter({ hasText: 'hello from the browser' }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
    const inbox = await parley(join(world.dir, 'erin'), ['inbox'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(inbox.code, inbox.stderr).to.equal(0)
    expect(inbox.json.map((m: any) => m.text)).to.include('hello from the browser')
    const history = await parley(join(world.dir, 'erin'), ['history', 'carol@relay.test'], { PARLEY_PASSPHRASE: 'test passphrase' })
    expect(history.json.find((m: any) => m.text === 'hello from the terminal').state).to.be.oneOf(['delivered', 'read'])
  })
})
