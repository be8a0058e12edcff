/**
 * Raw WebCrypto Ed25519 verdicts of Node and of Debian's Chromium on every edge case of
 * protocol/test/ed25519/cases.ts and on every pinned vector signature and its bit flips, beside
 * the strict verdict: the edge cases one per line, the vector cases summed up.
 * This is the evidence behind PROTOCOL.md, "Ed25519 through WebCrypto".
 *
 *   node --import tsx protocol/scripts/probe-ed25519-webcrypto.ts [/usr/bin/chromium]
 */
import { chromium } from 'playwright-core'
import { ed25519Cases, vectorSignatures } from '../test/ed25519/cases.js'
import { toHex } from '../src/bytes.js'
import { flipBit } from '../test/helpers.js'

const cases = ed25519Cases().map(c => ({ d: c.description, a: toHex(c.publicKey), m: toHex(c.msg), s: toHex(c.sig), strict: c.strict }))
// Every signature the vectors pin, then each with one bit flipped (in the signature, or a key byte).
for (const v of vectorSignatures()) {
  cases.push({ d: `${v.what}: the pinned signature`, a: toHex(v.publicKey), m: toHex(v.msg), s: toHex(v.sig), strict: true })
  for (let i = 0; i < 64 * 8; i++) cases.push({ d: `${v.what}: signature bit ${i} flipped`, a: toHex(v.publicKey), m: toHex(v.msg), s: toHex(flipBit(v.sig, i >> 3, i & 7)), strict: false })
  for (let i = 0; i < 32; i++) cases.push({ d: `${v.what}: key byte ${i} flipped`, a: toHex(flipBit(v.publicKey, i, i % 8)), m: toHex(v.msg), s: toHex(v.sig), strict: false })
}
// A string, not a function: the page must not see the bundler's helpers.
const probe = `async (cases) => {
  const hex = h => new Uint8Array((h.match(/../g) || []).map(x => parseInt(x, 16)))
  const out = []
  for (const c of cases) {
    try {
      const k = await crypto.subtle.importKey('raw', hex(c.a), { name: 'Ed25519' }, false, ['verify'])
      out.push(String(await crypto.subtle.verify('Ed25519', k, hex(c.s), hex(c.m))))
    } catch (e) { out.push('throws ' + e.name) }
  }
  return out
}`

// eslint-disable-next-line no-eval -- the same source runs in Node and in the page
const node = await (eval(probe) as (c: typeof cases) => Promise<string[]>)(cases)
const browser = await chromium.launch({ executablePath: process.argv[2] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] })
let page: string[]
let agent: string
try {
  const tab = await browser.newPage()
  // WebCrypto needs a secure context: serve an empty page on an https origin from playwright.
  await tab.route('https://probe.test/', async r => await r.fulfill({ body: '<html></html>', contentType: 'text/html' }))
  await tab.goto('https://probe.test/')
  agent = await tab.evaluate('navigator.userAgent') as string
  page = await tab.evaluate(`(${probe})(${JSON.stringify(cases)})`) as string[]
} finally {
  await browser.close()
}
console.log(`Node ${process.version}; ${agent}\n`)
console.log('| case | strict | Node | Chromium |\n|---|---|---|---|')
let vectorCases = 0
let vectorDiffs = 0
for (const [i, c] of cases.entries()) {
  const differs = node[i] !== String(c.strict) || page[i] !== String(c.strict)
  if (c.d.includes(': ')) {
    vectorCases++
    if (differs) vectorDiffs++
    if (!differs) continue
  }
  console.log(`| ${c.d}${differs ? ' **differs**' : ''} | ${String(c.strict)} | ${node[i] ?? ''} | ${page[i] ?? ''} |`)
}
console.log(`\nVector signatures and their bit flips: ${vectorCases} cases, ${vectorDiffs} where Node or Chromium differs from the strict verdict.`)
