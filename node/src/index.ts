/** @parley/node: the user's peer (keystore, contacts, history, relay connection). Runs in Node and browsers. */
export { ParleyNode, type ParleyNodeOptions, type Profile, type NodeEvent } from './parley-node.js'
export { discoverRelay, RelayClient, type RelayEndpoint } from './relay-client.js'
export { Contacts, type Contact } from './contacts.js'
export { History, type StoredMessage, type MessageState } from './history.js'
export { NodeError, RelayRequestError, IdentityChangedError, type NodeErrorCode } from './errors.js'
export { generateKeyMaterial, sealKeystore, openKeystore, type KeyMaterial, type SealedKeystore } from './keystore.js'
export { secondFactorFrom } from './second-factor.js'
