import { expect } from 'chai'
import { message, settle, unlocked } from '../fake-node.js'

describe('GroupsStore and AttentionStore', () => {
  it('makes a group, names its conversation after it, sends to it through the group, and follows changes', async () => {
    const { stores, node } = await unlocked()
    const peer = await stores.groups.create('Climbing', ['bob@relay.test'])
    expect(stores.groups.title(peer)).to.equal('Climbing')
    expect(stores.groups.title('bob@relay.test')).to.equal('bob@relay.test')
    expect(await stores.conversations.send(peer, 'hello all')).to.equal(true)
    expect(node.calls).to.include('group send hello all')
    expect(node.calls.filter(c => c.startsWith('send '))).to.deep.equal([])
    expect(stores.conversations.conversations[peer]?.messages.map(m => m.text)).to.deep.equal(['hello all'])
    await stores.groups.rename(peer, 'Bouldering')
    expect(stores.groups.title(peer)).to.equal('Bouldering')
    // Another member's change arrives: the store asks the node again.
    const id = peer.slice(6)
    node.groups.groups.set(id, { ...(node.groups.groups.get(id) as any), name: 'Sport' })
    node.emit({ type: 'group', groupId: id, what: 'bob renamed the group' })
    await settle()
    expect(stores.groups.title(peer)).to.equal('Sport')
    const receipts = await stores.groups.receipts(peer, 'm1')
    expect(receipts).to.include({ of: 2, read: 1 })
  })

  it('counts the unread in the title, and notifies of a new message only while the page is hidden, once allowed', async () => {
    const { stores, node, env } = await unlocked()
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'first' }))
    await settle()
    expect(env.title).to.equal('(1) Parley')
    expect(env.notifications).to.have.length(0)
    env.visible = false
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'not yet allowed' }))
    expect(env.notifications).to.have.length(0)
    expect(stores.attention.permission()).to.equal('default')
    await stores.attention.ask()
    expect(stores.attention.permission()).to.equal('granted')
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'hidden page' }))
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'a line', system: true }))
    expect(env.notifications.map(n => [n.title, n.body])).to.deep.equal([['bob@relay.test', 'hidden page']])
    await settle()
    expect(env.title).to.equal('(3) Parley')
    env.notifications[0]?.click()
    await settle()
    expect(stores.conversations.openPeer()).to.equal('bob@relay.test')
    env.visible = true
    env.fireVisibility()
    await settle()
    expect(env.title).to.equal('Parley')
  })
})
