export * from './chunks.js'
