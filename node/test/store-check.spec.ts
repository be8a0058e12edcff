import { expect } from 'chai'
import { readdir, readFile, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Level } from 'level'
import { utf8Encode } from '@parley/protocol'
import { ParleyNode } from '../src/parley-node.js'
import { inspectFolder } from '../src/store-check.js'
import { SEALED_MARKER_KEY } from '../src/store/migrate.js'
import { checkLog, checkTable, ChecksumError, liveFiles } from '../src/leveldb-checksums.js'
import { expectNodeError, hashFolder, makeTempDir, removeTempDir } from './helpers.js'

const PASSPHRASE = 'store check passphrase'
/** A process id no process has (above Linux's pid_max). */
const DEAD_PID = 4_194_305

/**
 * A device folder with enough history that LevelDB has written table files as well as a log, in
 * plaintext as devices kept it before records were sealed (without the marker of a sealed store):
 * the check takes both, and the node seals it on opening.
 */
async function makeDevice (dir: string): Promise<string> {
  const node = await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, kdfIterations: 100_000 })
  const peerId = node.peerId
  await node.close()
  const db = new Level<string, unknown>(dir, { valueEncoding: 'json' })
  await db.del(SEALED_MARKER_KEY)
  await db.put('!meta!profile', { name: 'alice', address: 'alice@relay.test', email: 'a@example.org', relayUrl: 'http://127.0.0.1:1', relay: { name: 'relay.test', peerId: '12D3KooW', multiaddrs: ['/ip4/127.0.0.1/tcp/1/ws'] } })
  for (let i = 0; i < 200; i++) await db.put(`!messages!${String(i).padStart(4, '0')}`, { id: String(i), text: `message ${i} `.repeat(20) })
  await db.close()
  // Reopened, LevelDB turns the log into a table; the next writes stay in a new log.
  const again = new Level<string, unknown>(dir, { valueEncoding: 'json' })
  for (let i = 200; i < 220; i++) await again.put(`!messages!${String(i).padStart(4, '0')}`, { id: String(i), text: `later ${i}` })
  await again.close()
  return peerId
}

/** Rewrites one record of a closed device folder. */
async function putRecord (dir: string, key: string, value: unknown): Promise<void> {
  const db = new Level<string, unknown>(dir, { valueEncoding: 'json' })
  await db.put(key, value)
  await db.close()
}

async function filesLike (dir: string, pattern: RegExp): Promise<string[]> {
  return (await readdir(dir)).filter(f => pattern.test(f)).map(f => join(dir, f))
}

/** Flips one bit of byte `at` of a file. */
async function flip (path: string, at: number): Promise<void> {
  const bytes = await readFile(path)
  bytes[at] = (bytes[at] as number) ^ 0x10
  await writeFile(path, bytes)
}

