// Node 20 lacks two things libp2p 3 expects from Node 22: Promise.withResolvers and a global
// WebSocket (used by @libp2p/websockets when dialling). Loaded with `node --import`.
import { WebSocket } from 'ws'

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

if (typeof globalThis.WebSocket !== 'function') {
  globalThis.WebSocket = WebSocket
}
