/**
 * Raw WebCrypto Ed25519 verdicts of Node and of Debian's Chromium on every edge case of
 * protocol/test/ed25519/cases.ts, beside the strict verdict, and the cases where they differ.
 * This is the evidence behind PROTOCOL.md, "Ed25519 through WebCrypto".
 *
 *   node --import tsx protocol/scripts/probe-ed25519-webcrypto.ts [/usr/bin/chromium]
 */
import { chromium } from 'playwright-core'
import { ed25519Cases } from '../test/ed25519/cases.js'
import { toHex } from '../src/bytes.js'

const cases = ed25519Cases().map(c => ({ d: c.description, a: toHex(c.publicKey), m: toHex(c.msg), s: toHex(c.sig), strict: c.strict }))
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
for (const [i, c] of cases.entries()) {
  const flag = node[i] !== String(c.strict) || page[i] !== String(c.strict) ? ' **differs**' : ''
  console.log(`| ${c.d}${flag} | ${String(c.strict)} | ${node[i] ?? ''} | ${page[i] ?? ''} |`)
}