describe('The device folder check', function () {
  this.timeout(60_000)
  let tmp: string
  let dir: string
  let pristine: string
  let peerId: string

  before(async () => {
    tmp = await makeTempDir('store-check')
    pristine = join(tmp, 'pristine')
    peerId = await makeDevice(pristine)
  })
  after(async () => { await removeTempDir(tmp) })

  let n = 0
  beforeEach(async () => {
    dir = join(tmp, `case-${n++}`)
    await mkdir(dir)
    for (const f of await readdir(pristine)) await writeFile(join(dir, f), await readFile(join(pristine, f)))
  })

  /** Asserts `run` fails with `code` (naming the folder and `what`) and leaves every byte of the folder as it was. */
  async function refusesUnchanged (run: () => Promise<unknown>, code: 'CORRUPT_STORE' | 'NO_DEVICE' | 'BAD_INPUT', what: RegExp): Promise<void> {
    const before = await hashFolder(dir)
    const err = await expectNodeError(run, code)
    expect(err.message, err.message).to.include(dir).and.match(what)
    expect(await hashFolder(dir)).to.deep.equal(before)
  }

  it('finds a healthy device with its tables and log, and changes nothing', async () => {
    expect(await filesLike(dir, /\.ldb$/)).to.not.have.length(0)
    expect((await stat((await filesLike(dir, /\.log$/))[0] as string)).size).to.be.greaterThan(0)
    const before = await hashFolder(dir)
    expect(await inspectFolder(dir)).to.equal('device')
    expect(await hashFolder(dir)).to.deep.equal(before)
    expect((await readdir(tmp)).filter(f => f.includes('.check-')), 'the scratch copy is removed').to.deep.equal([])
  })

  it('removes scratch copies a killed check left behind, and keeps those of a check still running', async () => {
    const stale = join(tmp, `.${basename(dir)}.check-${DEAD_PID}-abc123`)
    const legacy = join(tmp, `.${basename(dir)}.check-Zx81Qa`)
    const running = join(tmp, `.${basename(dir)}.check-${process.pid}-def456`)
    for (const d of [stale, legacy, running]) { await mkdir(d); await writeFile(join(d, 'CURRENT'), 'MANIFEST-000001\n') }
    // Made before copies carried a process id, and long ago: nothing can still be using it.
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    await utimes(legacy, longAgo, longAgo)
    expect(await inspectFolder(dir)).to.equal('device')
    const left = (await readdir(tmp)).filter(f => f.includes('.check-'))
    expect(left).to.deep.equal([basename(running)])
    await rm(running, { recursive: true })
  })

  it('tells a missing folder and an empty one apart, and creates neither', async () => {
    await rm(dir, { recursive: true })
    expect(await inspectFolder(dir)).to.equal('none')
    await expectNodeError(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'NO_DEVICE')
    expect(await ParleyNode.exists(dir)).to.equal(false)
    await ParleyNode.forget(dir)
    expect(await stat(dir).then(() => 'there', () => 'not there')).to.equal('not there')
    await mkdir(dir)
    expect(await inspectFolder(dir)).to.equal('empty')
    await expectNodeError(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'NO_DEVICE')
    expect(await readdir(dir)).to.deep.equal([])
  })

  it('opens the device that is there, and makes a new one only in an empty folder', async () => {
    const node = await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' })
    expect(node.peerId).to.equal(peerId)
    expect(node.profile?.address).to.equal('alice@relay.test')
    await node.close()
    await ParleyNode.forget(dir)
    expect(await inspectFolder(dir)).to.equal('empty')
    await expectNodeError(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'NO_DEVICE')
    const fresh = await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'if-empty', kdfIterations: 100_000 })
    expect(fresh.peerId).to.not.equal(peerId)
    await fresh.close()
  })

  it('refuses a database that lost its CURRENT file', async () => {
    await rm(join(dir, 'CURRENT'))
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'if-empty' }), 'CORRUPT_STORE', /CURRENT/)
  })

  it('leaves alone a table the MANIFEST does not name (what a compaction cut short by closing leaves)', async () => {
    await writeFile(join(dir, '999999.ldb'), 'half a table')
    const before = await hashFolder(dir)
    expect(await inspectFolder(dir)).to.equal('device')
    expect(await hashFolder(dir)).to.deep.equal(before)
  })

  it('refuses a garbled table file', async () => {
    // Every table, so that one the MANIFEST names is among them.
    for (const table of await filesLike(dir, /\.ldb$/)) await flip(table, 100)
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'if-empty' }), 'CORRUPT_STORE', /\.ldb is garbled/)
  })

  it('refuses a garbled log and a garbled MANIFEST', async () => {
    const [log] = await filesLike(dir, /\.log$/)
    await flip(log as string, 20)
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'CORRUPT_STORE', /\.log is garbled/)
    await writeFile(log as string, await readFile(join(pristine, (log as string).slice(dir.length + 1))))
    const [manifest] = await filesLike(dir, /^MANIFEST-/)
    await flip(manifest as string, 10)
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'CORRUPT_STORE', /MANIFEST-\d+ is garbled/)
  })

  it('refuses a keystore field that is not base64, or of the wrong length', async () => {
    const sealed = await (async () => {
      const db = new Level<string, any>(dir, { valueEncoding: 'json' })
      try { return await db.get('!meta!keystore') } finally { await db.close() }
    })()
    await putRecord(dir, '!meta!keystore', { ...sealed, salt: 'not base64!' })
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'CORRUPT_STORE', /keystore salt/)
    await putRecord(dir, '!meta!keystore', { ...sealed, ct: 'AAAA' })
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'CORRUPT_STORE', /keystore ciphertext/)
    await putRecord(dir, '!meta!keystore', { ...sealed, iterations: 1e12 })
    await refusesUnchanged(async () => await ParleyNode.exists(dir), 'CORRUPT_STORE', /iteration count/)
  })

  it('refuses a damaged profile, and a keystore gone from a folder with other data', async () => {
    await putRecord(dir, '!meta!profile', { name: 'alice', relay: 'somewhere' })
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'CORRUPT_STORE', /profile has no address/)
    const db = new Level<string, unknown>(dir, { valueEncoding: 'json' })
    await db.del('!meta!keystore')
    await db.close()
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'if-empty' }), 'CORRUPT_STORE', /keystore .* is missing/)
  })

  it('says so when another process has the folder open', async () => {
    const holder = new Level(dir)
    await holder.open()
    try {
      const err = await expectNodeError(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'never' }), 'STORE_BUSY')
      expect(err.message).to.include(dir).and.include('in use by another parley process')
    } finally {
      await holder.close()
    }
  })

  it('refuses to make a device in a folder of other files', async () => {
    await rm(dir, { recursive: true })
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await refusesUnchanged(async () => await ParleyNode.open({ dataDir: dir, passphrase: PASSPHRASE, create: 'if-empty' }), 'BAD_INPUT', /no Parley device/)
  })
})

