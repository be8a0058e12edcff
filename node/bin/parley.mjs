#!/usr/bin/env node
// The parley CLI, run from its TypeScript sources (tsx), with the Node 20 compatibility shim.
import '../../scripts/node20-shim.mjs'
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv.slice(2))
