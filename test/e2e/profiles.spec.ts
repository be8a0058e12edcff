import { expect } from 'chai'
import { randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PROFILE_FILE_NAME, PROFILE_MEDIA_TYPE, encodeProfileKey, encodeProfileRecord, fromBase64, fromHex, utf8Encode } from '@parley/protocol'
import type { NodeEvent, ParleyNode, PersonProfile } from '@parley/node'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { parley, parleyHuman, startRelayProcess, tempDir, cleanup, type RelayProcess } from '../support/processes.js'
import { makeUser, registerWithCli } from '../support/users.js'
import { scanForSecrets } from '../support/scan.js'

const at = (name: string): string => `${name}@relay.test`

/** Polls `get` (syncing `node` first) until it gives a value; throws after 60 s naming `what`. */
async function until<T> (node: ParleyNode, get: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    await node.sync()
    const value = await get()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** `node`'s view of `address`'s profile once it carries `name`. */
async function nameSeen (node: ParleyNode, address: string, name: string): Promise<PersonProfile> {
  return await until(node, async () => { const p = await node.profileOf(address); return p?.name === name ? p : undefined }, `${address}'s name "${name}"`)
}

describe('Profiles: a display name and a picture, end to end encrypted, kept on the relay as an opaque blob', function () {
  this.timeout(300_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess
  let nodes: Record<'alice' | 'bob' | 'carol' | 'mallory', ParleyNode>
  const picture = randomBytes(40_000)

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('profiles')
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    const user = async (name: string): Promise<ParleyNode> => (await makeUser({ dir, name, relayUrl: relay.http, smtp })).node
    nodes = { alice: await user('alice'), bob: await user('bob'), carol: await user('carol'), mallory: await user('mallory') }
  })

  after(async () => {
    for (const n of Object.values(nodes ?? {})) await n.close().catch(() => {})
    await relay?.stop()
    await smtp?.close()
    await cleanup(dir)
  })

  it('reaches a contact before the first message, and again at once after a change', async () => {
    const { alice, bob } = nodes
    const set = await alice.setProfile({ name: 'Alice Liddell', picture: { bytes: picture, type: 'image/webp' } })
    expect(set).to.include({ address: at('alice'), name: 'Alice Liddell' })
    expect(await alice.myProfile()).to.deep.equal(set)
    await alice.send(at('bob'), 'hello from Alice')
    const seen = await nameSeen(bob, at('alice'), 'Alice Liddell')
    expect(fromBase64(seen.picture!.data)).to.deep.equal(new Uint8Array(picture))
    expect(seen.picture!.type).to.equal('image/webp')
    const blobsBefore = await readdir(join(relay.dataDir, 'blobs'))

    // A change goes to every contact at once, with no message after it.
    const events: NodeEvent[] = []
    bob.on('profile', e => { events.push(e) })
    await alice.setProfile({ name: 'Alice L.' })
    const changed = await nameSeen(bob, at('alice'), 'Alice L.')
    expect(changed.picture).to.equal(undefined)
    expect(changed.version).to.be.greaterThan(seen.version)
    expect(events.some(e => e.type === 'profile' && e.profile.name === 'Alice L.' && !e.own)).to.equal(true)
    // The old profile's blob is gone from the relay; the new one took its place.
    const blobsAfter = await readdir(join(relay.dataDir, 'blobs'))
    expect(blobsAfter.length).to.equal(blobsBefore.length)
    expect(blobsAfter).to.not.deep.equal(blobsBefore)
  })

  it('reaches group members through the group once, and a member who joins later too', async () => {
    const { alice, bob, carol } = nodes
    const group = await alice.groups.create('Tea party', [at('bob')])
    await until(bob, async () => (await bob.groups.list()).find(g => g.id === group.id), 'the invitation')
    await bob.groups.accept(group.id)
    await alice.sync()
    await alice.groups.send(group.id, 'tea?')
    await alice.groups.invite(group.id, [at('carol')])
    await until(carol, async () => (await carol.groups.list()).find(g => g.id === group.id), 'carol\'s invitation')
    await carol.groups.accept(group.id)
    expect(await carol.profileOf(at('alice'))).to.equal(undefined)
    await alice.sync()
    // The members changed since alice's profile last went to the group: it goes again, before her text.
    await alice.groups.send(group.id, 'welcome, carol')
    await until(carol, async () => { await carol.groups.fetch(group.id); const p = await carol.profileOf(at('alice')); return p?.name === 'Alice L.' ? p : undefined }, 'alice\'s profile at carol')
  })

  it('refuses a profile that names someone else, one whose blob was altered, and a name that is not one', async () => {
    const { alice, bob, mallory } = nodes
    const before = await bob.profileOf(at('alice'))
    const warnings: string[] = []
    bob.on('warning', e => { warnings.push(e.message) })
    // Mallory, with valid keys, seals a profile that claims to be alice's and sends bob its key.
    const s = (mallory as any).s
    const version = Date.now() + 1000
    const forged = encodeProfileRecord({ address: at('alice'), version, name: 'Alice (new number)' })
    const ref = await s.files.upload({ name: PROFILE_FILE_NAME, size: forged.length, type: PROFILE_MEDIA_TYPE, read: async (o: number, l: number) => forged.slice(o, o + l) }, { expiresAt: Date.now() + 86_400_000 })
    const key = (sha256: Uint8Array, v: number): Uint8Array => encodeProfileKey({
      profile: { relay: ref.relay, blobId: fromHex(ref.blobId), key: fromBase64(ref.key), size: ref.size, chunkBytes: ref.chunkBytes, sha256, mediaType: PROFILE_MEDIA_TYPE, fileName: PROFILE_FILE_NAME },
      version: v
    })
    await s.delivery.deposit(at('bob'), 'profile', key(fromBase64(ref.sha256), version))
    await until(bob, async () => warnings.some(w => /could not be used/.test(w)) ? true : undefined, 'the forged profile\'s refusal')
    expect(warnings.some(w => /not mallory@relay\.test's/.test(w))).to.equal(true)
    // And a key whose hash does not match the blob (an altered blob, to bob).
    await s.delivery.deposit(at('bob'), 'profile', key(new Uint8Array(32).fill(7), version + 1))
    await until(bob, async () => warnings.filter(w => /could not be used/.test(w)).length >= 2 ? true : undefined, 'the altered profile\'s refusal')
    expect(await bob.profileOf(at('mallory'))).to.equal(undefined)
    expect(await bob.profileOf(at('alice'))).to.deep.equal(before)

    for (const name of ['Alice\u202e', 'a'.repeat(65), 'line\nbreak']) {
      const err = await alice.setProfile({ name }).then(() => undefined, e => e)
      expect(err?.code, name).to.equal('BAD_INPUT')
    }
    const big = await alice.setProfile({ name: 'Alice', picture: { bytes: randomBytes(300_000), type: 'image/png' } }).then(() => undefined, e => e)
    expect(big?.code).to.equal('BAD_INPUT')
    expect(big?.message).to.match(/at most 256 KiB/)
    const svg = await alice.setProfile({ name: 'Alice', picture: { bytes: randomBytes(100), type: 'image/svg+xml' } }).then(() => undefined, e => e)
    expect(svg?.code).to.equal('BAD_INPUT')
    expect((await alice.myProfile())?.name).to.equal('Alice L.')
  })

  it('sets and shows profiles from the CLI', async () => {
    const home = join(dir, 'dinah-cli')
    await registerWithCli(home, relay.http, smtp, 'dinah')
    const picturePath = join(dir, 'dinah.png')
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)])
    await import('node:fs/promises').then(async fs => { await fs.writeFile(picturePath, png) })
    const set = await parleyHuman(home, ['profile', '--name', 'Dinah the cat', '--picture', picturePath])
    expect(set.code, set.stderr).to.equal(0)
    expect(set.stdout).to.match(/name: Dinah the cat\npicture: image\/png, 2\.0 KiB/)
    const sent = await parley(home, ['send', at('alice'), 'meow'])
    expect(sent.code, sent.stderr).to.equal(0)
    const seen = await nameSeen(nodes.alice, at('dinah'), 'Dinah the cat')
    expect(seen.picture?.type).to.equal('image/png')
    await nodes.alice.setProfile({ name: 'Alice' })
    const shown = await until(nodes.alice, async () => {
      await parley(home, ['inbox'])
      const r = await parley(home, ['profile', at('alice')])
      return r.json?.name === 'Alice' ? r : undefined
    }, 'alice\'s new name at dinah')
    expect(shown.json).to.include({ address: at('alice'), name: 'Alice' })
    expect((await parleyHuman(home, ['profile', at('alice')])).stdout).to.match(/name: Alice\n/)
    const refused = await parley(home, ['profile', '--picture', join(dir, 'missing.png')])
    expect(refused.code).to.not.equal(0)
  })

  it('leaves nothing readable on the relay\'s disk: no name, no picture', async () => {
    await relay.stop()
    try {
      const findings = await scanForSecrets(relay.dataDir, join(relay.dataDir, 'db'), [
        { label: 'display name', value: utf8Encode('Alice Liddell') },
        { label: 'changed display name', value: utf8Encode('Alice L.') },
        { label: 'CLI display name', value: utf8Encode('Dinah the cat') },
        { label: 'picture', value: new Uint8Array(picture.subarray(0, 64)) }
      ])
      expect(findings).to.deep.equal([])
    } finally {
      relay = await startRelayProcess({ dataDir: relay.dataDir, ports: relay.ports, smtpUrl: smtp.url })
    }
  })
})
