import { expect } from 'chai'
import { ParleyNode } from '../src/parley-node.js'
import { expectNodeError, makeTempDir, removeTempDir } from './helpers.js'

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
