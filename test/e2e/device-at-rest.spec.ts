import { expect } from 'chai'
import { cp, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { NodeStore, openKeystore, openLocal, type SealedKeystore } from '@parley/node'
import { fromBase64, utf8Encode } from '@parley/protocol'
import { scanForSecrets, type Secret } from '../support/scan.js'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { registerWithCli } from '../support/users.js'
import { cleanup, parley, startRelayProcess, tempDir, type RelayProcess } from '../support/processes.js'

/** The passphrase `parley()` gives every CLI run. */
const PASSPHRASE = 'correct horse battery staple'
const TEXTS = {
  toQuill: 'the lighthouse key hangs behind the third barometer',
  toZeph: 'meet me where the tram turns around at dusk',
  second: 'bring the walnut ledger, not the copper one'
}

/** Every file under `dir` with its permission bits. */
async function modes (dir: string): Promise<Array<{ path: string, mode: number, folder: boolean }>> {
  const out: Array<{ path: string, mode: number, folder: boolean }> = [{ path: dir, mode: (await stat(dir)).mode & 0o777, folder: true }]
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    out.push({ path, mode: (await stat(path)).mode & 0o777, folder: entry.isDirectory() })
  }
  return out
}

/**
 * The session token a device keeps, read the way the node reads it, and its keystore's salt (kept
 * in plain, to prove the scan sees stored bytes), from a copy of its folder
 * (opening LevelDB rewrites files, and the folder itself is scanned afterwards).
 */
async function storedSecrets (home: string, scratch: string): Promise<{ token: Uint8Array, salt: Uint8Array }> {
  await cp(home, scratch, { recursive: true })
  const store = new NodeStore(scratch)
  await store.open()
  try {
    const keystore = await store.meta.get('keystore') as SealedKeystore
    const { material, key } = await openKeystore(keystore, PASSPHRASE)
    await store.unlock(material)
    const session = await store.meta.get('session') as { token: string }
    return { token: await openLocal(key, fromBase64(session.token), 'parley/session/v1'), salt: fromBase64(keystore.salt) }
  } finally {
    await store.close()
  }
}

describe('A device\'s data at rest', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  const home = (name: string): string => join(dir, name)

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('at-rest')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
  })

  after(async () => {
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('keeps no text, no address and no session token readable in the device folders, which are owner-only', async () => {
    for (const name of ['zephyrine', 'quillonar']) await registerWithCli(home(name), relay.http, smtp, name)
    const ok = (what: string, r: { code: number, stdout: string, stderr: string }): void => { expect(r.code, `${what}: ${r.stdout}${r.stderr}`).to.equal(0) }
    ok('send', await parley(home('zephyrine'), ['send', 'quillonar@relay.test', TEXTS.toQuill]))
    ok('send', await parley(home('zephyrine'), ['send', 'quillonar@relay.test', TEXTS.second]))
    const inbox = await parley(home('quillonar'), ['inbox'])
    expect(inbox.json.map((m: any) => m.text)).to.deep.equal([TEXTS.toQuill, TEXTS.second])
    ok('reply', await parley(home('quillonar'), ['send', 'zephyrine@relay.test', TEXTS.toZeph]))
    expect((await parley(home('zephyrine'), ['inbox'])).json.map((m: any) => m.text)).to.deep.equal([TEXTS.toZeph])
    // What is stored is still there for its owner, through the CLI.
    const history = await parley(home('zephyrine'), ['history', 'quillonar@relay.test'])
    expect(history.json.map((m: any) => m.text)).to.deep.equal([TEXTS.toQuill, TEXTS.second, TEXTS.toZeph])
    expect((await parley(home('quillonar'), ['contacts'])).json.map((c: any) => c.address)).to.include('zephyrine@relay.test')

    // Every CLI run has ended: the folders are as a stolen disk or a backup would hold them.
    for (const name of ['zephyrine', 'quillonar']) {
      for (const entry of await modes(home(name))) {
        expect(entry.mode.toString(8), entry.path).to.equal(entry.folder ? '700' : '600')
      }
    }
    const stored = {
      zephyrine: await storedSecrets(home('zephyrine'), join(dir, 'copy-zephyrine')),
      quillonar: await storedSecrets(home('quillonar'), join(dir, 'copy-quillonar'))
    }
    const secrets: Secret[] = [
      ...Object.entries(TEXTS).map(([label, text]) => ({ label: `text ${label}`, value: utf8Encode(text) })),
      ...['lighthouse', 'barometer', 'walnut ledger', 'tram turns'].map(word => ({ label: `word ${word}`, value: utf8Encode(word) })),
      ...['zephyrine', 'quillonar'].flatMap(name => [
        { label: `address of ${name}`, value: utf8Encode(`${name}@relay.test`) },
        { label: `name ${name}`, value: utf8Encode(name) },
        { label: `email of ${name}`, value: utf8Encode(`${name}@example.org`) }
      ]),
      ...Object.entries(stored).map(([name, { token }]) => ({ label: `session token of ${name}`, value: token }))
    ]
    for (const name of ['zephyrine', 'quillonar'] as const) {
      const control = { label: 'keystore salt', value: stored[name].salt }
      const findings = await scanForSecrets(home(name), home(name), [...secrets, control])
      expect(findings.filter(f => !f.startsWith(control.label)), `the device folder of ${name}`).to.deep.equal([])
      expect(findings.some(f => f.startsWith(control.label)), 'the scan finds what is stored in plain').to.equal(true)
    }
  })
})
