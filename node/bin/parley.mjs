#!/usr/bin/env node
// The parley CLI, run from its TypeScript sources (tsx), with the Node 20 compatibility shim.
import '../../scripts/node20-shim.mjs'
import { register } from 'tsx/esm/api'

// Files made in the device folder (LevelDB's logs and tables) are owner-only from the start.
process.umask(0o077)

register()
const { main } = await import('../src/cli/index.ts')
// main() returns once everything it printed was taken by the OS, so exiting now loses no output.
// Exit explicitly: native transports may keep threads alive after the work is done.
process.exit(await main(process.argv.slice(2)))
