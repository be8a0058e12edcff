import { expect } from 'chai'
import { open, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Level } from 'level'
import { fromBase64, utf8Encode } from '@parley/protocol'
import type { ParleyNode, StoredMessage, TransferProgress } from '@parley/node'
import { openFileSink, openFileSource } from '@parley/node/fs-files'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { parley, parleyHuman, startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser, registerWithCli } from '../support/users.js'
import { scanForSecrets } from '../support/scan.js'
import { makeFile, sha256Of } from '../support/files.js'

const MiB = 2 ** 20

/** Polls `get` until it gives a value; throws after 60 s naming `what`. */
async function until<T> (get: () => Promise<T | undefined>, opts: { what: string }): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await get()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

describe('Files: sealed on the device, kept by the relay, fetched and checked by the recipient', function () {
  this.timeout(600_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let alice: ParleyNode
  let bob: ParleyNode
  let carol: ParleyNode

  const restartRelay = async (): Promise<void> => {
    relay = await startRelayProcess({ dataDir: relay.dataDir, ports: relay.ports, smtpUrl: smtp.url, args: ['--file-quota', '700'] })
  }
  const blobFiles = async (): Promise<string[]> => (await readdir(join(relay.dataDir, 'blobs'))).sort()

  async function send (path: string, options: { onProgress?: (p: TransferProgress) => void, to?: string } = {}): Promise<StoredMessage> {
    const source = await openFileSource(path)
    try {
      return await alice.sendFile(options.to ?? 'bob@relay.test', source, { text: 'here it is', ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}) })
    } finally {
      await source.close()
    }
  }

  async function received (node: ParleyNode, id: string): Promise<StoredMessage> {
    return await until(async () => { await node.sync(); return await node.history.get(id) }, { what: `message ${id} at its recipient` })
  }

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('files')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, args: ['--file-quota', '700'] })
    alice = (await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })).node
    bob = (await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })).node
    carol = (await makeUser({ dir, name: 'carol', relayUrl: relay.http, smtp })).node
  })

  after(async () => {
    if (process.env.SHOW_RELAY_LOG !== undefined) console.log(relay?.stderr())
    for (const n of [alice, bob, carol]) await n?.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('sends a 200 MiB file through the relay, fetched whole and hash-checked, with progress both ways', async () => {
    const path = join(dir, 'big.bin')
    const hash = await makeFile(path, 200 * MiB, 'big')
    const sent: TransferProgress[] = []
    const message = await send(path, { onProgress: p => sent.push(p) })
    expect(message.attachment).to.include({ name: 'big.bin', size: 200 * MiB, mediaType: 'application/octet-stream', relay: 'relay.test' })
    expect(sent.at(-1)).to.deep.equal({ done: 200 * MiB, total: 200 * MiB })
    expect(sent.length).to.be.greaterThan(10)

    const got = await received(bob, message.id)
    expect(got.text).to.equal('here it is')
    expect(got.attachment).to.deep.equal(message.attachment)
    const out = join(dir, 'big.out')
    const progress: TransferProgress[] = []
    await bob.getFile(message.id, await openFileSink(out), { onProgress: p => progress.push(p) })
    expect(await sha256Of(out)).to.equal(hash)
    expect(progress.at(-1)).to.deep.equal({ done: 200 * MiB, total: 200 * MiB })
    expect(await stat(`${out}.part`).then(() => true, () => false)).to.equal(false)
  })

  it('resumes an upload after the relay is killed half way, from the bytes it had on disk', async () => {
    const path = join(dir, 'resume-up.bin')
    const hash = await makeFile(path, 96 * MiB, 'resume-up')
    const seen: number[] = []
    let killed: Promise<void> | undefined
    const sending = send(path, {
      onProgress: p => {
        seen.push(p.done)
        if (killed === undefined && p.done > 48 * MiB) killed = relay.kill().then(restartRelay)
      }
    })
    const message = await sending
    await killed
    // After the kill the upload went on from what the relay held, not from the start.
    const afterKill = seen.slice(seen.findIndex(d => d > 48 * MiB) + 1)
    expect(Math.min(...afterKill)).to.be.greaterThan(16 * MiB)
    const out = join(dir, 'resume-up.out')
    await received(bob, message.id)
    await bob.getFile(message.id, await openFileSink(out))
    expect(await sha256Of(out)).to.equal(hash)
  })

  it('resumes a download after the relay is killed half way, at the next chunk', async () => {
    const path = join(dir, 'resume-down.bin')
    const hash = await makeFile(path, 96 * MiB, 'resume-down')
    const message = await send(path)
    await received(bob, message.id)
    const out = join(dir, 'resume-down.out')
    const seen: number[] = []
    let killed: Promise<void> | undefined
    await bob.getFile(message.id, await openFileSink(out), {
      onProgress: p => {
        seen.push(p.done)
        if (killed === undefined && p.done > 48 * MiB) killed = relay.kill().then(restartRelay)
      }
    })
    await killed
    const afterKill = seen.slice(seen.findIndex(d => d > 48 * MiB) + 1)
    expect(Math.min(...afterKill)).to.be.greaterThan(40 * MiB)
    expect(await sha256Of(out)).to.equal(hash)
  })

  describe('a relay that hands back other bytes than it was given', () => {
    let message: StoredMessage
    let blobPath: string
    let original: Buffer
    const CHUNK = 256 * 1024 + 16

    before(async () => {
      const path = join(dir, 'small.bin')
      await makeFile(path, 4 * 256 * 1024 + 1000, 'small')
      message = await send(path)
      await received(bob, message.id)
      blobPath = join(relay.dataDir, 'blobs', message.attachment!.blobId)
      original = await readFile(blobPath)
    })

    afterEach(async () => {
      await relay.stop()
      await writeFile(blobPath, original)
      await setStoredSize(original.length)
      await restartRelay()
    })

    /** Changes the size the relay's record gives the blob (the relay stopped). */
    async function setStoredSize (size: number): Promise<void> {
      const db = new Level<string, any>(join(relay.dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'json' })
      await db.open()
      const blobs = db.sublevel<string, any>('blobs', { keyEncoding: 'utf8', valueEncoding: 'json' })
      const record = await blobs.get(message.attachment!.blobId)
      await blobs.put(message.attachment!.blobId, { ...record, size, stored: size })
      await db.close()
    }

    async function fetchFails (change: (bytes: Buffer) => Buffer): Promise<Error> {
      await relay.stop()
      const changed = change(Buffer.from(original))
      await writeFile(blobPath, changed)
      await setStoredSize(changed.length)
      await restartRelay()
      const out = join(dir, `tampered-${Date.now()}.out`)
      let caught: unknown
      try { await bob.getFile(message.id, await openFileSink(out)) } catch (err) { caught = err }
      expect(caught, 'the fetch is refused').to.be.instanceOf(Error)
      // Nothing of a refused file is left behind, under its name or as a part.
      expect(await stat(out).then(() => true, () => false)).to.equal(false)
      expect(await stat(`${out}.part`).then(() => true, () => false)).to.equal(false)
      return caught as Error
    }

    it('detects a chunk altered', async () => {
      const err = await fetchFails(b => { b[CHUNK + 10] = (b[CHUNK + 10] as number) ^ 1; return b })
      expect((err as any).code).to.equal('DECRYPT_FAILED')
    })

    it('detects two chunks swapped', async () => {
      const err = await fetchFails(b => Buffer.concat([b.subarray(0, CHUNK), b.subarray(2 * CHUNK, 3 * CHUNK), b.subarray(CHUNK, 2 * CHUNK), b.subarray(3 * CHUNK)]))
      expect((err as any).code).to.equal('DECRYPT_FAILED')
    })

    it('detects a chunk dropped', async () => {
      const err = await fetchFails(b => Buffer.concat([b.subarray(0, CHUNK), b.subarray(2 * CHUNK)]))
      expect(err.message).to.match(/not the \d+ its message names/)
    })

    it('detects the file cut short', async () => {
      const err = await fetchFails(b => b.subarray(0, b.length - 500))
      expect(err.message).to.match(/not the \d+ its message names/)
    })

    it('still gives the right file once the relay has it again', async () => {
      const out = join(dir, 'small.out')
      await bob.getFile(message.id, await openFileSink(out))
      expect((await stat(out)).size).to.equal(4 * 256 * 1024 + 1000)
    })
  })

  it('uploads a group attachment once, whatever the group size, and every member opens it', async () => {
    const group = await alice.groups.create('files', ['bob@relay.test', 'carol@relay.test'])
    for (const member of [bob, carol]) {
      const invited = await until(async () => { await member.sync(); return (await member.groups.list()).find(g => g.id === group.id) }, { what: 'the invitation' })
      await member.groups.accept(invited.id)
    }
    const path = join(dir, 'group.bin')
    const hash = await makeFile(path, 3 * MiB, 'group')
    const before = await blobFiles()
    const message = await send(path, { to: `group:${group.id}` })
    expect((await blobFiles()).filter(f => !before.includes(f))).to.deep.equal([message.attachment!.blobId])
    for (const member of [bob, carol]) {
      const got = await until(async () => { await member.groups.fetch(group.id); return await member.history.get(message.id) }, { what: 'the group file' })
      const out = join(dir, `group-${got.id}-${member === bob ? 'bob' : 'carol'}.out`)
      await member.getFile(message.id, await openFileSink(out))
      expect(await sha256Of(out)).to.equal(hash)
    }
  })

  it('sends and fetches files from the CLI: send-file and get-file with progress, attachments listed in inbox and history', async () => {
    const home = join(dir, 'dave-cli')
    await registerWithCli(home, relay.http, smtp, 'dave')
    const photo = join(dir, 'photo.jpg')
    const hash = await makeFile(photo, 5 * MiB + 123, 'photo')
    const message = await send(photo, { to: 'dave@relay.test' })

    const inbox = await parley(home, ['inbox'])
    expect(inbox.code, inbox.stderr).to.equal(0)
    const listed = (inbox.json as StoredMessage[]).find(m => m.id === message.id)
    expect(listed?.attachment).to.include({ name: 'photo.jpg', mediaType: 'image/jpeg', size: 5 * MiB + 123 })
    const human = await parleyHuman(home, ['history', 'alice@relay.test'])
    expect(human.stdout).to.include(`here it is [photo: photo.jpg, 5.0 MiB, image/jpeg; parley get-file ${message.id}]`)

    const out = join(dir, 'dave-photo.jpg')
    const got = await parley(home, ['get-file', message.id, '--out', out])
    expect(got.code, got.stderr).to.equal(0)
    expect(got.json).to.include({ path: out, name: 'photo.jpg', size: 5 * MiB + 123 })
    const lines = got.stderr.trim().split('\n').map(l => JSON.parse(l))
    expect(lines.at(-1)).to.deep.equal({ progress: { done: 5 * MiB + 123, total: 5 * MiB + 123 } })
    expect(await sha256Of(out)).to.equal(hash)
    // Never over a file that is there, unless asked.
    const again = await parley(home, ['get-file', message.id, '--out', out])
    expect(again.code).to.equal(1)
    expect(again.stdout + again.stderr).to.match(/already exists/)

    const reply = join(dir, 'reply.pdf')
    const replyHash = await makeFile(reply, 2 * MiB, 'reply')
    const sent = await parleyHuman(home, ['send-file', '--text', 'signed', 'alice@relay.test', reply])
    expect(sent.code, sent.stderr).to.equal(0)
    expect(sent.stderr).to.match(/sending reply\.pdf \[#{30}\] 100% 2\.0 MiB of 2\.0 MiB/)
    const id = /sent: ([0-9a-f]{32})/.exec(sent.stdout)?.[1] as string
    const atAlice = await received(alice, id)
    expect(atAlice.text).to.equal('signed')
    expect(atAlice.attachment).to.include({ name: 'reply.pdf', mediaType: 'application/pdf' })
    expect(sent.stderr).to.not.match(/thumbnail/)
    // A photo from the terminal goes without a preview, and the CLI says so.
    const snap = await parleyHuman(home, ['send-file', 'alice@relay.test', photo])
    expect(snap.code, snap.stderr).to.equal(0)
    expect(snap.stderr).to.match(/note: sent without a thumbnail \(the CLI makes no previews; the web client does\)/)
    const aliceOut = join(dir, 'alice-reply.pdf')
    await alice.getFile(id, await openFileSink(aliceOut))
    expect(await sha256Of(aliceOut)).to.equal(replyHash)
  })

  it('refuses a file over the account\'s storage on the relay with a clear error, before anything is uploaded', async () => {
    const path = join(dir, 'huge.bin')
    await writeFile(path, '')
    await truncate(path, 800 * MiB)
    const before = await blobFiles()
    let caught: any
    try { await send(path) } catch (err) { caught = err }
    expect(caught?.relayCode).to.equal('QUOTA_EXCEEDED')
    expect(caught?.message).to.match(/over your storage for files on this relay/)
    expect(await blobFiles()).to.deep.equal(before)
  })

  it('leaves nothing readable on the relay\'s disk: no byte of a file, its name, caption, thumbnail or key', async () => {
    const path = join(dir, 'scanned.bin')
    await makeFile(path, 2 * MiB, 'scanned')
    const thumbnail = (await readFile(path)).subarray(MiB, MiB + 4096)
    const source = await openFileSource(path)
    const message = await alice.sendFile('bob@relay.test', source, { text: 'here it is', preview: { thumbnail: { bytes: thumbnail, type: 'image/jpeg' }, width: 64, height: 64 } }).finally(async () => { await source.close() })
    expect(message.attachment?.thumbnail).to.not.equal(undefined)
    await relay.stop()
    const plain = (await readFile(path)).subarray(0, 64)
    const findings = await scanForSecrets(relay.dataDir, join(relay.dataDir, 'db'), [
      { label: 'file content', value: plain },
      { label: 'file name', value: utf8Encode('scanned.bin') },
      { label: 'caption', value: utf8Encode('here it is') },
      { label: 'file key', value: fromBase64(message.attachment!.key) },
      { label: 'thumbnail', value: thumbnail.subarray(0, 64) }
    ])
    expect(findings).to.deep.equal([])
    await restartRelay()
  })
})
