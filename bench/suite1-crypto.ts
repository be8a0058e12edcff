/**
 * Suite 1 (`hybrid-rsa-aes`) crypto cost: seal and open per second for a 1 KiB text to one and to
 * three recipient devices, beside the primitives they are made of (AES-256-GCM, RSA-OAEP-3072,
 * Ed25519), so the reader sees where the time goes. Two paths: a long-lived `createEnvelopes()`
 * with warm caches (a node writing to a known contact: keys imported once, Ed25519 through
 * WebCrypto) and the stateless `seal`/`open` (every key imported per call, @noble Ed25519). One
 * operation at a time, as a node does, unless a row says otherwise.
 *
 *   node --import tsx --import ./scripts/node20-shim.mjs bench/suite1-crypto.ts
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  createEd25519, createEnvelopes, generateDeviceRsaKey, generateIdentityKey, importRsaPrivateKey, importRsaPublicKey, inspectEnvelope,
  open, randomBytes, utf8Encode, type DeviceRsaKeyPair
} from '@parley/protocol'
import { fmt, measureLoop, printTable, ratio, runBenchmark, sealOne, textOf, type Rate, type SealBatchOptions } from './lib.js'

/** Measured time per round; each row keeps the best of ROUNDS rounds. */
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 600)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const TEXT_BYTES = 1024

