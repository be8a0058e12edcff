import { expect } from 'chai'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { randomBytes } from '@parley/protocol'
import type { ParleyNode, StoredMessage, TransferProgress } from '@parley/node'
import { openFileSink, openFileSource } from '@parley/node/fs-files'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'
import { makeFile, sha256Of } from '../support/files.js'

const MiB = 2 ** 20

// These tests reach into a node's libp2p host, direct links and services (private fields) to
// look at connections, to break them on purpose and to push as someone else; the product never does.
const host = (node: ParleyNode): any => (node as any).libp2p
const services = (node: ParleyNode): any => (node as any).s

/** Whether two nodes hold a direct (unlimited) connection. */
function connectedDirectly (a: ParleyNode, b: ParleyNode): boolean {
  return host(a)?.getConnections(peerIdFromString(b.peerId)).some((c: any) => c.status === 'open' && c.limits === undefined) === true
}

describe('Files over a direct connection, with the relay when it breaks', function () {
  this.timeout(600_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let alice: ParleyNode
  let bob: ParleyNode
  let mallory: ParleyNode
  const warnings: string[] = []
  /** The blob id of the file alice pushed to bob in the first test. */
  let pushedId: string | undefined

  const relayBlobs = async (): Promise<string[]> => (await readdir(join(relay.dataDir, 'blobs'))).sort()
  const received = async (id: string): Promise<StoredMessage> => {
    await until(async () => await bob.history.get(id) !== undefined, 60_000, `message ${id} at bob`)
    return (await bob.history.get(id))!
  }

  async function send (path: string, onProgress?: (p: TransferProgress) => void): Promise<StoredMessage> {
    const source = await openFileSource(path)
    try {
      return await alice.sendFile('bob@relay.test', source, { text: 'direct', ...(onProgress !== undefined ? { onProgress } : {}) })
    } finally {
      await source.close()
    }
  }

  /** Until alice and bob are connected directly (a text dials, as a file would). */
  async function connect (): Promise<void> {
    await until(async () => {
      if (connectedDirectly(alice, bob)) return true
      await alice.send('bob@relay.test', 'are you there?')
      return connectedDirectly(alice, bob)
    }, 60_000, 'a direct connection from alice to bob')
  }

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('files-direct')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp, direct: true })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp, direct: true })).node
    mallory = (await makeUser({ dir, name: 'mallory', relayUrl: relay.http, smtp, direct: true })).node
    alice.on('warning', e => { warnings.push(e.message) })
    for (const n of [alice, bob, mallory]) await n.listen()
    expect(await alice.directStatus(), 'the WebRTC module loads on this machine').to.deep.equal({ available: true })
    await until(() => bob.directlyReachable, 20_000, 'bob to hold a reservation')
  })

  after(async () => {
    for (const n of [alice, bob, mallory]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('sends a 200 MiB file device to device, none of it through the relay, hash-checked at the end', async () => {
    await connect()
    const path = join(dir, 'direct.bin')
    const hash = await makeFile(path, 200 * MiB, 'direct')
    const before = await relayBlobs()
    const progress: TransferProgress[] = []
    const message = await send(path, p => progress.push(p))
    expect(progress.at(-1)).to.deep.equal({ done: 200 * MiB, total: 200 * MiB })
    expect(warnings.filter(w => /could not go directly/.test(w))).to.deep.equal([])
    // The relay keeps no blob for it: the sealed bytes went over the WebRTC connection.
    expect(await relayBlobs()).to.deep.equal(before)
    const got = await received(message.id)
    expect(got.attachment).to.deep.equal(message.attachment)
    pushedId = message.attachment?.blobId
    const out = join(dir, 'direct.out')
    await bob.getFile(message.id, await openFileSink(out))
    expect(await sha256Of(out)).to.equal(hash)
  })

  it('goes through the relay when the direct connection breaks half way, and the file still arrives whole', async () => {
    await connect()
    const path = join(dir, 'broken.bin')
    const hash = await makeFile(path, 64 * MiB, 'broken')
    const before = await relayBlobs()
    let cut = false
    const message = await send(path, p => {
      if (cut || p.done < 24 * MiB || p.total !== 64 * MiB) return
      cut = true
      void host(bob).hangUp(peerIdFromString(alice.peerId))
    })
    expect(cut).to.equal(true)
    expect(warnings.some(w => /could not go directly/.test(w) && /through the relay/.test(w))).to.equal(true)
    expect((await relayBlobs()).length).to.equal(before.length + 1)
    await received(message.id)
    const out = join(dir, 'broken.out')
    await bob.getFile(message.id, await openFileSink(out))
    expect(await sha256Of(out)).to.equal(hash)
  })

  it('refuses a push from a device that is not the named sender\'s, one too large, and one under the id of another sender\'s file, keeping nothing of them', async () => {
    // Mallory writes to bob first, so they are connected directly and bob knows her as a contact.
    await until(async () => {
      if (connectedDirectly(mallory, bob)) return true
      await mallory.send('bob@relay.test', 'hi bob')
      return connectedDirectly(mallory, bob)
    }, 60_000, 'a direct connection from mallory to bob')
    const push = async (sender: string, size: number, blobId = randomBytes(16)): Promise<any> => {
      const bytes = async function * (): AsyncGenerator<Uint8Array> { yield new Uint8Array(Math.min(size, MiB)) }
      return await services(mallory).directFiles.push(host(mallory), bob.peerId, { sender, blobId, size }, bytes, () => {}).then(() => undefined, (e: any) => e)
    }
    const impersonating = await push('alice@relay.test', 1024)
    expect(impersonating?.relayCode).to.equal('UNAUTHENTICATED')
    const huge = await push('mallory@relay.test', 17 * 2 ** 30)
    expect(huge?.relayCode).to.equal('TOO_LARGE')
    // Alice's file, pushed to bob before, cannot be replaced by another sender's bytes under its id.
    const squatting = await push('mallory@relay.test', 1024, Uint8Array.from(Buffer.from(pushedId as string, 'hex')))
    expect(squatting?.relayCode).to.equal('BAD_REQUEST')
    const again = join(dir, 'direct-again.out')
    const first = (await bob.conversation('alice@relay.test')).find(m => m.attachment?.blobId === pushedId)
    await bob.getFile(first!.id, await openFileSink(again))
    expect(await sha256Of(again)).to.equal(await sha256Of(join(dir, 'direct.out')))
    const records: string[] = []
    for await (const [key, value] of services(bob).components.store.directFiles.iterator()) if (value.sender === 'mallory@relay.test' || value.size === 1024) records.push(key)
    expect(records).to.deep.equal([])
  })
})
