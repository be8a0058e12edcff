import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { once } from 'node:events'
import { createLibp2p, type Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { BLOB_PROTOCOL, BULK_STREAM_WINDOW, RELAY_PROTOCOL } from '@parley/protocol'
import type { PrivateKey } from '@libp2p/interface'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { RelayDb } from './store.js'
import { Accounts, type AccountLimits } from './accounts.js'
import { Sessions } from './sessions.js'
import { RateLimiter } from './rate-limiter.js'
import { Metrics } from './metrics.js'
import { deriveRelayKeys } from './relay-keys.js'
import { Directory } from './directory.js'
import { MailboxStore, type MailboxLimits } from './mailbox-store.js'
import { GroupLogStore, type GroupLogLimits } from './group-log.js'
import { SenderLimits, type SenderRateLimits } from './sender-limits.js'
import { RpcServer, type RequestLimits, type StreamDeadlines } from './rpc-server.js'
import { createMailer, type MailConfig, type Mailer } from './mailer.js'
import { createHttpServer, createMetricsServer } from './http-server.js'
import { createLogger, type Logger } from './logger.js'
import { SWEEP_INTERVAL_MS } from './constants.js'
import { BlobStore, type BlobLimits } from './blobs.js'
import { BlobServer } from './blob-server.js'

/** Everything a relay is configured with; `resolveConfig` fills the embedded defaults. */
export interface RelayConfig {
  /** The relay's name: users are `name@<this>`. */
  name: string
  /** Folder for LevelDB, keys and (with the file transport) outgoing mail. */
  dataDir: string
  /** Address to listen on; loopback by default. */
  host: string
  /** libp2p WebSockets port (0 = any free port). */
  wsPort: number
  /** libp2p TCP port (0 = any free port). */
  tcpPort: number
  /** HTTP port for health, discovery and the web client (0 = any free port). */
  httpPort: number
  mail: MailConfig
  /** Built web client to serve, if any. */
  staticDir?: string
  mailbox?: Partial<MailboxLimits>
  /** Limits of each group's log (defaults in DEFAULT_GROUP_LOG_LIMITS). */
  groups?: Partial<GroupLogLimits>
  /** Limits of attachments kept for accounts (defaults in DEFAULT_BLOB_LIMITS). */
  blobs?: Partial<BlobLimits>
  /** Deposit rates per sender per recipient (defaults in DEFAULT_SENDER_RATE_LIMITS). */
  senderRates?: Partial<SenderRateLimits>
  /** Limits on guessing and on mail (defaults in DEFAULT_ACCOUNT_LIMITS). */
  limits?: Partial<AccountLimits>
  /** Connection limits: the libp2p defaults (300 total, 5 new per second per IP) are too small for a relay. */
  connections?: { max?: number, perIpPerSecond?: number, maxPending?: number }
  /** Request rates (defaults in DEFAULT_REQUEST_LIMITS). */
  requestLimits?: Partial<RequestLimits>
  /** Read deadlines on relay streams (10 s each by default). */
  deadlines?: StreamDeadlines
  /** Address of the /metrics listener: loopback by default, never the public HTTP port. */
  metricsHost: string
  /** Port of the /metrics listener (0 = any free port; -1 = no metrics listener). */
  metricsPort: number
}

/** How long stop() waits for requests already read to be answered before cutting them off. */
const DRAIN_TIMEOUT_MS = 10_000

/** Fills defaults: a relay named `localhost` on loopback, data in `./.data/relay`, mail written to files. */
export function resolveConfig (partial: Partial<RelayConfig> = {}): RelayConfig {
  const dataDir = partial.dataDir ?? join(process.cwd(), '.data', 'relay')
  return {
    name: partial.name ?? 'localhost',
    dataDir,
    host: partial.host ?? '127.0.0.1',
    wsPort: partial.wsPort ?? 0,
    tcpPort: partial.tcpPort ?? 0,
    httpPort: partial.httpPort ?? 0,
    metricsHost: partial.metricsHost ?? '127.0.0.1',
    metricsPort: partial.metricsPort ?? 0,
    mail: partial.mail ?? { transport: 'file', dir: join(dataDir, 'outbox'), from: `Parley <no-reply@${partial.name ?? 'localhost'}>` },
    ...(partial.staticDir !== undefined ? { staticDir: partial.staticDir } : {}),
    ...(partial.mailbox !== undefined ? { mailbox: partial.mailbox } : {}),
    ...(partial.senderRates !== undefined ? { senderRates: partial.senderRates } : {}),
    ...(partial.connections !== undefined ? { connections: partial.connections } : {}),
    ...(partial.limits !== undefined ? { limits: partial.limits } : {}),
    ...(partial.requestLimits !== undefined ? { requestLimits: partial.requestLimits } : {}),
    ...(partial.groups !== undefined ? { groups: partial.groups } : {}),
    ...(partial.blobs !== undefined ? { blobs: partial.blobs } : {}),
    ...(partial.deadlines !== undefined ? { deadlines: partial.deadlines } : {})
  }
}

/** A running relay. */
export interface Relay {
  readonly config: RelayConfig
  readonly peerId: string
  /** libp2p addresses clients dial (WebSockets first). */
  readonly multiaddrs: string[]
  /** Base URL of the HTTP server. */
  readonly httpUrl: string
  /** Base URL of the metrics listener (`<url>/metrics`), if there is one. */
  readonly metricsUrl?: string
  readonly libp2p: Libp2p
  readonly mailboxes: MailboxStore
  readonly groups: GroupLogStore
  readonly blobs: BlobStore
  stop: () => Promise<void>
}

async function loadOrCreate (file: string, create: () => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file))
  } catch (err: any) {
    if (err?.code !== 'ENOENT') throw err
    const bytes = await create()
    await writeFile(file, bytes, { mode: 0o600, flag: 'wx' })
    return bytes
  }
}

