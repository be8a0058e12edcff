/** The RPC server, now in rpc/: kept so existing imports of this module still resolve. */
export * from './rpc/index.js'
