/**
 * A fix for protons-runtime's writer (7.1.2 and 8.0.1): `uint64` writes a value from 2^31 to
 * 2^32 - 1 as five zero bytes (its LongBits keeps the low half signed, and the varint loop stops
 * at once on a negative number), so a file of 2 to 4 GiB would be sent as size 0 and an offset of
 * 3 GB as 0. Below 2^32 a uint64 varint is a uint32 varint, which the writer gets right: those
 * values go through `uint32`. Loaded by wire.ts, which every codec of this package imports.
 * protocol/test/protons-fix.spec.ts checks the writer with and without it.
 */
import { writer } from 'protons-runtime'

const TWO_32 = 2n ** 32n
const proto = Object.getPrototypeOf(writer()) as { uint64: (value: bigint) => unknown, uint32: (value: number) => unknown, __parleyUint64Fix?: true }

if (proto.__parleyUint64Fix !== true) {
  const uint64 = proto.uint64
  proto.uint64 = function (this: typeof proto, value: bigint) {
    if (typeof value === 'bigint' && value >= 0n && value < TWO_32) return this.uint32(Number(value))
    return uint64.call(this, value)
  }
  proto.__parleyUint64Fix = true
}

/** Whether the fix is in place (for the test). */
export const protonsUint64Fixed = proto.__parleyUint64Fix === true
