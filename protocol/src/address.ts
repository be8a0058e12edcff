/**
 * User addresses, `name@relay`. The canonical form is all lowercase ASCII; it is the only form
 * allowed on the wire, so one user has exactly one spelling in bundles and envelopes.
 */
import { MAX_NAME_LENGTH, MAX_RELAY_NAME_LENGTH } from './constants.js'
import { ProtocolError } from './errors.js'

/** A parsed, canonical user address. */
export interface Address {
  /** The user's name on their relay, e.g. `alice`. */
  name: string
  /** The relay's name, a host with an optional port, e.g. `relay.example.org` or `127.0.0.1:8080`. */
  relay: string
}

const NAME = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${MAX_NAME_LENGTH - 1}}$`)
// RFC 1123 §2.1 host name label: letters, digits and inner hyphens, at most 63 characters.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const DIGITS = /^[0-9]+$/
const OCTET = /^(?:0|[1-9][0-9]{0,2})$/
const PORT = /^[1-9][0-9]{0,4}$/
const MAX_ADDRESS_LENGTH = MAX_NAME_LENGTH + 1 + MAX_RELAY_NAME_LENGTH

/** True when `name` is a canonical user name: lowercase `[a-z0-9][a-z0-9._-]{0,31}`. */
export function isValidName (name: string): boolean {
  return typeof name === 'string' && NAME.test(name)
}

/**
 * True when `relay` is a canonical relay name: a lowercase DNS host name or dotted-quad IPv4
 * address, optionally followed by `:port` (1-65535, no leading zeros). IPv6 literals are not
 * supported in version 1.
 */
export function isValidRelayName (relay: string): boolean {
  if (typeof relay !== 'string' || relay.length === 0 || relay.length > MAX_RELAY_NAME_LENGTH) return false
  let host = relay
  const colon = relay.lastIndexOf(':')
  if (colon !== -1) {
    host = relay.slice(0, colon)
    const port = relay.slice(colon + 1)
    if (!PORT.test(port) || Number(port) > 65535) return false
  }
  const labels = host.split('.')
  if (!labels.every(l => LABEL.test(l))) return false
  // A name whose last label is all digits can only be an IPv4 address (no TLD is numeric).
  if (DIGITS.test(labels[labels.length - 1] ?? '')) {
    return labels.length === 4 && labels.every(l => OCTET.test(l) && Number(l) <= 255)
  }
  return true
}

/** True when `s` is a valid address already in canonical (lowercase) form, as the wire requires. */
export function isValidAddress (s: string): boolean {
  if (typeof s !== 'string') return false
  const at = s.indexOf('@')
  if (at === -1 || s.indexOf('@', at + 1) !== -1) return false
  return isValidName(s.slice(0, at)) && isValidRelayName(s.slice(at + 1))
}

/**
 * Parse a user-typed `name@relay`, normalising it to lowercase; ProtocolError INVALID_ADDRESS
 * when it is not one (whitespace, non-ASCII, no or several '@', an invalid name or relay).
 */
export function parseAddress (s: string): Address {
  if (typeof s !== 'string') {
    throw new TypeError('"s" expected a string')
  }
  if (s.length === 0) {
    throw new ProtocolError('INVALID_ADDRESS', 'address is empty; expected name@relay')
  }
  if (s.length > MAX_ADDRESS_LENGTH) {
    throw new ProtocolError('INVALID_ADDRESS', `address is longer than ${MAX_ADDRESS_LENGTH} characters`)
  }
  if (/\s/.test(s)) {
    throw new ProtocolError('INVALID_ADDRESS', 'address contains whitespace')
  }
  // Check ASCII before lowercasing: toLowerCase maps some non-ASCII letters (U+212A KELVIN SIGN)
  // to ASCII ones, which would let look-alike spellings through.
  if (!/^[\x21-\x7e]+$/.test(s)) {
    throw new ProtocolError('INVALID_ADDRESS', 'address contains non-ASCII or control characters')
  }
  const parts = s.toLowerCase().split('@')
  if (parts.length !== 2) {
    throw new ProtocolError('INVALID_ADDRESS', 'address must contain exactly one "@", as in name@relay')
  }
  const [name, relay] = parts as [string, string]
  if (!isValidName(name)) {
    throw new ProtocolError('INVALID_ADDRESS', `name must be 1-${MAX_NAME_LENGTH} of a-z 0-9 . _ - and start with a letter or digit`)
  }
  if (!isValidRelayName(relay)) {
    throw new ProtocolError('INVALID_ADDRESS', 'relay must be a host name or IPv4 address with an optional :port')
  }
  return { name, relay }
}

/** The canonical `name@relay` string; ProtocolError INVALID_ADDRESS when either part is invalid. */
export function formatAddress (name: string, relay: string): string {
  if (typeof name !== 'string' || typeof relay !== 'string') {
    throw new TypeError('"name" and "relay" expected strings')
  }
  const parsed = parseAddress(`${name}@${relay}`)
  return `${parsed.name}@${parsed.relay}`
}
