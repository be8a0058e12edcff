/**
 * Group chats (PROTOCOL.md "Groups"): the state every member computes from signed changes, the
 * rule that settles forks, sender keys, and the one-ciphertext group message.
 */
export * from './state.js'
export * from './changes.js'
export * from './log.js'
export * from './sender-keys.js'
export * from './message.js'
export * from './contents.js'
