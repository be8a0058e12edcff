/**
 * The shape of one content kind: its wire number, its body format version and its strict
 * decoder. See protocol/PROTOCOL.md, "Content kinds".
 */

/** One kind of content an envelope can carry. `Name` is its domain name, `Body` what its decoder returns. */
export interface ContentKindSpec<Name extends string = string, Body = unknown> {
  /** The domain name (`Content.kind`), unique among kinds. */
  readonly name: Name
  /** The wire number (`Content.kind` in pb/envelope.proto), unique and never reused. */
  readonly id: number
  /** Version of the body format; an incompatible change takes a new kind id, not a new version here. */
  readonly version: number
  /** The one reading of a body, or a final ProtocolError. */
  decode: (body: Uint8Array) => Body
  /** The body of a value; TypeError/RangeError for one a decoder would refuse. */
  // Method syntax: a registry of kinds holds each one as ContentKindSpec<string, unknown>.
  encode (value: Body): Uint8Array
}
