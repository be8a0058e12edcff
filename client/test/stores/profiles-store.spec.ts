import { expect } from 'chai'
import { message, settle, unlocked } from '../fake-node.js'

describe('ProfilesStore', () => {
  it('names people by the profile they sent, with the address beside it in notifications, and follows a change', async () => {
    const { stores, node, env } = await unlocked()
    expect(stores.profiles.nameOf('bob@relay.test')).to.equal('bob@relay.test')
    node.emit({ type: 'profile', own: false, profile: { address: 'bob@relay.test', version: 1, name: 'Bob Builder', picture: { data: 'iVBORw0KGgo=', type: 'image/png' } } })
    expect(stores.profiles.nameOf('bob@relay.test')).to.equal('Bob Builder')
    expect(stores.profiles.of('bob@relay.test')?.picture).to.match(/^blob:/)
    env.visible = false
    await stores.attention.ask()
    node.store(message({ conversation: 'bob@relay.test', direction: 'in', text: 'can we fix it?' }))
    expect(env.notifications.map(n => n.title)).to.deep.equal(['Bob Builder (bob@relay.test)'])
    // A new profile replaces the old one, picture and all.
    node.emit({ type: 'profile', own: false, profile: { address: 'bob@relay.test', version: 2, name: 'Bob' } })
    expect(stores.profiles.nameOf('bob@relay.test')).to.equal('Bob')
    expect(stores.profiles.of('bob@relay.test')?.picture).to.equal(undefined)
  })

  it('sets this user\'s profile through the node and loads everyone\'s on start', async () => {
    const { stores, node } = await unlocked()
    await stores.profiles.set({ name: 'Me Myself' })
    expect(node.calls).to.include('set-profile Me Myself')
    expect(stores.profiles.mine()?.name).to.equal('Me Myself')
    node.profileList.push({ address: 'carol@relay.test', version: 3, name: 'Carol' })
    stores.profiles.clear()
    expect(stores.profiles.mine()).to.equal(undefined)
    await stores.profiles.load()
    await settle()
    expect(stores.profiles.mine()?.name).to.equal('Me Myself')
    expect(stores.profiles.nameOf('carol@relay.test')).to.equal('Carol')
  })
})
