/** A scoped logger; never pass it secrets, plaintexts or tokens. */
export interface Logger {
  info: (message: string) => void
  warn: (message: string) => void
  error: (message: string) => void
  debug: (message: string) => void
}

/** Creates a logger writing `[component] message` lines to stderr; PARLEY_LOG=silent|info|debug. */
export function createLogger (component: string, level = process.env.PARLEY_LOG ?? 'info'): Logger {
  const write = (tag: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${tag} [${component}] ${message}\n`)
  }
  const quiet = level === 'silent'
  return {
    info: m => { if (!quiet) write('INFO', m) },
    warn: m => { if (!quiet) write('WARN', m) },
    error: m => { if (!quiet) write('ERROR', m) },
    debug: m => { if (level === 'debug') write('DEBUG', m) }
  }
}
