/** The relay's RPC service: the stream server, its dispatcher and the request table. */
export { RpcServer, type RpcServerComponents, type StreamDeadlines } from './server.js'
export { Dispatcher, MAX_OVERRUNNING_HANDLERS, type DispatcherComponents, type DispatchStream, type StreamLogin } from './dispatcher.js'
export { DEFAULT_REQUEST_LIMITS, rateSource, type RequestLimits } from './limits.js'
export { createHandlerTable, type HandlerServices } from './handlers/index.js'
export type {
  Auth, RateBudget, RequestType, RequestOf, SignedIn, StreamControl, RequestContext, ContextFor,
  HandlerEntry, AnyHandlerEntry, HandlerGroup, HandlerTable
} from './table.js'
