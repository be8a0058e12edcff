import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Level } from 'level'
import { NodeStore, openKeystore } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { registerWithCli } from '../support/users.js'
import { startRelayProcess, parley, tempDir, cleanup, PARLEY_BIN, type RelayProcess } from '../support/processes.js'
import { hashFolder as hashFiles } from '../../node/test/helpers.js'

const PASSPHRASE = 'correct horse battery staple'

/** Runs the CLI without --json, as a person at a terminal would (but with stdout a pipe). */
async function human (home: string, args: string[], options: { closeStdout?: boolean } = {}): Promise<{ code: number, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [PARLEY_BIN, ...args, '--data', home], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_PASSPHRASE: PASSPHRASE } })
  let stdout = ''
  let stderr = ''
  // A reader that goes away at once: every write of the CLI fails.
  if (options.closeStdout === true) child.stdout.destroy()
  else child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number>(resolve => child.on('exit', c => resolve(c ?? 1)))
  return { code, stdout, stderr }
}

/** Flips one bit in the middle of a file. */
async function garble (path: string): Promise<void> {
  const bytes = await readFile(path)
  const at = Math.floor(bytes.length / 2)
  bytes[at] = (bytes[at] as number) ^ 0x20
  await writeFile(path, bytes)
}

/** Rewrites the keystore or profile record of a closed device folder. */
/** Every record of a device folder's database as stored (sealed), by key: what a command must leave as it was. */
async function hashRecords (home: string): Promise<Record<string, string>> {
  const db = new Level<string, Uint8Array>(home, { keyEncoding: 'utf8', valueEncoding: 'view' })
  const out: Record<string, string> = {}
  try {
    for await (const [key, value] of db.iterator()) out[key] = Buffer.from(value).toString('base64')
  } finally {
    await db.close()
  }
  return out
}

async function editMeta (home: string, key: 'keystore' | 'profile', edit: (value: any) => unknown): Promise<void> {
  if (key === 'keystore') {
    // The keystore is the one record kept as it is (it is sealed under the passphrase already).
    const db = new Level<string, any>(home, { valueEncoding: 'json' })
    await db.put(`!meta!${key}`, edit(await db.get(`!meta!${key}`)))
    await db.close()
    return
  }
  // Every other record is sealed under the device's keys: edit it as the node would write it.
  const store = new NodeStore(home)
  await store.open()
  try {
    const { material } = await openKeystore(await store.meta.get('keystore'), PASSPHRASE)
    await store.unlock(material)
    await store.meta.put(key, edit(await store.meta.get(key)))
  } finally {
    await store.close()
  }
}

