import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'

/** A mail received by the test SMTP server. */
export interface ReceivedMail { to: string[], from: string, raw: string, subject: string }

/** A real SMTP server on loopback that keeps every mail it receives. */
export interface TestSmtp {
  port: number
  url: string
  mails: ReceivedMail[]
  /** Resolves with the next (or an already received, unclaimed) mail to `address`. */
  next: (address: string, timeoutMs?: number) => Promise<ReceivedMail>
  close: () => Promise<void>
}

/** Starts the SMTP server on 127.0.0.1 with a random port. */
export async function startSmtp (): Promise<TestSmtp> {
  const mails: ReceivedMail[] = []
  const claimed = new Set<ReceivedMail>()
  const waiters: Array<() => void> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData (stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const subject = /^Subject: (.*)$/mi.exec(raw)?.[1]?.trim() ?? ''
        mails.push({ to: session.envelope.rcptTo.map(r => r.address), from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address, raw, subject })
        for (const w of waiters.splice(0)) w()
        callback()
      })
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next (address, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (true) {
        const mail = mails.find(m => !claimed.has(m) && m.to.includes(address))
        if (mail !== undefined) { claimed.add(mail); return mail }
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no mail to ${address} within ${timeoutMs} ms`)
        await new Promise<void>(resolve => { waiters.push(resolve); setTimeout(resolve, Math.min(left, 200)) })
      }
    },
    async close () { await new Promise<void>(resolve => server.close(() => resolve())) }
  }
}

/** The six-digit verification code in a Parley mail. */
export function codeFrom (mail: ReceivedMail): string {
  const m = /code[^0-9]*([0-9]{6})/i.exec(mail.subject)
  if (m?.[1] === undefined) throw new Error('no code in mail')
  return m[1]
}
