import { isProtocolError } from '@parley/protocol'
import { NodeError, RelayRequestError } from '../errors.js'
import type { StoredMessage } from '../history.js'
import type { CliIo } from './io.js'
import { forTerminal } from './terminal-text.js'
import { formatBytes } from '../files/attachment.js'

/** Errors the CLI itself reports, beside the node's: how it was called, its output, and the running node it went through. */
export type CliErrorCode = 'USAGE' | 'UNKNOWN_COMMAND' | 'OUTPUT_CLOSED' | 'STORE_FAILED' | 'IO_ERROR' | 'INTERNAL' | 'CONTROL_FAILED' | 'CONTROL_REFUSED'

/** A failure of the CLI itself (not of the node), with its code. */
export class CliError extends Error {
  override name = 'CliError'
  constructor (readonly code: CliErrorCode, message: string) { super(message) }
}

/** A failure as the CLI reports it: a code callers can branch on, and the sentence for the person. */
export interface Failure { code: string, relayCode?: string, message: string }

/** The code and sentence for any failure: specific for everything a person can cause (LAN mode's commands too). */
export function describe (err: any): Failure {
  if (err instanceof RelayRequestError) return { code: err.code, relayCode: err.relayCode, message: err.message }
  if (err instanceof NodeError || err instanceof CliError) return { code: err.code, message: err.message }
  if (isProtocolError(err)) return { code: err.code, message: err.message }
  const code = String(err?.code ?? '')
  const cause = String(err?.cause?.code ?? '')
  if (code.startsWith('LEVEL_') || cause.startsWith('LEVEL_')) {
    return { code: 'STORE_FAILED' satisfies CliErrorCode, message: `this device's folder could not be read or written (${String(err?.cause?.message ?? err?.message ?? err)}): check that the disk is not full and the folder is writable` }
  }
  if (/^E[A-Z]+$/.test(code) && typeof err?.syscall === 'string') {
    return { code: 'IO_ERROR' satisfies CliErrorCode, message: `a file could not be read or written (${code}${typeof err.path === 'string' ? `: ${err.path}` : ''})` }
  }
  return { code: 'INTERNAL' satisfies CliErrorCode, message: `unexpected failure: ${String(err?.message ?? err)}` }
}

/** Prints a failed command's error: one JSON document on stdout with --json, else a sentence on stderr. */
export function reportFailure (io: CliIo, json: boolean, command: string, failure: Failure): void {
  const { code, relayCode, message } = failure
  if (json) void io.write('stdout', JSON.stringify({ error: { code, relayCode, message } }) + '\n')
  else void io.write('stderr', forTerminal(`parley ${command}: ${message}`, { newlines: 'keep' }) + '\n')
}

/** How one command prints: results, text drawn by the CLI itself, and notes for the person. */
export interface Printer {
  /** Prints one result: JSON as it is, or the human text with other people's text neutralised. */
  out: (human: string, data: unknown) => Promise<boolean>
  /** Prints text the CLI made itself that must reach the terminal as it is (QR codes are drawn with escape sequences). */
  raw: (text: string) => Promise<boolean>
  /** A note for the person, on stderr, with other people's text neutralised. */
  note: (text: string) => void
}

/** The printer for a command run with or without --json. */
export function printer (io: CliIo, json: boolean): Printer {
  return {
    out: (human, data) => io.write('stdout', json ? JSON.stringify(data) + '\n' : forTerminal(human, { newlines: 'keep' }) + '\n'),
    raw: text => io.write('stdout', text),
    note: text => { void io.write('stderr', forTerminal(text, { newlines: 'keep' }) + '\n') }
  }
}

/** One message as a terminal line; the sender's text and names neutralised, its line breaks indented. */
export function line (m: StoredMessage): string {
  const when = new Date(m.sentAt).toISOString().replace('T', ' ').slice(0, 19)
  if (m.system === true) return `[${when}] * ${forTerminal(m.text)}`
  const group = m.conversation.startsWith('group:') ? ` in ${m.conversation.slice(0, 14)}` : ''
  const who = forTerminal(m.direction === 'out' ? `me → ${m.conversation}` : `${m.sender}${group}`)
  const file = m.attachment !== undefined ? fileLine(m) : ''
  const text = m.attachment !== undefined && m.text === '' ? '' : forTerminal(m.text, { newlines: 'indent' })
  return `[${when}] ${who}: ${text}${text !== '' && file !== '' ? ' ' : ''}${file}${m.direction === 'out' ? `  (${m.state}${m.path !== undefined ? ` via ${m.path}` : ''})` : ''}`
}

/** How a message's attachment is listed: what it is, and the command that fetches it. */
function fileLine (m: StoredMessage): string {
  const a = m.attachment
  if (a === undefined) return ''
  const what = a.voice === true ? 'voice message' : a.mediaType.startsWith('image/') ? 'photo' : a.mediaType.startsWith('video/') ? 'video' : 'file'
  return `[${what}: ${forTerminal(a.name)}, ${formatBytes(a.size)}, ${forTerminal(a.mediaType)}; parley get-file ${m.id}]`
}


/** What the person is told about an incoming message that could not be read. */
export function unreadableNotice (e: { sender?: string, reason: string, messageId: string }): string {
  return e.sender !== undefined ? `a message from ${e.sender} could not be read: ${e.reason}` : `a message ${e.messageId} could not be read and was dropped: ${e.reason}`
}

/** What the person is told about messages held from a contact whose identity key changed, and what to run. */
export function heldNotice (h: { address: string, count: number }): string {
  return `${plural(h.count, 'message')} from ${h.address} ${h.count === 1 ? 'is' : 'are'} held: their identity key changed (a reinstall, or someone impersonating them). ` +
    `Compare safety numbers (parley safety-number ${h.address}), then accept the new key to read ${h.count === 1 ? 'it' : 'them'} (parley trust ${h.address}) or refuse it to discard ${h.count === 1 ? 'it' : 'them'} (parley trust --refuse ${h.address}).`
}

/** "1 message", "2 messages". */
export function plural (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
