import { expect } from 'chai'
import { IdentityChangedError, NodeError } from '@parley/node'
import { message, rejection, settle, unlocked } from '../fake-node.js'

describe('ConversationsStore', () => {
  it('shows an incoming message as unread in its conversation, and marks it read once that conversation is open', async () => {
    const { stores, node } = await unlocked()
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'hi' }))
    expect(stores.conversations.conversations['bob@relay.test']?.unread).to.equal(1)
    await stores.conversations.open('bob@relay.test')
    await settle()
    expect(node.calls).to.include('markRead bob@relay.test')
    expect(stores.conversations.conversations['bob@relay.test']?.unread).to.equal(0)
    expect(stores.conversations.conversations['bob@relay.test']?.messages.map(m => m.state)).to.deep.equal(['read'])
  })

  it('does not mark messages read while the page is hidden or the conversation covered, and does once it is seen', async () => {
    const { stores, node, env } = await unlocked()
    await stores.conversations.open('bob@relay.test')
    env.visible = false
    node.store(message({ conversation: 'bob@relay.test', direction: 'in' }))
    stores.conversations.setShown(false)
    env.visible = true
    env.fireVisibility()
    await settle()
    expect(node.calls.filter(c => c.startsWith('markRead'))).to.have.length(1) // only the one on opening
    stores.conversations.setShown(true)
    await settle()
    expect(stores.conversations.conversations['bob@relay.test']?.unread).to.equal(0)
  })

  it('lists conversations most recent first', async () => {
    const { stores, node } = await unlocked()
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', sentAt: 10 }))
    node.store(message({ conversation: 'carol@relay.test', direction: 'in', sentAt: 20 }))
    expect(stores.conversations.list().map(c => c.peer)).to.deep.equal(['carol@relay.test', 'bob@relay.test'])
    node.store(message({ conversation: 'bob@relay.test', direction: 'out', sentAt: 30 }))
    expect(stores.conversations.list().map(c => c.peer)).to.deep.equal(['bob@relay.test', 'carol@relay.test'])
  })

  it('gives the text back (rejects) when it could not even be stored, but keeps a stored message that then failed', async () => {
    const { stores, node } = await unlocked()
    node.sendBehaviour = async () => { throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached') }
    expect(await rejection(stores.conversations.send('bob@relay.test', 'lost?'))).to.have.property('code', 'RELAY_UNREACHABLE')
    node.sendBehaviour = async (peer, text) => {
      node.store(message({ conversation: peer, direction: 'out', text, state: 'sending' }))
      throw new NodeError('RELAY_UNREACHABLE', 'the relay cannot be reached')
    }
    expect(await stores.conversations.send('bob@relay.test', 'kept')).to.equal(true)
    expect(stores.conversations.conversations['bob@relay.test']?.messages.map(m => m.text)).to.deep.equal(['kept'])
    expect(node.listenerCount, 'the send listener is removed').to.equal(1)
  })

  it('holds a text back and warns when the contact\'s key changed', async () => {
    const { stores, node } = await unlocked()
    node.sendBehaviour = async peer => { throw new IdentityChangedError(peer) }
    expect(await stores.conversations.send('bob@relay.test', 'secret')).to.equal(false)
    expect(stores.trust.keyChange()).to.deep.equal({ peer: 'bob@relay.test' })
  })

  it('completes a bare name with this account\'s relay when starting a conversation', async () => {
    const { stores, node } = await unlocked()
    expect(await stores.conversations.start('  Bob ')).to.equal('bob@relay.test')
    expect(node.calls).to.include('lookup bob@relay.test')
    expect(stores.conversations.openPeer()).to.equal('bob@relay.test')
  })

  it('moves a message along by its receipt', async () => {
    const { stores, node } = await unlocked()
    const sent = node.store(message({ conversation: 'bob@relay.test', direction: 'out', state: 'sent' }))
    node.messages.set(sent.id, { ...sent, state: 'delivered' })
    node.emit({ type: 'receipt', messageId: sent.id, state: 'delivered', from: 'bob@relay.test' })
    await settle()
    expect(stores.conversations.conversations['bob@relay.test']?.messages[0]?.state).to.equal('delivered')
  })
})
