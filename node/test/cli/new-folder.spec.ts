import { expect } from 'chai'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { folderBefore, restoreFolder } from '../../src/cli/new-folder.js'

describe('A device folder put back after a failed set-up', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-new-folder-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('removes a folder that was not there, and empties one that was empty', async () => {
    const missing = join(dir, 'missing')
    expect(await folderBefore(missing)).to.equal('missing')
    await mkdir(missing)
    await writeFile(join(missing, 'CURRENT'), 'MANIFEST-000001\n')
    await restoreFolder(missing, 'missing')
    expect(await readdir(dir)).to.deep.equal([])

    const empty = join(dir, 'empty')
    await mkdir(empty)
    expect(await folderBefore(empty)).to.equal('empty')
    await mkdir(join(empty, 'sub'))
    await writeFile(join(empty, 'LOCK'), '')
    await restoreFolder(empty, 'empty')
    expect(await readdir(empty)).to.deep.equal([])
  })

  it('never touches a folder that held something', async () => {
    const used = join(dir, 'used')
    await mkdir(used)
    await writeFile(join(used, 'notes.txt'), 'mine')
    expect(await folderBefore(used)).to.equal('in-use')
    await restoreFolder(used, 'in-use')
    expect(await readdir(used)).to.deep.equal(['notes.txt'])
  })
})