/** Parts a caller may supply instead of the configured ones (tests: a mailer that holds a mail). */
export interface RelayParts { mailer?: Mailer }

/** Starts a relay: LevelDB, libp2p host (WebSockets + TCP, Noise, Yamux, circuit relay v2) and HTTP. */
export async function startRelay (partial: Partial<RelayConfig> = {}, log: Logger = createLogger('relay'), parts: RelayParts = {}): Promise<Relay> {
  const config = resolveConfig(partial)
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  // Keys live in files beside the database, not in it: the peer key and the MAC secret for codes.
  const peerKeyBytes = await loadOrCreate(join(config.dataDir, 'peer.key'), async () => privateKeyToProtobuf(await generateKeyPair('Ed25519')))
  const privateKey: PrivateKey = privateKeyFromProtobuf(peerKeyBytes)
  const secret = await loadOrCreate(join(config.dataDir, 'secret.key'), async () => new Uint8Array(randomBytes(32)))

  const db = new RelayDb(join(config.dataDir, 'db'))
  await db.open()
  let mailer: Mailer | undefined
  let libp2p: Libp2p | undefined
  let http: Server | undefined
  let metricsServer: Server | undefined
  try {
    mailer = parts.mailer ?? createMailer(config.mail, createLogger('relay:mail'))
    const metrics = new Metrics()
    const limiter = new RateLimiter(db)
    await limiter.load()
    const sessions = new Sessions(db)
    const keys = deriveRelayKeys(secret)
    const accounts = new Accounts({ db, mailer, log, relayName: config.name, keys, limiter, sessions, metrics, ...(config.limits !== undefined ? { limits: config.limits } : {}) })
    const directory = new Directory({ db, accounts, relayName: config.name })
    const mailboxes = new MailboxStore(db, config.mailbox)
    await mailboxes.upgrade()
    const senders = new SenderLimits(db, keys.pairKey, config.senderRates)
    const groups = new GroupLogStore(db, config.groups)
    const blobs = new BlobStore(db, config.dataDir, config.blobs)
    await blobs.open()
    accounts.onDelete(async name => { await directory.deleteUser(name) })
    accounts.onDelete(async name => { await mailboxes.deleteUser(name) })
    accounts.onDelete(async name => { await groups.deleteUser(name) })
    accounts.onDelete(async name => { await blobs.deleteUser(name) })
    const rpc = new RpcServer({
      accounts, sessions, directory, mailboxes, senders, groups, metrics, relayName: config.name, log: createLogger('relay:rpc'),
      ...(config.requestLimits !== undefined ? { limits: config.requestLimits } : {}),
      ...(config.deadlines !== undefined ? { deadlines: config.deadlines } : {})
    })
    const blobServer = new BlobServer({
      blobs, sessions: accounts, log: createLogger('relay:blobs'), ...(config.deadlines !== undefined ? { deadlines: config.deadlines } : {})
    })

    libp2p = await createLibp2p({
      privateKey,
      addresses: { listen: [`/ip4/${config.host}/tcp/${config.wsPort}/ws`, `/ip4/${config.host}/tcp/${config.tcpPort}`] },
      transports: [webSockets(), tcp()],
      connectionEncrypters: [noise()],
      // Windows of at most BULK_STREAM_WINDOW: a stream paused by a busy reader holds no more than that.
      streamMuxers: [yamux({ streamOptions: { maxStreamWindowSize: BULK_STREAM_WINDOW } })],
      connectionManager: {
        maxConnections: config.connections?.max ?? 5000,
        inboundConnectionThreshold: config.connections?.perIpPerSecond ?? 50,
        maxIncomingPendingConnections: config.connections?.maxPending ?? 200
      },
      services: {
        identify: identify(),
        ping: ping(),
        relay: circuitRelayServer({ reservations: { maxReservations: 1024 } })
      }
    })
    await libp2p.handle(RELAY_PROTOCOL, (stream, connection) => { rpc.handle(stream, connection) }, {
      maxInboundStreams: 4,
      maxOutboundStreams: 1
    })
    // One stream per transfer: a few files at once per connection (the store bounds uploads per account).
    await libp2p.handle(BLOB_PROTOCOL, (stream, connection) => { blobServer.handle(stream, connection) }, {
      maxInboundStreams: 16,
      maxOutboundStreams: 1
    })

    // Expired mail, remembered ids and sessions go at start-up and then every hour.
    let sweeping: Promise<void> = Promise.resolve()
    const sweepOnce = async (): Promise<void> => {
      try {
        const mail = await mailboxes.sweep() + await senders.sweep() + await groups.sweepAll() + await blobs.sweep()
        const ended = await sessions.sweep()
        const limits = await limiter.sweep(2 * 24 * 60 * 60 * 1000)
        if (mail + ended + limits > 0) log.info(`swept ${mail} expired mailbox entries, ${ended} expired sessions, ${limits} idle rate-limit entries`)
      } catch (err: any) {
        log.error(`sweep failed: ${err?.message ?? err}`)
      }
    }
    // The sweep under way is awaited by stop(), before the database closes.
    const sweep = async (): Promise<void> => { sweeping = sweeping.then(sweepOnce); await sweeping }
    await sweep()
    const sweeper = setInterval(() => { void sweep() }, SWEEP_INTERVAL_MS)
    sweeper.unref()

    const node = libp2p
    const multiaddrs = (): string[] => node.getMultiaddrs().map(a => a.toString())
      .sort((a, b) => Number(b.includes('/ws')) - Number(a.includes('/ws')))
    http = createHttpServer({
      name: () => config.name,
      peerId: () => node.peerId.toString(),
      multiaddrs,
      ...(config.staticDir !== undefined ? { staticDir: config.staticDir } : {})
    })
    http.listen(config.httpPort, config.host)
    await once(http, 'listening')
    const port = (http.address() as AddressInfo).port
    // Metrics reveal load and traffic patterns: on a listener of their own, loopback by default.
    let metricsUrl: string | undefined
    if (config.metricsPort >= 0) {
      metricsServer = createMetricsServer(() => metrics.render({ parley_connections: node.getConnections().length }))
      metricsServer.listen(config.metricsPort, config.metricsHost)
      await once(metricsServer, 'listening')
      metricsUrl = `http://${bracket(config.metricsHost)}:${(metricsServer.address() as AddressInfo).port}`
    }
    const servers = [http, ...(metricsServer !== undefined ? [metricsServer] : [])]
    const mail = mailer
    const httpHost = bracket(config.host)
    log.info(`relay ${config.name} up: peer ${node.peerId.toString()}, http://${httpHost}:${port}${metricsUrl !== undefined ? `, metrics ${metricsUrl}/metrics` : ''}`)
    let stopped: Promise<void> | undefined
    return {
      config,
      peerId: node.peerId.toString(),
      multiaddrs: multiaddrs(),
      httpUrl: `http://${httpHost}:${port}`,
      ...(metricsUrl !== undefined ? { metricsUrl } : {}),
      libp2p: node,
      mailboxes,
      groups,
      blobs,
      async stop () {
        stopped ??= (async () => {
          clearInterval(sweeper)
          // No new streams, then every request already read is answered before anything closes.
          await node.unhandle(RELAY_PROTOCOL)
          await node.unhandle(BLOB_PROTOCOL)
          await blobServer.drain()
          await rpc.drain(DRAIN_TIMEOUT_MS)
          for (const server of servers) server.closeAllConnections()
          await Promise.all(servers.map(async server => { await new Promise<void>(resolve => { server.close(() => { resolve() }) }) }))
          await node.stop()
          await sweeping
          mail.close()
          await db.close()
        })()
        await stopped
      }
    }
  } catch (err) {
    http?.close()
    metricsServer?.close()
    await libp2p?.stop()
    mailer?.close()
    await db.close()
    throw err
  }
}

/** A host for a URL: IPv6 addresses in brackets. */
function bracket (host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
