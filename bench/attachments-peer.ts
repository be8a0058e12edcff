/**
 * One side of bench/attachments.ts, in a process of its own so that its peak RSS is its own:
 * `send <dataDir> <passphrase> <to> <file>` seals and uploads a file and sends it to <to>;
 * `fetch <dataDir> <passphrase> <messageId> <out>` syncs, then fetches and opens the file;
 * `stream <relay multiaddr> <bytes>` sends that many bytes on a plain libp2p stream to the relay's
 * /bench/sink, over the node's own transports (the ceiling the upload has to live under);
 * `direct-recv <dataDir> <passphrase> <from> <out>` goes online, prints `ready` once it can be
 * reached directly, then fetches the first file <from> sends (from what came over the direct
 * connection) into <out>; `direct-send <dataDir> <passphrase> <to> <file>` goes online, sends
 * texts until one goes direct, then sends the file (pushed over WebRTC).
 * Prints one JSON line: the milliseconds the transfer took and the process's peak RSS.
 */
import { ParleyNode } from '@parley/node'
import { openFileSink, openFileSource } from '@parley/node/fs-files'

const [role, dataDir, passphrase, a, b] = process.argv.slice(2) as [string, string, string, string, string]
if (role === 'stream') {
  const { generateKeyPair } = await import('@libp2p/crypto/keys')
  const { multiaddr } = await import('@multiformats/multiaddr')
  const { lpStream } = await import('@libp2p/utils')
  const { startRelayHost } = await import('../node/src/relay/host.js')
  const { libp2p } = await startRelayHost(await generateKeyPair('Ed25519'), false)
  const stream = await libp2p.dialProtocol(multiaddr(dataDir), '/bench/sink')
  const lp = lpStream(stream)
  const total = Number(passphrase)
  const piece = new Uint8Array(256 * 1024 + 16)
  const start = performance.now()
  for (let sent = 0; sent < total; sent += piece.length) await lp.write(piece.subarray(0, Math.min(piece.length, total - sent)))
  // The sink answers one byte once it has every byte.
  await lp.read()
  const ms = performance.now() - start
  await stream.close()
  await libp2p.stop()
  console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS }))
  process.exit(0)
}
const direct = role.startsWith('direct-')
const node = await ParleyNode.open({ dataDir, passphrase, direct })
// A transfer that broke off and went on says so: counted, and shown on stderr.
let retries = 0
node.on(event => { if (event.type === 'warning') { retries++; console.error(`bench peer ${role}: ${event.message}`) } })
try {
  let ms = 0
  let messageId: string | undefined
  if (role === 'direct-recv') {
    await node.listen()
    for (let i = 0; i < 400 && !node.directlyReachable; i++) await new Promise(resolve => setTimeout(resolve, 50))
    // Files sent before this run (through the relay) are not the one to wait for.
    const earlier = new Set((await node.conversation(a)).map(m => m.id))
    console.log('ready')
    let id: string | undefined
    for (let i = 0; i < 12_000 && id === undefined; i++) {
      id = (await node.conversation(a)).find(m => m.attachment !== undefined && !earlier.has(m.id))?.id
      if (id === undefined) await new Promise(resolve => setTimeout(resolve, 50))
    }
    if (id === undefined) throw new Error('no file came')
    const sink = await openFileSink(b, { overwrite: true })
    const start = performance.now()
    await node.getFile(id, sink)
    ms = performance.now() - start
    messageId = id
  } else if (role === 'direct-send') {
    await node.listen()
    for (let i = 0; i < 30 && (await node.send(a, `warming up ${i}`)).path !== 'direct'; i++) await new Promise(resolve => setTimeout(resolve, 1000))
    const source = await openFileSource(b)
    const start = performance.now()
    const message = await node.sendFile(a, source)
    ms = performance.now() - start
    messageId = message.id
    await source.close()
  } else if (role === 'send') {
    const source = await openFileSource(b)
    const start = performance.now()
    const message = await node.sendFile(a, source)
    ms = performance.now() - start
    messageId = message.id
    await source.close()
  } else {
    for (let i = 0; i < 100 && await node.history.get(a) === undefined; i++) await node.sync()
    const sink = await openFileSink(b, { overwrite: true })
    const start = performance.now()
    await node.getFile(a, sink)
    ms = performance.now() - start
  }
  console.log(JSON.stringify({ ms, messageId, retries, maxRssKiB: process.resourceUsage().maxRSS }))
} finally {
  await node.close()
}
process.exit(0)
