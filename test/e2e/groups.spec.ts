import { expect } from 'chai'
import { join } from 'node:path'
import {
  decodeSignedGroupChange, fromHex, groupConversationId, inspectGroupMessage, openGroupMessage, signGroupChange, toHex,
  type GroupMailItem
} from '@parley/protocol'
import type { ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, parley, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

const at = (name: string): string => `${name}@relay.test`

describe('Group chats on one relay', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const nodes: Record<string, ParleyNode> = {}
  let group: string

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('groups')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) nodes[name] = (await makeUser({ dir, name, relayUrl: relay.http, smtp })).node
  })

  after(async () => {
    for (const n of Object.values(nodes)) await n.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  const texts = async (name: string): Promise<string[]> => (await (nodes[name] as ParleyNode).conversation(`group:${group}`)).filter(m => m.system !== true && m.unreadable === undefined).map(m => `${m.sender.split('@')[0]}: ${m.text}`)
  const n = (name: string): ParleyNode => nodes[name] as ParleyNode

  it('makes a group of five; two members offline meanwhile catch up later, in order', async () => {
    const created = await n('alice').groups.create('Climbing', ['bob', 'carol', 'dave', 'erin'].map(at))
    group = created.id
    expect(created.members.map(m => [m.address, m.admin, m.joined])).to.deep.equal([
      [at('alice'), true, true], [at('bob'), false, false], [at('carol'), false, false], [at('dave'), false, false], [at('erin'), false, false]
    ])
    for (const name of ['bob', 'carol']) {
      await n(name).sync()
      const invited = await n(name).groups.info(group)
      expect(invited.status, name).to.equal('invited')
      expect(invited.name).to.equal('Climbing')
      expect((await n(name).groups.accept(group)).status).to.equal('member')
    }
    await n('alice').groups.send(group, 'first')
    await n('alice').groups.send(group, 'second')
    await n('bob').sync()
    await n('bob').groups.send(group, 'third, from bob')
    await n('alice').groups.send(group, 'fourth')
    for (const name of ['alice', 'bob', 'carol']) await n(name).sync()
    const expected = ['alice: first', 'alice: second', 'bob: third, from bob', 'alice: fourth']
    for (const name of ['alice', 'bob', 'carol']) expect(await texts(name), name).to.deep.equal(expected)

    // Dave and Erin were offline through all of it.
    for (const name of ['dave', 'erin']) {
      await n(name).sync()
      expect(await texts(name), name).to.deep.equal(expected)
      await n(name).groups.accept(group)
    }
    await n('alice').sync()
    const members = (await n('alice').groups.info(group)).members
    expect(members.every(m => m.joined)).to.equal(true)
    // System lines say what happened.
    const lines = (await n('alice').conversation(`group:${group}`)).filter(m => m.system === true).map(m => m.text)
    expect(lines[0]).to.match(/^alice@relay\.test created the group "Climbing" and invited/)
    expect(lines).to.include(`${at('dave')} joined`)
  })

  it('counts delivery and read per member for the sender, from the relay, without receipts to each', async () => {
    const sent = await n('alice').groups.send(group, 'who reads this?')
    for (const name of ['bob', 'carol', 'dave']) await n(name).sync()
    await n('bob').markRead(`group:${group}`)
    const r = await n('alice').groups.receipts(group, sent.id)
    expect(r).to.include({ of: 4, delivered: 3, read: 1 })
    expect(r.members.find(m => m.user === at('bob'))).to.deep.equal({ user: at('bob'), delivered: true, read: true })
    expect(r.members.find(m => m.user === at('erin'))).to.deep.equal({ user: at('erin'), delivered: false, read: false })
    await n('erin').sync()
  })

  it('leaves a removed member unable to read anything sent after, with all the key material their device holds', async () => {
    const seen: GroupMailItem[] = []
    // Every page bob's device takes in, pushed or fetched, goes through its intake.
    const bobGroups = (n('bob').groups as any).intake
    const take = bobGroups.take.bind(bobGroups)
    bobGroups.take = async (id: string, items: GroupMailItem[]) => { seen.push(...items); await take(id, items) }
    await n('carol').sync()
    await n('alice').groups.remove(group, at('carol'))
    await n('bob').sync()
    await n('bob').groups.send(group, 'after carol left, from bob')
    await n('alice').sync()
    await n('alice').groups.send(group, 'after carol left, from alice')
    await n('bob').sync()
    expect((await texts('bob')).slice(-2)).to.deep.equal(['bob: after carol left, from bob', 'alice: after carol left, from alice'])
    bobGroups.take = take

    // Carol's device learns she is out, and nothing more.
    await n('carol').sync()
    expect((await n('carol').groups.info(group)).status).to.equal('left')
    expect(await texts('carol')).to.not.include('alice: after carol left, from alice')
    // Every sender key Carol's device ever held, tried on the messages sent after: none reads them.
    const carolChains = await (n('carol').groups as any).records.chains(group)
    const posts = seen.filter(i => inspectGroupMessage(i.message).messageIdHex !== undefined).slice(-1)
    const last = posts[0]
    expect(last).to.not.equal(undefined)
    const keyId = toHex(inspectGroupMessage(last!.message).keyId)
    const heldBefore = await (n('carol').groups as any).records.chains(group)
    for (const chain of [...carolChains, ...heldBefore]) {
      expect(toHex(chain.keyId)).to.not.equal(keyId)
      let opened = false
      try { await openGroupMessage(last!.message, chain); opened = true } catch {}
      expect(opened).to.equal(false)
    }
  })

  it('settles two admins changing the group at once to the same state on every device', async () => {
    await n('alice').groups.setAdmin(group, at('bob'), true)
    await n('bob').sync()
    expect((await n('bob').groups.info(group)).admin, 'bob holds the manage key').to.equal(true)
    // Both rename from the same state, neither having seen the other's change.
    await Promise.all([n('alice').groups.rename(group, 'Bouldering'), n('bob').groups.rename(group, 'Sport climbing')])
    for (let round = 0; round < 2; round++) for (const name of ['alice', 'bob', 'dave', 'erin']) await n(name).sync()
    const names = await Promise.all(['alice', 'bob', 'dave', 'erin'].map(async name => (await n(name).groups.info(group)).name))
    expect(new Set(names).size, names.join(', ')).to.equal(1)
    const epochs = await Promise.all(['alice', 'bob', 'dave', 'erin'].map(async name => (await n(name).groups.info(group)).epoch))
    expect(new Set(epochs).size).to.equal(1)
  })

  it('refuses a tampered change, a change its author may not make, and a forged group message, while the good ones around them arrive', async () => {
    const erinGroups = n('erin').groups as any
    const erin = { records: erinGroups.records, post: async (...args: unknown[]) => await erinGroups.posting.post(...args) }
    await n('alice').groups.send(group, 'before the bad ones')
    await n('erin').sync()
    const record = await erin.records.get(group)
    const { logFor } = await import('../../node/src/groups/shared.js')
    const state = logFor(record).state
    // A change Erin may not make (she is no admin): remove Alice.
    const { groupStateHash } = await import('@parley/protocol')
    const keys = (n('erin') as any).keys.identity
    const notAllowed = signGroupChange({ groupId: fromHex(group), epoch: state.epoch + 1, prior: groupStateHash(state), author: at('erin'), madeAt: Date.now(), action: { type: 'remove', target: at('alice') } }, keys.privateKey)
    await erin.post(record, 'group-change', notAllowed.bytes)
    // A change of Erin's, tampered with: another name under her signature.
    const erinChange = decodeSignedGroupChange(signGroupChange({ groupId: fromHex(group), epoch: state.epoch + 1, prior: groupStateHash(state), author: at('erin'), madeAt: Date.now(), action: { type: 'rename', name: 'Genuine' } }, keys.privateKey).bytes)
    const tampered = erinChange.bytes.slice()
    // One letter of the name changed ("Genuine" to "Henuine"): found as the name's bytes, not any 0x47.
    const nameAt = Buffer.from(tampered).indexOf(Buffer.from('Genuine'))
    expect(nameAt).to.be.above(0)
    tampered[nameAt] = 0x48
    await erin.post(await erin.records.get(group), 'group-change', tampered)
    // A genuine change by Alice that she never posted, posted by Erin: a change is posted by its author.
    const aliceChange = signGroupChange({ groupId: fromHex(group), epoch: state.epoch + 1, prior: groupStateHash(state), author: at('alice'), madeAt: Date.now(), action: { type: 'rename', name: 'Chosen by Erin' } }, (n('alice') as any).keys.identity.privateKey)
    await erin.post(await erin.records.get(group), 'group-change', aliceChange.bytes)
    // A message that claims to be from Alice, under Erin's sender key.
    const forged = await erin.records.get(group)
    const { SenderChain, sealGroupMessage, utf8Encode } = await import('@parley/protocol')
    const chain = SenderChain.fromRecord(forged.own)
    const { bytes } = await sealGroupMessage(chain, { content: { sender: at('alice'), senderDevice: (n('alice') as any).peerId, senderIdentityKey: (n('alice') as any).keys.identity.publicKey, sentAt: Date.now(), conversation: groupConversationId(fromHex(group)), kind: 'text', body: utf8Encode('forged') }, expiresAt: Date.now() + 60_000 })
    await erin.records.put({ ...forged, own: chain.toRecord() })
    await (n('erin') as any).s.relay.request({ type: 'group-post', message: bytes }, 'group-posted')
    await n('alice').groups.send(group, 'after the bad ones')

    await n('bob').sync()
    const last = (await texts('bob')).slice(-2)
    expect(last).to.deep.equal(['alice: before the bad ones', 'alice: after the bad ones'])
    expect((await n('bob').groups.info(group)).members.some(m => m.address === at('alice'))).to.equal(true)
    // Recorded by when they were taken in (to the ms): within one ms their order is the ids'.
    const codes = (await n('bob').rejectedMessages()).slice(-4).map(r => r.code)
    expect(codes).to.have.members(['NOT_ALLOWED', 'BAD_SIGNATURE', 'REJECTED', 'MISMATCH'])
    expect((await n('bob').groups.info(group)).name).to.not.equal('Chosen by Erin')
    // The three whose sender is proven (Erin's sender key) stand in the conversation as notices.
    const notices = (await n('bob').conversation(`group:${group}`)).filter(m => m.unreadable !== undefined)
    expect(notices.map(m => m.sender)).to.deep.equal([at('erin'), at('erin'), at('erin')])
  })

  it('runs the group commands in the CLI, with --json', async () => {
    const home = join(dir, 'cli-frank')
    const { registerWithCli } = await import('../support/users.js')
    await registerWithCli(home, relay.http, smtp, 'frank')
    await n('alice').groups.invite(group, [at('frank')])
    const list = await parley(home, ['group', 'list', '--json'])
    expect(list.code, list.stderr).to.equal(0)
    expect(list.json.map((g: any) => [g.id, g.status])).to.deep.equal([[group, 'invited']])
    const accepted = await parley(home, ['group', 'accept', group.slice(0, 10), '--json'])
    expect(accepted.code, accepted.stderr).to.equal(0)
    expect(accepted.json.status).to.equal('member')
    const sent = await parley(home, ['group', 'send', group.slice(0, 10), 'hello from the terminal', '--json'])
    expect(sent.code, sent.stderr).to.equal(0)
    await n('alice').sync()
    expect((await texts('alice')).at(-1)).to.equal('frank: hello from the terminal')
    await n('alice').groups.send(group, 'welcome, frank')
    const read = await parley(home, ['group', 'read', group.slice(0, 10), '--json'])
    expect(read.json.filter((m: any) => m.system !== true).map((m: any) => m.text)).to.include('welcome, frank')
    const info = await parley(home, ['group', 'info', group.slice(0, 10), '--json'])
    expect(info.json.members.map((m: any) => m.address)).to.include(at('frank'))
    const wrong = await parley(home, ['group', 'remove', group.slice(0, 10), at('alice'), '--json'])
    expect(wrong.code).to.not.equal(0)
    expect(wrong.json.error.message).to.match(/admin/)
  })
})
