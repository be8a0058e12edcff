import { join } from 'node:path'
import { ParleyNode } from '@parley/node'
import { codeFrom, type TestSmtp } from './smtp.js'
import { parley, type CliResult } from './processes.js'

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

/** Registers, verifies and logs in `name` through real CLI runs in the device folder `home`; the password is "<name> has a good password". */
export async function registerWithCli (home: string, relayUrl: string, smtp: TestSmtp, name: string): Promise<void> {
  const env = { PARLEY_PASSWORD: `${name} has a good password` }
  const ok = (step: string, r: CliResult): void => { if (r.code !== 0) throw new Error(`parley ${step} for ${name} failed: ${r.stdout}${r.stderr}`) }
  ok('register', await parley(home, ['register', '--relay', relayUrl, '--name', name, '--email', `${name}@example.org`], env))
  ok('verify', await parley(home, ['verify', codeFrom(await smtp.next(`${name}@example.org`))]))
  ok('login', await parley(home, ['login'], env))
}
