import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { startSmtp, type TestSmtp } from '../support/smtp.js'
import { startRelayProcess, tempDir, cleanup, PARLEY_BIN, type RelayProcess } from '../support/processes.js'
import { makeUser } from '../support/users.js'
import { until } from '../support/until.js'
import type { ParleyNode } from '@parley/node'

describe('parley listen across a relay restart', function () {
  this.timeout(180_000)
  let smtp: TestSmtp
  let dir: string
  let relay: RelayProcess | undefined
  const nodes: ParleyNode[] = []

  before(async () => {
    smtp = await startSmtp()
    dir = await tempDir('reconnect')
  })

  after(async () => {
    for (const n of nodes) await n.close().catch(() => {})
    await relay?.stop()
    await smtp.close()
    await cleanup(dir)
  })

  it('reconnects by itself and receives mail pushed after the relay came back', async () => {
    relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url })
    const ports = relay.ports
    const alice = await makeUser({ dir, name: 'alice', relayUrl: relay.http, smtp })
    const bob = await makeUser({ dir, name: 'bob', relayUrl: relay.http, smtp })
    nodes.push(alice.node)
    await bob.node.close()

    const child = spawn(process.execPath, [PARLEY_BIN, 'listen', '--json', '--data', join(dir, 'bob')], { env: { ...process.env, PARLEY_PASSPHRASE: 'test passphrase' }, stdio: ['ignore', 'pipe', 'pipe'] })
    const received: any[] = []
    createInterface({ input: child.stdout }).on('line', l => received.push(JSON.parse(l)))
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    try {
      await until(() => received.some(x => x.listening === true), 30_000, 'listen to start', () => stderr)
      await alice.node.send('bob@relay.test', 'before the restart')
      await until(() => received.some(x => x.text === 'before the restart'), 15_000, 'the first message', () => stderr)

      await relay.stop()
      await until(() => stderr.includes('disconnected'), 15_000, 'listen to notice', () => stderr)
      relay = await startRelayProcess({ dataDir: join(dir, 'relay'), smtpUrl: smtp.url, ports })
      await alice.node.send('bob@relay.test', 'after the restart')
      await until(() => received.some(x => x.text === 'after the restart'), 60_000, 'the message sent after the restart', () => stderr)
      expect(received.filter(x => x.text !== undefined).map(x => x.text)).to.deep.equal(['before the restart', 'after the restart'])
    } finally {
      child.kill('SIGINT')
      await new Promise(resolve => child.once('exit', resolve))
    }
  })
})
