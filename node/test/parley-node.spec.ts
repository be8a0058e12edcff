import { expect } from 'chai'
import { ParleyNode } from '../src/parley-node.js'
import { expectNodeError, hashFolder, makeTempDir, removeTempDir } from './helpers.js'

describe('ParleyNode facade', function () {
  this.timeout(60_000)
  let dir: string | undefined
  let node: ParleyNode

  beforeEach(async () => {
    dir = await makeTempDir('facade')
    node = await ParleyNode.open({ dataDir: dir, passphrase: 'test passphrase', kdfIterations: 100_000, direct: false })
  })

  afterEach(async () => {
    await node.close()
    await removeTempDir(dir)
    dir = undefined
  })

  it('refuses a call whose AbortSignal has already fired, before doing anything', async () => {
    const aborted = AbortSignal.abort()
    await expectNodeError(async () => await node.send('bob@relay.test', 'hi', { signal: aborted }), 'TIMEOUT')
    await expectNodeError(async () => await node.conversation('bob@relay.test', undefined, { signal: aborted }), 'TIMEOUT')
    await expectNodeError(async () => await node.heldMessages(undefined, { signal: aborted }), 'TIMEOUT')
  })

  it('refuses every public async call whose AbortSignal has already fired', async () => {
    const o = { signal: AbortSignal.abort() }
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['sync', async () => await node.sync(o)], ['listen', async () => await node.listen(o)], ['connect', async () => await node.connect(o)],
      ['lookup', async () => await node.lookup('bob@relay.test', o)], ['publishKeys', async () => await node.publishKeys(o)],
      ['waitingMessages', async () => await node.waitingMessages(o)], ['sendWaiting', async () => await node.sendWaiting(o)],
      ['retry', async () => await node.retry('00'.repeat(16), o)], ['markRead', async () => await node.markRead('bob@relay.test', undefined, o)],
      ['trust', async () => await node.trust('bob@relay.test', undefined, o)], ['refuseKey', async () => await node.refuseKey('bob@relay.test', o)],
      ['safetyNumber', async () => await node.safetyNumber('bob@relay.test', o)], ['verifyContact', async () => { await node.verifyContact('bob@relay.test', undefined, o) }],
      ['rejectedMessages', async () => await node.rejectedMessages(undefined, o)], ['directStatus', async () => await node.directStatus(o)],
      ['lanPeers', async () => await node.lanPeers(o)], ['startLan', async () => { await node.startLan({ name: 'x', ...o }) }],
      ['accountInfo', async () => await node.accountInfo(o)], ['sessions', async () => await node.sessions(o)]
    ]
    for (const [name, call] of calls) {
      const err = await call().then(() => undefined, (e: unknown) => e)
      expect(err, `${name} went ahead`).to.be.instanceOf(Error)
      expect((err as { code?: string }).code, `${name}: ${String(err)}`).to.be.oneOf(['TIMEOUT', 'ABORTED'])
    }
  })

  it('opens, checks and forgets no device under an aborted signal, and leaves the folder as it was', async () => {
    const other = await makeTempDir('facade-abort')
    try {
      const o = { signal: AbortSignal.abort() }
      await expectNodeError(async () => await ParleyNode.open({ dataDir: other, passphrase: 'p', kdfIterations: 100_000 }, o), 'TIMEOUT')
      expect(await hashFolder(other), 'nothing created').to.deep.equal({})
      await expectNodeError(async () => await ParleyNode.exists(dir as string, o), 'TIMEOUT')
      const before = await hashFolder(dir as string)
      await expectNodeError(async () => { await ParleyNode.forget(dir as string, o) }, 'TIMEOUT')
      expect(await hashFolder(dir as string)).to.deep.equal(before)
      expect(await node.waitingMessages(), 'the open device is untouched').to.deep.equal([])
    } finally {
      await removeTempDir(other)
    }
  })

  it('starts offline, with typed listeners beside the catch-all', async () => {
    expect(node.connectionState).to.deep.equal({ status: 'offline' })
    const typed: string[] = []
    const off = node.on('warning', e => typed.push(e.message))
    expect(off).to.be.a('function')
    off()
    // Without an account, the relay is not dialled at all.
    await expectNodeError(async () => await node.sync(), 'NOT_REGISTERED')
    expect(node.connectionState).to.deep.equal({ status: 'offline' })
  })
})
