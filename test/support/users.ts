import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { codeFrom, type TestSmtp } from './smtp.js'

/** A registered, verified, logged-in user with published keys, driven through the node API. */
export async function makeUser (opts: { dir: string, name: string, relayUrl: string, smtp: TestSmtp, verify?: boolean, login?: boolean, direct?: boolean }): Promise<{ node: ParleyNode, password: string, email: string }> {
  const email = `${opts.name}@example.org`
  const password = `${opts.name}'s password, long enough`
  // The lowest iteration count the keystore accepts keeps tests quick; production uses 600,000.
  const node = await ParleyNode.open({ dataDir: join(opts.dir, opts.name), passphrase: 'test passphrase', kdfIterations: 100_000, direct: opts.direct === true })
  await node.register({ relayUrl: opts.relayUrl, name: opts.name, email, password })
  const mail = await opts.smtp.next(email)
  if (opts.verify !== false) await node.verify(codeFrom(mail))
  if (opts.verify !== false && opts.login !== false) await node.login(password)
  return { node, password, email }
}
