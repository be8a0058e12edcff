import { expect } from 'chai'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { lpStream } from '@libp2p/utils'
import { decodeServerMessage, encodeRequest, RELAY_PROTOCOL, type RelayRequest, type RelayResult } from '@parley/protocol'
import { startRelay, type Relay } from '../../src/relay.js'
import { createLogger } from '../../src/logger.js'
import { createHandlerTable, type HandlerServices, type RequestOf, type RequestType } from '../../src/rpc/index.js'
import { makeTempDir, RecordingMailer, removeTempDir } from '../helpers.js'

const PASSWORD = 'a long and secret passphrase'

/** One well-formed request of every type (each passes the protocol's decoder). */
const SAMPLES: { [K in RequestType]: RequestOf<K> } = {
  register: { type: 'register', name: 'zoe', email: 'zoe@mail.test', password: PASSWORD },
  verify: { type: 'verify', name: 'zoe', code: '000000' },
  'resend-code': { type: 'resend-code', name: 'zoe' },
  login: { type: 'login', name: 'zoe', password: PASSWORD },
  authenticate: { type: 'authenticate', token: new Uint8Array(32) },
  logout: { type: 'logout' },
  'publish-bundle': { type: 'publish-bundle', signedBundle: new Uint8Array(64) },
  'fetch-bundles': { type: 'fetch-bundles', user: 'ada@relay.test' },
  'fetch-bundles-many': { type: 'fetch-bundles-many', users: ['ada@relay.test'] },
  'note-contact': { type: 'note-contact', user: 'ada@relay.test' },
  deposit: { type: 'deposit', envelope: new Uint8Array(64), contact: true },
  'deposit-many': { type: 'deposit-many', deposits: [{ envelope: new Uint8Array(64), contact: true }] },
  'fetch-mail': { type: 'fetch-mail', afterSeq: 0, limit: 10 },
  'ack-mail': { type: 'ack-mail', messageIds: [new Uint8Array(16)] },
  subscribe: { type: 'subscribe' },
  'watch-devices': { type: 'watch-devices', users: ['ada@relay.test'] },
  'totp-enrol': { type: 'totp-enrol' },
  'totp-confirm': { type: 'totp-confirm', code: '123456' },
  'totp-disable': { type: 'totp-disable', secondFactor: { totpCode: '123456' } },
  'regenerate-recovery-codes': { type: 'regenerate-recovery-codes', secondFactor: { totpCode: '123456' } },
  'list-sessions': { type: 'list-sessions' },
  'revoke-sessions': { type: 'revoke-sessions', ids: [], all: true, others: false },
  'change-email': { type: 'change-email', newEmail: 'new@mail.test' },
  'confirm-email': { type: 'confirm-email', code: '123456' },
  'request-password-reset': { type: 'request-password-reset', name: 'zoe' },
  'reset-password': { type: 'reset-password', name: 'zoe', code: '123456', newPassword: PASSWORD },
  'delete-account': { type: 'delete-account', password: PASSWORD },
  'account-info': { type: 'account-info' },
  'group-members': { type: 'group-members', groupId: new Uint8Array(32), manageKey: new Uint8Array(32), add: ['ada@relay.test'], remove: [] },
  'group-post': { type: 'group-post', message: new Uint8Array(64) },
  'group-fetch': { type: 'group-fetch', groupId: new Uint8Array(32), afterSeq: 0 },
  'group-ack': { type: 'group-ack', groupId: new Uint8Array(32), seq: 1 },
  'group-read': { type: 'group-read', groupId: new Uint8Array(32), seq: 1 },
  'group-receipts': { type: 'group-receipts', groupId: new Uint8Array(32), seq: 1 },
  'group-leave': { type: 'group-leave', groupId: new Uint8Array(32) }
}

/** The table's declarations (its handlers are not called here). */
const TABLE = createHandlerTable({ relayName: 'relay.test' } as unknown as HandlerServices)
const typesWith = (auths: string[]): RequestType[] => (Object.keys(TABLE) as RequestType[]).filter(t => auths.includes(TABLE[t].auth))

/** A device talking to the relay over one stream, one request at a time. */
interface Device { peer: Libp2p, request: (r: RelayRequest) => Promise<RelayResult> }

