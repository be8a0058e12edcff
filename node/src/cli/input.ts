import { isValidName, MAX_NAME_LENGTH } from '@parley/protocol'
import { NodeError } from '../errors.js'

/** Most messages one history or read shows: a mistyped --limit must not load everything. */
const MAX_LIMIT = 100_000
/** The longest email address SMTP carries (RFC 5321 §4.5.3.1.3, a path of 256 with its brackets). */
const MAX_EMAIL_LENGTH = 254

/** What is wrong with a name someone typed at registration, as a sentence with the rule; undefined when it is fine. */
export function nameProblem (name: string): string | undefined {
  if (isValidName(name)) return undefined
  const rule = `names are 1-${MAX_NAME_LENGTH} characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit`
  if (name === '') return `the name is empty: ${rule}`
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is ${name.length} characters long: ${rule}`
  if (/\s/.test(name)) return `"${name}" has a space in it: ${rule}`
  if (name !== name.toLowerCase() && isValidName(name.toLowerCase())) return `names are lowercase: use "${name.toLowerCase()}" (${rule})`
  if (!/^[a-z0-9]/.test(name)) return `"${name}" starts with "${[...name][0] ?? ''}": ${rule}`
  const bad = [...name].find(ch => !/[a-z0-9._-]/.test(ch)) ?? ''
  return `"${bad}" cannot be part of a name: ${rule}`
}

/** What is wrong with an email address someone typed; undefined when it looks like one. */
export function emailProblem (email: string): string | undefined {
  if (email.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@.][^\s@]*$/.test(email)) return undefined
  return `"${email}" is not an email address: it looks like name@example.org (one "@", no spaces, at most ${MAX_EMAIL_LENGTH} characters)`
}

/** The name, or a BAD_INPUT error saying what is wrong with it. */
export function checkedName (name: string): string {
  const problem = nameProblem(name)
  if (problem !== undefined) throw new NodeError('BAD_INPUT', problem)
  return name
}

/** The email address, or a BAD_INPUT error saying what is wrong with it. */
export function checkedEmail (email: string): string {
  const problem = emailProblem(email)
  if (problem !== undefined) throw new NodeError('BAD_INPUT', problem)
  return email
}

/** --limit as a count of messages. */
export function limitOf (value: string | undefined): number {
  if (value === undefined) return 100
  const n = Number(value)
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_LIMIT) throw new NodeError('BAD_INPUT', `--limit takes a whole number of messages from 1 to ${MAX_LIMIT}, like --limit 50`)
  return n
}
