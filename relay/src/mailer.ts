import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type { Logger } from './logger.js'

/** How the relay sends mail: an SMTP server, or (the embedded default) one file per mail. */
export type MailConfig =
  | { transport: 'smtp', host: string, port: number, secure?: boolean, user?: string, pass?: string, from: string, requireTls?: boolean }
  | { transport: 'file', dir: string, from: string }

/** A message the relay sends. */
export interface OutgoingMail { to: string, subject: string, text: string }

/** Sends account mail (verification codes) through nodemailer. */
export interface Mailer {
  send: (mail: OutgoingMail) => Promise<void>
  close: () => void
}

/** Creates the mailer for a config. The file transport logs where each mail went, never its content. */
export function createMailer (config: MailConfig, log: Logger): Mailer {
  if (config.transport === 'smtp') {
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure ?? false,
      // Off loopback, refuse to send the SMTP password and codes in clear if STARTTLS is stripped.
      requireTLS: config.requireTls ?? (config.secure !== true && !isLoopback(config.host)),
      ignoreTLS: config.requireTls !== true && config.secure !== true && isLoopback(config.host),
      ...(config.user !== undefined ? { auth: { user: config.user, pass: config.pass ?? '' } } : {})
    })
    return {
      async send (mail) {
        await transport.sendMail({ from: config.from, ...mail })
      },
      close () { transport.close() }
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  let counter = 0
  return {
    async send (mail) {
      const info = await transport.sendMail({ from: config.from, ...mail })
      await mkdir(config.dir, { recursive: true, mode: 0o700 })
      const file = join(config.dir, `${Date.now()}-${++counter}.eml`)
      await writeFile(file, info.message as Buffer, { mode: 0o600 })
      log.info(`mail written to ${file}`)
    },
    close () {}
  }
}

function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
