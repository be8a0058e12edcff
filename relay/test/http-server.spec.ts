import { request, type Server } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { expect } from 'chai'
import { createHttpServer, type HttpInfo } from '../src/http-server.js'
import { makeTempDir, removeTempDir } from './helpers.js'

const SHELL = '<!doctype html><title>Parley</title><div id="app"></div>'
const SECRET = 'TOP-SECRET-OUTSIDE-THE-WEB-ROOT'

interface Reply { status: number, headers: Record<string, string | string[] | undefined>, body: string }

/** Sends a raw request: the path goes on the wire exactly as given (no client-side normalising). */
async function send (server: Server, path: string, method = 'GET'): Promise<Reply> {
  const { port } = server.address() as AddressInfo
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 5000 }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }) })
      res.on('error', reject)
    })
    req.on('timeout', () => { req.destroy(new Error(`no answer to ${method} ${path}`)) })
    req.on('error', reject)
    req.end()
  })
}

async function listen (info: HttpInfo): Promise<Server> {
  const server = createHttpServer(info)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return server
}

async function close (server: Server | undefined): Promise<void> {
  if (server === undefined) return
  server.closeAllConnections()
  await new Promise<void>(resolve => server.close(() => { resolve() }))
}

describe('HTTP server', () => {
  let root: string | undefined
  let web: string
  let server: Server | undefined
  const info: HttpInfo = {
    name: () => 'relay.test',
    peerId: () => '12D3KooWRelay',
    multiaddrs: () => ['/ip4/127.0.0.1/tcp/4002/ws']
  }

  before(async () => {
    root = await makeTempDir('http')
    web = join(root, 'web')
    await mkdir(join(web, 'assets'), { recursive: true })
    await mkdir(join(web, 'docs'), { recursive: true })
    await writeFile(join(web, 'index.html'), SHELL)
    await writeFile(join(web, 'assets', 'app.js'), 'console.log("app")')
    await writeFile(join(web, 'docs', 'index.html'), '<p>docs</p>')
    await writeFile(join(root, 'secret.txt'), SECRET)
    server = await listen({ ...info, staticDir: web })
  })

  after(async () => {
    await close(server)
    await removeTempDir(root)
  })

  describe('health and discovery', () => {
    it('answers /healthz with ok and the relay name', async () => {
      const res = await send(server as Server, '/healthz')
      expect(res.status).to.equal(200)
      expect(res.headers['content-type']).to.equal('application/json')
      expect(JSON.parse(res.body)).to.deep.equal({ ok: true, name: 'relay.test' })
    })

    it('serves /.well-known/parley to any origin with name, peer id and addresses', async () => {
      const res = await send(server as Server, '/.well-known/parley')
      expect(res.status).to.equal(200)
      expect(res.headers['access-control-allow-origin']).to.equal('*')
      expect(JSON.parse(res.body)).to.deep.equal({ name: 'relay.test', peerId: '12D3KooWRelay', multiaddrs: ['/ip4/127.0.0.1/tcp/4002/ws'] })
    })

    it('answers HEAD without a body and refuses other methods with 405', async () => {
      const head = await send(server as Server, '/healthz', 'HEAD')
      expect(head.status).to.equal(200)
      expect(head.body).to.equal('')
      for (const method of ['POST', 'PUT', 'DELETE']) {
        expect((await send(server as Server, '/healthz', method)).status).to.equal(405)
      }
    })
  })

  describe('static files', () => {
    it('serves files from the web root with their type and safety headers', async () => {
      const res = await send(server as Server, '/assets/app.js')
      expect(res.status).to.equal(200)
      expect(res.body).to.equal('console.log("app")')
      expect(res.headers['content-type']).to.equal('text/javascript; charset=utf-8')
      expect(res.headers['x-content-type-options']).to.equal('nosniff')
      expect(res.headers['content-security-policy']).to.include("default-src 'self'")
    })

    it('serves index.html for / and for a directory', async () => {
      const res = await send(server as Server, '/')
      expect(res.status).to.equal(200)
      expect(res.body).to.equal(SHELL)
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8')
      expect((await send(server as Server, '/docs')).body).to.equal('<p>docs</p>')
    })

    it('falls back to index.html for unknown paths (single-page app)', async () => {
      for (const path of ['/chat/alice@relay.test', '/settings', '/assets/missing.js?x=1']) {
        const res = await send(server as Server, path)
        expect(res.status, path).to.equal(200)
        expect(res.body, path).to.equal(SHELL)
      }
    })

    it('never serves a file outside the web root', async () => {
      const attempts = [
        '/../secret.txt', '/../../secret.txt', '/../../etc/passwd', '/../../../../../../etc/passwd',
        '/%2e%2e/secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E/secret.txt', '/.%2e/secret.txt',
        '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/assets/..%2f..%2fsecret.txt',
        '/..%5csecret.txt', '/..\\secret.txt', '/....//secret.txt', '//etc/passwd', '/%2fetc%2fpasswd', '/%252e%252e/secret.txt', '/..%00/secret.txt', '/%00'
      ]
      for (const path of attempts) {
        const res = await send(server as Server, path)
        expect(res.body, path).to.not.include(SECRET)
        expect(res.body, path).to.not.match(/root:.*:0:0:/)
        expect([200, 400, 404], `${path} answered ${res.status}`).to.include(res.status)
        if (res.status === 200) expect(res.body, path).to.equal(SHELL)
      }
    })

    it('answers a malformed percent-encoding with 400 and keeps serving', async () => {
      for (const path of ['/%E0%A4%A', '/%', '/assets/%zz']) {
        const res = await send(server as Server, path)
        expect(res.status, path).to.equal(400)
      }
      expect((await send(server as Server, '/healthz')).status).to.equal(200)
    })
  })

  describe('without a web client', () => {
    it('answers 404 for everything but health and discovery when no static folder is set', async () => {
      const bare = await listen(info)
      try {
        expect((await send(bare, '/')).status).to.equal(404)
        expect((await send(bare, '/index.html')).status).to.equal(404)
        expect((await send(bare, '/healthz')).status).to.equal(200)
      } finally {
        await close(bare)
      }
    })

    it('answers 500 and keeps running when the relay cannot describe itself yet', async () => {
      const broken = await listen({ ...info, peerId: () => { throw new Error('libp2p is not started') } })
      try {
        expect((await send(broken, '/.well-known/parley')).status).to.equal(500)
        expect((await send(broken, '/healthz')).status).to.equal(200)
      } finally {
        await close(broken)
      }
    })

    it('answers 404 when the static folder has no index.html', async () => {
      const empty = join(root as string, 'empty')
      await mkdir(empty, { recursive: true })
      const bare = await listen({ ...info, staticDir: empty })
      try {
        const res = await send(bare, '/anything')
        expect(res.status).to.equal(404)
        expect(res.body).to.include('not built')
      } finally {
        await close(bare)
      }
    })
  })
})