describe('LevelDB checksums', () => {
  let tmp: string
  let table: Uint8Array
  let log: Uint8Array
  before(async function () {
    this.timeout(30_000)
    tmp = await makeTempDir('checksums')
    await makeDevice(tmp)
    const tables = await filesLike(tmp, /\.ldb$/)
    const sizes = await Promise.all(tables.map(async t => (await stat(t)).size))
    // Plain Uint8Arrays: a Buffer's slice() is a view, and each flip below must be on a fresh copy.
    table = new Uint8Array(await readFile(tables[sizes.indexOf(Math.max(...sizes))] as string))
    log = new Uint8Array(await readFile((await filesLike(tmp, /\.log$/))[0] as string))
  })
  after(async () => { await removeTempDir(tmp) })

  it('reads the tables and logs a MANIFEST names', async () => {
    const current = (await readFile(join(tmp, 'CURRENT'), 'utf8')).trim()
    const live = liveFiles(new Uint8Array(await readFile(join(tmp, current))))
    expect(live.tables.size).to.be.greaterThan(0)
    for (const n of live.tables) expect(await readdir(tmp)).to.include(`${String(n).padStart(6, '0')}.ldb`)
    expect(live.nextFile).to.be.greaterThan(Math.max(...live.tables))
    expect((await readdir(tmp)).some(f => f === `${String(live.logNumber).padStart(6, '0')}.log`)).to.equal(true)
  })

  it('accepts the files LevelDB wrote', () => {
    expect(() => { checkTable(table) }).to.not.throw()
    expect(() => { checkLog(log) }).to.not.throw()
  })

  it('finds a flipped bit anywhere in a table but the footer padding', () => {
    // The footer's handles and magic are checked; its zero padding is read by nobody.
    const footerPadding = (i: number): boolean => i >= table.length - 48 && i < table.length - 8 && table[i] === 0
    for (let i = 0; i < table.length; i += 13) {
      if (footerPadding(i)) continue
      const copy = table.slice()
      copy[i] = (copy[i] as number) ^ 0x01
      expect(() => { checkTable(copy) }, `byte ${i}`).to.throw(ChecksumError)
    }
  })

  it('finds a flipped bit in a log record, and takes a record cut short at the end for a crash', () => {
    // A record's length field is left alone: made longer than the file, it reads as a write cut short by a crash.
    const first = 7 + ((log[4] as number) | ((log[5] as number) << 8))
    for (let i = 0; i < first; i++) {
      if (i === 4 || i === 5) continue
      const copy = log.slice()
      copy[i] = (copy[i] as number) ^ 0x01
      expect(() => { checkLog(copy) }, `byte ${i}`).to.throw()
    }
    expect(() => { checkLog(log.subarray(0, log.length - 3)) }).to.not.throw()
  })
})