await runBenchmark('suite1-crypto: seal/open for a 1 KiB text vs raw WebCrypto and @noble/curves', async () => {
  // Keys: the sender's identity, three recipient devices (RSA-OAEP-3072 + a real PeerId each).
  const identity = generateIdentityKey()
  const devices: Array<{ peerId: string, rsa: DeviceRsaKeyPair }> = []
  for (let i = 0; i < 3; i++) {
    devices.push({ peerId: peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString(), rsa: await generateDeviceRsaKey() })
  }
  const senderDevice = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const body = utf8Encode(textOf(TEXT_BYTES))
  const base: Omit<SealBatchOptions, 'devices'> = {
    sender: 'alice@bench.test', senderDevice, senderIdentityKey: identity.publicKey, identityPrivateKey: identity.privateKey, recipient: 'bob@bench.test', body
  }
  const to = (n: number): SealBatchOptions => ({ ...base, devices: devices.slice(0, n).map(d => ({ peerId: d.peerId, rsaPublicKey: d.rsa.publicKey })) })
  const first = devices[0]
  if (first === undefined) throw new Error('no device')
  const rsaPriv = await importRsaPrivateKey(first.rsa.privateKey)
  const rsaPub = await importRsaPublicKey(first.rsa.publicKey)
  const openOpts = { deviceId: first.peerId, rsaPrivateKey: rsaPriv, resolveIdentityKey: async () => identity.publicKey }

  const env1 = (await sealOne(to(1))).bytes
  const env3 = (await sealOne(to(3))).bytes
  const header = inspectEnvelope(env1)
  const subtle = globalThis.crypto.subtle
  const aesKeyBytes = randomBytes(32)
  const iv = randomBytes(12)
  const aesKey = await subtle.importKey('raw', aesKeyBytes, 'AES-GCM', false, ['encrypt', 'decrypt'])
  const aesCt = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, body))
  const wrapped = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, rsaPub, aesKeyBytes))
  // What the identity key signs in an envelope is about the envelope's size.
  const sigMsg = randomBytes(env1.length)
  const sig = ed25519.sign(sigMsg, identity.privateKey)

  const results: Array<{ name: string, what: string, rate: Rate }> = []
  const bench = async (name: string, what: string, fn: () => Promise<unknown> | unknown, concurrency = 1): Promise<Rate> => {
    const rate = await measureLoop(fn, { minMs: MIN_MS, concurrency, rounds: ROUNDS })
    results.push({ name, what, rate })
    process.stderr.write(`  ${name}: ${fmt(rate.perSec)}/s\n`)
    return rate
  }

  // The suite as a node runs it: one long-lived instance, caches warm after the first message.
  const envelopes = createEnvelopes()
  await sealOne(to(3), envelopes)
  await envelopes.open(env1, openOpts)
  const seal1 = await bench('seal, 1 device', `1 KiB text → ${env1.length} B envelope, warm caches`, async () => await sealOne(to(1), envelopes))
  const seal3 = await bench('seal, 3 devices', `1 KiB text → ${env3.length} B envelope, warm caches`, async () => await sealOne(to(3), envelopes))
  const open1 = await bench('open, 1-device envelope', 'RSA private key imported once, warm caches', async () => await envelopes.open(env1, openOpts))
  const open3 = await bench('open, 3-device envelope', 'same, bigger key block', async () => await envelopes.open(env3, openOpts))
  const openPar = await bench('open, 1-device, 4 concurrent', 'WebCrypto runs on the libuv pool', async () => await envelopes.open(env1, openOpts), 4)
  await bench('inspectEnvelope (relay side)', 'decode + validate, no crypto', () => inspectEnvelope(env1))
  // The stateless functions: what every seal and open cost before the caches.
  const seal1Cold = await bench('seal, 1 device, stateless seal()', 'key import + validation + noble Ed25519 per call', async () => await sealOne(to(1)))
  const seal3Cold = await bench('seal, 3 devices, stateless seal()', 'same, three key imports', async () => await sealOne(to(3)))
  const open1Cold = await bench('open, 1-device, stateless open()', 'noble Ed25519 verify', async () => await open(env1, openOpts))

  // Raw AES-256-GCM on the same 1 KiB text.
  const aesFreshEnc = await bench('AES-256-GCM encrypt, fresh key import', 'importKey + encrypt, as seal does', async () => {
    const k = await subtle.importKey('raw', aesKeyBytes, 'AES-GCM', false, ['encrypt'])
    return await subtle.encrypt({ name: 'AES-GCM', iv }, k, body)
  })
  const aesFreshDec = await bench('AES-256-GCM decrypt, fresh key import', 'importKey + decrypt, as open does', async () => {
    const k = await subtle.importKey('raw', aesKeyBytes, 'AES-GCM', false, ['decrypt'])
    return await subtle.decrypt({ name: 'AES-GCM', iv }, k, aesCt)
  })
  const aesFreshBoth = await bench('AES-256-GCM encrypt+decrypt, fresh key', 'one import each side', async () => {
    const k = await subtle.importKey('raw', aesKeyBytes, 'AES-GCM', false, ['encrypt', 'decrypt'])
    const ct = await subtle.encrypt({ name: 'AES-GCM', iv }, k, body)
    return await subtle.decrypt({ name: 'AES-GCM', iv }, k, ct)
  })
  await bench('AES-256-GCM encrypt+decrypt, reused key', 'no import', async () => {
    const ct = await subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, body)
    return await subtle.decrypt({ name: 'AES-GCM', iv }, aesKey, ct)
  })

  // Raw RSA-OAEP-3072 (SHA-256) on a 32-byte content key.
  const rsaWrap = await bench('RSA-OAEP-3072 wrap 32 B', 'public key imported once', async () => await subtle.encrypt({ name: 'RSA-OAEP' }, rsaPub, aesKeyBytes))
  const rsaUnwrap = await bench('RSA-OAEP-3072 unwrap 32 B', 'private key imported once', async () => await subtle.decrypt({ name: 'RSA-OAEP' }, rsaPriv, wrapped))
  await bench('RSA-OAEP-3072 unwrap, 4 concurrent', 'libuv pool (4 threads) on this machine\'s cores', async () => await subtle.decrypt({ name: 'RSA-OAEP' }, rsaPriv, wrapped), 4)
  const rsaImport = await bench('importRsaPublicKey (protocol)', 'SPKI import + export + shape check; now once per key, not per message', async () => await importRsaPublicKey(first.rsa.publicKey))

  // Ed25519 (@noble/curves), over a message the size of an envelope.
  const edSign = await bench('Ed25519 sign (@noble/curves)', `${sigMsg.length} B message`, () => ed25519.sign(sigMsg, identity.privateKey))
  const edVerify = await bench('Ed25519 verify (@noble/curves)', `${sigMsg.length} B message, zip215: false`, () => ed25519.verify(sig, sigMsg, identity.publicKey, { zip215: false }))
  const edPub = await bench('Ed25519 getPublicKey (@noble/curves)', 'the stateless seal derives it per call', () => ed25519.getPublicKey(identity.privateKey))
  // Ed25519 in WebCrypto (native), raw and through the protocol's strict wrapper with its key caches.
  const wcPair = await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']) as CryptoKeyPair
  const wcSig = await subtle.sign('Ed25519', wcPair.privateKey, sigMsg)
  await bench('Ed25519 sign (raw WebCrypto)', 'key imported once', async () => await subtle.sign('Ed25519', wcPair.privateKey, sigMsg))
  await bench('Ed25519 verify (raw WebCrypto)', 'key imported once', async () => await subtle.verify('Ed25519', wcPair.publicKey, wcSig, sigMsg))
  const ed = createEd25519()
  const edSignWc = await bench('Ed25519 sign (createEd25519, WebCrypto)', 'what suite 1 now signs with', async () => await ed.sign(identity.privateKey, sigMsg))
  const edVerifyWc = await bench('Ed25519 verify (createEd25519, WebCrypto)', 'strict pre-checks + WebCrypto', async () => await ed.verify(identity.publicKey, sigMsg, sig))
  const badSig = sig.slice()
  badSig[0] = (badSig[0] as number) ^ 1
  await bench('Ed25519 verify of a bad signature (createEd25519)', 'WebCrypto says no, noble confirms', async () => await ed.verify(identity.publicKey, sigMsg, badSig))
  await bench('Ed25519 public key (createEd25519)', 'key pair check, cached per seed', async () => await ed.publicKey(identity.privateKey))

  console.log(`Envelope sizes: 1 device ${env1.length} B, 3 devices ${env3.length} B (content ${header.contentSize} B incl. tag and padding). Each row: ops/s after a warm-up, best of ${ROUNDS} rounds of ${fmt(MIN_MS / 1000, 1)} s or more.\n`)
  printTable(['operation', 'ops/s', 'µs/op', 'note'], results.map(r => [r.name, fmt(r.rate.perSec), fmt(r.rate.usPerOp, 1), r.what]))

  // Where a seal's and an open's time goes, from the primitive costs above.
  const us = (r: Rate): number => r.usPerOp
  console.log('Cost model (µs per message, from the rows above; the remainder is encoding, validation, padding and async overhead):\n')
  printTable(['step', 'seal, 1 device', 'seal, 3 devices', 'open'], [
    ['RSA public key import (validated)', 'cached', 'cached', '-'],
    ['RSA-OAEP wrap / unwrap', fmt(us(rsaWrap), 1), fmt(3 * us(rsaWrap), 1), fmt(us(rsaUnwrap), 1)],
    ['AES-GCM import + encrypt / decrypt', fmt(us(aesFreshEnc), 1), fmt(us(aesFreshEnc), 1), fmt(us(aesFreshDec), 1)],
    ['Ed25519 sign / verify (WebCrypto)', fmt(us(edSignWc), 1), fmt(us(edSignWc), 1), fmt(us(edVerifyWc), 1)],
    ['Ed25519 key pair check', 'cached', 'cached', '-'],
    ['sum of the above', fmt(us(rsaWrap) + us(aesFreshEnc) + us(edSignWc), 1), fmt(3 * us(rsaWrap) + us(aesFreshEnc) + us(edSignWc), 1), fmt(us(rsaUnwrap) + us(aesFreshDec) + us(edVerifyWc), 1)],
    ['measured', fmt(us(seal1), 1), fmt(us(seal3), 1), fmt(us(open1), 1)],
    ['stateless, for comparison', fmt(us(seal1Cold), 1), fmt(us(seal3Cold), 1), fmt(us(open1Cold), 1)],
    ['(its import + noble sign/verify + key pair check)', fmt(us(rsaImport) + us(edSign) + us(edPub), 1), fmt(3 * us(rsaImport) + us(edSign) + us(edPub), 1), fmt(us(edVerify), 1)]
  ])

  console.log('Summary and ratios against raw AES-256-GCM (same run):\n')
  printTable(['figure', 'value', 'ratio to raw AES-GCM (fresh key)', 'vs stateless'], [
    ['seal/s, 1 device', fmt(seal1.perSec), `${ratio(seal1.perSec, aesFreshEnc.perSec)} of encrypt`, ratio(seal1.perSec, seal1Cold.perSec)],
    ['seal/s, 3 devices', fmt(seal3.perSec), `${ratio(seal3.perSec, aesFreshEnc.perSec)} of encrypt`, ratio(seal3.perSec, seal3Cold.perSec)],
    ['open/s, 1-device envelope', fmt(open1.perSec), `${ratio(open1.perSec, aesFreshDec.perSec)} of decrypt`, ratio(open1.perSec, open1Cold.perSec)],
    ['open/s, 3-device envelope', fmt(open3.perSec), `${ratio(open3.perSec, aesFreshDec.perSec)} of decrypt`, '-'],
    ['open/s, 4 concurrent', fmt(openPar.perSec), `${ratio(openPar.perSec, aesFreshDec.perSec)} of decrypt`, '-'],
    ['seal+open pair/s, 1 device', fmt(1e6 / (seal1.usPerOp + open1.usPerOp)), `${ratio(1e6 / (seal1.usPerOp + open1.usPerOp), aesFreshBoth.perSec)} of encrypt+decrypt`, ratio(seal1Cold.usPerOp + open1Cold.usPerOp, seal1.usPerOp + open1.usPerOp)],
    ['open/s vs RSA unwrap/s', fmt(open1.perSec), `${ratio(open1.perSec, rsaUnwrap.perSec)} of raw unwrap`, '-']
  ])
})
