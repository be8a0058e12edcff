import { expect } from 'chai'
import { join } from 'node:path'
import { parley } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { screenshot } from '../support/browser.js'
import { registerInBrowser, sendText, webClientWorld } from '../support/web-client.js'

const CAROL = { PARLEY_PASSPHRASE: 'test passphrase' }

describe('The web client in Chromium: groups', function () {
  this.timeout(300_000)
  const world = webClientWorld('web-groups')

  it('makes a group of three (two browsers and a CLI user) whose members chat, see who joined, and see who read', async () => {
    const alice = await world.person({ direct: false })
    const bob = await world.person({ direct: false })
    await registerInBrowser(alice, world, 'alice')
    await registerInBrowser(bob, world, 'bob')
    const carol = await makeUser({ dir: world.dir, name: 'carol', relayUrl: world.relay.http, smtp: world.smtp })
    await carol.node.close()
    const carolHome = join(world.dir, 'carol')

    // Alice makes the group in the page.
    await alice.getByTestId('new-group').click()
    const form = alice.getByTestId('new-group-form')
    await form.getByLabel('Group name').fill('Trio')
    await form.getByLabel(/^Invite/).fill('bob@relay.test, carol@relay.test')
    await form.getByRole('button', { name: 'Create group' }).click()
    await alice.getByTestId('conversation-peer').filter({ hasText: 'Trio' }).waitFor({ timeout: 30_000 })
    await alice.getByTestId('system-line').filter({ hasText: 'created the group "Trio"' }).waitFor()

    // Carol, in the terminal, finds the invitation and joins.
    const list = await parley(carolHome, ['group', 'list'], CAROL)
    expect(list.code, list.stderr).to.equal(0)
    expect(list.json.map((g: any) => [g.name, g.status])).to.deep.equal([['Trio', 'invited']])
    const id: string = list.json[0].id
    const joined = await parley(carolHome, ['group', 'accept', id.slice(0, 12)], CAROL)
    expect(joined.code, joined.stderr).to.equal(0)

    // Bob sees the group in his list, opens it and joins.
    const bobItem = bob.getByTestId(`conversation-group:${id}`)
    await bobItem.filter({ hasText: 'Trio' }).waitFor({ timeout: 30_000 })
    await bobItem.click()
    await bob.getByTestId('group-invitation').waitFor()
    await screenshot(bob, 'groups-01-invitation')
    await bob.getByTestId('accept-group').click()
    await bob.getByTestId('composer').waitFor({ timeout: 30_000 })
    await alice.getByTestId('system-line').filter({ hasText: 'bob@relay.test joined' }).waitFor({ timeout: 30_000 })

    // Messages both ways, pushed to the pages; the terminal reads them too.
    await sendText(alice, 'hello trio')
    await bob.getByTestId('message').filter({ hasText: 'hello trio' }).getByTestId('message-sender').filter({ hasText: 'alice@relay.test' }).waitFor({ timeout: 30_000 })
    const said = await parley(carolHome, ['group', 'send', id.slice(0, 12), 'hello from the terminal'], CAROL)
    expect(said.code, said.stderr).to.equal(0)
    await alice.getByTestId('message').filter({ hasText: 'hello from the terminal' }).waitFor({ timeout: 30_000 })
    await bob.getByTestId('message').filter({ hasText: 'hello from the terminal' }).waitFor({ timeout: 30_000 })
    await sendText(bob, 'bob was here')
    await alice.getByTestId('message').filter({ hasText: 'bob was here' }).waitFor({ timeout: 30_000 })
    const read = await parley(carolHome, ['group', 'read', id.slice(0, 12)], CAROL)
    expect(read.json.filter((m: any) => m.system !== true).map((m: any) => m.text)).to.deep.equal(['hello trio', 'hello from the terminal', 'bob was here'])

    // Who read alice's message: bob (the page is open) and carol (she read in the terminal).
    const mine = alice.getByTestId('message').filter({ hasText: 'hello trio' })
    await mine.getByTestId('group-receipts').click()
    await mine.getByTestId('group-receipts-summary').filter({ hasText: 'Read by 2 of 2' }).waitFor({ timeout: 10_000 })
    await screenshot(alice, 'groups-02-conversation')

    // Group info lists the three, alice as the admin.
    await alice.getByTestId('group-info-open').click()
    const members = alice.getByTestId('group-member')
    await members.first().waitFor()
    expect(await members.evaluateAll(els => els.map(e => e.getAttribute('data-address')))).to.deep.equal(['alice@relay.test', 'bob@relay.test', 'carol@relay.test'])
    await screenshot(alice, 'groups-03-info')

    // With another conversation shown, bob's tab title counts what he has not seen.
    await bob.getByTestId('open-settings').click()
    const more = await parley(carolHome, ['group', 'send', id.slice(0, 12), 'are you there?'], CAROL)
    expect(more.code, more.stderr).to.equal(0)
    await bob.waitForFunction(() => document.title.startsWith('(1)'), undefined, { timeout: 30_000 })
    expect(world.pageErrors, 'no uncaught errors in the pages').to.deep.equal([])
  })
})
