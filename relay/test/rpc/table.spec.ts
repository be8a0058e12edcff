import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { createHandlerTable, type HandlerServices, type HandlerTable, type RequestType } from '../../src/rpc/index.js'

const PB_DIR = fileURLToPath(new URL('../../../protocol/src/pb/', import.meta.url))

/** The cases of Request's `body` oneof, as the generated TypeScript names them (camelCase fields). */
async function generatedRequestCases (): Promise<string[]> {
  const source = await readFile(`${PB_DIR}rpc.ts`, 'utf8')
  const body = /export interface Request \{([^}]*)\}/.exec(source)?.[1]
  expect(body, 'the generated rpc.ts has no Request interface').to.be.a('string')
  return [...(body as string).matchAll(/^\s*(\w+)\?: \w+$/gm)].map(m => m[1] as string)
}

/** The same cases as rpc.proto declares them (snake_case). */
async function protoRequestCases (): Promise<string[]> {
  const proto = await readFile(`${PB_DIR}rpc.proto`, 'utf8')
  const oneof = /message Request \{[\s\S]*?oneof body \{([\s\S]*?)\}/.exec(proto)?.[1]
  expect(oneof, 'rpc.proto has no Request.body oneof').to.be.a('string')
  return [...(oneof as string).matchAll(/^\s*\w+ (\w+) = \d+;/gm)].map(m => m[1] as string)
}

const kebab = (camel: string): string => camel.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)
const snakeToKebab = (snake: string): string => snake.replaceAll('_', '-')

/** The table over services it never calls: only its declarations are read here. */
function table (): HandlerTable {
  return createHandlerTable({ relayName: 'relay.test' } as unknown as HandlerServices)
}

describe('RPC request table', () => {
  it('has an entry for every case of the generated Request type, and none for anything else', async () => {
    const cases = (await generatedRequestCases()).map(kebab)
    expect(cases).to.have.length.above(20)
    // The generated code and the .proto agree, so the walk above saw every case the wire has.
    expect(cases).to.have.members((await protoRequestCases()).map(snakeToKebab))
    const t = table()
    for (const type of cases) expect(Object.hasOwn(t, type), `no table entry for "${type}"`).to.equal(true)
    expect(Object.keys(t)).to.have.members(cases)
  })

  it('declares a known authentication and rate budgets for every entry, each counted per source', () => {
    for (const [type, entry] of Object.entries(table())) {
      expect(['none', 'optional-session', 'session', 'session+verified'], type).to.include(entry.auth)
      expect(entry.rates, `"${type}" must be counted per source without a session`).to.include('per-source')
      for (const r of entry.rates) expect(['per-source', 'lookups', 'group-posts', 'bulk-lookups', 'group-requests'], type).to.include(r)
      expect(entry.handle, type).to.be.a('function')
    }
    // Every group request a logged-in device makes is counted per account.
    for (const type of ['group-members', 'group-fetch', 'group-ack', 'group-read', 'group-leave'] as const) expect(table()[type].rates, type).to.include('group-requests')
  })

  it('asks for a session for everything but signing up, logging in and recovering an account, and a lookup', () => {
    const open = Object.entries(table()).filter(([, e]) => e.auth === 'none' || e.auth === 'optional-session').map(([t]) => t)
    expect(open).to.have.members(['register', 'verify', 'resend-code', 'login', 'authenticate', 'request-password-reset', 'reset-password', 'logout', 'fetch-bundles'])
    const verified = Object.entries(table()).filter(([, e]) => e.auth === 'session+verified').map(([t]) => t as RequestType)
    expect(verified).to.have.members(['deposit', 'deposit-many', 'note-contact', 'change-email', 'publish-bundle', 'group-members', 'group-post', 'fetch-bundles-many'])
  })

  it('counts directory lookups, contact notes, device-list watches and group receipts in the lookup budget, group posts in their own, and bulk lookups per user too', () => {
    const lookups = Object.entries(table()).filter(([, e]) => e.rates.includes('lookups')).map(([t]) => t)
    expect(lookups).to.have.members(['fetch-bundles', 'fetch-bundles-many', 'note-contact', 'watch-devices', 'group-receipts'])
    const posts = Object.entries(table()).filter(([, e]) => e.rates.includes('group-posts')).map(([t]) => t)
    expect(posts).to.have.members(['group-post'])
    const bulk = Object.entries(table()).filter(([, e]) => e.rates.includes('bulk-lookups')).map(([t]) => t)
    expect(bulk).to.have.members(['fetch-bundles-many'])
    // Only an entry that counts units says how many.
    for (const [type, e] of Object.entries(table())) expect(e.units !== undefined, type).to.equal(e.rates.includes('bulk-lookups'))
  })
})
