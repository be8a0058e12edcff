import { expect } from 'chai'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DirectFiles } from '../../src/files/direct-files.js'
import { openBlobFolder } from '../../src/files/fs-blob-folder.js'
import type { NodeStore } from '../../src/node-store.js'
import { memoryStore } from '../fakes.js'

const DAY = 24 * 60 * 60 * 1000

describe('DirectFiles: what came over direct connections', () => {
  let dir: string
  let store: NodeStore
  let now: number
  let files: DirectFiles

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'direct-files-'))
    store = await memoryStore()
    now = 1_800_000_000_000
    const folder = openBlobFolder(dir)
    files = new DirectFiles({ store, clock: { now: () => now }, folder: async () => folder, isContactDevice: async () => true })
  })

  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const put = async (hex: string, record: { size: number, stored: number, at: number }, bytes = new Uint8Array(record.stored)): Promise<void> => {
    const writer = await openBlobFolder(dir).writer(hex, 0)
    await writer.write(bytes)
    await writer.close()
    await store.directFiles.put(hex, { sender: 'alice@relay.test', ...record })
  }

  it('reads back only a whole copy of the size a message names, from any offset', async () => {
    const whole = 'a'.repeat(32)
    const part = 'b'.repeat(32)
    await put(whole, { size: 10, stored: 10, at: now }, new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
    await put(part, { size: 10, stored: 4, at: now })
    const read = async (hex: string, size: number, offset: number): Promise<number[] | undefined> => {
      const bytes = await files.local(hex, size, offset, 'alice@relay.test')
      if (bytes === undefined) return undefined
      const out: number[] = []
      for await (const piece of bytes) out.push(...piece)
      return out
    }
    expect(await read(whole, 10, 0)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(await read(whole, 10, 7)).to.deep.equal([7, 8, 9])
    expect(await read(whole, 11, 0)).to.equal(undefined)
    expect(await read(part, 10, 0)).to.equal(undefined)
    expect(await read('c'.repeat(32), 10, 0)).to.equal(undefined)
    // Another sender's message naming the same blob id never reads alice's push.
    expect(await files.local(whole, 10, 0, 'mallory@relay.test')).to.equal(undefined)
  })

  it('sweeps pushes that never finished, whole ones once no message may name them, and files no record names', async () => {
    await put('a'.repeat(32), { size: 4, stored: 4, at: now - 29 * DAY })
    await put('b'.repeat(32), { size: 4, stored: 4, at: now - 31 * DAY })
    await put('c'.repeat(32), { size: 4, stored: 1, at: now - 2 * DAY })
    await put('d'.repeat(32), { size: 4, stored: 1, at: now - DAY / 2 })
    await writeFile(join(dir, 'direct-files', 'e'.repeat(32)), 'left by a crash')
    expect(await files.sweep()).to.equal(3)
    expect((await readdir(join(dir, 'direct-files'))).sort()).to.deep.equal(['a'.repeat(32)])
    expect(await store.directFiles.get('b'.repeat(32))).to.equal(undefined)
  })
})
