/**
 * Length prefixes of stream frames (relay, direct and LAN hello protocols): an unsigned varint
 * (LEB128, as protobuf's) of the frame's byte length, then the frame. See protocol/PROTOCOL.md,
 * "Length prefixes". Pure: the stream readers (`lpStream` of @libp2p/utils) take these as options.
 */
import type { Uint8ArrayList } from 'uint8arraylist'
import { reader as createReader, writer as createWriter } from 'protons-runtime'
import { ProtocolError } from './errors.js'
import { concatBytes } from './bytes.js'
import { varintLength } from './wire.js'
import type { FrameDeadline } from './frame-deadline.js'

/**
 * A `lengthDecoder` for `lpStream` that accepts only minimal prefixes. It is given the prefix
 * bytes read so far: RangeError means "read another byte" (lpStream's contract). A prefix that
 * is still going after as many bytes as `maxDataLength` needs is TOO_LARGE at once (lpStream
 * alone would keep reading such a prefix for ever); a complete prefix longer than that is left
 * to lpStream's `maxLengthLength` check, and a value over the limit to its `maxDataLength` check;
 * a prefix with needless continuation bytes (0x85 0x00 for 5) is MALFORMED.
 */
export function frameLengthDecoder (maxDataLength: number): (data: Uint8ArrayList | Uint8Array) => number {
  if (!Number.isSafeInteger(maxDataLength) || maxDataLength < 1 || maxDataLength > 0xffffffff) {
    throw new RangeError('"maxDataLength" expected 1 to 2^32 - 1')
  }
  const maxPrefix = varintLength(maxDataLength)
  return data => {
    const bytes = data.subarray()
    const end = bytes.findIndex(b => b < 0x80)
    if (end === -1) {
      if (bytes.length >= maxPrefix) throw new ProtocolError('TOO_LARGE', `frame length prefix runs past ${maxPrefix} bytes, more than a frame of at most ${maxDataLength} bytes needs`)
      throw new RangeError('the length prefix is not complete yet')
    }
    // Over the limit whatever it says: lpStream refuses it by its length (maxLengthLength).
    if (end + 1 > maxPrefix) return Number.MAX_SAFE_INTEGER
    const value = createReader(bytes.subarray(0, end + 1)).uint32()
    if (varintLength(value) !== end + 1) throw new ProtocolError('MALFORMED', 'frame length prefix is not minimally encoded')
    return value
  }
}

/**
 * The options every Parley stream reader gives `lpStream`: the frame limit and the strict prefix
 * rule, and with `deadline`, that stream's read deadlines (a started frame must finish in time).
 */
export function lengthPrefixOptions (maxDataLength: number, deadline?: FrameDeadline): { maxDataLength: number, lengthDecoder: (data: Uint8ArrayList | Uint8Array) => number } {
  const strict = frameLengthDecoder(maxDataLength)
  return { maxDataLength, lengthDecoder: deadline !== undefined ? deadline.watch(strict) : strict }
}

/** `frame` with its minimal varint length prefix, as written on a stream (for vectors and tests). */
export function lengthPrefixed (frame: Uint8Array): Uint8Array {
  return concatBytes(createWriter().uint32(frame.length).finish(), frame)
}
