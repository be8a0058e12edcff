export * from './chunks.js'
export * from './file-message.js'
export * from './profile.js'