describe('The parley CLI with damaged folders, large output and hostile text', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const home = (name: string): string => join(dir, name)

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('cli-robust')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    for (const name of ['alice', 'bob']) await registerWithCli(home(name), relay.http, smtp, name)
  })

  after(async () => {
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  describe('a damaged device is never replaced', () => {
    let peerId: string
    let n = 0
    let copy: string

    before(async () => {
      peerId = (await parley(home('bob'), ['whoami'])).json.peerId
      expect(peerId).to.be.a('string')
    })

    // Each case damages its own copy of bob's folder, as parley register and login left it.
    beforeEach(async () => {
      copy = home(`bob-copy-${n++}`)
      await cp(home('bob'), copy, { recursive: true })
      expect(await readdir(copy)).to.include('CURRENT')
    })

    /** Runs commands on the damaged copy: each one fails with `code` and a sentence naming the folder, and no byte changes. */
    async function refused (code: string, what: RegExp, sameBy: 'bytes' | 'records' = 'bytes'): Promise<void> {
      // Damage inside a sealed record is found once the database is open (the check before opening
      // cannot read it), and LevelDB's opening rewrites its own log files: then the records must stay.
      const hashFolder = sameBy === 'bytes' ? hashFiles : hashRecords
      const before = await hashFolder(copy)
      for (const args of [['whoami'], ['inbox']]) {
        const r = await parley(copy, args, { PARLEY_PASSWORD: 'bob has a good password' })
        expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).to.equal(1)
        expect(r.json.error.code, args[0]).to.equal(code)
        expect(r.json.error.message, args[0]).to.include(copy).and.match(what)
        expect(await hashFolder(copy), `${args[0]} left the folder as it was`).to.deep.equal(before)
      }
      const person = await human(copy, ['whoami'])
      expect(person.code).to.equal(1)
      expect(person.stderr).to.include(copy).and.match(what)
      expect(await hashFolder(copy)).to.deep.equal(before)
    }

    it('stops when LevelDB\'s CURRENT file is missing', async () => {
      await rm(join(copy, 'CURRENT'))
      await refused('CORRUPT_STORE', /is damaged: its database has lost its CURRENT file.*Nothing in it was changed/)
    })

    it('stops on a garbled table file', async () => {
      const tables = (await readdir(copy)).filter(f => f.endsWith('.ldb'))
      expect(tables, 'register and login leave tables').to.not.have.length(0)
      // Every table, so that one the MANIFEST names is among them.
      for (const table of tables) await garble(join(copy, table))
      await refused('CORRUPT_STORE', /is damaged: its database file \d+\.ldb is garbled/)
    })

    it('stops on a bad MANIFEST', async () => {
      const manifest = (await readdir(copy)).find(f => f.startsWith('MANIFEST-')) as string
      await garble(join(copy, manifest))
      await refused('CORRUPT_STORE', /is damaged: its database file MANIFEST-\d+ is garbled/)
    })

    it('stops on a keystore field that is not base64, or has the wrong length', async () => {
      await editMeta(copy, 'keystore', k => ({ ...k, salt: 'this is not base64' }))
      await refused('CORRUPT_STORE', /is damaged: the keystore salt is not 16 bytes of base64/)
      await editMeta(copy, 'keystore', k => ({ ...k, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AAAA' }))
      await refused('CORRUPT_STORE', /is damaged: the keystore ciphertext is not base64/)
    })

    it('stops on a damaged profile', async () => {
      await editMeta(copy, 'profile', p => ({ ...p, relay: null }))
      await refused('CORRUPT_STORE', /is damaged: the account profile has no usable relay/, 'records')
    })

    it('stops where the folder does not exist, and does not create it', async () => {
      await rm(copy, { recursive: true })
      await refused('NO_DEVICE', /there is no device in .*parley register, or parley login --relay/)
      expect(await stat(copy).then(() => 'there', () => 'not there')).to.equal('not there')
    })

    it('still opens the undamaged folder, with the same keys', async () => {
      expect((await parley(copy, ['whoami'])).json.peerId).to.equal(peerId)
    })
  })

  it('writes a history larger than 256 KiB in full to a pipe', async () => {
    const text = 'x'.repeat(60_000)
    for (let i = 0; i < 5; i++) expect((await parley(home('alice'), ['send', 'bob@relay.test', `${i} ${text}`])).json.state).to.equal('sent')
    const child = spawn(process.execPath, [PARLEY_BIN, 'history', 'bob@relay.test', '--json', '--data', home('alice')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_PASSPHRASE: PASSPHRASE } })
    const chunks: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    // 'close' comes once the process has exited and its output is read to the end.
    expect(await new Promise<number | null>(resolve => child.on('close', resolve))).to.equal(0)
    const out = Buffer.concat(chunks)
    expect(out.length).to.be.greaterThan(256 * 1024)
    const messages = JSON.parse(out.toString('utf8'))
    expect(messages.filter((m: any) => m.text.endsWith(text)).map((m: any) => m.text.slice(0, 1))).to.deep.equal(['0', '1', '2', '3', '4'])
    const lines = await human(home('alice'), ['history', 'bob@relay.test'])
    expect(lines.stdout.length).to.be.greaterThan(256 * 1024)
    expect(lines.stdout.trimEnd().split('\n').filter(l => l.includes(text))).to.have.length(5)
  })

  it('marks read only what inbox printed', async () => {
    // Bob's inbox runs with its output closed: the messages are fetched, but never shown.
    const unseen = await human(home('bob'), ['inbox'], { closeStdout: true })
    expect(unseen.code).to.equal(1)
    expect(unseen.stderr).to.include('they stay unread')
    const kept = (await parley(home('bob'), ['history', 'alice@relay.test'])).json
    expect(kept).to.have.length(5)
    expect(kept.map((m: any) => m.state)).to.deep.equal(Array(5).fill('received'))
    await parley(home('alice'), ['inbox'])
    expect((await parley(home('alice'), ['history', 'bob@relay.test'])).json.map((m: any) => m.state), 'no read receipt went out').to.not.include('read')

    // Shown now: read, and alice learns it.
    const shown = await human(home('bob'), ['read', 'alice@relay.test'])
    expect(shown.code).to.equal(0)
    expect(shown.stdout.split('\n').filter(l => l.includes('alice@relay.test:'))).to.have.length(5)
    expect((await parley(home('bob'), ['history', 'alice@relay.test'])).json.map((m: any) => m.state)).to.deep.equal(Array(5).fill('read'))
    await parley(home('alice'), ['inbox'])
    expect((await parley(home('alice'), ['history', 'bob@relay.test'])).json.map((m: any) => m.state)).to.deep.equal(Array(5).fill('read'))
  })

  it('neutralises escape sequences and bidi overrides in other people\'s text on a terminal, and keeps JSON exact', async () => {
    const hostile = 'hi \u001b[2J\u001b]0;pwned\u0007 \u009b31m \u202eevil\u202c\nnext line'
    expect((await parley(home('alice'), ['send', 'bob@relay.test', hostile])).json.state).to.equal('sent')
    const shown = await human(home('bob'), ['inbox'])
    expect(shown.code, shown.stderr).to.equal(0)
    expect(shown.stdout).to.include('hi \u241b[2J\u241b]0;pwned\u2407 <U+009B>31m <U+202E>evil<U+202C>\n    next line')
    expect(shown.stdout).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    const exact = await parley(home('bob'), ['history', 'alice@relay.test'])
    expect(exact.json[exact.json.length - 1].text).to.equal(hostile)
  })

  it('answers usage errors in JSON with --json, and says the rule for a mistyped name', async () => {
    const unknown = await parley(home('alice'), ['frobnicate'])
    expect(unknown.code).to.equal(2)
    expect(unknown.json.error).to.include({ code: 'UNKNOWN_COMMAND' })
    const flag = await parley(home('alice'), ['history', '--bogus'])
    expect(flag.code).to.equal(2)
    expect(flag.json.error.code).to.equal('USAGE')
    expect(flag.json.error.message).to.include('--bogus')
    const missing = await parley(home('alice'), ['send'])
    expect(missing.code).to.equal(1)
    expect(missing.json.error).to.deep.include({ code: 'BAD_INPUT' })
    const limit = await parley(home('alice'), ['history', 'bob@relay.test', '--limit', 'many'])
    expect(limit.json.error.message).to.match(/--limit takes a whole number/)
    const address = await parley(home('alice'), ['send', 'bob', 'hello'])
    expect(address.code).to.equal(1)
    expect(address.json.error).to.deep.include({ code: 'BAD_INPUT', message: '"bob" is not an address of the form name@relay' })

    for (const [name, rule] of [['Carol', /lowercase: use "carol"/], ['carol smith', /has a space/], ['c'.repeat(40), /40 characters long/], ['carol!', /"!" cannot be part of a name/]] as const) {
      const r = await parley(home('carol'), ['register', '--relay', relay.http, '--name', name, '--email', 'carol@example.org'], { PARLEY_PASSWORD: 'carol has a good password' })
      expect(r.code, name).to.equal(1)
      expect(r.json.error.code).to.equal('BAD_INPUT')
      expect(r.json.error.message).to.match(rule).and.match(/names are 1-32 characters/)
    }
    const email = await parley(home('carol'), ['register', '--relay', relay.http, '--name', 'carol', '--email', 'carol.example.org'], { PARLEY_PASSWORD: 'carol has a good password' })
    expect(email.json.error.message).to.match(/is not an email address/)
    expect(await stat(home('carol')).then(() => 'there', () => 'not there'), 'a refused registration makes no device').to.equal('not there')
  })

  it('leaves no device folder behind when parley register cannot reach the relay, and an empty folder empty', async () => {
    // Port 1 on loopback: nothing listens, so the relay's discovery document cannot be fetched.
    const unreachable = 'http://127.0.0.1:1'
    const r = await parley(home('dave'), ['register', '--relay', unreachable, '--name', 'dave', '--email', 'dave@example.org'], { PARLEY_PASSWORD: 'dave has a good password' })
    expect(r.code, r.stderr).to.equal(1)
    expect(await stat(home('dave')).then(() => 'there', () => 'not there'), 'the failed registration leaves no folder').to.equal('not there')
    await mkdir(home('erin'))
    const again = await parley(home('erin'), ['register', '--relay', unreachable, '--name', 'erin', '--email', 'erin@example.org'], { PARLEY_PASSWORD: 'erin has a good password' })
    expect(again.code, again.stderr).to.equal(1)
    expect(await readdir(home('erin')), 'the folder that was there stays, empty').to.deep.equal([])
  })
})
