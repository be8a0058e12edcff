/**
 * Newline-delimited framing of the control socket: one JSON-RPC 2.0 message per line, UTF-8.
 * JSON.stringify never emits a raw newline, so a newline always ends a message.
 */

/** A line grew beyond the limit before its newline came: the stream cannot be resynchronised. */
export class FrameTooLargeError extends Error {
  override name = 'FrameTooLargeError'
  constructor (readonly limit: number) { super(`a message on the control socket was longer than ${limit} bytes`) }
}

/** A line that is not valid UTF-8. */
export class FrameEncodingError extends Error {
  override name = 'FrameEncodingError'
  constructor () { super('a message on the control socket was not valid UTF-8') }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Cuts a byte stream into lines of at most `maxLineBytes`, keeping a partial line for the next chunk. */
export class LineFramer {
  private parts: Uint8Array[] = []
  private size = 0

  constructor (readonly maxLineBytes: number) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError('"maxLineBytes" expected a positive integer')
  }

  /**
   * The complete lines in `chunk` (after what came before), without their newline (a CR before it
   * is dropped too). An undecodable line comes back as a FrameEncodingError in its place, so the
   * caller can answer it and go on; a line over the limit throws FrameTooLargeError.
   */
  push (chunk: Uint8Array): Array<string | FrameEncodingError> {
    const lines: Array<string | FrameEncodingError> = []
    let start = 0
    while (true) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl === -1) break
      this.add(chunk.subarray(start, nl))
      lines.push(this.take())
      start = nl + 1
    }
    this.add(chunk.subarray(start))
    return lines
  }

  private add (piece: Uint8Array): void {
    if (this.size + piece.length > this.maxLineBytes) throw new FrameTooLargeError(this.maxLineBytes)
    if (piece.length === 0) return
    this.parts.push(piece)
    this.size += piece.length
  }

  private take (): string | FrameEncodingError {
    const bytes = Buffer.concat(this.parts, this.size)
    this.parts = []
    this.size = 0
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length
    try {
      return decoder.decode(bytes.subarray(0, end))
    } catch {
      return new FrameEncodingError()
    }
  }
}

/** One message as a line. */
export function frame (message: unknown): string {
  return JSON.stringify(message) + '\n'
}
