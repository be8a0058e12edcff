/** The accounts service, now one file per flow in accounts/: kept so existing imports still resolve. */
export * from './accounts/index.js'
