import { expect } from 'chai'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import type { Page } from 'playwright-core'
import { makeUser } from '../support/users.js'
import { screenshot } from '../support/browser.js'
import { openConversation, registerInBrowser, sendText, webClientWorld } from '../support/web-client.js'

describe('The web client in Chromium: an unreachable relay', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-resilience')
  let carol: Page

  before(async () => {
    // Erin exists (keys published) but is not online: what carol writes her goes to the mailbox.
    const erin = await makeUser({ dir: world.dir, name: 'erin', relayUrl: world.relay.http, smtp: world.smtp })
    await erin.node.close()
    carol = await world.person()
    await registerInBrowser(carol, world, 'carol')
    await openConversation(carol, 'erin@relay.test')
  })

  it('shows a banner while the relay is unreachable, keeps what is written as waiting, and sends it once, in order, when the relay is back', async () => {
    await carol.getByTestId('conversation-erin@relay.test').click()
    await world.stopRelay()
    await carol.getByTestId('offline-banner').waitFor({ timeout: 20_000 })
    await sendText(carol, 'written while offline')
    await sendText(carol, 'and a second one')
    const waiting = carol.getByTestId('message').and(carol.locator('[data-state="waiting"]'))
    await waiting.filter({ hasText: 'and a second one' }).waitFor({ timeout: 30_000 })
    expect(await waiting.count(), 'both wait').to.equal(2)
    expect(await waiting.first().textContent()).to.match(/Waiting.*Kept on this device/)
    expect(await carol.getByLabel('Message').inputValue(), 'the composer is free again').to.equal('')
    await screenshot(carol, '14-offline')
    await world.startRelay()
    await carol.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 })
    for (const text of ['written while offline', 'and a second one']) {
      await carol.getByTestId('message').filter({ hasText: text }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
    }
    const erin = await ParleyNode.open({ dataDir: join(world.dir, 'erin'), passphrase: 'test passphrase', direct: false })
    try {
      const texts = (await erin.sync()).map(m => m.text)
      expect(texts).to.deep.equal(['written while offline', 'and a second one'])
    } finally {
      await erin.close()
    }
    expect(world.pageErrors).to.deep.equal([])
  })

  it('keeps a message whose send was cut short when the relay went away, and sends it once when the relay is back', async () => {
    // Frank is online and reachable, but his side of the WebRTC set-up never answers: carol's
    // send waits for the direct path, and the relay goes away meanwhile, so the mailbox fails too.
    const frank = (await makeUser({ dir: world.dir, name: 'frank', relayUrl: world.relay.http, smtp: world.smtp, direct: true })).node
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
      await world.stopRelay()
      const waiting = carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).and(carol.locator('[data-state="waiting"]'))
      await waiting.waitFor({ timeout: 30_000 })
      expect(await waiting.textContent()).to.match(/Kept on this device.*Send now/)
      await screenshot(carol, '15-waiting')
      await world.startRelay()
      await carol.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 })
      await carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).and(carol.locator('[data-state="sent"], [data-state="delivered"], [data-state="read"]')).waitFor({ timeout: 30_000 })
      expect(await carol.getByTestId('message').filter({ hasText: 'this one will fail first' }).count(), 'one message, not two').to.equal(1)
      await frank.sync()
      expect((await frank.conversation('carol@relay.test')).filter(m => m.text === 'this one will fail first')).to.have.length(1)
      expect(world.pageErrors).to.deep.equal([])
    } finally {
      await frank.close()
    }
  })
})
