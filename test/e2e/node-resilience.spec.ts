import { expect } from 'chai'
import { join } from 'node:path'
import { RelayRequestError, type ParleyNode } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'

describe('ParleyNode against a real relay: failure paths', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let alice: ParleyNode
  let bob: ParleyNode

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('resilience')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })).node
  })

  after(async () => {
    for (const n of [alice, bob]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('keeps a message in the mailbox when the sender\'s keys cannot be fetched for a passing reason', async () => {
    await alice.send('bob@relay.test', 'do not lose me')
    // Bob has never seen alice: opening needs her keys from the directory, and that lookup fails once.
    const client = await bob.connect()
    const real = client.request.bind(client)
    let failures = 0
    ;(client as any).request = async (req: any, expect: any, options?: any) => {
      if (req.type === 'fetch-bundles' && failures === 0) { failures++; throw new RelayRequestError('INTERNAL', 'the relay could not complete the request; try again') }
      return await real(req, expect, options)
    }
    expect(await bob.sync(), 'nothing readable yet').to.deep.equal([])
    expect(failures).to.equal(1)
    expect((await bob.sync()).map(m => m.text), 'still there on the next try').to.deep.equal(['do not lose me'])
  })

  it('keeps a message that failed to send, announces each state, and sends it again under the same id', async () => {
    const states: string[] = []
    const off = alice.on(e => { if (e.type === 'outgoing') states.push(e.message.state) })
    const client = await alice.connect()
    const real = client.request.bind(client)
    ;(client as any).request = async (req: any, expect: any, options?: any) => {
      if (req.type === 'deposit') { (client as any).request = real; throw new RelayRequestError('INTERNAL', 'the relay could not complete the request; try again') }
      return await real(req, expect, options)
    }
    let failure: any
    try { await alice.send('bob@relay.test', 'second time lucky') } catch (err) { failure = err }
    expect(failure?.relayCode).to.equal('INTERNAL')
    const failed = (await alice.conversation('bob@relay.test')).find(m => m.text === 'second time lucky')
    expect(failed?.state).to.equal('failed')
    expect(failed?.error).to.match(/try again/)
    const sent = await alice.retry(failed!.id)
    expect(sent).to.include({ id: failed!.id, state: 'sent' })
    expect(states).to.deep.equal(['sending', 'failed', 'sending', 'sent'])
    off()
    const got = (await bob.sync()).filter(m => m.text === 'second time lucky')
    expect(got.map(m => m.id)).to.deep.equal([failed!.id])
    let refusal: any
    try { await alice.retry(failed!.id) } catch (err) { refusal = err }
    expect(refusal?.code, 'only a failed message can be sent again').to.equal('BAD_INPUT')
  })

  it('treats an address in any case as the same contact and conversation', async () => {
    await alice.send('BOB@Relay.Test', 'shouting')
    await alice.send(' bob@relay.test ', 'whispering')
    expect((await alice.contacts.list()).map(c => c.address)).to.deep.equal(['bob@relay.test'])
    expect((await alice.conversation('Bob@relay.test')).map(m => m.text)).to.include.members(['shouting', 'whispering'])
    expect((await alice.history.conversations()).map(c => c.conversation)).to.deep.equal(['bob@relay.test'])
  })

  it('reconnects once when several calls need the relay at the same moment after a drop', async () => {
    const events: string[] = []
    const off = bob.on(e => { events.push(e.type) })
    await (await bob.connect()).close()
    const results = await Promise.allSettled([bob.sync(), bob.lookup('alice@relay.test'), bob.sync()])
    expect(results.map(r => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'fulfilled'])
    expect((await bob.sync()).length).to.be.a('number')
    expect(events.filter(e => e === 'disconnected')).to.have.length(1)
    off()
  })
})
