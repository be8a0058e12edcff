import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8'
}

/** What the HTTP side shows: health, the relay's addresses for clients, and the web client. */
export interface HttpInfo {
  name: () => string
  peerId: () => string
  multiaddrs: () => string[]
  staticDir?: string
}

/**
 * The metrics listener: GET /metrics answers Prometheus text, anything else 404. Kept off the
 * public port, which answers /metrics with 404 like any unknown path without a web client.
 */
export function createMetricsServer (render: () => string): Server {
  return createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    let path = ''
    try { path = new URL(req.url ?? '/', 'http://relay').pathname } catch {}
    if (req.method !== 'GET' && req.method !== 'HEAD') { send(res, 405, 'text/plain', 'method not allowed'); return }
    if (path !== '/metrics') { send(res, 404, 'text/plain', 'not found'); return }
    try { send(res, 200, 'text/plain; version=0.0.4', render()) } catch { send(res, 500, 'text/plain', 'internal error') }
  })
}

/** Creates the relay's HTTP server (not yet listening). */
export function createHttpServer (info: HttpInfo): Server {
  return createServer((req, res) => {
    // One bad request must never take the relay down (an unhandled rejection ends the process).
    route(req, res, info).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error')
      else res.destroy()
    })
  })
}

async function route (req: IncomingMessage, res: ServerResponse, info: HttpInfo): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  if (req.method !== 'GET' && req.method !== 'HEAD') { send(res, 405, 'text/plain', 'method not allowed'); return }
  let path: string
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://relay').pathname)
  } catch {
    send(res, 400, 'text/plain', 'bad request: the path is not a valid URL'); return
  }
  // Metrics have a listener of their own; here the path is refused even when a web client would answer it.
  if (path === '/metrics') { send(res, 404, 'text/plain', 'not found'); return }
  if (path === '/healthz') { json(res, { ok: true, name: info.name() }); return }
  if (path === '/.well-known/parley') {
    res.setHeader('Access-Control-Allow-Origin', '*')
    json(res, { name: info.name(), peerId: info.peerId(), multiaddrs: info.multiaddrs() })
    return
  }
  if (info.staticDir === undefined) { send(res, 404, 'text/plain', 'not found'); return }
  await serveStatic(res, info.staticDir, path)
}

async function serveStatic (res: ServerResponse, root: string, path: string): Promise<void> {
  const base = resolve(root)
  let file = resolve(join(base, normalize(path)))
  if (file !== base && !file.startsWith(base + sep)) { send(res, 404, 'text/plain', 'not found'); return }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
  } catch {
    // Single-page app: unknown paths get the shell, which routes on the client.
    file = join(base, 'index.html')
  }
  try {
    const body = await readFile(file)
    res.setHeader('Content-Security-Policy', "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'")
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body)
  } catch {
    send(res, 404, 'text/plain', 'the web client is not built: run `npm run build`')
  }
}

function json (res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(value))
}

function send (res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}
