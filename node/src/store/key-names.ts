/**
 * How the device store's keys are read: `!sublevel!rest`, as abstract-level prefixes them. In a
 * sublevel whose keys start with a person's address (`address`, or `address \0 more`), the
 * address is the part before the first \0 or \1: the range bounds `address\0`..`address\1` that
 * select one person's records keep selecting them once the address is replaced by its HMAC.
 */

/** A key split around the address it starts with. */
export interface NamedKey {
  /** The sublevel prefix, `!name!`. */
  head: string
  /** The address. */
  name: string
  /** Whatever follows it, from the first \0 or \1 on (often a sequence that keeps the order). */
  tail: string
}

/** The sublevel prefix of a stored key (`!name!`), or undefined for a key outside every sublevel. */
export function sublevelOf (key: string): string | undefined {
  if (!key.startsWith('!')) return undefined
  const end = key.indexOf('!', 1)
  return end < 0 ? undefined : key.slice(1, end)
}

/** Splits `key` if it belongs to one of `named` sublevels and starts with a non-empty address. */
export function splitName (key: string, named: ReadonlySet<string>): NamedKey | undefined {
  const sublevel = sublevelOf(key)
  if (sublevel === undefined || !named.has(sublevel)) return undefined
  const head = `!${sublevel}!`
  const rest = key.slice(head.length)
  const match = /[\x00\x01]/.exec(rest)
  const end = match === null ? rest.length : match.index
  if (end === 0) return undefined
  return { head, name: rest.slice(0, end), tail: rest.slice(end) }
}

/** What the records of each sublevel are, for error messages. */
const RECORD_KINDS: Record<string, string> = {
  meta: 'account record (profile or session)',
  contacts: 'contact',
  messages: 'message',
  'message-index': 'message index entry',
  held: 'held message',
  rejected: 'rejected-message notice',
  outbox: 'message waiting to be sent',
  groups: 'group record',
  'group-keys': 'group sender key',
  'group-held': 'group message waiting for its sender key',
  'group-senders': 'group sender key index entry',
  profiles: 'contact\'s display name and picture',
  'profile-sent': 'note of the profile a contact was sent',
  'direct-files': 'record of a file sent here directly'
}

/** The kind of record a stored key holds, in words. */
export function recordKind (storedKey: string): string {
  const sublevel = sublevelOf(storedKey)
  if (sublevel === undefined) return 'record'
  return RECORD_KINDS[sublevel] ?? `record of ${JSON.stringify(sublevel)}`
}
