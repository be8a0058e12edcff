import { expect } from 'chai'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { tempDir, cleanup, PARLEY_BIN } from '../support/processes.js'
import { until } from '../support/until.js'

/** A `parley lan --json` process: its output lines as they came, and a way to type into it. */
interface LanProcess { child: ChildProcess, lines: any[], stderr: () => string, type: (line: string) => void, stop: () => Promise<void> }

function startLan (opts: { dir: string, name: string, home?: string, netns?: string, listen: string }): LanProcess {
  const argv = [PARLEY_BIN, 'lan', '--json', '--name', opts.name, '--data', join(opts.dir, opts.home ?? opts.name), '--listen', opts.listen]
  const [cmd, args] = opts.netns !== undefined ? ['ip', ['netns', 'exec', opts.netns, process.execPath, ...argv]] : [process.execPath, argv]
  const child = spawn(cmd, args as string[], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PARLEY_PASSPHRASE: 'lan passphrase' } })
  const lines: any[] = []
  createInterface({ input: child.stdout! }).on('line', l => { try { lines.push(JSON.parse(l)) } catch { lines.push({ raw: l }) } })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => { err += d.toString() })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return {
    child,
    lines,
    stderr: () => err,
    type: line => { child.stdin!.write(line + '\n') },
    stop: async () => { if (child.exitCode === null && child.signalCode === null) child.stdin!.write('/quit\n'); await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))]); child.kill('SIGKILL'); await exited }
  }
}

