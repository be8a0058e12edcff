#!/usr/bin/env node
// Runs the relay from its TypeScript sources (tsx), with the Node 20 compatibility shim.
import '../../scripts/node20-shim.mjs'
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
try {
  await main(process.argv.slice(2))
} catch (err) {
  process.stderr.write(`parley relay: ${err?.message ?? err}\n`)
  process.exit(1)
}