const code = (r: RelayResult): string => r.type === 'error' ? r.code : r.type

describe('RPC authentication over a real relay', function () {
  this.timeout(60_000)
  let dir: string
  let relay: Relay
  const mailer = new RecordingMailer()
  const peers: Libp2p[] = []
  let ids = 0

  before(async () => {
    dir = await makeTempDir('rpc-auth')
    // Every device here dials from 127.0.0.1: room for all of their requests in the per-IP budget.
    relay = await startRelay({ name: 'relay.test', dataDir: dir, requestLimits: { unauthenticatedPerIp: { perSecond: 100, burst: 1000 }, unauthenticatedPerPeer: { perSecond: 100, burst: 1000 } } }, createLogger('test', 'silent'), { mailer })
  })

  after(async () => {
    for (const p of peers) await p.stop()
    await relay?.stop()
    await removeTempDir(dir)
  })

  /** A new device, or a new stream of `existing`'s device (the same PeerId). */
  async function device (existing?: Device): Promise<Device> {
    const peer = existing?.peer ?? await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    if (existing === undefined) peers.push(peer)
    const stream = await peer.dialProtocol(relay.libp2p.getMultiaddrs().filter(a => !a.toString().includes('/ws')), RELAY_PROTOCOL)
    const lp = lpStream(stream)
    return {
      peer,
      request: async r => {
        const id = ++ids
        await lp.write(encodeRequest(id, r))
        while (true) {
          const message = decodeServerMessage((await lp.read({ signal: AbortSignal.timeout(20_000) })).subarray())
          if (message.type === 'response' && message.id === id) return message.result
        }
      }
    }
  }

  async function registered (d: Device, name: string, verified: boolean): Promise<Uint8Array> {
    expect(code(await d.request({ type: 'register', name, email: `${name}@mail.test`, password: PASSWORD }))).to.equal('ok')
    if (verified) expect(code(await d.request({ type: 'verify', name, code: mailer.codeFor(`${name}@mail.test`) }))).to.equal('ok')
    const s = await d.request({ type: 'login', name, password: PASSWORD })
    if (s.type !== 'session') throw new Error(`login of ${name} failed: ${code(s)}`)
    return s.token
  }

  /** The codes of every request of `types` sent by `d`, by type. */
  async function answers (d: Device, types: RequestType[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    for (const t of types) out[t] = code(await d.request(SAMPLES[t]))
    return out
  }

  const expectAll = (got: Record<string, string>, types: RequestType[], expected: string): void => {
    expect(got).to.deep.equal(Object.fromEntries(types.map(t => [t, expected])))
  }

  it('refuses every request that needs a session from a stream without one', async () => {
    const authenticated = typesWith(['session', 'session+verified'])
    expect(authenticated).to.have.length.above(15)
    expectAll(await answers(await device(), authenticated), authenticated, 'UNAUTHENTICATED')
  })

  it('refuses a session token on another device than the one it was made for, and every request after it', async () => {
    const owner = await device()
    const token = await registered(owner, 'ada', true)
    const thief = await device()
    expect(code(await thief.request({ type: 'authenticate', token }))).to.equal('UNAUTHENTICATED')
    const authenticated = typesWith(['session', 'session+verified'])
    expectAll(await answers(thief, authenticated), authenticated, 'UNAUTHENTICATED')
    // The token still works where it belongs: on another stream of the device it was made for.
    const ownersSecondStream = await device(owner)
    expect(code(await ownersSecondStream.request({ type: 'authenticate', token }))).to.equal('ok')
    expect(code(await ownersSecondStream.request({ type: 'account-info' }))).to.equal('account')
  })

  it('refuses what only verified accounts may do to a logged-in unverified account, and serves it the rest', async () => {
    const d = await device()
    await registered(d, 'ben', false)
    const verifiedOnly = typesWith(['session+verified'])
    expect(verifiedOnly).to.have.members(['deposit', 'deposit-many', 'note-contact', 'change-email', 'publish-bundle', 'group-members', 'group-post', 'fetch-bundles-many'])
    expectAll(await answers(d, verifiedOnly), verifiedOnly, 'NOT_VERIFIED')
    expect(code(await d.request({ type: 'account-info' }))).to.equal('account')
  })
})
