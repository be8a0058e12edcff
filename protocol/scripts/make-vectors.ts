/**
 * Writes protocol/test/vectors/*.json, the fixed test vectors a second implementation of the
 * Parley protocol can check itself against. Run once from the repo root:
 *
 *   npx tsx protocol/scripts/make-vectors.ts
 *
 * Identity keys come from fixed seeds and all envelope randomness from a fixed stream, but RSA
 * key generation and RSA-OAEP wrapping are randomized inside WebCrypto: the RSA keys are kept in
 * keys.json, and the sealed envelope in envelope.json, and both are reused on later runs, so a
 * re-run rewrites every file byte for byte (delete those two files to make new ones). Vectors can
 * only pin the `open` direction of envelopes; everything else is reproduced by its encoder.
 */
import { writeFileSync } from 'node:fs'
import { fromHex } from '../src/bytes.js'
import { dir, loadOrMakeKeys, type EnvelopeParts } from './vectors/common.js'
import { makeEnvelopeVector, makeStrictVector } from './vectors/envelope.js'
import { makeAddressVector, makeBundleVector, makeDirectVector, makeLanHelloVector, makeReceiptVector, makeRpcVector, makeSafetyNumberVector } from './vectors/others.js'

const keys = await loadOrMakeKeys()
const write = (name: string, value: unknown): void => {
  writeFileSync(`${dir}${name}`, JSON.stringify(value, null, 2) + '\n')
  console.log(`wrote ${dir}${name}`)
}
const bundleVector = await makeBundleVector(keys) as { signedBundle: string }
write('keys.json', keys)
write('bundle.json', bundleVector)
const envelopeVector = await makeEnvelopeVector(keys) as EnvelopeParts
write('envelope.json', envelopeVector)
write('addresses.json', makeAddressVector())
write('receipts.json', makeReceiptVector())
write('direct.json', makeDirectVector(fromHex(envelopeVector.envelope)))
write('rpc.json', makeRpcVector(fromHex(envelopeVector.envelope), fromHex(bundleVector.signedBundle)))
write('lan-hello.json', await makeLanHelloVector(keys))
write('safety-numbers.json', makeSafetyNumberVector(keys))
write('strict.json', await makeStrictVector(keys, envelopeVector, bundleVector.signedBundle))