const ip = (...args: string[]): { ok: boolean, out: string } => {
  const r = spawnSync('ip', args, { encoding: 'utf8' })
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

/**
 * Two network namespaces joined by a veth pair, with a route for multicast (mDNS) and nothing else:
 * no way out, and certainly no relay. A string, the reason, where namespaces cannot be made.
 */
function makeNamespaces (): { a: string, b: string, addrA: string, addrB: string, remove: () => void } | string {
  const tag = randomBytes(3).toString('hex')
  const a = `plan-${tag}-a`
  const b = `plan-${tag}-b`
  const octet = 16 + (randomBytes(1)[0]! % 200)
  const addrA = `10.${octet}.0.1`
  const addrB = `10.${octet}.0.2`
  const remove = (): void => { ip('netns', 'del', a); ip('netns', 'del', b) }
  const steps: string[][] = [
    ['netns', 'add', a], ['netns', 'add', b],
    ['link', 'add', `pl${tag}a`, 'type', 'veth', 'peer', 'name', `pl${tag}b`],
    ['link', 'set', `pl${tag}a`, 'netns', a], ['link', 'set', `pl${tag}b`, 'netns', b],
    ['-n', a, 'addr', 'add', `${addrA}/24`, 'dev', `pl${tag}a`], ['-n', b, 'addr', 'add', `${addrB}/24`, 'dev', `pl${tag}b`],
    ['-n', a, 'link', 'set', `pl${tag}a`, 'up'], ['-n', b, 'link', 'set', `pl${tag}b`, 'up'],
    ['-n', a, 'link', 'set', 'lo', 'up'], ['-n', b, 'link', 'set', 'lo', 'up'],
    // mDNS sends to 224.0.0.251: without a route for it every announcement fails (ENETUNREACH).
    ['-n', a, 'route', 'add', '224.0.0.0/4', 'dev', `pl${tag}a`], ['-n', b, 'route', 'add', '224.0.0.0/4', 'dev', `pl${tag}b`]
  ]
  for (const step of steps) {
    const r = ip(...step)
    if (!r.ok) { remove(); return `ip ${step.join(' ')} failed: ${r.out.trim()}` }
  }
  return { a, b, addrA, addrB, remove }
}

describe('LAN mode: two devices, no relay', function () {
  this.timeout(120_000)
  let dir: string
  let nets: ReturnType<typeof makeNamespaces>
  const running: LanProcess[] = []

  before(async function () {
    dir = await tempDir('lan')
    nets = makeNamespaces()
    if (typeof nets === 'string') {
      // Loopback in one namespace is the fallback; mDNS answers on 127.0.0.1 there.
      console.log(`      (network namespaces unavailable: ${nets}; running both devices on loopback)`)
    }
  })

  after(async () => {
    for (const p of running) await p.stop().catch(() => {})
    if (typeof nets !== 'string') nets?.remove()
    await cleanup(dir)
  })

  it('find each other by mDNS, compare safety numbers and chat directly, with receipts', async () => {
    const ns = typeof nets === 'string' ? undefined : nets
    const alice = startLan({ dir, name: 'alice', ...(ns !== undefined ? { netns: ns.a, listen: `/ip4/${ns.addrA}/tcp/0,/ip4/${ns.addrA}/tcp/0/ws` } : { listen: '/ip4/127.0.0.1/tcp/0' }) })
    const bob = startLan({ dir, name: 'bob', ...(ns !== undefined ? { netns: ns.b, listen: `/ip4/${ns.addrB}/tcp/0,/ip4/${ns.addrB}/tcp/0/ws` } : { listen: '/ip4/127.0.0.1/tcp/0' }) })
    running.push(alice, bob)
    const detail = (): string => `alice: ${JSON.stringify(alice.lines)}\n${alice.stderr()}\nbob: ${JSON.stringify(bob.lines)}\n${bob.stderr()}`
    await until(() => alice.lines.some(l => l.lan === true) && bob.lines.some(l => l.lan === true), 30_000, 'both to start', detail)
    if (ns !== undefined) {
      const listening = alice.lines.find(l => l.lan).listening as string[]
      expect(listening, 'alice listens on TCP and WebSockets').to.have.length(2)
      expect(listening.every(a => a.includes(ns.addrA)), 'alice listens in her namespace only').to.equal(true)
    }

    await until(() => alice.lines.some(l => l.peer === 'bob@lan') && bob.lines.some(l => l.peer === 'alice@lan'), 30_000, 'mDNS discovery both ways', detail)
    expect(alice.lines.find(l => l.peer === 'bob@lan').verified, 'a name on the LAN starts unverified').to.equal(false)

    // The same safety number on both sides; verifying with it marks the contact.
    alice.type('/safety bob')
    bob.type('/safety alice')
    await until(() => alice.lines.some(l => l.safety === 'bob@lan') && bob.lines.some(l => l.safety === 'alice@lan'), 15_000, 'safety numbers', detail)
    const digits = alice.lines.find(l => l.safety === 'bob@lan').digits as string
    expect(digits).to.match(/^[0-9 ]+$/)
    expect(bob.lines.find(l => l.safety === 'alice@lan').digits).to.equal(digits)
    alice.type(`/verify bob ${digits}`)
    await until(() => alice.lines.some(l => l.verified === 'bob@lan'), 15_000, 'alice to verify bob', detail)

    alice.type('bob: hello across the veth')
    await until(() => bob.lines.some(l => l.text === 'hello across the veth'), 20_000, 'bob to get it', detail)
    // Alice prints her line once bob's acknowledgement is back, which can be after bob printed his.
    const isSent = (l: any): boolean => l.text === 'hello across the veth' && l.direction === 'out' && l.path !== undefined
    await until(() => alice.lines.some(isSent), 10_000, 'alice to see it sent', detail)
    const sent = alice.lines.find(isSent)
    expect(sent?.path).to.equal('direct')
    expect(bob.lines.find(l => l.text === 'hello across the veth').sender).to.equal('alice@lan')
    // Bob's device showed it: delivered, then read, come back over the same network.
    await until(() => alice.lines.some(l => l.receipt === 'read' && l.id === sent.id), 20_000, 'the read receipt', detail)
    // The delivered receipt is batched and may arrive after the read one, which then makes it
    // say nothing new (a state never goes back): the read receipt is the one to wait for.

    bob.type('alice: and back again')
    await until(() => alice.lines.some(l => l.text === 'and back again' && l.direction === 'in'), 20_000, 'the reply', detail)

    // Someone else on bob's network calls themselves bob: alice is told, and her messages still go
    // only to the bob whose safety number she compared.
    const mallory = startLan({ dir, name: 'bob', home: 'mallory', ...(ns !== undefined ? { netns: ns.b, listen: `/ip4/${ns.addrB}/tcp/0` } : { listen: '/ip4/127.0.0.1/tcp/0' }) })
    running.push(mallory)
    const bobPeerId = bob.lines.find(l => l.lan === true).peerId
    await until(() => alice.lines.some(l => l.peer === 'bob@lan' && l.peerId !== bobPeerId), 30_000, 'the second "bob" to introduce itself', () => `${detail()}\nmallory: ${JSON.stringify(mallory.lines)}\n${mallory.stderr()}`)
    expect(alice.lines.find(l => l.peer === 'bob@lan' && l.peerId !== bobPeerId).keyChanged, 'flagged as not the bob she met').to.equal(true)
    alice.type('bob: is it still you?')
    await until(() => bob.lines.some(l => l.text === 'is it still you?'), 20_000, 'the real bob to get it', detail)
    expect(alice.lines.find(l => l.text === 'is it still you?' && l.direction === 'out')?.path).to.equal('direct')
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(mallory.lines.some(l => l.text === 'is it still you?'), 'the impostor got nothing').to.equal(false)

    // Nobody is there by that name: a clear error, nothing pretends to be delivered.
    alice.type('carol: are you there?')
    await until(() => alice.lines.some(l => l.error !== undefined), 15_000, 'an error for an unknown name', detail)
    expect(alice.lines.find(l => l.error !== undefined).error.message).to.match(/carol@lan has not been seen on this network/)
  })
})

describe('LAN mode: two devices claiming one name', function () {
  this.timeout(120_000)
  let dir: string
  const nodes: ParleyNode[] = []

  before(async () => { dir = await tempDir('lan-names') })
  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await cleanup(dir)
  })

  async function lanNode (home: string, name: string): Promise<ParleyNode> {
    const node = await ParleyNode.open({ dataDir: join(dir, home), passphrase: 'lan passphrase', kdfIterations: 100_000 })
    nodes.push(node)
    await node.startLan({ name, listen: ['/ip4/127.0.0.1/tcp/0'] })
    return node
  }

  it('refuses to guess between them, and the compared safety number picks the right one', async () => {
    const alice = await lanNode('alice', 'alice')
    const bob = await lanNode('bob', 'bob')
    const impostor = await lanNode('impostor', 'bob')
    const got: Record<string, string[]> = { bob: [], impostor: [] }
    bob.on(e => { if (e.type === 'message') got.bob!.push(e.message.text) })
    impostor.on(e => { if (e.type === 'message') got.impostor!.push(e.message.text) })
    await until(async () => (await alice.lanPeers()).filter(p => p.address === 'bob@lan').length === 2, 30_000, 'alice to meet both "bob"s')

    let refusal: any
    try { await alice.send('bob@lan', 'which one of you?') } catch (err) { refusal = err }
    expect(refusal?.code).to.equal('NO_KEYS')
    expect(refusal?.message).to.match(/2 devices on this network call themselves bob@lan/)

    // Bob reads out his number; alice gives it, which pins his key (and not the impostor's).
    await until(async () => (await bob.lanPeers()).some(p => p.address === 'alice@lan'), 30_000, 'bob to meet alice')
    const digits = (await bob.safetyNumber('alice@lan')).digits
    await alice.verifyContact('bob@lan', digits)
    const sent = await alice.send('bob@lan', 'only for the real bob')
    expect(sent.path).to.equal('direct')
    await until(() => got.bob!.includes('only for the real bob'), 15_000, 'the real bob to get it')
    expect(got.impostor).to.deep.equal([])
    expect((await alice.safetyNumber('bob@lan'))).to.include({ digits, verified: true, pending: false })
  })
})
