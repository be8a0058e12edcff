import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { startRelay, type RelayConfig } from './relay.js'
import type { MailConfig } from './mailer.js'

const HELP = `parley relay: run a Parley relay

Usage: parley relay [options]

Options (each also read from the environment variable shown):
  --name <name>         relay name; users are user@<name>       PARLEY_RELAY_NAME  (localhost)
  --data <dir>          data folder                              PARLEY_DATA        (./.data/relay)
  --host <addr>         listen address                           PARLEY_HOST        (127.0.0.1)
  --http-port <n>       HTTP port: health, discovery, web client PARLEY_HTTP_PORT   (8080; 0 = any)
  --ws-port <n>         libp2p WebSockets port                   PARLEY_WS_PORT     (9090; 0 = any)
  --tcp-port <n>        libp2p TCP port                          PARLEY_TCP_PORT    (9091; 0 = any)
  --metrics-host <addr> address of the /metrics listener         PARLEY_METRICS_HOST (127.0.0.1)
  --metrics-port <n>    port of the /metrics listener            PARLEY_METRICS_PORT (9092; 0 = any; off = none)
  --web <dir>           built web client to serve                PARLEY_WEB         (client/dist if built)
  --smtp <url>          send mail through SMTP, smtp://[user:pass@]host:port
                                                                 PARLEY_SMTP        (mail written to <data>/outbox)
  --mail-from <addr>    sender address for account mail          PARLEY_MAIL_FROM
  --code-ttl <seconds>  how long emailed codes stay valid         PARLEY_CODE_TTL    (900)
  --file-quota <MiB>    storage for files per account            PARLEY_FILE_QUOTA  (10240)
  --json                print a JSON line with the addresses once ready
  -h, --help            show this help
`

function smtpConfig (url: string, from: string): MailConfig {
  const u = new URL(url)
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('--smtp must be an smtp:// or smtps:// URL')
  return {
    transport: 'smtp',
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port !== '' ? u.port : (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    ...(u.username !== '' ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
    from
  }
}

function port (value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number`)
  return n
}

function seconds (value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new Error(`${flag} must be a number of seconds between 1 and 86400`)
  return n
}

function mebibytes (value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new Error(`${flag} must be a whole number of MiB`)
  return n * 2 ** 20
}

/** Runs the relay until SIGINT/SIGTERM. */
export async function main (argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' },
      'http-port': { type: 'string' }, 'ws-port': { type: 'string' }, 'tcp-port': { type: 'string' },
      'metrics-host': { type: 'string' }, 'metrics-port': { type: 'string' },
      web: { type: 'string' }, smtp: { type: 'string' }, 'mail-from': { type: 'string' }, 'code-ttl': { type: 'string' }, 'file-quota': { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help === true) { process.stdout.write(HELP); return }
  const env = process.env
  const name = values.name ?? env.PARLEY_RELAY_NAME ?? 'localhost'
  const smtp = values.smtp ?? env.PARLEY_SMTP
  const from = values['mail-from'] ?? env.PARLEY_MAIL_FROM ?? `Parley <no-reply@${name}>`
  const web = values.web ?? env.PARLEY_WEB
  const codeTtl = values['code-ttl'] ?? env.PARLEY_CODE_TTL
  const metricsPort = values['metrics-port'] ?? env.PARLEY_METRICS_PORT
  const fileQuota = values['file-quota'] ?? env.PARLEY_FILE_QUOTA
  const config: Partial<RelayConfig> = {
    name,
    dataDir: resolve(values.data ?? env.PARLEY_DATA ?? '.data/relay'),
    host: values.host ?? env.PARLEY_HOST ?? '127.0.0.1',
    httpPort: port(values['http-port'] ?? env.PARLEY_HTTP_PORT, 8080, '--http-port'),
    wsPort: port(values['ws-port'] ?? env.PARLEY_WS_PORT, 9090, '--ws-port'),
    tcpPort: port(values['tcp-port'] ?? env.PARLEY_TCP_PORT, 9091, '--tcp-port'),
    metricsHost: values['metrics-host'] ?? env.PARLEY_METRICS_HOST ?? '127.0.0.1',
    metricsPort: metricsPort === 'off' ? -1 : port(metricsPort, 9092, '--metrics-port'),
    ...(smtp !== undefined ? { mail: smtpConfig(smtp, from) } : {}),
    ...(web !== undefined ? { staticDir: resolve(web) } : {}),
    ...(codeTtl !== undefined ? { limits: { codeTtlMs: seconds(codeTtl, '--code-ttl') * 1000 } } : {}),
    ...(fileQuota !== undefined ? { blobs: { maxBytesPerAccount: mebibytes(fileQuota, '--file-quota') } } : {})
  }
  const relay = await startRelay(config)
  if (values.json === true) {
    process.stdout.write(JSON.stringify({ ready: true, name: relay.config.name, peerId: relay.peerId, multiaddrs: relay.multiaddrs, http: relay.httpUrl, ...(relay.metricsUrl !== undefined ? { metrics: `${relay.metricsUrl}/metrics` } : {}), dataDir: relay.config.dataDir }) + '\n')
  } else {
    const mailNote = relay.config.mail.transport === 'file'
      ? `  mail: no mail server configured; each mail (with its verification code) is written to ${relay.config.mail.dir}\n`
      : ''
    process.stdout.write(`Parley relay "${relay.config.name}" is running.
  web client and discovery: ${relay.httpUrl}
  metrics: ${relay.metricsUrl !== undefined ? `${relay.metricsUrl}/metrics` : 'off'}
  libp2p: ${relay.multiaddrs.join('\n          ')}
  data: ${relay.config.dataDir}
${mailNote}
Next: open ${relay.httpUrl} in a browser, or use the command-line client:
  npx parley register --relay ${relay.httpUrl} --name alice --email alice@example.org
  npx parley verify <code>     # the code from the mail
  npx parley login
  npx parley send bob@${relay.config.name} "hello"
  npx parley listen
Press Ctrl-C to stop.
`)
  }
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    relay.stop().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
