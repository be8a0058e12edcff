// Preloaded (node --import) into a CLI process to play a machine where the native WebRTC module
// (node-datachannel) cannot be loaded: every import of it fails as a missing binary would.
import { register } from 'node:module'

const hooks = `
export async function resolve (specifier, context, next) {
  if (specifier === 'node-datachannel' || specifier.startsWith('node-datachannel/')) {
    throw new Error("Cannot find module 'node-datachannel': no prebuilt binary for this platform")
  }
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)
