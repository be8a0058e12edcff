import { expect } from 'chai'
import { chmod, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { makeTempDir, openStore, removeTempDir } from './helpers.js'

/** The permission bits of a path. */
async function modeOf (path: string): Promise<number> {
  return (await stat(path)).mode & 0o777
}

describe('The device folder\'s permissions', () => {
  let tmp: string | undefined
  let umask: number

  beforeEach(async () => {
    tmp = await makeTempDir('modes')
    // A permissive umask, as a shell often has: the store must not depend on the caller's.
    umask = process.umask(0o022)
  })
  afterEach(async () => {
    process.umask(umask)
    await removeTempDir(tmp)
  })

  it('creates the folder owner-only and leaves every file in it owner-only', async () => {
    const dir = join(tmp as string, 'device')
    const store = await openStore(dir)
    expect(await modeOf(dir)).to.equal(0o700)
    for (let i = 0; i < 50; i++) await store.messages.put(`m${i}`, { text: 'x'.repeat(1000) })
    await store.close()
    const files = await readdir(dir)
    expect(files).to.include('CURRENT')
    for (const f of files) expect(await modeOf(join(dir, f)), f).to.equal(0o600)
  })

  it('tightens a folder and files made with wider permissions', async () => {
    const dir = join(tmp as string, 'open-device')
    await (await openStore(dir)).close()
    await chmod(dir, 0o755)
    for (const f of await readdir(dir)) await chmod(join(dir, f), 0o644)
    const store = await openStore(dir)
    try {
      expect(await modeOf(dir)).to.equal(0o700)
      for (const f of await readdir(dir)) expect(await modeOf(join(dir, f)), f).to.equal(0o600)
    } finally {
      await store.close()
    }
  })
})
