/**
 * Content kinds as an open, versioned set: every kind this version reads, each with its own
 * strict decoder. Adding a kind is one new file in this folder and one line in CONTENT_KINDS.
 */
import { TEXT_KIND } from './text.js'
import { RECEIPT_KIND } from './receipt.js'
import { GROUP_CHANGE_KIND, GROUP_INVITE_KIND, GROUP_MANAGE_KIND, GROUP_STATE_KIND, SENDER_KEY_KIND } from './groups.js'
import { FILE_KIND } from './file.js'
import { PROFILE_KIND } from './profile.js'
import type { ContentKindSpec } from './kind.js'

export type { ContentKindSpec } from './kind.js'
export { TEXT_KIND } from './text.js'
export { RECEIPT_KIND } from './receipt.js'
export { GROUP_CHANGE_KIND, GROUP_INVITE_KIND, GROUP_MANAGE_KIND, GROUP_STATE_KIND, SENDER_KEY_KIND } from './groups.js'
export { FILE_KIND } from './file.js'
export { PROFILE_KIND } from './profile.js'

/** Every kind this version of Parley reads, in wire-number order. */
export const CONTENT_KINDS = [TEXT_KIND, RECEIPT_KIND, GROUP_CHANGE_KIND, SENDER_KEY_KIND, GROUP_INVITE_KIND, GROUP_STATE_KIND, GROUP_MANAGE_KIND, FILE_KIND, PROFILE_KIND] as const

/** What a message is; the wire number is converted to these names at the edge. */
export type ContentKind = typeof CONTENT_KINDS[number]['name']

/** A decoded body tagged with its kind, e.g. `{ kind: 'text', value: 'hi' }`. */
export type DecodedBody = { [K in typeof CONTENT_KINDS[number] as K['name']]: { kind: K['name'], value: ReturnType<K['decode']> } }[ContentKind]

/** A lookup over a set of kinds, refusing duplicate names or ids when built. */
export class ContentKindRegistry {
  private readonly byName = new Map<string, ContentKindSpec>()
  private readonly byId = new Map<number, ContentKindSpec>()

  /** TypeError when two kinds share a name or a wire number, or a number is not a positive uint32. */
  constructor (kinds: readonly ContentKindSpec[]) {
    for (const k of kinds) {
      if (!Number.isInteger(k.id) || k.id < 1 || k.id > 0xffffffff) throw new TypeError(`kind "${k.name}" needs a wire number in 1..2^32-1, got ${k.id}`)
      if (!Number.isInteger(k.version) || k.version < 1) throw new TypeError(`kind "${k.name}" needs a positive version, got ${k.version}`)
      if (this.byName.has(k.name)) throw new TypeError(`two content kinds are named "${k.name}"`)
      if (this.byId.has(k.id)) throw new TypeError(`two content kinds use wire number ${k.id}`)
      this.byName.set(k.name, k)
      this.byId.set(k.id, k)
    }
  }

  /** The kind with wire number `id`, or undefined for 0 (unset) and numbers this set lacks. */
  fromWire (id: number): ContentKindSpec | undefined { return this.byId.get(id) }

  /** The kind named `name`, or undefined. */
  byKindName (name: string): ContentKindSpec | undefined { return this.byName.get(name) }

  /** Every kind in the set. */
  all (): ContentKindSpec[] { return [...this.byId.values()] }
}

/** The kinds of CONTENT_KINDS. */
export const contentKinds = new ContentKindRegistry(CONTENT_KINDS)

/** The wire number of a kind name; TypeError naming the known kinds otherwise. */
export function contentKindId (kind: string): number {
  const spec = contentKinds.byKindName(kind)
  if (spec === undefined) throw new TypeError(`"content.kind" expected one of ${CONTENT_KINDS.map(k => `"${k.name}"`).join(', ')}`)
  return spec.id
}

/**
 * Decode a body of `kind` with that kind's strict decoder: a final ProtocolError for bad bytes
 * (see each kind), TypeError for a kind this version does not know.
 */
export function decodeContentBody (kind: ContentKind, body: Uint8Array): DecodedBody {
  const spec = contentKinds.byKindName(kind)
  if (spec === undefined) throw new TypeError(`"kind" expected one of ${CONTENT_KINDS.map(k => `"${k.name}"`).join(', ')}`)
  return { kind, value: spec.decode(body) } as DecodedBody
}
